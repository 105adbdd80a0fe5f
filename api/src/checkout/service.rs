//! Placing an order from a cart (see the module's note).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::input::{self, AddressInput, Contact, ContactInput};
use crate::access::audit::Actor;
use crate::cart::service::{self as carts, Shopper};
use crate::cart::{CartError, LineAvailability};
use crate::catalog::stock;
use crate::channel::Channel;
use crate::db::schema::{order_lines as ol, orders as o, payments as p};
use crate::db::{self, AnyConnection, DbError, write_transaction};
use crate::idempotency::{self, Claim, IdempotencyError};
use crate::order::service::{self as orders_svc, EventEntry, OrderDetail};
use crate::order::{OrderSource, OrderStatus, PaymentMethod};
use crate::payment::{PaymentStatus, Payments};
use crate::validation::{Violation, ViolationCode};

/// What the shopper submits.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckoutInput {
    pub cart_token: Option<String>,
    pub contact: ContactInput,
    pub address: AddressInput,
    pub payment_method: PaymentMethod,
    pub source: OrderSource,
    /// The total the shopper saw; a different total now (a price changed) is refused.
    pub expected_total: Option<i64>,
    pub agreements: input::AgreementsInput,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CheckoutError {
    #[error("{}", .0.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Violation>),
    /// A concurrent checkout with the same idempotency key committed first (retried).
    #[error("a concurrent checkout with the same idempotency key finished first")]
    Race,
    #[error(transparent)]
    Internal(#[from] DbError),
}

impl From<diesel::result::Error> for CheckoutError {
    fn from(e: diesel::result::Error) -> Self {
        // The stock column's CHECK is the backstop behind the conditional updates.
        if db::is_check_violation(&e) {
            return CheckoutError::Invalid(vec![Violation::new(
                &["cartToken"],
                ViolationCode::InsufficientStock,
                "an item in the cart is no longer in stock in this quantity",
            )]);
        }
        CheckoutError::Internal(DbError::Query(e))
    }
}

impl From<CartError> for CheckoutError {
    fn from(e: CartError) -> Self {
        match e {
            CartError::Invalid(v) => CheckoutError::Invalid(v),
            CartError::Internal(e) => CheckoutError::Internal(e),
        }
    }
}

impl From<IdempotencyError> for CheckoutError {
    fn from(e: IdempotencyError) -> Self {
        match e {
            IdempotencyError::Refused(v) => CheckoutError::Invalid(vec![v]),
            IdempotencyError::Race => CheckoutError::Race,
            IdempotencyError::Db(e) => CheckoutError::Internal(e),
        }
    }
}

impl idempotency::IsRace for CheckoutError {
    fn is_race(&self) -> bool {
        matches!(self, CheckoutError::Race)
    }
}

#[derive(diesel::QueryableByName)]
struct Sequence {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    last_value: i64,
}

/// The next order number of `day` (`YYYYMMDD`): one upsert of the day's counter. Taken last in
/// the checkout transaction, so the counter row is held only for the moment before commit.
fn next_number(conn: &mut AnyConnection, day: &str) -> Result<String, DbError> {
    use diesel::sql_types::Text;
    const UPSERT: &str = "INSERT INTO order_number_days (day, last_value) VALUES ($1, 1) \
         ON CONFLICT (day) DO UPDATE SET last_value = order_number_days.last_value + 1 \
         RETURNING last_value";
    let seq: Sequence = match conn {
        AnyConnection::Postgresql(pg) => diesel::sql_query(UPSERT)
            .bind::<Text, _>(day)
            .get_result(pg)?,
        AnyConnection::Sqlite(lite) => diesel::sql_query(UPSERT.replace("$1", "?1"))
            .bind::<Text, _>(day)
            .get_result(lite)?,
    };
    Ok(shared::checkout::order_number(day, seq.last_value))
}

fn shop_day(now: NaiveDateTime, time_zone: &str) -> String {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::Asia::Seoul);
    now.and_utc()
        .with_timezone(&tz)
        .format("%Y%m%d")
        .to_string()
}

fn member_contact(conn: &mut AnyConnection, member_id: i64) -> Result<Option<Contact>, DbError> {
    Ok(crate::members::get(conn, member_id)?.map(|m| Contact {
        name: m.name,
        email: m.email,
        phone: m.phone,
    }))
}

/// Places the shopper's order. Refused inputs are violations at their field (`shippingAddress.
/// postalCode`, `cart.lines.0`): nothing is created and no stock moves.
pub fn place(
    conn: &mut AnyConnection,
    channel: &Channel,
    shopper: Shopper,
    input: &CheckoutInput,
    payments: &Payments,
) -> Result<OrderDetail, CheckoutError> {
    idempotency::retrying(|| {
        write_transaction(conn, |c| place_once(c, channel, shopper, input, payments))
    })
}

fn place_once(
    conn: &mut AnyConnection,
    channel: &Channel,
    shopper: Shopper,
    input: &CheckoutInput,
    payments: &Payments,
) -> Result<OrderDetail, CheckoutError> {
    let now = db::now();
    let scope = format!(
        "checkout:{}:{}",
        channel.id.key(),
        match (shopper.member_id, &input.cart_token) {
            (Some(m), _) => format!("member:{m}"),
            (None, Some(t)) => format!("cart:{}", crate::access::crypto::token_hash(t.trim())),
            (None, None) => "anonymous".into(),
        }
    );
    if let Some(key) = &input.idempotency_key {
        let fingerprint = idempotency::fingerprint(input);
        if let Claim::Replay(outcome) =
            idempotency::claim(conn, "idempotencyKey", &scope, key, &fingerprint, now)?
        {
            let id = outcome["order"].as_i64().ok_or_else(|| {
                DbError::Corrupt(format!("idempotency outcome without an order: {outcome}"))
            })?;
            return orders_svc::detail_of(conn, id)?
                .ok_or_else(|| DbError::Corrupt(format!("order {id} vanished")).into());
        }
    }
    let mut violations = Vec::new();
    let defaults = match shopper.member_id {
        Some(m) => member_contact(conn, m)?,
        None => None,
    };
    let contact = input::check_contact(&input.contact, defaults.as_ref(), &mut violations);
    let address = input::check_address(&input.address, &mut violations);
    let agreements = input::check_agreements(
        &input.agreements,
        shopper.member_id.is_none(),
        &mut violations,
    );
    let row = carts::checkout_row(conn, channel, shopper, input.cart_token.as_deref())?;
    let cart = match &row {
        Some(row) => Some(carts::price(conn, channel, row)?),
        None => None,
    };
    let cart = match cart {
        Some(cart) if !cart.lines.is_empty() => cart,
        _ => {
            violations.push(Violation::new(
                &["cartToken"],
                ViolationCode::CartEmpty,
                "the cart is empty: add something before checking out",
            ));
            return Err(CheckoutError::Invalid(violations));
        }
    };
    for (i, line) in cart.lines.iter().enumerate() {
        let at = ["cart", "lines", &i.to_string()];
        match line.availability {
            LineAvailability::Available => {}
            LineAvailability::InsufficientStock => violations.push(Violation::new(
                &at,
                ViolationCode::InsufficientStock,
                format!(
                    "there is not enough stock of {} for this quantity",
                    line.product_name
                ),
            )),
            LineAvailability::Unavailable => violations.push(Violation::new(
                &at,
                ViolationCode::Unavailable,
                format!(
                    "{} is no longer for sale; remove it from the cart",
                    line.product_name
                ),
            )),
        }
    }
    if let Some(expected) = input.expected_total
        && expected != cart.totals.total.amount()
        && violations.is_empty()
    {
        violations.push(Violation::new(
            &["expectedTotal"],
            ViolationCode::PriceChanged,
            format!(
                "the total is now {} (a price or the shipping fee changed); check the cart and order again",
                cart.totals.total
            ),
        ));
    }
    if !violations.is_empty() {
        return Err(CheckoutError::Invalid(violations));
    }
    // Stock, in variant order: concurrent checkouts lock rows in one order, so never deadlock.
    let mut by_variant: Vec<(usize, i64, i64)> = cart
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.variant_id.map(|v| (i, v, l.quantity)))
        .collect();
    by_variant.sort_by_key(|(_, v, _)| *v);
    let mut taken = vec![0i64; cart.lines.len()];
    for (i, variant, quantity) in by_variant {
        match stock::take(conn, variant, quantity)? {
            Some(units) => taken[i] = units,
            None => violations.push(Violation::new(
                &["cart", "lines", &i.to_string()],
                ViolationCode::InsufficientStock,
                format!(
                    "{} sold out while you were checking out; choose fewer or remove it",
                    cart.lines[i].product_name
                ),
            )),
        }
    }
    if !violations.is_empty() {
        return Err(CheckoutError::Invalid(violations));
    }
    // A guest who gives the address a member has verified orders for that member, as guest
    // orders placed before the verification became theirs with it.
    let member_id = match shopper.member_id {
        Some(m) => Some(m),
        None => crate::members::verified_owner(conn, &contact.email)?,
    };
    let number = next_number(conn, &shop_day(now, &channel.time_zone))?;
    let t = &cart.totals;
    let order_id: i64 = diesel::insert_into(o::table)
        .values((
            (
                o::number.eq(&number),
                o::channel_id.eq(channel.id.key()),
                o::member_id.eq(member_id),
                o::status.eq(OrderStatus::AwaitingPayment.as_str()),
                o::source.eq(input.source.as_str()),
                o::customer_name.eq(&contact.name),
                o::email.eq(&contact.email),
                o::phone.eq(&contact.phone),
            ),
            (
                o::recipient.eq(&address.recipient),
                o::recipient_phone.eq(&address.phone),
                o::postal_code.eq(&address.postal_code),
                o::road_address.eq(&address.road_address),
                o::detail_address.eq(&address.detail_address),
                o::delivery_note.eq(&address.delivery_note),
            ),
            (
                o::currency.eq(channel.currency.code()),
                o::subtotal_amount.eq(t.subtotal.amount()),
                o::shipping_amount.eq(t.shipping.amount()),
                o::discount_amount.eq(t.discount.amount()),
                o::total_amount.eq(t.total.amount()),
                o::payment_method.eq(input.payment_method.as_str()),
                o::expires_at
                    .eq(now + chrono::Duration::minutes(i64::from(payments.payment_minutes))),
                o::placed_at.eq(now),
                o::updated_at.eq(now),
            ),
        ))
        .returning(o::id)
        .get_result(conn)?;
    for (i, line) in cart.lines.iter().enumerate() {
        let unit = line.unit_price.unwrap_or(line.added_unit_price);
        diesel::insert_into(ol::table)
            .values((
                ol::order_id.eq(order_id),
                ol::position.eq(i32::try_from(i).unwrap_or(i32::MAX)),
                ol::variant_id.eq(line.variant_id),
                ol::product_id.eq(line.product_id),
                ol::product_name.eq(&line.product_name),
                ol::variant_label.eq(&line.variant_label),
                ol::sku.eq(&line.sku),
                ol::unit_price_amount.eq(unit.amount()),
                ol::quantity.eq(line.quantity),
                ol::line_total_amount.eq(line.line_total.amount()),
                ol::stock_taken.eq(taken[i]),
            ))
            .execute(conn)?;
    }
    diesel::insert_into(p::table)
        .values((
            p::order_id.eq(order_id),
            p::gateway.eq(payments.gateways.active().name()),
            p::method.eq(input.payment_method.as_str()),
            p::status.eq(PaymentStatus::Pending.as_str()),
            p::amount.eq(t.total.amount()),
            p::created_at.eq(now),
            p::updated_at.eq(now),
        ))
        .execute(conn)?;
    let actor = match shopper.member_id {
        Some(m) => Actor {
            kind: "member",
            id: Some(m),
            name: contact.name.clone(),
            ip: None,
        },
        None => Actor {
            kind: "guest",
            id: None,
            name: contact.name.clone(),
            ip: None,
        },
    };
    orders_svc::record_agreements(conn, order_id, channel.id.key(), &agreements, now)?;
    orders_svc::record(
        conn,
        order_id,
        &actor,
        EventEntry {
            kind: "status",
            from: None,
            to: Some(OrderStatus::AwaitingPayment),
            message: "order placed".into(),
            detail: json!({ "source": input.source.as_str(), "payment_method": input.payment_method.as_str() }),
        },
        now,
    )?;
    if let Some(row) = &row {
        let ids: Vec<i64> = cart.lines.iter().map(|l| l.id).collect();
        carts::remove_ordered(conn, row.id, &ids)?;
    }
    if let Some(key) = &input.idempotency_key {
        idempotency::finish(conn, &scope, key, &json!({ "order": order_id }))?;
    }
    Ok(orders_svc::detail_of(conn, order_id)?
        .ok_or_else(|| DbError::Corrupt(format!("order {number} vanished")))?)
}
