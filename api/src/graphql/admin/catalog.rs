//! The catalog for staff: every product with its listings.

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, MergedObject, Object, SimpleObject};

use crate::access::Permission as Perm;
use crate::catalog::model::ProductWithListings;
use crate::catalog::service as catalog;
use crate::catalog::taxonomy;
use crate::db::Db;
use crate::graphql::catalog::{Category, CollectionFields, ProductFields};
use crate::graphql::error::internal;
use crate::graphql::guard::Require;
use crate::graphql::money::Money;
use crate::graphql::pagination::{connection, page_request};

#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// Every product, in catalog order, with its listing in each channel.
    #[graphql(
        guard = "Require(Perm::ProductsRead)",
        complexity = "crate::graphql::pagination::cost(first, child_complexity)"
    )]
    async fn products(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many products to return: 1 to 100, default 20.")] first: Option<i32>,
        #[graphql(desc = "Return products after this cursor (a previous page's `endCursor`).")]
        after: Option<String>,
        #[graphql(desc = "Text in the name, slug or a variant's SKU.")] search: Option<String>,
        status: Option<ProductStatus>,
    ) -> async_graphql::Result<Connection<String, Product>> {
        let page = page_request("products", first, after.as_deref())?;
        let filter = catalog::AdminFilter {
            search,
            status: status.map(Into::into),
        };
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |conn| catalog::list_all(conn, page, &filter))
            .await;
        let result = match result {
            Ok(r) => r,
            Err(crate::catalog::CatalogError::Invalid(v)) => {
                let v = v.into_iter().next();
                return Err(crate::graphql::error::bad_input(
                    "search",
                    v.map(|v| v.message).unwrap_or_default(),
                ));
            }
            Err(e) => return Err(internal(ctx, &e)),
        };
        Ok(connection(
            "products",
            page,
            result,
            |p| p.product.id.key(),
            Product::from,
        ))
    }

    /// One product with everything staff edit.
    #[graphql(guard = "Require(Perm::ProductsRead)")]
    async fn product(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Product>> {
        let Ok(id) = id.parse::<shared::ProductId>() else {
            return Ok(None);
        };
        match ctx
            .data_unchecked::<Db>()
            .run(move |conn| catalog::get_with_listings(conn, id))
            .await
        {
            Ok(p) => Ok(Some(p.into())),
            Err(crate::catalog::CatalogError::NotFound) => Ok(None),
            Err(e) => Err(internal(ctx, &e)),
        }
    }

    /// The channels a product can be listed in (what catalog editors need of the channel
    /// settings).
    #[graphql(guard = "Require(Perm::ProductsRead)")]
    async fn sales_channels(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SalesChannel>> {
        ctx.data_unchecked::<Db>()
            .run(crate::channel::service::list)
            .await
            .map(|list| {
                list.into_iter()
                    .map(|c| SalesChannel {
                        id: ID(c.channel.id.to_string()),
                        code: c.channel.code,
                        name: c.channel.name,
                        currency: c.channel.currency.into(),
                    })
                    .collect()
            })
            .map_err(|e| internal(ctx, &e))
    }

    /// The whole category tree, as a flat list in display order.
    #[graphql(guard = "Require(Perm::ProductsRead)")]
    async fn categories(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Category>> {
        ctx.data_unchecked::<Db>()
            .run(taxonomy::categories)
            .await
            .map(|c| c.into_iter().map(Category).collect())
            .map_err(|e| internal(ctx, &e))
    }

    /// Every collection, featured ones first.
    #[graphql(guard = "Require(Perm::ProductsRead)")]
    async fn collections(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Collection>> {
        ctx.data_unchecked::<Db>()
            .run(|conn| taxonomy::collections(conn, false))
            .await
            .map(|c| c.into_iter().map(Collection::from).collect())
            .map_err(|e| internal(ctx, &e))
    }
}

#[derive(Default)]
pub struct CatalogMutation;

/// Where a product is in its life; only `ACTIVE` products are visible in the shop.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::catalog::ProductStatus")]
pub enum ProductStatus {
    /// Being prepared; not in the shop.
    Draft,
    /// On sale in the channels where it is published.
    Active,
    /// No longer sold; kept for order history.
    Archived,
}

/// Result of `productStatusUpdate`.
#[derive(SimpleObject)]
pub struct ProductStatusUpdatePayload {
    /// The products after the change (in the order given); empty when `userErrors` is not.
    products: Vec<Product>,
    user_errors: Vec<crate::graphql::error::UserError>,
}

/// Result of `productContentUpdate`.
#[derive(SimpleObject)]
pub struct ProductContentUpdatePayload {
    product: Option<Product>,
    user_errors: Vec<crate::graphql::error::UserError>,
}

#[Object]
impl CatalogMutation {
    /// Sets the status of up to 100 products at once; an unknown product changes none.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn product_status_update(
        &self,
        ctx: &Context<'_>,
        ids: Vec<ID>,
        status: ProductStatus,
    ) -> async_graphql::Result<ProductStatusUpdatePayload> {
        use crate::graphql::error::{UserError, UserErrorCode};
        let mut parsed = Vec::with_capacity(ids.len());
        let mut errors = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            match id.parse::<shared::ProductId>() {
                Ok(id) => parsed.push(id),
                Err(e) => errors.push(UserError::new(
                    &["ids", &i.to_string()],
                    UserErrorCode::Invalid,
                    e.to_string(),
                )),
            }
        }
        if !errors.is_empty() {
            return Ok(ProductStatusUpdatePayload {
                products: vec![],
                user_errors: errors,
            });
        }
        let actor = super::actor(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| {
                catalog::set_status(c, &parsed, status.into(), &actor)?;
                catalog::get_many_with_listings(c, &parsed)
            })
            .await;
        match result {
            Ok(products) => Ok(ProductStatusUpdatePayload {
                products: products.into_iter().map(Product::from).collect(),
                user_errors: vec![],
            }),
            Err(crate::catalog::CatalogError::Invalid(v)) => Ok(ProductStatusUpdatePayload {
                products: vec![],
                user_errors: v
                    .into_iter()
                    .map(|v| UserError::from_violation("", v))
                    .collect(),
            }),
            Err(e) => Err(internal(ctx, &e)),
        }
    }

    /// Replaces a product's rich detail content. The HTML is cleaned on save by an allow-list
    /// (see `contentHtml`); what is stored and returned is the cleaned HTML.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn product_content_update(
        &self,
        ctx: &Context<'_>,
        id: ID,
        html: String,
    ) -> async_graphql::Result<ProductContentUpdatePayload> {
        use crate::graphql::error::{UserError, UserErrorCode};
        let failed = |errors| ProductContentUpdatePayload {
            product: None,
            user_errors: errors,
        };
        let id: shared::ProductId = match id.parse() {
            Ok(id) => id,
            Err(e) => {
                return Ok(failed(vec![UserError::new(
                    &["id"],
                    UserErrorCode::Invalid,
                    format!("{e}"),
                )]));
            }
        };
        let actor = super::actor(ctx);
        let policy = content_policy(ctx);
        let db = ctx.data_unchecked::<Db>();
        let result = db
            .run(move |c| {
                catalog::update_content(c, id, &html, &policy, &actor)?;
                catalog::get_with_listings(c, id)
            })
            .await;
        match result {
            Ok(product) => Ok(ProductContentUpdatePayload {
                product: Some(product.into()),
                user_errors: vec![],
            }),
            Err(crate::catalog::CatalogError::NotFound) => Ok(failed(vec![UserError::new(
                &["id"],
                UserErrorCode::NotFound,
                format!("there is no product {id}"),
            )])),
            Err(crate::catalog::CatalogError::Invalid(v)) => Ok(failed(
                v.into_iter()
                    .map(|v| UserError::from_violation("", v))
                    .collect(),
            )),
            Err(e @ crate::catalog::CatalogError::Internal(_)) => Err(internal(ctx, &e)),
        }
    }
}

/// A product with its listing in every channel.
#[derive(MergedObject)]
pub struct Product(ProductFields, ProductListings);

impl From<ProductWithListings> for Product {
    fn from(p: ProductWithListings) -> Self {
        let status = p.product.status;
        Product(
            ProductFields(p.product),
            ProductListings(p.listings, status, p.variants, p.category_ids, p.images),
        )
    }
}

/// Where a product is sold.
pub struct ProductListings(
    Vec<crate::catalog::ChannelListing>,
    crate::catalog::ProductStatus,
    Vec<crate::catalog::model::Variant>,
    Vec<shared::CategoryId>,
    Vec<crate::media::Media>,
);

#[Object]
impl ProductListings {
    /// Whether the product is a draft, on sale or archived.
    async fn status(&self) -> ProductStatus {
        self.1.into()
    }

    /// Every variant with its stock count and prices.
    async fn variants(&self) -> Vec<ProductVariant> {
        self.2.iter().cloned().map(ProductVariant).collect()
    }

    /// Images in display order; the first is the thumbnail.
    async fn images(&self) -> Vec<crate::graphql::catalog::Image> {
        self.4
            .iter()
            .cloned()
            .map(crate::graphql::catalog::Image)
            .collect()
    }

    /// The categories the product is in.
    async fn category_ids(&self) -> Vec<ID> {
        self.3.iter().map(|c| ID(c.to_string())).collect()
    }

    /// Where the product is sold and at its lowest variant price there.
    async fn channel_listings(&self) -> Vec<ChannelListing> {
        self.0
            .iter()
            .map(|l| ChannelListing {
                channel_id: ID(l.channel_id.to_string()),
                channel_code: l.channel_code.clone(),
                price: Money(l.price),
                published: l.published,
            })
            .collect()
    }
}

/// A product's availability and price in one channel.
#[derive(SimpleObject)]
pub struct ChannelListing {
    channel_id: ID,
    channel_code: String,
    /// Price in the channel's currency.
    price: Money,
    /// Whether shoppers of the channel see the product.
    published: bool,
}

/// A variant as staff see it.
pub struct ProductVariant(crate::catalog::model::Variant);

#[Object]
impl ProductVariant {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn sku(&self) -> &str {
        &self.0.sku
    }

    /// One value per product option, in the product's `options` order.
    async fn option_values(&self) -> &[String] {
        &self.0.option_values
    }

    async fn weight_grams(&self) -> Option<i32> {
        self.0.weight_grams
    }

    /// Units on hand.
    async fn stock(&self) -> i64 {
        self.0.stock_quantity
    }

    /// The product image shown for this variant.
    async fn image_id(&self) -> Option<ID> {
        self.0.image.map(|m| ID(m.to_string()))
    }

    /// Whether shoppers may still buy it when out of stock (backorder).
    async fn sell_when_out_of_stock(&self) -> bool {
        self.0.sell_when_out_of_stock
    }

    /// The variant's price in each channel where the product is listed.
    async fn prices(&self) -> Vec<VariantPrice> {
        self.0
            .prices
            .iter()
            .map(|p| VariantPrice {
                channel_id: ID(p.channel_id.to_string()),
                price: Money(p.price),
                compare_at_price: p.compare_at.map(Money),
            })
            .collect()
    }
}

/// A variant's price in one channel.
#[derive(SimpleObject)]
pub struct VariantPrice {
    channel_id: ID,
    price: Money,
    /// The "was" price, above `price`.
    compare_at_price: Option<Money>,
}

/// A collection with its products, for staff.
#[derive(MergedObject)]
pub struct Collection(CollectionFields, CollectionContent);

pub struct CollectionContent(shared::CollectionId);

#[Object]
impl CollectionContent {
    /// The collection's products in its order (one query per collection: ask for it on one
    /// collection, not a long list).
    async fn product_ids(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ID>> {
        let id = self.0;
        ctx.data_unchecked::<Db>()
            .run(move |conn| taxonomy::collection_product_ids(conn, id))
            .await
            .map(|ids| ids.into_iter().map(|p| ID(p.to_string())).collect())
            .map_err(|e| internal(ctx, &e))
    }
}

impl From<crate::catalog::model::Collection> for Collection {
    fn from(c: crate::catalog::model::Collection) -> Self {
        let id = c.id;
        Collection(CollectionFields(c), CollectionContent(id))
    }
}

/// A sales channel as the catalog sees it.
#[derive(SimpleObject)]
pub struct SalesChannel {
    id: ID,
    code: String,
    name: String,
    currency: crate::graphql::money::CurrencyCode,
}

/// What rich text staff write may hold: images from the media library, wherever its files are
/// served.
pub(super) fn content_policy(ctx: &Context<'_>) -> crate::catalog::content::ContentPolicy {
    let store = ctx.data_unchecked::<std::sync::Arc<crate::media::MediaStore>>();
    let mut policy = crate::catalog::content::ContentPolicy::default();
    let base = format!("{}/", store.storage.url("").trim_end_matches('/'));
    if !policy.image_prefixes.contains(&base) {
        policy.image_prefixes.push(base);
    }
    policy
}
