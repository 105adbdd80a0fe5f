//! Message providers. The HTTP provider speaks the common shape of Korean bulk-messaging APIs:
//!
//! ```text
//! POST {endpoint}
//! Authorization: Bearer {api_key}
//! Content-Type: application/json
//!
//! { "messageId": "sms-…", "from": "0212345678", "to": "01012345678",
//!   "type": "SMS" | "LMS" | "ATA",            // short text, long text, AlimTalk
//!   "text": "…",
//!   "kakao": { "senderKey": "…", "templateCode": "…", "variables": { "#{name}": "…" },
//!              "fallback": { "type": "SMS" | "LMS", "text": "…" } } }   // only for ATA
//! ```
//!
//! 2xx is success; 4xx a permanent refusal (bad number, unregistered template) except 408 and
//! 429; 5xx, 408, 429 and network failures are worth retrying.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde_json::json;
use shared::KrMobile;

use crate::config::Secret;

/// One message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingSms {
    pub message_id: String,
    pub to: KrMobile,
    /// Sender number, national form.
    pub from: String,
    /// The SMS text (the AlimTalk fallback too).
    pub text: String,
    /// The AlimTalk form, when the template has one.
    pub alimtalk: Option<AlimTalk>,
}

/// A KakaoTalk AlimTalk message: a template registered with the provider and its variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlimTalk {
    pub template_code: String,
    /// `#{name}` → value.
    pub variables: BTreeMap<String, String>,
}

impl OutgoingSms {
    /// Korean carriers measure SMS in EUC-KR bytes: 90 for a short message (Hangul counts 2).
    pub fn is_long(&self) -> bool {
        self.text
            .chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
            > 90
    }
}

/// Why a provider did not accept a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SmsError {
    pub message: String,
    /// Retrying will not help.
    pub permanent: bool,
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SmsError>> + Send + 'a>>;

/// Something that delivers SMS / AlimTalk messages.
pub trait SmsProvider: Send + Sync {
    fn name(&self) -> &'static str;
    fn send<'a>(&'a self, message: &'a OutgoingSms) -> SendFuture<'a>;
}

/// Logs messages instead of sending them (the default outside production).
pub struct LogProvider;

impl SmsProvider for LogProvider {
    fn name(&self) -> &'static str {
        "log"
    }

    fn send<'a>(&'a self, message: &'a OutgoingSms) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(
                message.id = %message.message_id,
                to = %message.to.display(),
                alimtalk = message.alimtalk.as_ref().map(|a| a.template_code.as_str()),
                text = %message.text,
                "SMS (log provider: not sent)"
            );
            Ok(())
        })
    }
}

/// A bulk-messaging HTTP API.
pub struct HttpProvider {
    client: reqwest::Client,
    endpoint: String,
    api_key: Option<Secret<String>>,
    kakao_sender_key: Option<Secret<String>>,
}

impl HttpProvider {
    pub fn new(
        endpoint: &str,
        api_key: Option<Secret<String>>,
        kakao_sender_key: Option<Secret<String>>,
        timeout: Duration,
    ) -> Result<HttpProvider, String> {
        let url = reqwest::Url::parse(endpoint)
            .map_err(|e| format!("sms.http.endpoint {endpoint:?} is not a URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("sms.http.endpoint {endpoint:?} must be http(s)"));
        }
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|e| format!("SMS HTTP client: {e}"))?;
        Ok(HttpProvider {
            client,
            endpoint: endpoint.to_owned(),
            api_key,
            kakao_sender_key,
        })
    }

    /// The request body for a message.
    pub fn body(&self, m: &OutgoingSms) -> serde_json::Value {
        let text_type = if m.is_long() { "LMS" } else { "SMS" };
        match (&m.alimtalk, &self.kakao_sender_key) {
            (
                Some(AlimTalk {
                    template_code,
                    variables,
                }),
                Some(sender_key),
            ) => json!({
                "messageId": m.message_id,
                "from": m.from,
                "to": m.to.national(),
                "type": "ATA",
                "text": m.text,
                "kakao": {
                    "senderKey": sender_key.expose(),
                    "templateCode": template_code,
                    "variables": variables,
                    "fallback": { "type": text_type, "text": m.text },
                },
            }),
            // No AlimTalk template, or no KakaoTalk channel configured: plain SMS/LMS.
            _ => json!({
                "messageId": m.message_id,
                "from": m.from,
                "to": m.to.national(),
                "type": text_type,
                "text": m.text,
            }),
        }
    }
}

impl SmsProvider for HttpProvider {
    fn name(&self) -> &'static str {
        "http"
    }

    fn send<'a>(&'a self, message: &'a OutgoingSms) -> SendFuture<'a> {
        Box::pin(async move {
            let mut request = self.client.post(&self.endpoint).json(&self.body(message));
            if let Some(key) = &self.api_key {
                request = request.bearer_auth(key.expose());
            }
            // Without the URL: an endpoint may carry credentials in its query.
            let response = request.send().await.map_err(|e| SmsError {
                message: format!("the SMS provider is unreachable: {}", e.without_url()),
                permanent: false,
            })?;
            let status = response.status();
            if status.is_success() {
                return Ok(());
            }
            let detail: String = response
                .text()
                .await
                .unwrap_or_default()
                .chars()
                .take(300)
                .collect();
            let retryable =
                status.is_server_error() || status.as_u16() == 408 || status.as_u16() == 429;
            Err(SmsError {
                message: format!("the SMS provider answered {status}: {detail}"),
                permanent: !retryable,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str, alimtalk: bool) -> OutgoingSms {
        OutgoingSms {
            message_id: "sms-1".into(),
            to: "010-1234-5678".parse().unwrap(),
            from: "0212345678".into(),
            text: text.into(),
            alimtalk: alimtalk.then(|| AlimTalk {
                template_code: "JT_TEST_01".to_owned(),
                variables: BTreeMap::from([("#{shop}".to_owned(), "바른한끼".to_owned())]),
            }),
        }
    }

    #[test]
    fn long_korean_text_is_lms() {
        assert!(!message(&"가".repeat(45), false).is_long());
        assert!(message(&"가".repeat(46), false).is_long());
        assert!(!message(&"a".repeat(90), false).is_long());
    }

    #[test]
    fn alimtalk_needs_a_kakao_channel_and_falls_back_to_sms() {
        let with_kakao = HttpProvider::new(
            "http://127.0.0.1:1/send",
            None,
            Some(Secret::new("KEY".into())),
            Duration::from_secs(1),
        )
        .unwrap();
        let body = with_kakao.body(&message("안녕", true));
        assert_eq!(body["type"], "ATA");
        assert_eq!(body["to"], "01012345678");
        assert_eq!(body["kakao"]["templateCode"], "JT_TEST_01");
        assert_eq!(
            body["kakao"]["fallback"],
            json!({ "type": "SMS", "text": "안녕" })
        );
        let without = HttpProvider::new(
            "http://127.0.0.1:1/send",
            None,
            None,
            Duration::from_secs(1),
        )
        .unwrap();
        assert_eq!(without.body(&message("안녕", true))["type"], "SMS");
        assert!(HttpProvider::new("ftp://x", None, None, Duration::from_secs(1)).is_err());
    }
}
