//! The payment jobs: look up an order's payment after a webhook, reconcile every unpaid order
//! with its gateway (a lost webhook delays an order, never loses it), expire unpaid orders past
//! their deadline, complete pending refunds, and deliver the sandbox's simulated webhooks.

use serde::{Deserialize, Serialize};

use crate::jobs::{Job, JobContext, JobError};

fn transient(e: impl std::fmt::Display) -> JobError {
    JobError::transient(e.to_string())
}

/// Looks up one order's payment with its gateway and applies the answer (after a webhook). A
/// notification without a secret enqueues it under the payment's dedupe key
/// (`payment.lookup:{payment id}`), so at most one such lookup per payment is pending at a time
/// and every notification arriving meanwhile is served by it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReconcileOrder {
    pub order_id: i64,
    /// The webhook delivery that asked for it.
    pub event_id: Option<i64>,
}

impl Job for ReconcileOrder {
    const KIND: &'static str = "payment.reconcile_order";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let done = super::service::reconcile_order(&ctx.db, &ctx.payments, self.order_id)
            .await
            .map_err(transient)?;
        if !done {
            return Err(JobError::transient("the payment gateway did not answer"));
        }
        if let Some(event) = self.event_id {
            ctx.db
                .run(move |c| super::webhook::processed(c, event))
                .await
                .map_err(transient)?;
        }
        Ok(())
    }
}

/// Every few minutes: asks the gateways about every unpaid order they may know more of.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReconcilePayments {}

impl Job for ReconcilePayments {
    const KIND: &'static str = "payment.reconcile";
    const MAX_ATTEMPTS: i32 = 3;

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let ids = ctx
            .db
            .run(|c| super::service::needing_reconciliation(c, 500))
            .await
            .map_err(transient)?;
        let mut unanswered = 0;
        for id in &ids {
            match super::service::reconcile_order(&ctx.db, &ctx.payments, *id).await {
                Ok(true) => {}
                Ok(false) => unanswered += 1,
                Err(e) => tracing::error!(order.id = id, error = %e, "reconciliation failed"),
            }
        }
        tracing::info!(orders = ids.len(), unanswered, "payments reconciled");
        Ok(())
    }
}

/// Every minute: expires unpaid orders past their deadline and releases their stock.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExpireOrders {}

impl Job for ExpireOrders {
    const KIND: &'static str = "order.expire";
    const MAX_ATTEMPTS: i32 = 3;

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let ids = ctx
            .db
            .run(|c| super::service::due_for_expiry(c, 500))
            .await
            .map_err(transient)?;
        let mut expired = 0;
        for id in &ids {
            match super::service::expire_order(&ctx.db, &ctx.payments, *id).await {
                Ok(true) => expired += 1,
                Ok(false) => {}
                Err(e) => tracing::error!(order.id = id, error = %e, "expiry failed"),
            }
        }
        if !ids.is_empty() {
            tracing::info!(due = ids.len(), settled = expired, "unpaid orders expired");
        }
        Ok(())
    }
}

/// Completes a refund whose request ended before the gateway's answer was recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CompleteRefund {
    pub refund_id: i64,
}

impl Job for CompleteRefund {
    const KIND: &'static str = "payment.refund";
    const MAX_ATTEMPTS: i32 = 20;

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let done = super::refund::complete_pending(&ctx.db, &ctx.payments, self.refund_id)
            .await
            .map_err(transient)?;
        if done {
            Ok(())
        } else {
            Err(JobError::transient("the payment gateway did not answer"))
        }
    }
}

/// Delivers a webhook the sandbox gateway sends (a simulated deposit) to this installation's
/// webhook handling, exactly as a real gateway's delivery arrives.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliverSandboxWebhook {
    pub body: String,
}

impl Job for DeliverSandboxWebhook {
    const KIND: &'static str = "payment.sandbox_webhook";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let payments = ctx.payments.clone();
        let receipt = ctx
            .db
            .run(move |c| {
                let origin = super::webhook::Origin::internal();
                super::webhook::receive(c, &payments, "sandbox", &self.body, &origin)
            })
            .await
            .map_err(transient)?;
        tracing::info!(?receipt, "sandbox webhook delivered");
        Ok(())
    }
}
