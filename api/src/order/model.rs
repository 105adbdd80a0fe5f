//! Order rows and the values built from them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::{Currency, Money};

use super::state::OrderStatus;
use crate::db::DbError;
use crate::db::schema::{order_events, order_lines, orders};

/// How an order is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PaymentMethod {
    /// Card (and real-time bank transfer): confirmed at checkout, the order is paid at once.
    Card,
    /// Virtual account (무통장 입금): paid later by bank deposit, confirmed by the gateway's
    /// notification.
    VirtualAccount,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Card => "CARD",
            PaymentMethod::VirtualAccount => "VIRTUAL_ACCOUNT",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentMethod> {
        [PaymentMethod::Card, PaymentMethod::VirtualAccount]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

/// An agreement a shopper gives before paying, kept with the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgreementKind {
    /// 구매조건 확인 및 결제 진행 동의: the shopper checked what they buy and agrees to pay
    /// (전자상거래법 제8조 제2항). Every order.
    PurchaseConditions,
    /// 개인정보 수집·이용 동의: a guest's consent to the collection of their details for the order
    /// (개인정보 보호법 제15조). Orders without an account.
    PrivacyCollection,
}

impl AgreementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AgreementKind::PurchaseConditions => "PURCHASE_CONDITIONS",
            AgreementKind::PrivacyCollection => "PRIVACY_COLLECTION",
        }
    }

    pub fn parse(s: &str) -> Option<AgreementKind> {
        [
            AgreementKind::PurchaseConditions,
            AgreementKind::PrivacyCollection,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// The version of the text a shopper agrees to today; a changed text gets a new version, so
    /// each order says which text its shopper saw.
    pub fn current_version(self) -> &'static str {
        match self {
            AgreementKind::PurchaseConditions => "2026-12-07",
            AgreementKind::PrivacyCollection => "2026-12-07",
        }
    }

    /// The channel policy the agreement refers to: the terms of use for the purchase
    /// conditions, the privacy policy for a guest's consent.
    pub fn policy(self) -> crate::channel::policy::PolicyKind {
        match self {
            AgreementKind::PurchaseConditions => crate::channel::policy::PolicyKind::Terms,
            AgreementKind::PrivacyCollection => crate::channel::policy::PolicyKind::Privacy,
        }
    }
}

/// An agreement given for an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderAgreement {
    pub kind: AgreementKind,
    /// The version of the agreement's own text (the checkbox and its details).
    pub version: String,
    /// The version of the channel policy it refers to, when one was published.
    pub policy_version: Option<i32>,
    pub agreed_at: NaiveDateTime,
}

/// Where an order was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrderSource {
    StorefrontPc,
    StorefrontMobile,
    /// Through the Shop API by another client (a third-party storefront, a script).
    Api,
    /// Collected from an external marketplace.
    Marketplace,
}

impl OrderSource {
    pub const ALL: [OrderSource; 4] = [
        OrderSource::StorefrontPc,
        OrderSource::StorefrontMobile,
        OrderSource::Api,
        OrderSource::Marketplace,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderSource::StorefrontPc => "STOREFRONT_PC",
            OrderSource::StorefrontMobile => "STOREFRONT_MOBILE",
            OrderSource::Api => "API",
            OrderSource::Marketplace => "MARKETPLACE",
        }
    }

    pub fn parse(s: &str) -> Option<OrderSource> {
        OrderSource::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = orders)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub channel_id: i64,
    pub member_id: Option<i64>,
    pub status: String,
    pub source: String,
    pub customer_name: String,
    pub email: String,
    pub phone: String,
    pub recipient: String,
    pub recipient_phone: String,
    pub postal_code: String,
    pub road_address: String,
    pub detail_address: String,
    pub delivery_note: String,
    pub currency: String,
    pub subtotal_amount: i64,
    pub shipping_amount: i64,
    pub discount_amount: i64,
    pub total_amount: i64,
    pub refunded_amount: i64,
    pub refunded_shipping_amount: i64,
    pub payment_method: String,
    pub expires_at: Option<NaiveDateTime>,
    pub carrier_code: Option<String>,
    pub tracking_number: Option<String>,
    pub placed_at: NaiveDateTime,
    pub paid_at: Option<NaiveDateTime>,
    pub shipped_at: Option<NaiveDateTime>,
    pub delivered_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = order_lines)]
pub struct OrderLineRow {
    pub id: i64,
    pub order_id: i64,
    pub position: i32,
    pub variant_id: Option<i64>,
    pub product_id: Option<i64>,
    pub product_name: String,
    pub variant_label: String,
    pub sku: String,
    pub unit_price_amount: i64,
    pub quantity: i64,
    pub line_total_amount: i64,
    pub refunded_quantity: i64,
    pub stock_taken: i64,
    pub restocked_quantity: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = order_events)]
pub struct OrderEventRow {
    pub id: i64,
    pub order_id: i64,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub message: String,
    pub detail: String,
    pub created_at: NaiveDateTime,
}

/// A Korean shipping address as the order keeps it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShippingAddress {
    pub recipient: String,
    /// E.164.
    pub phone: String,
    pub postal_code: String,
    pub road_address: String,
    pub detail_address: String,
    pub delivery_note: String,
}

/// An order with its amounts as money.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub id: i64,
    pub number: String,
    pub channel_id: i64,
    pub member_id: Option<i64>,
    pub status: OrderStatus,
    pub source: OrderSource,
    pub customer_name: String,
    pub email: String,
    /// E.164.
    pub phone: String,
    pub address: ShippingAddress,
    pub currency: Currency,
    pub subtotal: Money,
    pub shipping: Money,
    pub discount: Money,
    pub total: Money,
    pub refunded: Money,
    pub refunded_shipping: Money,
    pub payment_method: PaymentMethod,
    pub expires_at: Option<NaiveDateTime>,
    pub carrier_code: Option<String>,
    pub tracking_number: Option<String>,
    pub placed_at: NaiveDateTime,
    pub paid_at: Option<NaiveDateTime>,
    pub shipped_at: Option<NaiveDateTime>,
    pub delivered_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

fn corrupt(number: &str, what: &str) -> DbError {
    DbError::Corrupt(format!("order {number}: {what}"))
}

pub(crate) fn money(amount: i64, currency: Currency, number: &str) -> Result<Money, DbError> {
    Money::try_new(amount, currency).map_err(|e| corrupt(number, &e.to_string()))
}

impl TryFrom<OrderRow> for Order {
    type Error = DbError;

    fn try_from(r: OrderRow) -> Result<Order, DbError> {
        let currency: Currency = r
            .currency
            .parse()
            .map_err(|_| corrupt(&r.number, "unknown currency"))?;
        let m = |amount: i64| money(amount, currency, &r.number);
        Ok(Order {
            status: OrderStatus::parse(&r.status)
                .ok_or_else(|| corrupt(&r.number, "unknown status"))?,
            source: OrderSource::parse(&r.source)
                .ok_or_else(|| corrupt(&r.number, "unknown source"))?,
            payment_method: PaymentMethod::parse(&r.payment_method)
                .ok_or_else(|| corrupt(&r.number, "unknown payment method"))?,
            subtotal: m(r.subtotal_amount)?,
            shipping: m(r.shipping_amount)?,
            discount: m(r.discount_amount)?,
            total: m(r.total_amount)?,
            refunded: m(r.refunded_amount)?,
            refunded_shipping: m(r.refunded_shipping_amount)?,
            currency,
            id: r.id,
            channel_id: r.channel_id,
            member_id: r.member_id,
            customer_name: r.customer_name,
            email: r.email,
            phone: r.phone,
            address: ShippingAddress {
                recipient: r.recipient,
                phone: r.recipient_phone,
                postal_code: r.postal_code,
                road_address: r.road_address,
                detail_address: r.detail_address,
                delivery_note: r.delivery_note,
            },
            expires_at: r.expires_at,
            carrier_code: r.carrier_code,
            tracking_number: r.tracking_number,
            placed_at: r.placed_at,
            paid_at: r.paid_at,
            shipped_at: r.shipped_at,
            delivered_at: r.delivered_at,
            closed_at: r.closed_at,
            updated_at: r.updated_at,
            number: r.number,
        })
    }
}

impl Order {
    /// What can still be refunded.
    pub fn refundable(&self) -> Money {
        Money::new(
            (self.total.amount() - self.refunded.amount()).max(0),
            self.currency,
        )
    }
}

/// One line of an order, as it was when ordered.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderLine {
    pub id: i64,
    pub variant_id: Option<i64>,
    pub product_id: Option<i64>,
    pub product_name: String,
    pub variant_label: String,
    pub sku: String,
    pub unit_price: Money,
    pub quantity: i64,
    pub line_total: Money,
    pub refunded_quantity: i64,
}

impl OrderLine {
    pub fn from_row(r: OrderLineRow, currency: Currency) -> Result<OrderLine, DbError> {
        let n = format!("line {}", r.id);
        Ok(OrderLine {
            unit_price: money(r.unit_price_amount, currency, &n)?,
            line_total: money(r.line_total_amount, currency, &n)?,
            id: r.id,
            variant_id: r.variant_id,
            product_id: r.product_id,
            product_name: r.product_name,
            variant_label: r.variant_label,
            sku: r.sku,
            quantity: r.quantity,
            refunded_quantity: r.refunded_quantity,
        })
    }
}

/// One entry of an order's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderEvent {
    pub id: i64,
    /// `status`, `payment`, `refund`, `shipment`, `note`.
    pub kind: String,
    pub from: Option<OrderStatus>,
    pub to: Option<OrderStatus>,
    pub actor_kind: String,
    pub actor_name: String,
    pub message: String,
    pub created_at: NaiveDateTime,
}

impl From<OrderEventRow> for OrderEvent {
    fn from(r: OrderEventRow) -> OrderEvent {
        OrderEvent {
            id: r.id,
            kind: r.kind,
            from: r.from_status.as_deref().and_then(OrderStatus::parse),
            to: r.to_status.as_deref().and_then(OrderStatus::parse),
            actor_kind: r.actor_kind,
            actor_name: r.actor_name,
            message: r.message,
            created_at: r.created_at,
        }
    }
}
