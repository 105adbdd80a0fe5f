//! Who is calling and what they may do: shoppers' sign-in (`members` holds their accounts),
//! staff accounts with a second factor, roles, API keys, the audit log and login throttling.
//!
//! Every Admin API field declares the [`Permission`] it requires (see `graphql::guard`); an
//! [`Identity`] is resolved once per request from the `Authorization` header: a staff session
//! (`jts_…`), an API key (`jtk_…`) or the operator token from configuration.

pub mod api_keys;
pub mod audit;
pub mod clock;
pub mod crypto;
pub mod jwt;
pub mod links;
pub mod staff;
pub mod throttle;
pub mod totp;

use std::sync::Arc;

use subtle::ConstantTimeEq;

pub use clock::Clock;
pub use crypto::{Keys, Passwords};
pub use staff::Role;

use crate::config::{AuthConfig, Config, Secret};
use crate::db::{Db, DbError};

/// One action on one domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    ProductsRead,
    ProductsWrite,
    OrdersRead,
    OrdersWrite,
    MembersRead,
    MembersWrite,
    ContentRead,
    ContentWrite,
    PromotionsRead,
    PromotionsWrite,
    StatisticsRead,
    StaffRead,
    StaffWrite,
    /// Reset another staff member's second factor; owners only.
    StaffSecurity,
    SettingsRead,
    SettingsWrite,
    /// See background jobs and schedules.
    JobsRead,
    /// Retry or discard jobs.
    JobsWrite,
}

impl Permission {
    pub const ALL: [Permission; 18] = [
        Permission::ProductsRead,
        Permission::ProductsWrite,
        Permission::OrdersRead,
        Permission::OrdersWrite,
        Permission::MembersRead,
        Permission::MembersWrite,
        Permission::ContentRead,
        Permission::ContentWrite,
        Permission::PromotionsRead,
        Permission::PromotionsWrite,
        Permission::StatisticsRead,
        Permission::StaffRead,
        Permission::StaffWrite,
        Permission::StaffSecurity,
        Permission::SettingsRead,
        Permission::SettingsWrite,
        Permission::JobsRead,
        Permission::JobsWrite,
    ];

    /// The stored and displayed name, e.g. `PRODUCTS_WRITE` (as in the Admin API's enum).
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::ProductsRead => "PRODUCTS_READ",
            Permission::ProductsWrite => "PRODUCTS_WRITE",
            Permission::OrdersRead => "ORDERS_READ",
            Permission::OrdersWrite => "ORDERS_WRITE",
            Permission::MembersRead => "MEMBERS_READ",
            Permission::MembersWrite => "MEMBERS_WRITE",
            Permission::ContentRead => "CONTENT_READ",
            Permission::ContentWrite => "CONTENT_WRITE",
            Permission::PromotionsRead => "PROMOTIONS_READ",
            Permission::PromotionsWrite => "PROMOTIONS_WRITE",
            Permission::StatisticsRead => "STATISTICS_READ",
            Permission::StaffRead => "STAFF_READ",
            Permission::StaffWrite => "STAFF_WRITE",
            Permission::StaffSecurity => "STAFF_SECURITY",
            Permission::SettingsRead => "SETTINGS_READ",
            Permission::SettingsWrite => "SETTINGS_WRITE",
            Permission::JobsRead => "JOBS_READ",
            Permission::JobsWrite => "JOBS_WRITE",
        }
    }

    pub fn parse(name: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

/// The staff member behind a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffIdentity {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub session_id: i64,
}

/// The authenticated caller of an Admin API request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// An operator's script holding the configured operator token: every permission.
    Operator,
    /// A signed-in staff member: the permissions of their role, read at every request.
    Staff(StaffIdentity),
    /// A third-party API key: its scopes.
    ApiKey {
        id: i64,
        name: String,
        scopes: Vec<Permission>,
    },
}

impl Identity {
    pub fn can(&self, permission: Permission) -> bool {
        match self {
            Identity::Operator => true,
            Identity::Staff(s) => s.role.permissions().contains(&permission),
            Identity::ApiKey { scopes, .. } => scopes.contains(&permission),
        }
    }

    pub fn permissions(&self) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| self.can(*p))
            .collect()
    }

    pub fn display_name(&self) -> &str {
        match self {
            Identity::Operator => "operator",
            Identity::Staff(s) => &s.name,
            Identity::ApiKey { name, .. } => name,
        }
    }

    /// The audit log's view of this caller, calling from `ip`.
    pub fn actor(&self, ip: Option<String>) -> audit::Actor {
        let (kind, id) = match self {
            Identity::Operator => ("operator", None),
            Identity::Staff(s) => ("staff", Some(s.id)),
            Identity::ApiKey { id, .. } => ("api_key", Some(*id)),
        };
        audit::Actor {
            kind,
            id,
            name: self.display_name().to_owned(),
            ip,
        }
    }

    pub fn staff_id(&self) -> Option<i64> {
        match self {
            Identity::Staff(s) => Some(s.id),
            _ => None,
        }
    }
}

/// Credentials presented with a request were wrong (as opposed to absent).
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(
        "the credentials in the Authorization header are not valid (signed out, expired or revoked)"
    )]
    InvalidCredentials,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Everything sign-in needs, shared by the HTTP layer, the resolvers and the jobs.
pub struct Auth {
    pub clock: Clock,
    pub keys: Keys,
    pub passwords: Arc<Passwords>,
    pub jwt: jwt::AccessTokens,
    pub config: AuthConfig,
    pub operator_token: Option<Secret<String>>,
    /// `public_url` without a trailing slash, for links in emails.
    pub public_url: String,
}

impl Auth {
    pub fn new(config: &Config, clock: Clock) -> Result<Auth, String> {
        let keys = Keys::load(&config.auth, &config.data_dir)?;
        Ok(Auth {
            jwt: jwt::AccessTokens::new(&keys, config.auth.access_token_secs),
            keys,
            clock,
            passwords: Passwords::new(),
            config: config.auth.clone(),
            operator_token: config.admin.operator_token.clone(),
            public_url: config.public_base().to_owned(),
        })
    }

    pub fn throttle_policy(&self) -> throttle::Policy {
        throttle::Policy {
            ip_free_failures: self.config.ip_free_failures,
            max_backoff_secs: self.config.max_backoff_secs,
        }
    }

    /// Resolves the identity for an `Authorization` header value. `Ok(None)` means anonymous.
    pub async fn authenticate(
        &self,
        db: &Db,
        authorization: Option<&str>,
    ) -> Result<Option<Identity>, AuthError> {
        let Some(header) = authorization else {
            return Ok(None);
        };
        let token = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(AuthError::InvalidCredentials)?
            .to_owned();
        let now = self.clock.now();
        if token.starts_with(staff::SESSION_PREFIX) {
            return db
                .run(move |c| staff::authenticate(c, &token, now))
                .await?
                .map(|s| Some(Identity::Staff(s)))
                .ok_or(AuthError::InvalidCredentials);
        }
        if token.starts_with(api_keys::PREFIX) {
            return db
                .run(move |c| api_keys::authenticate(c, &token, now))
                .await?
                .map(|key| {
                    Some(Identity::ApiKey {
                        id: key.id,
                        name: key.name.clone(),
                        scopes: key.scopes(),
                    })
                })
                .ok_or(AuthError::InvalidCredentials);
        }
        match &self.operator_token {
            Some(expected) if bool::from(token.as_bytes().ct_eq(expected.expose().as_bytes())) => {
                Ok(Some(Identity::Operator))
            }
            _ => Err(AuthError::InvalidCredentials),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_names_round_trip() {
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.as_str()), Some(p));
        }
        assert_eq!(Permission::parse("products_read"), None);
    }

    #[test]
    fn the_operator_has_every_permission() {
        assert_eq!(Identity::Operator.permissions(), Permission::ALL.to_vec());
    }

    #[test]
    fn an_api_key_has_its_scopes_only() {
        let key = Identity::ApiKey {
            id: 1,
            name: "erp".into(),
            scopes: vec![Permission::ProductsRead],
        };
        assert!(key.can(Permission::ProductsRead));
        assert!(!key.can(Permission::ProductsWrite));
    }
}
