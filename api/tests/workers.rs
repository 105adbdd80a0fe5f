//! `jangteo worker` processes as an operator runs them: several share one queue without running
//! a job twice, a worker killed while holding a job loses it to another after the lease, SIGTERM
//! finishes or gives back running jobs. Each test runs on SQLite and, with `TEST_DATABASE_URL`,
//! on a private PostgreSQL schema.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use jangteo::config::DatabaseConfig;
use jangteo::db::schema::jobs;
use jangteo::db::{DatabaseTarget, Db, DbError};
use jangteo::jobs::builtin::Ping;
use jangteo::jobs::model::{JobRow, JobState};
use jangteo::jobs::store;

/// A fresh database for one test, and the environment that points `jangteo` at it.
struct TestDb {
    dir: tempfile::TempDir,
    pg: Option<(String, String)>,
    db: Db,
}

impl TestDb {
    fn new(postgres: bool) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let pg = postgres.then(|| {
            let base = std::env::var("TEST_DATABASE_URL")
                .expect("TEST_DATABASE_URL for the PostgreSQL variant");
            let schema = format!("w_{}", uuid::Uuid::new_v4().simple());
            let mut conn = PgConnection::establish(&base).unwrap();
            diesel::sql_query(format!("CREATE SCHEMA {schema}"))
                .execute(&mut conn)
                .unwrap();
            let sep = if base.contains('?') { '&' } else { '?' };
            (
                base.clone(),
                format!("{base}{sep}options=-csearch_path%3D{schema}"),
            )
        });
        let target = match &pg {
            Some((_, url)) => DatabaseTarget::from_config(Some(url), dir.path()).unwrap(),
            None => DatabaseTarget::Sqlite(dir.path().join("jangteo.db")),
        };
        let db = Db::connect(&target, &DatabaseConfig::default()).unwrap();
        TestDb { dir, pg, db }
    }

    fn worker(&self, extra_env: &[(&str, &str)]) -> Child {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jangteo"));
        for (key, _) in std::env::vars() {
            if key.starts_with("JANGTEO_") || key == "DATABASE_URL" || key == "RUST_LOG" {
                cmd.env_remove(key);
            }
        }
        cmd.arg("--data-dir").arg(self.dir.path()).arg("worker");
        if let Some((_, url)) = &self.pg {
            cmd.env("DATABASE_URL", url);
        }
        cmd.env("JANGTEO_JOBS__POLL_INTERVAL_MS", "20")
            .env("JANGTEO_JOBS__SCHEDULER", "false")
            .env("JANGTEO_LOG__FORMAT", "json")
            .envs(extra_env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    async fn jobs(&self) -> Vec<JobRow> {
        self.db
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

    async fn wait(&self, what: &str, done: impl Fn(&[JobRow]) -> bool) -> Vec<JobRow> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let jobs = self.jobs().await;
            if done(&jobs) {
                return jobs;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, url)) = &self.pg {
            let schema = url.rsplit("%3D").next().unwrap_or_default().to_owned();
            if let Ok(mut conn) = PgConnection::establish(base) {
                let _ = diesel::sql_query(format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                    .execute(&mut conn);
            }
        }
    }
}

fn signal(child: &Child, sig: &str) {
    assert!(
        Command::new("kill")
            .args([sig, &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
}

fn finish(child: Child) -> (bool, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn enqueue_pings(db: &Db, n: usize, delay_ms: u64) {
    db.run(move |c| {
        jangteo::db::write_transaction(c, |c| {
            for _ in 0..n {
                store::enqueue(c, &Ping { delay_ms })?;
            }
            Ok::<_, DbError>(())
        })
    })
    .await
    .unwrap();
}

fn is(state: JobState) -> impl Fn(&JobRow) -> bool {
    move |j| j.state() == Some(state)
}

async fn two_workers_share_the_queue(postgres: bool) {
    let t = TestDb::new(postgres);
    enqueue_pings(&t.db, 1000, 0).await;
    let a = t.worker(&[("JANGTEO_JOBS__CONCURRENCY", "8")]);
    let b = t.worker(&[("JANGTEO_JOBS__CONCURRENCY", "8")]);
    let started = Instant::now();
    let jobs = t
        .wait("1,000 jobs", |jobs| {
            jobs.iter().all(is(JobState::Succeeded))
        })
        .await;
    let elapsed = started.elapsed();
    signal(&a, "-TERM");
    signal(&b, "-TERM");
    let ((ok_a, _), (ok_b, _)) = (finish(a), finish(b));
    assert!(ok_a && ok_b, "both workers exit cleanly on SIGTERM");
    assert_eq!(jobs.len(), 1000);
    // Every claim counts an attempt: one attempt each means no job was taken twice.
    let twice: Vec<_> = jobs.iter().filter(|j| j.attempts != 1).collect();
    assert!(twice.is_empty(), "claimed more than once: {twice:?}");
    let mut workers: Vec<&str> = jobs.iter().filter_map(|j| j.locked_by.as_deref()).collect();
    workers.sort_unstable();
    workers.dedup();
    assert_eq!(workers.len(), 2, "both workers ran jobs");
    eprintln!(
        "{}: 1,000 jobs drained by two worker processes in {elapsed:.2?}",
        if postgres { "PostgreSQL" } else { "SQLite" }
    );
}

async fn killed_worker_loses_its_job(postgres: bool) {
    let t = TestDb::new(postgres);
    enqueue_pings(&t.db, 1, 2000).await;
    let victim = t.worker(&[("JANGTEO_JOBS__LEASE_SECS", "3")]);
    let running = t
        .wait("the job to start", |j| {
            j[0].state() == Some(JobState::Running)
        })
        .await;
    let holder = running[0].locked_by.clone().unwrap();
    signal(&victim, "-KILL");
    let _ = finish(victim);
    // Killed mid-job: the job stays claimed until its lease runs out, then another worker runs it.
    let rescuer = t.worker(&[("JANGTEO_JOBS__LEASE_SECS", "3")]);
    let done = t
        .wait("the job to be run again", |j| {
            j[0].state() == Some(JobState::Succeeded)
        })
        .await;
    signal(&rescuer, "-TERM");
    let _ = finish(rescuer);
    assert_eq!(done[0].attempts, 2);
    assert_ne!(done[0].locked_by.as_deref(), Some(holder.as_str()));
}

async fn sigterm_finishes_or_gives_back(postgres: bool) {
    let t = TestDb::new(postgres);
    enqueue_pings(&t.db, 1, 800).await;
    enqueue_pings(&t.db, 1, 120_000).await;
    let worker = t.worker(&[("JANGTEO_JOBS__SHUTDOWN_GRACE_SECS", "3")]);
    t.wait("both jobs to start", |j| {
        j.iter().all(is(JobState::Running))
    })
    .await;
    signal(&worker, "-TERM");
    let (ok, logs) = finish(worker);
    assert!(ok, "exit 0 after SIGTERM: {logs}");
    let jobs = t.jobs().await;
    assert_eq!(
        jobs[0].state(),
        Some(JobState::Succeeded),
        "the short job finished: {jobs:?}"
    );
    assert_eq!(
        jobs[1].state(),
        Some(JobState::Queued),
        "the long job was given back"
    );
    assert_eq!(jobs[1].attempts, 0);
    assert!(logs.contains("job released at shutdown"), "{logs}");
}

macro_rules! both {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$body(false).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$body(true).await;
            }
        }
    };
}

both!(
    two_worker_processes_drain_1000_jobs_without_running_any_twice,
    two_workers_share_the_queue
);
both!(
    a_killed_workers_job_runs_after_the_lease,
    killed_worker_loses_its_job
);
both!(
    sigterm_finishes_short_jobs_and_gives_back_long_ones,
    sigterm_finishes_or_gives_back
);

#[test]
fn mail_preview_writes_the_rendered_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("preview.eml");
    let status = Command::new(env!("CARGO_BIN_EXE_jangteo"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["mail", "preview", "test", "--out"])
        .arg(&out)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&status.stdout).trim(),
        out.display().to_string()
    );
    let eml = std::fs::read_to_string(&out).unwrap();
    assert!(eml.contains("multipart/alternative"));
    assert!(
        eml.contains("Subject: [Jangteo] =?utf-8?"),
        "encoded Korean subject: {eml}"
    );
    let unknown = Command::new(env!("CARGO_BIN_EXE_jangteo"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["mail", "preview", "nope"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert_eq!(err.trim(), "error: there is no mail template \"nope\"");
}

#[tokio::test]
async fn serve_without_worker_leaves_jobs_to_workers() {
    let t = TestDb::new(false);
    enqueue_pings(&t.db, 1, 0).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = Command::new(env!("CARGO_BIN_EXE_jangteo"))
        .arg("--data-dir")
        .arg(t.dir.path())
        .args([
            "serve",
            "--no-worker",
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .env_remove("DATABASE_URL")
        .env("JANGTEO_JOBS__POLL_INTERVAL_MS", "20")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Serving (so it had every chance to pick the job up) ...
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    // ... and still the job waits for a worker.
    assert_eq!(
        t.jobs().await[0].state(),
        Some(JobState::Queued),
        "serve --no-worker ran a job"
    );
    signal(&server, "-TERM");
    let _ = finish(server);
    let worker = t.worker(&[]);
    t.wait("the worker to run it", |j| {
        j[0].state() == Some(JobState::Succeeded)
    })
    .await;
    signal(&worker, "-TERM");
    let _ = finish(worker);
}
