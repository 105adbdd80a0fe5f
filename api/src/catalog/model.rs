//! Product rows and the catalog's domain values.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::{ChannelId, Money, ProductId};

use crate::db::schema::{product_channel_listings, products};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = products)]
pub struct ProductRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub content_html: String,
    pub status: String,
}

/// Where a product is in its life: only active products are visible in the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductStatus {
    Draft,
    Active,
    Archived,
}

impl ProductStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProductStatus::Draft => "draft",
            ProductStatus::Active => "active",
            ProductStatus::Archived => "archived",
        }
    }

    /// The stored value; the column's CHECK constraint admits only these.
    pub fn parse(s: &str) -> Option<ProductStatus> {
        [
            ProductStatus::Draft,
            ProductStatus::Active,
            ProductStatus::Archived,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = products)]
pub struct NewProduct<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = product_channel_listings)]
pub struct NewListing {
    pub product_id: i64,
    pub channel_id: i64,
    pub price_amount: i64,
    pub published: bool,
}

/// A product as the catalog knows it, independent of channels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: ProductId,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Rich detail content, already cleaned (see `catalog::content`).
    pub content_html: String,
    pub status: ProductStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<ProductRow> for Product {
    fn from(r: ProductRow) -> Self {
        Product {
            id: ProductId(r.id),
            slug: r.slug,
            name: r.name,
            description: r.description,
            content_html: r.content_html,
            status: ProductStatus::parse(&r.status).unwrap_or(ProductStatus::Draft),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A product as one channel's shoppers see it: with that channel's price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopProduct {
    pub product: Product,
    pub price: Money,
}

/// Where a product is sold and for how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelListing {
    pub channel_id: ChannelId,
    pub channel_code: String,
    pub price: Money,
    pub published: bool,
}

/// A product with every channel listing (the Admin API's view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductWithListings {
    pub product: Product,
    pub listings: Vec<ChannelListing>,
}
