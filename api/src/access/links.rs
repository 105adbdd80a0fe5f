//! Single-use links sent by email: password reset (1 hour), email verification (7 days) and a
//! staff member's set-password link (invitation or `jangteo staff create`, 72 hours).
//!
//! The token exists only in the message: a row is created with the request (no token yet) and
//! the job that sends the message draws the token and stores its SHA-256 just before handing the
//! message over. Job payloads name the row, never the token. Using a token spends every token of
//! the same purpose for the same account.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::crypto::{random_token, token_hash};
use crate::db::schema::{account_tokens as t, members, staff};
use crate::db::{AnyConnection, DbError, write_transaction};
use crate::jobs::{Job, JobContext, JobError, store};
use crate::notify::mail::{self, SendEmail};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    PasswordReset,
    EmailVerification,
    StaffPassword,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::PasswordReset => "password_reset",
            Purpose::EmailVerification => "email_verification",
            Purpose::StaffPassword => "staff_password",
        }
    }

    pub fn lifetime(self) -> chrono::Duration {
        match self {
            Purpose::PasswordReset => chrono::Duration::hours(1),
            Purpose::EmailVerification => chrono::Duration::days(7),
            Purpose::StaffPassword => chrono::Duration::hours(72),
        }
    }

    fn template(self) -> &'static str {
        match self {
            Purpose::PasswordReset => "password_reset",
            Purpose::EmailVerification => "email_verification",
            Purpose::StaffPassword => "staff_invitation",
        }
    }

    /// The page the link opens, under the public URL.
    fn path(self) -> &'static str {
        match self {
            Purpose::PasswordReset => "/account/reset-password",
            Purpose::EmailVerification => "/account/verify-email",
            Purpose::StaffPassword => "/admin/set-password",
        }
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("this link is not valid; request a new one")]
    Invalid,
    #[error("this link has expired; request a new one")]
    Expired,
    #[error("this link has already been used; request a new one")]
    Used,
}

/// Creates the row for a link and enqueues the job that sends it, in the caller's transaction.
pub fn request(
    conn: &mut AnyConnection,
    purpose: Purpose,
    subject_id: i64,
    now: NaiveDateTime,
) -> Result<i64, DbError> {
    let id: i64 = diesel::insert_into(t::table)
        .values((
            t::purpose.eq(purpose.as_str()),
            t::subject_id.eq(subject_id),
            t::expires_at.eq(now + purpose.lifetime()),
            t::created_at.eq(now),
        ))
        .returning(t::id)
        .get_result(conn)?;
    store::enqueue(conn, &SendAccountLink { token_id: id })?;
    Ok(id)
}

/// Creates a link and returns its token at once (for `jangteo staff create`, which prints it).
pub fn issue_now(
    conn: &mut AnyConnection,
    purpose: Purpose,
    subject_id: i64,
    now: NaiveDateTime,
    public_url: &str,
) -> Result<String, DbError> {
    let token = random_token("", 32);
    diesel::insert_into(t::table)
        .values((
            t::purpose.eq(purpose.as_str()),
            t::subject_id.eq(subject_id),
            t::token_hash.eq(token_hash(&token)),
            t::expires_at.eq(now + purpose.lifetime()),
            t::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(link(public_url, purpose, &token))
}

fn link(public_url: &str, purpose: Purpose, token: &str) -> String {
    format!("{public_url}{}?token={token}", purpose.path())
}

/// The account a still-valid `token` is for, without spending it.
pub fn peek(
    conn: &mut AnyConnection,
    purpose: Purpose,
    token: &str,
    now: NaiveDateTime,
) -> Result<Result<i64, LinkError>, DbError> {
    Ok(lookup(conn, purpose, token, now)?.map(|(_, subject)| subject))
}

fn lookup(
    conn: &mut AnyConnection,
    purpose: Purpose,
    token: &str,
    now: NaiveDateTime,
) -> Result<Result<(i64, i64), LinkError>, DbError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 200 {
        return Ok(Err(LinkError::Invalid));
    }
    let row: Option<(i64, i64, NaiveDateTime, Option<NaiveDateTime>)> = t::table
        .filter(t::token_hash.eq(token_hash(token)))
        .filter(t::purpose.eq(purpose.as_str()))
        .select((t::id, t::subject_id, t::expires_at, t::used_at))
        .first(conn)
        .optional()?;
    let Some((id, subject, expires_at, used_at)) = row else {
        return Ok(Err(LinkError::Invalid));
    };
    if used_at.is_some() {
        return Ok(Err(LinkError::Used));
    }
    if expires_at <= now {
        return Ok(Err(LinkError::Expired));
    }
    Ok(Ok((id, subject)))
}

/// Spends `token` for `purpose` and returns the account it was for. Runs in the caller's
/// transaction, so the change the token authorises and its spending commit together.
pub fn consume(
    conn: &mut AnyConnection,
    purpose: Purpose,
    token: &str,
    now: NaiveDateTime,
) -> Result<Result<i64, LinkError>, DbError> {
    let (id, subject) = match lookup(conn, purpose, token, now)? {
        Ok(found) => found,
        Err(e) => return Ok(Err(e)),
    };
    // Conditional on still being unused: of two concurrent uses, one wins.
    let spent = diesel::update(t::table.find(id).filter(t::used_at.is_null()))
        .set(t::used_at.eq(now))
        .execute(conn)?;
    if spent == 0 {
        return Ok(Err(LinkError::Used));
    }
    diesel::update(
        t::table
            .filter(t::purpose.eq(purpose.as_str()))
            .filter(t::subject_id.eq(subject))
            .filter(t::used_at.is_null()),
    )
    .set(t::used_at.eq(now))
    .execute(conn)?;
    Ok(Ok(subject))
}

/// Sends the message carrying one link.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendAccountLink {
    pub token_id: i64,
}

impl Job for SendAccountLink {
    const KIND: &'static str = "account.send_link";
    const MAX_ATTEMPTS: i32 = 10;

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let id = self.token_id;
        let found = ctx
            .db
            .run(move |conn| {
                let row: Option<(String, i64, NaiveDateTime, Option<NaiveDateTime>)> = t::table
                    .find(id)
                    .select((t::purpose, t::subject_id, t::expires_at, t::used_at))
                    .first(conn)
                    .optional()?;
                let Some((purpose, subject, expires_at, used_at)) = row else {
                    return Ok(None);
                };
                let recipient: Option<(String, String)> = if purpose == "staff_password" {
                    staff::table
                        .find(subject)
                        .select((staff::email, staff::name))
                        .first(conn)
                        .optional()?
                } else {
                    members::table
                        .find(subject)
                        .select((members::email, members::name))
                        .first(conn)
                        .optional()?
                };
                Ok::<_, DbError>(recipient.map(|r| (purpose, expires_at, used_at, r)))
            })
            .await
            .map_err(|e| JobError::transient(e.to_string()))?;
        let Some((purpose, expires_at, used_at, (email, name))) = found else {
            tracing::info!(token.id = id, "link or account gone; nothing to send");
            return Ok(());
        };
        let purpose = match purpose.as_str() {
            "password_reset" => Purpose::PasswordReset,
            "email_verification" => Purpose::EmailVerification,
            _ => Purpose::StaffPassword,
        };
        let now = crate::db::now();
        if used_at.is_some() || expires_at <= now {
            tracing::info!(token.id = id, "link spent or expired before it was sent");
            return Ok(());
        }
        let token = random_token("", 32);
        let url = link(&ctx.notifier.public_url, purpose, &token);
        let email_job = SendEmail {
            to: email,
            template: purpose.template().into(),
            context: json!({
                "name": name,
                "url": url,
                "expires_at": crate::notify::format_seoul(expires_at),
            }),
            channel_id: None,
            cause: format!("account-link:{id}"),
        };
        let hash = token_hash(&token);
        let db = ctx.db.clone();
        mail::send(&ctx, &email_job, || async move {
            // The token becomes valid just before the message carrying it is handed over.
            db.run(move |conn| {
                write_transaction(conn, |conn| {
                    diesel::update(t::table.find(id).filter(t::used_at.is_null()))
                        .set(t::token_hash.eq(hash))
                        .execute(conn)
                        .map_err(DbError::from)
                })
            })
            .await
            .map(|_| ())
            .map_err(|e| JobError::transient(e.to_string()))
        })
        .await
    }
}
