//! The job queue on each backend: enqueue in the caller's transaction, retries with back-off,
//! dead jobs, lost leases, timeouts and panics, schedules that fire once per due time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use jangteo::config::{Config, JobsConfig, ScheduleConfig};
use jangteo::db::schema::{jobs, schedule_runs};
use jangteo::db::{self, DbError};
use jangteo::jobs::builtin::Ping;
use jangteo::jobs::model::{JobRow, JobState};
use jangteo::jobs::schedule::Scheduler;
use jangteo::jobs::worker::Worker;
use jangteo::jobs::{Job, JobContext, JobError, Registry, store};
use jangteo::notify::Notifier;
use jangteo_tests::{Backend, TestApp, both_backends};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

/// A server whose own worker is off: tests run workers with their own registries.
async fn app_without_worker(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, |c| c.jobs.worker = false).await
}

fn fast_jobs() -> JobsConfig {
    JobsConfig {
        concurrency: 4,
        poll_interval_ms: 20,
        lease_secs: 3,
        job_timeout_secs: 2,
        retry_base_ms: 20,
        retry_cap_secs: 1,
        shutdown_grace_secs: 1,
        ..JobsConfig::default()
    }
}

/// A worker over the app's database with `registry`, stopped by the returned sender.
fn start_worker(
    app: &TestApp,
    registry: Registry,
    config: JobsConfig,
) -> (watch::Sender<bool>, tokio::task::JoinHandle<()>) {
    let notifier = Arc::new(Notifier::from_config(&Config::default()).unwrap());
    let media = jangteo::media::MediaStore::from_config(&Config::default()).unwrap();
    let payments =
        jangteo::payment::Payments::from_config(&Config::default().payments, &app.db).unwrap();
    let worker = Worker::new(app.db.clone(), registry, notifier, media, payments, config);
    let (tx, rx) = watch::channel(false);
    (tx, tokio::spawn(worker.run(rx)))
}

async fn stop(worker: (watch::Sender<bool>, tokio::task::JoinHandle<()>)) {
    worker.0.send(true).unwrap();
    worker.1.await.unwrap();
}

async fn enqueue<J: Job + Clone>(app: &TestApp, job: J) -> i64 {
    app.db.run(move |c| store::enqueue(c, &job)).await.unwrap()
}

async fn all_jobs(app: &TestApp) -> Vec<JobRow> {
    app.db
        .run(|c| {
            Ok::<_, DbError>(
                jobs::table
                    .select(JobRow::as_select())
                    .order(jobs::id)
                    .load(c)?,
            )
        })
        .await
        .unwrap()
}

/// Fails until its `succeed_on` attempt.
#[derive(Clone, Serialize, Deserialize)]
struct Flaky {
    succeed_on: i32,
}

impl Job for Flaky {
    const KIND: &'static str = "test.flaky";
    const MAX_ATTEMPTS: i32 = 3;

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        if ctx.attempt >= self.succeed_on {
            Ok(())
        } else {
            Err(JobError::transient(format!(
                "flaky failure on attempt {}",
                ctx.attempt
            )))
        }
    }
}

/// Panics, or sleeps past the timeout, as told.
#[derive(Clone, Serialize, Deserialize)]
enum Misbehave {
    Panic,
    Sleep(u64),
}

impl Job for Misbehave {
    const KIND: &'static str = "test.misbehave";
    const MAX_ATTEMPTS: i32 = 2;

    async fn run(self, _ctx: JobContext) -> Result<(), JobError> {
        match self {
            Misbehave::Panic => panic!("the handler blew up"),
            Misbehave::Sleep(ms) => {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                Ok(())
            }
        }
    }
}

fn test_registry() -> Registry {
    let mut r = Registry::standard();
    r.register::<Flaky>();
    r.register::<Misbehave>();
    r
}

both_backends!(
    jobs_commit_and_roll_back_with_their_cause,
    enqueue_in_transaction
);
async fn enqueue_in_transaction(backend: Backend) {
    let app = app_without_worker(backend).await;
    // The change fails after enqueueing: the job goes with it.
    let failed = app
        .db
        .run(|c| {
            db::write_transaction(c, |c| {
                store::enqueue(c, &Ping::default())?;
                Err::<(), DbError>(DbError::Corrupt("the business change failed".into()))
            })
        })
        .await;
    assert!(failed.is_err());
    assert!(all_jobs(&app).await.is_empty(), "a rollback leaves no job");
    // Committed: the job is there, queued.
    app.db
        .run(|c| db::write_transaction(c, |c| store::enqueue(c, &Ping::default()).map(|_| ())))
        .await
        .unwrap();
    let jobs = all_jobs(&app).await;
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].state(), Some(JobState::Queued));
    assert_eq!(jobs[0].kind, "ping");
}

both_backends!(failures_retry_with_back_off_then_die, retries);
async fn retries(backend: Backend) {
    let app = app_without_worker(backend).await;
    let recovers = enqueue(&app, Flaky { succeed_on: 3 }).await;
    let never = enqueue(&app, Flaky { succeed_on: 99 }).await;
    let worker = start_worker(&app, test_registry(), fast_jobs());
    let ok = app
        .wait_for_job(recovers, |j| j.state() == Some(JobState::Succeeded))
        .await;
    assert_eq!(ok.attempts, 3);
    assert_eq!(ok.last_error.as_deref(), Some("flaky failure on attempt 2"));
    let dead = app
        .wait_for_job(never, |j| j.state() == Some(JobState::Dead))
        .await;
    assert_eq!(dead.attempts, 3, "stops at MAX_ATTEMPTS");
    assert_eq!(
        dead.last_error.as_deref(),
        Some("flaky failure on attempt 3")
    );
    assert!(dead.finished_at.is_some());
    stop(worker).await;
}

both_backends!(bad_jobs_fail_clearly_without_stopping_the_worker, bad_jobs);
async fn bad_jobs(backend: Backend) {
    let app = app_without_worker(backend).await;
    // An old payload that no longer deserialises, and a kind no worker knows.
    let (bad_payload, unknown) = app
        .db
        .run(|c| {
            let now = db::now();
            let mut insert = |kind: &str, payload: &str, max: i32| {
                diesel::insert_into(jobs::table)
                    .values((
                        jobs::kind.eq(kind),
                        jobs::payload.eq(payload),
                        jobs::state.eq("queued"),
                        jobs::max_attempts.eq(max),
                        jobs::run_at.eq(now),
                        jobs::created_at.eq(now),
                        jobs::updated_at.eq(now),
                    ))
                    .returning(jobs::id)
                    .get_result::<i64>(c)
            };
            Ok::<_, DbError>((
                insert("test.flaky", r#"{"retries": 1}"#, 5)?,
                insert("no.such.kind", "{}", 2)?,
            ))
        })
        .await
        .unwrap();
    let panics = enqueue(&app, Misbehave::Panic).await;
    let hangs = enqueue(&app, Misbehave::Sleep(60_000)).await;
    let fine = enqueue(&app, Ping::default()).await;
    let worker = start_worker(&app, test_registry(), fast_jobs());

    let job = app
        .wait_for_job(bad_payload, |j| j.state() == Some(JobState::Dead))
        .await;
    assert_eq!(
        job.attempts, 1,
        "a payload that cannot deserialise is not retried"
    );
    assert!(
        job.last_error
            .as_deref()
            .unwrap()
            .contains("payload is not a valid test.flaky"),
        "{job:?}"
    );
    let job = app
        .wait_for_job(unknown, |j| j.state() == Some(JobState::Dead))
        .await;
    assert_eq!(
        job.attempts, 2,
        "an unknown kind is retried (a newer worker may know it)"
    );
    assert!(
        job.last_error
            .unwrap()
            .contains("no handler for job kind \"no.such.kind\"")
    );
    let job = app
        .wait_for_job(panics, |j| j.state() == Some(JobState::Dead))
        .await;
    assert!(job.last_error.unwrap().contains("panicked"));
    let job = app
        .wait_for_job(hangs, |j| j.state() == Some(JobState::Dead))
        .await;
    assert!(job.last_error.unwrap().contains("timed out after 2 s"));
    // None of it stopped the worker or held up the healthy job.
    let job = app
        .wait_for_job(fine, |j| j.state() == Some(JobState::Succeeded))
        .await;
    assert_eq!(job.attempts, 1);
    stop(worker).await;
}

both_backends!(a_job_held_by_a_dead_worker_runs_after_its_lease, lost_lease);
async fn lost_lease(backend: Backend) {
    let app = app_without_worker(backend).await;
    let id = enqueue(&app, Ping::default()).await;
    // A worker claims it and dies without a word.
    let claimed = app
        .db
        .run(|c| store::claim(c, "crashed-worker", 10, Duration::from_secs(1), db::now()))
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let worker = start_worker(&app, test_registry(), fast_jobs());
    // Nobody else may take it while the lease holds.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let held = app.wait_for_job(id, |_| true).await;
    assert_eq!(held.state(), Some(JobState::Running));
    assert_eq!(held.locked_by.as_deref(), Some("crashed-worker"));
    // After the lease it is run again, by the live worker.
    let done = app
        .wait_for_job(id, |j| j.state() == Some(JobState::Succeeded))
        .await;
    assert_eq!(done.attempts, 2);
    assert_ne!(done.locked_by.as_deref(), Some("crashed-worker"));
    stop(worker).await;
}

both_backends!(slow_jobs_do_not_hold_up_others, concurrency);
async fn concurrency(backend: Backend) {
    let app = app_without_worker(backend).await;
    let slow = enqueue(&app, Misbehave::Sleep(1500)).await;
    let quick: Vec<i64> = {
        let mut v = Vec::new();
        for _ in 0..5 {
            v.push(enqueue(&app, Ping::default()).await);
        }
        v
    };
    let worker = start_worker(
        &app,
        test_registry(),
        JobsConfig {
            concurrency: 2,
            ..fast_jobs()
        },
    );
    for id in quick {
        app.wait_for_job(id, |j| j.state() == Some(JobState::Succeeded))
            .await;
    }
    let still = app.wait_for_job(slow, |_| true).await;
    assert_eq!(
        still.state(),
        Some(JobState::Running),
        "the quick jobs finished around the slow one"
    );
    app.wait_for_job(slow, |j| j.state() == Some(JobState::Succeeded))
        .await;
    stop(worker).await;
}

both_backends!(shutdown_gives_unfinished_jobs_back, shutdown_release);
async fn shutdown_release(backend: Backend) {
    let app = app_without_worker(backend).await;
    let long = enqueue(&app, Misbehave::Sleep(60_000)).await;
    let config = JobsConfig {
        job_timeout_secs: 120,
        shutdown_grace_secs: 1,
        ..fast_jobs()
    };
    let worker = start_worker(&app, test_registry(), config);
    app.wait_for_job(long, |j| j.state() == Some(JobState::Running))
        .await;
    let started = Instant::now();
    stop(worker).await;
    assert!(started.elapsed() < Duration::from_secs(10));
    let job = app.wait_for_job(long, |_| true).await;
    assert_eq!(
        job.state(),
        Some(JobState::Queued),
        "released, not lost: {job:?}"
    );
    assert_eq!(job.attempts, 0, "the interrupted run does not count");
    assert_eq!(job.locked_by, None);
}

both_backends!(staff_retry_and_discard_jobs, retry_and_discard);
async fn retry_and_discard(backend: Backend) {
    let app = app_without_worker(backend).await;
    let id = enqueue(&app, Flaky { succeed_on: 99 }).await;
    let worker = start_worker(&app, test_registry(), fast_jobs());
    app.wait_for_job(id, |j| j.state() == Some(JobState::Dead))
        .await;
    stop(worker).await;
    let gid = format!("gid://jangteo/Job/{id}");
    let body = app
        .admin(
            "{ jobCounts { kind status count } jobs(status: DEAD) { nodes { id kind status attempts lastError } } }",
            serde_json::json!({}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        body["data"]["jobCounts"],
        serde_json::json!([{ "kind": "test.flaky", "status": "DEAD", "count": 1 }])
    );
    let node = &body["data"]["jobs"]["nodes"][0];
    assert_eq!(node["id"], gid.as_str());
    let by_kind = app
        .admin(
            "{ a: jobs(kind: \"test.flaky\") { nodes { id } } b: jobs(kind: \"ping\") { nodes { id } } c: jobs(status: SUCCEEDED) { nodes { id } } }",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(by_kind["data"]["a"]["nodes"].as_array().unwrap().len(), 1);
    assert_eq!(by_kind["data"]["b"]["nodes"], serde_json::json!([]));
    assert_eq!(by_kind["data"]["c"]["nodes"], serde_json::json!([]));
    assert_eq!(node["attempts"], 3);
    assert_eq!(node["lastError"], "flaky failure on attempt 3");

    let retry = "mutation($id: ID!) { jobRetry(id: $id) { job { status attempts } userErrors { field code message } } }";
    let body = app.admin(retry, serde_json::json!({ "id": gid })).await;
    assert_eq!(
        body["data"]["jobRetry"]["job"],
        serde_json::json!({ "status": "QUEUED", "attempts": 0 })
    );
    // A queued job cannot be retried; discarding it stops it for good.
    let body = app.admin(retry, serde_json::json!({ "id": gid })).await;
    assert_eq!(body["data"]["jobRetry"]["userErrors"][0]["code"], "INVALID");
    let discard =
        "mutation($id: ID!) { jobDiscard(id: $id) { job { status } userErrors { code } } }";
    let body = app.admin(discard, serde_json::json!({ "id": gid })).await;
    assert_eq!(body["data"]["jobDiscard"]["job"]["status"], "DISCARDED");
    let body = app
        .admin(
            discard,
            serde_json::json!({ "id": "gid://jangteo/Job/999999" }),
        )
        .await;
    assert_eq!(
        body["data"]["jobDiscard"]["userErrors"][0]["code"],
        "NOT_FOUND"
    );
    let body = app
        .admin(
            discard,
            serde_json::json!({ "id": "gid://jangteo/Product/1" }),
        )
        .await;
    assert_eq!(
        body["data"]["jobDiscard"]["userErrors"][0]["code"],
        "INVALID"
    );
    // Discarded jobs are not picked up.
    let worker = start_worker(&app, test_registry(), fast_jobs());
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop(worker).await;
    assert_eq!(
        app.wait_for_job(id, |_| true).await.state(),
        Some(JobState::Discarded)
    );
}

both_backends!(two_schedulers_fire_each_due_time_once, schedules_once);
async fn schedules_once(backend: Backend) {
    let app = app_without_worker(backend).await;
    let mut config = fast_jobs();
    config.schedules.insert(
        "housekeeping".into(),
        ScheduleConfig {
            cron: Some("* * * * * *".into()),
            enabled: Some(true),
        },
    );
    let (tx, rx) = watch::channel(false);
    let a = tokio::spawn(
        Scheduler::new(app.db.clone(), config.clone())
            .unwrap()
            .run(rx.clone()),
    );
    let b = tokio::spawn(
        Scheduler::new(app.db.clone(), config.clone())
            .unwrap()
            .run(rx),
    );
    tokio::time::sleep(Duration::from_millis(3500)).await;
    tx.send(true).unwrap();
    a.await.unwrap();
    b.await.unwrap();
    let (runs, jobs_enqueued): (Vec<(String, chrono::NaiveDateTime, Option<i64>)>, i64) = app
        .db
        .run(|c| {
            // The other built-in schedules (orders, payments) fire on their own minutes.
            let runs = schedule_runs::table
                .filter(schedule_runs::schedule.eq("housekeeping"))
                .select((
                    schedule_runs::schedule,
                    schedule_runs::due_at,
                    schedule_runs::job_id,
                ))
                .load(c)?;
            let n = jobs::table
                .filter(jobs::kind.eq("housekeeping"))
                .count()
                .get_result(c)?;
            Ok::<_, DbError>((runs, n))
        })
        .await
        .unwrap();
    assert!(
        (3..=5).contains(&runs.len()),
        "one run per second: {runs:?}"
    );
    assert_eq!(
        jobs_enqueued,
        runs.len() as i64,
        "one job per due time, not one per scheduler"
    );
    assert!(runs.iter().all(|r| r.2.is_some()));

    let body = app
        .admin(
            "{ schedules { name cron timeZone enabled lastRunAt nextRunAt } }",
            serde_json::json!({}),
        )
        .await;
    let housekeeping = &body["data"]["schedules"][0];
    assert_eq!(housekeeping["name"], "housekeeping");
    assert_eq!(housekeeping["timeZone"], "Asia/Seoul");
    assert_eq!(
        housekeeping["cron"], "0 30 4 * * *",
        "the server's own configuration"
    );
    assert!(housekeeping["lastRunAt"].is_string(), "{body}");
    assert!(housekeeping["nextRunAt"].is_string());
}

both_backends!(the_servers_own_worker_runs_jobs, in_process_worker);
async fn in_process_worker(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.jobs.poll_interval_ms = 50).await;
    let id = enqueue(&app, Ping { delay_ms: 10 }).await;
    let job = app
        .wait_for_job(id, |j| j.state() == Some(JobState::Succeeded))
        .await;
    assert_eq!(job.attempts, 1);
    assert!(job.locked_by.is_some(), "records which worker ran it");
}

both_backends!(jobs_need_staff_permissions, jobs_permissions);
async fn jobs_permissions(backend: Backend) {
    let app = app_without_worker(backend).await;
    for query in [
        "{ jobs { nodes { id } } }",
        "{ jobCounts { count } }",
        "{ schedules { name } }",
        "{ jobKinds }",
    ] {
        let (_, body) = app
            .post_json(
                "/admin-api/graphql",
                serde_json::json!({ "query": query }),
                &[],
            )
            .await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
            "{query}"
        );
    }
    let body = app.admin("{ jobKinds }", serde_json::json!({})).await;
    let kinds = body["data"]["jobKinds"].as_array().unwrap();
    for kind in ["email.send", "housekeeping", "ping", "sms.send"] {
        assert!(kinds.contains(&serde_json::json!(kind)), "{kind}");
    }
}

both_backends!(
    housekeeping_deletes_what_has_served_its_purpose,
    housekeeping
);
async fn housekeeping(backend: Backend) {
    use jangteo::jobs::builtin::Housekeeping;
    let app = app_without_worker(backend).await;
    let (old, recent) = app
        .db
        .run(|c| {
            let now = db::now();
            let mut finished = |days: i64| {
                let at = now - chrono::Duration::days(days);
                diesel::insert_into(jobs::table)
                    .values((
                        jobs::kind.eq("ping"),
                        jobs::payload.eq("{}"),
                        jobs::state.eq("succeeded"),
                        jobs::attempts.eq(1),
                        jobs::max_attempts.eq(8),
                        jobs::run_at.eq(at),
                        jobs::created_at.eq(at),
                        jobs::updated_at.eq(at),
                        jobs::finished_at.eq(Some(at)),
                    ))
                    .returning(jobs::id)
                    .get_result::<i64>(c)
            };
            let ids = (finished(30)?, finished(1)?);
            for (days, key) in [(100, "old"), (1, "recent")] {
                let at = now - chrono::Duration::days(days);
                diesel::insert_into(schedule_runs::table)
                    .values((
                        schedule_runs::schedule.eq("housekeeping"),
                        schedule_runs::due_at.eq(at),
                        schedule_runs::created_at.eq(at),
                    ))
                    .execute(c)?;
                use jangteo::db::schema::message_deliveries as md;
                diesel::insert_into(md::table)
                    .values((
                        md::message_id.eq(key),
                        md::channel.eq("email"),
                        md::recipient.eq("a@example.com"),
                        md::template.eq("test"),
                        md::status.eq("sent"),
                        md::created_at.eq(at),
                    ))
                    .execute(c)?;
            }
            Ok::<_, DbError>(ids)
        })
        .await
        .unwrap();
    let id = enqueue(&app, Housekeeping { retention_days: 14 }).await;
    let worker = start_worker(&app, test_registry(), fast_jobs());
    app.wait_for_job(id, |j| j.state() == Some(JobState::Succeeded))
        .await;
    stop(worker).await;
    let ids: Vec<i64> = all_jobs(&app).await.iter().map(|j| j.id).collect();
    let (runs, deliveries): (i64, i64) = app
        .db
        .run(|c| {
            use jangteo::db::schema::message_deliveries;
            Ok::<_, DbError>((
                schedule_runs::table.count().get_result(c)?,
                message_deliveries::table.count().get_result(c)?,
            ))
        })
        .await
        .unwrap();
    assert_eq!(
        (runs, deliveries),
        (1, 1),
        "only the recent schedule run and delivery remain"
    );
    assert!(!ids.contains(&old), "a job finished 30 days ago is deleted");
    assert!(ids.contains(&recent), "one finished yesterday stays");
    assert!(ids.contains(&id));
}

both_backends!(
    each_due_time_fires_once_even_when_schedulers_race,
    fire_once_race
);
async fn fire_once_race(backend: Backend) {
    use jangteo::jobs::schedule::{BUILTIN, fire_once};
    let app = app_without_worker(backend).await;
    let due = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(4, 30, 0)
        .unwrap();
    // Eight schedulers reach the same due time at the same moment.
    let attempts = (0..8).map(|_| {
        let db = app.db.clone();
        tokio::spawn(async move {
            db.run(move |c| fire_once(c, &BUILTIN[0], due, &JobsConfig::default()))
                .await
        })
    });
    let results: Vec<Option<i64>> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.unwrap().unwrap())
        .collect();
    assert_eq!(
        results.iter().filter(|r| r.is_some()).count(),
        1,
        "{results:?}"
    );
    let again = app
        .db
        .run(move |c| fire_once(c, &BUILTIN[0], due, &JobsConfig::default()))
        .await
        .unwrap();
    assert_eq!(again, None);
    assert_eq!(all_jobs(&app).await.len(), 1);
}

both_backends!(long_jobs_keep_their_lease, heartbeat);
async fn heartbeat(backend: Backend) {
    let app = app_without_worker(backend).await;
    // Runs for longer than the lease: the heartbeat must keep other workers off it.
    let id = enqueue(&app, Misbehave::Sleep(4500)).await;
    let config = JobsConfig {
        lease_secs: 3,
        job_timeout_secs: 20,
        ..fast_jobs()
    };
    let a = start_worker(&app, test_registry(), config.clone());
    let b = start_worker(&app, test_registry(), config);
    let done = app
        .wait_for_job(id, |j| j.state() == Some(JobState::Succeeded))
        .await;
    assert_eq!(done.attempts, 1, "never taken over while alive: {done:?}");
    stop(a).await;
    stop(b).await;
}

both_backends!(a_job_that_keeps_losing_its_worker_goes_dead, give_up);
async fn give_up(backend: Backend) {
    let app = app_without_worker(backend).await;
    // Claimed as often as it may be, by workers that all died holding it.
    let id = app
        .db
        .run(|c| {
            let past = db::now() - chrono::Duration::minutes(10);
            diesel::insert_into(jobs::table)
                .values((
                    jobs::kind.eq("ping"),
                    jobs::payload.eq("{}"),
                    jobs::state.eq("running"),
                    jobs::attempts.eq(2),
                    jobs::max_attempts.eq(2),
                    jobs::run_at.eq(past),
                    jobs::locked_by.eq(Some("dead-worker")),
                    jobs::locked_until.eq(Some(past)),
                    jobs::created_at.eq(past),
                    jobs::updated_at.eq(past),
                ))
                .returning(jobs::id)
                .get_result::<i64>(c)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let worker = start_worker(&app, test_registry(), fast_jobs());
    let dead = app
        .wait_for_job(id, |j| j.state() == Some(JobState::Dead))
        .await;
    assert!(
        dead.last_error
            .unwrap()
            .contains("gave up after 2 attempts")
    );
    stop(worker).await;
}

both_backends!(
    a_worker_that_lost_its_lease_cannot_record_an_outcome,
    lost_lease_outcome
);
async fn lost_lease_outcome(backend: Backend) {
    let app = app_without_worker(backend).await;
    let id = enqueue(&app, Ping::default()).await;
    let (first, second) = app
        .db
        .run(move |c| {
            let now = db::now();
            let first = store::claim(c, "slow", 1, Duration::from_secs(60), now)?;
            // On PostgreSQL the lease is on the database clock: expire it by hand.
            diesel::update(jobs::table.find(id))
                .set(jobs::locked_until.eq(Some(now - chrono::Duration::seconds(1))))
                .execute(c)?;
            let second = store::claim(c, "fast", 1, Duration::from_secs(60), now)?;
            Ok::<_, DbError>((first.len(), second.len()))
        })
        .await
        .unwrap();
    assert_eq!((first, second), (1, 1));
    let (late_complete, late_fail, owner_complete) = app
        .db
        .run(move |c| {
            let now = db::now();
            Ok::<_, DbError>((
                store::complete(c, id, "slow", now)?,
                store::fail(c, id, "slow", "late", None, now)?,
                store::complete(c, id, "fast", now)?,
            ))
        })
        .await
        .unwrap();
    assert!(
        !late_complete && !late_fail,
        "the old holder changes nothing"
    );
    assert!(owner_complete);
    let job = app.wait_for_job(id, |_| true).await;
    assert_eq!(job.locked_by.as_deref(), Some("fast"));
    assert_eq!(job.last_error, None);
}
