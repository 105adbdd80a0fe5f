//! The worker: claims ready jobs, runs them concurrently with a timeout, keeps their leases alive,
//! and records each outcome. On shutdown it stops claiming, lets running jobs finish for a grace
//! period, then tells the rest to stop: each gives its job back itself, so a job is either
//! recorded or released, never both.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures_util::FutureExt;
use tokio::sync::{Semaphore, watch};
use tokio::task::{JoinHandle, JoinSet};
use tracing::Instrument;

use super::model::ClaimedJob;
use super::registry::{JobContext, JobError, Registry};
use super::retry::backoff;
use super::store;
use crate::config::JobsConfig;
use crate::db::{self, Db};
use crate::notify::Notifier;

/// A worker process's (or task's) share of the queue.
pub struct Worker {
    db: Db,
    registry: Arc<Registry>,
    notifier: Arc<Notifier>,
    media: Arc<crate::media::MediaStore>,
    payments: Arc<crate::payment::Payments>,
    config: JobsConfig,
    id: String,
}

/// How a run ended, as far as the worker is concerned.
enum Ended {
    /// The handler returned (or panicked, or timed out): record it.
    Finished(Result<(), JobError>),
    /// Shutdown after the grace period: give the job back.
    Stopped,
    /// Another worker took the job over (our lease ran out): leave it alone.
    LeaseLost,
}

/// Aborts a background task when dropped.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Worker {
    pub fn new(
        db: Db,
        registry: Registry,
        notifier: Arc<Notifier>,
        media: Arc<crate::media::MediaStore>,
        payments: Arc<crate::payment::Payments>,
        config: JobsConfig,
    ) -> Worker {
        let host = hostname::get()
            .ok()
            .and_then(|h| h.into_string().ok())
            .unwrap_or_else(|| "host".into());
        let id = format!(
            "{host}:{}:{}",
            std::process::id(),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        Worker {
            db,
            registry: Arc::new(registry),
            notifier,
            media,
            payments,
            config,
            id,
        }
    }

    /// The name this worker holds leases under.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Runs until `shutdown` turns true (or its sender is gone), then finishes or gives back
    /// what it holds.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let this = Arc::new(self);
        let permits = Arc::new(Semaphore::new(this.config.concurrency.max(1)));
        let (stop_runs, stop_signal) = watch::channel(false);
        let mut running = JoinSet::new();
        tracing::info!(worker = %this.id, concurrency = this.config.concurrency, "worker started");
        loop {
            if *shutdown.borrow() {
                break;
            }
            while running.try_join_next().is_some() {}
            let free = permits.available_permits();
            let claimed = if free == 0 {
                Vec::new()
            } else {
                let (db, id, lease) = (this.db.clone(), this.id.clone(), this.config.lease());
                match db
                    .run(move |c| store::claim(c, &id, free, lease, db::now()))
                    .await
                {
                    Ok(jobs) => jobs,
                    Err(e) => {
                        tracing::warn!(worker = %this.id, error = %e, "cannot claim jobs");
                        Vec::new()
                    }
                }
            };
            // Wait when every slot is busy or the queue had fewer jobs than free slots.
            let idle = free == 0 || claimed.len() < free;
            for job in claimed {
                let Ok(permit) = permits.clone().acquire_owned().await else {
                    break;
                };
                let span = tracing::info_span!(
                    "job",
                    job.id = job.id,
                    job.kind = %job.kind,
                    job.attempt = job.attempts
                );
                let (this, stop) = (this.clone(), stop_signal.clone());
                running.spawn(
                    async move {
                        this.run_one(job, stop).await;
                        drop(permit);
                    }
                    .instrument(span),
                );
            }
            if idle {
                tokio::select! {
                    _ = tokio::time::sleep(this.config.poll_interval()) => {}
                    changed = shutdown.changed() => {
                        // A dropped sender means nobody can stop us any more: stop now.
                        if changed.is_err() {
                            break;
                        }
                    }
                    Some(_) = running.join_next(), if !running.is_empty() => {}
                }
            }
        }
        let grace = this.config.shutdown_grace();
        let drained = tokio::time::timeout(grace, async {
            while running.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            let _ = stop_runs.send(true);
            while running.join_next().await.is_some() {}
        }
        tracing::info!(worker = %this.id, "worker stopped");
    }

    async fn run_one(&self, job: ClaimedJob, mut stop: watch::Receiver<bool>) {
        // A job whose lease expired again and again (its workers keep dying on it) stops here.
        if job.attempts > job.max_attempts {
            let error = format!(
                "gave up after {} attempts: the workers running it stopped before it finished",
                job.max_attempts
            );
            self.record(&job, Err(JobError::permanent(error))).await;
            return;
        }
        let ctx = JobContext {
            db: self.db.clone(),
            notifier: self.notifier.clone(),
            media: self.media.clone(),
            payments: self.payments.clone(),
            job_id: job.id,
            attempt: job.attempts,
        };
        let (lost_tx, mut lost) = watch::channel(false);
        let _heartbeat = self.keep_lease(job.id, lost_tx);
        let run =
            AssertUnwindSafe(self.registry.run(&job.kind, job.payload.clone(), ctx)).catch_unwind();
        let timed = tokio::time::timeout(self.config.job_timeout(), run);
        let ended = tokio::select! {
            outcome = timed => Ended::Finished(match outcome {
                Ok(Ok(result)) => result,
                Ok(Err(_panic)) => Err(JobError::transient("the handler panicked (see the worker log)")),
                Err(_) => Err(JobError::transient(format!(
                    "timed out after {} s",
                    self.config.job_timeout().as_secs()
                ))),
            }),
            _ = stop.wait_for(|stop| *stop) => Ended::Stopped,
            _ = lost.wait_for(|lost| *lost) => Ended::LeaseLost,
        };
        match ended {
            Ended::Finished(result) => self.record(&job, result).await,
            Ended::Stopped => {
                let (id, worker) = (job.id, self.id.clone());
                match self
                    .db
                    .run(move |c| store::release(c, id, &worker, db::now()))
                    .await
                {
                    Ok(_) => tracing::info!("job released at shutdown"),
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot release job; its lease will expire")
                    }
                }
            }
            Ended::LeaseLost => {
                tracing::warn!(
                    "lease lost while running; another worker owns the job now, this run stops"
                );
            }
        }
    }

    /// Extends the job's lease every third of the lease while it runs; reports a lost lease.
    fn keep_lease(&self, id: i64, lost: watch::Sender<bool>) -> AbortOnDrop {
        let (db, worker, lease) = (self.db.clone(), self.id.clone(), self.config.lease());
        AbortOnDrop(tokio::spawn(async move {
            let mut every = tokio::time::interval(lease / 3);
            every.tick().await;
            loop {
                every.tick().await;
                let w = worker.clone();
                match db.run(move |c| store::extend_lease(c, id, &w, lease)).await {
                    Ok(true) => {}
                    Ok(false) => {
                        let _ = lost.send(true);
                        return;
                    }
                    Err(e) => tracing::warn!(job.id = id, error = %e, "cannot extend lease"),
                }
            }
        }))
    }

    async fn record(&self, job: &ClaimedJob, result: Result<(), JobError>) {
        let (id, worker) = (job.id, self.id.clone());
        let now = db::now();
        let recorded = match result {
            Ok(()) => {
                self.db
                    .run(move |c| store::complete(c, id, &worker, now))
                    .await
            }
            Err(JobError {
                message,
                defer_until: Some(until),
                ..
            }) => {
                tracing::info!(reason = %message, until = %until, "job deferred");
                self.db
                    .run(move |c| store::defer(c, id, &worker, until, &message, now))
                    .await
            }
            Err(e) => {
                let retry_at = (!e.permanent && job.attempts < job.max_attempts).then(|| {
                    let delay = backoff(
                        job.attempts,
                        self.config.retry_base(),
                        self.config.retry_cap(),
                        &mut rand::rng(),
                    );
                    now + chrono::Duration::from_std(delay).unwrap_or_default()
                });
                match retry_at {
                    Some(at) => {
                        tracing::warn!(error = %e, retry_at = %at, "job failed; will retry")
                    }
                    None => tracing::error!(error = %e, "job failed for good; marked dead"),
                }
                self.db
                    .run(move |c| store::fail(c, id, &worker, &e.message, retry_at, now))
                    .await
            }
        };
        match recorded {
            Ok(true) => {}
            Ok(false) => tracing::warn!("the job's lease was lost before its outcome was recorded"),
            Err(e) => {
                tracing::error!(error = %e, "cannot record the job's outcome; it will run again")
            }
        }
    }
}
