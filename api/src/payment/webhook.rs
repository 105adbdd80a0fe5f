//! Gateways' webhooks. A delivery is stored raw in `inbound_events`, unique on the provider's
//! event key, before it changes anything, so the same event delivered many times (at once, too)
//! is acted on once and answered 200 each time. The body is never trusted: a deposit
//! notification's `secret` must match the one the gateway gave with the payment, and then the
//! payment is looked up with the gateway itself (by a job) before anything changes.
//!
//! Notifications without a secret (Toss's `PAYMENT_STATUS_CHANGED`) are free to forge and each
//! could spend a gateway lookup, so they are checked before they are stored: those naming no
//! payment of this gateway, or a settled one, are only counted; the rest are rate-limited per
//! client address and per order, and one lookup per payment serves every notification within a
//! window ([`receive`], [`super::webhook_limits`]).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use subtle::ConstantTimeEq;

use super::Payments;
use super::gateway::WebhookEvent;
use super::model::PaymentStatus;
use super::webhook_limits::{self, Gate, Limits, Scope};
use crate::db::schema::inbound_events as ie;
use crate::db::{self, AnyConnection, DbError, write_transaction};
use crate::jobs::store;
use crate::order::service as orders_svc;

/// Largest webhook body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The code of a 429 answer's JSON body (`{"status": "limited", "code": "RATE_LIMITED", …}`).
pub const RATE_LIMITED: &str = "RATE_LIMITED";

/// What became of a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receipt {
    /// New; the payment will be looked up.
    Accepted,
    /// An event already received (answered 200 so the gateway stops resending).
    Duplicate,
    /// About an order this installation does not have (through this gateway), or a payment that
    /// is settled: nothing to look up. Counted, not stored.
    Ignored,
    /// Served by the lookup a recent notification of the same payment queued. Counted, not
    /// stored.
    Coalesced,
    /// Over a limit on unauthenticated notifications: the gateway should deliver it again after
    /// `retry_after_secs`. Nothing was stored.
    Limited { scope: Scope, retry_after_secs: i64 },
    /// Its secret does not match the payment's: forged or corrupted.
    Rejected,
    /// Not an event of this gateway. Counted, not stored.
    Malformed,
}

impl Receipt {
    /// The HTTP status the gateway gets.
    pub fn http_status(self) -> u16 {
        match self {
            Receipt::Accepted | Receipt::Duplicate | Receipt::Ignored | Receipt::Coalesced => 200,
            Receipt::Limited { .. } => 429,
            Receipt::Rejected => 401,
            Receipt::Malformed => 400,
        }
    }

    /// The word the answer's `status` carries.
    pub fn word(self) -> &'static str {
        match self {
            Receipt::Accepted => "accepted",
            Receipt::Duplicate => "duplicate",
            Receipt::Ignored => "ignored",
            Receipt::Coalesced => "coalesced",
            Receipt::Limited { .. } => "limited",
            Receipt::Rejected => "rejected",
            Receipt::Malformed => "malformed",
        }
    }
}

/// Stores the delivery unless its event is known; `Some(id)` for a new event.
fn store_event(
    conn: &mut AnyConnection,
    provider: &str,
    key: &str,
    body: &str,
    status: &str,
) -> Result<Option<i64>, DbError> {
    use diesel::sql_types::{Text, Timestamp};
    let now = db::now();
    let inserted = match conn {
        AnyConnection::Postgresql(pg) => diesel::sql_query(
            "INSERT INTO inbound_events (provider, event_key, body, status, received_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider, event_key) DO NOTHING",
        )
        .bind::<Text, _>(provider)
        .bind::<Text, _>(key)
        .bind::<Text, _>(body)
        .bind::<Text, _>(status)
        .bind::<Timestamp, _>(now)
        .execute(pg)?,
        AnyConnection::Sqlite(lite) => diesel::sql_query(
            "INSERT INTO inbound_events (provider, event_key, body, status, received_at) \
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (provider, event_key) DO NOTHING",
        )
        .bind::<Text, _>(provider)
        .bind::<Text, _>(key)
        .bind::<Text, _>(body)
        .bind::<Text, _>(status)
        .bind::<Timestamp, _>(now)
        .execute(lite)?,
    };
    let id: i64 = ie::table
        .filter(ie::provider.eq(provider))
        .filter(ie::event_key.eq(key))
        .select(ie::id)
        .first(conn)?;
    if inserted == 0 {
        // A delivery refused before (a forged one under a real event's key, say) does not make
        // the genuine one a repeat: it is looked at afresh.
        let rejected = diesel::update(ie::table.find(id).filter(ie::status.eq("REJECTED")))
            .set((
                ie::body.eq(body),
                ie::status.eq(status),
                ie::note.eq(""),
                ie::deliveries.eq(ie::deliveries + 1),
            ))
            .execute(conn)?;
        if rejected == 1 {
            return Ok(Some(id));
        }
        diesel::update(ie::table.find(id))
            .set(ie::deliveries.eq(ie::deliveries + 1))
            .execute(conn)?;
        return Ok(None);
    }
    Ok(Some(id))
}

/// Whether an event with this key was stored and not refused (a refused one is looked at
/// afresh by [`store_event`]).
fn already_stored(conn: &mut AnyConnection, provider: &str, key: &str) -> Result<bool, DbError> {
    use diesel::dsl::{exists, select};
    Ok(select(exists(
        ie::table
            .filter(ie::provider.eq(provider))
            .filter(ie::event_key.eq(key))
            .filter(ie::status.ne("REJECTED")),
    ))
    .get_result(conn)?)
}

fn settle(conn: &mut AnyConnection, id: i64, status: &str, note: &str) -> Result<(), DbError> {
    diesel::update(ie::table.find(id))
        .set((
            ie::status.eq(status),
            ie::note.eq(note),
            ie::processed_at.eq(db::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Where and when a delivery arrived.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The client's address (`None` for deliveries made inside this installation, e.g. the
    /// sandbox's own, which are never charged).
    pub ip: Option<String>,
    pub now: NaiveDateTime,
}

impl Origin {
    /// A delivery made by this installation itself (the sandbox gateway's job).
    pub fn internal() -> Origin {
        Origin {
            ip: None,
            now: db::now(),
        }
    }
}

/// Counts a notification dropped without being stored, and says so in the log (at `info` when
/// the count reaches a power of two, so a flood is visible without a line per request).
fn drop_counted(
    conn: &mut AnyConnection,
    provider: &str,
    reason: &str,
    order: &str,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    let count = webhook_limits::count_drop(conn, provider, reason, now)?;
    let order: String = order.chars().take(64).collect();
    if u64::try_from(count).is_ok_and(u64::is_power_of_two) {
        tracing::info!(
            provider, reason, count, order.number = %order,
            "webhook notifications dropped without being stored"
        );
    } else {
        tracing::debug!(
            provider, reason, count, order.number = %order,
            "webhook notification dropped"
        );
    }
    Ok(())
}

/// Charges an unauthenticated notification to its client's address.
fn charge_ip(
    conn: &mut AnyConnection,
    limits: &Limits,
    origin: &Origin,
) -> Result<Option<Receipt>, DbError> {
    let Some(ip) = origin.ip.as_deref() else {
        return Ok(None);
    };
    let key = webhook_limits::ip_key(ip);
    let gate = webhook_limits::charge(
        conn,
        Scope::Ip,
        &key,
        limits.per_ip,
        limits.window,
        origin.now,
    )?;
    Ok(refusal(gate))
}

/// The answer to a notification a limit refused, if one did.
fn refusal(gate: Gate) -> Option<Receipt> {
    match gate {
        Gate::Open => None,
        Gate::Limited {
            scope,
            retry_after_secs,
        } => Some(Receipt::Limited {
            scope,
            retry_after_secs,
        }),
    }
}

/// Receives one delivery of `provider`'s webhook (`None` when the provider is not configured).
///
/// A deposit callback whose secret matches its payment's is stored and acted on at once, never
/// limited. Everything else is unauthenticated and only ever leads to a lookup at the gateway, so
/// it is refused as cheaply as it can be, in this order, storing nothing but counters until a
/// lookup is due:
///
/// 1. not an event of this gateway: 400, counted as `malformed`;
/// 2. charged to the client's address (a notification with a secret only once the secret turns
///    out not to match, or there is no payment to match it against): 429 over
///    `payments.webhooks.per_ip_limit`;
/// 3. naming no order paid through this gateway: 200 (the gateway stops resending), counted as
///    `unknown_order`;
/// 4. a secret that does not match: stored as `REJECTED` and answered 401 (as before);
/// 5. about a payment that is settled (paid, refunded, cancelled, expired), which a lookup
///    cannot change: 200, counted as `settled`;
/// 6. charged to the order: 429 over `per_order_limit`;
/// 7. within `dedupe_secs` of the last lookup a notification queued for this payment: 200,
///    counted as `coalesced`;
/// 8. stored, and a lookup queued unless one is still pending for the payment (at most one is,
///    [`store::enqueue_unique`]).
///
/// 429 is what the gateway's protocol expects of a refusal that is not final: Toss treats any
/// answer but 200 as a failed delivery and sends it again after 1, 4, 16, 64… minutes, so a
/// genuine notification caught in a burst arrives again after the window; the reconciliation task
/// asks the gateway about unpaid orders every few minutes in any case.
pub fn receive(
    conn: &mut AnyConnection,
    payments: &Payments,
    provider: &str,
    body: &str,
    origin: &Origin,
) -> Result<Option<Receipt>, DbError> {
    let Some(gateway) = payments.gateways.named(provider) else {
        return Ok(None);
    };
    let limits = payments.webhooks;
    let now = origin.now;
    let Some(event) = gateway.parse_webhook(body) else {
        drop_counted(conn, provider, "malformed", "", now)?;
        return Ok(Some(Receipt::Malformed));
    };
    if event.secret.is_none()
        && let Some(limited) = charge_ip(conn, &limits, origin)?
    {
        return Ok(Some(limited));
    }
    let found = match orders_svc::by_number(conn, &event.order_id)? {
        Some(order) => orders_svc::payment(conn, &order)?
            .filter(|p| p.gateway == provider)
            .map(|p| (order, p)),
        None => None,
    };
    let Some((order, payment)) = found else {
        // A secret with no payment to check it against proves nothing either.
        if event.secret.is_some()
            && let Some(limited) = charge_ip(conn, &limits, origin)?
        {
            return Ok(Some(limited));
        }
        drop_counted(conn, provider, "unknown_order", &event.order_id, now)?;
        return Ok(Some(Receipt::Ignored));
    };
    match (event.secret.as_deref(), payment.deposit_secret.as_deref()) {
        (Some(sent), Some(stored)) if bool::from(sent.as_bytes().ct_eq(stored.as_bytes())) => {
            return accept_authenticated(conn, provider, body, &event, order.id).map(Some);
        }
        (Some(_), Some(_)) => {
            if let Some(limited) = charge_ip(conn, &limits, origin)? {
                return Ok(Some(limited));
            }
            tracing::warn!(order.number = %order.number, provider, "webhook with a wrong secret");
            return write_transaction(conn, |conn| {
                let Some(id) = store_event(conn, provider, &event.key, body, "RECEIVED")? else {
                    return Ok(Some(Receipt::Duplicate));
                };
                settle(
                    conn,
                    id,
                    "REJECTED",
                    "the secret does not match the payment's",
                )?;
                Ok(Some(Receipt::Rejected))
            });
        }
        // A secret the payment has none to compare with proves nothing.
        (Some(_), None) => {
            if let Some(limited) = charge_ip(conn, &limits, origin)? {
                return Ok(Some(limited));
            }
        }
        (None, _) => {}
    }
    if !matches!(
        payment.status,
        PaymentStatus::Pending | PaymentStatus::Confirming | PaymentStatus::WaitingForDeposit
    ) {
        drop_counted(conn, provider, "settled", &order.number, now)?;
        return Ok(Some(Receipt::Ignored));
    }
    let gate = webhook_limits::charge(
        conn,
        Scope::Order,
        &format!("order:{}", order.id),
        limits.per_order,
        limits.window,
        now,
    )?;
    if let Some(limited) = refusal(gate) {
        return Ok(Some(limited));
    }
    let window_key = format!("lookup:{provider}:{}", payment.id);
    let job_key = format!("payment.lookup:{}", payment.id);
    let (receipt, in_window) = write_transaction(conn, |conn| {
        // A repeat of a stored event is answered before the window is claimed: replaying an old
        // event must not keep a payment's window open with no lookup queued.
        if already_stored(conn, provider, &event.key)? {
            let _ = store_event(conn, provider, &event.key, body, "RECEIVED")?;
            return Ok((Receipt::Duplicate, false));
        }
        if !webhook_limits::claim_lookup(conn, &window_key, limits.dedupe, now)? {
            return Ok::<_, DbError>((Receipt::Coalesced, true));
        }
        let Some(id) = store_event(conn, provider, &event.key, body, "RECEIVED")? else {
            return Ok((Receipt::Duplicate, false));
        };
        let job = super::jobs::ReconcileOrder {
            order_id: order.id,
            event_id: Some(id),
        };
        if store::enqueue_unique(conn, &job, &job_key)?.is_none() {
            settle(
                conn,
                id,
                "IGNORED",
                "a lookup of this payment is already pending",
            )?;
            return Ok((Receipt::Coalesced, false));
        }
        Ok((Receipt::Accepted, false))
    })?;
    if in_window {
        drop_counted(conn, provider, "coalesced", &order.number, now)?;
    }
    Ok(Some(receipt))
}

/// A notification that proved itself: stored (once per event) and acted on.
fn accept_authenticated(
    conn: &mut AnyConnection,
    provider: &str,
    body: &str,
    event: &WebhookEvent,
    order_id: i64,
) -> Result<Receipt, DbError> {
    write_transaction(conn, |conn| {
        let Some(id) = store_event(conn, provider, &event.key, body, "RECEIVED")? else {
            return Ok(Receipt::Duplicate);
        };
        store::enqueue(
            conn,
            &super::jobs::ReconcileOrder {
                order_id,
                event_id: Some(id),
            },
        )?;
        Ok(Receipt::Accepted)
    })
}

/// Marks an event handled.
pub fn processed(conn: &mut AnyConnection, id: i64) -> Result<(), DbError> {
    settle(conn, id, "PROCESSED", "")
}

/// A stored event, for tests and staff: (status, deliveries).
pub fn event_state(
    conn: &mut AnyConnection,
    provider: &str,
    key: &str,
) -> Result<Option<(String, i32)>, DbError> {
    Ok(ie::table
        .filter(ie::provider.eq(provider))
        .filter(ie::event_key.eq(key))
        .select((ie::status, ie::deliveries))
        .first(conn)
        .optional()?)
}
