//! Field guards: every Admin API field states the permission it needs,
//! `#[graphql(guard = "Require(Permission::ProductsRead)")]`, and this is the only check.

use async_graphql::{Context, ErrorExtensions, Guard};

use super::error::codes;
use crate::access::{Identity, Permission};

pub struct Require(pub Permission);

impl Guard for Require {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        match ctx.data_opt::<Identity>() {
            None => Err(async_graphql::Error::new(
                "Authentication required: send `Authorization: Bearer <token>`",
            )
            .extend_with(|_, e| e.set("code", codes::UNAUTHENTICATED))),
            Some(identity) if identity.can(self.0) => Ok(()),
            Some(_) => {
                let needed = format!("{:?}", self.0);
                Err(
                    async_graphql::Error::new(format!("This requires the {needed} permission"))
                        .extend_with(move |_, e| {
                            e.set("code", codes::FORBIDDEN);
                            e.set("permission", needed.as_str());
                        }),
                )
            }
        }
    }
}
