//! Who is calling.

use async_graphql::{Context, Enum, Object};

use crate::access::Identity;

#[derive(Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// Who is calling, or `null` for an anonymous request. Needs no permission.
    async fn viewer(&self, ctx: &Context<'_>) -> Option<Viewer> {
        ctx.data_opt::<Identity>().map(|i| Viewer(i.clone()))
    }
}

/// The caller of an Admin API request.
pub struct Viewer(Identity);

#[Object]
impl Viewer {
    /// A name to show for the caller.
    async fn name(&self) -> &str {
        self.0.display_name()
    }

    /// What kind of credentials the caller holds.
    async fn kind(&self) -> ViewerKind {
        match &self.0 {
            Identity::Operator => ViewerKind::Operator,
            Identity::Staff(_) => ViewerKind::Staff,
            Identity::ApiKey { .. } => ViewerKind::ApiKey,
        }
    }

    /// The staff member's email address (staff sessions only).
    async fn email(&self) -> Option<&str> {
        match &self.0 {
            Identity::Staff(s) => Some(&s.email),
            _ => None,
        }
    }

    /// The staff member's role (staff sessions only).
    async fn role(&self) -> Option<super::staff::StaffRole> {
        match &self.0 {
            Identity::Staff(s) => Some(s.role.into()),
            _ => None,
        }
    }

    /// What the caller may do.
    async fn permissions(&self) -> Vec<Permission> {
        self.0
            .permissions()
            .into_iter()
            .map(Permission::from)
            .collect()
    }
}

/// The kind of credentials behind a request.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewerKind {
    /// The operator token from the server's configuration.
    Operator,
    /// A signed-in member of staff.
    Staff,
    /// A third-party API key.
    ApiKey,
}

/// One action on one domain, granted to a role or an API key.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::access::Permission")]
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
    /// Reset another staff member's second factor (owners).
    StaffSecurity,
    SettingsRead,
    SettingsWrite,
    JobsRead,
    JobsWrite,
}
