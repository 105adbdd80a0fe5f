//! Cart rows and the priced cart built from them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::Money;

use super::pricing::Totals;
use crate::db::schema::{cart_lines, carts};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = carts)]
pub struct CartRow {
    pub id: i64,
    pub token_hash: String,
    pub channel_id: i64,
    pub member_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cart_lines)]
pub struct CartLineRow {
    pub id: i64,
    pub cart_id: i64,
    pub variant_id: Option<i64>,
    pub quantity: i64,
    pub added_unit_price: i64,
    pub product_name: String,
    pub variant_label: String,
    pub sku: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Whether a line can be ordered as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineAvailability {
    Available,
    /// On sale, but not in this quantity (never says how many are left).
    InsufficientStock,
    /// No longer on sale here: inactive, unpublished, unpriced or removed.
    Unavailable,
}

/// One line of a priced cart.
#[derive(Debug, Clone, PartialEq)]
pub struct CartLine {
    pub id: i64,
    pub variant_id: Option<i64>,
    pub product_id: Option<i64>,
    pub product_slug: Option<String>,
    /// Current names, or those of when the line was added if the variant is gone.
    pub product_name: String,
    pub variant_label: String,
    pub sku: String,
    pub quantity: i64,
    /// The unit price when the line was added (or its quantity last changed).
    pub added_unit_price: Money,
    /// The unit price now; `None` when the variant is no longer priced here.
    pub unit_price: Option<Money>,
    /// `unit_price × quantity` when orderable, else zero.
    pub line_total: Money,
    pub availability: LineAvailability,
    /// The price now differs from the price when added.
    pub price_changed: bool,
    pub image: Option<crate::media::Media>,
}

/// A cart priced from current prices and stock.
#[derive(Debug, Clone, PartialEq)]
pub struct Cart {
    pub id: i64,
    pub member_id: Option<i64>,
    pub lines: Vec<CartLine>,
    pub totals: Totals,
    pub updated_at: NaiveDateTime,
}

impl Cart {
    /// Whether every line can be ordered as it is.
    pub fn ready_to_order(&self) -> bool {
        !self.lines.is_empty()
            && self
                .lines
                .iter()
                .all(|l| l.availability == LineAvailability::Available)
    }
}
