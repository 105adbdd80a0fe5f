//! The job table: enqueueing (inside the caller's transaction), claiming with a lease, and the
//! outcomes a worker records. The claim is the only backend-specific SQL in Jangteo: PostgreSQL
//! skips rows other workers hold (`FOR UPDATE SKIP LOCKED`); SQLite serialises claimers with its
//! write lock (`BEGIN IMMEDIATE`).

use crate::access::audit::{self, Actor};
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Text, Timestamp};

use super::model::{ClaimedJob, JobRow, JobState, NewJob};
use super::registry::Job;
use crate::db::page::{Page, PageRequest};
use crate::db::schema::jobs;
use crate::db::{self, AnyConnection, DbError};

/// Errors of staff operations on jobs.
#[derive(Debug, thiserror::Error)]
pub enum JobsError {
    #[error("there is no job with this id")]
    NotFound,
    #[error("a {0} job cannot be {1}")]
    WrongState(&'static str, &'static str),
    #[error(transparent)]
    Internal(#[from] DbError),
}

impl From<diesel::result::Error> for JobsError {
    fn from(e: diesel::result::Error) -> Self {
        JobsError::Internal(DbError::Query(e))
    }
}

/// When and how urgently a job should run.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnqueueOptions {
    /// Not before this time (UTC); `None` means now.
    pub run_at: Option<NaiveDateTime>,
    /// Higher runs first among ready jobs.
    pub priority: i32,
}

/// Stores `job` to run as soon as a worker is free. Call it with the connection (and inside the
/// transaction) of the change that causes the job: a rollback then leaves no job, a commit
/// always leaves it.
pub fn enqueue<J: Job>(conn: &mut AnyConnection, job: &J) -> Result<i64, DbError> {
    enqueue_with(conn, job, EnqueueOptions::default())
}

pub fn enqueue_with<J: Job>(
    conn: &mut AnyConnection,
    job: &J,
    options: EnqueueOptions,
) -> Result<i64, DbError> {
    let payload = serde_json::to_string(job)
        .map_err(|e| DbError::Corrupt(format!("cannot serialise a {} job: {e}", J::KIND)))?;
    let now = db::now();
    let id = diesel::insert_into(jobs::table)
        .values(NewJob {
            kind: J::KIND,
            payload: &payload,
            state: JobState::Queued.as_str(),
            priority: options.priority,
            attempts: 0,
            max_attempts: J::MAX_ATTEMPTS,
            run_at: options.run_at.unwrap_or(now),
            created_at: now,
            updated_at: now,
        })
        .returning(jobs::id)
        .get_result(conn)?;
    Ok(id)
}

/// Stores `job` to run now unless a job with the same `dedupe_key` is still pending (queued,
/// waiting for a retry, or running): then nothing is stored and the answer is `None`. Safe under
/// concurrency on both backends: a partial unique index on pending jobs' keys decides (a
/// concurrent insert on PostgreSQL waits for the other transaction, then does nothing). Once
/// the pending job has finished (or died), the key is free again. Like [`enqueue`], call it in
/// the transaction of the change that causes the job.
pub fn enqueue_unique<J: Job>(
    conn: &mut AnyConnection,
    job: &J,
    dedupe_key: &str,
) -> Result<Option<i64>, DbError> {
    use diesel::sql_types::Integer;
    #[derive(QueryableByName)]
    struct Inserted {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    let payload = serde_json::to_string(job)
        .map_err(|e| DbError::Corrupt(format!("cannot serialise a {} job: {e}", J::KIND)))?;
    let now = db::now();
    let inserted: Vec<Inserted> = match conn {
        AnyConnection::Postgresql(pg) => diesel::sql_query(
            "INSERT INTO jobs (kind, payload, state, priority, attempts, max_attempts, run_at, \
                 created_at, updated_at, dedupe_key) \
             VALUES ($1, $2, 'queued', 0, 0, $3, $4, $4, $4, $5) \
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind::<Text, _>(J::KIND)
        .bind::<Text, _>(&payload)
        .bind::<Integer, _>(J::MAX_ATTEMPTS)
        .bind::<Timestamp, _>(now)
        .bind::<Text, _>(dedupe_key)
        .load(pg)?,
        AnyConnection::Sqlite(lite) => diesel::sql_query(
            "INSERT INTO jobs (kind, payload, state, priority, attempts, max_attempts, run_at, \
                 created_at, updated_at, dedupe_key) \
             VALUES (?1, ?2, 'queued', 0, 0, ?3, ?4, ?4, ?4, ?5) \
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind::<Text, _>(J::KIND)
        .bind::<Text, _>(&payload)
        .bind::<Integer, _>(J::MAX_ATTEMPTS)
        .bind::<Timestamp, _>(now)
        .bind::<Text, _>(dedupe_key)
        .load(lite)?,
    };
    Ok(inserted.first().map(|row| row.id))
}

/// Claims up to `limit` jobs for `worker`: ready queued jobs, and running jobs whose lease ran out
/// (their worker died). Each claim counts as an attempt and holds the job for `lease`. `now` is
/// this process's clock, used on SQLite (one machine); PostgreSQL uses its own.
pub fn claim(
    conn: &mut AnyConnection,
    worker: &str,
    limit: usize,
    lease: Duration,
    now: NaiveDateTime,
) -> Result<Vec<ClaimedJob>, DbError> {
    let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(5));
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let claimed = match conn {
        // PostgreSQL may serve workers on many machines: the lease is taken on the database's
        // clock, so a machine whose clock runs ahead cannot steal a live job.
        AnyConnection::Postgresql(pg) => diesel::sql_query(
            "UPDATE jobs SET state = 'running', locked_by = $1, \
                 locked_until = (now() AT TIME ZONE 'utc') + make_interval(secs => $2), \
                 attempts = attempts + 1, updated_at = (now() AT TIME ZONE 'utc') \
             WHERE id IN ( \
                 SELECT id FROM jobs \
                 WHERE (state = 'queued' AND run_at <= (now() AT TIME ZONE 'utc')) \
                    OR (state = 'running' AND locked_until < (now() AT TIME ZONE 'utc')) \
                 ORDER BY priority DESC, run_at, id \
                 LIMIT $3 \
                 FOR UPDATE SKIP LOCKED) \
             RETURNING id, kind, payload, attempts, max_attempts",
        )
        .bind::<Text, _>(worker)
        .bind::<Double, _>(lease.as_secs_f64())
        .bind::<BigInt, _>(limit)
        .load::<ClaimedJob>(pg)?,
        AnyConnection::Sqlite(lite) => lite.immediate_transaction(|lite| {
            diesel::sql_query(
                "UPDATE jobs SET state = 'running', locked_by = ?, locked_until = ?, \
                     attempts = attempts + 1, updated_at = ? \
                 WHERE id IN ( \
                     SELECT id FROM jobs \
                     WHERE (state = 'queued' AND run_at <= ?) \
                        OR (state = 'running' AND locked_until < ?) \
                     ORDER BY priority DESC, run_at, id \
                     LIMIT ?) \
                 RETURNING id, kind, payload, attempts, max_attempts",
            )
            .bind::<Text, _>(worker)
            .bind::<Timestamp, _>(until)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load::<ClaimedJob>(lite)
        })?,
    };
    Ok(claimed)
}

/// The rows a worker may still change: its own, still running.
macro_rules! held_by {
    ($id:expr, $worker:expr) => {
        jobs::table
            .filter(jobs::id.eq($id))
            .filter(jobs::locked_by.eq($worker))
            .filter(jobs::state.eq(JobState::Running.as_str()))
    };
}

/// Records success, keeping `locked_by` (which worker ran it). `false` when the worker no longer
/// holds the job (its lease ran out and another worker took it): then nothing changes.
pub fn complete(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let n = diesel::update(held_by!(id, worker))
        .set((
            jobs::state.eq(JobState::Succeeded.as_str()),
            jobs::locked_until.eq(None::<NaiveDateTime>),
            jobs::finished_at.eq(Some(now)),
            jobs::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Records a failure: queued again at `retry_at`, or dead when `retry_at` is `None`.
pub fn fail(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let error: String = error.chars().take(2000).collect();
    let n = match retry_at {
        Some(at) => diesel::update(held_by!(id, worker))
            .set((
                jobs::state.eq(JobState::Queued.as_str()),
                jobs::run_at.eq(at),
                jobs::last_error.eq(Some(error)),
                jobs::locked_by.eq(None::<String>),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::updated_at.eq(now),
            ))
            .execute(conn)?,
        None => diesel::update(held_by!(id, worker))
            .set((
                jobs::state.eq(JobState::Dead.as_str()),
                jobs::last_error.eq(Some(error)),
                jobs::locked_by.eq(None::<String>),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::finished_at.eq(Some(now)),
                jobs::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// Gives a claimed job back without counting the attempt (a worker shutting down before it
/// could finish it): queued again, runnable at once.
pub fn release(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let n = diesel::update(held_by!(id, worker))
        .set((
            jobs::state.eq(JobState::Queued.as_str()),
            jobs::attempts.eq(jobs::attempts - 1),
            jobs::run_at.eq(now),
            jobs::locked_by.eq(None::<String>),
            jobs::locked_until.eq(None::<NaiveDateTime>),
            jobs::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Extends the lease of a job that is still running by `lease` from now (the database's clock on
/// PostgreSQL); `false` when the lease was lost.
pub fn extend_lease(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    lease: Duration,
) -> Result<bool, DbError> {
    let n = match conn {
        AnyConnection::Postgresql(pg) => diesel::sql_query(
            "UPDATE jobs SET locked_until = (now() AT TIME ZONE 'utc') + make_interval(secs => $1) \
             WHERE id = $2 AND locked_by = $3 AND state = 'running'",
        )
        .bind::<Double, _>(lease.as_secs_f64())
        .bind::<BigInt, _>(id)
        .bind::<Text, _>(worker)
        .execute(pg)?,
        AnyConnection::Sqlite(_) => {
            let until = db::now() + chrono::Duration::from_std(lease).unwrap_or_default();
            diesel::update(held_by!(id, worker))
                .set(jobs::locked_until.eq(Some(until)))
                .execute(conn)?
        }
    };
    Ok(n == 1)
}

/// Puts a job back to wait until `until` without counting the attempt (what it needs is held
/// elsewhere, e.g. another job is sending the same message).
pub fn defer(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    until: NaiveDateTime,
    reason: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let n = diesel::update(held_by!(id, worker))
        .set((
            jobs::state.eq(JobState::Queued.as_str()),
            jobs::attempts.eq(jobs::attempts - 1),
            jobs::run_at.eq(until),
            jobs::last_error.eq(Some(reason)),
            jobs::locked_by.eq(None::<String>),
            jobs::locked_until.eq(None::<NaiveDateTime>),
            jobs::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Which jobs a staff listing shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobFilter {
    /// Waiting to run, never failed.
    Queued,
    /// Waiting to run again after a failed attempt.
    Failed,
    Running,
    Succeeded,
    Dead,
    Discarded,
}

impl JobFilter {
    /// The displayed status of a job (`failed` split out of `queued`).
    pub fn of(job: &JobRow) -> JobFilter {
        match job.state() {
            Some(JobState::Queued) if job.is_failed() => JobFilter::Failed,
            Some(JobState::Queued) | None => JobFilter::Queued,
            Some(JobState::Running) => JobFilter::Running,
            Some(JobState::Succeeded) => JobFilter::Succeeded,
            Some(JobState::Dead) => JobFilter::Dead,
            Some(JobState::Discarded) => JobFilter::Discarded,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            JobFilter::Queued => "queued",
            JobFilter::Failed => "failed",
            JobFilter::Running => "running",
            JobFilter::Succeeded => "succeeded",
            JobFilter::Dead => "dead",
            JobFilter::Discarded => "discarded",
        }
    }
}

/// Jobs, newest first, optionally of one state and kind. `page.after` is the last id seen.
pub fn list(
    conn: &mut AnyConnection,
    filter: Option<JobFilter>,
    kind: Option<&str>,
    page: PageRequest,
) -> Result<Page<JobRow>, DbError> {
    let mut query = jobs::table
        .select(JobRow::as_select())
        .order(jobs::id.desc())
        .limit(page.fetch_limit())
        .into_boxed();
    if let Some(after) = page.after {
        query = query.filter(jobs::id.lt(after));
    }
    if let Some(kind) = kind {
        query = query.filter(jobs::kind.eq(kind.to_owned()));
    }
    query = match filter {
        None => query,
        Some(JobFilter::Queued) => query
            .filter(jobs::state.eq(JobState::Queued.as_str()))
            .filter(jobs::last_error.is_null().or(jobs::attempts.eq(0))),
        Some(JobFilter::Failed) => query
            .filter(jobs::state.eq(JobState::Queued.as_str()))
            .filter(jobs::last_error.is_not_null())
            .filter(jobs::attempts.gt(0)),
        Some(JobFilter::Running) => query.filter(jobs::state.eq(JobState::Running.as_str())),
        Some(JobFilter::Succeeded) => query.filter(jobs::state.eq(JobState::Succeeded.as_str())),
        Some(JobFilter::Dead) => query.filter(jobs::state.eq(JobState::Dead.as_str())),
        Some(JobFilter::Discarded) => query.filter(jobs::state.eq(JobState::Discarded.as_str())),
    };
    Ok(page.finish(query.load(conn)?))
}

/// How many jobs there are per kind and displayed state (`failed` split out of `queued`).
pub fn counts(conn: &mut AnyConnection) -> Result<Vec<(String, JobFilter, i64)>, DbError> {
    let by_state: Vec<(String, String, i64)> = jobs::table
        .group_by((jobs::kind, jobs::state))
        .select((jobs::kind, jobs::state, diesel::dsl::count_star()))
        .order((jobs::kind, jobs::state))
        .load(conn)?;
    let failed: Vec<(String, i64)> = jobs::table
        .filter(jobs::state.eq(JobState::Queued.as_str()))
        .filter(jobs::last_error.is_not_null())
        .filter(jobs::attempts.gt(0))
        .group_by(jobs::kind)
        .select((jobs::kind, diesel::dsl::count_star()))
        .load(conn)?;
    let mut out = Vec::new();
    for (kind, state, n) in by_state {
        let filter = match JobState::parse(&state) {
            Some(JobState::Queued) => {
                let f = failed
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map_or(0, |(_, n)| *n);
                if f > 0 {
                    out.push((kind.clone(), JobFilter::Failed, f));
                }
                if n - f == 0 {
                    continue;
                }
                out.push((kind, JobFilter::Queued, n - f));
                continue;
            }
            Some(JobState::Running) => JobFilter::Running,
            Some(JobState::Succeeded) => JobFilter::Succeeded,
            Some(JobState::Dead) => JobFilter::Dead,
            Some(JobState::Discarded) => JobFilter::Discarded,
            None => return Err(DbError::Corrupt(format!("job state {state:?}"))),
        };
        out.push((kind, filter, n));
    }
    Ok(out)
}

pub fn get(conn: &mut AnyConnection, id: i64) -> Result<JobRow, JobsError> {
    jobs::table
        .find(id)
        .select(JobRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(JobsError::NotFound)
}

/// Puts a dead or discarded job back in the queue with fresh attempts.
pub fn retry(conn: &mut AnyConnection, id: i64, actor: &Actor) -> Result<JobRow, JobsError> {
    db::write_transaction(conn, |conn| {
        let job = get(conn, id)?;
        match job.state() {
            Some(JobState::Dead | JobState::Discarded) => {}
            Some(JobState::Queued) if job.is_failed() => {}
            _ => return Err(JobsError::WrongState(state_name(&job), "retried")),
        }
        let now = db::now();
        // Only from the state checked above: a job a worker claimed meanwhile is not touched.
        let n = diesel::update(jobs::table.find(id).filter(jobs::state.eq(&job.state)))
            .set((
                jobs::state.eq(JobState::Queued.as_str()),
                jobs::attempts.eq(0),
                jobs::run_at.eq(now),
                jobs::finished_at.eq(None::<NaiveDateTime>),
                jobs::updated_at.eq(now),
            ))
            .execute(conn)
            .map_err(|e| {
                // Another job with its dedupe key is pending (e.g. a newer payment lookup).
                if db::is_unique_violation(&e) {
                    JobsError::WrongState("coalesced", "retried while an equal job is pending")
                } else {
                    e.into()
                }
            })?;
        if n == 0 {
            return Err(JobsError::WrongState("running", "retried"));
        }
        audit::record(
            conn,
            actor,
            "job.retry",
            Some(shared::JobId(id).to_string()),
            serde_json::json!({ "kind": job.kind }),
            now,
        )?;
        get(conn, id)
    })
}

/// Gives up on a job that has not run to success: it will not run again.
pub fn discard(conn: &mut AnyConnection, id: i64, actor: &Actor) -> Result<JobRow, JobsError> {
    db::write_transaction(conn, |conn| {
        let job = get(conn, id)?;
        if !matches!(job.state(), Some(JobState::Queued | JobState::Dead)) {
            return Err(JobsError::WrongState(state_name(&job), "discarded"));
        }
        let now = db::now();
        let n = diesel::update(jobs::table.find(id).filter(jobs::state.eq(&job.state)))
            .set((
                jobs::state.eq(JobState::Discarded.as_str()),
                jobs::finished_at.eq(Some(now)),
                jobs::updated_at.eq(now),
            ))
            .execute(conn)?;
        if n == 0 {
            return Err(JobsError::WrongState("running", "discarded"));
        }
        audit::record(
            conn,
            actor,
            "job.discard",
            Some(shared::JobId(id).to_string()),
            serde_json::json!({ "kind": job.kind }),
            now,
        )?;
        get(conn, id)
    })
}

fn state_name(job: &JobRow) -> &'static str {
    JobFilter::of(job).name()
}

/// Deletes finished jobs (succeeded, discarded, dead) that finished before `before`.
pub fn purge_finished(conn: &mut AnyConnection, before: NaiveDateTime) -> Result<usize, DbError> {
    Ok(diesel::delete(
        jobs::table
            .filter(jobs::state.eq_any([
                JobState::Succeeded.as_str(),
                JobState::Discarded.as_str(),
                JobState::Dead.as_str(),
            ]))
            .filter(jobs::finished_at.lt(before)),
    )
    .execute(conn)?)
}
