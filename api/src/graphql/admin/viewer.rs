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

    /// What the caller may do.
    async fn permissions(&self) -> Vec<Permission> {
        self.0
            .permissions()
            .into_iter()
            .map(Permission::from)
            .collect()
    }
}

/// One action on one domain, granted to a role or an API key.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::access::Permission")]
pub enum Permission {
    SettingsRead,
    SettingsWrite,
    ProductsRead,
    ProductsWrite,
    JobsRead,
    JobsWrite,
}
