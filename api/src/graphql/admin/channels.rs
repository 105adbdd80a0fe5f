//! Channels (shops): listing and settings.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use shared::ChannelId;

use crate::access::Permission as Perm;
use crate::channel::model::ChannelWithHosts;
use crate::channel::policy;
use crate::channel::{ChannelError, ChannelUpdate, service as channels};
use crate::db::Db;
use crate::graphql::error::{UserError, UserErrorCode, bad_input, internal};
use crate::graphql::guard::Require;
use crate::graphql::money::{CurrencyCode, MinorUnits, Money};
use crate::graphql::policy::{Policy, PolicyKind};
use crate::graphql::seller::{Seller, SellerInput};

#[derive(Default)]
pub struct ChannelQuery;

#[Object]
impl ChannelQuery {
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

    /// Every published version of a channel's policies, the newest of each kind first.
    #[graphql(guard = "Require(Perm::SettingsRead)")]
    async fn policies(
        &self,
        ctx: &Context<'_>,
        channel_id: ID,
    ) -> async_graphql::Result<Vec<Policy>> {
        let id: ChannelId = channel_id
            .parse()
            .map_err(|e| bad_input("channelId", format!("{e}")))?;
        let found = ctx
            .data_unchecked::<Db>()
            .run(move |c| policy::history(c, id.key()))
            .await
            .map_err(|e| internal(ctx, &e))?;
        Ok(found.into_iter().map(Policy::from).collect())
    }
}

#[derive(SimpleObject)]
pub struct PolicyPublishPayload {
    /// The version in force after publishing (the same one when the text did not change);
    /// `null` when refused because of `userErrors`.
    policy: Option<Policy>,
    user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct ChannelMutation;

/// Changes to a channel; omitted fields stay as they are.
#[derive(InputObject)]
pub struct ChannelUpdateInput {
    /// The shop's name as shoppers see it (1–100 characters).
    name: Option<String>,
    /// Host names that select this channel (replaces the current list; at most 20).
    hosts: Option<Vec<String>>,
    /// Absolute URL of the shop's logo, shown in emails; `null` removes it.
    logo_url: MaybeUndefined<String>,
    /// The flat shipping fee, in minor units of the channel's currency.
    shipping_fee: Option<MinorUnits>,
    /// Orders whose subtotal reaches this ship free; `null`: shipping is never free.
    free_shipping_threshold: MaybeUndefined<MinorUnits>,
    /// Whether checkout offers the postal-code search (Kakao's postcode service).
    address_search: Option<bool>,
    /// The seller details shoppers see in every page's footer and in order emails.
    seller: Option<SellerInput>,
}

#[derive(SimpleObject)]
pub struct ChannelUpdatePayload {
    /// The channel after the change; `null` when nothing changed because of `userErrors`.
    channel: Option<Channel>,
    user_errors: Vec<UserError>,
}

#[Object]
impl ChannelMutation {
    /// Publishes a new version of a channel's policy (이용약관, 개인정보처리방침 or 교환·반품
    /// 안내), shown to shoppers from now on. The HTML is cleaned as product content is; earlier
    /// versions stay as they were, for the orders that agreed to them.
    #[graphql(guard = "Require(Perm::SettingsWrite)")]
    async fn policy_publish(
        &self,
        ctx: &Context<'_>,
        channel_id: ID,
        kind: PolicyKind,
        body_html: String,
    ) -> async_graphql::Result<PolicyPublishPayload> {
        let failed = |errors: Vec<UserError>| PolicyPublishPayload {
            policy: None,
            user_errors: errors,
        };
        let id: ChannelId = match channel_id.parse() {
            Ok(id) => id,
            Err(e) => {
                return Ok(failed(vec![UserError::new(
                    &["channelId"],
                    UserErrorCode::Invalid,
                    e.to_string(),
                )]));
            }
        };
        let actor = super::actor(ctx);
        let content = super::catalog::content_policy(ctx);
        match ctx
            .data_unchecked::<Db>()
            .run(move |c| policy::publish(c, id.key(), kind.into(), &body_html, &content, &actor))
            .await
        {
            Ok(published) => Ok(PolicyPublishPayload {
                policy: Some(published.into()),
                user_errors: Vec::new(),
            }),
            Err(ChannelError::NotFound) => Ok(failed(vec![UserError::new(
                &["channelId"],
                UserErrorCode::NotFound,
                format!("there is no channel {id}"),
            )])),
            Err(ChannelError::Invalid(violations)) => Ok(failed(
                violations
                    .into_iter()
                    .map(|v| UserError::from_violation("", v))
                    .collect(),
            )),
            Err(e @ (ChannelError::UnknownCode(_) | ChannelError::Internal(_))) => {
                Err(internal(ctx, &e))
            }
        }
    }

    /// Renames a channel, replaces its host names, sets its logo, its shipping fee, its
    /// postal-code search and/or its seller details.
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
        let actor = super::actor(ctx);
        let update = ChannelUpdate {
            name: input.name,
            hosts: input.hosts,
            logo_url: match input.logo_url {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(url) => Some(Some(url)),
            },
            shipping_fee: input.shipping_fee.map(|m| m.0),
            free_shipping_threshold: match input.free_shipping_threshold {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(m) => Some(Some(m.0)),
            },
            address_search: input.address_search,
            seller: input.seller.map(Into::into),
        };
        match ctx
            .data_unchecked::<Db>()
            .run(move |c| channels::update(c, id, update, &actor))
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

    /// The shop's logo, shown in emails.
    async fn logo_url(&self) -> Option<&str> {
        self.0.channel.logo_url.as_deref()
    }

    /// The flat shipping fee of an order.
    async fn shipping_fee(&self) -> Money {
        Money(self.0.channel.shipping.fee)
    }

    /// Orders whose subtotal reaches this ship free; `null` when shipping is never free.
    async fn free_shipping_threshold(&self) -> Option<Money> {
        self.0.channel.shipping.free_from.map(Money)
    }

    /// Whether checkout offers the postal-code search (Kakao's postcode service); off, shoppers
    /// type the address.
    async fn address_search(&self) -> bool {
        self.0.channel.address_search
    }

    /// Who sells in this channel, as shoppers see it.
    async fn seller(&self, ctx: &Context<'_>) -> async_graphql::Result<Seller> {
        crate::graphql::seller::load(ctx, self.0.channel.id.key()).await
    }
}
