//! The GraphQL APIs: the public **Shop API** (`/graphql`, what storefronts use) and the staff
//! **Admin API** (`/admin-api/graphql`), two separate schemas so the Shop API's introspection never
//! shows a staff operation. Resolvers parse arguments, call one domain service through
//! [`Db::run`](crate::db::Db::run) and map the result; they hold no business rules.

pub mod account;
pub mod admin;
pub mod cart;
pub mod catalog;
pub mod error;
pub mod guard;
pub mod limits;
pub mod money;
pub mod order;
pub mod pagination;
pub mod policy;
pub mod seller;
pub mod shop;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute};
use async_graphql::{ObjectType, SchemaBuilder, SubscriptionType};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::config::GraphqlConfig;

pub use admin::AdminSchema;
pub use shop::ShopSchema;

/// Limits shared by both schemas. The HTTP layer applies `max_depth` to data selections itself
/// ([`limits::data_depth`]); async-graphql's depth limit stays high enough for introspection.
fn with_limits<Q, M, S>(
    builder: SchemaBuilder<Q, M, S>,
    config: &GraphqlConfig,
) -> SchemaBuilder<Q, M, S>
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    builder
        .limit_depth(config.max_depth.max(limits::INTROSPECTION_DEPTH))
        .limit_complexity(config.max_complexity)
        .limit_recursive_depth(32)
        .limit_directives(10)
        .extension(ExecutionMarker)
}

/// Set on a request once its document has parsed and validated and execution begins. The HTTP
/// layer uses it to tell request errors (no `data`) from field errors (partial `data`).
#[derive(Clone, Default)]
pub struct ExecutionStarted(Arc<AtomicBool>);

impl ExecutionStarted {
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

struct ExecutionMarker;

impl ExtensionFactory for ExecutionMarker {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ExecutionMarkerExtension)
    }
}

struct ExecutionMarkerExtension;

#[async_graphql::async_trait::async_trait]
impl Extension for ExecutionMarkerExtension {
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> async_graphql::Response {
        if let Some(flag) = ctx.data_opt::<ExecutionStarted>() {
            flag.0.store(true, Ordering::Release);
        }
        next.run(ctx, operation_name).await
    }
}

/// Both schemas' SDL, as committed under `schema/`.
pub fn sdl(api: ApiKind) -> String {
    let config = GraphqlConfig::default();
    match api {
        ApiKind::Shop => shop::schema_builder(&config).finish().sdl(),
        ApiKind::Admin => admin::schema_builder(&config).finish().sdl(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKind {
    Shop,
    Admin,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed SDL is the API's contract with storefronts, the admin (whose operations
    /// `shared/tests/client_schema.rs` checks against it) and third-party developers: any change
    /// must be deliberate.
    #[test]
    fn committed_sdl_matches_the_schemas() {
        for (kind, file) in [
            (ApiKind::Shop, "shop.graphql"),
            (ApiKind::Admin, "admin.graphql"),
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../schema")
                .join(file);
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == sdl(kind),
                "schema/{file} is out of date with the code; review the API change, then run \
                 `cargo xtask sdl` and commit the result"
            );
        }
    }

    #[test]
    fn the_shop_api_exposes_no_staff_operations() {
        let shop = sdl(ApiKind::Shop);
        for staff_only in [
            "staffLogin",
            "apiKeyCreate",
            "auditLog",
            "channelUpdate",
            "viewer",
            "Permission",
            "channelListings",
        ] {
            assert!(
                !shop.contains(staff_only),
                "Shop API SDL contains {staff_only}"
            );
        }
    }
}
