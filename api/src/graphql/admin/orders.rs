//! Admin API: orders (filtered lists, detail with the whole timeline), fulfilment (prepare,
//! ship with tracking — one by one or a CSV of many — deliver), cancellations and refunds,
//! carriers' tracking-page templates, and the sandbox's simulated deposits. Money- and
//! stock-moving mutations take an `idempotencyKey`.

use std::sync::Arc;

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, InputObject, MergedObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use shared::{MemberId, OrderId, OrderLineId, RefundId};

use super::catalog_edit::CsvRowError;
use crate::access::Permission as Perm;
use crate::db::Db;
use crate::graphql::error::{UserError, UserErrorCode, bad_input, internal};
use crate::graphql::guard::Require;
use crate::graphql::money::{MinorUnits, Money};
use crate::graphql::order::{OrderFields, OrderSource, OrderStatus, PaymentMethod};
use crate::graphql::pagination::{connection, page_request};
use crate::order::service::{self as orders, OrderFilter as Filter};
use crate::order::{OrderDetail, OrderError};
use crate::payment::gateway::RefundAccount;
use crate::payment::refund::{self, CancelRequest, RefundRequest};
use crate::payment::{PaymentError, Payments};
use crate::shipping::carriers::{self, CarrierError, CarrierUpdate};
use crate::validation::Violation;

/// One entry of an order's timeline.
pub struct OrderEvent(crate::order::model::OrderEvent);

#[Object]
impl OrderEvent {
    /// `status`, `payment`, `refund` or `note`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// For a status change: the status before (`null` when the order was placed).
    async fn from_status(&self) -> Option<OrderStatus> {
        self.0.from.map(Into::into)
    }
    async fn to_status(&self) -> Option<OrderStatus> {
        self.0.to.map(Into::into)
    }
    /// `staff`, `api_key`, `operator`, `member`, `guest` or `system`.
    async fn actor_kind(&self) -> &str {
        &self.0.actor_kind
    }
    async fn actor_name(&self) -> &str {
        &self.0.actor_name
    }
    /// Why, or what happened.
    async fn message(&self) -> &str {
        &self.0.message
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}

/// Where a refund is.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::payment::model::RefundStatus")]
pub enum RefundStatus {
    /// Sent to the gateway; retried automatically until it answers.
    Pending,
    Done,
    /// Refused by the gateway; nothing was refunded.
    Failed,
}

#[derive(SimpleObject)]
pub struct RefundLineQuantity {
    line_id: ID,
    quantity: i64,
}

/// A refund of (part of) an order.
pub struct Refund(crate::payment::Refund);

#[Object]
impl Refund {
    async fn id(&self) -> ID {
        ID(RefundId(self.0.id).to_string())
    }
    async fn amount(&self) -> Money {
        Money(self.0.amount)
    }
    /// The part of `amount` that is shipping fee.
    async fn shipping_amount(&self) -> Money {
        Money(self.0.shipping)
    }
    async fn lines(&self) -> Vec<RefundLineQuantity> {
        self.0
            .lines
            .iter()
            .map(|l| RefundLineQuantity {
                line_id: ID(OrderLineId(l.line).to_string()),
                quantity: l.quantity,
            })
            .collect()
    }
    /// The units went back into stock.
    async fn restocked(&self) -> bool {
        self.0.restock || self.0.cancels_order
    }
    /// The refund cancelled the order.
    async fn cancelled_order(&self) -> bool {
        self.0.cancels_order
    }
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    async fn status(&self) -> RefundStatus {
        self.0.status.into()
    }
    /// The gateway's reason, when it refused.
    async fn failure(&self) -> Option<&str> {
        self.0.failure.as_deref()
    }
    async fn created_by(&self) -> &str {
        &self.0.actor_name
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}

/// A step staff may take with an order now.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::order::state::StaffAction")]
pub enum OrderStaffAction {
    /// `orderPrepare`.
    Prepare,
    /// `orderShip`.
    Ship,
    /// `orderDeliver`.
    Deliver,
    /// `orderCancel` (refunding in full what was paid).
    Cancel,
    /// `orderRefund`.
    Refund,
}

/// What staff see of an order beyond the shopper's view.
pub struct AdminOrderFields {
    detail: OrderDetail,
    sandbox: bool,
}

#[Object]
impl AdminOrderFields {
    /// The member who ordered; `null` for a guest.
    async fn member_id(&self) -> Option<ID> {
        self.detail
            .order
            .member_id
            .map(|m| ID(MemberId(m).to_string()))
    }
    /// The channel (shop) it was placed in.
    async fn channel_id(&self) -> ID {
        ID(shared::ChannelId(self.detail.order.channel_id).to_string())
    }
    /// Every change, oldest first: status changes, payments, refunds, notes.
    async fn timeline(&self) -> Vec<OrderEvent> {
        self.detail.events.iter().cloned().map(OrderEvent).collect()
    }
    async fn refunds(&self) -> Vec<Refund> {
        self.detail.refunds.iter().cloned().map(Refund).collect()
    }
    /// What can still be refunded.
    async fn refundable(&self) -> Money {
        Money(self.detail.order.refundable())
    }
    /// The steps the order allows now (the state machine's own answer: offer exactly these).
    async fn available_actions(&self) -> Vec<OrderStaffAction> {
        let order = &self.detail.order;
        crate::order::state::staff_actions(order.status, order.refundable().amount())
            .into_iter()
            .map(Into::into)
            .collect()
    }
    /// A sandbox virtual account awaits its deposit (`sandboxDepositSimulate` pays it).
    async fn can_simulate_deposit(&self) -> bool {
        self.sandbox && self.detail.order.status == crate::order::OrderStatus::AwaitingDeposit
    }
    /// What the shopper agreed to at checkout: which agreement, the versions of its text and of
    /// the policy it refers to, when.
    async fn agreements(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OrderAgreement>> {
        let id = self.detail.order.id;
        let found = ctx
            .data_unchecked::<Db>()
            .run(move |c| orders::agreements(c, id))
            .await
            .map_err(|e| internal(ctx, &e))?;
        Ok(found
            .into_iter()
            .map(|a| OrderAgreement {
                kind: a.kind.into(),
                version: a.version,
                policy_version: a.policy_version,
                agreed_at: a.agreed_at.and_utc(),
            })
            .collect())
    }
}

/// An agreement a shopper gave before paying.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::order::model::AgreementKind")]
pub enum AgreementKind {
    /// 구매조건 확인 및 결제 진행 동의 (every order).
    PurchaseConditions,
    /// 개인정보 수집·이용 동의 (orders without an account).
    PrivacyCollection,
}

/// One agreement kept with an order.
#[derive(SimpleObject)]
pub struct OrderAgreement {
    kind: AgreementKind,
    /// The version of the agreement's own text the shopper saw.
    version: String,
    /// The version of the shop's policy it refers to (the terms of use for the purchase
    /// conditions, the privacy policy for a guest's consent); `null` when none was published.
    policy_version: Option<i32>,
    agreed_at: DateTime<Utc>,
}

/// An order, as staff see it.
#[derive(MergedObject)]
pub struct Order(OrderFields, AdminOrderFields);

fn admin_order(detail: OrderDetail) -> Order {
    let sandbox = detail
        .payment
        .as_ref()
        .is_some_and(|p| p.gateway == "sandbox");
    Order(
        OrderFields(detail.clone()),
        AdminOrderFields { detail, sandbox },
    )
}

/// Which orders to list; every field narrows the list.
#[derive(InputObject, Default)]
pub struct OrderFilter {
    /// Any of these statuses.
    #[graphql(default)]
    statuses: Vec<OrderStatus>,
    /// Placed on or after this day (the shop's time zone), e.g. `2026-12-01`.
    placed_from: Option<NaiveDate>,
    /// Placed on or before this day.
    placed_to: Option<NaiveDate>,
    payment_method: Option<PaymentMethod>,
    source: Option<OrderSource>,
    channel: Option<ID>,
    /// An order number (or its start), the orderer's or recipient's name, or a phone number.
    search: Option<String>,
}

/// A carrier and its tracking page.
pub struct Carrier(crate::shipping::Carrier);

#[Object]
impl Carrier {
    /// e.g. `CJ`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The carrier's tracking page, `{number}` standing for the tracking number.
    async fn tracking_url_template(&self) -> &str {
        &self.0.tracking_url_template
    }
    /// Offered when shipping.
    async fn active(&self) -> bool {
        self.0.active
    }
}

#[derive(Default)]
pub struct OrderQuery;

#[Object]
impl OrderQuery {
    /// Orders, newest first.
    #[graphql(
        guard = "Require(Perm::OrdersRead)",
        complexity = "crate::graphql::pagination::cost(first, child_complexity)"
    )]
    async fn orders(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "1 to 100, default 20.")] first: Option<i32>,
        after: Option<String>,
        filter: Option<OrderFilter>,
    ) -> async_graphql::Result<Connection<String, Order>> {
        let request = page_request("orders", first, after.as_deref())?;
        let f = filter.unwrap_or_default();
        let channel_id = match f.channel {
            Some(id) => Some(
                id.parse::<shared::ChannelId>()
                    .map_err(|e| bad_input("filter.channel", e.to_string()))?
                    .key(),
            ),
            None => None,
        };
        if let (Some(a), Some(b)) = (f.placed_from, f.placed_to)
            && a > b
        {
            return Err(bad_input(
                "filter.placedTo",
                "placedTo is before placedFrom",
            ));
        }
        let filter = Filter {
            statuses: f.statuses.into_iter().map(Into::into).collect(),
            placed_from: f.placed_from,
            placed_to: f.placed_to,
            payment_method: f.payment_method.map(Into::into),
            source: f.source.map(Into::into),
            channel_id,
            search: f.search,
            time_zone: ctx
                .data_unchecked::<crate::config::JobsConfig>()
                .time_zone
                .clone(),
        };
        let page = ctx
            .data_unchecked::<Db>()
            .run(move |c| {
                let page = orders::list(c, &filter, request)?;
                Ok::<_, crate::db::DbError>(crate::db::page::Page {
                    items: orders::detail_many(c, page.items)?,
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
            admin_order,
        ))
    }

    /// One order by ID.
    #[graphql(guard = "Require(Perm::OrdersRead)")]
    async fn order(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Order>> {
        let id: OrderId = id
            .parse()
            .map_err(|e: shared::IdError| bad_input("id", e.to_string()))?;
        ctx.data_unchecked::<Db>()
            .run(move |c| orders::detail_of(c, id.key()))
            .await
            .map(|d| d.map(admin_order))
            .map_err(|e| internal(ctx, &e))
    }

    /// One order by its number.
    #[graphql(guard = "Require(Perm::OrdersRead)")]
    async fn order_by_number(
        &self,
        ctx: &Context<'_>,
        number: String,
    ) -> async_graphql::Result<Option<Order>> {
        ctx.data_unchecked::<Db>()
            .run(move |c| match orders::by_number(c, &number)? {
                Some(o) => orders::detail(c, o).map(Some),
                None => Ok(None),
            })
            .await
            .map(|d| d.map(admin_order))
            .map_err(|e| internal(ctx, &e))
    }

    /// Carriers, in display order.
    #[graphql(guard = "Require(Perm::OrdersRead)")]
    async fn carriers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Carrier>> {
        ctx.data_unchecked::<Db>()
            .run(carriers::list)
            .await
            .map(|l| l.into_iter().map(Carrier).collect())
            .map_err(|e| internal(ctx, &e))
    }
}

/// Result of an order mutation.
#[derive(SimpleObject)]
pub struct OrderPayload {
    /// The order after the change; `null` when `userErrors` is not empty (nothing changed).
    order: Option<Order>,
    user_errors: Vec<UserError>,
}

/// Result of `orderPrepare`.
#[derive(SimpleObject)]
pub struct OrdersPayload {
    orders: Vec<Order>,
    user_errors: Vec<UserError>,
}

/// Result of `orderRefund` and `orderCancel`.
#[derive(SimpleObject)]
pub struct RefundPayload {
    order: Option<Order>,
    /// The refund made, when money moved (also when it is still `PENDING` at the gateway).
    refund: Option<Refund>,
    user_errors: Vec<UserError>,
}

/// Result of `orderTrackingImportCsv`.
#[derive(SimpleObject)]
pub struct TrackingImportPayload {
    /// Whether the file was applied (never with a dry run or with any row error).
    applied: bool,
    /// Orders the file ships (or would ship).
    shipped: i32,
    /// Every problem found; when not empty nothing was applied.
    row_errors: Vec<CsvRowError>,
    user_errors: Vec<UserError>,
}

/// Result of `carrierUpdate`.
#[derive(SimpleObject)]
pub struct CarrierPayload {
    carrier: Option<Carrier>,
    user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct RefundLineInput {
    line_id: ID,
    quantity: i64,
}

/// A shopper's bank account for a virtual-account refund.
#[derive(InputObject)]
pub struct RefundAccountInput {
    /// Bank code, e.g. `88` (신한은행).
    bank: String,
    account_number: String,
    holder_name: String,
}

impl From<RefundAccountInput> for RefundAccount {
    fn from(a: RefundAccountInput) -> RefundAccount {
        RefundAccount {
            bank: a.bank.trim().to_owned(),
            account_number: a.account_number.trim().to_owned(),
            holder_name: a.holder_name.trim().to_owned(),
        }
    }
}

#[derive(InputObject)]
pub struct OrderRefundInput {
    /// Units per line to refund (ignored with `full`).
    #[graphql(default)]
    lines: Vec<RefundLineInput>,
    /// Shipping fee to give back, in minor units (ignored with `full`).
    #[graphql(default_with = "MinorUnits(0)")]
    shipping_amount: MinorUnits,
    /// Refund everything not refunded yet.
    #[graphql(default)]
    full: bool,
    /// Shown in the order's timeline.
    reason: String,
    /// Put the refunded units back in stock (they came back unsold).
    #[graphql(default)]
    restock: bool,
    /// Required for a virtual-account payment.
    refund_account: Option<RefundAccountInput>,
}

#[derive(InputObject)]
pub struct CarrierUpdateInput {
    name: Option<String>,
    /// An http(s) address containing `{number}`.
    tracking_url_template: Option<String>,
    active: Option<bool>,
}

fn parse_order_id(id: &ID) -> Result<i64, Vec<UserError>> {
    id.parse::<OrderId>().map(|o| o.key()).map_err(|e| {
        vec![UserError::new(
            &["id"],
            UserErrorCode::Invalid,
            e.to_string(),
        )]
    })
}

fn violations(arg: &str, v: Vec<Violation>) -> Vec<UserError> {
    v.into_iter()
        .map(|v| UserError::from_violation(arg, v))
        .collect()
}

fn order_result(
    ctx: &Context<'_>,
    result: Result<(), OrderError>,
    detail: Option<OrderDetail>,
) -> async_graphql::Result<OrderPayload> {
    match result {
        Ok(()) => Ok(OrderPayload {
            order: detail.map(admin_order),
            user_errors: Vec::new(),
        }),
        Err(e) => match e.violations("id") {
            Some(v) => Ok(OrderPayload {
                order: None,
                user_errors: violations("", v),
            }),
            None => Err(internal(ctx, &e)),
        },
    }
}

async fn run_order_change(
    ctx: &Context<'_>,
    id: &ID,
    change: impl FnOnce(&mut crate::db::AnyConnection, i64) -> Result<(), OrderError> + Send + 'static,
) -> async_graphql::Result<OrderPayload> {
    let id = match parse_order_id(id) {
        Ok(id) => id,
        Err(errors) => {
            return Ok(OrderPayload {
                order: None,
                user_errors: errors,
            });
        }
    };
    let result = ctx
        .data_unchecked::<Db>()
        .run(move |c| match change(c, id) {
            Ok(()) => Ok((Ok(()), orders::detail_of(c, id)?)),
            Err(OrderError::Internal(e)) => Err(e),
            Err(e) => Ok((Err(e), None)),
        })
        .await;
    match result {
        Ok((r, d)) => order_result(ctx, r, d),
        Err(e) => Err(internal(ctx, &e)),
    }
}

fn refund_payload(
    ctx: &Context<'_>,
    result: Result<refund::RefundOutcome, PaymentError>,
) -> async_graphql::Result<RefundPayload> {
    match result {
        Ok(outcome) => Ok(RefundPayload {
            order: Some(admin_order(outcome.detail)),
            refund: outcome.refund.map(Refund),
            user_errors: Vec::new(),
        }),
        Err(PaymentError::Invalid(v)) => Ok(RefundPayload {
            order: None,
            refund: None,
            user_errors: v
                .into_iter()
                .map(|v| match v.field.first().map(String::as_str) {
                    Some("id" | "idempotencyKey" | "reason" | "refundAccount") => {
                        UserError::from_violation("", v)
                    }
                    _ => UserError::from_violation("input", v),
                })
                .collect(),
        }),
        Err(e) => Err(internal(ctx, &e)),
    }
}

#[derive(Default)]
pub struct OrderMutation;

#[Object]
impl OrderMutation {
    /// Marks paid orders as being prepared for shipment: all of them, or none when one cannot be.
    #[graphql(guard = "Require(Perm::OrdersWrite)")]
    async fn order_prepare(
        &self,
        ctx: &Context<'_>,
        ids: Vec<ID>,
    ) -> async_graphql::Result<OrdersPayload> {
        let mut keys = Vec::new();
        let mut errors = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            match id.parse::<OrderId>() {
                Ok(o) => keys.push(o.key()),
                Err(e) => errors.push(UserError::new(
                    &["ids", &i.to_string()],
                    UserErrorCode::Invalid,
                    e.to_string(),
                )),
            }
        }
        if !errors.is_empty() {
            return Ok(OrdersPayload {
                orders: vec![],
                user_errors: errors,
            });
        }
        let actor = super::actor(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| match orders::prepare(c, &keys, &actor) {
                Ok(done) => Ok(Ok(orders::detail_many(c, done)?)),
                Err(OrderError::Internal(e)) => Err(e),
                Err(e) => Ok(Err(e)),
            })
            .await
            .map_err(|e| internal(ctx, &e))?;
        match result {
            Ok(details) => Ok(OrdersPayload {
                orders: details.into_iter().map(admin_order).collect(),
                user_errors: vec![],
            }),
            Err(e) => Ok(OrdersPayload {
                orders: vec![],
                user_errors: violations("", e.violations("ids").unwrap_or_default()),
            }),
        }
    }

    /// Ships an order: the carrier (a code from `carriers`) and its tracking number. The shopper
    /// is emailed a link to the carrier's tracking page.
    #[graphql(guard = "Require(Perm::OrdersWrite)")]
    async fn order_ship(
        &self,
        ctx: &Context<'_>,
        id: ID,
        carrier: String,
        tracking_number: String,
    ) -> async_graphql::Result<OrderPayload> {
        let actor = super::actor(ctx);
        run_order_change(ctx, &id, move |c, id| {
            orders::ship(c, id, &carrier, &tracking_number, &actor).map(|_| ())
        })
        .await
    }

    /// Marks a shipped order delivered.
    #[graphql(guard = "Require(Perm::OrdersWrite)")]
    async fn order_deliver(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<OrderPayload> {
        let actor = super::actor(ctx);
        run_order_change(ctx, &id, move |c, id| {
            orders::deliver(c, id, &actor).map(|_| ())
        })
        .await
    }

    /// Adds a note to the order's timeline (staff only; shoppers never see notes).
    #[graphql(guard = "Require(Perm::OrdersWrite)")]
    async fn order_note_add(
        &self,
        ctx: &Context<'_>,
        id: ID,
        note: String,
    ) -> async_graphql::Result<OrderPayload> {
        let actor = super::actor(ctx);
        run_order_change(ctx, &id, move |c, id| {
            orders::add_note(c, id, &note, &actor).map(|_| ())
        })
        .await
    }

    /// Cancels an order that has not shipped: an unpaid one (its virtual account is closed), or
    /// a paid one, refunded in full with its stock returned.
    #[graphql(guard = "Require(Perm::OrdersWrite)")]
    async fn order_cancel(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
        refund_account: Option<RefundAccountInput>,
        #[graphql(
            desc = "Repeating the same request with this key within 24 hours answers the first result."
        )]
        idempotency_key: Option<String>,
    ) -> async_graphql::Result<RefundPayload> {
        let order_id = match parse_order_id(&id) {
            Ok(id) => id,
            Err(errors) => {
                return Ok(RefundPayload {
                    order: None,
                    refund: None,
                    user_errors: errors,
                });
            }
        };
        let request = CancelRequest {
            order_id,
            reason,
            refund_account: refund_account.map(Into::into),
            idempotency_key,
        };
        let result = refund::cancel(
            ctx.data_unchecked::<Db>(),
            ctx.data_unchecked::<Arc<Payments>>(),
            request,
            super::actor(ctx),
        )
        .await;
        refund_payload(ctx, result)
    }

    /// Refunds part (per line, and/or shipping) or all of a paid order. Concurrent refunds can
    /// never together exceed what was paid; each unit goes back to stock at most once.
    #[graphql(guard = "Require(Perm::OrdersWrite)")]
    async fn order_refund(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: OrderRefundInput,
        #[graphql(
            desc = "Repeating the same request with this key within 24 hours answers the first result."
        )]
        idempotency_key: Option<String>,
    ) -> async_graphql::Result<RefundPayload> {
        let order_id = match parse_order_id(&id) {
            Ok(id) => id,
            Err(errors) => {
                return Ok(RefundPayload {
                    order: None,
                    refund: None,
                    user_errors: errors,
                });
            }
        };
        let mut lines = Vec::new();
        let mut errors = Vec::new();
        for (i, l) in input.lines.iter().enumerate() {
            match l.line_id.parse::<OrderLineId>() {
                Ok(line) => lines.push(crate::payment::model::RefundLine {
                    line: line.key(),
                    quantity: l.quantity,
                }),
                Err(e) => errors.push(UserError::new(
                    &["input", "lines", &i.to_string(), "lineId"],
                    UserErrorCode::Invalid,
                    e.to_string(),
                )),
            }
        }
        if !errors.is_empty() {
            return Ok(RefundPayload {
                order: None,
                refund: None,
                user_errors: errors,
            });
        }
        let request = RefundRequest {
            order_id,
            lines,
            shipping: input.shipping_amount.0,
            full: input.full,
            reason: input.reason,
            restock: input.restock,
            refund_account: input.refund_account.map(Into::into),
            idempotency_key,
        };
        let result = refund::refund(
            ctx.data_unchecked::<Db>(),
            ctx.data_unchecked::<Arc<Payments>>(),
            request,
            super::actor(ctx),
        )
        .await;
        refund_payload(ctx, result)
    }

    /// Ships many orders from a CSV file (`order_number,carrier,tracking_number`, or the Korean
    /// headers `주문번호,택배사,운송장번호`): every row applied, or none when any row is wrong.
    #[graphql(guard = "Require(Perm::OrdersWrite)")]
    async fn order_tracking_import_csv(
        &self,
        ctx: &Context<'_>,
        file: async_graphql::Upload,
        #[graphql(default)] dry_run: bool,
    ) -> async_graphql::Result<TrackingImportPayload> {
        let failed = |errors: Vec<UserError>| TrackingImportPayload {
            applied: false,
            shipped: 0,
            row_errors: vec![],
            user_errors: errors,
        };
        let text = match file
            .value(ctx)
            .map(|v| String::from_utf8(v.content.to_vec()))
        {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                return Ok(failed(vec![UserError::new(
                    &["file"],
                    UserErrorCode::Invalid,
                    "the file is not UTF-8 text; save the CSV as UTF-8",
                )]));
            }
            Err(e) => {
                return Ok(failed(vec![UserError::new(
                    &["file"],
                    UserErrorCode::Invalid,
                    e.to_string(),
                )]));
            }
        };
        let actor = super::actor(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| crate::shipping::tracking_csv::import(c, &text, dry_run, &actor))
            .await;
        match result {
            Ok(n) => Ok(TrackingImportPayload {
                applied: !dry_run,
                shipped: i32::try_from(n).unwrap_or(i32::MAX),
                row_errors: vec![],
                user_errors: vec![],
            }),
            Err(crate::shipping::tracking_csv::TrackingImportError::Rows(rows)) => {
                Ok(TrackingImportPayload {
                    row_errors: rows.into_iter().map(CsvRowError::from).collect(),
                    ..failed(vec![])
                })
            }
            Err(e) => Err(internal(ctx, &e)),
        }
    }

    /// Edits a carrier: its name, tracking-page template or whether it is offered.
    #[graphql(guard = "Require(Perm::SettingsWrite)")]
    async fn carrier_update(
        &self,
        ctx: &Context<'_>,
        code: String,
        input: CarrierUpdateInput,
    ) -> async_graphql::Result<CarrierPayload> {
        let actor = super::actor(ctx);
        let update = CarrierUpdate {
            name: input.name,
            tracking_url_template: input.tracking_url_template,
            active: input.active,
        };
        match ctx
            .data_unchecked::<Db>()
            .run(move |c| carriers::update(c, &code, update, &actor))
            .await
        {
            Ok(carrier) => Ok(CarrierPayload {
                carrier: Some(Carrier(carrier)),
                user_errors: vec![],
            }),
            Err(CarrierError::NotFound) => Ok(CarrierPayload {
                carrier: None,
                user_errors: vec![UserError::new(
                    &["code"],
                    UserErrorCode::NotFound,
                    "there is no carrier with this code",
                )],
            }),
            Err(CarrierError::Invalid(v)) => Ok(CarrierPayload {
                carrier: None,
                user_errors: violations("input", v),
            }),
            Err(e) => Err(internal(ctx, &e)),
        }
    }

    /// Sandbox only: simulates the shopper's deposit into the order's virtual account. The
    /// sandbox then sends the deposit webhook a real gateway would, which marks the order paid.
    #[graphql(guard = "Require(Perm::OrdersWrite)")]
    async fn sandbox_deposit_simulate(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(
            desc = "Repeating the same request with this key within 24 hours answers the first result."
        )]
        idempotency_key: Option<String>,
    ) -> async_graphql::Result<OrderPayload> {
        let actor = super::actor(ctx);
        run_order_change(ctx, &id, move |c, id| {
            crate::payment::service::simulate_deposit(c, id, idempotency_key.as_deref(), &actor)
        })
        .await
    }
}
