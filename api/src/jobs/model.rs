//! Job rows and the states a job moves through.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::jobs;

/// Where a job is in its life.
///
/// `queued` → `running` → `succeeded`; a failure puts it back to `queued` with a later `run_at`
/// and its `last_error` (shown as *failed* until it runs again), until `max_attempts` is reached and
/// it becomes `dead`. Staff may retry a dead job (back to `queued`) or discard it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobState {
    Queued,
    Running,
    Succeeded,
    Dead,
    Discarded,
}

impl JobState {
    pub const ALL: [JobState; 5] = [
        JobState::Queued,
        JobState::Running,
        JobState::Succeeded,
        JobState::Dead,
        JobState::Discarded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Succeeded => "succeeded",
            JobState::Dead => "dead",
            JobState::Discarded => "discarded",
        }
    }

    pub fn parse(s: &str) -> Option<JobState> {
        JobState::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub state: String,
    pub priority: i32,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: NaiveDateTime,
    pub locked_by: Option<String>,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
    /// Set by [`crate::jobs::store::enqueue_unique`]: no two pending jobs share it.
    pub dedupe_key: Option<String>,
}

impl JobRow {
    pub fn state(&self) -> Option<JobState> {
        JobState::parse(&self.state)
    }

    /// Queued again after a failed attempt (a staff retry resets the attempts: not failed).
    pub fn is_failed(&self) -> bool {
        self.state() == Some(JobState::Queued) && self.last_error.is_some() && self.attempts > 0
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = jobs)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub payload: &'a str,
    pub state: &'a str,
    pub priority: i32,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A job a worker has claimed: it holds the lease until `locked_until`.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct ClaimedJob {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub kind: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub payload: String,
    /// Including this one.
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub attempts: i32,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub max_attempts: i32,
}
