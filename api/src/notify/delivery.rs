//! Sending each message once. A message's stable id is reserved (`sending`, with a lease) before
//! it is handed over and marked `sent` afterwards. A job that finds its message sent does nothing;
//! one that finds it being sent by another job tries again later. If a process dies between
//! handing a message over and marking it, the reservation expires and the message is sent once
//! more under the same id (at least once, never lost).

use std::time::Duration;

use diesel::prelude::*;

use crate::db::schema::message_deliveries;
use crate::db::{self, AnyConnection, DbError};

/// How long a reservation holds before another job may take the message over.
pub const RESERVATION: Duration = Duration::from_secs(600);

/// What a sender may do with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// Send it now (this job holds it).
    Send,
    /// It went out already.
    AlreadySent,
    /// Another job is sending it right now.
    InProgress,
}

/// Reserves `message_id` for sending.
pub fn reserve(
    conn: &mut AnyConnection,
    message_id: &str,
    channel: &str,
    recipient: &str,
    template: &str,
) -> Result<Reservation, DbError> {
    let now = db::now();
    let until = now + chrono::Duration::from_std(RESERVATION).unwrap_or_default();
    let outcome = db::write_transaction(conn, |conn| {
        let existing: Option<(String, Option<chrono::NaiveDateTime>)> = message_deliveries::table
            .find(message_id)
            .select((
                message_deliveries::status,
                message_deliveries::claimed_until,
            ))
            .first(conn)
            .optional()?;
        match existing {
            Some((status, _)) if status == "sent" => Ok(Reservation::AlreadySent),
            Some((_, Some(claimed))) if claimed > now => Ok(Reservation::InProgress),
            Some(_) => {
                // An abandoned reservation (its sender died): take it over.
                diesel::update(message_deliveries::table.find(message_id))
                    .set(message_deliveries::claimed_until.eq(Some(until)))
                    .execute(conn)?;
                Ok(Reservation::Send)
            }
            None => {
                diesel::insert_into(message_deliveries::table)
                    .values((
                        message_deliveries::message_id.eq(message_id),
                        message_deliveries::channel.eq(channel),
                        message_deliveries::recipient.eq(recipient),
                        message_deliveries::template.eq(template),
                        message_deliveries::status.eq("sending"),
                        message_deliveries::claimed_until.eq(Some(until)),
                        message_deliveries::created_at.eq(now),
                    ))
                    .execute(conn)?;
                Ok::<_, DbError>(Reservation::Send)
            }
        }
    });
    match outcome {
        // Another job inserted the same id between our read and our insert.
        Err(DbError::Query(e)) if db::is_unique_violation(&e) => Ok(Reservation::InProgress),
        other => other,
    }
}

/// Marks a reserved message as handed over.
pub fn mark_sent(conn: &mut AnyConnection, message_id: &str) -> Result<(), DbError> {
    diesel::update(message_deliveries::table.find(message_id))
        .set((
            message_deliveries::status.eq("sent"),
            message_deliveries::claimed_until.eq(None::<chrono::NaiveDateTime>),
            message_deliveries::sent_at.eq(Some(db::now())),
        ))
        .execute(conn)?;
    Ok(())
}

/// Gives up a reservation after a failed attempt, so a retry may send the message.
pub fn release(conn: &mut AnyConnection, message_id: &str) -> Result<(), DbError> {
    diesel::delete(
        message_deliveries::table
            .find(message_id)
            .filter(message_deliveries::status.eq("sending")),
    )
    .execute(conn)?;
    Ok(())
}

/// Deletes delivery records older than `before` (long after any retry).
pub fn purge(conn: &mut AnyConnection, before: chrono::NaiveDateTime) -> Result<usize, DbError> {
    Ok(
        diesel::delete(message_deliveries::table.filter(message_deliveries::created_at.lt(before)))
            .execute(conn)?,
    )
}
