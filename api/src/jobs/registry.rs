//! Typed jobs and the registry that runs them by kind.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::db::Db;
use crate::notify::Notifier;

/// A kind of background job: a serialisable payload and the handler that runs it.
///
/// Handlers run at least once and may run again after a crash or a lost lease, so they must be
/// idempotent (an email job, for example, records the message id it sent and skips it next time).
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// Stable name stored with every job of this kind. Renaming it strands queued jobs.
    const KIND: &'static str;
    /// Attempts before the job is marked dead.
    const MAX_ATTEMPTS: i32 = 8;

    fn run(self, ctx: JobContext) -> impl Future<Output = Result<(), JobError>> + Send;
}

/// What a handler can use.
#[derive(Clone)]
pub struct JobContext {
    pub db: Db,
    pub notifier: Arc<Notifier>,
    /// Media storage and limits, for the image jobs.
    pub media: Arc<crate::media::MediaStore>,
    /// Payment gateways and deadlines, for the payment jobs.
    pub payments: Arc<crate::payment::Payments>,
    pub job_id: i64,
    /// 1 on the first run.
    pub attempt: i32,
}

/// Why a run failed. Transient failures are retried with back-off; permanent ones (a payload
/// that can never succeed) go straight to `dead`; deferred ones (something else holds what the
/// job needs) run again at a given time without spending an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobError {
    pub message: String,
    pub permanent: bool,
    /// Run again at this time (UTC), not counting this attempt.
    pub defer_until: Option<chrono::NaiveDateTime>,
}

impl JobError {
    pub fn transient(message: impl Into<String>) -> Self {
        JobError {
            message: message.into(),
            permanent: false,
            defer_until: None,
        }
    }

    pub fn permanent(message: impl Into<String>) -> Self {
        JobError {
            message: message.into(),
            permanent: true,
            defer_until: None,
        }
    }

    pub fn deferred(message: impl Into<String>, until: chrono::NaiveDateTime) -> Self {
        JobError {
            message: message.into(),
            permanent: false,
            defer_until: Some(until),
        }
    }
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

type BoxFuture = Pin<Box<dyn Future<Output = Result<(), JobError>> + Send>>;
type Handler = Arc<dyn Fn(JobContext, String) -> BoxFuture + Send + Sync>;

/// Job kinds a worker knows how to run.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<&'static str, Handler>,
}

impl Registry {
    /// Every job kind Jangteo has.
    pub fn standard() -> Registry {
        let mut r = Registry::default();
        r.register::<super::builtin::Ping>();
        r.register::<super::builtin::Housekeeping>();
        r.register::<crate::notify::mail::SendEmail>();
        r.register::<crate::notify::sms::SendSms>();
        r.register::<crate::access::links::SendAccountLink>();
        r.register::<crate::media::ResizeImage>();
        r.register::<crate::media::service::DeleteFiles>();
        r.register::<crate::payment::jobs::ReconcileOrder>();
        r.register::<crate::payment::jobs::ReconcilePayments>();
        r.register::<crate::payment::jobs::ExpireOrders>();
        r.register::<crate::payment::jobs::CompleteRefund>();
        r.register::<crate::payment::jobs::DeliverSandboxWebhook>();
        r
    }

    pub fn register<J: Job>(&mut self) {
        let handler: Handler = Arc::new(|ctx, payload| {
            Box::pin(async move {
                let job: J = serde_json::from_str(&payload).map_err(|e| {
                    JobError::permanent(format!("the payload is not a valid {}: {e}", J::KIND))
                })?;
                job.run(ctx).await
            })
        });
        self.handlers.insert(J::KIND, handler);
    }

    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds: Vec<_> = self.handlers.keys().copied().collect();
        kinds.sort_unstable();
        kinds
    }

    /// Runs a stored job. An unknown kind is a transient failure: a newer worker that knows it
    /// may be rolling out, and the job goes dead only when its attempts run out.
    pub fn run(&self, kind: &str, payload: String, ctx: JobContext) -> BoxFuture {
        match self.handlers.get(kind) {
            Some(handler) => handler(ctx, payload),
            None => {
                let message = format!("no handler for job kind {kind:?} in this worker");
                Box::pin(async move { Err(JobError::transient(message)) })
            }
        }
    }
}
