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

/// A product with its listing in every channel.
#[derive(MergedObject)]
pub struct Product(ProductFields, ProductListings);

impl From<ProductWithListings> for Product {
    fn from(p: ProductWithListings) -> Self {
        Product(ProductFields(p.product), ProductListings(p.listings))
    }
}

/// Where a product is sold.
pub struct ProductListings(Vec<crate::catalog::ChannelListing>);

#[Object]
impl ProductListings {
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
