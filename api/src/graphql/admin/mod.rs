//! The Admin API schema: staff operations, one module per domain, merged into one `Query` and
//! one `Mutation`. Every field except `viewer` declares the permission it requires with a guard.

mod catalog;
mod catalog_edit;
mod channels;
mod jobs;
mod media;
mod orders;
pub mod staff;
pub mod viewer;

use std::sync::Arc;

use async_graphql::{EmptySubscription, MergedObject, Schema, SchemaBuilder};

use crate::config::{Config, GraphqlConfig};
use crate::db::Db;
use crate::notify::Notifier;

pub type AdminSchema = Schema<AdminQuery, AdminMutation, EmptySubscription>;

#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct AdminQuery(
    viewer::ViewerQuery,
    channels::ChannelQuery,
    catalog::CatalogQuery,
    catalog_edit::CatalogCsvQuery,
    jobs::JobQuery,
    media::MediaQuery,
    orders::OrderQuery,
    staff::StaffQuery,
);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct AdminMutation(
    channels::ChannelMutation,
    catalog::CatalogMutation,
    catalog_edit::CatalogEditMutation,
    catalog_edit::CatalogCsvMutation,
    jobs::JobMutation,
    media::MediaMutation,
    orders::OrderMutation,
    staff::StaffMutation,
);

/// Fields anyone may call: who am I, and the steps of signing in. Every other root field
/// declares a permission (the permission-walk test checks exactly this).
pub const PUBLIC_FIELDS: &[&str] = &[
    "viewer",
    "staffLogin",
    "staffLoginVerify",
    "staffPasswordSet",
    "staffLogout",
];

pub(in crate::graphql) fn schema_builder(
    config: &GraphqlConfig,
) -> SchemaBuilder<AdminQuery, AdminMutation, EmptySubscription> {
    super::with_limits(
        Schema::build(
            AdminQuery::default(),
            AdminMutation::default(),
            EmptySubscription,
        ),
        config,
    )
}

/// Builds the Admin API schema over a database.
pub fn build(
    db: Db,
    notifier: Arc<Notifier>,
    media: Arc<crate::media::MediaStore>,
    payments: Arc<crate::payment::Payments>,
    config: &Config,
) -> AdminSchema {
    schema_builder(&config.graphql)
        .data(db)
        .data(payments)
        .data(notifier)
        .data(media)
        .data(config.jobs.clone())
        .data(PublicUrl(config.public_base().to_owned()))
        .finish()
}

/// Where people reach this installation, for links the Admin API writes into messages.
pub(crate) struct PublicUrl(pub String);

/// The caller of this request as the audit log records it.
pub(crate) fn actor(ctx: &async_graphql::Context<'_>) -> crate::access::audit::Actor {
    let ip = ctx
        .data_opt::<crate::http::graphql::ClientIp>()
        .and_then(|c| c.0.clone());
    match ctx.data_opt::<crate::access::Identity>() {
        Some(identity) => identity.actor(ip),
        None => crate::access::audit::Actor {
            kind: "system",
            id: None,
            name: "anonymous".into(),
            ip,
        },
    }
}
