//! Shoppers' accounts: registration, sign-in with rotating refresh tokens, password change and
//! reset, email verification (which also makes the guest orders placed with the address the
//! member's), profile, marketing consent and saved Korean addresses.
//!
//! A sign-in yields a short-lived access JWT (see `access::jwt`) and an opaque refresh token
//! stored as a SHA-256 hash. Each refresh spends its token and issues the next of the same
//! *family*; presenting a spent token again means it was copied, and the whole family is revoked
//! (unless it comes within `auth.refresh_grace_secs` of its rotation: see [`refresh`]).
//! Sign-out revokes the family; a password change or reset revokes every family. The access JWT
//! names its family, so money and account operations can refuse a revoked one at once
//! ([`session_live`]).

use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::KrMobile;
use shared::account::{ADDRESS_MAX, NAME_MAX};

use crate::access::Auth;
use crate::access::crypto::{random_token, token_hash};
use crate::access::links::{self, LinkError, Purpose};
use crate::access::throttle::{self, Attempt, Gate};
use crate::db::schema::{member_addresses as ad, members as m, refresh_tokens as rt};
use crate::db::{AnyConnection, Db, DbError, is_unique_violation, write_transaction};
use crate::order;
use crate::validation::{Violation, ViolationCode, code_of, password_message, required_text};

pub const REFRESH_PREFIX: &str = "jtr_";
/// Saved addresses one member may keep.
pub const MAX_ADDRESSES: i64 = 20;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = m)]
pub struct MemberRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub phone: String,
    pub grade: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub marketing_consent: bool,
    pub marketing_consent_at: Option<NaiveDateTime>,
    pub last_active_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = ad)]
pub struct AddressRow {
    pub id: i64,
    pub member_id: i64,
    pub recipient: String,
    pub phone: String,
    pub postal_code: String,
    pub road_address: String,
    pub detail_address: String,
    pub is_default: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A signed-in shopper's tokens.
#[derive(Debug, Clone)]
pub struct Session {
    pub access_token: String,
    /// Unix seconds.
    pub access_expires_at: i64,
    pub refresh_token: String,
    pub refresh_expires_at: NaiveDateTime,
    pub member: MemberRow,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{}", .0.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Violation>),
    #[error("too many failed attempts; try again in {0} seconds")]
    Throttled(i64),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    Internal(String),
}

impl From<diesel::result::Error> for AccountError {
    fn from(e: diesel::result::Error) -> Self {
        AccountError::Db(e.into())
    }
}

fn refuse(field: &str, code: ViolationCode, message: impl Into<String>) -> AccountError {
    AccountError::Invalid(vec![Violation::new(&[field], code, message)])
}

fn wrong_credentials() -> AccountError {
    refuse(
        "password",
        ViolationCode::InvalidCredentials,
        "the email address or password is wrong",
    )
}

fn link_refused(field: &str, e: LinkError) -> AccountError {
    let code = match e {
        LinkError::Invalid => ViolationCode::Invalid,
        LinkError::Expired => ViolationCode::Expired,
        LinkError::Used => ViolationCode::Used,
    };
    refuse(field, code, e.to_string())
}

/// Checks a phone number; returns it in E.164.
fn check_phone(field: &str, phone: &str, violations: &mut Vec<Violation>) -> String {
    if phone.trim().is_empty() {
        violations.push(Violation::new(
            &[field],
            ViolationCode::Blank,
            "enter a mobile phone number",
        ));
        return String::new();
    }
    match phone.parse::<KrMobile>() {
        Ok(p) => p.e164(),
        Err(e) => {
            violations.push(Violation::new(
                &[field],
                ViolationCode::Invalid,
                e.to_string(),
            ));
            String::new()
        }
    }
}

fn check_email(email: &str, violations: &mut Vec<Violation>) -> String {
    match shared::account::normalize_email(email) {
        Ok(e) => e,
        Err(p) => {
            violations.push(Violation::new(
                &["email"],
                code_of(p),
                "enter a valid email address, e.g. jisoo@example.com",
            ));
            String::new()
        }
    }
}

fn check_password(field: &str, password: &str, email: &str, violations: &mut Vec<Violation>) {
    if let Err(p) = shared::account::check_password(password, email) {
        violations.push(Violation::new(&[field], code_of(p), password_message(p)));
    }
}

pub fn get(conn: &mut AnyConnection, id: i64) -> Result<Option<MemberRow>, DbError> {
    Ok(m::table
        .find(id)
        .select(MemberRow::as_select())
        .first(conn)
        .optional()?)
}

fn by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<MemberRow>, DbError> {
    Ok(m::table
        .filter(m::email.eq(email))
        .select(MemberRow::as_select())
        .first(conn)
        .optional()?)
}

/// The member who has verified `email` (normalised), if any: a guest order placed with it is
/// theirs.
pub fn verified_owner(conn: &mut AnyConnection, email: &str) -> Result<Option<i64>, DbError> {
    Ok(m::table
        .filter(m::email.eq(email))
        .filter(m::email_verified_at.is_not_null())
        .select(m::id)
        .first(conn)
        .optional()?)
}

/// Issues a refresh token of `family` (a new family if `None`) and an access token.
fn start_session(
    conn: &mut AnyConnection,
    auth: &Auth,
    member: MemberRow,
    family: Option<String>,
    now: NaiveDateTime,
) -> Result<Session, DbError> {
    let refresh = random_token(REFRESH_PREFIX, 32);
    let family = family.unwrap_or_else(|| random_token("", 16));
    let refresh_expires_at =
        now + chrono::Duration::days(i64::from(auth.config.refresh_token_days));
    diesel::insert_into(rt::table)
        .values((
            rt::member_id.eq(member.id),
            rt::family.eq(&family),
            rt::token_hash.eq(token_hash(&refresh)),
            rt::expires_at.eq(refresh_expires_at),
            rt::created_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(m::table.find(member.id))
        .set(m::last_active_at.eq(now))
        .execute(conn)?;
    let (access_token, access_expires_at) =
        auth.jwt
            .issue(member.id, &family, now.and_utc().timestamp());
    Ok(Session {
        access_token,
        access_expires_at,
        refresh_token: refresh,
        refresh_expires_at,
        member,
    })
}

/// What a shopper registers with.
#[derive(Debug, Clone)]
pub struct Registration {
    pub email: String,
    pub password: String,
    pub name: String,
    pub phone: String,
    pub marketing_consent: bool,
}

/// Creates an account, sends the email-verification link and signs the shopper in.
pub async fn register(
    auth: &Arc<Auth>,
    db: &Db,
    input: Registration,
) -> Result<Session, AccountError> {
    let mut violations = Vec::new();
    let email = check_email(&input.email, &mut violations);
    check_password("password", &input.password, &input.email, &mut violations);
    let name = required_text("name", &input.name, NAME_MAX, &mut violations);
    let phone = check_phone("phone", &input.phone, &mut violations);
    if !violations.is_empty() {
        return Err(AccountError::Invalid(violations));
    }
    let hash = auth
        .passwords
        .hash(input.password)
        .await
        .map_err(|e| AccountError::Internal(e.to_string()))?;
    let now = auth.clock.now();
    let consent = input.marketing_consent;
    let auth = auth.clone();
    db.run(move |c| {
        write_transaction(c, |c| {
            let inserted = diesel::insert_into(m::table)
                .values((
                    m::email.eq(&email),
                    m::password_hash.eq(&hash),
                    m::name.eq(&name),
                    m::phone.eq(&phone),
                    m::marketing_consent.eq(consent),
                    m::marketing_consent_at.eq(now),
                    m::last_active_at.eq(now),
                    m::created_at.eq(now),
                    m::updated_at.eq(now),
                ))
                .returning(m::id)
                .get_result::<i64>(c);
            let member = match inserted {
                Ok(id) => get(c, id)?.ok_or_else(|| DbError::Corrupt("new member vanished".into()))?,
                Err(e) if is_unique_violation(&e) => {
                    return Err(refuse(
                        "email",
                        ViolationCode::Taken,
                        "an account with this email address already exists; sign in or reset your password",
                    ));
                }
                Err(e) => return Err(e.into()),
            };
            links::request(c, Purpose::EmailVerification, member.id, now)?;
            Ok(start_session(c, &auth, member, None, now)?)
        })
    })
    .await
}

/// Signs a shopper in with email and password (throttled per account and IP).
pub async fn login(
    auth: &Arc<Auth>,
    db: &Db,
    email: &str,
    password: String,
    ip: Option<String>,
    cart: Option<(crate::channel::Channel, String)>,
) -> Result<Session, AccountError> {
    let email = email.trim().to_lowercase();
    let now = auth.clock.now();
    let attempt = Attempt {
        account: format!("member:{email}"),
        ip,
    };
    let policy = auth.throttle_policy();
    let (a, e) = (attempt.clone(), email.clone());
    let (gate, member) = db
        .run(move |c| {
            let gate = throttle::reserve(c, policy, &a, now)?;
            Ok::<_, DbError>((gate, by_email(c, &e)?))
        })
        .await?;
    if let Gate::Blocked { retry_after_secs } = gate {
        return Err(AccountError::Throttled(retry_after_secs));
    }
    // An unknown email costs one hash verification too (against a dummy hash).
    let ok = auth
        .passwords
        .verify(password, member.as_ref().map(|m| m.password_hash.clone()))
        .await;
    let Some(member) = member.filter(|_| ok) else {
        return Err(wrong_credentials());
    };
    let auth = auth.clone();
    db.run(move |c| {
        write_transaction(c, |c| {
            throttle::succeeded(c, &attempt, now)?;
            // The anonymous cart joins the member's in the sign-in's own transaction.
            if let Some((channel, token)) = &cart {
                crate::cart::service::merge_within(c, channel, member.id, token).map_err(|e| {
                    AccountError::Internal(format!("merging the cart at sign-in: {e}"))
                })?;
            }
            Ok(start_session(c, &auth, member, None, now)?)
        })
    })
    .await
}

fn revoke_family(
    conn: &mut AnyConnection,
    family: &str,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(
        rt::table
            .filter(rt::family.eq(family))
            .filter(rt::revoked_at.is_null()),
    )
    .set(rt::revoked_at.eq(now))
    .execute(conn)?;
    Ok(())
}

fn revoke_all(conn: &mut AnyConnection, member_id: i64, now: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(
        rt::table
            .filter(rt::member_id.eq(member_id))
            .filter(rt::revoked_at.is_null()),
    )
    .set(rt::revoked_at.eq(now))
    .execute(conn)?;
    Ok(())
}

type RefreshRow = (
    i64,
    i64,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

fn refresh_row(conn: &mut AnyConnection, hash: &str) -> Result<Option<RefreshRow>, DbError> {
    Ok(rt::table
        .filter(rt::token_hash.eq(hash))
        .select((
            rt::id,
            rt::member_id,
            rt::family,
            rt::expires_at,
            rt::spent_at,
            rt::revoked_at,
        ))
        .first(conn)
        .optional()?)
}

/// Serialises every change to a member's refresh tokens (rotation, revocation) within the
/// caller's write transaction. On PostgreSQL the member's row is locked, so a revocation can
/// never miss a token another transaction is inserting into the family at that moment, and a
/// rotation re-reads its token only after the previous one committed; SQLite's write
/// transaction already excludes every other writer.
fn lock_member_sessions(conn: &mut AnyConnection, member_id: i64) -> Result<(), DbError> {
    if let AnyConnection::Postgresql(pg) = conn {
        m::table
            .find(member_id)
            .select(m::id)
            .for_update()
            .first::<i64>(pg)
            .optional()?;
    }
    Ok(())
}

/// Trades a refresh token for a new session of the same family.
///
/// Rotation happens in one write transaction, under [`lock_member_sessions`], and spends the
/// token with a conditional update (`… WHERE spent_at IS NULL`), so of several requests
/// presenting the same token exactly one rotates it.
///
/// **Grace window.** A token presented again within `auth.refresh_grace_secs` of its own
/// rotation, while its family is still live and the token unexpired, is taken for a second tab
/// or a retried request that lost the race, not for a copy: it gets the family's *current*
/// refresh token (the successor it was exchanged for, followed along the chain while those were
/// rotated too) with a fresh access token. The successor is kept sealed with the server's key
/// (`successor_sealed`) for this, so the family never branches: one live token at a time, and a
/// copy that is used after the window still revokes the whole family.
pub async fn refresh(auth: &Arc<Auth>, db: &Db, token: &str) -> Result<Session, AccountError> {
    let now = auth.clock.now();
    let hash = token_hash(token.trim());
    let auth = auth.clone();
    let grace = chrono::Duration::seconds(i64::from(auth.config.refresh_grace_secs));
    db.run(move |c| {
        // The outer Result commits (reuse detection must stick even though the request fails);
        // the inner one is the answer.
        let outcome: Result<Session, AccountError> = write_transaction(c, |c| {
            let Some((_, member_id, ..)) = refresh_row(c, &hash)? else {
                return Ok::<_, AccountError>(Err(link_refused("refreshToken", LinkError::Invalid)));
            };
            lock_member_sessions(c, member_id)?;
            // Read again under the lock: a concurrent rotation or revocation has committed.
            let Some((id, member_id, family, expires_at, spent_at, revoked_at)) =
                refresh_row(c, &hash)?
            else {
                return Ok(Err(link_refused("refreshToken", LinkError::Invalid)));
            };
            if revoked_at.is_some() {
                return Ok(Err(refuse(
                    "refreshToken",
                    ViolationCode::Invalid,
                    "this session has ended; sign in again",
                )));
            }
            let spent_now = spent_at.is_none()
                && diesel::update(rt::table.find(id).filter(rt::spent_at.is_null()))
                    .set(rt::spent_at.eq(now))
                    .execute(c)?
                    == 1;
            if !spent_now {
                let spent_at = match spent_at {
                    Some(t) => Some(t),
                    // Spent by someone else after it was read (the lock makes this unlikely).
                    None => refresh_row(c, &hash)?.and_then(|r| r.4),
                };
                let within_grace = spent_at.is_some_and(|t| now < t + grace);
                if within_grace
                    && expires_at > now
                    && let Some((current, current_expires_at)) = current_of_family(c, &auth, id)?
                {
                    let Some(member) = get(c, member_id)? else {
                        return Ok(Err(link_refused("refreshToken", LinkError::Invalid)));
                    };
                    tracing::info!(
                        member.id = member_id,
                        "refresh token presented again within the grace window; same session"
                    );
                    let (access_token, access_expires_at) =
                        auth.jwt.issue(member.id, &family, now.and_utc().timestamp());
                    return Ok(Ok(Session {
                        access_token,
                        access_expires_at,
                        refresh_token: current,
                        refresh_expires_at: current_expires_at,
                        member,
                    }));
                }
                // A token that was already exchanged is presented again: it was copied.
                revoke_family(c, &family, now)?;
                tracing::warn!(member.id = member_id, "refresh token reused; session family revoked");
                return Ok(Err(refuse(
                    "refreshToken",
                    ViolationCode::Used,
                    "this refresh token was already used; for safety the session has ended, sign in again",
                )));
            }
            if expires_at <= now {
                return Ok(Err(refuse(
                    "refreshToken",
                    ViolationCode::Expired,
                    "this session has expired; sign in again",
                )));
            }
            let Some(member) = get(c, member_id)? else {
                return Ok(Err(link_refused("refreshToken", LinkError::Invalid)));
            };
            let session = start_session(c, &auth, member, Some(family), now)?;
            diesel::update(rt::table.find(id))
                .set(rt::successor_sealed.eq(auth.keys.seal(session.refresh_token.as_bytes())))
                .execute(c)?;
            Ok(Ok(session))
        })?;
        outcome
    })
    .await
}

/// A token of a family's chain: expiry, spent, revoked, sealed successor.
type ChainRow = (
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<String>,
);

/// The live refresh token that the spent token `id` was (eventually) exchanged for, with its
/// expiry: its sealed successor, followed while that one was rotated too. `None` when the chain
/// ends in a revoked or unknown token (the session is over).
fn current_of_family(
    conn: &mut AnyConnection,
    auth: &Auth,
    id: i64,
) -> Result<Option<(String, NaiveDateTime)>, DbError> {
    let mut sealed: Option<String> = rt::table
        .find(id)
        .select(rt::successor_sealed)
        .first(conn)?;
    // A family rotates at most a few times within one grace window; the bound only guards
    // against a corrupted chain.
    for _ in 0..16 {
        let Some(plain) = sealed
            .as_deref()
            .and_then(|s| auth.keys.open(s).ok())
            .and_then(|b| String::from_utf8(b).ok())
        else {
            return Ok(None);
        };
        let row: Option<ChainRow> = rt::table
            .filter(rt::token_hash.eq(token_hash(&plain)))
            .select((
                rt::expires_at,
                rt::spent_at,
                rt::revoked_at,
                rt::successor_sealed,
            ))
            .first(conn)
            .optional()?;
        match row {
            Some((expires_at, None, None, _)) => return Ok(Some((plain, expires_at))),
            Some((_, Some(_), None, next)) => sealed = next,
            _ => return Ok(None),
        }
    }
    Ok(None)
}

/// Ends the session the refresh token belongs to (its whole family).
pub async fn logout(auth: &Auth, db: &Db, token: &str) -> Result<(), AccountError> {
    let now = auth.clock.now();
    let hash = token_hash(token.trim());
    db.run(move |c| {
        write_transaction(c, |c| {
            let Some((_, member_id, family, ..)) = refresh_row(c, &hash)? else {
                return Err(link_refused("refreshToken", LinkError::Invalid));
            };
            lock_member_sessions(c, member_id)?;
            Ok(revoke_family(c, &family, now)?)
        })
    })
    .await
}

/// Whether the session (refresh-token family) `family` of member `member_id` is still live:
/// not signed out, not revoked for reuse, not ended by a password change or reset. One indexed
/// lookup; the check behind money and account operations.
pub fn session_live(
    conn: &mut AnyConnection,
    member_id: i64,
    family: &str,
) -> Result<bool, DbError> {
    Ok(rt::table
        .filter(rt::family.eq(family))
        .filter(rt::member_id.eq(member_id))
        .filter(rt::revoked_at.is_null())
        .select(rt::id)
        .first::<i64>(conn)
        .optional()?
        .is_some())
}

/// Changes the password after checking the current one; every session ends and a new one
/// starts.
pub async fn change_password(
    auth: &Arc<Auth>,
    db: &Db,
    member_id: i64,
    current: String,
    new: String,
    ip: Option<String>,
) -> Result<Session, AccountError> {
    let now = auth.clock.now();
    let member = db.run(move |c| get(c, member_id)).await?.ok_or_else(|| {
        refuse(
            "currentPassword",
            ViolationCode::NotFound,
            "this account no longer exists",
        )
    })?;
    let mut violations = Vec::new();
    check_password("newPassword", &new, &member.email, &mut violations);
    if !violations.is_empty() {
        return Err(AccountError::Invalid(violations));
    }
    let attempt = Attempt {
        account: format!("member:{}", member.email),
        ip,
    };
    let policy = auth.throttle_policy();
    let a = attempt.clone();
    if let Gate::Blocked { retry_after_secs } = db
        .run(move |c| throttle::reserve(c, policy, &a, now))
        .await?
    {
        return Err(AccountError::Throttled(retry_after_secs));
    }
    if !auth
        .passwords
        .verify(current, Some(member.password_hash.clone()))
        .await
    {
        return Err(refuse(
            "currentPassword",
            ViolationCode::InvalidCredentials,
            "the current password is wrong",
        ));
    }
    let hash = auth
        .passwords
        .hash(new)
        .await
        .map_err(|e| AccountError::Internal(e.to_string()))?;
    let auth = auth.clone();
    db.run(move |c| {
        write_transaction(c, |c| {
            throttle::succeeded(c, &attempt, now)?;
            diesel::update(m::table.find(member_id))
                .set((m::password_hash.eq(&hash), m::updated_at.eq(now)))
                .execute(c)?;
            revoke_all(c, member_id, now)?;
            let member =
                get(c, member_id)?.ok_or_else(|| DbError::Corrupt("member vanished".into()))?;
            Ok(start_session(c, &auth, member, None, now)?)
        })
    })
    .await
}

/// Sends a password-reset link if an account has this email. Answers the same either way, so
/// nobody learns which addresses have accounts.
pub async fn request_password_reset(auth: &Auth, db: &Db, email: &str) -> Result<(), AccountError> {
    let Ok(email) = shared::account::normalize_email(email) else {
        return Err(refuse(
            "email",
            ViolationCode::Invalid,
            "enter a valid email address, e.g. jisoo@example.com",
        ));
    };
    let now = auth.clock.now();
    db.run(move |c| {
        write_transaction(c, |c| {
            if let Some(member) = by_email(c, &email)? {
                links::request(c, Purpose::PasswordReset, member.id, now)?;
            }
            Ok::<_, AccountError>(())
        })
    })
    .await
}

/// Sets a new password with a reset link; every session ends.
pub async fn reset_password(
    auth: &Auth,
    db: &Db,
    token: &str,
    password: String,
) -> Result<(), AccountError> {
    let now = auth.clock.now();
    let t = token.to_owned();
    let member = db
        .run(move |c| {
            Ok::<_, DbError>(match links::peek(c, Purpose::PasswordReset, &t, now)? {
                Ok(id) => Ok(get(c, id)?),
                Err(e) => Err(e),
            })
        })
        .await?
        .map_err(|e| link_refused("token", e))?
        .ok_or_else(|| link_refused("token", LinkError::Invalid))?;
    let mut violations = Vec::new();
    check_password("password", &password, &member.email, &mut violations);
    if !violations.is_empty() {
        return Err(AccountError::Invalid(violations));
    }
    let hash = auth
        .passwords
        .hash(password)
        .await
        .map_err(|e| AccountError::Internal(e.to_string()))?;
    let t = token.to_owned();
    let login_key = format!("member:{}", member.email);
    db.run(move |c| {
        write_transaction(c, |c| {
            let id = links::consume(c, Purpose::PasswordReset, &t, now)?
                .map_err(|e| link_refused("token", e))?;
            diesel::update(m::table.find(id))
                .set((m::password_hash.eq(&hash), m::updated_at.eq(now)))
                .execute(c)?;
            revoke_all(c, id, now)?;
            // Whoever proved control of the mailbox may sign in at once.
            let attempt = Attempt {
                account: login_key.clone(),
                ip: None,
            };
            throttle::succeeded(c, &attempt, now)?;
            Ok(())
        })
    })
    .await
}

/// Marks the email address verified with a verification link, and links the guest orders
/// placed with that address to the account (never before: an unproven address links nothing).
pub async fn verify_email(auth: &Auth, db: &Db, token: &str) -> Result<MemberRow, AccountError> {
    let now = auth.clock.now();
    let t = token.to_owned();
    db.run(move |c| {
        write_transaction(c, |c| {
            let id = links::consume(c, Purpose::EmailVerification, &t, now)?
                .map_err(|e| link_refused("token", e))?;
            diesel::update(m::table.find(id).filter(m::email_verified_at.is_null()))
                .set(m::email_verified_at.eq(now))
                .execute(c)?;
            let member = get(c, id)?.ok_or_else(|| link_refused("token", LinkError::Invalid))?;
            // The address is now proven theirs: the orders placed with it as a guest are too.
            order::service::link_guest_orders(c, id, &member.name, &member.email, now)?;
            Ok(member)
        })
    })
    .await
}

/// Sends a new verification link unless the address is verified already.
pub fn resend_verification(
    conn: &mut AnyConnection,
    member_id: i64,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    write_transaction(conn, |c| match get(c, member_id)? {
        Some(m) if m.email_verified_at.is_none() => {
            links::request(c, Purpose::EmailVerification, member_id, now)?;
            Ok(true)
        }
        _ => Ok(false),
    })
}

/// Changes to a profile; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ProfileUpdate {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub marketing_consent: Option<bool>,
}

pub fn update_profile(
    conn: &mut AnyConnection,
    member_id: i64,
    input: &ProfileUpdate,
    now: NaiveDateTime,
) -> Result<MemberRow, AccountError> {
    let mut violations = Vec::new();
    let name = input
        .name
        .as_deref()
        .map(|n| required_text("name", n, NAME_MAX, &mut violations));
    let phone = input
        .phone
        .as_deref()
        .map(|p| check_phone("phone", p, &mut violations));
    if !violations.is_empty() {
        return Err(AccountError::Invalid(violations));
    }
    write_transaction(conn, |c| {
        let current = get(c, member_id)?.ok_or_else(|| {
            refuse(
                "id",
                ViolationCode::NotFound,
                "this account no longer exists",
            )
        })?;
        let consent = input.marketing_consent.unwrap_or(current.marketing_consent);
        // The time of the answer is kept only when the answer changes.
        let consent_at = if consent == current.marketing_consent {
            current.marketing_consent_at
        } else {
            Some(now)
        };
        diesel::update(m::table.find(member_id))
            .set((
                m::name.eq(name.unwrap_or(current.name)),
                m::phone.eq(phone.unwrap_or(current.phone)),
                m::marketing_consent.eq(consent),
                m::marketing_consent_at.eq(consent_at),
                m::updated_at.eq(now),
            ))
            .execute(c)?;
        get(c, member_id)?.ok_or_else(|| AccountError::Internal("member vanished".into()))
    })
}

/// A Korean shipping address as entered.
#[derive(Debug, Clone, Default)]
pub struct AddressInput {
    pub recipient: String,
    pub phone: String,
    pub postal_code: String,
    pub road_address: String,
    pub detail_address: String,
    pub is_default: bool,
}

struct CheckedAddress {
    recipient: String,
    phone: String,
    postal_code: String,
    road_address: String,
    detail_address: String,
}

fn check_address(input: &AddressInput) -> Result<CheckedAddress, AccountError> {
    let mut v = Vec::new();
    let recipient = required_text("recipient", &input.recipient, NAME_MAX, &mut v);
    let phone = check_phone("phone", &input.phone, &mut v);
    let postal_code = match shared::account::check_postal_code(&input.postal_code) {
        Ok(code) => code,
        Err(p) => {
            v.push(Violation::new(
                &["postalCode"],
                code_of(p),
                "enter the five-digit postal code, e.g. 06236",
            ));
            String::new()
        }
    };
    let road_address = required_text("roadAddress", &input.road_address, ADDRESS_MAX, &mut v);
    let detail_address = input.detail_address.trim().to_owned();
    if detail_address.chars().count() > ADDRESS_MAX {
        v.push(Violation::new(
            &["detailAddress"],
            ViolationCode::TooLong,
            "use at most 200 characters",
        ));
    }
    if !v.is_empty() {
        return Err(AccountError::Invalid(v));
    }
    Ok(CheckedAddress {
        recipient,
        phone,
        postal_code,
        road_address,
        detail_address,
    })
}

pub fn addresses(conn: &mut AnyConnection, member_id: i64) -> Result<Vec<AddressRow>, DbError> {
    Ok(ad::table
        .filter(ad::member_id.eq(member_id))
        .select(AddressRow::as_select())
        .order((ad::is_default.desc(), ad::id.asc()))
        .load(conn)?)
}

fn own_address(
    conn: &mut AnyConnection,
    member_id: i64,
    id: i64,
) -> Result<AddressRow, AccountError> {
    ad::table
        .find(id)
        .filter(ad::member_id.eq(member_id))
        .select(AddressRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| {
            refuse(
                "id",
                ViolationCode::NotFound,
                "there is no such address in your account",
            )
        })
}

fn clear_default(conn: &mut AnyConnection, member_id: i64) -> Result<(), DbError> {
    diesel::update(
        ad::table
            .filter(ad::member_id.eq(member_id))
            .filter(ad::is_default.eq(true)),
    )
    .set(ad::is_default.eq(false))
    .execute(conn)?;
    Ok(())
}

/// Saves a new address; the first one (or one marked default) becomes the default.
pub fn add_address(
    conn: &mut AnyConnection,
    member_id: i64,
    input: &AddressInput,
    now: NaiveDateTime,
) -> Result<AddressRow, AccountError> {
    let a = check_address(input)?;
    write_transaction(conn, |c| {
        let count: i64 = ad::table
            .filter(ad::member_id.eq(member_id))
            .count()
            .get_result(c)?;
        if count >= MAX_ADDRESSES {
            return Err(refuse(
                "input",
                ViolationCode::NotAllowed,
                format!("you can save up to {MAX_ADDRESSES} addresses; delete one first"),
            ));
        }
        let is_default = input.is_default || count == 0;
        if is_default {
            clear_default(c, member_id)?;
        }
        let id: i64 = diesel::insert_into(ad::table)
            .values((
                ad::member_id.eq(member_id),
                ad::recipient.eq(a.recipient),
                ad::phone.eq(a.phone),
                ad::postal_code.eq(a.postal_code),
                ad::road_address.eq(a.road_address),
                ad::detail_address.eq(a.detail_address),
                ad::is_default.eq(is_default),
                ad::created_at.eq(now),
                ad::updated_at.eq(now),
            ))
            .returning(ad::id)
            .get_result(c)?;
        own_address(c, member_id, id)
    })
}

pub fn update_address(
    conn: &mut AnyConnection,
    member_id: i64,
    id: i64,
    input: &AddressInput,
    now: NaiveDateTime,
) -> Result<AddressRow, AccountError> {
    let a = check_address(input)?;
    write_transaction(conn, |c| {
        let current = own_address(c, member_id, id)?;
        if input.is_default && !current.is_default {
            clear_default(c, member_id)?;
        }
        diesel::update(ad::table.find(id))
            .set((
                ad::recipient.eq(a.recipient),
                ad::phone.eq(a.phone),
                ad::postal_code.eq(a.postal_code),
                ad::road_address.eq(a.road_address),
                ad::detail_address.eq(a.detail_address),
                ad::is_default.eq(current.is_default || input.is_default),
                ad::updated_at.eq(now),
            ))
            .execute(c)?;
        own_address(c, member_id, id)
    })
}

pub fn set_default_address(
    conn: &mut AnyConnection,
    member_id: i64,
    id: i64,
    now: NaiveDateTime,
) -> Result<AddressRow, AccountError> {
    write_transaction(conn, |c| {
        own_address(c, member_id, id)?;
        clear_default(c, member_id)?;
        diesel::update(ad::table.find(id))
            .set((ad::is_default.eq(true), ad::updated_at.eq(now)))
            .execute(c)?;
        own_address(c, member_id, id)
    })
}

/// Deletes an address; if it was the default, the oldest remaining one becomes the default.
pub fn delete_address(
    conn: &mut AnyConnection,
    member_id: i64,
    id: i64,
) -> Result<(), AccountError> {
    write_transaction(conn, |c| {
        let gone = own_address(c, member_id, id)?;
        diesel::delete(ad::table.find(id)).execute(c)?;
        if gone.is_default {
            let next: Option<i64> = ad::table
                .filter(ad::member_id.eq(member_id))
                .select(ad::id)
                .order(ad::id.asc())
                .first(c)
                .optional()?;
            if let Some(next) = next {
                diesel::update(ad::table.find(next))
                    .set(ad::is_default.eq(true))
                    .execute(c)?;
            }
        }
        Ok(())
    })
}

pub const DEMO_MEMBER_EMAIL: &str = "shopper@demo.jangteo.kr";
/// The demo accounts' password (local use only; see README).
pub const DEMO_PASSWORD: &str = "hangang-sunrise-2026";

/// The demo shopper (`--demo`), with one saved address.
pub fn seed_demo_member(
    conn: &mut AnyConnection,
    password_hash: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    if by_email(conn, DEMO_MEMBER_EMAIL)?.is_some() {
        return Ok(false);
    }
    let id: i64 = diesel::insert_into(m::table)
        .values((
            m::email.eq(DEMO_MEMBER_EMAIL),
            m::password_hash.eq(password_hash),
            m::name.eq("김지수"),
            m::phone.eq("+821012345678"),
            m::email_verified_at.eq(now),
            m::marketing_consent.eq(true),
            m::marketing_consent_at.eq(now),
            m::last_active_at.eq(now),
            m::created_at.eq(now),
            m::updated_at.eq(now),
        ))
        .returning(m::id)
        .get_result(conn)?;
    diesel::insert_into(ad::table)
        .values((
            ad::member_id.eq(id),
            ad::recipient.eq("김지수"),
            ad::phone.eq("+821012345678"),
            ad::postal_code.eq("06236"),
            ad::road_address.eq("서울특별시 강남구 테헤란로 152"),
            ad::detail_address.eq("12층"),
            ad::is_default.eq(true),
            ad::created_at.eq(now),
            ad::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Deletes what has run out: refresh tokens, links and staff sessions a week past expiry, and
/// login back-off entries quiet for a day (housekeeping).
pub fn purge_expired(conn: &mut AnyConnection, now: NaiveDateTime) -> Result<usize, DbError> {
    use crate::db::schema::{account_tokens as at, staff_sessions as ss};
    let week_ago = now - chrono::Duration::days(7);
    let a = diesel::delete(rt::table.filter(rt::expires_at.lt(week_ago))).execute(conn)?;
    let b = diesel::delete(at::table.filter(at::expires_at.lt(week_ago))).execute(conn)?;
    let c = diesel::delete(ss::table.filter(ss::expires_at.lt(week_ago))).execute(conn)?;
    let d = throttle::purge(conn, now - chrono::Duration::days(1))?;
    Ok(a + b + c + d)
}
