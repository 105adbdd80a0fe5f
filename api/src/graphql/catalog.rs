//! Catalog types both APIs share. Each API's `Product` merges these common fields with its own
//! (the shop's price in its channel, or staff's per-channel listings), so the shared fields are
//! written once and stay identical in both schemas.

use async_graphql::{ID, Object};

use crate::catalog;

/// The fields of a product that every API shows.
pub struct ProductFields(pub catalog::Product);

#[Object]
impl ProductFields {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// URL-safe unique name, stable over time.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    /// Rich detail content as HTML, cleaned on save by an allow-list (no scripts, event handlers,
    /// frames or foreign images; inline styles only `text-align`): safe to insert as HTML.
    async fn content_html(&self) -> &str {
        &self.0.content_html
    }
}
