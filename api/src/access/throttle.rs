//! Failed-login back-off, per account and per IP address, for shoppers and staff.
//!
//! After the n-th failure in a row a key is blocked for 2^(n-1) seconds (1 s, 2 s, 4 s, …),
//! capped at `auth.max_backoff_secs` (an hour). An IP address gets `auth.ip_free_failures`
//! failures before its own back-off starts, so one office behind one address is not locked out
//! by a colleague's typos.
//!
//! An attempt is *reserved* before the password is checked: in one write transaction the keys are
//! checked and charged as if the attempt failed; a success then clears the account's key. So a
//! burst of parallel guesses is evaluated one at a time: the first is checked, the others find
//! the account blocked — across server processes too, since the state is in the database.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::login_throttle as t;
use crate::db::{AnyConnection, DbError, write_transaction};

/// The throttle's settings.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub ip_free_failures: u32,
    pub max_backoff_secs: u32,
}

/// The keys one login attempt is charged to.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// E.g. `member:kim@example.com` or `staff-totp:7`.
    pub account: String,
    /// The client's address, if known.
    pub ip: Option<String>,
}

/// Whether an attempt may be evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Open,
    /// Blocked for this many more seconds (at least 1).
    Blocked {
        retry_after_secs: i64,
    },
}

/// Seconds a key is blocked after its `failures`-th failure in a row.
pub fn backoff_secs(failures: u32, max: u32) -> i64 {
    if failures == 0 {
        return 0;
    }
    let exp = (failures - 1).min(30);
    (1i64 << exp).min(i64::from(max))
}

struct Row {
    failures: i32,
    blocked_until: NaiveDateTime,
}

fn load(conn: &mut AnyConnection, key: &str) -> Result<Option<Row>, DbError> {
    Ok(t::table
        .find(key)
        .select((t::failures, t::blocked_until))
        .first::<(i32, NaiveDateTime)>(conn)
        .optional()?
        .map(|(failures, blocked_until)| Row {
            failures,
            blocked_until,
        }))
}

fn store(
    conn: &mut AnyConnection,
    key: &str,
    failures: i32,
    blocked_until: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    let updated = diesel::update(t::table.find(key))
        .set((
            t::failures.eq(failures),
            t::blocked_until.eq(blocked_until),
            t::updated_at.eq(now),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(t::table)
            .values((
                t::key.eq(key),
                t::failures.eq(failures),
                t::blocked_until.eq(blocked_until),
                t::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

/// Makes sure `key` has a row, so that charging it is always a conditional update (concurrent
/// first attempts would otherwise race to insert). Its own statement: a lost race is harmless.
fn ensure_row(conn: &mut AnyConnection, key: &str, now: NaiveDateTime) -> Result<(), DbError> {
    let epoch = chrono::DateTime::UNIX_EPOCH.naive_utc();
    if load(conn, key)?.is_some() {
        return Ok(());
    }
    match diesel::insert_into(t::table)
        .values((
            t::key.eq(key),
            t::failures.eq(0),
            t::blocked_until.eq(epoch),
            t::updated_at.eq(now),
        ))
        .execute(conn)
    {
        Ok(_) => Ok(()),
        Err(e) if crate::db::is_unique_violation(&e) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Charges `key` one failure if it is not blocked, conditionally on the row being unchanged
/// since it was read: of concurrent attempts exactly one is charged, the others find it blocked.
fn charge(
    conn: &mut AnyConnection,
    key: &str,
    free: u32,
    max: u32,
    now: NaiveDateTime,
) -> Result<Gate, DbError> {
    for _ in 0..5 {
        let row =
            load(conn, key)?.ok_or_else(|| DbError::Corrupt("throttle row vanished".into()))?;
        if row.blocked_until > now {
            let ms = (row.blocked_until - now).num_milliseconds();
            return Ok(Gate::Blocked {
                retry_after_secs: (ms + 999) / 1000,
            });
        }
        let failures = row.failures + 1;
        let over = u32::try_from(failures)
            .unwrap_or(u32::MAX)
            .saturating_sub(free);
        let until = now + chrono::Duration::seconds(backoff_secs(over, max));
        let charged = diesel::update(
            t::table
                .find(key)
                .filter(t::failures.eq(row.failures))
                .filter(t::blocked_until.eq(row.blocked_until)),
        )
        .set((
            t::failures.eq(failures),
            t::blocked_until.eq(until),
            t::updated_at.eq(now),
        ))
        .execute(conn)?;
        if charged == 1 {
            return Ok(Gate::Open);
        }
    }
    Ok(Gate::Blocked {
        retry_after_secs: 1,
    })
}

/// Checks the attempt's keys and, if none is blocked, charges them a failure in advance.
pub fn reserve(
    conn: &mut AnyConnection,
    policy: Policy,
    attempt: &Attempt,
    now: NaiveDateTime,
) -> Result<Gate, DbError> {
    ensure_row(conn, &attempt.account, now)?;
    if let Some(ip) = &attempt.ip {
        ensure_row(conn, &ip_key(ip), now)?;
    }
    write_transaction(conn, |conn| {
        if let Some(ip) = &attempt.ip
            && let Some(row) = load(conn, &ip_key(ip))?
            && row.blocked_until > now
        {
            let ms = (row.blocked_until - now).num_milliseconds();
            return Ok(Gate::Blocked {
                retry_after_secs: (ms + 999) / 1000,
            });
        }
        let gate = charge(conn, &attempt.account, 0, policy.max_backoff_secs, now)?;
        if gate == Gate::Open
            && let Some(ip) = &attempt.ip
        {
            // The address is charged too (after its free allowance); it was open just above.
            charge(
                conn,
                &ip_key(ip),
                policy.ip_free_failures,
                policy.max_backoff_secs,
                now,
            )?;
        }
        Ok(gate)
    })
}

/// The reserved attempt succeeded: the account starts afresh and the IP's advance charge is
/// taken back. Runs in the caller's transaction (the one that starts the session).
pub fn succeeded(
    conn: &mut AnyConnection,
    attempt: &Attempt,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::delete(t::table.find(&attempt.account)).execute(conn)?;
    if let Some(ip) = &attempt.ip {
        let key = ip_key(ip);
        if let Some(row) = load(conn, &key)? {
            let failures = (row.failures - 1).max(0);
            // Only lift a block this very attempt imposed.
            let until = if failures == 0 {
                now
            } else {
                row.blocked_until
            };
            store(conn, &key, failures, until, now)?;
        }
    }
    Ok(())
}

/// Deletes keys that have been quiet for a day (housekeeping).
pub fn purge(conn: &mut AnyConnection, before: NaiveDateTime) -> Result<usize, DbError> {
    Ok(diesel::delete(t::table.filter(t::updated_at.lt(before))).execute(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_back_off_doubles_up_to_the_cap() {
        let curve: Vec<i64> = (0..=14).map(|n| backoff_secs(n, 3600)).collect();
        assert_eq!(
            curve,
            [
                0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600, 3600
            ]
        );
        assert_eq!(backoff_secs(u32::MAX, 3600), 3600);
    }
}
