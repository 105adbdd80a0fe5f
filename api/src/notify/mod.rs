//! Notifications: email and SMS / KakaoTalk AlimTalk. Senders enqueue a job in their own
//! transaction (`mail::enqueue`, `sms::enqueue`); the job renders and delivers the message, so
//! nobody waits for a mail server and nothing is lost if a process dies.

pub mod delivery;
pub mod mail;
pub mod sms;

use std::time::Duration;

use delivery::Reservation;

use crate::config::{Config, SmsProviderKind};
use crate::db::Db;
use crate::jobs::JobError;

/// A stable identifier for a message: 32 hex digits of SHA-256 over its parts (its cause, the
/// template, the recipient). The same event always produces the same id.
pub fn stable_id(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(parts.join("\n"))
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs one delivery of message `message_id` under its reservation: `send` is called only if
/// the message is neither sent nor being sent. A failed, timed-out or interrupted send releases
/// the reservation so a retry may send; a message another job is sending defers this job until
/// that job is done, without spending an attempt.
pub async fn deliver_once<F, Fut>(
    db: &Db,
    message_id: &str,
    channel: &'static str,
    recipient: &str,
    template: &str,
    send: F,
) -> Result<(), JobError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(), JobError>>,
{
    let (id, to, tpl) = (
        message_id.to_owned(),
        recipient.to_owned(),
        template.to_owned(),
    );
    let reservation = db
        .run(move |c| delivery::reserve(c, &id, channel, &to, &tpl))
        .await
        .map_err(|e| JobError::transient(e.to_string()))?;
    let token = match reservation {
        Reservation::AlreadySent => {
            tracing::info!(message.id = %message_id, "already sent; not sending again");
            return Ok(());
        }
        Reservation::InProgress { until } => {
            // Usually the other job finishes within moments: look again soon, and at the latest
            // when its reservation ends.
            let soon = crate::db::now() + chrono::Duration::seconds(2);
            return Err(JobError::deferred(
                "another job is sending this message; checking again shortly",
                until.min(soon),
            ));
        }
        Reservation::Send { token } => token,
    };
    let mut guard = ReleaseOnDrop {
        db: db.clone(),
        message_id: message_id.to_owned(),
        token: Some(token.clone()),
    };
    let sent = send().await;
    guard.token = None;
    let (id, token2) = (message_id.to_owned(), token.clone());
    match sent {
        Ok(()) => {
            let ours = db
                .run(move |c| delivery::mark_sent(c, &id, &token2))
                .await
                .map_err(|e| JobError::transient(format!("sent, but not recorded: {e}")))?;
            if !ours {
                tracing::warn!(message.id = %message_id, "sent after the reservation had expired");
            }
            Ok(())
        }
        Err(e) => {
            if let Err(release) = db.run(move |c| delivery::release(c, &id, &token2)).await {
                tracing::warn!(error = %release, "cannot release the message reservation; it will expire");
            }
            Err(e)
        }
    }
}

/// Releases a reservation whose send was dropped midway (a timeout, a shutdown).
struct ReleaseOnDrop {
    db: Db,
    message_id: String,
    token: Option<String>,
}

impl Drop for ReleaseOnDrop {
    fn drop(&mut self) {
        let Some(token) = self.token.take() else {
            return;
        };
        let (db, id) = (self.db.clone(), std::mem::take(&mut self.message_id));
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _ = db.run(move |c| delivery::release(c, &id, &token)).await;
            });
        }
    }
}

/// The configured senders, shared by every job.
pub struct Notifier {
    pub mail: mail::Mailer,
    pub sms: sms::SmsSender,
    /// Where people reach this installation (no trailing slash), for links in messages.
    pub public_url: String,
}

impl Notifier {
    /// Builds the senders from configuration; a misconfiguration is one line.
    pub fn from_config(config: &Config) -> Result<Notifier, String> {
        let mail = mail::Mailer::from_config(&config.mail, &config.data_dir)?;
        let provider: Box<dyn sms::SmsProvider> = match config.sms.provider {
            SmsProviderKind::Log => Box::new(sms::LogProvider),
            SmsProviderKind::Http => {
                let http = &config.sms.http;
                Box::new(sms::HttpProvider::new(
                    &http.endpoint,
                    http.api_key.clone(),
                    http.kakao_sender_key.clone(),
                    Duration::from_secs(http.timeout_secs.max(1)),
                )?)
            }
        };
        let sender: String = config
            .sms
            .sender
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if sender.len() < 8 {
            return Err(format!(
                "sms.sender {:?} is not a phone number",
                config.sms.sender
            ));
        }
        Ok(Notifier {
            mail,
            sms: sms::SmsSender {
                provider,
                templates: sms::SmsTemplates::new()?,
                sender,
            },
            public_url: config.public_base().to_owned(),
        })
    }
}

/// A UTC time as Korean readers expect it in a message: `2026-11-25 18:00 (KST)`.
pub fn format_seoul(utc: chrono::NaiveDateTime) -> String {
    let seoul = utc.and_utc().with_timezone(&chrono_tz::Asia::Seoul);
    format!("{} (KST)", seoul.format("%Y-%m-%d %H:%M"))
}
