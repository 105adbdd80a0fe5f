//! Notifications: email and SMS / KakaoTalk AlimTalk. Senders enqueue a job in their own
//! transaction (`mail::enqueue`, `sms::enqueue`); the job renders and delivers the message, so
//! nobody waits for a mail server and nothing is lost if a process dies.

pub mod delivery;
pub mod mail;
pub mod sms;

use std::time::Duration;

use crate::config::{Config, SmsProviderKind};

/// Runs one delivery of message `message_id` under its reservation: `send` is called only if the
/// message is neither sent nor being sent; its failure releases the reservation for a retry.
pub async fn deliver_once<F, Fut>(
    db: &crate::db::Db,
    message_id: &str,
    channel: &'static str,
    recipient: &str,
    template: &str,
    send: F,
) -> Result<(), crate::jobs::JobError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(), crate::jobs::JobError>>,
{
    use crate::jobs::JobError;
    use delivery::Reservation;
    let (id, to, tpl) = (
        message_id.to_owned(),
        recipient.to_owned(),
        template.to_owned(),
    );
    let reservation = db
        .run(move |c| delivery::reserve(c, &id, channel, &to, &tpl))
        .await
        .map_err(|e| JobError::transient(e.to_string()))?;
    match reservation {
        Reservation::AlreadySent => {
            tracing::info!(message.id = %message_id, "already sent; not sending again");
            return Ok(());
        }
        Reservation::InProgress => {
            return Err(JobError::transient(
                "another job is sending this message right now; checking again later",
            ));
        }
        Reservation::Send => {}
    }
    let id = message_id.to_owned();
    match send().await {
        Ok(()) => db
            .run(move |c| delivery::mark_sent(c, &id))
            .await
            .map_err(|e| JobError::transient(format!("sent, but not recorded: {e}"))),
        Err(e) => {
            if let Err(release) = db.run(move |c| delivery::release(c, &id)).await {
                tracing::warn!(error = %release, "cannot release the message reservation; it will expire");
            }
            Err(e)
        }
    }
}

/// The configured senders, shared by every job.
pub struct Notifier {
    pub mail: mail::Mailer,
    pub sms: sms::SmsSender,
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
        })
    }
}
