//! Background jobs: typed jobs stored in the database and enqueued in the same transaction as
//! the change that causes them, workers that claim them safely (any number of processes on
//! PostgreSQL), retries with back-off, dead jobs for staff to look at, and cron schedules.
//!
//! A job kind is a type implementing [`Job`]; register it in [`Registry::standard`]. Enqueue with
//! [`store::enqueue`] on the caller's connection.

pub mod builtin;
pub mod model;
pub mod registry;
pub mod retry;
pub mod schedule;
pub mod store;
pub mod worker;

use std::sync::Arc;

use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use registry::{Job, JobContext, JobError, Registry};
pub use store::{enqueue, enqueue_with};

use crate::config::JobsConfig;
use crate::db::Db;
use crate::notify::Notifier;

/// The worker and/or scheduler running in this process, stopped together.
pub struct Background {
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Background {
    /// Starts what `config` asks for: a worker if `config.worker`, a scheduler if also
    /// `config.scheduler`. Fails on a schedule configuration error.
    pub fn start(
        db: Db,
        notifier: Arc<Notifier>,
        media: Arc<crate::media::MediaStore>,
        payments: Arc<crate::payment::Payments>,
        config: &JobsConfig,
    ) -> Result<Background, String> {
        let (shutdown, watch) = watch::channel(false);
        let mut tasks = Vec::new();
        if config.worker {
            if config.scheduler {
                let scheduler = schedule::Scheduler::new(db.clone(), config.clone())?;
                tasks.push(tokio::spawn(scheduler.run(watch.clone())));
            }
            let worker = worker::Worker::new(
                db,
                Registry::standard(),
                notifier,
                media,
                payments,
                config.clone(),
            );
            tasks.push(tokio::spawn(worker.run(watch)));
        }
        Ok(Background { shutdown, tasks })
    }

    /// Asks everything to stop and waits: running jobs finish or are given back.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
    }
}
