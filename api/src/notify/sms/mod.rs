//! SMS and KakaoTalk AlimTalk messages through a provider interface: a log provider (the
//! default, for development) and an HTTP provider in the shape of Korean bulk-messaging APIs.
//!
//! Templates (`api/templates/sms/templates.toml`) carry the SMS text and, optionally, the
//! AlimTalk template code registered with the provider; an AlimTalk message falls back to SMS
//! when it cannot be delivered. Marketing messages go only to recipients who consented;
//! transactional ones always go. Phone numbers are validated and normalised when the message is
//! enqueued.

pub mod provider;

use std::collections::BTreeMap;

use minijinja::Environment;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::KrMobile;

pub use provider::{AlimTalk, HttpProvider, LogProvider, OutgoingSms, SmsError, SmsProvider};

use crate::channel::{ChannelSelector, service as channels};
use crate::db::{AnyConnection, DbError};
use crate::jobs::{Job, JobContext, JobError, store};

const TEMPLATES: &str = include_str!("../../../templates/sms/templates.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateDef {
    text: String,
    alimtalk: Option<AlimTalkDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AlimTalkDef {
    code: String,
    variables: Vec<String>,
}

/// The SMS templates, ready to render.
pub struct SmsTemplates {
    defs: BTreeMap<String, TemplateDef>,
    env: Environment<'static>,
}

impl SmsTemplates {
    pub fn new() -> Result<SmsTemplates, String> {
        let defs: BTreeMap<String, TemplateDef> =
            toml::from_str(TEMPLATES).map_err(|e| format!("templates/sms/templates.toml: {e}"))?;
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, def) in &defs {
            env.add_template_owned(name.clone(), def.text.clone())
                .map_err(|e| format!("SMS template {name}: {e}"))?;
        }
        Ok(SmsTemplates { defs, env })
    }

    pub fn exists(&self, name: &str) -> bool {
        self.defs.contains_key(name)
    }

    /// The message for template `name`: its text, and its AlimTalk form if it has one.
    pub fn render(
        &self,
        name: &str,
        context: &Value,
    ) -> Result<(String, Option<AlimTalk>), String> {
        let def = self
            .defs
            .get(name)
            .ok_or_else(|| format!("there is no SMS template {name:?}"))?;
        let text = self
            .env
            .get_template(name)
            .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(context))))
            .map_err(|e| format!("SMS template {name}: {e}"))?;
        let alimtalk = match &def.alimtalk {
            None => None,
            Some(a) => {
                let mut vars = BTreeMap::new();
                for var in &a.variables {
                    let value = match context.get(var) {
                        Some(Value::String(s)) => s.clone(),
                        Some(Value::Null) | None => {
                            return Err(format!("SMS template {name}: variable {var} is missing"));
                        }
                        Some(other) => other.to_string(),
                    };
                    vars.insert(format!("#{{{var}}}"), value);
                }
                Some(AlimTalk {
                    template_code: a.code.clone(),
                    variables: vars,
                })
            }
        };
        Ok((text.trim().to_owned(), alimtalk))
    }
}

/// Transactional messages (an order shipped) always go; marketing ones only with consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Transactional,
    Marketing,
}

/// Who receives a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub phone: String,
    /// Recorded consent to marketing messages.
    pub marketing_consent: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum EnqueueError {
    #[error(transparent)]
    InvalidPhone(#[from] shared::PhoneError),
    #[error("the recipient has not consented to marketing messages")]
    NoConsent,
    #[error("there is no SMS template {0:?}")]
    UnknownTemplate(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The job that sends one SMS or AlimTalk message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendSms {
    /// E.164, e.g. `+821012345678`.
    pub to: String,
    pub template: String,
    pub context: Value,
    pub category: Category,
    /// What caused the message; with the template and recipient it makes the message id.
    pub cause: String,
}

/// Enqueues a message in the caller's transaction: the number is normalised, consent checked
/// for marketing, the template must exist.
pub fn enqueue(
    conn: &mut AnyConnection,
    templates: &SmsTemplates,
    recipient: &Recipient,
    template: &str,
    context: Value,
    category: Category,
    cause: &str,
) -> Result<i64, EnqueueError> {
    let phone: KrMobile = recipient.phone.parse()?;
    if category == Category::Marketing && !recipient.marketing_consent {
        return Err(EnqueueError::NoConsent);
    }
    if !templates.exists(template) {
        return Err(EnqueueError::UnknownTemplate(template.to_owned()));
    }
    let job = SendSms {
        to: phone.e164(),
        template: template.to_owned(),
        context,
        category,
        cause: cause.to_owned(),
    };
    Ok(store::enqueue(conn, &job)?)
}

/// Message id of an SMS: stable per cause, template and recipient.
pub fn message_id(cause: &str, template: &str, to: &KrMobile) -> String {
    format!(
        "sms-{}",
        crate::notify::stable_id(&[cause, template, &to.e164()])
    )
}

impl Job for SendSms {
    const KIND: &'static str = "sms.send";
    const MAX_ATTEMPTS: i32 = 8;

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let sms = &ctx.notifier.sms;
        let to: KrMobile = self
            .to
            .parse()
            .map_err(|e: shared::PhoneError| JobError::permanent(e.to_string()))?;
        let id = message_id(&self.cause, &self.template, &to);
        let shop = ctx
            .db
            .run(|conn| channels::resolve(conn, &ChannelSelector::default()))
            .await
            .map_err(|e| JobError::transient(format!("default channel: {e}")))?
            .name;
        let mut context = match self.context {
            Value::Object(map) => Value::Object(map),
            _ => Value::Object(Default::default()),
        };
        context["shop"] = Value::String(shop);
        let (text, alimtalk) = sms
            .templates
            .render(&self.template, &context)
            .map_err(JobError::permanent)?;
        let message = OutgoingSms {
            message_id: id.clone(),
            to: to.clone(),
            from: sms.sender.clone(),
            text,
            alimtalk,
        };
        crate::notify::deliver_once(&ctx.db, &id, "sms", &to.e164(), &self.template, || async {
            sms.provider.send(&message).await.map_err(|e| {
                if e.permanent {
                    JobError::permanent(e.message)
                } else {
                    JobError::transient(e.message)
                }
            })
        })
        .await?;
        tracing::info!(message.id = %id, provider = sms.provider.name(), "SMS handed over");
        Ok(())
    }
}

/// Sends SMS through the configured provider.
pub struct SmsSender {
    pub provider: Box<dyn SmsProvider>,
    pub templates: SmsTemplates,
    /// The registered sender number, national form.
    pub sender: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_render_text_and_alimtalk_variables() {
        let t = SmsTemplates::new().unwrap();
        let (text, alimtalk) = t
            .render(
                "test",
                &json!({ "shop": "바른한끼", "message": "안녕하세요" }),
            )
            .unwrap();
        assert_eq!(text, "[바른한끼] 문자 발송 테스트입니다. 안녕하세요");
        let alimtalk = alimtalk.unwrap();
        assert_eq!(alimtalk.template_code, "JT_TEST_01");
        assert_eq!(alimtalk.variables["#{shop}"], "바른한끼");
        assert_eq!(alimtalk.variables["#{message}"], "안녕하세요");
        assert!(
            t.render("test", &json!({ "shop": "x" })).is_err(),
            "missing variable"
        );
        assert!(t.render("nope", &json!({})).is_err());
    }

    #[test]
    fn message_ids_are_stable_per_cause() {
        let a: KrMobile = "010-1234-5678".parse().unwrap();
        let b: KrMobile = "+821012345678".parse().unwrap();
        assert_eq!(
            message_id("order:1", "test", &a),
            message_id("order:1", "test", &b)
        );
        assert_ne!(
            message_id("order:1", "test", &a),
            message_id("order:2", "test", &a)
        );
    }
}
