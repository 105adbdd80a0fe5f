//! The one interface every payment gateway implements — start a payment (what the shopper's
//! browser needs), confirm it after the shopper authorised it, look it up, cancel it in full or
//! in part, and read its webhooks — and [`Gateways`], which picks the gateway of a payment.
//!
//! The shapes follow Toss Payments' API (the first real gateway): a payment is known by the
//! gateway's `paymentKey` and by our `orderId` (the order number), and moves through `READY` →
//! `IN_PROGRESS` → `DONE` (or `WAITING_FOR_DEPOSIT` for a virtual account) → `CANCELED` /
//! `PARTIAL_CANCELED`.

use std::future::Future;
use std::sync::Arc;

use chrono::NaiveDateTime;

use super::sandbox::SandboxGateway;
use super::toss::TossGateway;
use crate::config::{GatewayKind, PaymentsConfig};
use crate::db::Db;
use crate::order::PaymentMethod;

/// A payment's state at the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayStatus {
    /// Created, not yet authorised by the shopper.
    Ready,
    /// Authorised by the shopper, waiting for our confirmation.
    InProgress,
    WaitingForDeposit,
    Done,
    Canceled,
    PartialCanceled,
    /// The confirmation failed.
    Aborted,
    /// Not completed in time (e.g. a virtual account past its deadline).
    Expired,
}

impl GatewayStatus {
    /// Toss's name of the status.
    pub fn parse(s: &str) -> Option<GatewayStatus> {
        Some(match s {
            "READY" => GatewayStatus::Ready,
            "IN_PROGRESS" => GatewayStatus::InProgress,
            "WAITING_FOR_DEPOSIT" => GatewayStatus::WaitingForDeposit,
            "DONE" => GatewayStatus::Done,
            "CANCELED" => GatewayStatus::Canceled,
            "PARTIAL_CANCELED" => GatewayStatus::PartialCanceled,
            "ABORTED" => GatewayStatus::Aborted,
            "EXPIRED" => GatewayStatus::Expired,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            GatewayStatus::Ready => "READY",
            GatewayStatus::InProgress => "IN_PROGRESS",
            GatewayStatus::WaitingForDeposit => "WAITING_FOR_DEPOSIT",
            GatewayStatus::Done => "DONE",
            GatewayStatus::Canceled => "CANCELED",
            GatewayStatus::PartialCanceled => "PARTIAL_CANCELED",
            GatewayStatus::Aborted => "ABORTED",
            GatewayStatus::Expired => "EXPIRED",
        }
    }
}

/// A virtual account as the gateway issued it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedAccount {
    pub bank_code: String,
    pub account_number: String,
    pub holder: String,
    /// UTC.
    pub due_at: Option<NaiveDateTime>,
}

/// A payment as the gateway reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayPayment {
    pub payment_key: String,
    /// Our order number.
    pub order_id: String,
    pub status: GatewayStatus,
    pub method: Option<PaymentMethod>,
    /// What was charged, in minor units.
    pub total_amount: i64,
    /// What is left after cancellations.
    pub balance_amount: i64,
    /// UTC.
    pub approved_at: Option<NaiveDateTime>,
    pub virtual_account: Option<IssuedAccount>,
    /// The per-payment secret its deposit notifications repeat.
    pub secret: Option<String>,
}

/// Why a gateway call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// A definite refusal (declined card, wrong amount, already cancelled): nothing happened.
    #[error("{message} ({code})")]
    Declined { code: String, message: String },
    /// The gateway has no such payment.
    #[error("the payment gateway has no such payment")]
    NotFound,
    /// No definite answer (network, timeout, 5xx): the call may or may not have taken effect;
    /// repeating it with the same idempotency key is safe.
    #[error("the payment gateway did not answer: {0}")]
    Unavailable(String),
}

impl GatewayError {
    pub fn declined(code: &str, message: &str) -> GatewayError {
        GatewayError::Declined {
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }
}

/// Where a virtual-account refund is paid to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundAccount {
    /// Bank code, e.g. `88`.
    pub bank: String,
    pub account_number: String,
    pub holder_name: String,
}

/// A confirmation after the shopper authorised the payment.
#[derive(Debug, Clone)]
pub struct Confirm<'a> {
    pub payment_key: &'a str,
    pub order_id: &'a str,
    pub amount: i64,
    pub idempotency_key: &'a str,
}

/// A cancellation of all (`amount: None`) or part of a payment.
#[derive(Debug, Clone)]
pub struct Cancel<'a> {
    pub payment_key: &'a str,
    pub amount: Option<i64>,
    pub reason: &'a str,
    pub idempotency_key: &'a str,
    pub refund_account: Option<&'a RefundAccount>,
}

/// What a webhook delivery says, read without trusting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    /// Unique per provider event: deliveries of one event share it.
    pub key: String,
    pub order_id: String,
    /// For deposit notifications: the payment's secret, compared with the stored one.
    pub secret: Option<String>,
    /// The status the event claims (informative only: the payment is looked up).
    pub status: Option<String>,
}

/// What the shopper's browser needs to run the gateway's payment step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentSession {
    pub gateway: GatewayKind,
    /// The gateway's public key for its widget (Toss's client key); `None` for the sandbox.
    pub client_key: Option<String>,
    /// Where the browser authorises a sandbox payment (`POST`, JSON).
    pub authorize_url: Option<String>,
    /// The gateway's payment SDK, which the browser loads to open its payment window (Toss).
    pub script_url: Option<String>,
}

/// A payment gateway.
pub trait PaymentGateway: Send + Sync {
    /// What the browser needs to start paying.
    fn session(&self) -> PaymentSession;

    /// Confirms an authorised payment; the gateway checks that `payment_key`, `order_id` and
    /// `amount` belong together.
    fn confirm(
        &self,
        request: Confirm<'_>,
    ) -> impl Future<Output = Result<GatewayPayment, GatewayError>> + Send;

    /// The gateway's latest payment for our order number.
    fn lookup(
        &self,
        order_id: &str,
    ) -> impl Future<Output = Result<Option<GatewayPayment>, GatewayError>> + Send;

    /// Cancels (refunds) all or part of a payment.
    fn cancel(
        &self,
        request: Cancel<'_>,
    ) -> impl Future<Output = Result<GatewayPayment, GatewayError>> + Send;

    /// Reads a webhook body; `None` when it is not an event of this gateway.
    fn parse_webhook(&self, body: &str) -> Option<WebhookEvent>;
}

/// The gateways of this installation: the sandbox always (it keeps serving payments made with
/// it), Toss when configured; new orders use `payments.gateway`.
#[derive(Clone)]
pub struct Gateways {
    pub active: GatewayKind,
    pub sandbox: Arc<SandboxGateway>,
    pub toss: Option<Arc<TossGateway>>,
}

impl Gateways {
    pub fn from_config(config: &PaymentsConfig, db: &Db) -> Result<Gateways, String> {
        let toss = if config.toss.secret_key.is_some() {
            Some(Arc::new(TossGateway::new(&config.toss)?))
        } else {
            None
        };
        Ok(Gateways {
            active: config.gateway,
            sandbox: Arc::new(SandboxGateway::new(db.clone(), config.deposit_hours)),
            toss,
        })
    }

    /// The gateway named `name` (as payments record it).
    pub fn named(&self, name: &str) -> Option<AnyGateway<'_>> {
        match name {
            "sandbox" => Some(AnyGateway::Sandbox(&self.sandbox)),
            "toss" => self.toss.as_deref().map(AnyGateway::Toss),
            _ => None,
        }
    }

    /// The gateway new payments use.
    pub fn active(&self) -> AnyGateway<'_> {
        match (self.active, &self.toss) {
            (GatewayKind::Toss, Some(toss)) => AnyGateway::Toss(toss),
            _ => AnyGateway::Sandbox(&self.sandbox),
        }
    }
}

/// One of the gateways, dispatched statically.
#[derive(Clone, Copy)]
pub enum AnyGateway<'a> {
    Sandbox(&'a SandboxGateway),
    Toss(&'a TossGateway),
}

impl AnyGateway<'_> {
    pub fn name(&self) -> &'static str {
        match self {
            AnyGateway::Sandbox(_) => "sandbox",
            AnyGateway::Toss(_) => "toss",
        }
    }

    pub fn session(&self) -> PaymentSession {
        match self {
            AnyGateway::Sandbox(g) => g.session(),
            AnyGateway::Toss(g) => g.session(),
        }
    }

    pub async fn confirm(&self, r: Confirm<'_>) -> Result<GatewayPayment, GatewayError> {
        match self {
            AnyGateway::Sandbox(g) => g.confirm(r).await,
            AnyGateway::Toss(g) => g.confirm(r).await,
        }
    }

    pub async fn lookup(&self, order_id: &str) -> Result<Option<GatewayPayment>, GatewayError> {
        match self {
            AnyGateway::Sandbox(g) => g.lookup(order_id).await,
            AnyGateway::Toss(g) => g.lookup(order_id).await,
        }
    }

    pub async fn cancel(&self, r: Cancel<'_>) -> Result<GatewayPayment, GatewayError> {
        match self {
            AnyGateway::Sandbox(g) => g.cancel(r).await,
            AnyGateway::Toss(g) => g.cancel(r).await,
        }
    }

    pub fn parse_webhook(&self, body: &str) -> Option<WebhookEvent> {
        match self {
            AnyGateway::Sandbox(g) => g.parse_webhook(body),
            AnyGateway::Toss(g) => g.parse_webhook(body),
        }
    }
}
