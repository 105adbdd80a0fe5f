//! Idempotency keys for mutations that move money or stock (`checkoutComplete`, refunds,
//! cancellations, simulated deposits): the same key with the same request within
//! [`WINDOW`] returns the first outcome instead of acting again; the same key with a different
//! request is refused.
//!
//! The key is claimed at the *start* of the caller's write transaction, so a concurrent request
//! with the same key waits on the row (PostgreSQL) or the write lock (SQLite) until the first one
//! commits, and then replays its outcome. A transaction that fails leaves no key behind.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::db::schema::idempotency_keys as k;
use crate::db::{self, AnyConnection, DbError};
use crate::validation::{Violation, ViolationCode};

/// How long a key is remembered.
pub const WINDOW: chrono::TimeDelta = chrono::TimeDelta::hours(24);
/// Longest key accepted.
pub const MAX_KEY_CHARS: usize = 255;

/// What a claimed key says.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// First use: go ahead, then [`finish`] with the outcome.
    Fresh,
    /// Used before with the same request: this was the outcome.
    Replay(Value),
}

#[derive(Debug, thiserror::Error)]
pub enum IdempotencyError {
    /// The key was used with a different request, or is malformed.
    #[error("{}", .0.message)]
    Refused(Violation),
    /// A concurrent request with the same key committed first: run the transaction again to
    /// replay its outcome.
    #[error("a concurrent request with the same idempotency key finished first")]
    Race,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for IdempotencyError {
    fn from(e: diesel::result::Error) -> Self {
        IdempotencyError::Db(e.into())
    }
}

/// The fingerprint of a request: SHA-256 of its JSON.
pub fn fingerprint(request: &impl Serialize) -> String {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_string(request).unwrap_or_default();
    Sha256::digest(json.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a key's form: 1 to 255 visible ASCII characters (a UUID is typical).
pub fn check_key(field: &str, key: &str) -> Result<(), Violation> {
    let ok = !key.is_empty()
        && key.chars().count() <= MAX_KEY_CHARS
        && key.chars().all(|c| c.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(Violation::new(
            &[field],
            ViolationCode::Invalid,
            format!(
                "an idempotency key is 1 to {MAX_KEY_CHARS} visible ASCII characters, e.g. a UUID"
            ),
        ))
    }
}

/// Claims `key` in `scope` for a request with `fingerprint`, inside the caller's write
/// transaction (call it first there).
pub fn claim(
    conn: &mut AnyConnection,
    field: &str,
    scope: &str,
    key: &str,
    fingerprint: &str,
    now: NaiveDateTime,
) -> Result<Claim, IdempotencyError> {
    check_key(field, key).map_err(IdempotencyError::Refused)?;
    let existing: Option<(String, String, NaiveDateTime)> = k::table
        .find((scope, key))
        .select((k::request_hash, k::outcome, k::created_at))
        .first(conn)
        .optional()?;
    if let Some((hash, outcome, created_at)) = existing {
        if created_at > now - WINDOW {
            if hash != fingerprint {
                return Err(IdempotencyError::Refused(Violation::new(
                    &[field],
                    ViolationCode::IdempotencyKeyReused,
                    "this idempotency key was used with a different request; use a new key for a new request",
                )));
            }
            let outcome = serde_json::from_str(&outcome)
                .map_err(|e| DbError::Corrupt(format!("idempotency outcome of {key:?}: {e}")))?;
            return Ok(Claim::Replay(outcome));
        }
        diesel::delete(k::table.find((scope, key))).execute(conn)?;
    }
    let inserted = diesel::insert_into(k::table)
        .values((
            k::scope.eq(scope),
            k::key.eq(key),
            k::request_hash.eq(fingerprint),
            k::outcome.eq("null"),
            k::created_at.eq(now),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(Claim::Fresh),
        Err(e) if db::is_unique_violation(&e) => Err(IdempotencyError::Race),
        Err(e) => Err(e.into()),
    }
}

/// The outcome of `key` if it was used (within the window) with a request of `fingerprint`,
/// without claiming it; a different request is refused as [`claim`] would.
pub fn peek(
    conn: &mut AnyConnection,
    field: &str,
    scope: &str,
    key: &str,
    fingerprint: &str,
    now: NaiveDateTime,
) -> Result<Option<Value>, IdempotencyError> {
    check_key(field, key).map_err(IdempotencyError::Refused)?;
    let existing: Option<(String, String, NaiveDateTime)> = k::table
        .find((scope, key))
        .select((k::request_hash, k::outcome, k::created_at))
        .first(conn)
        .optional()?;
    match existing {
        Some((hash, outcome, created_at)) if created_at > now - WINDOW => {
            if hash != fingerprint {
                return Err(IdempotencyError::Refused(Violation::new(
                    &[field],
                    ViolationCode::IdempotencyKeyReused,
                    "this idempotency key was used with a different request; use a new key for a new request",
                )));
            }
            Ok(serde_json::from_str(&outcome).ok())
        }
        _ => Ok(None),
    }
}

/// Records the outcome of a fresh claim, in the same transaction.
pub fn finish(
    conn: &mut AnyConnection,
    scope: &str,
    key: &str,
    outcome: &Value,
) -> Result<(), DbError> {
    diesel::update(k::table.find((scope, key)))
        .set(k::outcome.eq(outcome.to_string()))
        .execute(conn)?;
    Ok(())
}

/// Forgets keys older than the window (housekeeping).
pub fn purge(conn: &mut AnyConnection, now: NaiveDateTime) -> Result<usize, DbError> {
    Ok(diesel::delete(k::table.filter(k::created_at.lt(now - WINDOW))).execute(conn)?)
}

/// Runs `attempt` (a whole write transaction that claims a key) again when it lost a race with
/// a concurrent request of the same key, so the second run replays the first's outcome.
pub fn retrying<T, E>(mut attempt: impl FnMut() -> Result<T, E>) -> Result<T, E>
where
    E: IsRace,
{
    let mut tries = 0;
    loop {
        match attempt() {
            Err(e) if e.is_race() && tries < 3 => tries += 1,
            other => return other,
        }
    }
}

/// Errors that can report a lost idempotency race.
pub trait IsRace {
    fn is_race(&self) -> bool;
}
