//! Orders after checkout: reading them (a shopper's own, a guest's by number and phone, staff's
//! filtered lists), the one place their status changes ([`apply`]), and staff's fulfilment
//! actions (prepare, ship with tracking, deliver, cancel an unpaid order).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::{Value, json};
use shared::KrMobile;

use super::error::OrderError;
use super::model::{
    AgreementKind, Order, OrderAgreement, OrderEvent, OrderEventRow, OrderLine, OrderLineRow,
    OrderRow, OrderSource, PaymentMethod,
};
use super::state::{self, OrderAction, OrderStatus};
use crate::access::audit::Actor;
use crate::access::throttle::{self, Attempt, Gate, Policy};
use crate::catalog::stock;
use crate::db::page::{Page, PageRequest};
use crate::db::schema::{
    order_agreements as ag, order_events as ev, order_lines as ol, orders as o, payments, refunds,
};
use crate::db::{self, AnyConnection, DbError, write_transaction};
use crate::payment::model::{Payment, PaymentRow, Refund, RefundRow};
use crate::validation::{Violation, ViolationCode};

/// An order with everything its page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderDetail {
    pub order: Order,
    pub lines: Vec<OrderLine>,
    pub payment: Option<Payment>,
    pub events: Vec<OrderEvent>,
    pub refunds: Vec<Refund>,
    /// The carrier's own tracking page, once shipped.
    pub tracking_url: Option<String>,
    pub carrier_name: Option<String>,
}

pub fn get(conn: &mut AnyConnection, id: i64) -> Result<Option<Order>, DbError> {
    o::table
        .find(id)
        .select(OrderRow::as_select())
        .first(conn)
        .optional()?
        .map(Order::try_from)
        .transpose()
}

pub fn by_number(conn: &mut AnyConnection, number: &str) -> Result<Option<Order>, DbError> {
    o::table
        .filter(o::number.eq(number.trim()))
        .select(OrderRow::as_select())
        .first(conn)
        .optional()?
        .map(Order::try_from)
        .transpose()
}

pub fn lines(conn: &mut AnyConnection, order: &Order) -> Result<Vec<OrderLine>, DbError> {
    ol::table
        .filter(ol::order_id.eq(order.id))
        .order(ol::position.asc())
        .select(OrderLineRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|r| OrderLine::from_row(r, order.currency))
        .collect()
}

/// The order's payment, if it has one.
pub fn payment(conn: &mut AnyConnection, order: &Order) -> Result<Option<Payment>, DbError> {
    payments::table
        .filter(payments::order_id.eq(order.id))
        .select(PaymentRow::as_select())
        .first(conn)
        .optional()?
        .map(|r| Payment::from_row(r, order.currency))
        .transpose()
}

/// The order with its lines, payment, timeline, refunds and tracking link: six statements.
pub fn detail(conn: &mut AnyConnection, order: Order) -> Result<OrderDetail, DbError> {
    let lines = lines(conn, &order)?;
    let payment = payment(conn, &order)?;
    let events = ev::table
        .filter(ev::order_id.eq(order.id))
        .order(ev::id.asc())
        .select(OrderEventRow::as_select())
        .load(conn)?
        .into_iter()
        .map(OrderEvent::from)
        .collect();
    let refunds = refunds::table
        .filter(refunds::order_id.eq(order.id))
        .order(refunds::id.asc())
        .select(RefundRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|r| Refund::from_row(r, order.currency))
        .collect::<Result<_, _>>()?;
    let carrier = match &order.carrier_code {
        Some(code) => crate::shipping::carriers::get(conn, code)?,
        None => None,
    };
    let tracking_url = match (&carrier, &order.tracking_number) {
        (Some(c), Some(n)) => Some(c.tracking_url(n)),
        _ => None,
    };
    Ok(OrderDetail {
        carrier_name: carrier.map(|c| c.name),
        tracking_url,
        order,
        lines,
        payment,
        events,
        refunds,
    })
}

/// Several orders in full: five statements whatever their number (for lists).
pub fn detail_many(
    conn: &mut AnyConnection,
    orders: Vec<Order>,
) -> Result<Vec<OrderDetail>, DbError> {
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
    let mut lines: Vec<OrderLineRow> = ol::table
        .filter(ol::order_id.eq_any(&ids))
        .order((ol::order_id.asc(), ol::position.asc()))
        .select(OrderLineRow::as_select())
        .load(conn)?;
    let mut pays: Vec<PaymentRow> = payments::table
        .filter(payments::order_id.eq_any(&ids))
        .select(PaymentRow::as_select())
        .load(conn)?;
    let mut events: Vec<OrderEventRow> = ev::table
        .filter(ev::order_id.eq_any(&ids))
        .order(ev::id.asc())
        .select(OrderEventRow::as_select())
        .load(conn)?;
    let mut refund_rows: Vec<RefundRow> = refunds::table
        .filter(refunds::order_id.eq_any(&ids))
        .order(refunds::id.asc())
        .select(RefundRow::as_select())
        .load(conn)?;
    let carriers = crate::shipping::carriers::list(conn)?;
    orders
        .into_iter()
        .map(|order| {
            let id = order.id;
            let my_lines: Vec<OrderLineRow> = lines.extract_if(.., |r| r.order_id == id).collect();
            let my_pay: Vec<PaymentRow> = pays.extract_if(.., |r| r.order_id == id).collect();
            let my_events: Vec<OrderEventRow> =
                events.extract_if(.., |r| r.order_id == id).collect();
            let my_refunds: Vec<RefundRow> =
                refund_rows.extract_if(.., |r| r.order_id == id).collect();
            let carrier = order
                .carrier_code
                .as_ref()
                .and_then(|code| carriers.iter().find(|c| &c.code == code));
            let tracking_url = match (carrier, &order.tracking_number) {
                (Some(c), Some(n)) => Some(c.tracking_url(n)),
                _ => None,
            };
            Ok(OrderDetail {
                lines: my_lines
                    .into_iter()
                    .map(|r| OrderLine::from_row(r, order.currency))
                    .collect::<Result<_, _>>()?,
                payment: my_pay
                    .into_iter()
                    .next()
                    .map(|r| Payment::from_row(r, order.currency))
                    .transpose()?,
                events: my_events.into_iter().map(OrderEvent::from).collect(),
                refunds: my_refunds
                    .into_iter()
                    .map(|r| Refund::from_row(r, order.currency))
                    .collect::<Result<_, _>>()?,
                carrier_name: carrier.map(|c| c.name.clone()),
                tracking_url,
                order,
            })
        })
        .collect()
}

/// Order `id` in full.
pub fn detail_of(conn: &mut AnyConnection, id: i64) -> Result<Option<OrderDetail>, DbError> {
    match get(conn, id)? {
        Some(order) => Ok(Some(detail(conn, order)?)),
        None => Ok(None),
    }
}

/// A member's order by number; `None` for an order that is not theirs.
pub fn of_member(
    conn: &mut AnyConnection,
    member_id: i64,
    number: &str,
) -> Result<Option<OrderDetail>, DbError> {
    match by_number(conn, number)? {
        Some(order) if order.member_id == Some(member_id) => Ok(Some(detail(conn, order)?)),
        _ => Ok(None),
    }
}

/// A member's orders in one channel, newest first.
pub fn list_of_member(
    conn: &mut AnyConnection,
    member_id: i64,
    channel_id: i64,
    page: PageRequest,
) -> Result<Page<Order>, DbError> {
    let mut q = o::table
        .filter(o::member_id.eq(member_id))
        .filter(o::channel_id.eq(channel_id))
        .order(o::id.desc())
        .limit(page.fetch_limit())
        .select(OrderRow::as_select())
        .into_boxed();
    if let Some(after) = page.after {
        q = q.filter(o::id.lt(after));
    }
    let rows = q
        .load(conn)?
        .into_iter()
        .map(Order::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(page.finish(rows))
}

/// Keeps the agreements the shopper gave for order `order_id` of channel `channel_id`, at
/// their current versions with the versions of the channel's policies they refer to, in the
/// caller's transaction (checkout's).
pub fn record_agreements(
    conn: &mut AnyConnection,
    order_id: i64,
    channel_id: i64,
    kinds: &[AgreementKind],
    now: NaiveDateTime,
) -> Result<(), DbError> {
    for kind in kinds {
        let policy_version =
            crate::channel::policy::current_version(conn, channel_id, kind.policy())?;
        diesel::insert_into(ag::table)
            .values((
                ag::order_id.eq(order_id),
                ag::kind.eq(kind.as_str()),
                ag::version.eq(kind.current_version()),
                ag::policy_version.eq(policy_version),
                ag::agreed_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The agreements given for order `order_id`, in the order of [`AgreementKind`].
pub fn agreements(conn: &mut AnyConnection, order_id: i64) -> Result<Vec<OrderAgreement>, DbError> {
    let rows: Vec<(String, String, Option<i32>, NaiveDateTime)> = ag::table
        .filter(ag::order_id.eq(order_id))
        .select((ag::kind, ag::version, ag::policy_version, ag::agreed_at))
        .load(conn)?;
    let mut found = rows
        .into_iter()
        .map(|(kind, version, policy_version, agreed_at)| {
            let kind = AgreementKind::parse(&kind)
                .ok_or_else(|| DbError::Corrupt(format!("order {order_id}: agreement {kind}")))?;
            Ok(OrderAgreement {
                kind,
                version,
                policy_version,
                agreed_at,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    found.sort_by_key(|a| a.kind as u8);
    Ok(found)
}

/// Links the guest orders placed with `email` (normalised, as checkout stores it) to member
/// `member_id`, who has just proved the address is theirs; in the caller's write transaction,
/// each with a timeline entry. An order that already has a member keeps it, so of two
/// verifications racing, each order is linked once. Returns the IDs linked.
pub fn link_guest_orders(
    conn: &mut AnyConnection,
    member_id: i64,
    member_name: &str,
    email: &str,
    now: NaiveDateTime,
) -> Result<Vec<i64>, DbError> {
    let candidates: Vec<i64> = o::table
        .filter(o::email.eq(email))
        .filter(o::member_id.is_null())
        .order(o::id.asc())
        .select(o::id)
        .load(conn)?;
    let actor = Actor {
        kind: "member",
        id: Some(member_id),
        name: member_name.to_owned(),
        ip: None,
    };
    let mut linked = Vec::new();
    for id in candidates {
        let updated = diesel::update(o::table.find(id).filter(o::member_id.is_null()))
            .set((o::member_id.eq(member_id), o::updated_at.eq(now)))
            .execute(conn)?;
        if updated == 1 {
            record(
                conn,
                id,
                &actor,
                EventEntry {
                    kind: "member_linked",
                    from: None,
                    to: None,
                    message: "guest order linked to the member who verified its email".into(),
                    detail: json!({ "member_id": member_id }),
                },
                now,
            )?;
            linked.push(id);
        }
    }
    Ok(linked)
}

/// A guest's order, found by its number and the orderer's phone. Guesses are throttled like
/// sign-ins (per order number and per IP address); a wrong phone and an unknown number look the
/// same.
pub fn lookup(
    conn: &mut AnyConnection,
    policy: Policy,
    number: &str,
    phone: &str,
    ip: Option<String>,
    now: NaiveDateTime,
) -> Result<Result<Option<OrderDetail>, i64>, DbError> {
    let number = number.trim();
    let attempt = Attempt {
        account: format!("order-lookup:{number}"),
        ip,
    };
    let gate = throttle::reserve(conn, policy, &attempt, now)?;
    if let Gate::Blocked { retry_after_secs } = gate {
        return Ok(Err(retry_after_secs));
    }
    let phone = phone.parse::<KrMobile>().ok().map(|p| p.e164());
    let found = match (by_number(conn, number)?, phone) {
        (Some(order), Some(phone)) if order.phone == phone => Some(order),
        _ => None,
    };
    match found {
        Some(order) => {
            throttle::succeeded(conn, &attempt, now)?;
            Ok(Ok(Some(detail(conn, order)?)))
        }
        None => Ok(Ok(None)),
    }
}

/// Staff's filters of the order list; every field narrows it.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    pub statuses: Vec<OrderStatus>,
    /// Placed on or after this day (in `time_zone`).
    pub placed_from: Option<NaiveDate>,
    /// Placed on or before this day (in `time_zone`).
    pub placed_to: Option<NaiveDate>,
    pub payment_method: Option<PaymentMethod>,
    pub source: Option<OrderSource>,
    pub channel_id: Option<i64>,
    /// An order number (or its start), a name (orderer or recipient) or a phone number.
    pub search: Option<String>,
    /// IANA zone the dates are days of.
    pub time_zone: String,
}

/// UTC start of `day` in zone `tz`.
fn start_of_day(day: NaiveDate, tz: chrono_tz::Tz) -> NaiveDateTime {
    use chrono::TimeZone;
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.naive_utc())
        .unwrap_or(local)
}

/// Orders for staff, newest first, one statement per page.
pub fn list(
    conn: &mut AnyConnection,
    filter: &OrderFilter,
    page: PageRequest,
) -> Result<Page<Order>, DbError> {
    use crate::catalog::browse::contains_pattern;
    let tz: chrono_tz::Tz = filter.time_zone.parse().unwrap_or(chrono_tz::Asia::Seoul);
    let mut q = o::table
        .order(o::id.desc())
        .limit(page.fetch_limit())
        .select(OrderRow::as_select())
        .into_boxed();
    if let Some(after) = page.after {
        q = q.filter(o::id.lt(after));
    }
    if !filter.statuses.is_empty() {
        q = q.filter(o::status.eq_any(filter.statuses.iter().map(|s| s.as_str())));
    }
    if let Some(day) = filter.placed_from {
        q = q.filter(o::placed_at.ge(start_of_day(day, tz)));
    }
    if let Some(day) = filter.placed_to.and_then(|d| d.succ_opt()) {
        q = q.filter(o::placed_at.lt(start_of_day(day, tz)));
    }
    if let Some(m) = filter.payment_method {
        q = q.filter(o::payment_method.eq(m.as_str()));
    }
    if let Some(s) = filter.source {
        q = q.filter(o::source.eq(s.as_str()));
    }
    if let Some(c) = filter.channel_id {
        q = q.filter(o::channel_id.eq(c));
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let digits: String = search.chars().filter(char::is_ascii_digit).collect();
        let numeric = search
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
        let number_like = search.len() >= 9
            && search.as_bytes()[..8].iter().all(u8::is_ascii_digit)
            && search.as_bytes()[8] == b'-';
        if number_like {
            q = q.filter(o::number.like(format!("{}%", search.replace(' ', ""))));
        } else if numeric && digits.len() >= 4 {
            // Phones are stored in E.164 (+821012345678): match the national digits' tail.
            let national = digits.strip_prefix('0').unwrap_or(&digits).to_owned();
            q = q.filter(
                o::phone
                    .like(format!("%{national}%"))
                    .or(o::recipient_phone.like(format!("%{national}%")))
                    .or(o::number.like(format!("%{digits}%"))),
            );
        } else {
            let pattern = contains_pattern(search);
            q = q.filter(
                o::customer_name
                    .like(pattern.clone())
                    .escape('\\')
                    .or(o::recipient.like(pattern).escape('\\')),
            );
        }
    }
    let rows = q
        .load(conn)?
        .into_iter()
        .map(Order::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(page.finish(rows))
}

/// One entry of the timeline.
pub(crate) struct EventEntry<'a> {
    pub kind: &'a str,
    pub from: Option<OrderStatus>,
    pub to: Option<OrderStatus>,
    pub message: String,
    pub detail: Value,
}

pub(crate) fn record(
    conn: &mut AnyConnection,
    order_id: i64,
    actor: &Actor,
    entry: EventEntry<'_>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(ev::table)
        .values((
            ev::order_id.eq(order_id),
            ev::kind.eq(entry.kind),
            ev::from_status.eq(entry.from.map(|s| s.as_str())),
            ev::to_status.eq(entry.to.map(|s| s.as_str())),
            ev::actor_kind.eq(actor.kind),
            ev::actor_id.eq(actor.id),
            ev::actor_name.eq(&actor.name),
            ev::message.eq(&entry.message),
            ev::detail.eq(entry.detail.to_string()),
            ev::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Gives back every unit the order still holds (cancellation, expiry). Each unit goes back at
/// most once: the line records what was returned.
pub(crate) fn release_stock(conn: &mut AnyConnection, order_id: i64) -> Result<(), DbError> {
    let rows: Vec<(i64, Option<i64>, i64, i64)> = ol::table
        .filter(ol::order_id.eq(order_id))
        .order(ol::variant_id.asc())
        .select((
            ol::id,
            ol::variant_id,
            ol::stock_taken,
            ol::restocked_quantity,
        ))
        .load(conn)?;
    for (line, variant, taken, restocked) in rows {
        restock_line(conn, line, variant, taken - restocked)?;
    }
    Ok(())
}

/// Returns `quantity` units of one line to stock (no more than the line still holds).
pub(crate) fn restock_line(
    conn: &mut AnyConnection,
    line_id: i64,
    variant_id: Option<i64>,
    quantity: i64,
) -> Result<i64, DbError> {
    if quantity <= 0 {
        return Ok(0);
    }
    let updated = diesel::update(
        ol::table
            .filter(ol::id.eq(line_id))
            .filter((ol::restocked_quantity + quantity).le(ol::stock_taken)),
    )
    .set(ol::restocked_quantity.eq(ol::restocked_quantity + quantity))
    .execute(conn)?;
    if updated == 1
        && let Some(variant) = variant_id
    {
        stock::release(conn, variant, quantity)?;
        return Ok(quantity);
    }
    Ok(0)
}

/// A status change: what happens, who does it and why.
pub struct Change<'a> {
    pub action: OrderAction,
    pub actor: &'a Actor,
    pub message: String,
    pub detail: Value,
}

/// Changes order `id`'s status through the state machine, in the caller's write transaction:
/// a conditional update from the status read (so of concurrent changes exactly one applies),
/// the timestamps, the stock a cancelled or expired order held, the timeline entry and the
/// shopper's email. An action the status does not allow is [`OrderError::Illegal`].
pub fn apply(conn: &mut AnyConnection, id: i64, change: Change<'_>) -> Result<Order, OrderError> {
    for _ in 0..5 {
        let order = get(conn, id)?.ok_or(OrderError::NotFound)?;
        let from = order.status;
        let to = state::next(from, change.action)?;
        let now = db::now();
        let moved = diesel::update(
            o::table
                .filter(o::id.eq(id))
                .filter(o::status.eq(from.as_str())),
        )
        .set((o::status.eq(to.as_str()), o::updated_at.eq(now)))
        .execute(conn)?;
        if moved == 0 {
            // Another transaction changed it first: decide again from its status.
            continue;
        }
        let stamp = diesel::update(o::table.find(id));
        match to {
            OrderStatus::Paid => {
                stamp
                    .set((o::paid_at.eq(now), o::expires_at.eq(None::<NaiveDateTime>)))
                    .execute(conn)?;
            }
            OrderStatus::Shipped => {
                stamp.set(o::shipped_at.eq(now)).execute(conn)?;
            }
            OrderStatus::Delivered => {
                stamp.set(o::delivered_at.eq(now)).execute(conn)?;
            }
            OrderStatus::Cancelled | OrderStatus::Expired | OrderStatus::Refunded => {
                stamp
                    .set((
                        o::closed_at.eq(now),
                        o::expires_at.eq(None::<NaiveDateTime>),
                    ))
                    .execute(conn)?;
            }
            _ => {}
        }
        if matches!(to, OrderStatus::Cancelled | OrderStatus::Expired) {
            release_stock(conn, id)?;
        }
        record(
            conn,
            id,
            change.actor,
            EventEntry {
                kind: "status",
                from: Some(from),
                to: Some(to),
                message: change.message,
                detail: change.detail,
            },
            now,
        )?;
        let order = get(conn, id)?.ok_or(OrderError::NotFound)?;
        super::notify::on_status(conn, &order, to)?;
        return Ok(order);
    }
    Err(DbError::Corrupt(format!("order {id} kept changing during one transition")).into())
}

fn actions_on(
    conn: &mut AnyConnection,
    ids: &[i64],
    action: OrderAction,
    actor: &Actor,
    message: &str,
) -> Result<Vec<Order>, OrderError> {
    let mut violations = Vec::new();
    let mut done = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match apply(
            conn,
            *id,
            Change {
                action,
                actor,
                message: message.to_owned(),
                detail: json!({}),
            },
        ) {
            Ok(order) => done.push(order),
            Err(OrderError::NotFound) => violations.push(Violation::indexed(
                "ids",
                i,
                ViolationCode::NotFound,
                "there is no such order",
            )),
            Err(OrderError::Illegal(e)) => violations.push(Violation::indexed(
                "ids",
                i,
                ViolationCode::InvalidState,
                e.to_string(),
            )),
            Err(e) => return Err(e),
        }
    }
    if violations.is_empty() {
        Ok(done)
    } else {
        Err(OrderError::Invalid(violations))
    }
}

/// Marks paid orders as being prepared, all or none.
pub fn prepare(
    conn: &mut AnyConnection,
    ids: &[i64],
    actor: &Actor,
) -> Result<Vec<Order>, OrderError> {
    write_transaction(conn, |conn| {
        actions_on(
            conn,
            ids,
            OrderAction::Prepare,
            actor,
            "preparing for shipment",
        )
    })
}

/// A tracking number as staff type it: letters, digits and dashes, 6 to 30 of them.
pub fn check_tracking_number(field: &[&str], number: &str) -> Result<String, Violation> {
    let n: String = number.trim().chars().filter(|c| *c != ' ').collect();
    if n.is_empty() {
        return Err(Violation::new(
            field,
            ViolationCode::Blank,
            "enter the tracking number",
        ));
    }
    if !(6..=30).contains(&n.len()) || !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Violation::new(
            field,
            ViolationCode::Invalid,
            "a tracking number is 6 to 30 letters, digits or dashes",
        ));
    }
    Ok(n)
}

/// Ships one order with a carrier and tracking number, inside the caller's transaction
/// (`field` prefixes the violations, e.g. a CSV row).
pub(crate) fn ship_within(
    conn: &mut AnyConnection,
    id: i64,
    carrier: &str,
    tracking_number: &str,
    actor: &Actor,
) -> Result<Order, OrderError> {
    let number = check_tracking_number(&["trackingNumber"], tracking_number)
        .map_err(|v| OrderError::Invalid(vec![v]))?;
    let carrier = crate::shipping::carriers::get(conn, carrier)?
        .filter(|c| c.active)
        .ok_or_else(|| {
            OrderError::Invalid(vec![Violation::new(
                &["carrier"],
                ViolationCode::NotFound,
                "there is no active carrier with this code (CJ, EPOST, HANJIN, LOTTE, LOGEN, …)",
            )])
        })?;
    let order = get(conn, id)?.ok_or(OrderError::NotFound)?;
    if order.shipped_at.is_some() {
        return Err(OrderError::Invalid(vec![Violation::new(
            &["id"],
            ViolationCode::InvalidState,
            format!("order {} has already been shipped", order.number),
        )]));
    }
    // Checked before anything is written, so a refused shipment leaves no tracking number.
    state::next(order.status, OrderAction::Ship)?;
    diesel::update(o::table.find(id))
        .set((
            o::carrier_code.eq(&carrier.code),
            o::tracking_number.eq(&number),
        ))
        .execute(conn)?;
    apply(
        conn,
        id,
        Change {
            action: OrderAction::Ship,
            actor,
            message: format!("shipped with {} {}", carrier.name, number),
            detail: json!({ "carrier": carrier.code, "tracking_number": number }),
        },
    )
}

/// Ships an order with a carrier and tracking number.
pub fn ship(
    conn: &mut AnyConnection,
    id: i64,
    carrier: &str,
    tracking_number: &str,
    actor: &Actor,
) -> Result<Order, OrderError> {
    write_transaction(conn, |conn| {
        ship_within(conn, id, carrier, tracking_number, actor)
    })
}

/// Marks a shipped order delivered.
pub fn deliver(conn: &mut AnyConnection, id: i64, actor: &Actor) -> Result<Order, OrderError> {
    write_transaction(conn, |conn| {
        let order = get(conn, id)?.ok_or(OrderError::NotFound)?;
        if order.shipped_at.is_none() {
            return Err(OrderError::Invalid(vec![Violation::new(
                &["id"],
                ViolationCode::InvalidState,
                format!("order {} has not been shipped yet", order.number),
            )]));
        }
        apply(
            conn,
            id,
            Change {
                action: OrderAction::Deliver,
                actor,
                message: "delivered".into(),
                detail: json!({}),
            },
        )
    })
}

/// Adds a note to an order's timeline.
pub fn add_note(
    conn: &mut AnyConnection,
    id: i64,
    note: &str,
    actor: &Actor,
) -> Result<Order, OrderError> {
    let mut violations = Vec::new();
    let note = crate::validation::required_text("note", note, 1000, &mut violations);
    if !violations.is_empty() {
        return Err(OrderError::Invalid(violations));
    }
    write_transaction(conn, |conn| {
        let order = get(conn, id)?.ok_or(OrderError::NotFound)?;
        record(
            conn,
            id,
            actor,
            EventEntry {
                kind: "note",
                from: None,
                to: None,
                message: note.clone(),
                detail: json!({}),
            },
            db::now(),
        )?;
        Ok(order)
    })
}
