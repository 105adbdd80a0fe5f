//! Channel rows and the domain values built from them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::{ChannelId, Currency};

use crate::db::schema::channels;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = channels)]
pub struct ChannelRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub currency: String,
    pub locale: String,
    pub time_zone: String,
    pub is_default: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub logo_url: Option<String>,
    pub shipping_fee_amount: i64,
    pub free_shipping_threshold: Option<i64>,
    pub address_search: bool,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = channels)]
pub struct NewChannel<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub currency: &'a str,
    pub locale: &'a str,
    pub time_zone: &'a str,
    pub is_default: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A storefront channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub id: ChannelId,
    /// Stable short name, used in the `Jangteo-Channel` header.
    pub code: String,
    /// The shop's name as shoppers see it.
    pub name: String,
    pub currency: Currency,
    /// Default language of the storefront (`ko`, `en`).
    pub locale: String,
    /// IANA time zone for dates and schedules.
    pub time_zone: String,
    pub is_default: bool,
    /// The shop's logo (an absolute URL), shown in emails.
    pub logo_url: Option<String>,
    pub shipping: ShippingRate,
    /// Whether checkout offers the postal-code search (the storefront's pages then allow its
    /// origins in their Content-Security-Policy).
    pub address_search: bool,
    pub updated_at: NaiveDateTime,
}

/// What delivery costs in a channel: a flat fee, waived from a subtotal on (if set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShippingRate {
    pub fee: shared::Money,
    pub free_from: Option<shared::Money>,
}

impl TryFrom<ChannelRow> for Channel {
    type Error = crate::db::DbError;

    fn try_from(row: ChannelRow) -> Result<Self, Self::Error> {
        // The column has a CHECK constraint; a value outside it means the database was edited
        // by hand, which is an internal error rather than something to guess around.
        let currency = row
            .currency
            .parse::<Currency>()
            .map_err(|e| crate::db::DbError::Corrupt(format!("channel {}: {e}", row.code)))?;
        let shipping = ShippingRate {
            fee: shared::Money::try_new(row.shipping_fee_amount, currency).map_err(|e| {
                crate::db::DbError::Corrupt(format!("channel {} shipping fee: {e}", row.code))
            })?,
            free_from: row
                .free_shipping_threshold
                .map(|t| shared::Money::try_new(t, currency))
                .transpose()
                .map_err(|e| {
                    crate::db::DbError::Corrupt(format!(
                        "channel {} free-shipping threshold: {e}",
                        row.code
                    ))
                })?,
        };
        Ok(Channel {
            id: ChannelId(row.id),
            code: row.code,
            name: row.name,
            currency,
            locale: row.locale,
            time_zone: row.time_zone,
            is_default: row.is_default,
            logo_url: row.logo_url,
            shipping,
            address_search: row.address_search,
            updated_at: row.updated_at,
        })
    }
}

/// A channel with the host names that select it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelWithHosts {
    pub channel: Channel,
    pub hosts: Vec<String>,
}

/// How a Shop API request names its channel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChannelSelector {
    /// The `Jangteo-Channel` header: a channel code. Wins over the host.
    pub code: Option<String>,
    /// The request's host name (without port).
    pub host: Option<String>,
}

/// Changes to a channel; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ChannelUpdate {
    pub name: Option<String>,
    /// Replaces the channel's host names.
    pub hosts: Option<Vec<String>>,
    /// `Some(None)` removes the logo; `Some(Some(url))` sets it.
    pub logo_url: Option<Option<String>>,
    /// The flat shipping fee in minor units.
    pub shipping_fee: Option<i64>,
    /// `Some(None)`: shipping is never free; `Some(Some(amount))`: free from this subtotal.
    pub free_shipping_threshold: Option<Option<i64>>,
    /// Turns checkout's postal-code search on or off.
    pub address_search: Option<bool>,
    /// Changes to the seller details shown to shoppers.
    pub seller: Option<super::seller::SellerUpdate>,
}
