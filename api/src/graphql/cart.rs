//! Shop API: carts, checkout, payment confirmation and the shopper's orders.
//!
//! An anonymous shopper's cart is reached with its `cartToken` (returned once, by the mutation
//! that created the cart); a signed-in member's cart needs no token. Every cart answer is
//! priced afresh on the server.

use std::sync::Arc;

use async_graphql::connection::Connection;
use async_graphql::{
    Context, ErrorExtensions, ID, InputObject, MergedObject, Object, SimpleObject,
};
use chrono::{DateTime, Utc};
use shared::{CartLineId, VariantId};

use super::catalog::Image;
use super::error::{UserError, UserErrorCode, internal};
use super::money::{MinorUnits, Money};
use super::order::{OrderFields, OrderSource, PaymentGateway, PaymentMethod};
use super::pagination::{connection, page_request};
use crate::cart::{self, CartError, Shopper};
use crate::channel::Channel;
use crate::checkout::{self, AddressInput, CheckoutError, CheckoutInput, ContactInput};
use crate::db::Db;
use crate::http::graphql::ShopViewer;
use crate::order::OrderDetail;
use crate::payment::{PaymentError, Payments};

/// The caller as a shopper: anonymous, or a member (an invalid access token is refused rather
/// than quietly treated as anonymous, so items never land in the wrong cart).
fn shopper(ctx: &Context<'_>) -> async_graphql::Result<Shopper> {
    match ctx.data_opt::<ShopViewer>() {
        None | Some(ShopViewer::Anonymous) => Ok(Shopper { member_id: None }),
        _ => Ok(Shopper {
            member_id: Some(super::account::member_id(ctx)?),
        }),
    }
}

/// [`shopper`] for checkout and payment: a member's access token must also belong to a live
/// session (see [`super::account::live_member_id`]).
async fn live_shopper(ctx: &Context<'_>) -> async_graphql::Result<Shopper> {
    match ctx.data_opt::<ShopViewer>() {
        None | Some(ShopViewer::Anonymous) => Ok(Shopper { member_id: None }),
        _ => Ok(Shopper {
            member_id: Some(super::account::live_member_id(ctx).await?),
        }),
    }
}

fn channel(ctx: &Context<'_>) -> Channel {
    ctx.data_unchecked::<Channel>().clone()
}

/// Violations as user errors, their fields placed under the argument `arg` (none for `""`).
fn user_errors(arg: &str, violations: Vec<crate::validation::Violation>) -> Vec<UserError> {
    violations
        .into_iter()
        .map(|v| UserError::from_violation(arg, v))
        .collect()
}

/// Whether a cart line can be ordered as it is.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::cart::LineAvailability")]
pub enum CartLineAvailability {
    Available,
    /// On sale, but not in this quantity: choose fewer (the count left is never shown).
    InsufficientStock,
    /// No longer for sale here: remove it.
    Unavailable,
}

/// One line of a cart.
pub struct CartLine(cart::CartLine);

#[Object]
impl CartLine {
    async fn id(&self) -> ID {
        ID(CartLineId(self.0.id).to_string())
    }
    /// `null` once the variant was removed from the catalog.
    async fn variant_id(&self) -> Option<ID> {
        self.0.variant_id.map(|v| ID(VariantId(v).to_string()))
    }
    /// For a link to the product page; `null` when the product is gone.
    async fn product_slug(&self) -> Option<&str> {
        self.0.product_slug.as_deref()
    }
    async fn product_name(&self) -> &str {
        &self.0.product_name
    }
    /// e.g. `꿀 / 12개`.
    async fn variant_label(&self) -> &str {
        &self.0.variant_label
    }
    async fn sku(&self) -> &str {
        &self.0.sku
    }
    async fn quantity(&self) -> i64 {
        self.0.quantity
    }
    /// The price now; `null` when it is no longer sold here.
    async fn unit_price(&self) -> Option<Money> {
        self.0.unit_price.map(Money)
    }
    /// The price when the line was added (or its quantity last changed).
    async fn added_unit_price(&self) -> Money {
        Money(self.0.added_unit_price)
    }
    /// The price changed since the line was added: tell the shopper.
    async fn price_changed(&self) -> bool {
        self.0.price_changed
    }
    /// `unitPrice × quantity`; zero for a line that cannot be ordered.
    async fn line_total(&self) -> Money {
        Money(self.0.line_total)
    }
    async fn availability(&self) -> CartLineAvailability {
        self.0.availability.into()
    }
    async fn image(&self) -> Option<Image> {
        self.0.image.clone().map(Image)
    }
}

/// A shopping cart, priced from current prices.
pub struct Cart(cart::Cart);

#[Object]
impl Cart {
    async fn lines(&self) -> Vec<CartLine> {
        self.0.lines.iter().cloned().map(CartLine).collect()
    }
    /// Units in the lines that can be ordered.
    async fn quantity(&self) -> i64 {
        self.0.totals.quantity
    }
    async fn subtotal(&self) -> Money {
        Money(self.0.totals.subtotal)
    }
    /// The shop's flat fee, or zero from the free-shipping threshold on.
    async fn shipping_fee(&self) -> Money {
        Money(self.0.totals.shipping)
    }
    async fn discount_total(&self) -> Money {
        Money(self.0.totals.discount)
    }
    /// `subtotal + shippingFee − discountTotal`: what checkout charges now.
    async fn total(&self) -> Money {
        Money(self.0.totals.total)
    }
    /// How much more to spend for free shipping; `null` when it is free or never free.
    async fn free_shipping_remaining(&self) -> Option<Money> {
        self.0.totals.free_shipping_remaining.map(Money)
    }
    /// Every line can be ordered as it is.
    async fn ready_to_order(&self) -> bool {
        self.0.ready_to_order()
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at.and_utc()
    }
}

#[derive(InputObject)]
pub struct CartLineInput {
    variant_id: ID,
    /// Units to add (1 to 99 per line in all).
    quantity: i64,
}

#[derive(InputObject)]
pub struct CartLineUpdateInput {
    /// A line of this cart.
    id: ID,
    /// The new quantity (1 to 99; remove a line with `cartLinesRemove`).
    quantity: i64,
}

/// Result of a cart mutation.
#[derive(SimpleObject)]
pub struct CartPayload {
    /// The cart after the change; `null` when `userErrors` is not empty (nothing changed).
    cart: Option<Cart>,
    /// Set only when this mutation created an anonymous cart: keep it and send it as
    /// `cartToken` from now on (it is not shown again).
    cart_token: Option<String>,
    user_errors: Vec<UserError>,
}

fn cart_payload(
    ctx: &Context<'_>,
    result: Result<(cart::Cart, Option<String>), CartError>,
) -> async_graphql::Result<CartPayload> {
    match result {
        Ok((c, token)) => Ok(CartPayload {
            cart: Some(Cart(c)),
            cart_token: token,
            user_errors: Vec::new(),
        }),
        Err(CartError::Invalid(v)) => Ok(CartPayload {
            cart: None,
            cart_token: None,
            user_errors: user_errors("", v),
        }),
        Err(e) => Err(internal(ctx, &e)),
    }
}

fn parse_ids<T>(
    arg: &str,
    ids: impl IntoIterator<Item = (usize, ID)>,
    sub: Option<&str>,
) -> Result<Vec<(usize, i64)>, Vec<UserError>>
where
    T: std::str::FromStr<Err = shared::IdError> + Into<i64>,
{
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, id) in ids {
        match id.parse::<T>() {
            Ok(t) => out.push((i, t.into())),
            Err(e) => {
                let i = i.to_string();
                let mut path = vec![arg, i.as_str()];
                if let Some(sub) = sub {
                    path.push(sub);
                }
                errors.push(UserError::new(&path, UserErrorCode::Invalid, e.to_string()));
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A Korean shipping address.
#[derive(InputObject)]
pub struct ShippingAddressInput {
    /// 받는 분.
    recipient: String,
    /// The recipient's mobile number, e.g. `010-1234-5678`.
    phone: String,
    /// 우편번호: five digits.
    postal_code: String,
    /// 도로명 주소.
    road_address: String,
    /// 상세 주소 (building, floor, unit).
    #[graphql(default)]
    detail_address: String,
    /// 배송 메모, e.g. `문 앞에 놓아 주세요` (up to 200 characters).
    #[graphql(default)]
    delivery_note: String,
}

#[derive(InputObject)]
pub struct CheckoutCompleteInput {
    /// An anonymous shopper's cart. Signed in, leave it out to order the member's cart, or name
    /// an anonymous cart to order just that one (바로구매: a cart made for one purchase), which
    /// leaves the member's cart as it is.
    cart_token: Option<String>,
    /// The orderer (주문자); a member's account name when left out.
    customer_name: Option<String>,
    /// For the order's messages; a member's account email when left out.
    email: Option<String>,
    /// The orderer's mobile number (guests look their order up with it); a member's when left
    /// out.
    phone: Option<String>,
    shipping_address: ShippingAddressInput,
    payment_method: PaymentMethod,
    /// Where the order is placed; `API` when left out.
    source: Option<OrderSource>,
    /// The total the shopper saw: when prices changed since, checkout is refused with
    /// `PRICE_CHANGED` instead of charging a different amount.
    expected_total: Option<MinorUnits>,
    /// What the shopper agreed to before paying; an agreement the order needs that is left out
    /// or `false` is refused with `CONSENT_REQUIRED` on its field, and no order is placed.
    agreements: Option<CheckoutAgreementsInput>,
}

/// The agreements of the checkout page, kept with the order (which text, which version, when).
#[derive(InputObject, Default)]
pub struct CheckoutAgreementsInput {
    /// 구매조건 확인 및 결제 진행 동의: the shopper checked the items, prices and delivery and
    /// agrees to pay. Every order needs it.
    purchase_conditions: Option<bool>,
    /// 개인정보 수집·이용 동의: consent to collect the orderer's and recipient's details (name,
    /// phone, email, address) to deliver the order. Orders without an account need it.
    privacy_collection: Option<bool>,
}

/// What the shopper's browser needs to pay with the gateway.
#[derive(SimpleObject)]
pub struct PaymentSession {
    gateway: PaymentGateway,
    /// What the gateway calls `orderId`: the order number.
    order_id: String,
    /// A name for the payment window, e.g. `단백질 쉐이크 외 1건`.
    order_name: String,
    amount: Money,
    /// Toss Payments' client key for its payment window.
    client_key: Option<String>,
    /// Sandbox: `POST` `{orderId, amount, method, cardNumber | bank}` here to authorise, then
    /// call `paymentConfirm` with the `paymentKey` it returns.
    authorize_url: Option<String>,
    /// Toss: the payment SDK to load (`TossPayments(clientKey)`); its payment window redirects
    /// back with `paymentKey`, `orderId` and `amount` for `paymentConfirm`.
    script_url: Option<String>,
    /// Hours a virtual account waits for its deposit: the gateway's window is given the same
    /// deadline (Toss's `virtualAccount.validHours`), so no account outlives its order.
    deposit_hours: i32,
}

fn session_of(payments: &Payments, detail: &OrderDetail) -> Option<PaymentSession> {
    if !detail.order.status.is_unpaid() {
        return None;
    }
    let gateway_name = detail.payment.as_ref().map(|p| p.gateway.as_str());
    let gateway = gateway_name
        .and_then(|n| payments.gateways.named(n))
        .unwrap_or_else(|| payments.gateways.active());
    let session = gateway.session();
    let order_name = match detail.lines.as_slice() {
        [] => detail.order.number.clone(),
        [one] => one.product_name.clone(),
        [first, rest @ ..] => format!("{} 외 {}건", first.product_name, rest.len()),
    };
    Some(PaymentSession {
        gateway: session.gateway.into(),
        order_id: detail.order.number.clone(),
        order_name,
        amount: Money(detail.order.total),
        client_key: session.client_key,
        authorize_url: session.authorize_url,
        script_url: session.script_url,
        deposit_hours: i32::try_from(payments.deposit_hours).unwrap_or(i32::MAX),
    })
}

/// Result of `checkoutComplete`.
#[derive(SimpleObject)]
pub struct CheckoutCompletePayload {
    /// The order placed (`AWAITING_PAYMENT`): its stock is held until `expiresAt`.
    order: Option<Order>,
    /// How to pay it.
    payment: Option<PaymentSession>,
    user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct PaymentConfirmInput {
    /// The order number (the gateway's `orderId`).
    order_number: String,
    /// The gateway's key for the authorised payment (the redirect's `paymentKey`).
    payment_key: String,
    /// The amount the redirect carried; it must equal the order's total.
    amount: MinorUnits,
}

/// Result of `paymentConfirm`.
#[derive(SimpleObject)]
pub struct PaymentConfirmPayload {
    /// The order: `PAID` for a card, `AWAITING_DEPOSIT` (with the account in
    /// `payment.virtualAccount`) for a virtual account.
    order: Option<Order>,
    user_errors: Vec<UserError>,
}

/// An order, as its shopper sees it.
#[derive(MergedObject)]
pub struct Order(OrderFields, ShopOrderFields);

impl Order {
    fn new(detail: OrderDetail, payments: &Payments) -> Order {
        let session = session_of(payments, &detail);
        Order(OrderFields(detail), ShopOrderFields { session })
    }
}

pub struct ShopOrderFields {
    session: Option<PaymentSession>,
}

#[Object]
impl ShopOrderFields {
    /// While unpaid: how to (try again to) pay.
    async fn payment_session(&self) -> Option<&PaymentSession> {
        self.session.as_ref()
    }
}

#[derive(Default)]
pub struct CartQuery;

#[Object]
impl CartQuery {
    /// The shopper's cart: a signed-in member's own, or the anonymous cart of `cartToken`;
    /// `null` when there is none yet.
    async fn cart(
        &self,
        ctx: &Context<'_>,
        cart_token: Option<String>,
    ) -> async_graphql::Result<Option<Cart>> {
        let shopper = shopper(ctx)?;
        let channel = channel(ctx);
        match ctx
            .data_unchecked::<Db>()
            .run(move |c| cart::service::get(c, &channel, shopper, cart_token.as_deref()))
            .await
        {
            Ok(c) => Ok(c.map(Cart)),
            Err(CartError::Invalid(v)) => {
                let first = v.into_iter().next();
                Err(super::error::bad_input(
                    "cartToken",
                    first.map_or_else(|| "invalid cart token".into(), |v| v.message),
                ))
            }
            Err(e) => Err(internal(ctx, &e)),
        }
    }

    /// A signed-in member's order by number; `null` for an order that is not theirs.
    async fn order(
        &self,
        ctx: &Context<'_>,
        number: String,
    ) -> async_graphql::Result<Option<Order>> {
        let member = super::account::member_id(ctx)?;
        let payments = ctx.data_unchecked::<Arc<Payments>>().clone();
        ctx.data_unchecked::<Db>()
            .run(move |c| crate::order::service::of_member(c, member, &number))
            .await
            .map(|d| d.map(|d| Order::new(d, &payments)))
            .map_err(|e| internal(ctx, &e))
    }

    /// A guest's order, by its number and the orderer's phone number; `null` when they do not
    /// match. Repeated misses are throttled (`THROTTLED`, with `retryAfterSeconds`).
    async fn order_lookup(
        &self,
        ctx: &Context<'_>,
        number: String,
        phone: String,
    ) -> async_graphql::Result<Option<Order>> {
        let auth = ctx.data_unchecked::<Arc<crate::access::Auth>>().clone();
        let payments = ctx.data_unchecked::<Arc<Payments>>().clone();
        let ip = super::account::ip(ctx);
        let found = ctx
            .data_unchecked::<Db>()
            .run(move |c| {
                crate::order::service::lookup(
                    c,
                    auth.throttle_policy(),
                    &number,
                    &phone,
                    ip,
                    auth.clock.now(),
                )
            })
            .await
            .map_err(|e| internal(ctx, &e))?;
        match found {
            Ok(detail) => Ok(detail.map(|d| Order::new(d, &payments))),
            Err(secs) => Err(async_graphql::Error::new(format!(
                "too many lookups; try again in {secs} seconds"
            ))
            .extend_with(move |_, e| {
                e.set("code", "THROTTLED");
                e.set("retryAfterSeconds", secs);
            })),
        }
    }
}

#[derive(Default)]
pub struct CartMutation;

#[Object]
impl CartMutation {
    /// Adds units of variants, creating the cart when the shopper has none (an anonymous
    /// shopper then gets `cartToken`). All lines are added or none.
    async fn cart_lines_add(
        &self,
        ctx: &Context<'_>,
        cart_token: Option<String>,
        lines: Vec<CartLineInput>,
    ) -> async_graphql::Result<CartPayload> {
        let shopper = shopper(ctx)?;
        let parsed = parse_ids::<VariantIdKey>(
            "lines",
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| (i, l.variant_id.clone())),
            Some("variantId"),
        );
        let inputs: Vec<cart::LineInput> = match parsed {
            Ok(ids) => ids
                .into_iter()
                .map(|(i, id)| cart::LineInput {
                    variant_id: id,
                    quantity: lines[i].quantity,
                })
                .collect(),
            Err(errors) => {
                return Ok(CartPayload {
                    cart: None,
                    cart_token: None,
                    user_errors: errors,
                });
            }
        };
        let channel = channel(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| {
                cart::service::add(c, &channel, shopper, cart_token.as_deref(), &inputs)
                    .map(|l| (l.cart, l.new_token))
            })
            .await;
        cart_payload(ctx, result)
    }

    /// Sets the quantities of lines.
    async fn cart_lines_update(
        &self,
        ctx: &Context<'_>,
        cart_token: Option<String>,
        lines: Vec<CartLineUpdateInput>,
    ) -> async_graphql::Result<CartPayload> {
        let shopper = shopper(ctx)?;
        let parsed = parse_ids::<CartLineKey>(
            "lines",
            lines.iter().enumerate().map(|(i, l)| (i, l.id.clone())),
            Some("id"),
        );
        let changes: Vec<cart::LineChange> = match parsed {
            Ok(ids) => ids
                .into_iter()
                .map(|(i, id)| cart::LineChange {
                    line_id: id,
                    quantity: lines[i].quantity,
                })
                .collect(),
            Err(errors) => {
                return Ok(CartPayload {
                    cart: None,
                    cart_token: None,
                    user_errors: errors,
                });
            }
        };
        let channel = channel(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| {
                cart::service::update(c, &channel, shopper, cart_token.as_deref(), &changes)
                    .map(|c| (c, None))
            })
            .await;
        cart_payload(ctx, result)
    }

    /// Removes lines.
    async fn cart_lines_remove(
        &self,
        ctx: &Context<'_>,
        cart_token: Option<String>,
        line_ids: Vec<ID>,
    ) -> async_graphql::Result<CartPayload> {
        let shopper = shopper(ctx)?;
        let ids = match parse_ids::<CartLineKey>("lineIds", line_ids.into_iter().enumerate(), None)
        {
            Ok(ids) => ids.into_iter().map(|(_, id)| id).collect::<Vec<_>>(),
            Err(errors) => {
                return Ok(CartPayload {
                    cart: None,
                    cart_token: None,
                    user_errors: errors,
                });
            }
        };
        let channel = channel(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| {
                cart::service::remove(c, &channel, shopper, cart_token.as_deref(), &ids)
                    .map(|c| (c, None))
            })
            .await;
        cart_payload(ctx, result)
    }

    /// Empties the cart.
    async fn cart_clear(
        &self,
        ctx: &Context<'_>,
        cart_token: Option<String>,
    ) -> async_graphql::Result<CartPayload> {
        let shopper = shopper(ctx)?;
        let channel = channel(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| {
                cart::service::clear(c, &channel, shopper, cart_token.as_deref()).map(|c| (c, None))
            })
            .await;
        cart_payload(ctx, result)
    }

    /// Signed in: merges the anonymous cart of `cartToken` into the member's cart (quantities
    /// add up, capped by availability) and deletes it. Repeating it is harmless.
    async fn cart_merge(
        &self,
        ctx: &Context<'_>,
        cart_token: String,
    ) -> async_graphql::Result<CartPayload> {
        let member = super::account::member_id(ctx)?;
        let channel = channel(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| cart::service::merge(c, &channel, member, &cart_token).map(|c| (c, None)))
            .await;
        cart_payload(ctx, result)
    }

    /// Places the order: prices the cart on the server, takes the stock, and opens the payment
    /// (`payment` says how to pay). With an `idempotencyKey`, repeating the same request within
    /// 24 hours answers the same order; the same key with another request is refused.
    async fn checkout_complete(
        &self,
        ctx: &Context<'_>,
        input: CheckoutCompleteInput,
        #[graphql(desc = "A key unique to this checkout attempt (e.g. a UUID).")]
        idempotency_key: Option<String>,
    ) -> async_graphql::Result<CheckoutCompletePayload> {
        let shopper = live_shopper(ctx).await?;
        let a = input.shipping_address;
        let request = CheckoutInput {
            cart_token: input.cart_token,
            contact: ContactInput {
                name: input.customer_name,
                email: input.email,
                phone: input.phone,
            },
            address: AddressInput {
                recipient: a.recipient,
                phone: a.phone,
                postal_code: a.postal_code,
                road_address: a.road_address,
                detail_address: a.detail_address,
                delivery_note: a.delivery_note,
            },
            payment_method: input.payment_method.into(),
            source: input
                .source
                .map_or(crate::order::OrderSource::Api, Into::into),
            expected_total: input.expected_total.map(|m| m.0),
            agreements: input
                .agreements
                .map(|a| crate::checkout::input::AgreementsInput {
                    purchase_conditions: a.purchase_conditions,
                    privacy_collection: a.privacy_collection,
                })
                .unwrap_or_default(),
            idempotency_key,
        };
        let channel = channel(ctx);
        let payments = ctx.data_unchecked::<Arc<Payments>>().clone();
        let p = payments.clone();
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| checkout::place(c, &channel, shopper, &request, &p))
            .await;
        match result {
            Ok(detail) => {
                let session = session_of(&payments, &detail);
                Ok(CheckoutCompletePayload {
                    order: Some(Order::new(detail, &payments)),
                    payment: session,
                    user_errors: Vec::new(),
                })
            }
            Err(CheckoutError::Invalid(v)) => Ok(CheckoutCompletePayload {
                order: None,
                payment: None,
                user_errors: checkout_errors(v),
            }),
            Err(e) => Err(internal(ctx, &e)),
        }
    }

    /// Confirms a payment the shopper authorised with the gateway (after its redirect). The
    /// server checks the amount against the order and calls the gateway once, however often
    /// this is repeated.
    async fn payment_confirm(
        &self,
        ctx: &Context<'_>,
        input: PaymentConfirmInput,
    ) -> async_graphql::Result<PaymentConfirmPayload> {
        // Guests confirm too; a member's token must still belong to a live session.
        live_shopper(ctx).await?;
        let db = ctx.data_unchecked::<Db>();
        let payments = ctx.data_unchecked::<Arc<Payments>>();
        match crate::payment::service::confirm(
            db,
            payments,
            &input.order_number,
            &input.payment_key,
            input.amount.0,
        )
        .await
        {
            Ok(detail) => Ok(PaymentConfirmPayload {
                order: Some(Order::new(detail, payments)),
                user_errors: Vec::new(),
            }),
            Err(PaymentError::Invalid(v)) => Ok(PaymentConfirmPayload {
                order: None,
                user_errors: user_errors("input", v),
            }),
            Err(e) => Err(internal(ctx, &e)),
        }
    }
}

/// Checkout's violations: cart lines as `cart.lines.N`, the idempotency key as its argument,
/// the rest under `input`.
fn checkout_errors(v: Vec<crate::validation::Violation>) -> Vec<UserError> {
    v.into_iter()
        .map(|v| match v.field.first().map(String::as_str) {
            Some("cart" | "idempotencyKey") => UserError::from_violation("", v),
            _ => UserError::from_violation("input", v),
        })
        .collect()
}

/// A member's orders, newest first.
pub async fn member_orders(
    ctx: &Context<'_>,
    member_id: i64,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<Connection<String, Order>> {
    let request = page_request("orders", first, after.as_deref())?;
    let channel = channel(ctx);
    let payments = ctx.data_unchecked::<Arc<Payments>>().clone();
    let page = ctx
        .data_unchecked::<Db>()
        .run(move |c| {
            let page =
                crate::order::service::list_of_member(c, member_id, channel.id.key(), request)?;
            Ok::<_, crate::db::DbError>(crate::db::page::Page {
                items: crate::order::service::detail_many(c, page.items)?,
                has_next: page.has_next,
            })
        })
        .await
        .map_err(|e| internal(ctx, &e))?;
    Ok(connection(
        "orders",
        request,
        page,
        |d| d.order.id,
        |d| Order::new(d, &payments),
    ))
}

/// Typed-ID helpers for [`parse_ids`].
struct VariantIdKey(i64);
impl std::str::FromStr for VariantIdKey {
    type Err = shared::IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse::<VariantId>().map(|v| VariantIdKey(v.0))
    }
}
impl From<VariantIdKey> for i64 {
    fn from(v: VariantIdKey) -> i64 {
        v.0
    }
}
struct CartLineKey(i64);
impl std::str::FromStr for CartLineKey {
    type Err = shared::IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse::<CartLineId>().map(|v| CartLineKey(v.0))
    }
}
impl From<CartLineKey> for i64 {
    fn from(v: CartLineKey) -> i64 {
        v.0
    }
}
