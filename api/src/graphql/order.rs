//! Order types both APIs share. Each API's `Order` merges [`OrderFields`] with its own: the
//! shopper sees the status timeline, staff the whole timeline, refunds and payment details.

use async_graphql::{Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use shared::{KrMobile, OrderId, OrderLineId, VariantId};

use super::money::Money;
use crate::order::model::ShippingAddress as Address;
use crate::order::{OrderDetail, OrderLine as Line};

/// Where an order is in its life.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::order::OrderStatus")]
pub enum OrderStatus {
    /// Placed; the payment is not confirmed yet (the shopper is paying).
    AwaitingPayment,
    /// A virtual account was issued; waiting for the bank deposit.
    AwaitingDeposit,
    Paid,
    Preparing,
    Shipped,
    Delivered,
    Cancelled,
    /// Not paid by the deadline; its stock was released.
    Expired,
    PartiallyRefunded,
    Refunded,
}

/// How an order is paid.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::order::PaymentMethod")]
pub enum PaymentMethod {
    /// Card (or real-time bank transfer): the order is paid at checkout.
    Card,
    /// Virtual account (무통장 입금): paid by bank deposit before the deadline.
    VirtualAccount,
}

/// Where an order was placed.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::order::OrderSource")]
pub enum OrderSource {
    StorefrontPc,
    StorefrontMobile,
    /// Another client of the Shop API (a third-party storefront, a script).
    Api,
    /// Collected from an external marketplace.
    Marketplace,
}

/// A payment's state.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::payment::PaymentStatus")]
pub enum PaymentStatus {
    Pending,
    Confirming,
    WaitingForDeposit,
    Paid,
    PartiallyRefunded,
    Refunded,
    Cancelled,
    Expired,
}

/// The payment gateway of a payment.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::config::GatewayKind")]
pub enum PaymentGateway {
    /// The built-in sandbox (test cards, simulated deposits; no real money).
    Sandbox,
    /// Toss Payments.
    Toss,
}

fn utc(t: chrono::NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

pub(crate) fn display_phone(e164: &str) -> String {
    e164.parse::<KrMobile>()
        .map(|p| p.display())
        .unwrap_or_else(|_| e164.to_owned())
}

/// A Korean shipping address.
pub struct ShippingAddress(pub Address);

#[Object]
impl ShippingAddress {
    /// 받는 분.
    async fn recipient(&self) -> &str {
        &self.0.recipient
    }
    async fn phone(&self) -> String {
        display_phone(&self.0.phone)
    }
    /// 우편번호.
    async fn postal_code(&self) -> &str {
        &self.0.postal_code
    }
    /// 도로명 주소.
    async fn road_address(&self) -> &str {
        &self.0.road_address
    }
    /// 상세 주소.
    async fn detail_address(&self) -> &str {
        &self.0.detail_address
    }
    /// 배송 메모.
    async fn delivery_note(&self) -> &str {
        &self.0.delivery_note
    }
}

/// One line of an order, as it was when ordered (later catalog changes do not alter it).
pub struct OrderLine(pub Line);

#[Object]
impl OrderLine {
    async fn id(&self) -> ID {
        ID(OrderLineId(self.0.id).to_string())
    }
    /// The variant ordered; `null` once it was removed from the catalog.
    async fn variant_id(&self) -> Option<ID> {
        self.0.variant_id.map(|v| ID(VariantId(v).to_string()))
    }
    async fn product_name(&self) -> &str {
        &self.0.product_name
    }
    /// The option values, e.g. `꿀 / 12개`.
    async fn variant_label(&self) -> &str {
        &self.0.variant_label
    }
    async fn sku(&self) -> &str {
        &self.0.sku
    }
    async fn unit_price(&self) -> Money {
        Money(self.0.unit_price)
    }
    async fn quantity(&self) -> i64 {
        self.0.quantity
    }
    async fn line_total(&self) -> Money {
        Money(self.0.line_total)
    }
    /// Units refunded so far.
    async fn refunded_quantity(&self) -> i64 {
        self.0.refunded_quantity
    }
}

/// The bank account to deposit into.
pub struct VirtualAccount {
    account: crate::payment::model::VirtualAccount,
    amount: shared::Money,
}

#[Object]
impl VirtualAccount {
    /// The bank's code, e.g. `20`.
    async fn bank_code(&self) -> &str {
        &self.account.bank_code
    }
    /// e.g. `우리은행`.
    async fn bank_name(&self) -> &str {
        crate::payment::model::bank_name(&self.account.bank_code)
    }
    async fn account_number(&self) -> &str {
        &self.account.account_number
    }
    /// 예금주.
    async fn holder(&self) -> &str {
        &self.account.holder
    }
    /// Deposit exactly this amount.
    async fn amount(&self) -> Money {
        Money(self.amount)
    }
    /// Deposit before this time, or the order expires.
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.account.due_at.map(utc)
    }
}

/// An order's payment.
pub struct Payment {
    payment: crate::payment::Payment,
}

#[Object]
impl Payment {
    async fn status(&self) -> PaymentStatus {
        self.payment.status.into()
    }
    async fn method(&self) -> PaymentMethod {
        self.payment.method.into()
    }
    async fn gateway(&self) -> Option<PaymentGateway> {
        match self.payment.gateway.as_str() {
            "sandbox" => Some(PaymentGateway::Sandbox),
            "toss" => Some(PaymentGateway::Toss),
            _ => None,
        }
    }
    async fn amount(&self) -> Money {
        Money(self.payment.amount)
    }
    async fn refunded(&self) -> Money {
        Money(self.payment.refunded)
    }
    /// For a virtual-account payment once issued: where to deposit.
    async fn virtual_account(&self) -> Option<VirtualAccount> {
        self.payment
            .virtual_account
            .clone()
            .map(|account| VirtualAccount {
                account,
                amount: self.payment.amount,
            })
    }
    /// Why the last attempt was declined, when it was.
    async fn failure_message(&self) -> Option<&str> {
        self.payment.failure_message.as_deref()
    }
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.payment.approved_at.map(utc)
    }
}

/// Where a shipped order is: the carrier's own tracking page.
#[derive(SimpleObject)]
pub struct Tracking {
    /// e.g. `CJ`.
    carrier_code: String,
    /// e.g. `CJ대한통운`.
    carrier_name: String,
    number: String,
    /// The carrier's tracking page for this number.
    url: String,
}

/// A status change in an order's life.
#[derive(SimpleObject)]
pub struct StatusChange {
    status: OrderStatus,
    at: DateTime<Utc>,
}

/// The fields of an order that every API shows.
pub struct OrderFields(pub OrderDetail);

#[Object]
impl OrderFields {
    async fn id(&self) -> ID {
        ID(OrderId(self.0.order.id).to_string())
    }
    /// The order number people quote, e.g. `20261205-000123`.
    async fn number(&self) -> &str {
        &self.0.order.number
    }
    async fn status(&self) -> OrderStatus {
        self.0.order.status.into()
    }
    async fn source(&self) -> OrderSource {
        self.0.order.source.into()
    }
    /// 주문자.
    async fn customer_name(&self) -> &str {
        &self.0.order.customer_name
    }
    async fn email(&self) -> &str {
        &self.0.order.email
    }
    async fn phone(&self) -> String {
        display_phone(&self.0.order.phone)
    }
    async fn shipping_address(&self) -> ShippingAddress {
        ShippingAddress(self.0.order.address.clone())
    }
    async fn lines(&self) -> Vec<OrderLine> {
        self.0.lines.iter().cloned().map(OrderLine).collect()
    }
    async fn subtotal(&self) -> Money {
        Money(self.0.order.subtotal)
    }
    async fn shipping_fee(&self) -> Money {
        Money(self.0.order.shipping)
    }
    async fn discount_total(&self) -> Money {
        Money(self.0.order.discount)
    }
    /// What the shopper pays.
    async fn total(&self) -> Money {
        Money(self.0.order.total)
    }
    /// What was refunded so far.
    async fn refunded_total(&self) -> Money {
        Money(self.0.order.refunded)
    }
    async fn payment_method(&self) -> PaymentMethod {
        self.0.order.payment_method.into()
    }
    async fn payment(&self) -> Option<Payment> {
        self.0.payment.clone().map(|payment| Payment { payment })
    }
    /// Once shipped: the carrier and the link to its tracking page.
    async fn tracking(&self) -> Option<Tracking> {
        let o = &self.0.order;
        match (&o.carrier_code, &o.tracking_number, &self.0.tracking_url) {
            (Some(code), Some(number), Some(url)) => Some(Tracking {
                carrier_code: code.clone(),
                carrier_name: self.0.carrier_name.clone().unwrap_or_else(|| code.clone()),
                number: number.clone(),
                url: url.clone(),
            }),
            _ => None,
        }
    }
    async fn placed_at(&self) -> DateTime<Utc> {
        utc(self.0.order.placed_at)
    }
    async fn paid_at(&self) -> Option<DateTime<Utc>> {
        self.0.order.paid_at.map(utc)
    }
    async fn shipped_at(&self) -> Option<DateTime<Utc>> {
        self.0.order.shipped_at.map(utc)
    }
    async fn delivered_at(&self) -> Option<DateTime<Utc>> {
        self.0.order.delivered_at.map(utc)
    }
    /// An unpaid order's deadline: it expires (and its stock is released) after this.
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.order.expires_at.map(utc)
    }
    /// Each status the order entered, oldest first.
    async fn status_history(&self) -> Vec<StatusChange> {
        self.0
            .events
            .iter()
            .filter(|e| e.kind == "status")
            .filter_map(|e| {
                e.to.map(|to| StatusChange {
                    status: to.into(),
                    at: utc(e.created_at),
                })
            })
            .collect()
    }
}
