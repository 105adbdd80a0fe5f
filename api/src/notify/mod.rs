//! Notifications: email and SMS / KakaoTalk AlimTalk. Senders enqueue a job in their own
//! transaction (`mail::enqueue`, `sms::enqueue`); the job renders and delivers the message, so
//! nobody waits for a mail server and nothing is lost if a process dies.

pub mod mail;
pub mod sms;

use std::time::Duration;

use crate::config::{Config, SmsProviderKind};

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
