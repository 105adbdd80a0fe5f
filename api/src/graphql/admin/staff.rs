//! Admin API: staff sign-in (password, then a TOTP code), staff management, API keys and the
//! audit log.

use std::sync::Arc;

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ErrorExtensions, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use shared::{ApiKeyId, AuditEntryId, StaffId};

use crate::access::api_keys::{self, ApiKeyRow, KeyError};
use crate::access::audit::{self, AuditRow};
use crate::access::staff::{self, Factor, LoginError, ManageError, Manager, StaffRow};
use crate::access::{Auth, Identity, Permission as Perm};
use crate::db::Db;
use crate::graphql::error::{UserError, UserErrorCode, codes, internal};
use crate::graphql::guard::Require;
use crate::graphql::pagination::{connection, page_request};
use crate::http::graphql::ClientIp;

use super::viewer::Permission;

fn utc(t: chrono::NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

fn ip(ctx: &Context<'_>) -> Option<String> {
    ctx.data_opt::<ClientIp>().and_then(|c| c.0.clone())
}

fn auth<'a>(ctx: &Context<'a>) -> &'a Arc<Auth> {
    ctx.data_unchecked::<Arc<Auth>>()
}

/// A staff role: a fixed set of permissions.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::access::Role")]
pub enum StaffRole {
    /// Everything, including staff security and settings.
    Owner,
    /// Everything but managing staff, settings and jobs.
    Manager,
    /// Products, content; reads promotions.
    CatalogEditor,
    /// Orders; reads products and members.
    OrderHandler,
    /// Members; reads orders and products.
    CsAgent,
}

/// A member of staff.
pub struct StaffMember(pub StaffRow);

#[Object]
impl StaffMember {
    async fn id(&self) -> ID {
        ID(StaffId(self.0.id).to_string())
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn role(&self) -> StaffRole {
        self.0.role().into()
    }
    /// What the role allows.
    async fn permissions(&self) -> Vec<Permission> {
        self.0
            .role()
            .permissions()
            .into_iter()
            .map(Permission::from)
            .collect()
    }
    /// Whether a TOTP second factor is set up.
    async fn two_factor_enabled(&self) -> bool {
        self.0.two_factor_enabled()
    }
    /// Whether the person has set a password (accepted the invitation).
    async fn password_set(&self) -> bool {
        self.0.password_hash.is_some()
    }
    async fn disabled(&self) -> bool {
        self.0.disabled_at.is_some()
    }
    async fn last_login_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_login_at.map(utc)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        utc(self.0.created_at)
    }
}

/// What to set up before the second step of sign-in.
#[derive(SimpleObject)]
pub struct TotpEnrolment {
    /// The secret in base32, for typing into an authenticator app.
    secret: String,
    /// `otpauth://totp/…`, what the QR code holds.
    otpauth_uri: String,
    /// The QR code as an SVG document.
    qr_code_svg: String,
}

/// The next step of a sign-in.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffLoginStep {
    /// Scan the QR code into an authenticator app, then confirm with a code.
    EnrolTotp,
    /// Enter the code from the authenticator app (or a recovery code).
    VerifyTotp,
}

/// A sign-in whose password was accepted and whose second factor is pending.
#[derive(SimpleObject)]
pub struct StaffLoginChallenge {
    /// Pass to `staffLoginVerify`; valid for 10 minutes.
    token: String,
    expires_at: DateTime<Utc>,
    next_step: StaffLoginStep,
    enrolment: Option<TotpEnrolment>,
}

#[derive(SimpleObject)]
pub struct StaffLoginPayload {
    challenge: Option<StaffLoginChallenge>,
    user_errors: Vec<UserError>,
    /// Set when throttled: seconds to wait before trying again.
    retry_after_seconds: Option<i32>,
}

/// A signed-in staff session.
#[derive(SimpleObject)]
pub struct StaffSession {
    /// Send as `Authorization: Bearer …` to the Admin API.
    token: String,
    expires_at: DateTime<Utc>,
    staff: StaffMember,
}

#[derive(SimpleObject)]
pub struct StaffLoginVerifyPayload {
    session: Option<StaffSession>,
    /// Shown once, after enrolment: each signs in once without the app. Store them safely.
    recovery_codes: Option<Vec<String>>,
    user_errors: Vec<UserError>,
    retry_after_seconds: Option<i32>,
}

#[derive(InputObject)]
pub struct StaffLoginInput {
    email: String,
    password: String,
}

#[derive(InputObject)]
pub struct StaffLoginVerifyInput {
    /// The challenge token from `staffLogin`.
    challenge: String,
    /// The six-digit code from the authenticator app.
    code: Option<String>,
    /// Or one of the recovery codes.
    recovery_code: Option<String>,
}

#[derive(InputObject)]
pub struct StaffPasswordSetInput {
    /// The token from the set-password link.
    token: String,
    password: String,
}

#[derive(InputObject)]
pub struct StaffInviteInput {
    email: String,
    name: String,
    role: StaffRole,
}

#[derive(SimpleObject)]
pub struct StaffMemberPayload {
    staff: Option<StaffMember>,
    user_errors: Vec<UserError>,
}

fn login_failure(
    ctx: &Context<'_>,
    e: LoginError,
    field: &str,
) -> async_graphql::Result<(Vec<UserError>, Option<i32>)> {
    Ok(match e {
        LoginError::InvalidCredentials => (
            vec![UserError::new(
                &["input", "password"],
                UserErrorCode::InvalidCredentials,
                e.to_string(),
            )],
            None,
        ),
        LoginError::WrongCode => (
            vec![UserError::new(
                &["input", field],
                UserErrorCode::InvalidCredentials,
                e.to_string(),
            )],
            None,
        ),
        LoginError::ChallengeInvalid => (
            vec![UserError::new(
                &["input", "challenge"],
                UserErrorCode::Expired,
                e.to_string(),
            )],
            None,
        ),
        LoginError::Throttled(secs) => (
            vec![UserError::new(
                &["input"],
                UserErrorCode::Throttled,
                e.to_string(),
            )],
            Some(i32::try_from(secs).unwrap_or(i32::MAX)),
        ),
        e @ (LoginError::Db(_) | LoginError::Internal(_)) => return Err(internal(ctx, &e)),
    })
}

fn manage_result(
    ctx: &Context<'_>,
    r: Result<StaffRow, ManageError>,
    arg: &str,
) -> async_graphql::Result<StaffMemberPayload> {
    match r {
        Ok(row) => Ok(StaffMemberPayload {
            staff: Some(StaffMember(row)),
            user_errors: vec![],
        }),
        Err(ManageError::Invalid(v)) => Ok(StaffMemberPayload {
            staff: None,
            user_errors: v
                .into_iter()
                .map(|v| UserError::from_violation(arg, v))
                .collect(),
        }),
        Err(e @ ManageError::Db(_)) => Err(internal(ctx, &e)),
    }
}

#[expect(
    clippy::result_large_err,
    reason = "the error is the finished payload, built at most once per request"
)]
fn parse_staff_id(id: &ID) -> Result<i64, StaffMemberPayload> {
    id.parse::<StaffId>()
        .map(|s| s.key())
        .map_err(|e| StaffMemberPayload {
            staff: None,
            user_errors: vec![UserError::new(
                &["id"],
                UserErrorCode::Invalid,
                e.to_string(),
            )],
        })
}

/// Runs a staff-management change as the caller (who is recorded in the audit log).
async fn manage<F>(
    ctx: &Context<'_>,
    arg: &str,
    change: F,
) -> async_graphql::Result<StaffMemberPayload>
where
    F: FnOnce(
            &mut crate::db::AnyConnection,
            &Manager<'_>,
            chrono::NaiveDateTime,
        ) -> Result<StaffRow, ManageError>
        + Send
        + 'static,
{
    let who = caller(ctx);
    let actor = who.actor(ip(ctx));
    let (staff_id, is_owner, now) = (
        who.staff_id(),
        who.can(Perm::StaffSecurity),
        auth(ctx).clock.now(),
    );
    let r = ctx
        .data_unchecked::<Db>()
        .run(move |c| {
            change(
                c,
                &Manager {
                    actor: &actor,
                    staff_id,
                    is_owner,
                },
                now,
            )
        })
        .await;
    manage_result(ctx, r, arg)
}

fn caller<'a>(ctx: &Context<'a>) -> &'a Identity {
    ctx.data_unchecked::<Identity>()
}

#[derive(Default)]
pub struct StaffQuery;

#[Object]
impl StaffQuery {
    /// Staff members in the order they were added.
    #[graphql(
        guard = "Require(Perm::StaffRead)",
        complexity = "crate::graphql::pagination::cost(first, child_complexity)"
    )]
    async fn staff_members(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, StaffMember>> {
        let page = page_request("staff", first, after.as_deref())?;
        let rows = ctx
            .data_unchecked::<Db>()
            .run(move |c| staff::list(c, page))
            .await
            .map_err(|e| internal(ctx, &e))?;
        Ok(connection("staff", page, rows, |r| r.id, StaffMember))
    }

    /// The audit log, newest first: staff sign-ins and every change made through this API.
    #[graphql(
        guard = "Require(Perm::StaffRead)",
        complexity = "crate::graphql::pagination::cost(first, child_complexity)"
    )]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        #[graphql(desc = "Only actions starting with this, e.g. `staff.` or `staff.login`.")]
        action: Option<String>,
    ) -> async_graphql::Result<Connection<String, AuditEntry>> {
        let page = page_request("audit", first, after.as_deref())?;
        let rows = ctx
            .data_unchecked::<Db>()
            .run(move |c| audit::list(c, page, action.as_deref()))
            .await
            .map_err(|e| internal(ctx, &e))?;
        Ok(connection("audit", page, rows, |r| r.id, AuditEntry))
    }

    /// API keys, newest first (never their secrets).
    #[graphql(
        guard = "Require(Perm::SettingsRead)",
        complexity = "crate::graphql::pagination::cost(first, child_complexity)"
    )]
    async fn api_keys(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, ApiKey>> {
        let page = page_request("api_keys", first, after.as_deref())?;
        let rows = ctx
            .data_unchecked::<Db>()
            .run(move |c| api_keys::list(c, page))
            .await
            .map_err(|e| internal(ctx, &e))?;
        Ok(connection("api_keys", page, rows, |r| r.id, ApiKey))
    }
}

/// One audit-log entry.
pub struct AuditEntry(AuditRow);

#[Object]
impl AuditEntry {
    async fn id(&self) -> ID {
        ID(AuditEntryId(self.0.id).to_string())
    }
    /// `staff`, `api_key`, `operator` or `system`.
    async fn actor_kind(&self) -> &str {
        &self.0.actor_kind
    }
    async fn actor_name(&self) -> &str {
        &self.0.actor_name
    }
    /// E.g. `staff.login`, `staff.invite`, `channel.update`.
    async fn action(&self) -> &str {
        &self.0.action
    }
    /// The global ID of what was changed.
    async fn target(&self) -> Option<&str> {
        self.0.target.as_deref()
    }
    /// Details as a JSON object.
    async fn detail(&self) -> async_graphql::Json<serde_json::Value> {
        async_graphql::Json(serde_json::from_str(&self.0.detail).unwrap_or_default())
    }
    async fn ip(&self) -> Option<&str> {
        self.0.ip.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        utc(self.0.created_at)
    }
}

/// A third-party API key.
pub struct ApiKey(ApiKeyRow);

#[Object]
impl ApiKey {
    async fn id(&self) -> ID {
        ID(ApiKeyId(self.0.id).to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The key's first characters, to recognise it.
    async fn prefix(&self) -> &str {
        &self.0.prefix
    }
    async fn scopes(&self) -> Vec<Permission> {
        self.0.scopes().into_iter().map(Permission::from).collect()
    }
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at.map(utc)
    }
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at.map(utc)
    }
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at.map(utc)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        utc(self.0.created_at)
    }
}

#[derive(InputObject)]
pub struct ApiKeyCreateInput {
    name: String,
    /// Permissions the key carries; each must be one of yours.
    scopes: Vec<Permission>,
    /// When the key stops working; never if omitted.
    expires_at: Option<DateTime<Utc>>,
}

#[derive(SimpleObject)]
pub struct ApiKeyCreatePayload {
    api_key: Option<ApiKey>,
    /// The key itself, shown this once: send it as `Authorization: Bearer …`.
    secret: Option<String>,
    user_errors: Vec<UserError>,
}

#[derive(SimpleObject)]
pub struct ApiKeyRevokePayload {
    api_key: Option<ApiKey>,
    user_errors: Vec<UserError>,
}

#[derive(SimpleObject)]
pub struct StaffLogoutPayload {
    ok: bool,
}

#[derive(Default)]
pub struct StaffMutation;

#[Object]
impl StaffMutation {
    /// Step one of a staff sign-in: the password. Returns a challenge for `staffLoginVerify`,
    /// with a TOTP enrolment if no second factor is set up yet. Needs no credentials.
    async fn staff_login(
        &self,
        ctx: &Context<'_>,
        input: StaffLoginInput,
    ) -> async_graphql::Result<StaffLoginPayload> {
        match staff::login(
            auth(ctx),
            ctx.data_unchecked::<Db>(),
            &input.email,
            input.password,
            ip(ctx),
        )
        .await
        {
            Ok(ch) => Ok(StaffLoginPayload {
                challenge: Some(StaffLoginChallenge {
                    token: ch.token,
                    expires_at: utc(ch.expires_at),
                    next_step: if ch.enrolment.is_some() {
                        StaffLoginStep::EnrolTotp
                    } else {
                        StaffLoginStep::VerifyTotp
                    },
                    enrolment: ch.enrolment.map(|e| TotpEnrolment {
                        secret: e.secret,
                        otpauth_uri: e.otpauth_uri,
                        qr_code_svg: e.qr_svg,
                    }),
                }),
                user_errors: vec![],
                retry_after_seconds: None,
            }),
            Err(e) => {
                let (user_errors, retry_after_seconds) = login_failure(ctx, e, "password")?;
                Ok(StaffLoginPayload {
                    challenge: None,
                    user_errors,
                    retry_after_seconds,
                })
            }
        }
    }

    /// Step two: a code from the authenticator app (or a recovery code). A code is accepted
    /// within one 30-second step of drift and only once. Needs no credentials.
    async fn staff_login_verify(
        &self,
        ctx: &Context<'_>,
        input: StaffLoginVerifyInput,
    ) -> async_graphql::Result<StaffLoginVerifyPayload> {
        let (factor, field) = match (input.code, input.recovery_code) {
            (Some(code), None) => (Factor::Code(code), "code"),
            (None, Some(code)) => (Factor::RecoveryCode(code), "recoveryCode"),
            _ => {
                return Ok(StaffLoginVerifyPayload {
                    session: None,
                    recovery_codes: None,
                    user_errors: vec![UserError::new(
                        &["input", "code"],
                        UserErrorCode::Blank,
                        "enter either the code from your app or a recovery code",
                    )],
                    retry_after_seconds: None,
                });
            }
        };
        match staff::verify(
            auth(ctx),
            ctx.data_unchecked::<Db>(),
            &input.challenge,
            factor,
            ip(ctx),
        )
        .await
        {
            Ok(s) => Ok(StaffLoginVerifyPayload {
                session: Some(StaffSession {
                    token: s.token,
                    expires_at: utc(s.expires_at),
                    staff: StaffMember(s.staff),
                }),
                recovery_codes: s.recovery_codes,
                user_errors: vec![],
                retry_after_seconds: None,
            }),
            Err(e) => {
                let (user_errors, retry_after_seconds) = login_failure(ctx, e, field)?;
                Ok(StaffLoginVerifyPayload {
                    session: None,
                    recovery_codes: None,
                    user_errors,
                    retry_after_seconds,
                })
            }
        }
    }

    /// Sets the password with the token of a set-password link (invitation or
    /// `jangteo staff create`); signs out every session. Needs no credentials.
    async fn staff_password_set(
        &self,
        ctx: &Context<'_>,
        input: StaffPasswordSetInput,
    ) -> async_graphql::Result<StaffMemberPayload> {
        let r = staff::set_password(
            auth(ctx),
            ctx.data_unchecked::<Db>(),
            &input.token,
            input.password,
            ip(ctx),
        )
        .await;
        manage_result(ctx, r, "input")
    }

    /// Ends the calling staff session. Needs a staff session (no permission).
    async fn staff_logout(&self, ctx: &Context<'_>) -> async_graphql::Result<StaffLogoutPayload> {
        let Some(Identity::Staff(s)) = ctx.data_opt::<Identity>() else {
            return Err(
                async_graphql::Error::new("only a signed-in staff session can sign out")
                    .extend_with(|_, e| e.set("code", codes::UNAUTHENTICATED)),
            );
        };
        let (session, now) = (s.session_id, auth(ctx).clock.now());
        ctx.data_unchecked::<Db>()
            .run(move |c| staff::revoke_session(c, session, now))
            .await
            .map_err(|e| internal(ctx, &e))?;
        Ok(StaffLogoutPayload { ok: true })
    }

    /// Invites a member of staff: creates the account and emails a set-password link (72 hours).
    #[graphql(guard = "Require(Perm::StaffWrite)")]
    async fn staff_invite(
        &self,
        ctx: &Context<'_>,
        input: StaffInviteInput,
    ) -> async_graphql::Result<StaffMemberPayload> {
        manage(ctx, "input", move |c, by, now| {
            staff::invite(c, by, &input.email, &input.name, input.role.into(), now)
        })
        .await
    }

    /// Changes a staff member's role (only owners grant or take away the owner role).
    #[graphql(guard = "Require(Perm::StaffWrite)")]
    async fn staff_role_change(
        &self,
        ctx: &Context<'_>,
        id: ID,
        role: StaffRole,
    ) -> async_graphql::Result<StaffMemberPayload> {
        let target = match parse_staff_id(&id) {
            Ok(t) => t,
            Err(p) => return Ok(p),
        };
        manage(ctx, "", move |c, by, now| {
            staff::change_role(c, by, target, role.into(), now)
        })
        .await
    }

    /// Disables an account: its sessions end and it can no longer sign in.
    #[graphql(guard = "Require(Perm::StaffWrite)")]
    async fn staff_disable(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<StaffMemberPayload> {
        set_disabled(ctx, &id, true).await
    }

    /// Enables a disabled account again.
    #[graphql(guard = "Require(Perm::StaffWrite)")]
    async fn staff_enable(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<StaffMemberPayload> {
        set_disabled(ctx, &id, false).await
    }

    /// Removes a staff member's second factor (lost phone): they enrol again at their next
    /// sign-in. Owners only.
    #[graphql(guard = "Require(Perm::StaffSecurity)")]
    async fn staff_two_factor_reset(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<StaffMemberPayload> {
        let target = match parse_staff_id(&id) {
            Ok(t) => t,
            Err(p) => return Ok(p),
        };
        manage(ctx, "", move |c, by, now| {
            staff::reset_two_factor(c, by, target, now)
        })
        .await
    }

    /// Creates an API key. The secret is in the payload once and never again.
    #[graphql(guard = "Require(Perm::SettingsWrite)")]
    async fn api_key_create(
        &self,
        ctx: &Context<'_>,
        input: ApiKeyCreateInput,
    ) -> async_graphql::Result<ApiKeyCreatePayload> {
        let who = caller(ctx);
        let actor = who.actor(ip(ctx));
        let granter = who.permissions();
        let now = auth(ctx).clock.now();
        let scopes: Vec<Perm> = input.scopes.into_iter().map(Perm::from).collect();
        let expires = input.expires_at.map(|t| t.naive_utc());
        let r = ctx
            .data_unchecked::<Db>()
            .run(move |c| api_keys::create(c, &actor, &granter, &input.name, &scopes, expires, now))
            .await;
        match r {
            Ok((row, secret)) => Ok(ApiKeyCreatePayload {
                api_key: Some(ApiKey(row)),
                secret: Some(secret),
                user_errors: vec![],
            }),
            Err(KeyError::Invalid(v)) => Ok(ApiKeyCreatePayload {
                api_key: None,
                secret: None,
                user_errors: v
                    .into_iter()
                    .map(|v| UserError::from_violation("input", v))
                    .collect(),
            }),
            Err(e @ KeyError::Db(_)) => Err(internal(ctx, &e)),
        }
    }

    /// Revokes an API key; its next request is refused.
    #[graphql(guard = "Require(Perm::SettingsWrite)")]
    async fn api_key_revoke(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ApiKeyRevokePayload> {
        let key = match id.parse::<ApiKeyId>() {
            Ok(k) => k.key(),
            Err(e) => {
                return Ok(ApiKeyRevokePayload {
                    api_key: None,
                    user_errors: vec![UserError::new(
                        &["id"],
                        UserErrorCode::Invalid,
                        e.to_string(),
                    )],
                });
            }
        };
        let actor = caller(ctx).actor(ip(ctx));
        let now = auth(ctx).clock.now();
        match ctx
            .data_unchecked::<Db>()
            .run(move |c| api_keys::revoke(c, &actor, key, now))
            .await
        {
            Ok(Some(row)) => Ok(ApiKeyRevokePayload {
                api_key: Some(ApiKey(row)),
                user_errors: vec![],
            }),
            Ok(None) => Ok(ApiKeyRevokePayload {
                api_key: None,
                user_errors: vec![UserError::new(
                    &["id"],
                    UserErrorCode::NotFound,
                    format!("there is no API key {}", id.as_str()),
                )],
            }),
            Err(e) => Err(internal(ctx, &e)),
        }
    }
}

async fn set_disabled(
    ctx: &Context<'_>,
    id: &ID,
    disabled: bool,
) -> async_graphql::Result<StaffMemberPayload> {
    let target = match parse_staff_id(id) {
        Ok(t) => t,
        Err(p) => return Ok(p),
    };
    manage(ctx, "", move |c, by, now| {
        staff::set_disabled(c, by, target, disabled, now)
    })
    .await
}
