//! The Shop API schema: what a storefront (ours or a third party's) may ask, always within the
//! request's channel.

use async_graphql::connection::Connection;
use async_graphql::{Context, EmptySubscription, ID, MergedObject, Object, Schema, SchemaBuilder};

use super::catalog::{Category, CollectionFields, Image, ProductFields};
use super::error::internal;
use super::money::{CurrencyCode, MinorUnits, Money};
use super::pagination::{text_connection, text_page};
use crate::catalog::browse::{self, BrowseFilter, BrowseRequest};
use crate::catalog::{CatalogError, ShopListItem, taxonomy};
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
pub struct ShopQuery(
    CatalogQuery,
    super::account::AccountQuery,
    super::cart::CartQuery,
);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct ShopMutation(super::account::AccountMutation, super::cart::CartMutation);

/// Builds the Shop API schema over a database.
pub fn build(
    db: Db,
    media: std::sync::Arc<crate::media::MediaStore>,
    payments: std::sync::Arc<crate::payment::Payments>,
    config: &GraphqlConfig,
    postcode: &crate::config::PostcodeConfig,
) -> ShopSchema {
    schema_builder(config)
        .data(db)
        .data(media)
        .data(payments)
        .data(PostcodeScript(postcode.script_url.clone()))
        .finish()
}

/// The postal-code search's script ([`crate::config::PostcodeConfig::script_url`]).
struct PostcodeScript(String);

/// The postal-code search a shop's checkout offers: Kakao's postcode service
/// (`new kakao.Postcode({ oncomplete }).embed(element)`), allowed by the storefront's
/// Content-Security-Policy.
#[derive(async_graphql::SimpleObject)]
pub struct AddressSearch {
    /// The service's script, loaded when the shopper opens the search.
    script_url: String,
}

#[derive(Default)]
pub struct CatalogQuery;

/// The order of a product listing.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::catalog::browse::ProductSort")]
pub enum ProductSort {
    /// Most recently added first (the default without a collection).
    Newest,
    /// Cheapest first (by each product's lowest variant price).
    PriceAsc,
    /// Most expensive first.
    PriceDesc,
    /// By name, in the database's order (SQLite: code points, so A–Z before 가나다;
    /// PostgreSQL: the database's collation).
    NameAsc,
    /// The collection's own order (the default with a collection filter; only with one).
    Manual,
}

/// Which products to list; every field narrows the list.
#[derive(async_graphql::InputObject, Default)]
pub struct ProductFilter {
    /// A category's slug: its products and those of every category below it.
    category: Option<String>,
    /// A collection's slug.
    collection: Option<String>,
    /// Words that must all appear in the product's name, in any order (Korean works as typed;
    /// case does not matter).
    search: Option<String>,
    /// Lowest price (the product's lowest variant price), inclusive.
    min_price: Option<MinorUnits>,
    /// Highest price, inclusive.
    max_price: Option<MinorUnits>,
    /// Only products with a variant that can be bought now.
    #[graphql(default)]
    in_stock: bool,
}

#[Object]
impl CatalogQuery {
    /// The shop (sales channel) this request is served by.
    async fn shop(&self, ctx: &Context<'_>) -> Shop {
        Shop(ctx.data_unchecked::<Channel>().clone())
    }

    /// Products on sale in this shop: by category, collection or search, filtered and sorted.
    /// An unknown category or collection, or a bad filter, is a `BAD_USER_INPUT` error whose
    /// `extensions.field` names the argument.
    #[graphql(complexity = "crate::graphql::pagination::cost(first, child_complexity)")]
    async fn products(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many products to return: 1 to 100, default 20.")] first: Option<i32>,
        #[graphql(desc = "Return products after this cursor (a previous page's `endCursor`).")]
        after: Option<String>,
        filter: Option<ProductFilter>,
        #[graphql(desc = "Default: `MANUAL` with a collection filter, else `NEWEST`.")]
        sort: Option<ProductSort>,
    ) -> async_graphql::Result<Connection<String, Product>> {
        let (limit, after) = text_page("products", first, after.as_deref())?;
        let has_previous = after.is_some();
        let filter = filter.unwrap_or_default();
        let request = BrowseRequest {
            filter: BrowseFilter {
                category: filter.category,
                collection: filter.collection,
                search: filter.search,
                min_price: filter.min_price.map(|m| m.0),
                max_price: filter.max_price.map(|m| m.0),
                in_stock: filter.in_stock,
            },
            sort: sort.map(Into::into),
            after,
            limit,
        };
        let channel = ctx.data_unchecked::<Channel>().clone();
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |conn| browse::browse(conn, &channel, &request))
            .await;
        match result {
            Ok(page) => Ok(text_connection(
                "products",
                has_previous,
                page,
                Product::from,
            )),
            Err(CatalogError::Invalid(v)) => Err(violation_error(v)),
            Err(e) => Err(internal(ctx, &e)),
        }
    }

    /// The product with this slug, if it is on sale in this shop.
    async fn product(
        &self,
        ctx: &Context<'_>,
        slug: String,
    ) -> async_graphql::Result<Option<Product>> {
        let channel = ctx.data_unchecked::<Channel>().clone();
        ctx.data_unchecked::<Db>()
            .run(move |conn| browse::product_by_slug(conn, &channel, &slug))
            .await
            .map(|p| p.map(Product::from))
            .map_err(|e| internal(ctx, &e))
    }

    /// The whole category tree, as a flat list in display order (build the tree from
    /// `parentId`).
    async fn categories(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Category>> {
        ctx.data_unchecked::<Db>()
            .run(taxonomy::categories)
            .await
            .map(|c| c.into_iter().map(Category).collect())
            .map_err(|e| internal(ctx, &e))
    }

    /// Collections (seasonal or event groupings); `featured: true` for the home page's.
    async fn collections(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] featured: bool,
    ) -> async_graphql::Result<Vec<Collection>> {
        ctx.data_unchecked::<Db>()
            .run(move |conn| taxonomy::collections(conn, featured))
            .await
            .map(|c| {
                c.into_iter()
                    .map(|c| Collection(CollectionFields(c)))
                    .collect()
            })
            .map_err(|e| internal(ctx, &e))
    }
}

/// A group of products in a manual order. Its products: `products(filter: { collection: slug })`.
#[derive(MergedObject)]
pub struct Collection(CollectionFields);

/// A query argument that broke a rule, as a `BAD_USER_INPUT` error naming its field.
fn violation_error(v: Vec<crate::validation::Violation>) -> async_graphql::Error {
    let first = v.into_iter().next();
    match first {
        Some(v) => super::error::bad_input(&v.field.join("."), v.message),
        None => super::error::bad_input("", "invalid input"),
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

    /// The flat shipping fee of an order.
    async fn shipping_fee(&self) -> Money {
        Money(self.0.shipping.fee)
    }

    /// Orders whose subtotal reaches this ship free; `null` when shipping is never free.
    async fn free_shipping_threshold(&self) -> Option<Money> {
        self.0.shipping.free_from.map(Money)
    }

    /// Who sells here: the business details every page's footer and the order emails show.
    async fn seller(&self, ctx: &Context<'_>) -> async_graphql::Result<super::seller::Seller> {
        super::seller::load(ctx, self.0.id.key()).await
    }

    /// The postal-code search checkout offers; `null` when the shop turned it off (addresses
    /// are then typed).
    async fn address_search(&self, ctx: &Context<'_>) -> Option<AddressSearch> {
        self.0.address_search.then(|| AddressSearch {
            script_url: ctx
                .data_opt::<PostcodeScript>()
                .map(|s| s.0.clone())
                .unwrap_or_default(),
        })
    }

    /// The shop's policy of `kind` in force (or, with `version`, an earlier one, e.g. the one an
    /// order agreed to); `null` when the shop has not published it.
    async fn policy(
        &self,
        ctx: &Context<'_>,
        kind: super::policy::PolicyKind,
        version: Option<i32>,
    ) -> async_graphql::Result<Option<super::policy::Policy>> {
        let channel = self.0.id.key();
        let kind = kind.into();
        ctx.data_unchecked::<Db>()
            .run(move |c| match version {
                Some(v) => crate::channel::policy::version(c, channel, kind, v),
                None => crate::channel::policy::current(c, channel, kind),
            })
            .await
            .map(|p| p.map(Into::into))
            .map_err(|e| internal(ctx, &e))
    }

    /// The payment gateway new orders are paid through.
    async fn payment_gateway(&self, ctx: &Context<'_>) -> super::order::PaymentGateway {
        ctx.data_unchecked::<std::sync::Arc<crate::payment::Payments>>()
            .gateways
            .active()
            .session()
            .gateway
            .into()
    }
}

/// A product for sale in this shop.
#[derive(MergedObject)]
pub struct Product(ProductFields, ShopProductFields);

impl From<ShopListItem> for Product {
    fn from(item: ShopListItem) -> Product {
        let ShopListItem {
            product,
            price,
            compare_at,
            available,
            variants,
            categories,
            images,
        } = item;
        let options = product.option_names.clone();
        Product(
            ProductFields(product),
            ShopProductFields {
                price,
                compare_at,
                available,
                options,
                variants,
                categories,
                images,
            },
        )
    }
}

/// What a product costs and offers in this shop.
pub struct ShopProductFields {
    price: shared::Money,
    compare_at: Option<shared::Money>,
    available: bool,
    options: Vec<String>,
    variants: Vec<crate::catalog::model::ShopVariant>,
    categories: Vec<crate::catalog::model::Category>,
    images: Vec<crate::media::Media>,
}

#[Object]
impl ShopProductFields {
    /// The lowest variant price in this shop's currency ("from" price).
    async fn price(&self) -> Money {
        Money(self.price)
    }

    /// The "was" price of the cheapest variant, when it has one.
    async fn compare_at_price(&self) -> Option<Money> {
        self.compare_at.map(Money)
    }

    /// Whether at least one variant can be bought now.
    async fn available(&self) -> bool {
        self.available
    }

    /// The variants on sale in this shop, in order.
    async fn variants(&self) -> Vec<ProductVariant> {
        self.variants
            .iter()
            .map(|v| ProductVariant(v.clone(), self.options.clone()))
            .collect()
    }

    async fn categories(&self) -> Vec<Category> {
        self.categories.iter().cloned().map(Category).collect()
    }

    /// Images in display order.
    async fn images(&self) -> Vec<Image> {
        self.images.iter().cloned().map(Image).collect()
    }

    /// The first image (for product cards); `null` when the product has none.
    async fn thumbnail(&self) -> Option<Image> {
        self.images.first().cloned().map(Image)
    }
}

/// Whether a variant can be bought: never the stock count itself.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::catalog::model::Availability")]
pub enum Availability {
    InStock,
    /// In stock, only a few left.
    LowStock,
    /// Out of stock, still sold: ships when restocked.
    Backorder,
    /// Cannot be bought now.
    OutOfStock,
}

/// An option of a variant, e.g. `{ name: "구성", value: "28포" }`.
#[derive(async_graphql::SimpleObject)]
pub struct SelectedOption {
    name: String,
    value: String,
}

/// One purchasable version of a product.
pub struct ProductVariant(crate::catalog::model::ShopVariant, Vec<String>);

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

    /// The variant's options with their names.
    async fn selected_options(&self) -> Vec<SelectedOption> {
        self.1
            .iter()
            .zip(&self.0.option_values)
            .map(|(name, value)| SelectedOption {
                name: name.clone(),
                value: value.clone(),
            })
            .collect()
    }

    async fn price(&self) -> Money {
        Money(self.0.price)
    }

    /// The "was" price, above `price`, when set.
    async fn compare_at_price(&self) -> Option<Money> {
        self.0.compare_at.map(Money)
    }

    async fn availability(&self) -> Availability {
        self.0.availability.into()
    }

    /// Whether it can be put in a cart now.
    async fn purchasable(&self) -> bool {
        self.0.availability.purchasable()
    }

    async fn weight_grams(&self) -> Option<i32> {
        self.0.weight_grams
    }

    /// The product image shown for this variant, from the product's `images`.
    async fn image_id(&self) -> Option<ID> {
        self.0.image.map(|m| ID(m.to_string()))
    }
}
