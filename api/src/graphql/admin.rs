//! The Admin API schema: staff operations. Every field except `viewer` declares the permission it
//! requires with a guard.

use async_graphql::connection::Connection;
use async_graphql::{
    Context, EmptySubscription, Enum, ID, InputObject, MergedObject, Object, Schema, SchemaBuilder,
    SimpleObject,
};
use shared::ChannelId;

use super::catalog::ProductFields;
use super::error::{UserError, UserErrorCode, bad_input, internal};
use super::guard::Require;
use super::money::{CurrencyCode, Money};
use super::pagination::{connection, page_request};
use crate::access::{Identity, Permission as Perm};
use crate::catalog::model::ProductWithListings;
use crate::catalog::service as catalog;
use crate::channel::model::ChannelWithHosts;
use crate::channel::{ChannelError, ChannelUpdate, service as channels};
use crate::config::GraphqlConfig;
use crate::db::Db;

pub type AdminSchema = Schema<AdminQuery, AdminMutation, EmptySubscription>;

pub(super) fn schema_builder(
    config: &GraphqlConfig,
) -> SchemaBuilder<AdminQuery, AdminMutation, EmptySubscription> {
    super::with_limits(
        Schema::build(AdminQuery, AdminMutation, EmptySubscription),
        config,
    )
}

/// Builds the Admin API schema over a database.
pub fn build(db: Db, config: &GraphqlConfig) -> AdminSchema {
    schema_builder(config).data(db).finish()
}

pub struct AdminQuery;

#[Object(name = "Query")]
impl AdminQuery {
    /// Who is calling, or `null` for an anonymous request. Needs no permission.
    async fn viewer(&self, ctx: &Context<'_>) -> Option<Viewer> {
        ctx.data_opt::<Identity>().map(|i| Viewer(i.clone()))
    }

    /// Every sales channel, the default first.
    #[graphql(guard = "Require(Perm::SettingsRead)")]
    async fn channels(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Channel>> {
        let list = ctx
            .data_unchecked::<Db>()
            .run(channels::list)
            .await
            .map_err(|e| internal(ctx, &e))?;
        Ok(list.into_iter().map(Channel).collect())
    }

    /// One channel by ID, or `null` if there is none.
    #[graphql(guard = "Require(Perm::SettingsRead)")]
    async fn channel(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Channel>> {
        let id: ChannelId = id.parse().map_err(|e| bad_input("id", format!("{e}")))?;
        match ctx
            .data_unchecked::<Db>()
            .run(move |c| channels::get(c, id))
            .await
        {
            Ok(c) => Ok(Some(Channel(c))),
            Err(ChannelError::NotFound) => Ok(None),
            Err(e) => Err(internal(ctx, &e)),
        }
    }

    /// Every product, in catalog order, with its listing in each channel.
    #[graphql(
        guard = "Require(Perm::ProductsRead)",
        complexity = "super::pagination::cost(first, child_complexity)"
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

pub struct AdminMutation;

/// Changes to a channel; omitted fields stay as they are.
#[derive(InputObject)]
pub struct ChannelUpdateInput {
    /// The shop's name as shoppers see it (1–100 characters).
    name: Option<String>,
    /// Host names that select this channel (replaces the current list; at most 20).
    hosts: Option<Vec<String>>,
}

#[derive(SimpleObject)]
pub struct ChannelUpdatePayload {
    /// The channel after the change; `null` when nothing changed because of `userErrors`.
    channel: Option<Channel>,
    user_errors: Vec<UserError>,
}

#[Object(name = "Mutation")]
impl AdminMutation {
    /// Renames a channel and/or replaces its host names.
    #[graphql(guard = "Require(Perm::SettingsWrite)")]
    async fn channel_update(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: ChannelUpdateInput,
    ) -> async_graphql::Result<ChannelUpdatePayload> {
        let failed = |errors: Vec<UserError>| ChannelUpdatePayload {
            channel: None,
            user_errors: errors,
        };
        let id: ChannelId = match id.parse() {
            Ok(id) => id,
            Err(e) => {
                return Ok(failed(vec![UserError::new(
                    &["id"],
                    UserErrorCode::Invalid,
                    e.to_string(),
                )]));
            }
        };
        let update = ChannelUpdate {
            name: input.name,
            hosts: input.hosts,
        };
        match ctx
            .data_unchecked::<Db>()
            .run(move |c| channels::update(c, id, update))
            .await
        {
            Ok(channel) => Ok(ChannelUpdatePayload {
                channel: Some(Channel(channel)),
                user_errors: Vec::new(),
            }),
            Err(ChannelError::NotFound) => Ok(failed(vec![UserError::new(
                &["id"],
                UserErrorCode::NotFound,
                format!("there is no channel {id}"),
            )])),
            Err(ChannelError::Invalid(violations)) => Ok(failed(
                violations
                    .into_iter()
                    .map(|v| UserError::from_violation("input", v))
                    .collect(),
            )),
            Err(e @ (ChannelError::UnknownCode(_) | ChannelError::Internal(_))) => {
                Err(internal(ctx, &e))
            }
        }
    }
}

/// The caller of an Admin API request.
pub struct Viewer(Identity);

#[Object]
impl Viewer {
    /// A name to show for the caller.
    async fn name(&self) -> &str {
        self.0.display_name()
    }

    /// What the caller may do.
    async fn permissions(&self) -> Vec<Permission> {
        self.0
            .permissions()
            .into_iter()
            .map(Permission::from)
            .collect()
    }
}

/// One action on one domain, granted to a role or an API key.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::access::Permission")]
pub enum Permission {
    SettingsRead,
    SettingsWrite,
    ProductsRead,
    ProductsWrite,
}

/// A sales channel (storefront).
pub struct Channel(ChannelWithHosts);

#[Object]
impl Channel {
    async fn id(&self) -> ID {
        ID(self.0.channel.id.to_string())
    }

    /// Short stable code (what the `Jangteo-Channel` header selects).
    async fn code(&self) -> &str {
        &self.0.channel.code
    }

    async fn name(&self) -> &str {
        &self.0.channel.name
    }

    async fn currency(&self) -> CurrencyCode {
        self.0.channel.currency.into()
    }

    async fn locale(&self) -> &str {
        &self.0.channel.locale
    }

    async fn time_zone(&self) -> &str {
        &self.0.channel.time_zone
    }

    /// The channel used when a request names no channel and its host matches none.
    async fn is_default(&self) -> bool {
        self.0.channel.is_default
    }

    /// Host names whose requests this channel serves.
    async fn hosts(&self) -> &[String] {
        &self.0.hosts
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
