//! A shop's policies (이용약관, 개인정보처리방침, 교환·반품 안내), one type for both APIs:
//! shoppers read them (`shop.policy`), staff publish new versions (`policyPublish`).

use async_graphql::SimpleObject;
use chrono::{DateTime, Utc};

/// Which policy.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::channel::policy::PolicyKind")]
pub enum PolicyKind {
    /// 이용약관: the terms of use, with the conditions of purchase.
    Terms,
    /// 개인정보처리방침: the privacy policy.
    Privacy,
    /// 교환·반품 안내: the exchange and returns policy.
    Returns,
}

/// One published version of a shop's policy. Versions are never edited: a change is a new
/// version, and orders keep the versions their shoppers agreed to.
#[derive(SimpleObject)]
pub struct Policy {
    kind: PolicyKind,
    /// 1 for the first publication, then one more for each.
    version: i32,
    /// The text as cleaned HTML (the tags of product content; no scripts, styles or frames).
    body_html: String,
    published_at: DateTime<Utc>,
}

impl From<crate::channel::policy::Policy> for Policy {
    fn from(p: crate::channel::policy::Policy) -> Policy {
        Policy {
            kind: p.kind.into(),
            version: p.version,
            body_html: p.body_html,
            published_at: p.published_at.and_utc(),
        }
    }
}
