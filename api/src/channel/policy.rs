//! A channel's policies: the terms of use (이용약관), the privacy policy (개인정보처리방침) and the
//! exchange and returns policy (교환·반품 안내), which a Korean online shop must show shoppers.
//! Staff publish them from the admin as rich text, cleaned like product content
//! ([`crate::catalog::content`]). Every publication is a new version, never an edit: an order
//! records which versions its shopper agreed to ([`current_version`]), so what that shopper read
//! can always be shown again.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::access::audit::Actor;
use crate::catalog::content::{ContentPolicy, sanitize};
use crate::db::schema::channel_policies as cp;
use crate::db::schema::channels;
use crate::db::{self, AnyConnection, DbError};
use crate::validation::{Violation, ViolationCode};

use super::ChannelError;

/// Which policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// 이용약관: the terms of use, with the conditions of purchase.
    Terms,
    /// 개인정보처리방침.
    Privacy,
    /// 교환·반품 안내: how to exchange or return, and what it costs.
    Returns,
}

impl PolicyKind {
    pub const ALL: [PolicyKind; 3] = [PolicyKind::Terms, PolicyKind::Privacy, PolicyKind::Returns];

    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Terms => "TERMS",
            PolicyKind::Privacy => "PRIVACY",
            PolicyKind::Returns => "RETURNS",
        }
    }

    pub fn parse(s: &str) -> Option<PolicyKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One published version of a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub kind: PolicyKind,
    /// 1 for the first publication, then one more for each.
    pub version: i32,
    /// Cleaned HTML.
    pub body_html: String,
    pub published_at: NaiveDateTime,
    /// Who published it (the staff member's name).
    pub published_by: String,
}

type Row = (String, i32, String, NaiveDateTime, String);

fn from_row(
    (kind, version, body_html, published_at, published_by): Row,
) -> Result<Policy, DbError> {
    Ok(Policy {
        kind: PolicyKind::parse(&kind)
            .ok_or_else(|| DbError::Corrupt(format!("policy kind {kind}")))?,
        version,
        body_html,
        published_at,
        published_by,
    })
}

const COLUMNS: (
    cp::kind,
    cp::version,
    cp::body_html,
    cp::published_at,
    cp::published_by,
) = (
    cp::kind,
    cp::version,
    cp::body_html,
    cp::published_at,
    cp::published_by,
);

/// The version of `kind` in force in channel `channel_id`: the latest; `None` before the first.
pub fn current(
    conn: &mut AnyConnection,
    channel_id: i64,
    kind: PolicyKind,
) -> Result<Option<Policy>, DbError> {
    cp::table
        .filter(cp::channel_id.eq(channel_id))
        .filter(cp::kind.eq(kind.as_str()))
        .order(cp::version.desc())
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(from_row)
        .transpose()
}

/// One version of `kind`, to show again what a shopper agreed to.
pub fn version(
    conn: &mut AnyConnection,
    channel_id: i64,
    kind: PolicyKind,
    version: i32,
) -> Result<Option<Policy>, DbError> {
    cp::table
        .filter(cp::channel_id.eq(channel_id))
        .filter(cp::kind.eq(kind.as_str()))
        .filter(cp::version.eq(version))
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(from_row)
        .transpose()
}

/// Every version of every policy of channel `channel_id`, the newest of each kind first.
pub fn history(conn: &mut AnyConnection, channel_id: i64) -> Result<Vec<Policy>, DbError> {
    cp::table
        .filter(cp::channel_id.eq(channel_id))
        .order((cp::kind.asc(), cp::version.desc()))
        .select(COLUMNS)
        .load::<Row>(conn)?
        .into_iter()
        .map(from_row)
        .collect()
}

/// The number of the version of `kind` in force (`None` before the first): what a checkout's
/// agreement refers to.
pub fn current_version(
    conn: &mut AnyConnection,
    channel_id: i64,
    kind: PolicyKind,
) -> Result<Option<i32>, DbError> {
    Ok(cp::table
        .filter(cp::channel_id.eq(channel_id))
        .filter(cp::kind.eq(kind.as_str()))
        .select(diesel::dsl::max(cp::version))
        .first::<Option<i32>>(conn)?)
}

/// Publishes `html` (cleaned) as the next version of `kind` in channel `channel_id`, and records
/// it in the audit log. Text that cleans to nothing is refused; text the same as the version in
/// force publishes nothing and answers that version. Two publications at once get two versions,
/// never the same number (they take the channel row's lock in turn).
pub fn publish(
    conn: &mut AnyConnection,
    channel_id: i64,
    kind: PolicyKind,
    html: &str,
    content: &ContentPolicy,
    actor: &Actor,
) -> Result<Policy, ChannelError> {
    let body = sanitize(html, content).map_err(|e| {
        ChannelError::Invalid(vec![Violation::new(
            &["bodyHtml"],
            ViolationCode::TooLong,
            e.to_string(),
        )])
    })?;
    if blank(&body) {
        return Err(ChannelError::Invalid(vec![Violation::new(
            &["bodyHtml"],
            ViolationCode::Blank,
            "a policy needs some text",
        )]));
    }
    db::write_transaction(conn, |conn| {
        // Publications of a channel's policies take its row's lock first (SQLite's write
        // transaction is already alone), so two at once number their versions one after the
        // other instead of both picking the same next number.
        let locked = diesel::update(channels::table.find(channel_id))
            .set(channels::updated_at.eq(channels::updated_at))
            .execute(conn)?;
        if locked == 0 {
            return Err(ChannelError::NotFound);
        }
        let now = db::now();
        let latest = current(conn, channel_id, kind)?;
        if let Some(latest) = latest.as_ref().filter(|p| p.body_html == body) {
            return Ok(latest.clone());
        }
        let version = latest.map_or(1, |p| p.version + 1);
        diesel::insert_into(cp::table)
            .values((
                cp::channel_id.eq(channel_id),
                cp::kind.eq(kind.as_str()),
                cp::version.eq(version),
                cp::body_html.eq(&body),
                cp::published_at.eq(now),
                cp::published_by.eq(&actor.name),
            ))
            .execute(conn)?;
        crate::access::audit::record(
            conn,
            actor,
            "policy.publish",
            Some(format!("{}:{}", channel_id, kind.as_str())),
            serde_json::json!({ "kind": kind.as_str(), "version": version }),
            now,
        )
        .map_err(ChannelError::Internal)?;
        Ok(Policy {
            kind,
            version,
            body_html: body,
            published_at: now,
            published_by: actor.name.clone(),
        })
    })
}

/// Whether cleaned HTML holds no text (only tags and white space).
fn blank(html: &str) -> bool {
    let mut inside = false;
    let mut text = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside && !c.is_whitespace() => text = true,
            _ => {}
        }
        if text {
            return false;
        }
    }
    !html.contains("<img")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_markup_is_blank() {
        assert!(blank(""));
        assert!(blank("<p> </p><p><br></p>"));
        assert!(!blank("<p>제1조 (목적)</p>"));
        assert!(!blank("<p><img src=\"/media/a.png\" alt=\"\"></p>"));
        assert!(!blank("&nbsp;x"));
    }

    #[test]
    fn kinds_read_back() {
        for kind in PolicyKind::ALL {
            assert_eq!(PolicyKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(PolicyKind::parse("terms"), None);
    }
}
