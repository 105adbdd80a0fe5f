//! Payments: one gateway interface (`gateway`) with the built-in sandbox and Toss Payments
//! behind it; confirming a payment exactly once however many times the shopper's browser, the
//! gateway's webhooks and the reconciliation task report it (`service`); webhooks stored raw
//! before they change anything (`webhook`), those without a secret counted, limited and
//! coalesced before they are stored (`webhook_limits`); refunds that never exceed what was paid
//! (`refund`); and the background jobs that make a lost webhook a delay, never a loss (`jobs`).

pub mod error;
pub mod gateway;
pub mod jobs;
pub mod model;
pub mod refund;
pub mod sandbox;
pub mod service;
pub mod toss;
pub mod webhook;
pub mod webhook_limits;

use std::sync::Arc;

pub use error::PaymentError;
pub use gateway::Gateways;
pub use model::{Payment, PaymentStatus, Refund};

use crate::config::PaymentsConfig;
use crate::db::Db;

/// The gateways and the payment deadlines, shared by the APIs and the jobs.
pub struct Payments {
    pub gateways: Gateways,
    /// Minutes an order may wait for its payment.
    pub payment_minutes: u32,
    /// Hours a virtual account may wait for its deposit.
    pub deposit_hours: u32,
    /// Limits on webhook notifications that carry no secret.
    pub webhooks: webhook_limits::Limits,
}

impl Payments {
    pub fn from_config(config: &PaymentsConfig, db: &Db) -> Result<Arc<Payments>, String> {
        Ok(Arc::new(Payments {
            gateways: Gateways::from_config(config, db)?,
            payment_minutes: config.payment_minutes,
            deposit_hours: config.deposit_hours,
            webhooks: webhook_limits::Limits::from_config(&config.webhooks),
        }))
    }
}
