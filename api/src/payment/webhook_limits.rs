//! Counting the gateways' webhook notifications that carry no secret, in the database so that
//! every server process shares the counts: fixed-window limits per client address and per order,
//! the per-payment window within which one gateway lookup serves every notification, and
//! counters of the notifications dropped without being stored.
//!
//! Every count is one statement (an upsert), so concurrent notifications are counted exactly on
//! both backends: PostgreSQL locks the row for `ON CONFLICT DO UPDATE` and evaluates the update
//! on its latest committed version; SQLite has one writer at a time.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use crate::config::WebhooksConfig;
use crate::db::schema::webhook_throttle as t;
use crate::db::{AnyConnection, DbError};

/// The limits, from `payments.webhooks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub per_ip: i64,
    pub per_order: i64,
    pub window: TimeDelta,
    pub dedupe: TimeDelta,
}

impl Limits {
    pub fn from_config(config: &WebhooksConfig) -> Limits {
        Limits {
            per_ip: i64::from(config.per_ip_limit.max(1)),
            per_order: i64::from(config.per_order_limit.max(1)),
            window: TimeDelta::seconds(i64::from(config.window_secs.max(1))),
            dedupe: TimeDelta::seconds(i64::from(config.dedupe_secs)),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::from_config(&WebhooksConfig::default())
    }
}

/// What a limit counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The client's address.
    Ip,
    /// The order the notification names.
    Order,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Ip => "ip",
            Scope::Order => "order",
        }
    }
}

/// Whether a notification may go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Open,
    /// Over the limit of `scope` until its window ends, in this many seconds (at least 1).
    Limited {
        scope: Scope,
        retry_after_secs: i64,
    },
}

#[derive(QueryableByName)]
struct Hits {
    #[diesel(sql_type = BigInt)]
    hits: i64,
    #[diesel(sql_type = Timestamp)]
    window_start: NaiveDateTime,
}

/// Runs `$sql` (written with SQLite's `?N` placeholders, PostgreSQL gets `$N`) on either backend
/// with the typed binds, loading rows of `$row`.
macro_rules! load_sql {
    ($conn:expr, $sql:expr, $row:ty, [$($kind:ty => $value:expr),* $(,)?]) => {
        match $conn {
            AnyConnection::Postgresql(pg) => diesel::sql_query($sql.replace('?', "$"))
                $(.bind::<$kind, _>($value))*
                .load::<$row>(pg)?,
            AnyConnection::Sqlite(lite) => diesel::sql_query($sql)
                $(.bind::<$kind, _>($value))*
                .load::<$row>(lite)?,
        }
    };
}

fn one(rows: Vec<Hits>) -> Result<Hits, DbError> {
    rows.into_iter()
        .next()
        .ok_or_else(|| DbError::Corrupt("an upsert returned no row".into()))
}

/// Counts one hit on `key` in its fixed window (a new window starts with the first hit after the
/// last one ended): the hits of this window so far, this one included, and when it started.
fn hit(
    conn: &mut AnyConnection,
    key: &str,
    window: TimeDelta,
    now: NaiveDateTime,
) -> Result<Hits, DbError> {
    let rows = load_sql!(
        conn,
        "INSERT INTO webhook_throttle (\"key\", window_start, hits, updated_at) \
         VALUES (?1, ?2, 1, ?2) \
         ON CONFLICT (\"key\") DO UPDATE SET \
             hits = CASE WHEN webhook_throttle.window_start <= ?3 THEN 1 \
                         ELSE webhook_throttle.hits + 1 END, \
             window_start = CASE WHEN webhook_throttle.window_start <= ?3 THEN ?2 \
                                 ELSE webhook_throttle.window_start END, \
             updated_at = ?2 \
         RETURNING hits, window_start",
        Hits,
        [Text => key, Timestamp => now, Timestamp => now - window]
    );
    one(rows)
}

/// Charges one notification to `key`: open while the window's hits stay within `limit`.
pub fn charge(
    conn: &mut AnyConnection,
    scope: Scope,
    key: &str,
    limit: i64,
    window: TimeDelta,
    now: NaiveDateTime,
) -> Result<Gate, DbError> {
    let h = hit(conn, key, window, now)?;
    if h.hits <= limit {
        return Ok(Gate::Open);
    }
    if h.hits == limit + 1 {
        // Once per key and window, not once per refused notification.
        tracing::warn!(
            key,
            limit,
            window_secs = window.num_seconds(),
            "webhook notifications over their limit: refused with 429 until the window ends"
        );
    }
    let left_ms = (h.window_start + window - now).num_milliseconds();
    Ok(Gate::Limited {
        scope,
        retry_after_secs: ((left_ms + 999) / 1000).clamp(1, window.num_seconds().max(1)),
    })
}

/// Claims the lookup window of `key`: `true` (and the window restarts now) when no lookup was
/// claimed within `dedupe` before `now`; of concurrent claims exactly one wins.
pub fn claim_lookup(
    conn: &mut AnyConnection,
    key: &str,
    dedupe: TimeDelta,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let rows = load_sql!(
        conn,
        "INSERT INTO webhook_throttle (\"key\", window_start, hits, updated_at) \
         VALUES (?1, ?2, 1, ?2) \
         ON CONFLICT (\"key\") DO UPDATE SET \
             window_start = ?2, hits = webhook_throttle.hits + 1, updated_at = ?2 \
             WHERE webhook_throttle.window_start <= ?3 \
         RETURNING hits, window_start",
        Hits,
        [Text => key, Timestamp => now, Timestamp => now - dedupe]
    );
    Ok(!rows.is_empty())
}

/// Counts a notification of `provider` dropped for `reason` (never reset): the count so far.
pub fn count_drop(
    conn: &mut AnyConnection,
    provider: &str,
    reason: &str,
    now: NaiveDateTime,
) -> Result<i64, DbError> {
    let key = format!("dropped:{provider}:{reason}");
    let rows = load_sql!(
        conn,
        "INSERT INTO webhook_throttle (\"key\", window_start, hits, updated_at) \
         VALUES (?1, ?2, 1, ?2) \
         ON CONFLICT (\"key\") DO UPDATE SET \
             hits = webhook_throttle.hits + 1, updated_at = ?2 \
         RETURNING hits, window_start",
        Hits,
        [Text => &key, Timestamp => now]
    );
    Ok(one(rows)?.hits)
}

/// How many notifications of `provider` were dropped, by reason (`malformed`, `unknown_order`,
/// `settled`, `coalesced`), for staff and tests.
pub fn dropped(conn: &mut AnyConnection, provider: &str) -> Result<Vec<(String, i64)>, DbError> {
    let prefix = format!("dropped:{provider}:");
    let rows: Vec<(String, i64)> = t::table
        .filter(t::key.like(format!("{prefix}%")))
        .select((t::key, t::hits))
        .order(t::key.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(k, n)| k.strip_prefix(&prefix).map(|r| (r.to_owned(), n)))
        .collect())
}

/// The key a client address is counted under: an IPv4 address as it is, an IPv6 address by its
/// /64 (one subscriber's network: its addresses are free to its owner).
pub fn ip_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("ip:{v4}"),
            None => {
                let s = v6.segments();
                let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("ip:{net}/64")
            }
        },
        Ok(std::net::IpAddr::V4(v4)) => format!("ip:{v4}"),
        Err(_) => format!("ip:{}", ip.chars().take(64).collect::<String>()),
    }
}

/// Deletes the windows that have been quiet since `before` (housekeeping); the drop counters stay.
pub fn purge(conn: &mut AnyConnection, before: NaiveDateTime) -> Result<usize, DbError> {
    Ok(diesel::delete(
        t::table
            .filter(t::updated_at.lt(before))
            .filter(t::key.not_like("dropped:%")),
    )
    .execute(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_counted_by_host_or_ipv6_network() {
        assert_eq!(ip_key("203.0.113.7"), "ip:203.0.113.7");
        assert_eq!(ip_key("::ffff:203.0.113.7"), "ip:203.0.113.7");
        assert_eq!(
            ip_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"),
            "ip:2001:db8:1:2::/64"
        );
        assert_eq!(ip_key("2001:db8:1:2::1"), ip_key("2001:db8:1:2:ffff::9"));
        assert_ne!(ip_key("2001:db8:1:2::1"), ip_key("2001:db8:1:3::1"));
    }
}
