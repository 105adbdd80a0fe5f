//! Orders, shipping settings and tracking numbers.

use super::*;

pub const ORDERS_PAGE_SIZE: i64 = 20;

/// Which orders the list shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrderQuery {
    pub status: Option<OrderStatus>,
    pub placed_from: Option<String>,
    pub placed_to: Option<String>,
    pub payment_method: Option<PaymentMethod>,
    pub source: Option<OrderSource>,
    pub search: Option<String>,
}

/// A page of orders, newest first, and where the next one starts.
pub async fn orders_page(
    session: Session,
    query: OrderQuery,
    after: Option<String>,
) -> Result<(Vec<OrderRow>, Option<String>), ClientError> {
    let filter = ops::OrderFilter {
        statuses: query.status.into_iter().collect(),
        placed_from: query.placed_from,
        placed_to: query.placed_to,
        payment_method: query.payment_method,
        source: query.source,
        channel: None,
        search: query.search,
    };
    let variables = ops::OrdersPageVariables {
        first: Some(ORDERS_PAGE_SIZE),
        after,
        filter,
    };
    let page = staff_call::<ops::OrdersPage>(session, variables).await?;
    let next = page.next();
    Ok((page.nodes, next))
}

/// One order and the carriers to ship it with; `None` when there is no such order.
pub async fn order_detail(
    session: Session,
    id: String,
) -> Result<Option<(Order, Vec<Carrier>)>, ClientError> {
    let data = staff_call::<ops::OrderDetail>(session, ops::Id { id }).await?;
    Ok(data.order.map(|order| (order, data.carriers)))
}

/// The order after an action, or the user errors' messages if refused.
pub type OrderAction = Result<Order, String>;

fn order_action(order: Option<Order>, errors: Vec<FieldError>) -> OrderAction {
    match (messages(errors), order) {
        (None, Some(order)) => Ok(order),
        (Some(messages), _) => Err(messages),
        (None, None) => Err(String::new()),
    }
}

pub async fn order_prepare(session: Session, id: String) -> Result<OrderAction, ClientError> {
    let p = staff_call::<ops::OrderPrepare>(session, ops::Ids { ids: vec![id] }).await?;
    Ok(order_action(p.orders.into_iter().next(), p.user_errors))
}

pub async fn order_ship(
    session: Session,
    id: String,
    carrier: String,
    tracking_number: String,
) -> Result<OrderAction, ClientError> {
    let variables = ops::OrderShipVariables {
        id,
        carrier,
        tracking_number,
    };
    let p = staff_call::<ops::OrderShip>(session, variables).await?;
    Ok(order_action(p.order, p.user_errors))
}

pub async fn order_deliver(session: Session, id: String) -> Result<OrderAction, ClientError> {
    let p = staff_call::<ops::OrderDeliver>(session, ops::Id { id }).await?;
    Ok(order_action(p.order, p.user_errors))
}

pub async fn order_note_add(
    session: Session,
    id: String,
    note: String,
) -> Result<OrderAction, ClientError> {
    let p = staff_call::<ops::OrderNoteAdd>(session, ops::OrderNoteVariables { id, note }).await?;
    Ok(order_action(p.order, p.user_errors))
}

/// A shopper's bank account for a virtual-account refund.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundAccount {
    pub bank: String,
    pub account_number: String,
    pub holder_name: String,
}

impl From<RefundAccount> for ops::RefundAccountInput {
    fn from(a: RefundAccount) -> Self {
        ops::RefundAccountInput {
            bank: a.bank,
            account_number: a.account_number,
            holder_name: a.holder_name,
        }
    }
}

pub async fn order_cancel(
    session: Session,
    id: String,
    reason: String,
    account: Option<RefundAccount>,
    idempotency_key: String,
) -> Result<OrderAction, ClientError> {
    let variables = ops::OrderCancelVariables {
        id,
        reason,
        refund_account: account.map(Into::into),
        idempotency_key: Some(idempotency_key),
    };
    let p = staff_call::<ops::OrderCancel>(session, variables).await?;
    Ok(order_action(p.order, p.user_errors))
}

/// What to refund: everything left, or units per line and part of the shipping fee.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundRequest {
    pub full: bool,
    /// (line ID, units)
    pub lines: Vec<(String, i64)>,
    pub shipping_amount: i64,
    pub reason: String,
    pub restock: bool,
    pub account: Option<RefundAccount>,
}

pub async fn order_refund(
    session: Session,
    id: String,
    request: RefundRequest,
    idempotency_key: String,
) -> Result<OrderAction, ClientError> {
    let variables = ops::OrderRefundVariables {
        id,
        input: ops::OrderRefundInput {
            lines: request
                .lines
                .into_iter()
                .map(|(line_id, quantity)| ops::RefundLineInput { line_id, quantity })
                .collect(),
            shipping_amount: request.shipping_amount,
            full: request.full,
            reason: request.reason,
            restock: request.restock,
            refund_account: request.account.map(Into::into),
        },
        idempotency_key: Some(idempotency_key),
    };
    let p = staff_call::<ops::OrderRefund>(session, variables).await?;
    Ok(order_action(p.order, p.user_errors))
}

pub async fn sandbox_deposit_simulate(
    session: Session,
    id: String,
    idempotency_key: String,
) -> Result<OrderAction, ClientError> {
    let variables = ops::IdKey {
        id,
        idempotency_key: Some(idempotency_key),
    };
    let p = staff_call::<ops::SandboxDepositSimulate>(session, variables).await?;
    Ok(order_action(p.order, p.user_errors))
}

/// The channels' shipping fees and the carriers.
pub async fn shipping_settings(
    session: Session,
) -> Result<(Vec<ChannelShipping>, Vec<Carrier>), ClientError> {
    let data = staff_call::<ops::ShippingSettings>(session, NoVariables {}).await?;
    Ok((data.channels, data.carriers))
}

/// Sets a channel's flat fee and free-shipping threshold (`None`: never free); the user errors'
/// messages if refused.
pub async fn channel_shipping_update(
    session: Session,
    id: String,
    fee: i64,
    threshold: Option<i64>,
    address_search: bool,
) -> Result<Option<String>, ClientError> {
    let input = ops::ChannelUpdateInput {
        shipping_fee: Some(fee),
        free_shipping_threshold: Some(threshold),
        address_search: Some(address_search),
        ..Default::default()
    };
    let p = staff_call::<ops::ChannelShippingUpdate>(session, ops::IdInput { id, input }).await?;
    Ok(messages(p.user_errors))
}

/// Edits a carrier; the carrier as saved, or the user errors' messages.
pub async fn carrier_update(
    session: Session,
    code: String,
    name: String,
    template: String,
    active: bool,
) -> Result<Result<Carrier, String>, ClientError> {
    let variables = ops::CarrierUpdateVariables {
        code,
        input: ops::CarrierUpdateInput {
            name: Some(name),
            tracking_url_template: Some(template),
            active: Some(active),
        },
    };
    let p = staff_call::<ops::CarrierUpdate>(session, variables).await?;
    Ok(match (messages(p.user_errors), p.carrier) {
        (None, Some(c)) => Ok(c),
        (Some(m), _) => Err(m),
        (None, None) => Err(String::new()),
    })
}

/// What a tracking CSV did or, checked only, would do.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackingImport {
    pub applied: bool,
    pub shipped: i64,
    pub problems: Vec<CsvRowProblem>,
}

/// Checks (`dry_run`) or applies a tracking CSV (every row or none).
pub async fn tracking_import_csv(
    session: Session,
    file: &web_sys::File,
    dry_run: bool,
) -> Result<TrackingImport, UploadError> {
    let variables = ops::CsvFile {
        f: ops::FileSlot,
        dry_run,
    };
    let payload = post_with_file::<ops::OrderTrackingImportCsv>(session, variables, file).await?;
    if !payload.user_errors.is_empty() {
        return Err(refusals(payload.user_errors));
    }
    Ok(TrackingImport {
        applied: payload.applied,
        shipped: payload.shipped,
        problems: row_problems(payload.row_errors),
    })
}
