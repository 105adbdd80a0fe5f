//! The audit log: every staff login and every change made through the Admin API, who made it,
//! from where and when. Written in the same transaction as the change it records.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::Value;

use crate::db::page::{Page, PageRequest};
use crate::db::schema::audit_log as a;
use crate::db::{AnyConnection, DbError};

/// Who did something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// `staff`, `api_key`, `operator` or `system`.
    pub kind: &'static str,
    pub id: Option<i64>,
    pub name: String,
    pub ip: Option<String>,
}

impl Actor {
    pub fn system(name: &str) -> Actor {
        Actor {
            kind: "system",
            id: None,
            name: name.to_owned(),
            ip: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = a)]
pub struct AuditRow {
    pub id: i64,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub target: Option<String>,
    pub detail: String,
    pub ip: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Records `action` (e.g. `staff.invite`) on `target` (e.g. a global ID).
pub fn record(
    conn: &mut AnyConnection,
    actor: &Actor,
    action: &str,
    target: Option<String>,
    detail: Value,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(a::table)
        .values((
            a::actor_kind.eq(actor.kind),
            a::actor_id.eq(actor.id),
            a::actor_name.eq(&actor.name),
            a::action.eq(action),
            a::target.eq(target),
            a::detail.eq(detail.to_string()),
            a::ip.eq(&actor.ip),
            a::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Entries newest first; `page.after` is an entry id (older entries follow).
pub fn list(
    conn: &mut AnyConnection,
    page: PageRequest,
    action_prefix: Option<&str>,
) -> Result<Page<AuditRow>, DbError> {
    let mut q = a::table
        .select(AuditRow::as_select())
        .order(a::id.desc())
        .limit(page.fetch_limit())
        .into_boxed();
    if let Some(after) = page.after {
        q = q.filter(a::id.lt(after));
    }
    if let Some(prefix) = action_prefix {
        // The prefix is literal: `_` and `%` in it match themselves.
        let literal = prefix
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        q = q.filter(a::action.like(format!("{literal}%")).escape('\\'));
    }
    Ok(page.finish(q.load(conn)?))
}
