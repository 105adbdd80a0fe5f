//! Sending each message once. A message's stable id is reserved (`sending`, with a lease and an
//! owner token) before it is handed over and marked `sent` afterwards; only the owner of the
//! reservation may mark or release it. A job that finds its message sent does nothing; one that
//! finds it being sent by another job comes back when that reservation ends (without spending an
//! attempt). If a process dies between handing a message over and marking it, the reservation
//! expires and the message is sent once more under the same id (at least once, never lost).

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::message_deliveries;
use crate::db::{self, AnyConnection, DbError};

/// How long a reservation holds before another job may take the message over. Longer than any
/// one delivery may take (SMTP and provider timeouts are seconds).
pub const RESERVATION: Duration = Duration::from_secs(600);

/// What a sender may do with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// Send it now; `token` proves the reservation is ours.
    Send { token: String },
    /// It went out already.
    AlreadySent,
    /// Another job is sending it; its reservation ends at `until`.
    InProgress { until: NaiveDateTime },
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
    let token = uuid::Uuid::new_v4().to_string();
    let outcome = db::write_transaction(conn, |conn| {
        let existing: Option<(String, Option<NaiveDateTime>)> = message_deliveries::table
            .find(message_id)
            .select((
                message_deliveries::status,
                message_deliveries::claimed_until,
            ))
            .first(conn)
            .optional()?;
        match existing {
            Some((status, _)) if status == "sent" => Ok(Reservation::AlreadySent),
            Some((_, Some(claimed))) if claimed > now => {
                Ok(Reservation::InProgress { until: claimed })
            }
            Some((_, claimed)) => {
                // An abandoned reservation (its sender died): take it over, but only if nobody
                // else did since we read it.
                let sending = message_deliveries::table
                    .find(message_id)
                    .filter(message_deliveries::status.eq("sending"));
                let set = (
                    message_deliveries::claimed_until.eq(Some(until)),
                    message_deliveries::claim_token.eq(Some(&token)),
                );
                let taken = match claimed {
                    Some(at) => {
                        diesel::update(sending.filter(message_deliveries::claimed_until.eq(at)))
                            .set(set)
                            .execute(conn)?
                    }
                    None => {
                        diesel::update(sending.filter(message_deliveries::claimed_until.is_null()))
                            .set(set)
                            .execute(conn)?
                    }
                };
                Ok(if taken == 1 {
                    Reservation::Send {
                        token: token.clone(),
                    }
                } else {
                    Reservation::InProgress { until }
                })
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
                        message_deliveries::claim_token.eq(Some(&token)),
                        message_deliveries::created_at.eq(now),
                    ))
                    .execute(conn)?;
                Ok::<_, DbError>(Reservation::Send {
                    token: token.clone(),
                })
            }
        }
    });
    match outcome {
        // Another job inserted the same id between our read and our insert.
        Err(DbError::Query(e)) if db::is_unique_violation(&e) => {
            Ok(Reservation::InProgress { until })
        }
        other => other,
    }
}

/// Marks a message we hold as handed over; `false` if the reservation is no longer ours.
pub fn mark_sent(conn: &mut AnyConnection, message_id: &str, token: &str) -> Result<bool, DbError> {
    let n = diesel::update(
        message_deliveries::table
            .find(message_id)
            .filter(message_deliveries::claim_token.eq(token)),
    )
    .set((
        message_deliveries::status.eq("sent"),
        message_deliveries::claimed_until.eq(None::<NaiveDateTime>),
        message_deliveries::claim_token.eq(None::<String>),
        message_deliveries::sent_at.eq(Some(db::now())),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives up our reservation after a failed or interrupted attempt, so a retry may send.
pub fn release(conn: &mut AnyConnection, message_id: &str, token: &str) -> Result<(), DbError> {
    diesel::delete(
        message_deliveries::table
            .find(message_id)
            .filter(message_deliveries::status.eq("sending"))
            .filter(message_deliveries::claim_token.eq(token)),
    )
    .execute(conn)?;
    Ok(())
}

/// Deletes delivery records older than `before` (long after any retry).
pub fn purge(conn: &mut AnyConnection, before: NaiveDateTime) -> Result<usize, DbError> {
    Ok(
        diesel::delete(message_deliveries::table.filter(message_deliveries::created_at.lt(before)))
            .execute(conn)?,
    )
}
