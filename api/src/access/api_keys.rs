//! Third-party API keys: a name, scopes (permissions), an optional expiry. The secret
//! (`jtk_…`, 256 random bits) is shown once at creation and stored as its SHA-256 only. Revoking
//! a key takes effect on its next request: every request looks the key up.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::Permission;
use super::audit::{self, Actor};
use super::crypto::{random_token, token_hash};
use crate::db::page::{Page, PageRequest};
use crate::db::schema::api_keys as k;
use crate::db::{AnyConnection, DbError, write_transaction};
use crate::validation::{Violation, ViolationCode};

pub const PREFIX: &str = "jtk_";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = k)]
pub struct ApiKeyRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub secret_hash: String,
    pub scopes: String,
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

impl ApiKeyRow {
    pub fn scopes(&self) -> Vec<Permission> {
        self.scopes
            .split(',')
            .filter_map(Permission::parse)
            .collect()
    }
}

fn gid(id: i64) -> String {
    shared::ApiKeyId(id).to_string()
}

/// The live key with this secret; records its use (at most once a minute).
pub fn authenticate(
    conn: &mut AnyConnection,
    secret: &str,
    now: NaiveDateTime,
) -> Result<Option<ApiKeyRow>, DbError> {
    let row: Option<ApiKeyRow> = k::table
        .filter(k::secret_hash.eq(token_hash(secret)))
        .filter(k::revoked_at.is_null())
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row.filter(|r| r.expires_at.is_none_or(|e| e > now)) else {
        return Ok(None);
    };
    if row
        .last_used_at
        .is_none_or(|t| now - t > chrono::Duration::minutes(1))
    {
        diesel::update(k::table.find(row.id))
            .set(k::last_used_at.eq(now))
            .execute(conn)?;
    }
    Ok(Some(row))
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{}", .0.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Violation>),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for KeyError {
    fn from(e: diesel::result::Error) -> Self {
        KeyError::Db(e.into())
    }
}

/// Creates a key. Its scopes must be among `granter`'s own permissions: nobody hands out more
/// than they have.
pub fn create(
    conn: &mut AnyConnection,
    actor: &Actor,
    granter: &[Permission],
    name: &str,
    scopes: &[Permission],
    expires_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<(ApiKeyRow, String), KeyError> {
    let mut violations = Vec::new();
    let name = crate::validation::required_text("name", name, 100, &mut violations);
    if scopes.is_empty() {
        violations.push(Violation::new(
            &["scopes"],
            ViolationCode::Blank,
            "choose at least one scope",
        ));
    }
    for (i, scope) in scopes.iter().enumerate() {
        if !granter.contains(scope) {
            violations.push(Violation::indexed(
                "scopes",
                i,
                ViolationCode::NotAllowed,
                format!(
                    "you cannot grant {}: you do not have it yourself",
                    scope.as_str()
                ),
            ));
        }
    }
    if expires_at.is_some_and(|e| e <= now) {
        violations.push(Violation::new(
            &["expiresAt"],
            ViolationCode::Invalid,
            "the expiry must be in the future",
        ));
    }
    if !violations.is_empty() {
        return Err(KeyError::Invalid(violations));
    }
    let mut scopes = scopes.to_vec();
    scopes.sort();
    scopes.dedup();
    let secret = random_token(PREFIX, 32);
    let names: Vec<&str> = scopes.iter().map(|p| p.as_str()).collect();
    write_transaction(conn, |conn| {
        let id: i64 = diesel::insert_into(k::table)
            .values((
                k::name.eq(&name),
                k::prefix.eq(&secret[..12]),
                k::secret_hash.eq(token_hash(&secret)),
                k::scopes.eq(names.join(",")),
                k::expires_at.eq(expires_at),
                k::created_by.eq(if actor.kind == "staff" {
                    actor.id
                } else {
                    None
                }),
                k::created_at.eq(now),
            ))
            .returning(k::id)
            .get_result(conn)?;
        let row: ApiKeyRow = k::table
            .find(id)
            .select(ApiKeyRow::as_select())
            .first(conn)?;
        audit::record(
            conn,
            actor,
            "api_key.create",
            Some(gid(row.id)),
            json!({ "name": name, "scopes": names, "expires_at": expires_at }),
            now,
        )?;
        Ok((row, secret))
    })
}

/// Revokes a key (idempotent).
pub fn revoke(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    now: NaiveDateTime,
) -> Result<Option<ApiKeyRow>, DbError> {
    write_transaction(conn, |conn| {
        let changed = diesel::update(k::table.find(id).filter(k::revoked_at.is_null()))
            .set(k::revoked_at.eq(now))
            .execute(conn)?;
        if changed == 1 {
            audit::record(conn, actor, "api_key.revoke", Some(gid(id)), json!({}), now)?;
        }
        Ok(k::table
            .find(id)
            .select(ApiKeyRow::as_select())
            .first(conn)
            .optional()?)
    })
}

/// Keys newest first.
pub fn list(conn: &mut AnyConnection, page: PageRequest) -> Result<Page<ApiKeyRow>, DbError> {
    let mut q = k::table
        .select(ApiKeyRow::as_select())
        .order(k::id.desc())
        .limit(page.fetch_limit())
        .into_boxed();
    if let Some(after) = page.after {
        q = q.filter(k::id.lt(after));
    }
    Ok(page.finish(q.load(conn)?))
}
