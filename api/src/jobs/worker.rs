//! The worker: claims ready jobs, runs them concurrently with a timeout, keeps their leases alive,
//! and records each outcome. On shutdown it stops claiming, lets running jobs finish for a grace
//! period, and gives back the ones that did not.

use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

use futures_util::FutureExt;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
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
    config: JobsConfig,
    id: String,
}

impl Worker {
    pub fn new(db: Db, registry: Registry, notifier: Arc<Notifier>, config: JobsConfig) -> Worker {
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
            config,
            id,
        }
    }

    /// The name this worker holds leases under.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Runs until `shutdown` turns true, then finishes or releases what it holds.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let this = Arc::new(self);
        let permits = Arc::new(Semaphore::new(this.config.concurrency.max(1)));
        let in_flight: Arc<Mutex<HashSet<i64>>> = Arc::default();
        let mut running = JoinSet::new();
        tracing::info!(worker = %this.id, concurrency = this.config.concurrency, "worker started");
        loop {
            if *shutdown.borrow() {
                break;
            }
            // Reap finished tasks so the set does not grow.
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
                let permit = permits.clone().acquire_owned().await;
                let Ok(permit) = permit else { break };
                in_flight
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(job.id);
                let (this, in_flight) = (this.clone(), in_flight.clone());
                let span = tracing::info_span!("job", job.id = job.id, job.kind = %job.kind, job.attempt = job.attempts);
                running.spawn(
                    async move {
                        let id = job.id;
                        this.run_one(job).await;
                        in_flight
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .remove(&id);
                        drop(permit);
                    }
                    .instrument(span),
                );
            }
            if idle {
                tokio::select! {
                    _ = tokio::time::sleep(this.config.poll_interval()) => {}
                    _ = shutdown.changed() => {}
                    Some(_) = running.join_next(), if !running.is_empty() => {}
                }
            }
        }
        // Shutdown: no new claims; running jobs get the grace period.
        let grace = this.config.shutdown_grace();
        let drained = tokio::time::timeout(grace, async {
            while running.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            running.abort_all();
            while running.join_next().await.is_some() {}
            let unfinished: Vec<i64> = in_flight
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .drain()
                .collect();
            for id in unfinished {
                let worker = this.id.clone();
                let released = this
                    .db
                    .run(move |c| store::release(c, id, &worker, db::now()))
                    .await;
                match released {
                    Ok(_) => tracing::info!(job.id = id, "job released at shutdown"),
                    Err(e) => {
                        tracing::warn!(job.id = id, error = %e, "cannot release job; its lease will expire")
                    }
                }
            }
        }
        tracing::info!(worker = %this.id, "worker stopped");
    }

    async fn run_one(&self, job: ClaimedJob) {
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
            job_id: job.id,
            attempt: job.attempts,
        };
        let heartbeat = self.keep_lease(job.id);
        let run =
            AssertUnwindSafe(self.registry.run(&job.kind, job.payload.clone(), ctx)).catch_unwind();
        let outcome = tokio::time::timeout(self.config.job_timeout(), run).await;
        heartbeat.abort();
        let result = match outcome {
            Ok(Ok(result)) => result,
            Ok(Err(_panic)) => Err(JobError::transient(
                "the handler panicked (see the worker log)",
            )),
            Err(_) => Err(JobError::transient(format!(
                "timed out after {} s",
                self.config.job_timeout().as_secs()
            ))),
        };
        self.record(&job, result).await;
    }

    /// Extends the job's lease every third of the lease while it runs.
    fn keep_lease(&self, id: i64) -> tokio::task::JoinHandle<()> {
        let (db, worker, lease) = (self.db.clone(), self.id.clone(), self.config.lease());
        tokio::spawn(async move {
            let mut every = tokio::time::interval(lease / 3);
            every.tick().await;
            loop {
                every.tick().await;
                let (w, until) = (
                    worker.clone(),
                    db::now() + chrono::Duration::from_std(lease).unwrap_or_default(),
                );
                match db.run(move |c| store::extend_lease(c, id, &w, until)).await {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::warn!(job.id = id, "lease lost while running");
                        return;
                    }
                    Err(e) => tracing::warn!(job.id = id, error = %e, "cannot extend lease"),
                }
            }
        })
    }

    async fn record(&self, job: &ClaimedJob, result: Result<(), JobError>) {
        let (id, worker) = (job.id, self.id.clone());
        let now = db::now();
        let recorded = match &result {
            Ok(()) => {
                self.db
                    .run(move |c| store::complete(c, id, &worker, now))
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
                let message = e.message.clone();
                self.db
                    .run(move |c| store::fail(c, id, &worker, &message, retry_at, now))
                    .await
            }
        };
        match recorded {
            Ok(true) => {
                if result.is_ok() {
                    tracing::debug!("job succeeded");
                }
            }
            Ok(false) => tracing::warn!("the job's lease was lost before its outcome was recorded"),
            Err(e) => {
                tracing::error!(error = %e, "cannot record the job's outcome; it will run again")
            }
        }
    }
}
