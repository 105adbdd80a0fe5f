//! Confirming payments and applying what gateways report.
//!
//! A payment is confirmed with its gateway exactly once: the confirming request claims the
//! payment row with a lease (a conditional update from `PENDING`), calls the gateway with an
//! idempotency key derived from the payment, then records the outcome; concurrent confirmations
//! wait for that outcome instead of calling the gateway again. Whatever reports a payment — the
//! confirmation, a webhook, the reconciliation task, the expiry task — ends in
//! [`apply_gateway_payment`], whose status changes are conditional, so an order turns `PAID`
//! once and its "payment complete" email is sent once.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::Payments;
use super::error::PaymentError;
use super::gateway::{Cancel, Confirm, GatewayError, GatewayPayment, GatewayStatus};
use super::model::{Payment, PaymentStatus};
use crate::access::audit::Actor;
use crate::db::schema::{orders, payments as p};
use crate::db::{self, AnyConnection, Db, DbError, write_transaction};
use crate::order::service::{self as orders_svc, Change, EventEntry, OrderDetail};
use crate::order::{Order, OrderAction, OrderError, OrderStatus};
use crate::validation::{Violation, ViolationCode};

/// How long a confirmation may hold a payment before another may take over.
pub const LEASE: chrono::TimeDelta = chrono::TimeDelta::seconds(60);
/// How long a concurrent confirmation waits for the one under way.
const WAIT: Duration = Duration::from_secs(30);

/// The actor of changes the gateway reports.
pub fn gateway_actor(gateway: &str) -> Actor {
    Actor::system(&format!("payment gateway ({gateway})"))
}

fn declined(field: &str, message: impl Into<String>) -> PaymentError {
    PaymentError::one(Violation::new(
        &[field],
        ViolationCode::PaymentDeclined,
        message,
    ))
}

fn unavailable() -> PaymentError {
    PaymentError::one(Violation::new(
        &["paymentKey"],
        ViolationCode::GatewayUnavailable,
        "the payment gateway did not answer; nothing was charged twice — try again in a moment",
    ))
}

fn set_payment_status(
    conn: &mut AnyConnection,
    id: i64,
    status: PaymentStatus,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(p::table.find(id))
        .set((p::status.eq(status.as_str()), p::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Moves the order through `action` unless a concurrent change got there first (then the
/// order's status no longer allows it, which is fine here).
fn advance(
    conn: &mut AnyConnection,
    order: &Order,
    action: OrderAction,
    actor: &Actor,
    message: &str,
) -> Result<(), PaymentError> {
    match orders_svc::apply(
        conn,
        order.id,
        Change {
            action,
            actor,
            message: message.to_owned(),
            detail: json!({}),
        },
    ) {
        Ok(_) | Err(OrderError::Illegal(_)) => Ok(()),
        Err(e) => Err(PaymentError::from_order(e, "orderNumber")),
    }
}

/// Applies what the gateway says of order `order_id`'s payment, in the caller's write
/// transaction. Idempotent: applying the same report again changes nothing.
pub fn apply_gateway_payment(
    conn: &mut AnyConnection,
    payments: &Payments,
    order_id: i64,
    gp: &GatewayPayment,
) -> Result<(), PaymentError> {
    let now = db::now();
    let order = orders_svc::get(conn, order_id)?
        .ok_or_else(|| DbError::Corrupt(format!("order {order_id} vanished")))?;
    let payment = orders_svc::payment(conn, &order)?
        .ok_or_else(|| DbError::Corrupt(format!("order {} has no payment", order.number)))?;
    if gp.order_id != order.number {
        return Err(DbError::Corrupt(format!(
            "the gateway reported payment {} of order {} for order {}",
            gp.payment_key, gp.order_id, order.number
        ))
        .into());
    }
    let actor = gateway_actor(&payment.gateway);
    let open = matches!(
        payment.status,
        PaymentStatus::Pending | PaymentStatus::Confirming | PaymentStatus::WaitingForDeposit
    );
    match gp.status {
        GatewayStatus::Done => {
            if gp.total_amount != order.total.amount() {
                // Never mark an order paid for a different amount: staff must look at it.
                orders_svc::record(
                    conn,
                    order.id,
                    &actor,
                    EventEntry {
                        kind: "payment",
                        from: None,
                        to: None,
                        message: format!(
                            "the gateway reports {} paid for an order of {}: not marked paid",
                            gp.total_amount,
                            order.total.amount()
                        ),
                        detail: json!({ "payment_key": gp.payment_key }),
                    },
                    now,
                )?;
                return Ok(());
            }
            if open && !order.status.is_unpaid() && !order.status.holds_payment() {
                orders_svc::record(
                    conn,
                    order.id,
                    &actor,
                    EventEntry {
                        kind: "payment",
                        from: None,
                        to: None,
                        message: format!(
                            "the gateway reports a payment after the order was closed ({}): refund it at the gateway",
                            order.status.as_str()
                        ),
                        detail: json!({ "payment_key": gp.payment_key }),
                    },
                    now,
                )?;
                return Ok(());
            }
            if open {
                diesel::update(p::table.find(payment.id))
                    .set((
                        p::status.eq(PaymentStatus::Paid.as_str()),
                        p::payment_key.eq(&gp.payment_key),
                        p::approved_at.eq(gp.approved_at.unwrap_or(now)),
                        p::lease_until.eq(None::<NaiveDateTime>),
                        p::failure_code.eq(None::<String>),
                        p::failure_message.eq(None::<String>),
                        p::updated_at.eq(now),
                    ))
                    .execute(conn)?;
            }
            if order.status.is_unpaid() {
                advance(
                    conn,
                    &order,
                    OrderAction::ConfirmPayment,
                    &actor,
                    "payment confirmed",
                )?;
            }
        }
        GatewayStatus::WaitingForDeposit => {
            if matches!(
                payment.status,
                PaymentStatus::Pending | PaymentStatus::Confirming
            ) {
                let va = gp.virtual_account.as_ref();
                diesel::update(p::table.find(payment.id))
                    .set((
                        p::status.eq(PaymentStatus::WaitingForDeposit.as_str()),
                        p::payment_key.eq(&gp.payment_key),
                        p::va_bank.eq(va.map(|v| v.bank_code.clone())),
                        p::va_account_number.eq(va.map(|v| v.account_number.clone())),
                        p::va_holder.eq(va.map(|v| v.holder.clone())),
                        p::va_due_at.eq(va.and_then(|v| v.due_at)),
                        p::deposit_secret.eq(&gp.secret),
                        p::lease_until.eq(None::<NaiveDateTime>),
                        p::failure_code.eq(None::<String>),
                        p::failure_message.eq(None::<String>),
                        p::updated_at.eq(now),
                    ))
                    .execute(conn)?;
            }
            if order.status == OrderStatus::AwaitingPayment {
                let ours = now + chrono::Duration::hours(i64::from(payments.deposit_hours));
                let deadline = gp
                    .virtual_account
                    .as_ref()
                    .and_then(|v| v.due_at)
                    .map_or(ours, |due| due.min(ours));
                diesel::update(orders::table.find(order.id))
                    .set(orders::expires_at.eq(deadline))
                    .execute(conn)?;
                advance(
                    conn,
                    &order,
                    OrderAction::IssueDeposit,
                    &actor,
                    "virtual account issued",
                )?;
            }
        }
        GatewayStatus::Canceled | GatewayStatus::Expired | GatewayStatus::Aborted => {
            if open && order.status.is_unpaid() {
                diesel::update(p::table.find(payment.id))
                    .set((
                        p::status.eq(PaymentStatus::Pending.as_str()),
                        p::lease_until.eq(None::<NaiveDateTime>),
                        p::failure_code.eq(gp.status.as_str()),
                        p::failure_message.eq("the payment was not completed at the gateway"),
                        p::updated_at.eq(now),
                    ))
                    .execute(conn)?;
            }
        }
        GatewayStatus::PartialCanceled | GatewayStatus::Ready | GatewayStatus::InProgress => {}
    }
    Ok(())
}

/// What the claim step decided.
enum Claimed {
    /// This request calls the gateway.
    Go { gateway: String, order_id: i64 },
    /// Already confirmed with this key.
    Done(Box<OrderDetail>),
    /// Another request is confirming it.
    Wait,
}

fn claim(
    conn: &mut AnyConnection,
    number: &str,
    key: &str,
    amount: i64,
) -> Result<Claimed, PaymentError> {
    let now = db::now();
    let order = orders_svc::by_number(conn, number)?.ok_or_else(|| {
        PaymentError::one(Violation::new(
            &["orderNumber"],
            ViolationCode::NotFound,
            "there is no order with this number",
        ))
    })?;
    let payment = orders_svc::payment(conn, &order)?
        .ok_or_else(|| DbError::Corrupt(format!("order {} has no payment", order.number)))?;
    let same_key = payment.payment_key.as_deref() == Some(key);
    let lease_over = payment.lease_until.is_none_or(|t| t < now);
    match payment.status {
        PaymentStatus::Confirming if !lease_over => return Ok(Claimed::Wait),
        PaymentStatus::Pending | PaymentStatus::Confirming => {}
        PaymentStatus::Cancelled | PaymentStatus::Expired => {
            return Err(PaymentError::one(Violation::new(
                &["orderNumber"],
                ViolationCode::InvalidState,
                format!(
                    "order {} is {} and can no longer be paid",
                    order.number,
                    order.status.as_str()
                ),
            )));
        }
        _ if same_key => {
            if amount != order.total.amount() {
                return Err(amount_mismatch(&order));
            }
            return Ok(Claimed::Done(Box::new(reread(conn, order.id)?)));
        }
        _ => {
            return Err(PaymentError::one(Violation::new(
                &["paymentKey"],
                ViolationCode::NotFound,
                "this payment key does not belong to this order",
            )));
        }
    }
    if !order.status.is_unpaid() {
        return Err(PaymentError::one(Violation::new(
            &["orderNumber"],
            ViolationCode::InvalidState,
            format!(
                "order {} is {} and cannot be paid",
                order.number,
                order.status.as_str()
            ),
        )));
    }
    if amount != order.total.amount() {
        return Err(amount_mismatch(&order));
    }
    let taken: i64 = p::table
        .filter(p::gateway.eq(&payment.gateway))
        .filter(p::payment_key.eq(key))
        .filter(p::order_id.ne(order.id))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(PaymentError::one(Violation::new(
            &["paymentKey"],
            ViolationCode::NotFound,
            "this payment key does not belong to this order",
        )));
    }
    let claimed = diesel::update(
        p::table.find(payment.id).filter(
            p::status.eq(PaymentStatus::Pending.as_str()).or(p::status
                .eq(PaymentStatus::Confirming.as_str())
                .and(p::lease_until.lt(now).or(p::lease_until.is_null()))),
        ),
    )
    .set((
        p::status.eq(PaymentStatus::Confirming.as_str()),
        p::payment_key.eq(key),
        p::lease_until.eq(now + LEASE),
        p::updated_at.eq(now),
    ))
    .execute(conn)?;
    if claimed == 0 {
        return Ok(Claimed::Wait);
    }
    Ok(Claimed::Go {
        gateway: payment.gateway,
        order_id: order.id,
    })
}

fn amount_mismatch(order: &Order) -> PaymentError {
    PaymentError::one(Violation::new(
        &["amount"],
        ViolationCode::AmountMismatch,
        format!(
            "the amount does not match order {} ({}); the payment was not confirmed",
            order.number, order.total
        ),
    ))
}

/// Records a confirmation's outcome; returns the order, or the refusal to tell the shopper
/// (inside `Ok`, so what was recorded of a refusal commits).
fn record_outcome(
    conn: &mut AnyConnection,
    payments: &Payments,
    order_id: i64,
    outcome: Result<GatewayPayment, GatewayError>,
) -> Result<Result<OrderDetail, PaymentError>, PaymentError> {
    let now = db::now();
    let order = orders_svc::get(conn, order_id)?
        .ok_or_else(|| DbError::Corrupt("order vanished".into()))?;
    let payment = orders_svc::payment(conn, &order)?
        .ok_or_else(|| DbError::Corrupt("payment vanished".into()))?;
    let release = |conn: &mut AnyConnection, code: Option<&str>, message: Option<&str>| {
        diesel::update(
            p::table
                .find(payment.id)
                .filter(p::status.eq(PaymentStatus::Confirming.as_str())),
        )
        .set((
            p::status.eq(PaymentStatus::Pending.as_str()),
            p::lease_until.eq(None::<NaiveDateTime>),
            p::failure_code.eq(code),
            p::failure_message.eq(message),
            p::updated_at.eq(now),
        ))
        .execute(conn)
    };
    match outcome {
        Ok(gp) => {
            apply_gateway_payment(conn, payments, order_id, &gp)?;
            // A report that settles nothing (still in progress) frees the payment for a retry.
            release(conn, None, None)?;
            Ok(Ok(orders_svc::detail_of(conn, order_id)?.ok_or_else(
                || DbError::Corrupt("order vanished".into()),
            )?))
        }
        Err(GatewayError::Declined { code, message }) => {
            release(conn, Some(&code), Some(&message))?;
            orders_svc::record(
                conn,
                order_id,
                &gateway_actor(&payment.gateway),
                EventEntry {
                    kind: "payment",
                    from: None,
                    to: None,
                    message: format!("payment declined: {message} ({code})"),
                    detail: json!({ "code": code }),
                },
                now,
            )?;
            Ok(Err(declined(
                "paymentKey",
                format!("the payment was declined: {message}"),
            )))
        }
        Err(GatewayError::NotFound) => {
            release(
                conn,
                Some("NOT_FOUND_PAYMENT"),
                Some("the gateway has no such payment"),
            )?;
            Ok(Err(PaymentError::one(Violation::new(
                &["paymentKey"],
                ViolationCode::NotFound,
                "the payment gateway has no payment with this key",
            ))))
        }
        Err(GatewayError::Unavailable(reason)) => {
            tracing::warn!(order.number = %order.number, error = %reason, "payment confirmation got no answer");
            release(conn, None, None)?;
            Ok(Err(unavailable()))
        }
    }
}

/// Confirms the payment of order `number` that the shopper authorised with the gateway
/// (`payment_key`, the amount the redirect carried). The amount must be the order's total — the
/// browser's word is never trusted. Confirming again with the same key answers the same order.
pub async fn confirm(
    db: &Db,
    payments: &std::sync::Arc<Payments>,
    number: &str,
    payment_key: &str,
    amount: i64,
) -> Result<OrderDetail, PaymentError> {
    let key = payment_key.trim().to_owned();
    if key.is_empty() || key.len() > 200 {
        return Err(PaymentError::one(Violation::new(
            &["paymentKey"],
            ViolationCode::Invalid,
            "send the paymentKey the payment window returned",
        )));
    }
    let number = number.trim().to_owned();
    let started = std::time::Instant::now();
    loop {
        let (n, k) = (number.clone(), key.clone());
        let claimed = db
            .run(move |c| write_transaction(c, |c| claim(c, &n, &k, amount)))
            .await?;
        match claimed {
            Claimed::Done(detail) => return Ok(*detail),
            Claimed::Wait => {
                if started.elapsed() > WAIT {
                    return Err(unavailable());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
                // Look again: the other confirmation has finished (or failed) by now, or its
                // lease runs out.
                let (n, k) = (number.clone(), key.clone());
                let settled = db.run(move |c| settled(c, &n, &k)).await?;
                if let Some(result) = settled {
                    return result;
                }
            }
            Claimed::Go { gateway, order_id } => {
                let Some(gw) = payments.gateways.named(&gateway) else {
                    return Err(
                        DbError::Corrupt(format!("gateway {gateway} is not configured")).into(),
                    );
                };
                let idempotency_key = format!("confirm-{number}-{key}");
                let outcome = gw
                    .confirm(Confirm {
                        payment_key: &key,
                        order_id: &number,
                        amount,
                        idempotency_key: &idempotency_key,
                    })
                    .await;
                let payments = payments.clone();
                return db
                    .run(move |c| {
                        write_transaction(c, |c| record_outcome(c, &payments, order_id, outcome))
                    })
                    .await?;
            }
        }
    }
}

/// While waiting for another confirmation: its result, once it is there.
fn settled(
    conn: &mut AnyConnection,
    number: &str,
    key: &str,
) -> Result<Option<Result<OrderDetail, PaymentError>>, PaymentError> {
    let Some(order) = orders_svc::by_number(conn, number)? else {
        return Ok(None);
    };
    let Some(payment) = orders_svc::payment(conn, &order)? else {
        return Ok(None);
    };
    if payment.payment_key.as_deref() != Some(key) {
        return Ok(None);
    }
    match payment.status {
        PaymentStatus::Confirming => Ok(None),
        PaymentStatus::Pending => match (&payment.failure_code, &payment.failure_message) {
            (Some(_), Some(message)) => Ok(Some(Err(declined(
                "paymentKey",
                format!("the payment was declined: {message}"),
            )))),
            _ => Ok(Some(Err(unavailable()))),
        },
        _ => Ok(Some(Ok(reread(conn, order.id)?))),
    }
}

/// The order read again after its payment was seen settled. The order and its payment change in
/// one transaction, but a reader outside it (PostgreSQL's read committed) may have read the order
/// just before that transaction committed and the payment just after: the order read now is at
/// least as new as the payment.
fn reread(conn: &mut AnyConnection, order_id: i64) -> Result<OrderDetail, DbError> {
    orders_svc::detail_of(conn, order_id)?.ok_or_else(|| DbError::Corrupt("order vanished".into()))
}

/// Asks the gateway about order `order_id`'s payment and applies the answer. `Ok(false)` when
/// the gateway could not be asked now (try later).
pub async fn reconcile_order(
    db: &Db,
    payments: &std::sync::Arc<Payments>,
    order_id: i64,
) -> Result<bool, PaymentError> {
    let found = db
        .run(move |c| {
            let Some(order) = orders_svc::get(c, order_id)? else {
                return Ok::<_, DbError>(None);
            };
            let payment = orders_svc::payment(c, &order)?;
            Ok(payment.map(|p| (order, p)))
        })
        .await?;
    let Some((order, payment)) = found else {
        return Ok(true);
    };
    let Some(gateway) = payments.gateways.named(&payment.gateway) else {
        return Ok(false);
    };
    match gateway.lookup(&order.number).await {
        Ok(Some(gp)) => {
            let payments = payments.clone();
            db.run(move |c| {
                write_transaction(c, |c| apply_gateway_payment(c, &payments, order_id, &gp))
            })
            .await?;
            Ok(true)
        }
        Ok(None) => Ok(true),
        Err(GatewayError::Unavailable(e)) => {
            tracing::warn!(order.number = %order.number, error = %e, "gateway lookup got no answer");
            Ok(false)
        }
        Err(e) => {
            tracing::warn!(order.number = %order.number, error = %e, "gateway lookup refused");
            Ok(true)
        }
    }
}

/// Unpaid orders whose payment the gateway may know more of than we do: a key was recorded
/// (the shopper authorised, or a virtual account was issued) and no confirmation holds it now.
pub fn needing_reconciliation(conn: &mut AnyConnection, limit: i64) -> Result<Vec<i64>, DbError> {
    let now = db::now();
    Ok(p::table
        .inner_join(orders::table)
        .filter(orders::status.eq_any([
            OrderStatus::AwaitingPayment.as_str(),
            OrderStatus::AwaitingDeposit.as_str(),
        ]))
        .filter(p::payment_key.is_not_null())
        .filter(p::lease_until.is_null().or(p::lease_until.lt(now)))
        .order(orders::id.asc())
        .limit(limit)
        .select(orders::id)
        .load(conn)?)
}

/// Unpaid orders past their deadline.
pub fn due_for_expiry(conn: &mut AnyConnection, limit: i64) -> Result<Vec<i64>, DbError> {
    Ok(orders::table
        .filter(orders::status.eq_any([
            OrderStatus::AwaitingPayment.as_str(),
            OrderStatus::AwaitingDeposit.as_str(),
        ]))
        .filter(orders::expires_at.le(db::now()))
        .order(orders::expires_at.asc())
        .limit(limit)
        .select(orders::id)
        .load(conn)?)
}

/// Expires an unpaid order past its deadline and releases its stock — after asking the gateway,
/// so a deposit whose notification was lost makes the order paid instead, and after closing a
/// still-open virtual account so no deposit can arrive later. `Ok(false)`: try again later.
pub async fn expire_order(
    db: &Db,
    payments: &std::sync::Arc<Payments>,
    order_id: i64,
) -> Result<bool, PaymentError> {
    let found = db
        .run(move |c| {
            let Some(order) = orders_svc::get(c, order_id)? else {
                return Ok::<_, DbError>(None);
            };
            let payment = orders_svc::payment(c, &order)?;
            Ok(Some((order, payment)))
        })
        .await?;
    let Some((order, payment)) = found else {
        return Ok(true);
    };
    if !order.status.is_unpaid() {
        return Ok(true);
    }
    // A confirmation under way decides first.
    if payment.as_ref().is_some_and(|p| {
        p.status == PaymentStatus::Confirming && p.lease_until.is_some_and(|t| t > db::now())
    }) {
        return Ok(false);
    }
    if let Some(payment) = &payment
        && let Some(key) = &payment.payment_key
    {
        let Some(gateway) = payments.gateways.named(&payment.gateway) else {
            return Ok(false);
        };
        match gateway.lookup(&order.number).await {
            Ok(Some(gp)) if gp.status == GatewayStatus::Done => {
                let payments = payments.clone();
                db.run(move |c| {
                    write_transaction(c, |c| apply_gateway_payment(c, &payments, order_id, &gp))
                })
                .await?;
                return Ok(true);
            }
            Ok(Some(gp)) if gp.status == GatewayStatus::WaitingForDeposit => {
                let idempotency_key = format!("expire-{}", order.number);
                match gateway
                    .cancel(Cancel {
                        payment_key: key,
                        amount: None,
                        reason: "입금 기한이 지나 주문이 취소되었습니다 (deposit deadline passed)",
                        idempotency_key: &idempotency_key,
                        refund_account: None,
                    })
                    .await
                {
                    Ok(_) => {}
                    Err(GatewayError::Unavailable(_)) => return Ok(false),
                    Err(e) => {
                        // The deposit may have arrived this instant: look once more next time.
                        tracing::warn!(order.number = %order.number, error = %e, "closing the virtual account was refused");
                        return Ok(false);
                    }
                }
            }
            Ok(_) => {}
            Err(GatewayError::Unavailable(_)) => return Ok(false),
            Err(_) => {}
        }
    }
    db.run(move |c| {
        write_transaction(c, |c| {
            let Some(order) = orders_svc::get(c, order_id)? else {
                return Ok(());
            };
            if !order.status.is_unpaid() {
                return Ok(());
            }
            let actor = Actor::system("expiry");
            advance(
                c,
                &order,
                OrderAction::Expire,
                &actor,
                "not paid by the deadline; stock released",
            )?;
            if let Some(payment) = orders_svc::payment(c, &order)?
                && payment.status != PaymentStatus::Paid
            {
                set_payment_status(c, payment.id, PaymentStatus::Expired, db::now())?;
            }
            Ok::<_, PaymentError>(())
        })
    })
    .await?;
    Ok(true)
}

/// The payment of order `order_id`, for callers outside `order`.
pub fn of_order(conn: &mut AnyConnection, order: &Order) -> Result<Option<Payment>, DbError> {
    orders_svc::payment(conn, order)
}

/// Sandbox only: simulates the deposit into order `order_id`'s virtual account (staff or
/// `jangteo sandbox deposit`). The sandbox records the payment and its deposit webhook is
/// delivered by a job, through the same handling as a real gateway's. With an idempotency key, a
/// repeat answers the first result.
pub fn simulate_deposit(
    conn: &mut AnyConnection,
    order_id: i64,
    idempotency_key: Option<&str>,
    actor: &Actor,
) -> Result<(), OrderError> {
    enum Failure {
        Order(OrderError),
        Race,
    }
    impl crate::idempotency::IsRace for Failure {
        fn is_race(&self) -> bool {
            matches!(self, Failure::Race)
        }
    }
    impl From<DbError> for Failure {
        fn from(e: DbError) -> Self {
            Failure::Order(e.into())
        }
    }
    impl From<diesel::result::Error> for Failure {
        fn from(e: diesel::result::Error) -> Self {
            Failure::Order(e.into())
        }
    }
    let refuse = |code, message: String| {
        Failure::Order(OrderError::Invalid(vec![Violation::new(
            &["id"],
            code,
            message,
        )]))
    };
    let result = crate::idempotency::retrying(|| {
        write_transaction(conn, |c| {
            let now = db::now();
            let scope = format!("deposit:{order_id}");
            if let Some(key) = idempotency_key {
                match crate::idempotency::claim(
                    c,
                    "idempotencyKey",
                    &scope,
                    key,
                    &crate::idempotency::fingerprint(&order_id),
                    now,
                ) {
                    Ok(crate::idempotency::Claim::Replay(_)) => return Ok(()),
                    Ok(crate::idempotency::Claim::Fresh) => {}
                    Err(crate::idempotency::IdempotencyError::Race) => return Err(Failure::Race),
                    Err(crate::idempotency::IdempotencyError::Refused(v)) => {
                        return Err(Failure::Order(OrderError::Invalid(vec![v])));
                    }
                    Err(crate::idempotency::IdempotencyError::Db(e)) => return Err(e.into()),
                }
            }
            let order =
                orders_svc::get(c, order_id)?.ok_or(Failure::Order(OrderError::NotFound))?;
            let payment = orders_svc::payment(c, &order)?;
            if payment.as_ref().is_none_or(|p| p.gateway != "sandbox") {
                return Err(refuse(
                    ViolationCode::NotAllowed,
                    format!(
                        "order {} is not paid through the sandbox gateway",
                        order.number
                    ),
                ));
            }
            if order.status != OrderStatus::AwaitingDeposit {
                return Err(refuse(
                    ViolationCode::InvalidState,
                    format!(
                        "order {} is {}, not awaiting a deposit",
                        order.number,
                        order.status.as_str()
                    ),
                ));
            }
            let body = super::sandbox::simulate_deposit(c, &order.number).map_err(|e| match e {
                super::sandbox::DepositError::Db(e) => Failure::from(e),
                e => refuse(ViolationCode::InvalidState, e.to_string()),
            })?;
            crate::jobs::store::enqueue(c, &super::jobs::DeliverSandboxWebhook { body })?;
            orders_svc::record(
                c,
                order.id,
                actor,
                EventEntry {
                    kind: "payment",
                    from: None,
                    to: None,
                    message: "deposit simulated in the sandbox".into(),
                    detail: json!({}),
                },
                now,
            )?;
            crate::access::audit::record(
                c,
                actor,
                "order.sandbox_deposit",
                Some(shared::OrderId(order.id).to_string()),
                json!({ "number": order.number }),
                now,
            )?;
            if let Some(key) = idempotency_key {
                crate::idempotency::finish(c, &scope, key, &json!({ "deposited": true }))?;
            }
            Ok(())
        })
    });
    match result {
        Ok(()) => Ok(()),
        Err(Failure::Order(e)) => Err(e),
        Err(Failure::Race) => {
            Err(DbError::Corrupt("idempotency race kept repeating".into()).into())
        }
    }
}
