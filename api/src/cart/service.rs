//! Cart operations. Each mutation runs in one write transaction and answers with the cart
//! priced afresh; every refused input is a violation at its field (`lines.1.quantity`).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::Money;
use shared::checkout::{
    MAX_CART_LINES, MAX_CART_QUANTITY, MAX_LINE_QUANTITY, QuantityProblem, check_line_quantity,
};

use super::error::CartError;
use super::model::{Cart, CartLine, CartLineRow, CartRow, LineAvailability};
use super::pricing::{self, PricedLine};
use crate::access::crypto::{random_token, token_hash};
use crate::catalog::offer::{self, Offer};
use crate::channel::Channel;
use crate::db::schema::{cart_lines as cl, carts as c};
use crate::db::{self, AnyConnection, DbError, write_transaction};
use crate::validation::{Violation, ViolationCode};

/// Prefix of cart tokens.
pub const TOKEN_PREFIX: &str = "jtc_";
/// The argument that carries a cart token.
pub const TOKEN_FIELD: &str = "cartToken";
/// Anonymous carts untouched this long are deleted by housekeeping (members' carts stay).
pub const ANONYMOUS_CART_DAYS: i64 = 30;

/// Who is shopping: a signed-in member, or someone with (or without) a cart token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shopper {
    pub member_id: Option<i64>,
}

/// Units of a variant to add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineInput {
    pub variant_id: i64,
    pub quantity: i64,
}

/// A line's new quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineChange {
    pub line_id: i64,
    pub quantity: i64,
}

/// A cart after a change, with its token when the change created an anonymous cart (the only
/// time the token is told: keep it).
#[derive(Debug, Clone)]
pub struct Located {
    pub cart: Cart,
    pub new_token: Option<String>,
}

fn not_found_token() -> CartError {
    CartError::one(Violation::new(
        &[TOKEN_FIELD],
        ViolationCode::NotFound,
        "there is no cart with this token in this shop (it may have expired or been merged into an account); leave the token out to start a new cart",
    ))
}

fn by_token(conn: &mut AnyConnection, token: &str) -> Result<Option<CartRow>, DbError> {
    Ok(c::table
        .filter(c::token_hash.eq(token_hash(token.trim())))
        .select(CartRow::as_select())
        .first(conn)
        .optional()?)
}

fn member_cart(
    conn: &mut AnyConnection,
    channel: &Channel,
    member_id: i64,
) -> Result<Option<CartRow>, DbError> {
    Ok(c::table
        .filter(c::member_id.eq(member_id))
        .filter(c::channel_id.eq(channel.id.key()))
        .select(CartRow::as_select())
        .first(conn)
        .optional()?)
}

/// The shopper's cart row, if there is one. A member always gets their own cart; a token that
/// is not theirs (another shopper's, or an anonymous cart not yet merged) is refused, as is an
/// anonymous caller's token of a member's cart.
pub(crate) fn locate_row(
    conn: &mut AnyConnection,
    channel: &Channel,
    shopper: Shopper,
    token: Option<&str>,
) -> Result<Option<CartRow>, CartError> {
    let token = token.map(str::trim).filter(|t| !t.is_empty());
    match shopper.member_id {
        Some(member) => {
            if let Some(token) = token {
                let row = by_token(conn, token)?;
                if row.is_none_or(|r| r.member_id != Some(member)) {
                    return Err(CartError::one(Violation::new(
                        &[TOKEN_FIELD],
                        ViolationCode::NotFound,
                        "this cart token is not your cart: signed-in shoppers use their own cart (leave the token out), and an anonymous cart joins it with cartMerge",
                    )));
                }
            }
            Ok(member_cart(conn, channel, member)?)
        }
        None => match token {
            None => Ok(None),
            Some(token) => match by_token(conn, token)? {
                Some(row) if row.member_id.is_none() && row.channel_id == channel.id.key() => {
                    Ok(Some(row))
                }
                _ => Err(not_found_token()),
            },
        },
    }
}

/// The cart a checkout orders: [`locate_row`]'s, except that a member may also name an anonymous
/// cart of this shop by its token. That is a cart of just what they buy at once (바로구매), kept
/// apart from their own cart, which the order leaves untouched. Holding the token already lets
/// anyone order that cart as a guest, so it gives a member nothing more.
pub(crate) fn checkout_row(
    conn: &mut AnyConnection,
    channel: &Channel,
    shopper: Shopper,
    token: Option<&str>,
) -> Result<Option<CartRow>, CartError> {
    let named = token.map(str::trim).filter(|t| !t.is_empty());
    if let (Some(_), Some(named)) = (shopper.member_id, named)
        && let Some(row) = by_token(conn, named)?
        && row.member_id.is_none()
        && row.channel_id == channel.id.key()
    {
        return Ok(Some(row));
    }
    locate_row(conn, channel, shopper, token)
}

/// Creates the shopper's cart. A member's is created once even when two requests race (the
/// unique index on member and channel decides; the loser reads the winner's).
fn create_row(
    conn: &mut AnyConnection,
    channel: &Channel,
    shopper: Shopper,
    now: NaiveDateTime,
) -> Result<(CartRow, Option<String>), CartError> {
    let token = random_token(TOKEN_PREFIX, 32);
    let hash = token_hash(&token);
    match shopper.member_id {
        None => {
            let row = diesel::insert_into(c::table)
                .values((
                    c::token_hash.eq(&hash),
                    c::channel_id.eq(channel.id.key()),
                    c::created_at.eq(now),
                    c::updated_at.eq(now),
                ))
                .get_result::<CartRow>(conn)?;
            Ok((row, Some(token)))
        }
        Some(member) => {
            use diesel::sql_types::{BigInt, Text, Timestamp};
            const SQL: [&str; 2] = [
                "INSERT INTO carts (token_hash, channel_id, member_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING",
                "INSERT INTO carts (token_hash, channel_id, member_id, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT DO NOTHING",
            ];
            match conn {
                AnyConnection::Postgresql(pg) => diesel::sql_query(SQL[0])
                    .bind::<Text, _>(&hash)
                    .bind::<BigInt, _>(channel.id.key())
                    .bind::<BigInt, _>(member)
                    .bind::<Timestamp, _>(now)
                    .execute(pg)?,
                AnyConnection::Sqlite(lite) => diesel::sql_query(SQL[1])
                    .bind::<Text, _>(&hash)
                    .bind::<BigInt, _>(channel.id.key())
                    .bind::<BigInt, _>(member)
                    .bind::<Timestamp, _>(now)
                    .execute(lite)?,
            };
            let row = member_cart(conn, channel, member)?
                .ok_or_else(|| DbError::Corrupt("the member's cart vanished".into()))?;
            Ok((row, None))
        }
    }
}

fn lines_of(conn: &mut AnyConnection, cart_id: i64) -> Result<Vec<CartLineRow>, DbError> {
    Ok(cl::table
        .filter(cl::cart_id.eq(cart_id))
        .order(cl::id.asc())
        .select(CartLineRow::as_select())
        .load(conn)?)
}

fn offers_of(
    conn: &mut AnyConnection,
    channel: &Channel,
    variant_ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, Offer>, DbError> {
    let mut ids: Vec<i64> = variant_ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(offer::offers(conn, channel, &ids)?
        .into_iter()
        .map(|o| (o.variant_id, o))
        .collect())
}

/// Prices a cart from current offers: four statements whatever its size.
pub(crate) fn price(
    conn: &mut AnyConnection,
    channel: &Channel,
    row: &CartRow,
) -> Result<Cart, CartError> {
    let rows = lines_of(conn, row.id)?;
    let offers = offers_of(conn, channel, rows.iter().filter_map(|l| l.variant_id))?;
    let mut product_ids: Vec<i64> = offers.values().map(|o| o.product_id).collect();
    product_ids.sort_unstable();
    product_ids.dedup();
    let mut images: HashMap<i64, crate::media::Media> = HashMap::new();
    for (product, media) in crate::media::service::of_products(conn, &product_ids)? {
        images.entry(product).or_insert(media);
    }
    let currency = channel.currency;
    let mut lines = Vec::with_capacity(rows.len());
    for r in rows {
        let offer = r.variant_id.and_then(|v| offers.get(&v));
        let availability = match offer {
            Some(o) if o.can_supply(r.quantity) => LineAvailability::Available,
            Some(o) if o.on_sale => LineAvailability::InsufficientStock,
            _ => LineAvailability::Unavailable,
        };
        let unit_price = offer.filter(|o| o.on_sale).and_then(|o| o.price);
        let added = Money::try_new(r.added_unit_price, currency)?;
        let line_total = match (availability, unit_price) {
            (LineAvailability::Available, Some(p)) => p.checked_mul(r.quantity)?,
            _ => Money::zero(currency),
        };
        lines.push(CartLine {
            id: r.id,
            variant_id: r.variant_id,
            product_id: offer.map(|o| o.product_id),
            product_slug: offer.map(|o| o.product_slug.clone()),
            product_name: offer.map_or(r.product_name.clone(), |o| o.product_name.clone()),
            variant_label: offer.map_or(r.variant_label.clone(), |o| o.variant_label.clone()),
            sku: offer.map_or(r.sku.clone(), |o| o.sku.clone()),
            quantity: r.quantity,
            added_unit_price: added,
            price_changed: unit_price.is_some_and(|p| p != added),
            unit_price,
            line_total,
            availability,
            image: offer.and_then(|o| images.get(&o.product_id).cloned()),
        });
    }
    let priced: Vec<PricedLine> = lines
        .iter()
        .map(|l| PricedLine {
            unit_price: l.unit_price.unwrap_or(Money::zero(currency)),
            quantity: l.quantity,
            orderable: l.availability == LineAvailability::Available,
        })
        .collect();
    let totals = pricing::totals(currency, &priced, &channel.shipping)?;
    Ok(Cart {
        id: row.id,
        member_id: row.member_id,
        lines,
        totals,
        updated_at: row.updated_at,
    })
}

/// The shopper's cart, priced; `None` when they have none yet.
pub fn get(
    conn: &mut AnyConnection,
    channel: &Channel,
    shopper: Shopper,
    token: Option<&str>,
) -> Result<Option<Cart>, CartError> {
    match locate_row(conn, channel, shopper, token)? {
        Some(row) => Ok(Some(price(conn, channel, &row)?)),
        None => Ok(None),
    }
}

fn quantity_violation(field: &[&str], problem: QuantityProblem) -> Violation {
    match problem {
        QuantityProblem::NotPositive => Violation::new(
            field,
            ViolationCode::OutOfRange,
            "the quantity must be at least 1 (remove the line to take it out of the cart)",
        ),
        QuantityProblem::OverLineCap => Violation::new(
            field,
            ViolationCode::OutOfRange,
            format!("at most {MAX_LINE_QUANTITY} of one item fit in a cart"),
        ),
    }
}

fn stock_violation(field: &[&str], offer: &Offer) -> Violation {
    if offer.stock > 0 {
        Violation::new(
            field,
            ViolationCode::InsufficientStock,
            format!(
                "there is not enough stock of {} for this quantity; choose fewer",
                offer.product_name
            ),
        )
    } else {
        Violation::new(
            field,
            ViolationCode::InsufficientStock,
            format!("{} is out of stock", offer.product_name),
        )
    }
}

fn unavailable(field: &[&str]) -> Violation {
    Violation::new(
        field,
        ViolationCode::Unavailable,
        "this item is not for sale in this shop (it may have been withdrawn)",
    )
}

fn check_cart_caps(lines: &[CartLineRow]) -> Result<(), CartError> {
    if lines.len() > MAX_CART_LINES {
        return Err(CartError::one(Violation::new(
            &["lines"],
            ViolationCode::OutOfRange,
            format!("a cart holds at most {MAX_CART_LINES} different items"),
        )));
    }
    let units: i64 = lines.iter().map(|l| l.quantity).sum();
    if units > MAX_CART_QUANTITY {
        return Err(CartError::one(Violation::new(
            &["lines"],
            ViolationCode::OutOfRange,
            format!("a cart holds at most {MAX_CART_QUANTITY} units in all"),
        )));
    }
    Ok(())
}

fn touch(conn: &mut AnyConnection, cart_id: i64, now: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(c::table.find(cart_id))
        .set(c::updated_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Writes a line's quantity (and the price and names it was added at) for `offer`.
fn put_line(
    conn: &mut AnyConnection,
    cart_id: i64,
    existing: Option<&CartLineRow>,
    offer: &Offer,
    quantity: i64,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    let price = offer.price.map_or(0, |p| p.amount());
    match existing {
        Some(line) => {
            diesel::update(cl::table.find(line.id))
                .set((
                    cl::quantity.eq(quantity),
                    cl::added_unit_price.eq(price),
                    cl::product_name.eq(&offer.product_name),
                    cl::variant_label.eq(&offer.variant_label),
                    cl::sku.eq(&offer.sku),
                    cl::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        None => {
            diesel::insert_into(cl::table)
                .values((
                    cl::cart_id.eq(cart_id),
                    cl::variant_id.eq(offer.variant_id),
                    cl::quantity.eq(quantity),
                    cl::added_unit_price.eq(price),
                    cl::product_name.eq(&offer.product_name),
                    cl::variant_label.eq(&offer.variant_label),
                    cl::sku.eq(&offer.sku),
                    cl::created_at.eq(now),
                    cl::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Adds units of variants (to a line of the same variant, or a new line), creating the cart
/// when the shopper has none. Nothing changes unless every line can be added.
pub fn add(
    conn: &mut AnyConnection,
    channel: &Channel,
    shopper: Shopper,
    token: Option<&str>,
    inputs: &[LineInput],
) -> Result<Located, CartError> {
    if inputs.is_empty() {
        return Err(CartError::one(Violation::new(
            &["lines"],
            ViolationCode::Blank,
            "give at least one line to add",
        )));
    }
    if inputs.len() > MAX_CART_LINES {
        return Err(CartError::one(Violation::new(
            &["lines"],
            ViolationCode::OutOfRange,
            format!("add at most {MAX_CART_LINES} lines at once"),
        )));
    }
    let mut violations = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        if let Err(p) = check_line_quantity(input.quantity) {
            let i = i.to_string();
            violations.push(quantity_violation(&["lines", &i, "quantity"], p));
        }
    }
    if !violations.is_empty() {
        return Err(CartError::Invalid(violations));
    }
    write_transaction(conn, |conn| {
        let now = db::now();
        let (row, new_token) = match locate_row(conn, channel, shopper, token)? {
            Some(row) => (row, None),
            None => create_row(conn, channel, shopper, now)?,
        };
        let mut lines = lines_of(conn, row.id)?;
        let offers = offers_of(conn, channel, inputs.iter().map(|l| l.variant_id))?;
        for (i, input) in inputs.iter().enumerate() {
            let i = i.to_string();
            let Some(offer) = offers.get(&input.variant_id).filter(|o| o.on_sale) else {
                violations.push(unavailable(&["lines", &i, "variantId"]));
                continue;
            };
            let existing = lines
                .iter()
                .position(|l| l.variant_id == Some(input.variant_id));
            let quantity = existing.map_or(0, |p| lines[p].quantity) + input.quantity;
            if quantity > MAX_LINE_QUANTITY {
                violations.push(quantity_violation(
                    &["lines", &i, "quantity"],
                    QuantityProblem::OverLineCap,
                ));
                continue;
            }
            if !offer.can_supply(quantity) {
                violations.push(stock_violation(&["lines", &i, "quantity"], offer));
                continue;
            }
            put_line(
                conn,
                row.id,
                existing.map(|p| &lines[p]),
                offer,
                quantity,
                now,
            )?;
            match existing {
                Some(p) => lines[p].quantity = quantity,
                None => lines.push(CartLineRow {
                    id: 0,
                    cart_id: row.id,
                    variant_id: Some(input.variant_id),
                    quantity,
                    added_unit_price: 0,
                    product_name: String::new(),
                    variant_label: String::new(),
                    sku: String::new(),
                    created_at: now,
                    updated_at: now,
                }),
            }
        }
        if !violations.is_empty() {
            return Err(CartError::Invalid(std::mem::take(&mut violations)));
        }
        check_cart_caps(&lines)?;
        touch(conn, row.id, now)?;
        let row = CartRow {
            updated_at: now,
            ..row
        };
        Ok(Located {
            cart: price(conn, channel, &row)?,
            new_token,
        })
    })
}

fn existing_row(
    conn: &mut AnyConnection,
    channel: &Channel,
    shopper: Shopper,
    token: Option<&str>,
) -> Result<CartRow, CartError> {
    match locate_row(conn, channel, shopper, token)? {
        Some(row) => Ok(row),
        None if shopper.member_id.is_some() => Err(CartError::one(Violation::new(
            &["lines"],
            ViolationCode::NotFound,
            "your cart is empty",
        ))),
        None => Err(CartError::one(Violation::new(
            &[TOKEN_FIELD],
            ViolationCode::Blank,
            "send the cart's token (from the mutation that created the cart)",
        ))),
    }
}

/// Sets the quantities of existing lines. A line that can no longer be ordered can only be
/// removed; a quantity beyond the stock is refused.
pub fn update(
    conn: &mut AnyConnection,
    channel: &Channel,
    shopper: Shopper,
    token: Option<&str>,
    changes: &[LineChange],
) -> Result<Cart, CartError> {
    let mut violations = Vec::new();
    for (i, change) in changes.iter().enumerate() {
        if let Err(p) = check_line_quantity(change.quantity) {
            let i = i.to_string();
            violations.push(quantity_violation(&["lines", &i, "quantity"], p));
        }
    }
    if !violations.is_empty() {
        return Err(CartError::Invalid(violations));
    }
    write_transaction(conn, |conn| {
        let now = db::now();
        let row = existing_row(conn, channel, shopper, token)?;
        let mut lines = lines_of(conn, row.id)?;
        let offers = offers_of(conn, channel, lines.iter().filter_map(|l| l.variant_id))?;
        for (i, change) in changes.iter().enumerate() {
            let i = i.to_string();
            let Some(pos) = lines.iter().position(|l| l.id == change.line_id) else {
                violations.push(Violation::new(
                    &["lines", &i, "id"],
                    ViolationCode::NotFound,
                    "there is no such line in this cart",
                ));
                continue;
            };
            let offer = lines[pos]
                .variant_id
                .and_then(|v| offers.get(&v))
                .filter(|o| o.on_sale);
            let Some(offer) = offer else {
                violations.push(unavailable(&["lines", &i, "id"]));
                continue;
            };
            if !offer.can_supply(change.quantity) {
                violations.push(stock_violation(&["lines", &i, "quantity"], offer));
                continue;
            }
            put_line(conn, row.id, Some(&lines[pos]), offer, change.quantity, now)?;
            lines[pos].quantity = change.quantity;
        }
        if !violations.is_empty() {
            return Err(CartError::Invalid(std::mem::take(&mut violations)));
        }
        check_cart_caps(&lines)?;
        touch(conn, row.id, now)?;
        price(
            conn,
            channel,
            &CartRow {
                updated_at: now,
                ..row
            },
        )
    })
}

/// Removes lines.
pub fn remove(
    conn: &mut AnyConnection,
    channel: &Channel,
    shopper: Shopper,
    token: Option<&str>,
    line_ids: &[i64],
) -> Result<Cart, CartError> {
    write_transaction(conn, |conn| {
        let now = db::now();
        let row = existing_row(conn, channel, shopper, token)?;
        let lines = lines_of(conn, row.id)?;
        let violations: Vec<Violation> = line_ids
            .iter()
            .enumerate()
            .filter(|(_, id)| !lines.iter().any(|l| l.id == **id))
            .map(|(i, _)| {
                Violation::indexed(
                    "lineIds",
                    i,
                    ViolationCode::NotFound,
                    "there is no such line in this cart",
                )
            })
            .collect();
        if !violations.is_empty() {
            return Err(CartError::Invalid(violations));
        }
        diesel::delete(
            cl::table
                .filter(cl::cart_id.eq(row.id))
                .filter(cl::id.eq_any(line_ids)),
        )
        .execute(conn)?;
        touch(conn, row.id, now)?;
        price(
            conn,
            channel,
            &CartRow {
                updated_at: now,
                ..row
            },
        )
    })
}

/// Empties the cart.
pub fn clear(
    conn: &mut AnyConnection,
    channel: &Channel,
    shopper: Shopper,
    token: Option<&str>,
) -> Result<Cart, CartError> {
    write_transaction(conn, |conn| {
        let now = db::now();
        let row = existing_row(conn, channel, shopper, token)?;
        diesel::delete(cl::table.filter(cl::cart_id.eq(row.id))).execute(conn)?;
        touch(conn, row.id, now)?;
        price(
            conn,
            channel,
            &CartRow {
                updated_at: now,
                ..row
            },
        )
    })
}

/// Merges the anonymous cart of `token` into member `member_id`'s cart, inside the caller's
/// write transaction: quantities add up, capped by the line cap and, for variants not sold when
/// out of stock, by the stock (never below what the member's cart already held); the anonymous
/// cart is then deleted. A token that is unknown, of another channel or of a member's cart
/// merges nothing. Returns whether a cart was merged.
pub fn merge_within(
    conn: &mut AnyConnection,
    channel: &Channel,
    member_id: i64,
    token: &str,
) -> Result<bool, CartError> {
    let now = db::now();
    let Some(anon) = by_token(conn, token)? else {
        return Ok(false);
    };
    if anon.member_id.is_some() || anon.channel_id != channel.id.key() {
        return Ok(false);
    }
    let (target, _) = match member_cart(conn, channel, member_id)? {
        Some(row) => (row, None),
        None => create_row(
            conn,
            channel,
            Shopper {
                member_id: Some(member_id),
            },
            now,
        )?,
    };
    let incoming = lines_of(conn, anon.id)?;
    let mut lines = lines_of(conn, target.id)?;
    let offers = offers_of(conn, channel, incoming.iter().filter_map(|l| l.variant_id))?;
    for line in incoming {
        let Some(variant) = line.variant_id else {
            continue;
        };
        let existing = lines.iter().position(|l| l.variant_id == Some(variant));
        let held = existing.map_or(0, |p| lines[p].quantity);
        let units_in_cart: i64 = lines.iter().map(|l| l.quantity).sum();
        let mut quantity = (held + line.quantity)
            .min(MAX_LINE_QUANTITY)
            .min(held + (MAX_CART_QUANTITY - units_in_cart).max(0));
        if let Some(offer) = offers.get(&variant)
            && offer.on_sale
            && !offer.sell_when_out_of_stock
        {
            quantity = quantity.min(offer.stock.max(held));
        }
        if quantity <= held || (existing.is_none() && lines.len() >= MAX_CART_LINES) {
            continue;
        }
        match (existing, offers.get(&variant)) {
            (Some(p), Some(offer)) => {
                put_line(conn, target.id, Some(&lines[p]), offer, quantity, now)?;
                lines[p].quantity = quantity;
            }
            (Some(p), None) => {
                diesel::update(cl::table.find(lines[p].id))
                    .set((cl::quantity.eq(quantity), cl::updated_at.eq(now)))
                    .execute(conn)?;
                lines[p].quantity = quantity;
            }
            (None, _) => {
                // The line moves as it is, keeping the price it was added at.
                diesel::update(cl::table.find(line.id))
                    .set((
                        cl::cart_id.eq(target.id),
                        cl::quantity.eq(quantity),
                        cl::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                lines.push(CartLineRow {
                    cart_id: target.id,
                    quantity,
                    ..line
                });
            }
        }
    }
    diesel::delete(c::table.find(anon.id)).execute(conn)?;
    touch(conn, target.id, now)?;
    Ok(true)
}

/// [`merge_within`] in its own transaction, answering with the member's cart.
pub fn merge(
    conn: &mut AnyConnection,
    channel: &Channel,
    member_id: i64,
    token: &str,
) -> Result<Cart, CartError> {
    write_transaction(conn, |conn| {
        let token = token.trim();
        if token.is_empty() {
            return Err(CartError::one(Violation::new(
                &[TOKEN_FIELD],
                ViolationCode::Blank,
                "send the anonymous cart's token",
            )));
        }
        let merged = merge_within(conn, channel, member_id, token)?;
        let row = match member_cart(conn, channel, member_id)? {
            Some(row) => row,
            None if !merged => return Err(not_found_token()),
            None => return Err(DbError::Corrupt("the merged cart vanished".into()).into()),
        };
        if !merged && row.token_hash != token_hash(token) {
            // Already merged (a retry) or never existed: the member's cart is the answer either
            // way, but an unknown token of another channel or shopper says so.
            if by_token(conn, token)?.is_some() {
                return Err(not_found_token());
            }
        }
        price(conn, channel, &row)
    })
}

/// Takes ordered lines out of a cart (checkout, in its transaction).
pub(crate) fn remove_ordered(
    conn: &mut AnyConnection,
    cart_id: i64,
    line_ids: &[i64],
) -> Result<(), DbError> {
    diesel::delete(
        cl::table
            .filter(cl::cart_id.eq(cart_id))
            .filter(cl::id.eq_any(line_ids)),
    )
    .execute(conn)?;
    touch(conn, cart_id, db::now())
}

/// Deletes anonymous carts untouched since `before` (housekeeping).
pub fn purge_abandoned(conn: &mut AnyConnection, before: NaiveDateTime) -> Result<usize, DbError> {
    Ok(diesel::delete(
        c::table
            .filter(c::member_id.is_null())
            .filter(c::updated_at.lt(before)),
    )
    .execute(conn)?)
}
