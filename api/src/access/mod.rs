//! Who is calling the Admin API and what they may do.
//!
//! Every Admin API field declares the [`Permission`] it requires (see `graphql::guard`); an
//! [`Identity`] is resolved once per request from its credentials. Today the only identity is
//! the operator token from configuration; staff sessions and API keys join as further variants.

use subtle::ConstantTimeEq;

use crate::config::AdminConfig;

/// One action on one domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    SettingsRead,
    SettingsWrite,
    ProductsRead,
    ProductsWrite,
    /// See background jobs and schedules.
    JobsRead,
    /// Retry or discard jobs.
    JobsWrite,
}

impl Permission {
    pub const ALL: [Permission; 6] = [
        Permission::SettingsRead,
        Permission::SettingsWrite,
        Permission::ProductsRead,
        Permission::ProductsWrite,
        Permission::JobsRead,
        Permission::JobsWrite,
    ];
}

/// The authenticated caller of an Admin API request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// An operator's script holding the configured operator token: every permission.
    Operator,
}

impl Identity {
    pub fn can(&self, permission: Permission) -> bool {
        match self {
            Identity::Operator => Permission::ALL.contains(&permission),
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
        }
    }
}

/// Credentials presented with a request were wrong (as opposed to absent).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the credentials in the Authorization header are not valid")]
pub struct InvalidCredentials;

/// Resolves the identity for an `Authorization` header value. `Ok(None)` means anonymous.
pub fn authenticate(
    authorization: Option<&str>,
    config: &AdminConfig,
) -> Result<Option<Identity>, InvalidCredentials> {
    let Some(header) = authorization else {
        return Ok(None);
    };
    let token = header
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(InvalidCredentials)?;
    match &config.operator_token {
        Some(expected) if bool::from(token.as_bytes().ct_eq(expected.expose().as_bytes())) => {
            Ok(Some(Identity::Operator))
        }
        _ => Err(InvalidCredentials),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    fn config(token: Option<&str>) -> AdminConfig {
        AdminConfig {
            operator_token: token.map(|t| Secret::new(t.to_owned())),
        }
    }

    #[test]
    fn anonymous_without_a_header() {
        assert_eq!(authenticate(None, &config(Some("t"))), Ok(None));
    }

    #[test]
    fn the_operator_token_grants_every_permission() {
        let id = authenticate(Some("Bearer op-token"), &config(Some("op-token")))
            .unwrap()
            .unwrap();
        assert!(Permission::ALL.iter().all(|p| id.can(*p)));
    }

    #[test]
    fn wrong_or_malformed_credentials_are_refused() {
        let cfg = config(Some("op-token"));
        for header in [
            "Bearer op-tokeN",
            "Bearer ",
            "op-token",
            "Basic b3A6dG9rZW4=",
            "Bearer op-token2",
        ] {
            assert_eq!(
                authenticate(Some(header), &cfg),
                Err(InvalidCredentials),
                "{header}"
            );
        }
        // No operator token configured: no bearer token is accepted.
        assert_eq!(
            authenticate(Some("Bearer "), &config(None)),
            Err(InvalidCredentials)
        );
        assert_eq!(
            authenticate(Some("Bearer x"), &config(None)),
            Err(InvalidCredentials)
        );
    }
}
