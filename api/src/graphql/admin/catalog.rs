//! The catalog for staff: every product with its listings.

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, MergedObject, Object, SimpleObject};

use crate::access::Permission as Perm;
use crate::catalog::model::ProductWithListings;
use crate::catalog::service as catalog;
use crate::db::Db;
use crate::graphql::catalog::ProductFields;
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
    ) -> async_graphql::Result<Connection<String, Product>> {
        let page = page_request("products", first, after.as_deref())?;
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |conn| catalog::list_all(conn, page))
            .await
            .map_err(|e| internal(ctx, &e))?;
        Ok(connection(
            "products",
            page,
            result,
            |p| p.product.id.key(),
            Product::from,
        ))
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
        let policy = crate::catalog::content::ContentPolicy::default();
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
            ProductListings(p.listings, status),
        )
    }
}

/// Where a product is sold.
pub struct ProductListings(
    Vec<crate::catalog::ChannelListing>,
    crate::catalog::ProductStatus,
);

#[Object]
impl ProductListings {
    /// Whether the product is a draft, on sale or archived.
    async fn status(&self) -> ProductStatus {
        self.1.into()
    }

    /// Where the product is sold and at what price.
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
