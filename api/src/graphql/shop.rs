//! The Shop API schema: what a storefront (ours or a third party's) may ask, always within the
//! request's channel.

use async_graphql::connection::Connection;
use async_graphql::{Context, EmptySubscription, ID, MergedObject, Object, Schema, SchemaBuilder};

use super::catalog::ProductFields;
use super::error::internal;
use super::money::{CurrencyCode, Money};
use super::pagination::{connection, page_request};
use crate::catalog::{ShopProduct, service as catalog};
use crate::channel::Channel;
use crate::config::GraphqlConfig;
use crate::db::Db;

pub type ShopSchema = Schema<ShopQuery, ShopMutation, EmptySubscription>;

pub(super) fn schema_builder(
    config: &GraphqlConfig,
) -> SchemaBuilder<ShopQuery, ShopMutation, EmptySubscription> {
    super::with_limits(
        Schema::build(
            ShopQuery::default(),
            ShopMutation::default(),
            EmptySubscription,
        ),
        config,
    )
}

#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct ShopQuery(CatalogQuery, super::account::AccountQuery);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct ShopMutation(super::account::AccountMutation);

/// Builds the Shop API schema over a database.
pub fn build(db: Db, config: &GraphqlConfig) -> ShopSchema {
    schema_builder(config).data(db).finish()
}

#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// The shop (sales channel) this request is served by.
    async fn shop(&self, ctx: &Context<'_>) -> Shop {
        Shop(ctx.data_unchecked::<Channel>().clone())
    }

    /// Products on sale in this shop, in catalog order.
    #[graphql(complexity = "crate::graphql::pagination::cost(first, child_complexity)")]
    async fn products(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many products to return: 1 to 100, default 20.")] first: Option<i32>,
        #[graphql(desc = "Return products after this cursor (a previous page's `endCursor`).")]
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, Product>> {
        let page = page_request("products", first, after.as_deref())?;
        let channel = ctx.data_unchecked::<Channel>().clone();
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |conn| catalog::list_for_channel(conn, &channel, page))
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

/// A shop: one sales channel with its own name, currency and catalog.
pub struct Shop(Channel);

#[Object]
impl Shop {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Short stable code of the channel (what the `Jangteo-Channel` header selects).
    async fn code(&self) -> &str {
        &self.0.code
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Currency of every price in this shop.
    async fn currency(&self) -> CurrencyCode {
        self.0.currency.into()
    }

    /// Default language of the shop (`ko`, `en`).
    async fn locale(&self) -> &str {
        &self.0.locale
    }

    /// IANA time zone of the shop's dates and schedules.
    async fn time_zone(&self) -> &str {
        &self.0.time_zone
    }
}

/// A product for sale in this shop.
#[derive(MergedObject)]
pub struct Product(ProductFields, ShopProductFields);

impl From<ShopProduct> for Product {
    fn from(p: ShopProduct) -> Self {
        Product(
            ProductFields(p.product),
            ShopProductFields { price: p.price },
        )
    }
}

/// What a product costs in this shop.
pub struct ShopProductFields {
    price: shared::Money,
}

#[Object]
impl ShopProductFields {
    /// Price in this shop's currency.
    async fn price(&self) -> Money {
        Money(self.price)
    }
}
