//! Job-queue throughput, printed as a table: jobs per second for a no-op job and for an email to
//! a local SMTP server, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL, with one and two
//! workers of 8 concurrent jobs each. Run it with `cargo xtask bench` (a release build).

use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use jangteo::channel::service as channels;
use jangteo::config::{JobsConfig, MailTransportKind, SmtpSecurity};
use jangteo::db::schema::jobs;
use jangteo::db::{Db, DbError};
use jangteo::jobs::builtin::Ping;
use jangteo::jobs::worker::Worker;
use jangteo::jobs::{Registry, store};
use jangteo::notify::Notifier;
use jangteo::notify::mail::SendEmail;
use jangteo::startup::open_database;
use jangteo_tests::app::TestDatabase;
use jangteo_tests::{Backend, SmtpServer};
use serde_json::json;
use tokio::sync::watch;

#[derive(Clone, Copy)]
enum Load {
    Noop,
    Email,
}

async fn run(backend: Backend, load: Load, workers: usize, n: usize, smtp: &SmtpServer) -> f64 {
    let database = TestDatabase::new(backend);
    let mut config = database.config("unused");
    config.mail.transport = MailTransportKind::Smtp;
    config.mail.smtp.host = "127.0.0.1".into();
    config.mail.smtp.port = smtp.port;
    config.mail.smtp.security = SmtpSecurity::None;
    config.database.pool_size = 16;
    let (db, _): (Db, _) = open_database(&config).await.expect("database");
    db.run(channels::ensure_default)
        .await
        .expect("default channel");
    db.run(move |c| {
        jangteo::db::write_transaction(c, |c| {
            for i in 0..n {
                match load {
                    Load::Noop => store::enqueue(c, &Ping::default())?,
                    Load::Email => store::enqueue(
                        c,
                        &SendEmail {
                            to: format!("buyer{i}@example.com"),
                            template: "test".into(),
                            context: json!({ "requested_by": "bench", "requested_at": "now", "admin_url": "https://shop.example/admin/" }),
                            channel_id: None,
                            cause: format!("bench:{i}"),
                        },
                    )?,
                };
            }
            Ok::<_, DbError>(())
        })
    })
    .await
    .expect("enqueue");
    let notifier = Arc::new(Notifier::from_config(&config).expect("notifier"));
    let jobs_config = JobsConfig {
        concurrency: 8,
        poll_interval_ms: 10,
        ..JobsConfig::default()
    };
    let (stop, rx) = watch::channel(false);
    let started = Instant::now();
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let worker = Worker::new(
                db.clone(),
                Registry::standard(),
                notifier.clone(),
                jangteo::media::MediaStore::from_config(&config).expect("media"),
                jangteo::payment::Payments::from_config(&config.payments, &db).expect("payments"),
                jobs_config.clone(),
            );
            tokio::spawn(worker.run(rx.clone()))
        })
        .collect();
    loop {
        let left: i64 = db
            .run(|c| {
                Ok::<_, DbError>(
                    jobs::table
                        .filter(jobs::state.ne("succeeded"))
                        .count()
                        .get_result(c)?,
                )
            })
            .await
            .expect("count");
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let elapsed = started.elapsed();
    stop.send(true).ok();
    for h in handles {
        h.await.ok();
    }
    n as f64 / elapsed.as_secs_f64()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let smtp = SmtpServer::start().await;
    let mut backends = vec![("SQLite", Backend::Sqlite)];
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        backends.push(("PostgreSQL", Backend::Postgres));
    } else {
        eprintln!("TEST_DATABASE_URL is not set: SQLite only");
    }
    println!(
        "{:<11} {:<6} {:>7} {:>6} {:>10}",
        "database", "job", "workers", "jobs", "jobs/s"
    );
    for (name, backend) in backends {
        for (label, load, n) in [("no-op", Load::Noop, 2000), ("email", Load::Email, 500)] {
            for workers in [1, 2] {
                let rate = run(backend, load, workers, n, &smtp).await;
                println!("{name:<11} {label:<6} {workers:>7} {n:>6} {rate:>10.0}");
            }
        }
    }
    println!(
        "(each worker runs up to 8 jobs at once; the local SMTP server received {} emails)",
        smtp.messages().len()
    );
}
