//! Gateways' webhooks. Every delivery is stored raw in `inbound_events`, unique on the provider's
//! event key, before anything else happens, so the same event delivered many times (at once,
//! too) is acted on once and answered 200 each time. The body is never trusted: a deposit
//! notification's `secret` must match the one the gateway gave with the payment, and then the
//! payment is looked up with the gateway itself (by a job) before anything changes.

use diesel::prelude::*;
use subtle::ConstantTimeEq;

use super::Payments;
use crate::db::schema::inbound_events as ie;
use crate::db::{self, AnyConnection, DbError, write_transaction};
use crate::jobs::store;
use crate::order::service as orders_svc;

/// Largest webhook body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What became of a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receipt {
    /// New; the payment will be looked up.
    Accepted,
    /// An event already received (answered 200 so the gateway stops resending).
    Duplicate,
    /// About an order this installation does not have.
    Ignored,
    /// Its secret does not match the payment's: forged or corrupted.
    Rejected,
    /// Not an event of this gateway.
    Malformed,
}

impl Receipt {
    /// The HTTP status the gateway gets.
    pub fn http_status(self) -> u16 {
        match self {
            Receipt::Accepted | Receipt::Duplicate | Receipt::Ignored => 200,
            Receipt::Rejected => 401,
            Receipt::Malformed => 400,
        }
    }
}

fn sha256_hex(body: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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

/// Receives one delivery of `provider`'s webhook (`None` when the provider is not configured).
pub fn receive(
    conn: &mut AnyConnection,
    payments: &Payments,
    provider: &str,
    body: &str,
) -> Result<Option<Receipt>, DbError> {
    let Some(gateway) = payments.gateways.named(provider) else {
        return Ok(None);
    };
    let event = gateway.parse_webhook(body);
    write_transaction(conn, |conn| {
        let key = event
            .as_ref()
            .map_or_else(|| format!("raw:{}", sha256_hex(body)), |e| e.key.clone());
        let Some(id) = store_event(conn, provider, &key, body, "RECEIVED")? else {
            return Ok(Some(Receipt::Duplicate));
        };
        let Some(event) = event else {
            settle(conn, id, "REJECTED", "not an event of this gateway")?;
            return Ok(Some(Receipt::Malformed));
        };
        let Some(order) = orders_svc::by_number(conn, &event.order_id)? else {
            settle(conn, id, "IGNORED", "no such order")?;
            return Ok(Some(Receipt::Ignored));
        };
        let payment = orders_svc::payment(conn, &order)?;
        if let (Some(sent), Some(stored)) = (
            event.secret.as_deref(),
            payment.as_ref().and_then(|p| p.deposit_secret.as_deref()),
        ) && !bool::from(sent.as_bytes().ct_eq(stored.as_bytes()))
        {
            tracing::warn!(order.number = %order.number, provider, "webhook with a wrong secret");
            settle(
                conn,
                id,
                "REJECTED",
                "the secret does not match the payment's",
            )?;
            return Ok(Some(Receipt::Rejected));
        }
        store::enqueue(
            conn,
            &super::jobs::ReconcileOrder {
                order_id: order.id,
                event_id: Some(id),
            },
        )?;
        Ok(Some(Receipt::Accepted))
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
