//! The shopper's emails about an order: virtual-account instructions, payment complete, shipped
//! and cancelled. Each is enqueued in the transaction of the status change that causes it, under
//! the cause `order:NUMBER:STATUS`, so a change happens once and so does its message.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::model::Order;
use super::state::OrderStatus;
use crate::db::{AnyConnection, DbError};
use crate::jobs::store;
use crate::notify::mail::SendEmail;

/// The email template for entering `status`, if the shopper hears of it.
pub fn template_for(status: OrderStatus) -> Option<&'static str> {
    match status {
        OrderStatus::AwaitingDeposit => Some("order_awaiting_deposit"),
        OrderStatus::Paid => Some("order_paid"),
        OrderStatus::Shipped => Some("order_shipped"),
        OrderStatus::Cancelled => Some("order_cancelled"),
        _ => None,
    }
}

/// `2026-12-06 14:00 (KST)` in the channel's zone.
pub fn local_time(t: NaiveDateTime, time_zone: &str) -> String {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::Asia::Seoul);
    let local = t.and_utc().with_timezone(&tz);
    local.format("%Y-%m-%d %H:%M (%Z)").to_string()
}

/// Enqueues the email for `order` having entered `status` (nothing for other statuses).
pub(crate) fn on_status(
    conn: &mut AnyConnection,
    order: &Order,
    status: OrderStatus,
) -> Result<(), DbError> {
    let Some(template) = template_for(status) else {
        return Ok(());
    };
    let context = context(conn, order)?;
    store::enqueue(
        conn,
        &SendEmail {
            to: order.email.clone(),
            template: template.to_owned(),
            context,
            channel_id: Some(order.channel_id),
            cause: format!("order:{}:{}", order.number, status.as_str()),
        },
    )?;
    Ok(())
}

/// What the order templates show.
fn context(conn: &mut AnyConnection, order: &Order) -> Result<Value, DbError> {
    let time_zone = crate::channel::service::get(conn, shared::ChannelId(order.channel_id))
        .map(|c| c.channel.time_zone)
        .unwrap_or_else(|_| "Asia/Seoul".into());
    let detail = super::service::detail(conn, order.clone())?;
    let lines: Vec<Value> = detail
        .lines
        .iter()
        .map(|l| {
            json!({
                "name": l.product_name,
                "label": l.variant_label,
                "quantity": l.quantity,
                "total": l.line_total.to_string(),
            })
        })
        .collect();
    let virtual_account = detail
        .payment
        .as_ref()
        .and_then(|p| p.virtual_account.as_ref())
        .map(|va| {
            json!({
                "bank": crate::payment::model::bank_name(&va.bank_code),
                "account_number": va.account_number,
                "holder": va.holder,
                "amount": order.total.to_string(),
                "due": va.due_at.map(|t| local_time(t, &time_zone)),
            })
        });
    let tracking = match (
        &detail.carrier_name,
        &order.tracking_number,
        &detail.tracking_url,
    ) {
        (Some(carrier), Some(number), Some(url)) => {
            Some(json!({ "carrier": carrier, "number": number, "url": url }))
        }
        _ => None,
    };
    Ok(json!({
        "number": order.number,
        "customer_name": order.customer_name,
        "placed_at": local_time(order.placed_at, &time_zone),
        "subtotal": order.subtotal.to_string(),
        "shipping": order.shipping.to_string(),
        "discount": order.discount.to_string(),
        "total": order.total.to_string(),
        "refunded": order.refunded.to_string(),
        "lines": lines,
        "recipient": order.address.recipient,
        "address": format!("({}) {} {}", order.address.postal_code, order.address.road_address, order.address.detail_address),
        "order_path": format!("/orders/{}", order.number),
        "virtual_account": virtual_account,
        "tracking": tracking,
    }))
}
