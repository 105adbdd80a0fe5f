//! Background jobs and schedules for staff: what is queued, failing or dead, retrying and
//! discarding, the schedules with their last and next run, and a test email.

use std::sync::Arc;

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde_json::json;
use shared::JobId;

use crate::access::audit;
use crate::access::{Identity, Permission as Perm};
use crate::config::JobsConfig;
use crate::db::{Db, DbError};
use crate::graphql::error::{UserError, UserErrorCode, internal};
use crate::graphql::guard::Require;
use crate::graphql::pagination::{connection, page_request};
use crate::jobs::model::JobRow;
use crate::jobs::schedule;
use crate::jobs::store::{self, JobFilter, JobsError};
use crate::notify::Notifier;
use crate::notify::mail::{self, SendEmail};

/// Where a job is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::jobs::store::JobFilter")]
pub enum JobStatus {
    /// Waiting for a worker.
    Queued,
    /// Failed at least once; waiting to run again (see `lastError`, `runAt`).
    Failed,
    /// A worker is running it.
    Running,
    Succeeded,
    /// Failed on its last allowed attempt (or could never succeed); will not run unless retried.
    Dead,
    /// Given up by staff.
    Discarded,
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// A background job.
pub struct Job(JobRow);

#[Object]
impl Job {
    async fn id(&self) -> ID {
        ID(JobId(self.0.id).to_string())
    }

    /// The job's type, e.g. `email.send`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }

    async fn status(&self) -> JobStatus {
        status_of(&self.0)
    }

    /// Attempts made so far (a run that is in progress counts).
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }

    async fn max_attempts(&self) -> i32 {
        self.0.max_attempts
    }

    /// When it runs (next), UTC.
    async fn run_at(&self) -> DateTime<Utc> {
        utc(self.0.run_at)
    }

    /// The error of the last failed attempt.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }

    /// The job's input, as stored (JSON).
    async fn payload(&self) -> &str {
        &self.0.payload
    }

    async fn created_at(&self) -> DateTime<Utc> {
        utc(self.0.created_at)
    }

    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at.map(utc)
    }
}

fn status_of(row: &JobRow) -> JobStatus {
    JobFilter::of(row).into()
}

/// How many jobs of a kind are in a status.
#[derive(SimpleObject)]
pub struct JobCount {
    kind: String,
    status: JobStatus,
    count: i64,
}

/// A recurring task: its timing and when it last and next fires.
#[derive(SimpleObject)]
pub struct Schedule {
    name: String,
    description: String,
    /// Cron expression (`sec min hour day-of-month month day-of-week`).
    cron: String,
    /// The time zone the cron expression is read in.
    time_zone: String,
    enabled: bool,
    /// The due time it last fired for.
    last_run_at: Option<DateTime<Utc>>,
    next_run_at: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct JobQuery;

#[Object]
impl JobQuery {
    /// Jobs, newest first, optionally of one status and kind.
    #[graphql(
        guard = "Require(Perm::JobsRead)",
        complexity = "crate::graphql::pagination::cost(first, child_complexity)"
    )]
    async fn jobs(
        &self,
        ctx: &Context<'_>,
        status: Option<JobStatus>,
        #[graphql(desc = "Only jobs of this kind, e.g. `email.send`.")] kind: Option<String>,
        #[graphql(desc = "How many jobs to return: 1 to 100, default 20.")] first: Option<i32>,
        #[graphql(desc = "Return jobs after this cursor (a previous page's `endCursor`).")]
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, Job>> {
        let page = page_request("jobs", first, after.as_deref())?;
        let filter = status.map(JobFilter::from);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |conn| store::list(conn, filter, kind.as_deref(), page))
            .await
            .map_err(|e| internal(ctx, &e))?;
        Ok(connection("jobs", page, result, |j| j.id, Job))
    }

    /// Job counts by kind and status.
    #[graphql(guard = "Require(Perm::JobsRead)")]
    async fn job_counts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<JobCount>> {
        let counts = ctx
            .data_unchecked::<Db>()
            .run(store::counts)
            .await
            .map_err(|e| internal(ctx, &e))?;
        Ok(counts
            .into_iter()
            .map(|(kind, filter, count)| JobCount {
                kind,
                status: filter.into(),
                count,
            })
            .collect())
    }

    /// The kinds of job this server runs.
    #[graphql(guard = "Require(Perm::JobsRead)")]
    async fn job_kinds(&self) -> Vec<&'static str> {
        crate::jobs::Registry::standard().kinds()
    }

    /// The recurring tasks.
    #[graphql(guard = "Require(Perm::JobsRead)")]
    async fn schedules(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Schedule>> {
        let config = ctx.data_unchecked::<JobsConfig>();
        let (schedules, tz) = schedule::configured(config).map_err(|e| internal(ctx, &e))?;
        let last = ctx
            .data_unchecked::<Db>()
            .run(schedule::last_runs)
            .await
            .map_err(|e| internal(ctx, &e))?;
        let now = Utc::now();
        Ok(schedules
            .iter()
            .map(|s| Schedule {
                name: s.def.name.to_owned(),
                description: s.def.description.to_owned(),
                cron: s.cron_text.clone(),
                time_zone: tz.to_string(),
                enabled: s.enabled,
                last_run_at: last
                    .get(s.def.name)
                    .and_then(|wall| tz.from_local_datetime(wall).earliest())
                    .map(|t| t.with_timezone(&Utc)),
                next_run_at: if s.enabled {
                    s.next_after(now, tz)
                } else {
                    None
                },
            })
            .collect())
    }
}

/// The result of a job operation.
#[derive(SimpleObject)]
pub struct JobPayload {
    /// The job after the change; `null` when `userErrors` says why nothing changed.
    job: Option<Job>,
    user_errors: Vec<UserError>,
}

/// The result of `mailSendTest`.
#[derive(SimpleObject)]
pub struct MailSendTestPayload {
    /// The job that sends the message.
    job: Option<Job>,
    user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct JobMutation;

#[Object]
impl JobMutation {
    /// Runs a dead, discarded or failed job again, with fresh attempts.
    #[graphql(guard = "Require(Perm::JobsWrite)")]
    async fn job_retry(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<JobPayload> {
        change_job(ctx, &id, store::retry).await
    }

    /// Gives up on a queued, failed or dead job: it will not run.
    #[graphql(guard = "Require(Perm::JobsWrite)")]
    async fn job_discard(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<JobPayload> {
        change_job(ctx, &id, store::discard).await
    }

    /// Sends a test email through the configured mail transport, to check the settings.
    #[graphql(guard = "Require(Perm::SettingsWrite)")]
    async fn mail_send_test(
        &self,
        ctx: &Context<'_>,
        to: String,
    ) -> async_graphql::Result<MailSendTestPayload> {
        let notifier = ctx.data_unchecked::<Arc<Notifier>>().clone();
        let requested_by = ctx
            .data_opt::<Identity>()
            .map_or("staff", |i| i.display_name())
            .to_owned();
        let tz: chrono_tz::Tz = ctx
            .data_unchecked::<JobsConfig>()
            .time_zone
            .parse()
            .unwrap_or(chrono_tz::Asia::Seoul);
        let now = Utc::now().with_timezone(&tz);
        let base = &ctx.data_unchecked::<super::PublicUrl>().0;
        let email = SendEmail {
            to: to.trim().to_owned(),
            template: "test".into(),
            context: json!({
                "requested_by": requested_by,
                "requested_at": format!("{} ({tz})", now.format("%Y-%m-%d %H:%M")),
                "admin_url": format!("{base}/admin/"),
            }),
            channel_id: None,
            cause: format!("mail-test:{}", uuid::Uuid::new_v4()),
        };
        let actor = crate::graphql::admin::actor(ctx);
        let queued = ctx
            .data_unchecked::<Db>()
            .run(move |conn| {
                let id = mail::enqueue(conn, notifier.mail.templates(), &email)?;
                audit::record(
                    conn,
                    &actor,
                    "mail.send_test",
                    Some(JobId(id).to_string()),
                    json!({ "to": email.to }),
                    crate::db::now(),
                )?;
                Ok::<_, mail::EnqueueError>(store::get(conn, id).map_err(|e| match e {
                    JobsError::Internal(e) => e,
                    other => DbError::Corrupt(other.to_string()),
                })?)
            })
            .await;
        match queued {
            Ok(job) => Ok(MailSendTestPayload {
                job: Some(Job(job)),
                user_errors: vec![],
            }),
            Err(mail::EnqueueError::InvalidAddress(_)) => Ok(MailSendTestPayload {
                job: None,
                user_errors: vec![UserError::new(
                    &["to"],
                    UserErrorCode::Invalid,
                    "enter an email address, e.g. staff@example.com",
                )],
            }),
            Err(e) => Err(internal(ctx, &e)),
        }
    }
}

async fn change_job(
    ctx: &Context<'_>,
    id: &ID,
    op: fn(
        &mut crate::db::AnyConnection,
        i64,
        &crate::access::audit::Actor,
    ) -> Result<JobRow, JobsError>,
) -> async_graphql::Result<JobPayload> {
    let failed = |code, message: String| JobPayload {
        job: None,
        user_errors: vec![UserError::new(&["id"], code, message)],
    };
    let id: JobId = match id.parse() {
        Ok(id) => id,
        Err(e) => return Ok(failed(UserErrorCode::Invalid, format!("{e}"))),
    };
    let actor = crate::graphql::admin::actor(ctx);
    match ctx
        .data_unchecked::<Db>()
        .run(move |c| op(c, id.key(), &actor))
        .await
    {
        Ok(job) => Ok(JobPayload {
            job: Some(Job(job)),
            user_errors: vec![],
        }),
        Err(JobsError::NotFound) => Ok(failed(
            UserErrorCode::NotFound,
            format!("there is no job {id}"),
        )),
        Err(e @ JobsError::WrongState(..)) => Ok(failed(UserErrorCode::Invalid, e.to_string())),
        Err(e @ JobsError::Internal(_)) => Err(internal(ctx, &e)),
    }
}
