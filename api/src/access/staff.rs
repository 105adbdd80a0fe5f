//! Staff accounts: roles, sign-in with a password and a TOTP second factor, sessions, and the
//! management rules (who may invite, change roles, disable, reset a second factor).
//!
//! Sign-in is two steps. `login` checks the password and returns a short-lived *challenge*; a
//! member of staff without a second factor gets a new TOTP secret with it (sealed in
//! `staff.totp_pending`). `verify` checks a code (or a one-time recovery code) against the
//! challenge; the first confirmed code enables the factor and returns ten recovery codes. Only
//! then is a session token issued. Both steps are throttled.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::audit::{self, Actor};
use super::crypto::{random_token, token_hash};
use super::throttle::{self, Attempt, Gate};
use super::{Auth, Permission, StaffIdentity, links, totp};
use crate::db::page::{Page, PageRequest};
use crate::db::schema::{staff as s, staff_recovery_codes as rc, staff_sessions as ss};
use crate::db::{AnyConnection, Db, DbError, is_unique_violation, write_transaction};
use crate::validation::{Violation, ViolationCode};

pub const SESSION_PREFIX: &str = "jts_";
const CHALLENGE_PREFIX: &str = "jtc_";
const CHALLENGE_MINUTES: i64 = 10;
pub const RECOVERY_CODES: usize = 10;

/// A staff member's role: a fixed set of permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Owner,
    Manager,
    CatalogEditor,
    OrderHandler,
    CsAgent,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Manager,
        Role::CatalogEditor,
        Role::OrderHandler,
        Role::CsAgent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Manager => "manager",
            Role::CatalogEditor => "catalog_editor",
            Role::OrderHandler => "order_handler",
            Role::CsAgent => "cs_agent",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        let name = name.trim().to_lowercase().replace('-', "_");
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    pub fn permissions(self) -> Vec<Permission> {
        use Permission as P;
        match self {
            Role::Owner => P::ALL.to_vec(),
            Role::Manager => P::ALL
                .into_iter()
                .filter(|p| {
                    !matches!(
                        p,
                        P::StaffWrite | P::StaffSecurity | P::SettingsWrite | P::JobsWrite
                    )
                })
                .collect(),
            Role::CatalogEditor => vec![
                P::ProductsRead,
                P::ProductsWrite,
                P::ContentRead,
                P::ContentWrite,
                P::PromotionsRead,
            ],
            Role::OrderHandler => vec![
                P::OrdersRead,
                P::OrdersWrite,
                P::ProductsRead,
                P::MembersRead,
            ],
            Role::CsAgent => vec![
                P::MembersRead,
                P::MembersWrite,
                P::OrdersRead,
                P::ProductsRead,
            ],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = s)]
pub struct StaffRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_pending: Option<String>,
    pub totp_last_step: Option<i64>,
    pub disabled_at: Option<NaiveDateTime>,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl StaffRow {
    pub fn role(&self) -> Role {
        // The column's CHECK constraint allows only known roles; the least privileged otherwise.
        Role::parse(&self.role).unwrap_or(Role::CsAgent)
    }

    pub fn two_factor_enabled(&self) -> bool {
        self.totp_secret.is_some()
    }

    fn actor(&self, ip: Option<String>) -> Actor {
        Actor {
            kind: "staff",
            id: Some(self.id),
            name: self.name.clone(),
            ip,
        }
    }
}

fn gid(id: i64) -> String {
    shared::StaffId(id).to_string()
}

// ---------------------------------------------------------------------------------------------
// Sessions

/// The staff member behind a session token, if the session is live and the account enabled.
pub fn authenticate(
    conn: &mut AnyConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<Option<StaffIdentity>, DbError> {
    let found: Option<(i64, StaffRow)> = ss::table
        .inner_join(s::table)
        .filter(ss::token_hash.eq(token_hash(token)))
        .filter(ss::kind.eq("session"))
        .filter(ss::revoked_at.is_null())
        .filter(ss::expires_at.gt(now))
        .filter(s::disabled_at.is_null())
        .select((ss::id, StaffRow::as_select()))
        .first(conn)
        .optional()?;
    Ok(found.map(|(session_id, row)| StaffIdentity {
        id: row.id,
        role: row.role(),
        email: row.email,
        name: row.name,
        session_id,
    }))
}

/// Ends a session (sign-out).
pub fn revoke_session(
    conn: &mut AnyConnection,
    session_id: i64,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(ss::table.find(session_id).filter(ss::revoked_at.is_null()))
        .set(ss::revoked_at.eq(now))
        .execute(conn)?;
    Ok(())
}

fn revoke_all_sessions(
    conn: &mut AnyConnection,
    staff_id: i64,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(
        ss::table
            .filter(ss::staff_id.eq(staff_id))
            .filter(ss::revoked_at.is_null()),
    )
    .set(ss::revoked_at.eq(now))
    .execute(conn)?;
    Ok(())
}

fn create_session(
    conn: &mut AnyConnection,
    staff_id: i64,
    kind: &str,
    expires_at: NaiveDateTime,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> Result<String, DbError> {
    let prefix = if kind == "session" {
        SESSION_PREFIX
    } else {
        CHALLENGE_PREFIX
    };
    let token = random_token(prefix, 32);
    diesel::insert_into(ss::table)
        .values((
            ss::staff_id.eq(staff_id),
            ss::kind.eq(kind),
            ss::token_hash.eq(token_hash(&token)),
            ss::expires_at.eq(expires_at),
            ss::ip.eq(ip),
            ss::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(token)
}

// ---------------------------------------------------------------------------------------------
// Sign-in

/// What the first step hands back.
#[derive(Debug, Clone)]
pub struct Challenge {
    pub token: String,
    pub expires_at: NaiveDateTime,
    /// Present when the second factor must be set up first.
    pub enrolment: Option<Enrolment>,
}

#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret: String,
    pub otpauth_uri: String,
    pub qr_svg: String,
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("the email address or password is wrong")]
    InvalidCredentials,
    #[error("too many failed attempts; try again in {0} seconds")]
    Throttled(i64),
    #[error("the sign-in has expired or is not valid; start again with your password")]
    ChallengeInvalid,
    #[error("the code is wrong or has already been used")]
    WrongCode,
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    Internal(String),
}

fn load_by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<StaffRow>, DbError> {
    Ok(s::table
        .filter(s::email.eq(email))
        .select(StaffRow::as_select())
        .first(conn)
        .optional()?)
}

/// Step one: the password.
pub async fn login(
    auth: &Auth,
    db: &Db,
    email: &str,
    password: String,
    ip: Option<String>,
) -> Result<Challenge, LoginError> {
    let email = email.trim().to_lowercase();
    let now = auth.clock.now();
    let attempt = Attempt {
        account: format!("staff:{email}"),
        ip: ip.clone(),
    };
    let policy = auth.throttle_policy();
    let (a, e) = (attempt.clone(), email.clone());
    let (gate, row) = db
        .run(move |c| {
            let gate = throttle::reserve(c, policy, &a, now)?;
            let row = load_by_email(c, &e)?;
            Ok::<_, DbError>((gate, row))
        })
        .await?;
    if let Gate::Blocked { retry_after_secs } = gate {
        return Err(LoginError::Throttled(retry_after_secs));
    }
    let usable = row.filter(|r| r.disabled_at.is_none());
    let hash = usable.as_ref().and_then(|r| r.password_hash.clone());
    let ok = auth.passwords.verify(password, hash).await;
    let Some(row) = usable.filter(|_| ok) else {
        let actor = Actor {
            kind: "system",
            id: None,
            name: email.clone(),
            ip,
        };
        db.run(move |c| {
            audit::record(
                c,
                &actor,
                "staff.login_failed",
                None,
                json!({ "step": "password" }),
                now,
            )
        })
        .await?;
        return Err(LoginError::InvalidCredentials);
    };
    let keys = auth.keys.clone();
    let issuer = "Jangteo".to_owned();
    db.run(move |c| {
        write_transaction(c, |c| {
            throttle::succeeded(c, &attempt, now)?;
            let expires_at = now + chrono::Duration::minutes(CHALLENGE_MINUTES);
            let token = create_session(c, row.id, "challenge", expires_at, ip.as_deref(), now)?;
            let enrolment = if row.totp_secret.is_none() {
                let secret = totp::generate_secret();
                diesel::update(s::table.find(row.id))
                    .set(s::totp_pending.eq(keys.seal(&secret)))
                    .execute(c)?;
                let uri = totp::otpauth_uri(&secret, &row.email, &issuer);
                Some(Enrolment {
                    secret: totp::base32(&secret),
                    qr_svg: totp::qr_svg(&uri),
                    otpauth_uri: uri,
                })
            } else {
                None
            };
            Ok::<_, DbError>(Challenge {
                token,
                expires_at,
                enrolment,
            })
        })
    })
    .await
    .map_err(LoginError::from)
}

/// A completed sign-in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token: String,
    pub expires_at: NaiveDateTime,
    pub staff: StaffRow,
    /// Issued when this sign-in enabled the second factor.
    pub recovery_codes: Option<Vec<String>>,
}

/// The second factor presented.
#[derive(Debug, Clone)]
pub enum Factor {
    Code(String),
    RecoveryCode(String),
}

/// Step two: a TOTP code (or a recovery code) for the challenge.
pub async fn verify(
    auth: &Auth,
    db: &Db,
    challenge: &str,
    factor: Factor,
    ip: Option<String>,
) -> Result<SignedIn, LoginError> {
    let now = auth.clock.now();
    let hash = token_hash(challenge.trim());
    let found: Option<(i64, StaffRow)> = db
        .run(move |c| {
            ss::table
                .inner_join(s::table)
                .filter(ss::token_hash.eq(hash))
                .filter(ss::kind.eq("challenge"))
                .filter(ss::revoked_at.is_null())
                .filter(ss::expires_at.gt(now))
                .filter(s::disabled_at.is_null())
                .select((ss::id, StaffRow::as_select()))
                .first(c)
                .optional()
                .map_err(DbError::from)
        })
        .await?;
    let Some((challenge_id, row)) = found else {
        return Err(LoginError::ChallengeInvalid);
    };
    let attempt = Attempt {
        account: format!("staff-2fa:{}", row.id),
        ip: ip.clone(),
    };
    let policy = auth.throttle_policy();
    let a = attempt.clone();
    if let Gate::Blocked { retry_after_secs } = db
        .run(move |c| throttle::reserve(c, policy, &a, now))
        .await?
    {
        return Err(LoginError::Throttled(retry_after_secs));
    }
    let keys = auth.keys.clone();
    let now_unix = auth.clock.now_utc().timestamp();
    let session_ttl = chrono::Duration::hours(i64::from(auth.config.staff_session_hours));
    let staff_id = row.id;
    let outcome = db
        .run(move |c| {
            write_transaction(c, |c| {
                let row: StaffRow = s::table
                    .find(staff_id)
                    .select(StaffRow::as_select())
                    .first(c)?;
                let enrolling = row.totp_secret.is_none();
                let sealed = if enrolling {
                    &row.totp_pending
                } else {
                    &row.totp_secret
                };
                let Some(secret) = sealed.as_deref().and_then(|v| keys.open(v).ok()) else {
                    return Ok::<_, DbError>(None);
                };
                let accepted = match &factor {
                    Factor::Code(code) => {
                        match totp::matching_step(&secret, code, now_unix, row.totp_last_step) {
                            // Conditional on the step still being new: two requests with one
                            // code cannot both pass.
                            Some(step) => {
                                diesel::update(s::table.find(staff_id).filter(
                                    s::totp_last_step.is_null().or(s::totp_last_step.lt(step)),
                                ))
                                .set(s::totp_last_step.eq(step))
                                .execute(c)?
                                    == 1
                            }
                            None => false,
                        }
                    }
                    Factor::RecoveryCode(code) if !enrolling => {
                        let hash = token_hash(&normalize_recovery_code(code));
                        diesel::update(
                            rc::table
                                .filter(rc::staff_id.eq(staff_id))
                                .filter(rc::code_hash.eq(hash))
                                .filter(rc::used_at.is_null()),
                        )
                        .set(rc::used_at.eq(now))
                        .execute(c)?
                            == 1
                    }
                    Factor::RecoveryCode(_) => false,
                };
                if !accepted {
                    return Ok(None);
                }
                let recovery_codes = if enrolling {
                    diesel::update(s::table.find(staff_id))
                        .set((
                            s::totp_secret.eq(row.totp_pending.clone()),
                            s::totp_pending.eq(None::<String>),
                        ))
                        .execute(c)?;
                    Some(replace_recovery_codes(c, staff_id, now)?)
                } else {
                    None
                };
                revoke_session(c, challenge_id, now)?;
                let expires_at = now + session_ttl;
                let token = create_session(c, staff_id, "session", expires_at, ip.as_deref(), now)?;
                diesel::update(s::table.find(staff_id))
                    .set(s::last_login_at.eq(now))
                    .execute(c)?;
                let method = match (&factor, enrolling) {
                    (_, true) => "totp_enrolment",
                    (Factor::Code(_), false) => "totp",
                    (Factor::RecoveryCode(_), false) => "recovery_code",
                };
                audit::record(
                    c,
                    &row.actor(ip.clone()),
                    "staff.login",
                    Some(gid(staff_id)),
                    json!({ "method": method }),
                    now,
                )?;
                let staff: StaffRow = s::table
                    .find(staff_id)
                    .select(StaffRow::as_select())
                    .first(c)?;
                Ok(Some(SignedIn {
                    token,
                    expires_at,
                    staff,
                    recovery_codes,
                }))
            })
        })
        .await?;
    match outcome {
        Some(signed_in) => {
            db.run(move |c| throttle::succeeded(c, &attempt, now))
                .await?;
            Ok(signed_in)
        }
        None => {
            let actor = row.actor(attempt.ip.clone());
            db.run(move |c| {
                audit::record(
                    c,
                    &actor,
                    "staff.login_failed",
                    Some(gid(staff_id)),
                    json!({ "step": "second_factor" }),
                    now,
                )
            })
            .await?;
            Err(LoginError::WrongCode)
        }
    }
}

fn normalize_recovery_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Ten new recovery codes (`xxxxx-xxxxx`, ~50 bits each); the old ones stop working.
fn replace_recovery_codes(
    conn: &mut AnyConnection,
    staff_id: i64,
    now: NaiveDateTime,
) -> Result<Vec<String>, DbError> {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    diesel::delete(rc::table.filter(rc::staff_id.eq(staff_id))).execute(conn)?;
    let mut rng = rand::rng();
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let raw: String = (0..10)
            .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
            .collect();
        diesel::insert_into(rc::table)
            .values((
                rc::staff_id.eq(staff_id),
                rc::code_hash.eq(token_hash(&raw)),
                rc::created_at.eq(now),
            ))
            .execute(conn)?;
        codes.push(format!("{}-{}", &raw[..5], &raw[5..]));
    }
    Ok(codes)
}

// ---------------------------------------------------------------------------------------------
// Management

/// Why a management change was refused.
#[derive(Debug, thiserror::Error)]
pub enum ManageError {
    #[error("{}", .0.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Violation>),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ManageError {
    fn from(e: diesel::result::Error) -> Self {
        ManageError::Db(e.into())
    }
}

fn refuse(field: &str, code: ViolationCode, message: impl Into<String>) -> ManageError {
    ManageError::Invalid(vec![Violation::new(&[field], code, message)])
}

/// Who is making a management change.
pub struct Manager<'a> {
    pub actor: &'a Actor,
    /// The staff id of the caller, if a staff member.
    pub staff_id: Option<i64>,
    /// Whether the caller may grant or take away the owner role (owners and the operator).
    pub is_owner: bool,
}

/// Creates a staff account without a password.
pub fn create(
    conn: &mut AnyConnection,
    email: &str,
    name: &str,
    role: Role,
    now: NaiveDateTime,
) -> Result<StaffRow, ManageError> {
    let mut violations = Vec::new();
    let email = match shared::account::normalize_email(email) {
        Ok(e) => e,
        Err(p) => {
            violations.push(Violation::new(
                &["email"],
                crate::validation::code_of(p),
                format!("enter a valid email address ({p})"),
            ));
            String::new()
        }
    };
    let name = crate::validation::required_text("name", name, 100, &mut violations);
    if !violations.is_empty() {
        return Err(ManageError::Invalid(violations));
    }
    let inserted = diesel::insert_into(s::table)
        .values((
            s::email.eq(&email),
            s::name.eq(&name),
            s::role.eq(role.as_str()),
            s::created_at.eq(now),
            s::updated_at.eq(now),
        ))
        .returning(s::id)
        .get_result::<i64>(conn);
    match inserted {
        Ok(id) => Ok(s::table
            .find(id)
            .select(StaffRow::as_select())
            .first(conn)?),
        Err(e) if is_unique_violation(&e) => Err(refuse(
            "email",
            ViolationCode::Taken,
            format!("{email} already has a staff account"),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Invites a new member of staff: the account, and an email with a set-password link.
pub fn invite(
    conn: &mut AnyConnection,
    by: &Manager<'_>,
    email: &str,
    name: &str,
    role: Role,
    now: NaiveDateTime,
) -> Result<StaffRow, ManageError> {
    if role == Role::Owner && !by.is_owner {
        return Err(refuse(
            "role",
            ViolationCode::NotAllowed,
            "only an owner can make someone an owner",
        ));
    }
    write_transaction(conn, |conn| {
        let row = create(conn, email, name, role, now)?;
        links::request(conn, links::Purpose::StaffPassword, row.id, now)?;
        audit::record(
            conn,
            by.actor,
            "staff.invite",
            Some(gid(row.id)),
            json!({ "email": row.email, "role": role.as_str() }),
            now,
        )?;
        Ok(row)
    })
}

fn get_for_update(conn: &mut AnyConnection, id: i64) -> Result<StaffRow, ManageError> {
    s::table
        .find(id)
        .select(StaffRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| {
            refuse(
                "id",
                ViolationCode::NotFound,
                format!("there is no staff member {}", gid(id)),
            )
        })
}

fn active_owners(conn: &mut AnyConnection) -> Result<i64, ManageError> {
    Ok(s::table
        .filter(s::role.eq(Role::Owner.as_str()))
        .filter(s::disabled_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Changes a staff member's role. Nobody changes their own role; only owners grant or take
/// away the owner role; the last active owner stays an owner.
pub fn change_role(
    conn: &mut AnyConnection,
    by: &Manager<'_>,
    id: i64,
    role: Role,
    now: NaiveDateTime,
) -> Result<StaffRow, ManageError> {
    write_transaction(conn, |conn| {
        let row = get_for_update(conn, id)?;
        if by.staff_id == Some(id) {
            return Err(refuse(
                "id",
                ViolationCode::NotAllowed,
                "you cannot change your own role",
            ));
        }
        if (role == Role::Owner || row.role() == Role::Owner) && !by.is_owner {
            return Err(refuse(
                "role",
                ViolationCode::NotAllowed,
                "only an owner can grant or take away the owner role",
            ));
        }
        if row.role() == Role::Owner
            && role != Role::Owner
            && row.disabled_at.is_none()
            && active_owners(conn)? <= 1
        {
            return Err(refuse(
                "role",
                ViolationCode::NotAllowed,
                "the shop must keep at least one owner",
            ));
        }
        diesel::update(s::table.find(id))
            .set((s::role.eq(role.as_str()), s::updated_at.eq(now)))
            .execute(conn)?;
        audit::record(
            conn,
            by.actor,
            "staff.role_change",
            Some(gid(id)),
            json!({ "from": row.role, "to": role.as_str() }),
            now,
        )?;
        get_for_update(conn, id)
    })
}

/// Disables (signs out everywhere, refuses sign-in) or re-enables an account.
pub fn set_disabled(
    conn: &mut AnyConnection,
    by: &Manager<'_>,
    id: i64,
    disabled: bool,
    now: NaiveDateTime,
) -> Result<StaffRow, ManageError> {
    write_transaction(conn, |conn| {
        let row = get_for_update(conn, id)?;
        if by.staff_id == Some(id) {
            return Err(refuse(
                "id",
                ViolationCode::NotAllowed,
                "you cannot disable or enable yourself",
            ));
        }
        if row.role() == Role::Owner && !by.is_owner {
            return Err(refuse(
                "id",
                ViolationCode::NotAllowed,
                "only an owner can disable or enable an owner",
            ));
        }
        if disabled
            && row.role() == Role::Owner
            && row.disabled_at.is_none()
            && active_owners(conn)? <= 1
        {
            return Err(refuse(
                "id",
                ViolationCode::NotAllowed,
                "the shop must keep at least one active owner",
            ));
        }
        diesel::update(s::table.find(id))
            .set((
                s::disabled_at.eq(disabled.then_some(now)),
                s::updated_at.eq(now),
            ))
            .execute(conn)?;
        if disabled {
            revoke_all_sessions(conn, id, now)?;
        }
        audit::record(
            conn,
            by.actor,
            if disabled {
                "staff.disable"
            } else {
                "staff.enable"
            },
            Some(gid(id)),
            json!({}),
            now,
        )?;
        get_for_update(conn, id)
    })
}

/// Removes a staff member's second factor and recovery codes and signs them out: at their next
/// sign-in they enrol again.
pub fn reset_two_factor(
    conn: &mut AnyConnection,
    by: &Manager<'_>,
    id: i64,
    now: NaiveDateTime,
) -> Result<StaffRow, ManageError> {
    write_transaction(conn, |conn| {
        get_for_update(conn, id)?;
        diesel::update(s::table.find(id))
            .set((
                s::totp_secret.eq(None::<String>),
                s::totp_pending.eq(None::<String>),
                s::totp_last_step.eq(None::<i64>),
                s::updated_at.eq(now),
            ))
            .execute(conn)?;
        diesel::delete(rc::table.filter(rc::staff_id.eq(id))).execute(conn)?;
        revoke_all_sessions(conn, id, now)?;
        audit::record(
            conn,
            by.actor,
            "staff.two_factor_reset",
            Some(gid(id)),
            json!({}),
            now,
        )?;
        get_for_update(conn, id)
    })
}

/// Sets a password from a set-password link (invitation, `jangteo staff create`) and signs out
/// every session. The link is spent only if the password is accepted.
pub async fn set_password(
    auth: &Auth,
    db: &Db,
    token: &str,
    password: String,
    ip: Option<String>,
) -> Result<StaffRow, ManageError> {
    let now = auth.clock.now();
    let t = token.to_owned();
    let found = db
        .run(move |c| {
            Ok::<_, DbError>(
                match links::peek(c, links::Purpose::StaffPassword, &t, now)? {
                    Ok(id) => Ok(get(c, id)?),
                    Err(e) => Err(e),
                },
            )
        })
        .await?;
    let row = match found {
        Ok(Some(row)) => row,
        Ok(None) => return Err(link_refused(links::LinkError::Invalid)),
        Err(e) => return Err(link_refused(e)),
    };
    if let Err(p) = shared::account::check_password(&password, &row.email) {
        return Err(refuse(
            "password",
            crate::validation::code_of(p),
            crate::validation::password_message(p),
        ));
    }
    let hash = auth
        .passwords
        .hash(password)
        .await
        .map_err(|e| ManageError::Db(DbError::Corrupt(e.to_string())))?;
    let t = token.to_owned();
    db.run(move |c| {
        write_transaction(c, |c| {
            let id = match links::consume(c, links::Purpose::StaffPassword, &t, now)? {
                Ok(id) => id,
                Err(e) => return Err(link_refused(e)),
            };
            diesel::update(s::table.find(id))
                .set((s::password_hash.eq(hash), s::updated_at.eq(now)))
                .execute(c)?;
            revoke_all_sessions(c, id, now)?;
            let row = get_for_update(c, id)?;
            audit::record(
                c,
                &row.actor(ip),
                "staff.password_set",
                Some(gid(id)),
                json!({}),
                now,
            )?;
            Ok(row)
        })
    })
    .await
}

fn link_refused(e: links::LinkError) -> ManageError {
    let code = match e {
        links::LinkError::Invalid => ViolationCode::Invalid,
        links::LinkError::Expired => ViolationCode::Expired,
        links::LinkError::Used => ViolationCode::Used,
    };
    refuse("token", code, e.to_string())
}

/// Bootstraps an account from the command line: creates it and returns a set-password link.
pub fn create_with_link(
    conn: &mut AnyConnection,
    email: &str,
    name: &str,
    role: Role,
    now: NaiveDateTime,
    public_url: &str,
) -> Result<(StaffRow, String), ManageError> {
    write_transaction(conn, |conn| {
        let row = create(conn, email, name, role, now)?;
        let link = links::issue_now(conn, links::Purpose::StaffPassword, row.id, now, public_url)?;
        audit::record(
            conn,
            &Actor::system("command line"),
            "staff.create",
            Some(gid(row.id)),
            json!({ "email": row.email, "role": role.as_str() }),
            now,
        )?;
        Ok((row, link))
    })
}

/// The demo owner: a known password and TOTP secret, for local use only (`--demo`).
pub fn seed_demo_owner(
    conn: &mut AnyConnection,
    keys: &super::Keys,
    password_hash: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    if load_by_email(conn, DEMO_OWNER_EMAIL)?.is_some() {
        return Ok(false);
    }
    let secret = totp::from_base32(DEMO_OWNER_TOTP_SECRET).expect("valid base32");
    diesel::insert_into(s::table)
        .values((
            s::email.eq(DEMO_OWNER_EMAIL),
            s::name.eq("데모 운영자"),
            s::role.eq(Role::Owner.as_str()),
            s::password_hash.eq(password_hash),
            s::totp_secret.eq(keys.seal(&secret)),
            s::created_at.eq(now),
            s::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

pub const DEMO_OWNER_EMAIL: &str = "owner@demo.jangteo.kr";
pub const DEMO_OWNER_PASSWORD: &str = crate::members::DEMO_PASSWORD;
pub const DEMO_OWNER_TOTP_SECRET: &str = "JANGTEODEMOOWNER2FA7SECRETKEY234";

/// Staff members in id order.
pub fn list(conn: &mut AnyConnection, page: PageRequest) -> Result<Page<StaffRow>, DbError> {
    let mut q = s::table
        .select(StaffRow::as_select())
        .order(s::id.asc())
        .limit(page.fetch_limit())
        .into_boxed();
    if let Some(after) = page.after {
        q = q.filter(s::id.gt(after));
    }
    Ok(page.finish(q.load(conn)?))
}

pub fn get(conn: &mut AnyConnection, id: i64) -> Result<Option<StaffRow>, DbError> {
    Ok(s::table
        .find(id)
        .select(StaffRow::as_select())
        .first(conn)
        .optional()?)
}
