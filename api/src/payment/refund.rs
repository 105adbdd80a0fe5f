//! Refunds (whole or per line, with or without shipping) and cancellations of orders.
//!
//! A refund is *reserved* first, in one write transaction: the refunded quantities of its lines
//! and the order's refunded amount grow by conditional updates (`… WHERE refunded + n <= paid`),
//! so concurrent refunds can never together exceed what was paid, and a `PENDING` refund row and
//! a backstop job are written. Then the gateway is asked to cancel that amount with the refund's
//! id as idempotency key, and the outcome completes the refund (status, stock returned once,
//! the order's status) or gives the reservation back. A process dying in between leaves a
//! pending refund that the job completes.

use std::collections::BTreeMap;

use diesel::prelude::*;
use serde_json::json;

use super::Payments;
use super::error::PaymentError;
use super::gateway::{Cancel, GatewayError, GatewayPayment, RefundAccount};
use super::model::{PaymentStatus, Refund, RefundLine, RefundRow, RefundStatus};
use crate::access::audit::{self, Actor};
use crate::db::schema::{order_lines as ol, orders as o, payments as p, refunds as r};
use crate::db::{self, AnyConnection, Db, DbError, write_transaction};
use crate::idempotency::{self, Claim, IdempotencyError, IsRace};
use crate::jobs::store;
use crate::order::service::{self as orders_svc, Change, EventEntry, OrderDetail};
use crate::order::{OrderAction, OrderError, OrderStatus, PaymentMethod, state};
use crate::validation::{Violation, ViolationCode, required_text};

/// What staff ask to refund.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RefundRequest {
    pub order_id: i64,
    /// Units per order line; ignored with `full`.
    pub lines: Vec<RefundLine>,
    /// Shipping fee to give back, in minor units; ignored with `full`.
    pub shipping: i64,
    /// Everything not refunded yet: every remaining unit and the remaining shipping fee.
    pub full: bool,
    pub reason: String,
    /// Put the refunded units back in stock (the goods came back unsold).
    pub restock: bool,
    /// Where a virtual-account payment's money goes back to.
    pub refund_account: Option<RefundAccount>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// A cancellation: an unpaid order is simply cancelled; a paid one not yet shipped is refunded in
/// full and its stock returned.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CancelRequest {
    pub order_id: i64,
    pub reason: String,
    pub refund_account: Option<RefundAccount>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// The order after a refund or cancellation, and the refund it made (if money moved).
#[derive(Debug, Clone)]
pub struct RefundOutcome {
    pub detail: OrderDetail,
    pub refund: Option<Refund>,
}

fn invalid(field: &[&str], code: ViolationCode, message: impl Into<String>) -> PaymentError {
    PaymentError::one(Violation::new(field, code, message))
}

/// What the reservation hands on to the gateway call.
struct Reserved {
    refund_id: i64,
    gateway: String,
    payment_key: String,
    amount: i64,
    reason: String,
    refund_account: Option<RefundAccount>,
}

enum Reservation {
    Fresh(Reserved),
    Replay {
        refund_id: Option<i64>,
        order_id: i64,
    },
}

/// The error type of a reservation transaction: a lost idempotency race is retried.
enum ReserveError {
    Payment(PaymentError),
    Race,
}

impl IsRace for ReserveError {
    fn is_race(&self) -> bool {
        matches!(self, ReserveError::Race)
    }
}

impl<E: Into<PaymentError>> From<E> for ReserveError {
    fn from(e: E) -> Self {
        ReserveError::Payment(e.into())
    }
}

fn claim_key(
    conn: &mut AnyConnection,
    scope: &str,
    key: Option<&str>,
    fingerprint: &str,
) -> Result<Option<Claim>, ReserveError> {
    let Some(key) = key else {
        return Ok(None);
    };
    match idempotency::claim(conn, "idempotencyKey", scope, key, fingerprint, db::now()) {
        Ok(claim) => Ok(Some(claim)),
        Err(IdempotencyError::Race) => Err(ReserveError::Race),
        Err(e) => Err(ReserveError::Payment(e.into())),
    }
}

fn check_account(account: &RefundAccount) -> Result<(), PaymentError> {
    let mut v = Vec::new();
    if !(account.bank.len() == 2 && account.bank.chars().all(|c| c.is_ascii_digit())) {
        v.push(Violation::new(
            &["refundAccount", "bank"],
            ViolationCode::Invalid,
            "the bank is a two-digit bank code, e.g. 88 for 신한은행",
        ));
    }
    let digits = account.account_number.replace('-', "");
    if !(6..=20).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        v.push(Violation::new(
            &["refundAccount", "accountNumber"],
            ViolationCode::Invalid,
            "an account number is 6 to 20 digits",
        ));
    }
    if account.holder_name.trim().is_empty() {
        v.push(Violation::new(
            &["refundAccount", "holderName"],
            ViolationCode::Blank,
            "enter the account holder's name",
        ));
    }
    if v.is_empty() {
        Ok(())
    } else {
        Err(PaymentError::Invalid(v))
    }
}

/// Reserves a refund (see the module's note). `cancels_order`: the refund is a cancellation.
fn reserve(
    conn: &mut AnyConnection,
    req: &RefundRequest,
    key: (&str, &str),
    cancels_order: bool,
    actor: &Actor,
) -> Result<Reservation, ReserveError> {
    let (scope, fingerprint) = key;
    if let Some(Claim::Replay(outcome)) =
        claim_key(conn, scope, req.idempotency_key.as_deref(), fingerprint)?
    {
        return Ok(Reservation::Replay {
            refund_id: outcome["refund"].as_i64(),
            order_id: req.order_id,
        });
    }
    let now = db::now();
    let order = orders_svc::get(conn, req.order_id)?.ok_or_else(|| {
        PaymentError::one(Violation::new(
            &["id"],
            ViolationCode::NotFound,
            "there is no such order",
        ))
    })?;
    if cancels_order {
        state::next(order.status, OrderAction::Cancel)
            .map_err(|e| invalid(&["id"], ViolationCode::InvalidState, e.to_string()))?;
    }
    if !order.status.holds_payment() {
        return Err(invalid(
            &["id"],
            ViolationCode::InvalidState,
            format!(
                "order {} is {}: there is no payment to refund",
                order.number,
                order.status.as_str()
            ),
        )
        .into());
    }
    let payment = orders_svc::payment(conn, &order)?
        .filter(|p| {
            matches!(
                p.status,
                PaymentStatus::Paid | PaymentStatus::PartiallyRefunded
            )
        })
        .ok_or_else(|| {
            invalid(
                &["id"],
                ViolationCode::InvalidState,
                "the order has no completed payment to refund",
            )
        })?;
    let payment_key = payment.payment_key.clone().ok_or_else(|| {
        DbError::Corrupt(format!("paid order {} has no payment key", order.number))
    })?;
    let mut violations = Vec::new();
    let reason = required_text("reason", &req.reason, 200, &mut violations);
    if payment.method == PaymentMethod::VirtualAccount {
        match &req.refund_account {
            None => violations.push(Violation::new(
                &["refundAccount"],
                ViolationCode::Blank,
                "a virtual-account payment is refunded to a bank account: give the shopper's refund account",
            )),
            Some(account) => {
                if let Err(PaymentError::Invalid(v)) = check_account(account) {
                    violations.extend(v);
                }
            }
        }
    }
    let lines = orders_svc::lines(conn, &order)?;
    // Units per line, in line order (so rows are always locked in one order).
    let mut wanted: BTreeMap<i64, i64> = BTreeMap::new();
    let shipping = if req.full || cancels_order {
        for line in &lines {
            let left = line.quantity - line.refunded_quantity;
            if left > 0 {
                wanted.insert(line.id, left);
            }
        }
        order.shipping.amount() - order.refunded_shipping.amount()
    } else {
        for (i, want) in req.lines.iter().enumerate() {
            let i = i.to_string();
            if !lines.iter().any(|l| l.id == want.line) {
                violations.push(Violation::new(
                    &["lines", &i, "lineId"],
                    ViolationCode::NotFound,
                    "this order has no such line",
                ));
            } else if want.quantity <= 0 {
                violations.push(Violation::new(
                    &["lines", &i, "quantity"],
                    ViolationCode::OutOfRange,
                    "refund at least one unit",
                ));
            } else {
                *wanted.entry(want.line).or_default() += want.quantity;
            }
        }
        if req.shipping < 0 {
            violations.push(Violation::new(
                &["shippingAmount"],
                ViolationCode::OutOfRange,
                "the shipping refund cannot be negative",
            ));
        }
        req.shipping.max(0)
    };
    if !violations.is_empty() {
        return Err(PaymentError::Invalid(violations).into());
    }
    let mut amount = shipping;
    for (line_id, quantity) in &wanted {
        let line = lines
            .iter()
            .find(|l| l.id == *line_id)
            .expect("checked above");
        amount += line.unit_price.amount() * quantity;
        let taken = diesel::update(
            ol::table
                .filter(ol::id.eq(line_id))
                .filter((ol::refunded_quantity + quantity).le(ol::quantity)),
        )
        .set(ol::refunded_quantity.eq(ol::refunded_quantity + quantity))
        .execute(conn)?;
        if taken == 0 {
            let position = req
                .lines
                .iter()
                .position(|l| l.line == *line_id)
                .unwrap_or(0)
                .to_string();
            return Err(invalid(
                &["lines", &position, "quantity"],
                ViolationCode::OutOfRange,
                format!(
                    "only {} of {} can still be refunded",
                    line.quantity - line.refunded_quantity,
                    line.product_name
                ),
            )
            .into());
        }
    }
    if amount <= 0 {
        return Err(invalid(
            &["lines"],
            ViolationCode::Blank,
            "nothing is left to refund: choose lines (or a shipping amount) that have not been refunded",
        )
        .into());
    }
    let reserved = diesel::update(
        o::table
            .filter(o::id.eq(order.id))
            .filter((o::refunded_amount + amount).le(o::total_amount))
            .filter((o::refunded_shipping_amount + shipping).le(o::shipping_amount)),
    )
    .set((
        o::refunded_amount.eq(o::refunded_amount + amount),
        o::refunded_shipping_amount.eq(o::refunded_shipping_amount + shipping),
        o::updated_at.eq(now),
    ))
    .execute(conn)?;
    if reserved == 0 {
        return Err(invalid(
            &["shippingAmount"],
            ViolationCode::OutOfRange,
            format!(
                "this would refund more than was paid (at most {} is left, of it {} shipping)",
                order.refundable(),
                shared::Money::new(
                    order.shipping.amount() - order.refunded_shipping.amount(),
                    order.currency
                )
            ),
        )
        .into());
    }
    let refund_lines: Vec<RefundLine> = wanted
        .into_iter()
        .map(|(line, quantity)| RefundLine { line, quantity })
        .collect();
    let row: RefundRow = diesel::insert_into(r::table)
        .values((
            r::order_id.eq(order.id),
            r::amount.eq(amount),
            r::shipping_amount.eq(shipping),
            r::lines.eq(serde_json::to_string(&refund_lines).unwrap_or_else(|_| "[]".into())),
            r::restock.eq(req.restock && !cancels_order),
            r::cancels_order.eq(cancels_order),
            r::reason.eq(&reason),
            r::refund_account.eq(req.refund_account.as_ref().map(|a| json!(a).to_string())),
            r::status.eq(RefundStatus::Pending.as_str()),
            r::actor_kind.eq(actor.kind),
            r::actor_id.eq(actor.id),
            r::actor_name.eq(&actor.name),
            r::created_at.eq(now),
        ))
        .get_result(conn)?;
    // The backstop: completes the refund if this request dies before it does.
    store::enqueue_with(
        conn,
        &super::jobs::CompleteRefund { refund_id: row.id },
        store::EnqueueOptions {
            run_at: Some(now + chrono::Duration::minutes(2)),
            ..Default::default()
        },
    )?;
    audit::record(
        conn,
        actor,
        if cancels_order {
            "order.cancel"
        } else {
            "order.refund"
        },
        Some(shared::OrderId(order.id).to_string()),
        json!({ "refund": row.id, "amount": amount, "shipping": shipping, "lines": refund_lines, "restock": req.restock }),
        now,
    )?;
    if let Some(key) = &req.idempotency_key {
        idempotency::finish(conn, scope, key, &json!({ "refund": row.id }))?;
    }
    Ok(Reservation::Fresh(Reserved {
        refund_id: row.id,
        gateway: payment.gateway,
        payment_key,
        amount,
        reason,
        refund_account: req.refund_account.clone(),
    }))
}

/// Records the gateway's answer to a pending refund (once: a refund leaves `PENDING` by one
/// conditional update). Unknown outcomes leave it pending for the job.
fn complete(
    conn: &mut AnyConnection,
    refund_id: i64,
    outcome: &Result<GatewayPayment, GatewayError>,
) -> Result<(), PaymentError> {
    let now = db::now();
    let row: RefundRow = r::table
        .find(refund_id)
        .select(RefundRow::as_select())
        .first(conn)?;
    if row.status != RefundStatus::Pending.as_str() {
        return Ok(());
    }
    let order = orders_svc::get(conn, row.order_id)?
        .ok_or_else(|| DbError::Corrupt("order vanished".into()))?;
    let refund = Refund::from_row(row.clone(), order.currency)?;
    let actor = Actor {
        kind: if row.actor_kind == "staff" {
            "staff"
        } else if row.actor_kind == "api_key" {
            "api_key"
        } else if row.actor_kind == "operator" {
            "operator"
        } else {
            "system"
        },
        id: row.actor_id,
        name: row.actor_name.clone(),
        ip: None,
    };
    let finish = |conn: &mut AnyConnection, status: RefundStatus, failure: Option<String>| {
        diesel::update(
            r::table
                .find(refund_id)
                .filter(r::status.eq(RefundStatus::Pending.as_str())),
        )
        .set((
            r::status.eq(status.as_str()),
            r::failure.eq(failure),
            r::completed_at.eq(now),
        ))
        .execute(conn)
    };
    match outcome {
        Ok(_) => {
            if finish(conn, RefundStatus::Done, None)? == 0 {
                return Ok(());
            }
            let payment = orders_svc::payment(conn, &order)?
                .ok_or_else(|| DbError::Corrupt("payment vanished".into()))?;
            let refunded = payment.refunded.amount() + refund.amount.amount();
            let status = if refunded >= payment.amount.amount() {
                PaymentStatus::Refunded
            } else {
                PaymentStatus::PartiallyRefunded
            };
            diesel::update(p::table.find(payment.id))
                .set((
                    p::refunded_amount.eq(refunded),
                    p::status.eq(status.as_str()),
                    p::updated_at.eq(now),
                ))
                .execute(conn)?;
            if refund.restock {
                let rows: Vec<(i64, Option<i64>)> = ol::table
                    .filter(ol::id.eq_any(refund.lines.iter().map(|l| l.line)))
                    .order(ol::variant_id.asc())
                    .select((ol::id, ol::variant_id))
                    .load(conn)?;
                for (line, variant) in rows {
                    let quantity = refund
                        .lines
                        .iter()
                        .find(|l| l.line == line)
                        .map_or(0, |l| l.quantity);
                    orders_svc::restock_line(conn, line, variant, quantity)?;
                }
            }
            orders_svc::record(
                conn,
                order.id,
                &actor,
                EventEntry {
                    kind: "refund",
                    from: None,
                    to: None,
                    message: format!("refunded {}: {}", refund.amount, refund.reason),
                    detail: json!({ "refund": refund_id, "restock": refund.restock }),
                },
                now,
            )?;
            let order = orders_svc::get(conn, order.id)?
                .ok_or_else(|| DbError::Corrupt("order vanished".into()))?;
            let action = if refund.cancels_order {
                OrderAction::Cancel
            } else if order.refunded.amount() >= order.total.amount() {
                OrderAction::RefundAll
            } else {
                OrderAction::RefundPart
            };
            match orders_svc::apply(
                conn,
                order.id,
                Change {
                    action,
                    actor: &actor,
                    message: refund.reason.clone(),
                    detail: json!({ "refund": refund_id }),
                },
            ) {
                Ok(_) => Ok(()),
                // A partial refund of an order in a status that has no refund edge (none
                // today) still leaves its money recorded; the status stays.
                Err(OrderError::Illegal(e)) => {
                    tracing::warn!(order.id = order.id, error = %e, "refund recorded without a status change");
                    Ok(())
                }
                Err(e) => Err(PaymentError::from_order(e, "id")),
            }
        }
        Err(GatewayError::Unavailable(_)) => Ok(()),
        Err(e) => {
            if finish(conn, RefundStatus::Failed, Some(e.to_string()))? == 0 {
                return Ok(());
            }
            // Give the reservation back.
            for line in &refund.lines {
                diesel::update(ol::table.find(line.line))
                    .set(ol::refunded_quantity.eq(ol::refunded_quantity - line.quantity))
                    .execute(conn)?;
            }
            diesel::update(o::table.find(order.id))
                .set((
                    o::refunded_amount.eq(o::refunded_amount - refund.amount.amount()),
                    o::refunded_shipping_amount
                        .eq(o::refunded_shipping_amount - refund.shipping.amount()),
                    o::updated_at.eq(now),
                ))
                .execute(conn)?;
            orders_svc::record(
                conn,
                order.id,
                &actor,
                EventEntry {
                    kind: "refund",
                    from: None,
                    to: None,
                    message: format!("the gateway refused the refund of {}: {e}", refund.amount),
                    detail: json!({ "refund": refund_id }),
                },
                now,
            )?;
            Ok(())
        }
    }
}

/// Sends a reserved refund to its gateway and records the answer.
async fn execute(
    db: &Db,
    payments: &Payments,
    reserved: &Reserved,
) -> Result<Result<GatewayPayment, GatewayError>, PaymentError> {
    let Some(gateway) = payments.gateways.named(&reserved.gateway) else {
        return Ok(Err(GatewayError::Unavailable(format!(
            "gateway {} is not configured",
            reserved.gateway
        ))));
    };
    let idempotency_key = format!("refund-{}", reserved.refund_id);
    let outcome = gateway
        .cancel(Cancel {
            payment_key: &reserved.payment_key,
            amount: Some(reserved.amount),
            reason: &reserved.reason,
            idempotency_key: &idempotency_key,
            refund_account: reserved.refund_account.as_ref(),
        })
        .await;
    let (id, o) = (reserved.refund_id, outcome.clone());
    db.run(move |c| write_transaction(c, |c| complete(c, id, &o)))
        .await?;
    Ok(outcome)
}

fn outcome_of(
    conn: &mut AnyConnection,
    order_id: i64,
    refund_id: Option<i64>,
) -> Result<RefundOutcome, PaymentError> {
    let detail = orders_svc::detail_of(conn, order_id)?
        .ok_or_else(|| DbError::Corrupt("order vanished".into()))?;
    let refund = refund_id.and_then(|id| detail.refunds.iter().find(|r| r.id == id).cloned());
    Ok(RefundOutcome { detail, refund })
}

/// A refund (or a paid order's cancellation) under the idempotency `scope` and `fingerprint`.
async fn refund_with(
    db: &Db,
    payments: &std::sync::Arc<Payments>,
    req: RefundRequest,
    key: (String, String),
    cancels_order: bool,
    actor: Actor,
) -> Result<RefundOutcome, PaymentError> {
    let (request, a) = (req.clone(), actor.clone());
    let reservation = db
        .run(move |c| {
            Ok::<_, PaymentError>(idempotency::retrying(|| {
                write_transaction(c, |c| {
                    reserve(c, &request, (&key.0, &key.1), cancels_order, &a)
                })
            }))
        })
        .await?;
    let reservation = match reservation {
        Ok(r) => r,
        Err(ReserveError::Payment(e)) => return Err(e),
        Err(ReserveError::Race) => {
            return Err(DbError::Corrupt("idempotency race kept repeating".into()).into());
        }
    };
    match reservation {
        Reservation::Replay {
            refund_id,
            order_id,
        } => db.run(move |c| outcome_of(c, order_id, refund_id)).await,
        Reservation::Fresh(reserved) => {
            let outcome = execute(db, payments, &reserved).await?;
            let (order_id, refund_id) = (req.order_id, reserved.refund_id);
            let result = db
                .run(move |c| outcome_of(c, order_id, Some(refund_id)))
                .await?;
            match outcome {
                Ok(_) => Ok(result),
                Err(GatewayError::Unavailable(_)) => Err(invalid(
                    &["id"],
                    ViolationCode::GatewayUnavailable,
                    "the payment gateway did not answer; the refund is recorded as pending and will be retried automatically",
                )),
                Err(e) => Err(invalid(
                    &["id"],
                    ViolationCode::PaymentDeclined,
                    format!("the payment gateway refused the refund: {e}"),
                )),
            }
        }
    }
}

/// Refunds part or all of a paid order.
pub async fn refund(
    db: &Db,
    payments: &std::sync::Arc<Payments>,
    req: RefundRequest,
    actor: Actor,
) -> Result<RefundOutcome, PaymentError> {
    let key = (
        format!("refund:{}", req.order_id),
        idempotency::fingerprint(&req),
    );
    refund_with(db, payments, req, key, false, actor).await
}

/// Cancels an order before it ships: an unpaid one (its virtual account closed first), or a paid
/// one refunded in full.
pub async fn cancel(
    db: &Db,
    payments: &std::sync::Arc<Payments>,
    req: CancelRequest,
    actor: Actor,
) -> Result<RefundOutcome, PaymentError> {
    let order_id = req.order_id;
    let scope = format!("cancel:{order_id}");
    let fingerprint = idempotency::fingerprint(&req);
    // A repeated cancellation answers the first one's result.
    if let Some(key) = req.idempotency_key.clone() {
        let (s, f) = (scope.clone(), fingerprint.clone());
        let replay = db
            .run(move |c| idempotency::peek(c, "idempotencyKey", &s, &key, &f, db::now()))
            .await?;
        if let Some(outcome) = replay {
            let refund_id = outcome["refund"].as_i64();
            return db.run(move |c| outcome_of(c, order_id, refund_id)).await;
        }
    }
    let found = db
        .run(move |c| {
            let order = orders_svc::get(c, order_id)?;
            let payment = match &order {
                Some(o) => orders_svc::payment(c, o)?,
                None => None,
            };
            Ok::<_, DbError>(order.map(|o| (o, payment)))
        })
        .await?;
    let Some((order, payment)) = found else {
        return Err(invalid(
            &["id"],
            ViolationCode::NotFound,
            "there is no such order",
        ));
    };
    if order.status.holds_payment() {
        let refund_req = RefundRequest {
            order_id,
            lines: Vec::new(),
            shipping: 0,
            full: true,
            reason: req.reason.clone(),
            restock: true,
            refund_account: req.refund_account.clone(),
            idempotency_key: req.idempotency_key.clone(),
        };
        return refund_with(db, payments, refund_req, (scope, fingerprint), true, actor).await;
    }
    if !order.status.is_unpaid() {
        return Err(invalid(
            &["id"],
            ViolationCode::InvalidState,
            format!("cannot cancel an order that is {}", order.status.as_str()),
        ));
    }
    // An issued virtual account is closed first, so no deposit can arrive after the order is
    // cancelled.
    if let Some(payment) = &payment
        && payment.status == PaymentStatus::WaitingForDeposit
        && let (Some(key), Some(gateway)) = (
            &payment.payment_key,
            payments.gateways.named(&payment.gateway),
        )
    {
        let idempotency_key = format!("cancel-{}", order.number);
        match gateway
            .cancel(Cancel {
                payment_key: key,
                amount: None,
                reason: &req.reason,
                idempotency_key: &idempotency_key,
                refund_account: None,
            })
            .await
        {
            Ok(_) => {}
            Err(GatewayError::Unavailable(_)) => {
                return Err(invalid(
                    &["id"],
                    ViolationCode::GatewayUnavailable,
                    "the payment gateway did not answer; nothing changed, try again",
                ));
            }
            Err(e) => {
                // Most likely the deposit arrived: let the gateway's word settle the order.
                let _ = super::service::reconcile_order(db, payments, order_id).await;
                return Err(invalid(
                    &["id"],
                    ViolationCode::InvalidState,
                    format!(
                        "the gateway would not close the virtual account ({e}); reload the order"
                    ),
                ));
            }
        }
    }
    let reason = req.reason.clone();
    let request = req.clone();
    let cancelled = db
        .run(move |c| {
            Ok::<_, PaymentError>(idempotency::retrying(|| {
                write_transaction(c, |c| {
                    if let Some(Claim::Replay(_)) =
                        claim_key(c, &scope, request.idempotency_key.as_deref(), &fingerprint)?
                    {
                        return Ok(());
                    }
                    let mut violations = Vec::new();
                    let reason = required_text("reason", &reason, 200, &mut violations);
                    if !violations.is_empty() {
                        return Err(ReserveError::Payment(PaymentError::Invalid(violations)));
                    }
                    orders_svc::apply(
                        c,
                        order_id,
                        Change {
                            action: OrderAction::Cancel,
                            actor: &actor,
                            message: reason.clone(),
                            detail: json!({}),
                        },
                    )
                    .map_err(|e| ReserveError::Payment(PaymentError::from_order(e, "id")))?;
                    if let Some(order) = orders_svc::get(c, order_id)?
                        && let Some(payment) = orders_svc::payment(c, &order)?
                    {
                        diesel::update(p::table.find(payment.id))
                            .set((
                                p::status.eq(PaymentStatus::Cancelled.as_str()),
                                p::lease_until.eq(None::<chrono::NaiveDateTime>),
                                p::updated_at.eq(db::now()),
                            ))
                            .execute(c)?;
                    }
                    audit::record(
                        c,
                        &actor,
                        "order.cancel",
                        Some(shared::OrderId(order_id).to_string()),
                        json!({ "reason": reason }),
                        db::now(),
                    )?;
                    if let Some(key) = &request.idempotency_key {
                        idempotency::finish(c, &scope, key, &json!({ "cancelled": true }))?;
                    }
                    Ok(())
                })
            }))
        })
        .await?;
    match cancelled {
        Ok(()) => {}
        Err(ReserveError::Payment(e)) => return Err(e),
        Err(ReserveError::Race) => {
            return Err(DbError::Corrupt("idempotency race kept repeating".into()).into());
        }
    }
    db.run(move |c| outcome_of(c, order_id, None)).await
}

/// Completes a refund left pending (the backstop job): asks the gateway again with the same
/// idempotency key. `Ok(false)` when the gateway still gives no answer.
pub async fn complete_pending(
    db: &Db,
    payments: &std::sync::Arc<Payments>,
    refund_id: i64,
) -> Result<bool, PaymentError> {
    let found = db
        .run(move |c| {
            let row: Option<RefundRow> = r::table
                .find(refund_id)
                .select(RefundRow::as_select())
                .first(c)
                .optional()?;
            let Some(row) = row.filter(|r| r.status == RefundStatus::Pending.as_str()) else {
                return Ok::<_, DbError>(None);
            };
            let order = orders_svc::get(c, row.order_id)?
                .ok_or_else(|| DbError::Corrupt("order vanished".into()))?;
            let payment = orders_svc::payment(c, &order)?
                .ok_or_else(|| DbError::Corrupt("payment vanished".into()))?;
            Ok(Some((row, payment)))
        })
        .await?;
    let Some((row, payment)) = found else {
        return Ok(true);
    };
    let reserved = Reserved {
        refund_id,
        gateway: payment.gateway,
        payment_key: payment.payment_key.unwrap_or_default(),
        amount: row.amount,
        reason: row.reason,
        refund_account: row
            .refund_account
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok()),
    };
    let outcome = execute(db, payments, &reserved).await?;
    Ok(!matches!(outcome, Err(GatewayError::Unavailable(_))))
}

/// Refunds still pending (for staff's attention).
pub fn pending(conn: &mut AnyConnection) -> Result<Vec<i64>, DbError> {
    Ok(r::table
        .filter(r::status.eq(RefundStatus::Pending.as_str()))
        .select(r::id)
        .load(conn)?)
}

impl From<OrderStatus> for PaymentError {
    fn from(s: OrderStatus) -> Self {
        invalid(
            &["id"],
            ViolationCode::InvalidState,
            format!("the order is {}", s.as_str()),
        )
    }
}
