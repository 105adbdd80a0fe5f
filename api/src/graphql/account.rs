//! Shop API: shoppers' accounts. Sign-in returns an access token (send it as
//! `Authorization: Bearer …`) and a refresh token (trade it with `tokenRefresh` before the access
//! token expires). Member fields answer `UNAUTHENTICATED` with a `reason` (`TOKEN_EXPIRED`,
//! `TOKEN_INVALID`, `SIGN_IN_REQUIRED`) when the request carries no valid access token, and
//! money and account operations also `SESSION_ENDED` when its session was revoked
//! ([`live_member_id`]).

use std::sync::Arc;

use async_graphql::{Context, ErrorExtensions, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, TimeZone, Utc};
use shared::{AddressId, KrMobile, MemberId};

use super::error::{UserError, codes, internal};
use crate::access::Auth;
use crate::channel::Channel;
use crate::db::Db;
use crate::http::graphql::{ClientIp, ShopViewer};
use crate::members::{self, AccountError, AddressRow, MemberRow, Session};

/// The signed-in member's id, or the error that explains why there is none. Stateless: the
/// access token's signature and expiry only. Operations that move money or change the account
/// use [`live_member_id`].
pub(crate) fn member_id(ctx: &Context<'_>) -> async_graphql::Result<i64> {
    let (reason, message) = match ctx.data_opt::<ShopViewer>() {
        Some(ShopViewer::Member(claims)) => return Ok(claims.member_id),
        Some(ShopViewer::Invalid(e)) => (e.code(), e.to_string()),
        _ => (
            "SIGN_IN_REQUIRED",
            "sign in first: send `Authorization: Bearer <accessToken>`".to_owned(),
        ),
    };
    Err(unauthenticated(reason, message))
}

fn unauthenticated(reason: &'static str, message: String) -> async_graphql::Error {
    async_graphql::Error::new(message).extend_with(move |_, e| {
        e.set("code", codes::UNAUTHENTICATED);
        e.set("reason", reason);
        e.set("field", "Authorization");
    })
}

/// [`member_id`] for money and account operations (checkout, payment confirmation, password,
/// profile and address changes): the one place that also checks in the database that the
/// token's session (refresh-token family) is still live, so an access token stops working for
/// them as soon as its session is signed out, revoked for refresh-token reuse, or ended by a
/// password change or reset, not only when it expires. Refused: `UNAUTHENTICATED` with reason
/// `SESSION_ENDED`. A token issued before access tokens named their session gets
/// `TOKEN_EXPIRED`, so the client refreshes it and retries.
pub(crate) async fn live_member_id(ctx: &Context<'_>) -> async_graphql::Result<i64> {
    let id = member_id(ctx)?;
    let family = match ctx.data_opt::<ShopViewer>() {
        Some(ShopViewer::Member(claims)) => claims.family.clone(),
        _ => None,
    };
    let Some(family) = family else {
        return Err(unauthenticated(
            "TOKEN_EXPIRED",
            "this access token predates session checks; refresh it".to_owned(),
        ));
    };
    let live = ctx
        .data_unchecked::<Db>()
        .run(move |c| members::session_live(c, id, &family))
        .await
        .map_err(|e| internal(ctx, &e))?;
    if live {
        Ok(id)
    } else {
        Err(unauthenticated(
            "SESSION_ENDED",
            "the session has ended; sign in again".to_owned(),
        ))
    }
}

pub(crate) fn ip(ctx: &Context<'_>) -> Option<String> {
    ctx.data_opt::<ClientIp>().and_then(|c| c.0.clone())
}

fn utc(t: chrono::NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// What a mutation that failed in an expected way returns: the user errors and, when throttled,
/// how long to wait.
struct Failure {
    user_errors: Vec<UserError>,
    retry_after_seconds: Option<i32>,
}

fn failure(ctx: &Context<'_>, e: AccountError, arg: &str) -> async_graphql::Result<Failure> {
    match e {
        AccountError::Invalid(violations) => Ok(Failure {
            user_errors: violations
                .into_iter()
                .map(|v| UserError::from_violation(arg, v))
                .collect(),
            retry_after_seconds: None,
        }),
        AccountError::Throttled(secs) => Ok(Failure {
            user_errors: vec![UserError::new(
                &[arg],
                super::error::UserErrorCode::Throttled,
                format!("too many failed attempts; try again in {secs} seconds"),
            )],
            retry_after_seconds: Some(i32::try_from(secs).unwrap_or(i32::MAX)),
        }),
        e @ (AccountError::Db(_) | AccountError::Internal(_)) => Err(internal(ctx, &e)),
    }
}

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The signed-in member; `null` without an `Authorization` header, an `UNAUTHENTICATED`
    /// error (with `reason`) for an expired or invalid access token.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Member>> {
        if matches!(
            ctx.data_opt::<ShopViewer>(),
            None | Some(ShopViewer::Anonymous)
        ) {
            return Ok(None);
        }
        let id = member_id(ctx)?;
        ctx.data_unchecked::<Db>()
            .run(move |c| members::get(c, id))
            .await
            .map(|m| m.map(Member))
            .map_err(|e| internal(ctx, &e))
    }
}

/// A shopper's account.
pub struct Member(MemberRow);

#[Object]
impl Member {
    async fn id(&self) -> ID {
        ID(MemberId(self.0.id).to_string())
    }

    async fn email(&self) -> &str {
        &self.0.email
    }

    /// When the email address was confirmed through the link sent to it.
    async fn email_verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.email_verified_at.map(utc)
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Mobile number as people write it, e.g. `010-1234-5678`.
    async fn phone(&self) -> String {
        self.0
            .phone
            .parse::<KrMobile>()
            .map(|p| p.display())
            .unwrap_or_else(|_| self.0.phone.clone())
    }

    /// Membership grade code (e.g. `BASIC`).
    async fn grade(&self) -> &str {
        &self.0.grade
    }

    /// Whether the member agreed to receive marketing messages.
    async fn marketing_consent(&self) -> bool {
        self.0.marketing_consent
    }

    /// When the current marketing answer was given.
    async fn marketing_consent_at(&self) -> Option<DateTime<Utc>> {
        self.0.marketing_consent_at.map(utc)
    }

    async fn created_at(&self) -> DateTime<Utc> {
        utc(self.0.created_at)
    }

    /// The member's orders in this shop, newest first.
    #[graphql(complexity = "crate::graphql::pagination::cost(first, child_complexity)")]
    async fn orders(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "1 to 100, default 20.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<async_graphql::connection::Connection<String, super::cart::Order>>
    {
        super::cart::member_orders(ctx, self.0.id, first, after).await
    }

    /// Saved shipping addresses, the default first.
    async fn addresses(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Address>> {
        let id = self.0.id;
        ctx.data_unchecked::<Db>()
            .run(move |c| members::addresses(c, id))
            .await
            .map(|rows| rows.into_iter().map(Address).collect())
            .map_err(|e| internal(ctx, &e))
    }
}

/// A saved Korean shipping address.
pub struct Address(AddressRow);

#[Object]
impl Address {
    async fn id(&self) -> ID {
        ID(AddressId(self.0.id).to_string())
    }
    /// 받는 분.
    async fn recipient(&self) -> &str {
        &self.0.recipient
    }
    async fn phone(&self) -> String {
        self.0
            .phone
            .parse::<KrMobile>()
            .map(|p| p.display())
            .unwrap_or_else(|_| self.0.phone.clone())
    }
    /// 우편번호 (five digits).
    async fn postal_code(&self) -> &str {
        &self.0.postal_code
    }
    /// 도로명 주소.
    async fn road_address(&self) -> &str {
        &self.0.road_address
    }
    /// 상세 주소.
    async fn detail_address(&self) -> &str {
        &self.0.detail_address
    }
    async fn is_default(&self) -> bool {
        self.0.is_default
    }
}

/// A signed-in session's tokens.
#[derive(SimpleObject)]
pub struct AuthSession {
    /// Send as `Authorization: Bearer …`; valid until `accessTokenExpiresAt` (≤ 15 minutes).
    access_token: String,
    access_token_expires_at: DateTime<Utc>,
    /// Trade for new tokens with `tokenRefresh`; each refresh token works once (see
    /// `tokenRefresh` for the grace window).
    refresh_token: String,
    refresh_token_expires_at: DateTime<Utc>,
    member: MemberSummary,
}

/// The member a session belongs to.
#[derive(SimpleObject)]
pub struct MemberSummary {
    id: ID,
    email: String,
    name: String,
}

impl From<Session> for AuthSession {
    fn from(s: Session) -> Self {
        AuthSession {
            access_token: s.access_token,
            access_token_expires_at: Utc
                .timestamp_opt(s.access_expires_at, 0)
                .single()
                .unwrap_or_default(),
            refresh_token: s.refresh_token,
            refresh_token_expires_at: utc(s.refresh_expires_at),
            member: MemberSummary {
                id: ID(MemberId(s.member.id).to_string()),
                email: s.member.email,
                name: s.member.name,
            },
        }
    }
}

/// Result of a mutation that signs in.
#[derive(SimpleObject)]
pub struct AuthPayload {
    session: Option<AuthSession>,
    user_errors: Vec<UserError>,
    /// Set when throttled: seconds to wait before trying again.
    retry_after_seconds: Option<i32>,
}

impl AuthPayload {
    fn from(
        ctx: &Context<'_>,
        result: Result<Session, AccountError>,
        arg: &str,
    ) -> async_graphql::Result<Self> {
        match result {
            Ok(session) => Ok(AuthPayload {
                session: Some(session.into()),
                user_errors: vec![],
                retry_after_seconds: None,
            }),
            Err(e) => {
                let f = failure(ctx, e, arg)?;
                Ok(AuthPayload {
                    session: None,
                    user_errors: f.user_errors,
                    retry_after_seconds: f.retry_after_seconds,
                })
            }
        }
    }
}

/// Result of a mutation that returns nothing but may fail.
#[derive(SimpleObject)]
pub struct DonePayload {
    /// True when it was done.
    ok: bool,
    user_errors: Vec<UserError>,
}

impl DonePayload {
    fn from(
        ctx: &Context<'_>,
        result: Result<(), AccountError>,
        arg: &str,
    ) -> async_graphql::Result<Self> {
        match result {
            Ok(()) => Ok(DonePayload {
                ok: true,
                user_errors: vec![],
            }),
            Err(e) => Ok(DonePayload {
                ok: false,
                user_errors: failure(ctx, e, arg)?.user_errors,
            }),
        }
    }
}

/// Result of a mutation that changes the member.
#[derive(SimpleObject)]
pub struct MemberPayload {
    member: Option<Member>,
    user_errors: Vec<UserError>,
}

impl MemberPayload {
    fn from(
        ctx: &Context<'_>,
        result: Result<MemberRow, AccountError>,
        arg: &str,
    ) -> async_graphql::Result<Self> {
        match result {
            Ok(m) => Ok(MemberPayload {
                member: Some(Member(m)),
                user_errors: vec![],
            }),
            Err(e) => Ok(MemberPayload {
                member: None,
                user_errors: failure(ctx, e, arg)?.user_errors,
            }),
        }
    }
}

/// Result of a mutation on an address.
#[derive(SimpleObject)]
pub struct AddressPayload {
    address: Option<Address>,
    user_errors: Vec<UserError>,
}

impl AddressPayload {
    fn from(
        ctx: &Context<'_>,
        result: Result<AddressRow, AccountError>,
        arg: &str,
    ) -> async_graphql::Result<Self> {
        match result {
            Ok(a) => Ok(AddressPayload {
                address: Some(Address(a)),
                user_errors: vec![],
            }),
            Err(e) => Ok(AddressPayload {
                address: None,
                user_errors: failure(ctx, e, arg)?.user_errors,
            }),
        }
    }
}

#[derive(InputObject)]
pub struct AccountRegisterInput {
    email: String,
    /// At least 10 characters, not the email address, not a common password.
    password: String,
    name: String,
    /// Korean mobile number, e.g. `010-1234-5678`.
    phone: String,
    /// Agreement to receive marketing messages (recorded with the time).
    #[graphql(default)]
    marketing_consent: bool,
}

#[derive(InputObject)]
pub struct LoginInput {
    email: String,
    password: String,
    /// The anonymous cart to merge into the member's cart at sign-in (quantities add up,
    /// capped by availability); an unknown token merges nothing.
    cart_token: Option<String>,
}

#[derive(InputObject)]
pub struct PasswordChangeInput {
    current_password: String,
    new_password: String,
}

#[derive(InputObject)]
pub struct PasswordResetInput {
    /// The token from the reset link.
    token: String,
    password: String,
}

#[derive(InputObject)]
pub struct AccountUpdateInput {
    name: Option<String>,
    phone: Option<String>,
    marketing_consent: Option<bool>,
}

#[derive(InputObject)]
pub struct AddressInput {
    recipient: String,
    phone: String,
    /// Five digits, e.g. `06236`.
    postal_code: String,
    road_address: String,
    #[graphql(default)]
    detail_address: String,
    /// Make this the default address.
    #[graphql(default)]
    is_default: bool,
}

impl From<AddressInput> for members::AddressInput {
    fn from(a: AddressInput) -> Self {
        members::AddressInput {
            recipient: a.recipient,
            phone: a.phone,
            postal_code: a.postal_code,
            road_address: a.road_address,
            detail_address: a.detail_address,
            is_default: a.is_default,
        }
    }
}

fn address_id(ctx: &Context<'_>, id: &ID) -> async_graphql::Result<Result<i64, AddressPayload>> {
    let _ = ctx;
    Ok(match id.parse::<AddressId>() {
        Ok(a) => Ok(a.key()),
        Err(e) => Err(AddressPayload {
            address: None,
            user_errors: vec![UserError::new(
                &["id"],
                super::error::UserErrorCode::Invalid,
                e.to_string(),
            )],
        }),
    })
}

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Creates an account, signs the shopper in and emails an address-verification link.
    async fn account_register(
        &self,
        ctx: &Context<'_>,
        input: AccountRegisterInput,
    ) -> async_graphql::Result<AuthPayload> {
        let auth = ctx.data_unchecked::<Arc<Auth>>();
        let result = members::register(
            auth,
            ctx.data_unchecked::<Db>(),
            members::Registration {
                email: input.email,
                password: input.password,
                name: input.name,
                phone: input.phone,
                marketing_consent: input.marketing_consent,
            },
        )
        .await;
        AuthPayload::from(ctx, result, "input")
    }

    /// Signs in with email and password. Failed attempts slow further attempts down (per account
    /// and per address): see `retryAfterSeconds`.
    async fn login(
        &self,
        ctx: &Context<'_>,
        input: LoginInput,
    ) -> async_graphql::Result<AuthPayload> {
        let auth = ctx.data_unchecked::<Arc<Auth>>();
        let result = members::login(
            auth,
            ctx.data_unchecked::<Db>(),
            &input.email,
            input.password,
            ip(ctx),
            input
                .cart_token
                .map(|t| (ctx.data_unchecked::<Channel>().clone(), t)),
        )
        .await;
        AuthPayload::from(ctx, result, "input")
    }

    /// Trades a refresh token for new tokens. Each refresh token works once: presenting a used
    /// one again ends the session everywhere it was copied to. Within a few seconds of its
    /// rotation (`auth.refresh_grace_secs`, default 10) a used one is taken for another tab of
    /// the same session and gets that session's current refresh token (and a new access token).
    async fn token_refresh(
        &self,
        ctx: &Context<'_>,
        refresh_token: String,
    ) -> async_graphql::Result<AuthPayload> {
        let auth = ctx.data_unchecked::<Arc<Auth>>();
        let result = members::refresh(auth, ctx.data_unchecked::<Db>(), &refresh_token).await;
        // The violation names its argument already.
        AuthPayload::from(ctx, result, "")
    }

    /// Signs out: the session of this refresh token ends.
    async fn logout(
        &self,
        ctx: &Context<'_>,
        refresh_token: String,
    ) -> async_graphql::Result<DonePayload> {
        let auth = ctx.data_unchecked::<Arc<Auth>>();
        let result = members::logout(auth, ctx.data_unchecked::<Db>(), &refresh_token).await;
        // The violation names its argument already.
        DonePayload::from(ctx, result, "")
    }

    /// Changes the signed-in member's password; every other session ends.
    async fn password_change(
        &self,
        ctx: &Context<'_>,
        input: PasswordChangeInput,
    ) -> async_graphql::Result<AuthPayload> {
        let id = live_member_id(ctx).await?;
        let auth = ctx.data_unchecked::<Arc<Auth>>();
        let result = members::change_password(
            auth,
            ctx.data_unchecked::<Db>(),
            id,
            input.current_password,
            input.new_password,
            ip(ctx),
        )
        .await;
        AuthPayload::from(ctx, result, "input")
    }

    /// Emails a password-reset link (valid for one hour, once) if an account has this address.
    /// Answers `ok` either way.
    async fn password_reset_request(
        &self,
        ctx: &Context<'_>,
        email: String,
    ) -> async_graphql::Result<DonePayload> {
        let auth = ctx.data_unchecked::<Arc<Auth>>();
        let result =
            members::request_password_reset(auth, ctx.data_unchecked::<Db>(), &email).await;
        // The violation names its argument already.
        DonePayload::from(ctx, result, "")
    }

    /// Sets a new password with the token from a reset link; every session ends.
    async fn password_reset(
        &self,
        ctx: &Context<'_>,
        input: PasswordResetInput,
    ) -> async_graphql::Result<DonePayload> {
        let auth = ctx.data_unchecked::<Arc<Auth>>();
        let result = members::reset_password(
            auth,
            ctx.data_unchecked::<Db>(),
            &input.token,
            input.password,
        )
        .await;
        DonePayload::from(ctx, result, "input")
    }

    /// Confirms the email address with the token from the verification link.
    async fn email_verify(
        &self,
        ctx: &Context<'_>,
        token: String,
    ) -> async_graphql::Result<MemberPayload> {
        let auth = ctx.data_unchecked::<Arc<Auth>>();
        let result = members::verify_email(auth, ctx.data_unchecked::<Db>(), &token).await;
        // The violation names its argument already.
        MemberPayload::from(ctx, result, "")
    }

    /// Sends a new verification link (if the address is not verified yet).
    async fn email_verification_resend(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<DonePayload> {
        let id = live_member_id(ctx).await?;
        let now = ctx.data_unchecked::<Arc<Auth>>().clock.now();
        ctx.data_unchecked::<Db>()
            .run(move |c| members::resend_verification(c, id, now))
            .await
            .map(|ok| DonePayload {
                ok,
                user_errors: vec![],
            })
            .map_err(|e| internal(ctx, &e))
    }

    /// Changes the signed-in member's name, phone or marketing consent.
    async fn account_update(
        &self,
        ctx: &Context<'_>,
        input: AccountUpdateInput,
    ) -> async_graphql::Result<MemberPayload> {
        let id = live_member_id(ctx).await?;
        let now = ctx.data_unchecked::<Arc<Auth>>().clock.now();
        let update = members::ProfileUpdate {
            name: input.name,
            phone: input.phone,
            marketing_consent: input.marketing_consent,
        };
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| members::update_profile(c, id, &update, now))
            .await;
        MemberPayload::from(ctx, result, "input")
    }

    /// Saves a shipping address (the first one becomes the default).
    async fn address_create(
        &self,
        ctx: &Context<'_>,
        input: AddressInput,
    ) -> async_graphql::Result<AddressPayload> {
        let id = live_member_id(ctx).await?;
        let now = ctx.data_unchecked::<Arc<Auth>>().clock.now();
        let input = members::AddressInput::from(input);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| members::add_address(c, id, &input, now))
            .await;
        AddressPayload::from(ctx, result, "input")
    }

    async fn address_update(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: AddressInput,
    ) -> async_graphql::Result<AddressPayload> {
        let member = live_member_id(ctx).await?;
        let address = match address_id(ctx, &id)? {
            Ok(a) => a,
            Err(p) => return Ok(p),
        };
        let now = ctx.data_unchecked::<Arc<Auth>>().clock.now();
        let input = members::AddressInput::from(input);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| members::update_address(c, member, address, &input, now))
            .await;
        AddressPayload::from(ctx, result, "input")
    }

    async fn address_set_default(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<AddressPayload> {
        let member = live_member_id(ctx).await?;
        let address = match address_id(ctx, &id)? {
            Ok(a) => a,
            Err(p) => return Ok(p),
        };
        let now = ctx.data_unchecked::<Arc<Auth>>().clock.now();
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| members::set_default_address(c, member, address, now))
            .await;
        AddressPayload::from(ctx, result, "")
    }

    async fn address_delete(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<DonePayload> {
        let member = live_member_id(ctx).await?;
        let address = match id.parse::<AddressId>() {
            Ok(a) => a.key(),
            Err(e) => {
                return Ok(DonePayload {
                    ok: false,
                    user_errors: vec![UserError::new(
                        &["id"],
                        super::error::UserErrorCode::Invalid,
                        e.to_string(),
                    )],
                });
            }
        };
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| members::delete_address(c, member, address))
            .await;
        DonePayload::from(ctx, result, "")
    }
}
