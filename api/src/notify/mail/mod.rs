//! Email: templates rendered to an HTML part (CSS inlined) and a plain-text part, sent by a job
//! over SMTP or written to the outbox folder.
//!
//! Every message has a stable `Message-ID` derived from its cause (what happened, the template
//! and the recipient), and is sent under a reservation of that id (`notify::delivery`): jobs run
//! again, or twice for one event, send it once. If a worker dies between handing it over and
//! recording that, the one resend carries the same `Message-ID`, which mail clients show once.

pub mod template;

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub use template::{Rendered, TemplateError, Templates};

use crate::channel::{ChannelSelector, service as channels};
use crate::config::{MailConfig, MailTransportKind, SmtpSecurity};
use crate::db::{AnyConnection, DbError};
use crate::jobs::{Job, JobContext, JobError, store};

/// Why a message could not be handed over.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    /// The server refused it for good (a 5xx reply: unknown mailbox, policy).
    #[error("the mail server refused the message: {0}")]
    Rejected(String),
    /// Worth retrying: the server is unreachable, timed out or answered 4xx.
    #[error("the mail server is unavailable: {0}")]
    Unavailable(String),
}

enum Transport {
    Outbox(PathBuf),
    /// The transport and the longest one delivery may take (lettre's own timeout covers only
    /// the connection, not a server that accepts and then never answers).
    Smtp(AsyncSmtpTransport<Tokio1Executor>, Duration),
}

/// Renders and sends email.
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
    templates: Templates,
}

impl Mailer {
    /// The configured mailer; `data_dir/outbox` unless another outbox or SMTP is configured.
    pub fn from_config(config: &MailConfig, data_dir: &std::path::Path) -> Result<Mailer, String> {
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e| format!("mail.from {:?} is not an address: {e}", config.from))?;
        let transport = match config.transport {
            MailTransportKind::Outbox => Transport::Outbox(
                config
                    .outbox_dir
                    .clone()
                    .unwrap_or_else(|| data_dir.join("outbox")),
            ),
            MailTransportKind::Smtp => {
                let smtp = &config.smtp;
                let host = smtp.host.trim();
                let mut builder = match smtp.security {
                    SmtpSecurity::None => {
                        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                    }
                    SmtpSecurity::Starttls | SmtpSecurity::Tls => {
                        let params = TlsParameters::new(host.to_owned())
                            .map_err(|e| format!("mail.smtp: TLS for {host}: {e}"))?;
                        let tls = if smtp.security == SmtpSecurity::Tls {
                            Tls::Wrapper(params)
                        } else {
                            Tls::Required(params)
                        };
                        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).tls(tls)
                    }
                };
                builder = builder
                    .port(smtp.port)
                    .timeout(Some(Duration::from_secs(smtp.timeout_secs.max(1))));
                if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
                    builder = builder
                        .credentials(Credentials::new(user.clone(), password.expose().clone()));
                }
                Transport::Smtp(
                    builder.build(),
                    Duration::from_secs(smtp.timeout_secs.max(1)),
                )
            }
        };
        let templates = Templates::new().map_err(|e| e.to_string())?;
        Ok(Mailer {
            from,
            transport,
            templates,
        })
    }

    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// `Message-ID` (without angle brackets) for a message caused by `cause`.
    pub fn message_id(&self, cause: &str, template: &str, to: &str) -> String {
        let hex = super::stable_id(&[cause, template, &to.to_lowercase()]);
        format!("{hex}@{}", self.from.email.domain())
    }

    /// Builds the MIME message: `multipart/alternative` with the text and HTML parts.
    pub fn build(
        &self,
        to: &Mailbox,
        rendered: &Rendered,
        message_id: &str,
    ) -> Result<Message, MailError> {
        Message::builder()
            .from(self.from.clone())
            .to(to.clone())
            .subject(rendered.subject.clone())
            .message_id(Some(format!("<{message_id}>")))
            .multipart(MultiPart::alternative_plain_html(
                rendered.text.clone(),
                rendered.html.clone(),
            ))
            .map_err(|e| MailError::Rejected(format!("cannot build the message: {e}")))
    }

    /// Hands a message to the transport.
    pub async fn deliver(&self, message: &Message, message_id: &str) -> Result<(), MailError> {
        match &self.transport {
            Transport::Outbox(dir) => {
                let dir = dir.clone();
                let bytes = message.formatted();
                // Named by the message id: a resend overwrites the same file.
                let file = format!("{}.eml", message_id.split('@').next().unwrap_or(message_id));
                tokio::task::spawn_blocking(move || {
                    std::fs::create_dir_all(&dir)?;
                    std::fs::write(dir.join(file), bytes)
                })
                .await
                .map_err(|e| MailError::Unavailable(e.to_string()))?
                .map_err(|e| MailError::Unavailable(format!("cannot write to the outbox: {e}")))
            }
            Transport::Smtp(smtp, deadline) => {
                match tokio::time::timeout(*deadline, smtp.send(message.clone())).await {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) if e.is_permanent() => Err(MailError::Rejected(e.to_string())),
                    Ok(Err(e)) => Err(MailError::Unavailable(e.to_string())),
                    Err(_) => Err(MailError::Unavailable(format!(
                        "no answer within {} s",
                        deadline.as_secs()
                    ))),
                }
            }
        }
    }

    /// Renders `template` for `to` with the shop of `shop` merged into `context`.
    pub fn render(
        &self,
        template: &str,
        context: &Value,
        shop: &Value,
    ) -> Result<Rendered, TemplateError> {
        let mut ctx = match context {
            Value::Object(map) => Value::Object(map.clone()),
            _ => json!({}),
        };
        ctx["shop"] = shop.clone();
        self.templates.render(template, &ctx)
    }
}

/// Why an email could not be enqueued.
#[derive(Debug, thiserror::Error)]
pub enum EnqueueError {
    #[error("{0:?} is not an email address")]
    InvalidAddress(String),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The job that renders and sends one email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendEmail {
    pub to: String,
    pub template: String,
    /// Template variables (the job adds `shop`).
    pub context: Value,
    /// The channel whose name and logo the message carries; the default channel when `None`.
    pub channel_id: Option<i64>,
    /// What caused the message, e.g. `order:20261125-000123:paid`; with the template and the
    /// recipient it determines the `Message-ID`.
    pub cause: String,
}

/// Enqueues an email in the caller's transaction, after checking the address and that the
/// template exists.
pub fn enqueue(
    conn: &mut AnyConnection,
    templates: &Templates,
    email: &SendEmail,
) -> Result<i64, EnqueueError> {
    email
        .to
        .parse::<Mailbox>()
        .map_err(|_| EnqueueError::InvalidAddress(email.to.clone()))?;
    if !templates.exists(&email.template) {
        return Err(TemplateError::Unknown(email.template.clone()).into());
    }
    Ok(store::enqueue(conn, email)?)
}

impl Job for SendEmail {
    const KIND: &'static str = "email.send";
    const MAX_ATTEMPTS: i32 = 10;

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        send(&ctx, &self, || async { Ok(()) }).await
    }
}

/// Renders and sends `email` once (see [`super::deliver_once`]); `before_send` runs under the
/// message's reservation just before it is handed over (e.g. to activate a token it carries).
pub async fn send<F, Fut>(
    ctx: &JobContext,
    email: &SendEmail,
    before_send: F,
) -> Result<(), JobError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(), JobError>>,
{
    let mailer = &ctx.notifier.mail;
    let to: Mailbox = email
        .to
        .parse()
        .map_err(|e| JobError::permanent(format!("{:?} is not an email address: {e}", email.to)))?;
    let message_id = mailer.message_id(&email.cause, &email.template, &email.to);
    let channel_id = email.channel_id;
    let public_url = ctx.notifier.public_url.clone();
    let shop = ctx
        .db
        .run(move |conn| {
            let channel = match channel_id {
                Some(cid) => channels::get(conn, shared::ChannelId(cid)).map(|c| c.channel),
                None => channels::resolve(conn, &ChannelSelector::default()),
            }
            .map_err(|e| DbError::Corrupt(format!("channel of the message: {e}")))?;
            let seller = crate::channel::seller::get(conn, channel.id.key())?;
            Ok::<_, DbError>(shop_context(
                &channel.name,
                channel.logo_url.as_deref(),
                &public_url,
                &seller,
            ))
        })
        .await
        .map_err(|e| JobError::transient(e.to_string()))?;
    // Rendering problems are found before anything is reserved.
    let rendered = mailer
        .render(&email.template, &email.context, &shop)
        .map_err(|e| JobError::permanent(e.to_string()))?;
    let message = mailer
        .build(&to, &rendered, &message_id)
        .map_err(|e| JobError::permanent(e.to_string()))?;
    super::deliver_once(
        &ctx.db,
        &message_id,
        "email",
        &email.to,
        &email.template,
        || async {
            before_send().await?;
            mailer
                .deliver(&message, &message_id)
                .await
                .map_err(|e| match e {
                    MailError::Rejected(_) => JobError::permanent(e.to_string()),
                    MailError::Unavailable(_) => JobError::transient(e.to_string()),
                })
        },
    )
    .await?;
    tracing::info!(message.id = %message_id, template = %email.template, "email handed over");
    Ok(())
}

/// What every template knows of the shop: `shop.name`, `shop.logo_url`, `shop.url` and
/// `shop.seller` (the business details the footer shows; `null` while none are set).
pub fn shop_context(
    name: &str,
    logo_url: Option<&str>,
    url: &str,
    seller: &crate::channel::seller::Seller,
) -> Value {
    json!({
        "name": name,
        "logo_url": logo_url,
        "url": url,
        "seller": seller.is_set().then_some(seller),
    })
}

/// Renders a template with its sample context and the default shop, as the `.eml` a customer
/// would receive (for `jangteo mail preview`).
pub fn preview(
    mailer: &Mailer,
    template: &str,
    shop_name: &str,
    to: &str,
) -> Result<Vec<u8>, String> {
    let sample = mailer
        .templates()
        .sample(template)
        .map_err(|e| e.to_string())?;
    let shop = shop_context(
        shop_name,
        None,
        "http://127.0.0.1:8080",
        &crate::channel::seller::Seller::default(),
    );
    let rendered = mailer
        .render(template, &sample, &shop)
        .map_err(|e| e.to_string())?;
    let to: Mailbox = to.parse().map_err(|e| format!("{to:?}: {e}"))?;
    let id = mailer.message_id("preview", template, to.email.as_ref());
    let message = mailer
        .build(&to, &rendered, &id)
        .map_err(|e| e.to_string())?;
    Ok(message.formatted())
}
