//! Schedules (what celery-beat did): cron timings in the shop's time zone, each enqueuing an
//! ordinary job. Any number of processes may run the scheduler: each due time is recorded in
//! `schedule_runs` (unique per schedule and due time) in the same transaction as its job, so it
//! fires exactly once. The due time is recorded as wall-clock time in the schedule's zone, so the
//! hour a daylight-saving change repeats does not fire twice. A due time missed while nothing ran
//! fires once at the next start if it is less than [`CATCH_UP`] old.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use tokio::sync::watch;

use super::builtin::Housekeeping;
use super::store;
use crate::config::JobsConfig;
use crate::db::schema::schedule_runs;
use crate::db::{self, AnyConnection, Db, DbError};

/// How old a missed due time may be and still fire.
pub const CATCH_UP: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// A schedule Jangteo knows: its name, default timing and the job it enqueues.
#[derive(Debug)]
pub struct ScheduleDef {
    pub name: &'static str,
    pub default_cron: &'static str,
    pub description: &'static str,
    enqueue: fn(&mut AnyConnection, &JobsConfig) -> Result<i64, DbError>,
}

/// Every built-in schedule. Later domains add theirs here (daily sales report, grade
/// evaluation, …); configuration can change their timing or switch them off by name.
pub const BUILTIN: &[ScheduleDef] = &[
    ScheduleDef {
        name: "housekeeping",
        default_cron: "0 30 4 * * *",
        description: "Deletes finished jobs past the retention period and other expired records.",
        enqueue: |conn, config| {
            store::enqueue(
                conn,
                &Housekeeping {
                    retention_days: config.retention_days,
                },
            )
        },
    },
    ScheduleDef {
        name: "orders-expire",
        default_cron: "0 * * * * *",
        description: "Expires unpaid orders past their payment deadline and releases their stock.",
        enqueue: |conn, _| store::enqueue(conn, &crate::payment::jobs::ExpireOrders {}),
    },
    ScheduleDef {
        name: "payments-reconcile",
        default_cron: "30 */5 * * * *",
        description: "Asks the payment gateways about unpaid orders, so a lost webhook only delays an order.",
        enqueue: |conn, _| store::enqueue(conn, &crate::payment::jobs::ReconcilePayments {}),
    },
];

/// A schedule as configured.
#[derive(Debug)]
pub struct Schedule {
    pub def: &'static ScheduleDef,
    pub cron_text: String,
    cron: cron::Schedule,
    pub enabled: bool,
}

impl Schedule {
    /// The next due time after `now`.
    pub fn next_after(&self, now: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        self.cron
            .after(&now.with_timezone(&tz))
            .next()
            .map(|t| t.with_timezone(&Utc))
    }

    /// The latest due time at or before `now` that is at most [`CATCH_UP`] old, as wall-clock
    /// time in `tz` (the key it fires under).
    fn latest_due(&self, now: DateTime<Utc>, tz: Tz) -> Option<NaiveDateTime> {
        let from = (now - CATCH_UP).with_timezone(&tz);
        self.cron
            .after(&from)
            .take_while(|t| t.with_timezone(&Utc) <= now)
            .last()
            .map(|t| t.naive_local())
    }
}

/// Parses a cron expression; the usual five fields (no seconds) are accepted too.
pub fn parse_cron(text: &str) -> Result<cron::Schedule, String> {
    let fields = text.split_whitespace().count();
    let full = if fields == 5 {
        format!("0 {text}")
    } else {
        text.to_owned()
    };
    cron::Schedule::from_str(&full).map_err(|e| format!("{text:?} is not a cron expression: {e}"))
}

/// The configured schedules (built-in definitions with the configuration's overrides).
pub fn configured(config: &JobsConfig) -> Result<(Vec<Schedule>, Tz), String> {
    let tz: Tz = config.time_zone.parse().map_err(|_| {
        format!(
            "jobs.time_zone {:?} is not an IANA time zone",
            config.time_zone
        )
    })?;
    for name in config.schedules.keys() {
        if !BUILTIN.iter().any(|d| d.name == name) {
            let known: Vec<&str> = BUILTIN.iter().map(|d| d.name).collect();
            return Err(format!(
                "jobs.schedules.{name}: no such schedule (known: {})",
                known.join(", ")
            ));
        }
    }
    let schedules = BUILTIN
        .iter()
        .map(|def| {
            let over = config.schedules.get(def.name);
            let cron_text = over
                .and_then(|o| o.cron.clone())
                .unwrap_or_else(|| def.default_cron.to_owned());
            let cron =
                parse_cron(&cron_text).map_err(|e| format!("jobs.schedules.{}: {e}", def.name))?;
            Ok(Schedule {
                def,
                cron_text,
                cron,
                enabled: over.and_then(|o| o.enabled).unwrap_or(true),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((schedules, tz))
}

/// Enqueues the job of `def` for `due` (wall-clock time in the schedule's zone) unless that due
/// time already fired. Returns the new job's id when this call fired it.
pub fn fire_once(
    conn: &mut AnyConnection,
    def: &ScheduleDef,
    due: NaiveDateTime,
    config: &JobsConfig,
) -> Result<Option<i64>, DbError> {
    let fired = db::write_transaction(conn, |conn| {
        let exists = schedule_runs::table
            .filter(schedule_runs::schedule.eq(def.name))
            .filter(schedule_runs::due_at.eq(due))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if exists {
            return Ok(None);
        }
        let job_id = (def.enqueue)(conn, config)?;
        diesel::insert_into(schedule_runs::table)
            .values((
                schedule_runs::schedule.eq(def.name),
                schedule_runs::due_at.eq(due),
                schedule_runs::job_id.eq(Some(job_id)),
                schedule_runs::created_at.eq(db::now()),
            ))
            .execute(conn)?;
        Ok::<_, DbError>(Some(job_id))
    });
    match fired {
        // Another scheduler inserted the same due time between our check and our insert.
        Err(DbError::Query(e)) if db::is_unique_violation(&e) => Ok(None),
        other => other,
    }
}

/// The latest due time (wall-clock, in the schedule's zone) each schedule fired at.
pub fn last_runs(conn: &mut AnyConnection) -> Result<HashMap<String, NaiveDateTime>, DbError> {
    let rows: Vec<(String, Option<NaiveDateTime>)> = schedule_runs::table
        .group_by(schedule_runs::schedule)
        .select((
            schedule_runs::schedule,
            diesel::dsl::max(schedule_runs::due_at),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(name, at)| at.map(|at| (name, at)))
        .collect())
}

/// Fires the configured schedules when they are due.
pub struct Scheduler {
    db: Db,
    config: JobsConfig,
    schedules: Vec<Schedule>,
    tz: Tz,
}

impl Scheduler {
    pub fn new(db: Db, config: JobsConfig) -> Result<Scheduler, String> {
        let (schedules, tz) = configured(&config)?;
        Ok(Scheduler {
            db,
            config,
            schedules,
            tz,
        })
    }

    /// Checks every second until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut seen: HashMap<&'static str, NaiveDateTime> = HashMap::new();
        tracing::info!(time_zone = %self.tz, schedules = self.schedules.len(), "scheduler started");
        loop {
            if *shutdown.borrow() {
                break;
            }
            self.tick(Utc::now(), &mut seen).await;
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                changed = shutdown.changed() => {
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
        tracing::info!("scheduler stopped");
    }

    async fn tick(&self, now: DateTime<Utc>, seen: &mut HashMap<&'static str, NaiveDateTime>) {
        for schedule in self.schedules.iter().filter(|s| s.enabled) {
            let Some(due) = schedule.latest_due(now, self.tz) else {
                continue;
            };
            if seen.get(schedule.def.name) == Some(&due) {
                continue;
            }
            let (def, config) = (schedule.def, self.config.clone());
            let fired = self.db.run(move |c| fire_once(c, def, due, &config)).await;
            match fired {
                Ok(Some(job)) => {
                    tracing::info!(schedule = def.name, due = %due, job.id = job, "schedule fired");
                    seen.insert(def.name, due);
                }
                Ok(None) => {
                    seen.insert(def.name, due);
                }
                Err(e) => tracing::warn!(schedule = def.name, error = %e, "cannot fire schedule"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn schedule(cron: &str) -> Schedule {
        Schedule {
            def: &BUILTIN[0],
            cron_text: cron.into(),
            cron: parse_cron(cron).unwrap(),
            enabled: true,
        }
    }

    #[test]
    fn five_field_cron_is_accepted() {
        assert!(parse_cron("30 4 * * *").is_ok());
        assert!(parse_cron("0 30 4 * * *").is_ok());
        assert!(parse_cron("every day").is_err());
    }

    fn wall(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn due_times_follow_the_configured_time_zone() {
        let seoul: Tz = "Asia/Seoul".parse().unwrap();
        // Midnight in Seoul is 15:00 UTC the day before.
        let s = schedule("0 0 0 * * *");
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 15, 20, 0).unwrap();
        assert_eq!(s.latest_due(now, seoul), Some(wall(2026, 11, 26, 0, 0)));
        assert_eq!(
            s.next_after(now, seoul),
            Some(Utc.with_ymd_and_hms(2026, 11, 26, 15, 0, 0).unwrap())
        );
        // More than the catch-up window late: nothing to fire now.
        let later = Utc.with_ymd_and_hms(2026, 11, 25, 17, 0, 0).unwrap();
        assert_eq!(s.latest_due(later, seoul), None);
    }

    #[test]
    fn a_repeated_daylight_saving_hour_fires_once() {
        // In Chicago, 01:30 happens twice on 2026-11-01 (CDT at 06:30 UTC, CST at 07:30 UTC): it
        // is one due time.
        let chicago: Tz = "America/Chicago".parse().unwrap();
        let s = schedule("0 30 1 * * *");
        let first = s.latest_due(
            Utc.with_ymd_and_hms(2026, 11, 1, 6, 40, 0).unwrap(),
            chicago,
        );
        let second = s.latest_due(
            Utc.with_ymd_and_hms(2026, 11, 1, 7, 40, 0).unwrap(),
            chicago,
        );
        assert_eq!(first, Some(wall(2026, 11, 1, 1, 30)));
        // Whether or not the second 01:30 is offered, it can only fire under the same key.
        assert!(second.is_none() || second == first, "{second:?}");
    }

    #[test]
    fn unknown_schedules_and_bad_cron_are_configuration_errors() {
        let mut config = JobsConfig::default();
        config.schedules.insert("nope".into(), Default::default());
        assert!(
            configured(&config)
                .unwrap_err()
                .contains("no such schedule")
        );
        let mut config = JobsConfig::default();
        config.schedules.insert(
            "housekeeping".into(),
            crate::config::ScheduleConfig {
                cron: Some("whenever".into()),
                enabled: None,
            },
        );
        assert!(configured(&config).unwrap_err().contains("housekeeping"));
    }
}
