//! Product rows and the catalog's domain values.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::{CategoryId, ChannelId, CollectionId, Money, ProductId, VariantId};

use crate::db::schema::{
    categories, collections, product_channel_listings, product_variants, products,
};

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
    pub option_names: String,
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
    /// Names of the product's options, in order (e.g. `["맛", "구성"]`); empty for a product
    /// with a single variant.
    pub option_names: Vec<String>,
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
            option_names: serde_json::from_str(&r.option_names).unwrap_or_default(),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
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
    pub variants: Vec<Variant>,
    pub category_ids: Vec<CategoryId>,
    pub images: Vec<crate::media::Media>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = product_variants)]
pub struct VariantRow {
    pub id: i64,
    pub product_id: i64,
    pub sku: String,
    pub option_values: String,
    pub position: i32,
    pub weight_grams: Option<i32>,
    pub stock_quantity: i64,
    pub sell_when_out_of_stock: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub image_id: Option<i64>,
}

/// Below this many units a variant shows as `LOW_STOCK`.
pub const LOW_STOCK_THRESHOLD: i64 = 5;

/// What a shopper may know of a variant's stock: never the count itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    InStock,
    /// In stock, but only a few units.
    LowStock,
    /// Out of stock and still sold: shipped when restocked.
    Backorder,
    OutOfStock,
}

impl Availability {
    pub fn of(stock: i64, sell_when_out_of_stock: bool) -> Availability {
        match stock {
            s if s > LOW_STOCK_THRESHOLD => Availability::InStock,
            s if s > 0 => Availability::LowStock,
            _ if sell_when_out_of_stock => Availability::Backorder,
            _ => Availability::OutOfStock,
        }
    }

    pub fn purchasable(self) -> bool {
        self != Availability::OutOfStock
    }
}

/// A variant's price in one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantPrice {
    pub channel_id: ChannelId,
    pub price: Money,
    /// The "was" price, always above `price` when set.
    pub compare_at: Option<Money>,
}

/// A variant as staff see it: stock count and prices in every channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub id: VariantId,
    pub product_id: ProductId,
    pub sku: String,
    pub option_values: Vec<String>,
    pub position: i32,
    pub weight_grams: Option<i32>,
    pub stock_quantity: i64,
    pub sell_when_out_of_stock: bool,
    pub prices: Vec<VariantPrice>,
    pub image: Option<shared::MediaId>,
}

impl Variant {
    pub fn from_row(r: VariantRow, prices: Vec<VariantPrice>) -> Variant {
        Variant {
            id: VariantId(r.id),
            product_id: ProductId(r.product_id),
            sku: r.sku,
            option_values: serde_json::from_str(&r.option_values).unwrap_or_default(),
            position: r.position,
            weight_grams: r.weight_grams,
            stock_quantity: r.stock_quantity,
            sell_when_out_of_stock: r.sell_when_out_of_stock,
            image: r.image_id.map(shared::MediaId),
            prices,
        }
    }
}

/// A variant as one channel's shoppers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopVariant {
    pub id: VariantId,
    pub sku: String,
    pub option_values: Vec<String>,
    pub weight_grams: Option<i32>,
    pub price: Money,
    pub compare_at: Option<Money>,
    pub availability: Availability,
    pub image: Option<shared::MediaId>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = categories)]
pub struct CategoryRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub position: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A node of the category tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: CategoryId,
    pub parent_id: Option<CategoryId>,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub position: i32,
    pub updated_at: NaiveDateTime,
}

impl From<CategoryRow> for Category {
    fn from(r: CategoryRow) -> Self {
        Category {
            id: CategoryId(r.id),
            parent_id: r.parent_id.map(CategoryId),
            slug: r.slug,
            name: r.name,
            description: r.description,
            position: r.position,
            updated_at: r.updated_at,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = collections)]
pub struct CollectionRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub featured: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A manually ordered group of products.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    pub id: CollectionId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub featured: bool,
    pub updated_at: NaiveDateTime,
}

impl From<CollectionRow> for Collection {
    fn from(r: CollectionRow) -> Self {
        Collection {
            id: CollectionId(r.id),
            slug: r.slug,
            name: r.name,
            description: r.description,
            featured: r.featured,
            updated_at: r.updated_at,
        }
    }
}

/// A product in one channel's listing: its lowest price there and whether any variant can be
/// bought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopListItem {
    pub product: Product,
    /// The lowest variant price in the channel.
    pub price: Money,
    /// The compare-at price of the variant with the lowest price, if it has one.
    pub compare_at: Option<Money>,
    /// Whether at least one variant can be bought.
    pub available: bool,
    /// The variants priced in the channel, in order.
    pub variants: Vec<ShopVariant>,
    pub categories: Vec<Category>,
    /// Images in display order; the first is the thumbnail.
    pub images: Vec<crate::media::Media>,
}
