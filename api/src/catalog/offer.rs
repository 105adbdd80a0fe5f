//! What one channel offers of a variant right now: its current price, whether it is on sale and
//! whether a quantity can be supplied. Carts and checkout read variants only through here, in
//! one statement for any number of variants.

use diesel::prelude::*;
use shared::Money;

use crate::channel::Channel;
use crate::db::schema::{
    product_channel_listings as pcl, product_variants as pv, products,
    variant_channel_listings as vcl,
};
use crate::db::{AnyConnection, DbError};

/// A variant as a channel offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub variant_id: i64,
    pub product_id: i64,
    pub product_slug: String,
    pub product_name: String,
    /// The option values, e.g. `꿀 / 12개` (empty for a product without options).
    pub variant_label: String,
    pub sku: String,
    /// The price in this channel, when the variant has one there.
    pub price: Option<Money>,
    pub stock: i64,
    pub sell_when_out_of_stock: bool,
    /// Active, published in the channel and priced there.
    pub on_sale: bool,
}

impl Offer {
    /// Whether `quantity` units can be ordered now.
    pub fn can_supply(&self, quantity: i64) -> bool {
        self.on_sale && (self.sell_when_out_of_stock || self.stock >= quantity)
    }
}

/// The option values as shown on a cart or order line.
pub fn variant_label(option_values_json: &str) -> String {
    serde_json::from_str::<Vec<String>>(option_values_json)
        .unwrap_or_default()
        .join(" / ")
}

type OfferRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    bool,
    Option<i64>,
    Option<bool>,
);

/// The offers of `variant_ids` in `channel` (unknown variants are left out): one statement.
pub fn offers(
    conn: &mut AnyConnection,
    channel: &Channel,
    variant_ids: &[i64],
) -> Result<Vec<Offer>, DbError> {
    if variant_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ch = channel.id.key();
    let rows: Vec<OfferRow> = pv::table
        .inner_join(products::table)
        .left_join(vcl::table.on(vcl::variant_id.eq(pv::id).and(vcl::channel_id.eq(ch))))
        .left_join(pcl::table.on(pcl::product_id.eq(products::id).and(pcl::channel_id.eq(ch))))
        .filter(pv::id.eq_any(variant_ids))
        .select((
            pv::id,
            products::id,
            products::slug,
            products::name,
            products::status,
            pv::sku,
            pv::option_values,
            pv::stock_quantity,
            pv::sell_when_out_of_stock,
            vcl::price_amount.nullable(),
            pcl::published.nullable(),
        ))
        .load(conn)?;
    rows.into_iter()
        .map(
            |(
                id,
                product_id,
                slug,
                name,
                status,
                sku,
                options,
                stock,
                backorder,
                price,
                published,
            )| {
                let price = price
                    .map(|p| Money::try_new(p, channel.currency))
                    .transpose()
                    .map_err(|e| DbError::Corrupt(format!("price of variant {id}: {e}")))?;
                Ok(Offer {
                    variant_id: id,
                    product_id,
                    product_slug: slug,
                    product_name: name,
                    variant_label: variant_label(&options),
                    sku,
                    on_sale: status == super::ProductStatus::Active.as_str()
                        && published == Some(true)
                        && price.is_some(),
                    price,
                    stock,
                    sell_when_out_of_stock: backorder,
                })
            },
        )
        .collect()
}
