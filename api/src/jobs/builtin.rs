//! Jobs of the queue itself: a diagnostic no-op and the housekeeping schedule.

use std::time::Duration;

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::registry::{Job, JobContext, JobError};
use super::store;
use crate::db::schema::schedule_runs;
use crate::db::{self, DbError};
use crate::notify::delivery;

/// Does nothing (after an optional delay): checks that workers are alive and measures the
/// queue's own overhead.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Ping {
    /// Milliseconds to wait before finishing (at most ten minutes).
    #[serde(default)]
    pub delay_ms: u64,
}

impl Job for Ping {
    const KIND: &'static str = "ping";

    async fn run(self, _ctx: JobContext) -> Result<(), JobError> {
        if self.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(self.delay_ms.min(600_000))).await;
        }
        Ok(())
    }
}

/// Deletes what has served its purpose: finished jobs past the retention period, old schedule
/// run markers, sent-message records past any retry window, and webhook rate windows quiet for a
/// day.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Housekeeping {
    /// Finished jobs older than this many days are deleted.
    pub retention_days: u32,
}

impl Job for Housekeeping {
    const KIND: &'static str = "housekeeping";
    const MAX_ATTEMPTS: i32 = 3;

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let days = i64::from(self.retention_days.max(1));
        let (jobs, runs, messages, credentials, windows) = ctx
            .db
            .run(move |conn| {
                let now = db::now();
                let jobs = store::purge_finished(conn, now - chrono::Duration::days(days))?;
                let runs =
                    diesel::delete(schedule_runs::table.filter(
                        schedule_runs::due_at.lt(now - chrono::Duration::days(days.max(30))),
                    ))
                    .execute(conn)?;
                // Long after any retry of the job that sent them.
                let messages = delivery::purge(conn, now - chrono::Duration::days(90))?;
                let credentials = crate::members::purge_expired(conn, now)?
                    + crate::cart::service::purge_abandoned(
                        conn,
                        now - chrono::Duration::days(crate::cart::service::ANONYMOUS_CART_DAYS),
                    )?
                    + crate::idempotency::purge(conn, now)?;
                let windows =
                    crate::payment::webhook_limits::purge(conn, now - chrono::Duration::days(1))?;
                // SQLite keeps no planner statistics by itself (PostgreSQL's autovacuum
                // does): refresh them where they are stale, e.g. after a catalog import.
                if let db::AnyConnection::Sqlite(_) = conn {
                    use diesel::connection::SimpleConnection;
                    conn.batch_execute("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002")?;
                }
                Ok::<_, DbError>((jobs, runs, messages, credentials, windows))
            })
            .await
            .map_err(|e| JobError::transient(e.to_string()))?;
        tracing::info!(
            jobs,
            schedule_runs = runs,
            message_deliveries = messages,
            expired_credentials = credentials,
            webhook_windows = windows,
            "housekeeping done"
        );
        Ok(())
    }
}
