//! Orders: the list, newest first, filtered by status, date range, payment method, channel
//! source and a search (number, name or phone), a page at a time; below it, a tracking CSV that
//! ships many orders at once. One order's page, `/orders/:id`, shows the lines, totals, payment,
//! address and the whole timeline, and the actions its state allows: mark preparing, ship with a
//! carrier and tracking number, mark delivered, cancel, refund (all, or units per line and part
//! of the shipping fee), add a note, and, for a sandbox virtual account, simulate the deposit.
//!
//! Money-moving actions carry an idempotency key made when the form is shown, so a request
//! repeated after a lost answer refunds once; the key is renewed after every answer.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::checkout::VIRTUAL_ACCOUNT_BANKS;
use shared::order::AgreementKind;
use shared::web::ClientError;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use crate::api::{
    self, Carrier, Order, OrderAction, OrderQuery, OrderRow, OrderSource, OrderStaffAction,
    OrderStatus, PaymentMethod, RefundAccount, RefundRequest, UploadError,
};
use crate::i18n::{Messages, Text, use_i18n};
use crate::session::Session;
use crate::ui::{self, Column, Confirm, Load};

use super::{id_from_segment, id_segment, short_time};
use crate::ui::load_error;

/// Choices of a filter: the schema's value and its label.
type Choices = Vec<(&'static str, Text)>;

/// An order action: (session, order ID, idempotency key) → the order after it.
/// A money action waiting for the staff member's confirmation.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Cancel,
    Refund(RefundRequest),
}

type Action = Box<
    dyn FnOnce(
        Session,
        String,
        String,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<OrderAction, ClientError>>>,
    >,
>;

/// A fresh idempotency key.
fn new_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{}", web_sys::js_sys::Math::random()))
}

pub fn status_label(t: &'static Messages, status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::AwaitingPayment => t.order_status_awaiting_payment,
        OrderStatus::AwaitingDeposit => t.order_status_awaiting_deposit,
        OrderStatus::Paid => t.order_status_paid,
        OrderStatus::Preparing => t.order_status_preparing,
        OrderStatus::Shipped => t.order_status_shipped,
        OrderStatus::Delivered => t.order_status_delivered,
        OrderStatus::Cancelled => t.order_status_cancelled,
        OrderStatus::Expired => t.order_status_expired,
        OrderStatus::PartiallyRefunded => t.order_status_partially_refunded,
        OrderStatus::Refunded => t.order_status_refunded,
        OrderStatus::Unknown => "",
    }
}

/// The colour of a status's badge: what needs the staff's hand stands out.
fn status_tone(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::AwaitingPayment | OrderStatus::AwaitingDeposit => "warn",
        OrderStatus::Paid | OrderStatus::Preparing => "info",
        OrderStatus::Shipped | OrderStatus::Delivered => "ok",
        _ => "muted",
    }
}

fn method_label(t: &'static Messages, method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Card => t.order_method_card,
        PaymentMethod::VirtualAccount => t.order_method_virtual_account,
        PaymentMethod::Unknown => "",
    }
}

fn source_label(t: &'static Messages, source: OrderSource) -> &'static str {
    match source {
        OrderSource::StorefrontPc => t.order_source_pc,
        OrderSource::StorefrontMobile => t.order_source_mobile,
        OrderSource::Api => t.order_source_api,
        OrderSource::Marketplace => t.order_source_marketplace,
        OrderSource::Unknown => "",
    }
}

#[component]
pub fn Orders() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let status = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let method = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<OrderRow>::new());
    let next = RwSignal::new(None::<String>);
    let state = RwSignal::new(Load::Loading);
    let generation = StoredValue::new(0_u32);
    let query = move || OrderQuery {
        status: OrderStatus::from_code(&status.get_untracked()),
        placed_from: Some(from.get_untracked()).filter(|d| !d.is_empty()),
        placed_to: Some(to.get_untracked()).filter(|d| !d.is_empty()),
        payment_method: PaymentMethod::from_code(&method.get_untracked()),
        source: OrderSource::from_code(&source.get_untracked()),
        search: Some(search.get_untracked().trim().to_owned()).filter(|s| !s.is_empty()),
    };
    // Loads the first page (`after` None) or appends the next.
    let load = move |after: Option<String>| {
        let Some(current) = generation.try_update_value(|g| {
            *g = g.wrapping_add(1);
            *g
        }) else {
            return;
        };
        let append = after.is_some();
        if !append {
            state.set(Load::Loading);
        }
        let q = query();
        spawn_local(async move {
            let result = api::orders_page(session, q, after).await;
            if generation.try_get_value() != Some(current) {
                return;
            }
            match result {
                Ok((page, cursor)) => {
                    if append {
                        rows.update(|r| r.extend(page));
                    } else {
                        rows.set(page);
                    }
                    next.set(cursor);
                    state.set(Load::Ready);
                }
                Err(e) => state.set(Load::Failed(e)),
            }
        });
    };
    load(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        load(None);
    };
    let select = move |id: &'static str, label: Text, value: RwSignal<String>, options: Choices| {
        view! {
            <div class="field">
                <label for=id>{move || label(i18n.t())}</label>
                <select id=id name=id on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t().order_filter_any}</option>
                    {options
                        .into_iter()
                        .map(|(code, text)| {
                            view! {
                                <option value=code prop:selected=move || value.get() == code>
                                    {move || text(i18n.t())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    let status_options: Choices = vec![
        ("AWAITING_PAYMENT", |t| t.order_status_awaiting_payment),
        ("AWAITING_DEPOSIT", |t| t.order_status_awaiting_deposit),
        ("PAID", |t| t.order_status_paid),
        ("PREPARING", |t| t.order_status_preparing),
        ("SHIPPED", |t| t.order_status_shipped),
        ("DELIVERED", |t| t.order_status_delivered),
        ("CANCELLED", |t| t.order_status_cancelled),
        ("EXPIRED", |t| t.order_status_expired),
        ("PARTIALLY_REFUNDED", |t| t.order_status_partially_refunded),
        ("REFUNDED", |t| t.order_status_refunded),
    ];
    let method_options: Choices = vec![
        ("CARD", |t| t.order_method_card),
        ("VIRTUAL_ACCOUNT", |t| t.order_method_virtual_account),
    ];
    let source_options: Choices = vec![
        ("STOREFRONT_PC", |t| t.order_source_pc),
        ("STOREFRONT_MOBILE", |t| t.order_source_mobile),
        ("API", |t| t.order_source_api),
        ("MARKETPLACE", |t| t.order_source_marketplace),
    ];
    view! {
        <section class="orders-page" aria-labelledby="orders-title">
            <h1 id="orders-title">{move || i18n.t().orders_title}</h1>
            <form class="order-filters" id="order-filters" on:submit=submit>
                {select("filter-status", |t| t.order_col_status, status, status_options)}
                <div class="field">
                    <label for="filter-from">{move || i18n.t().order_filter_from}</label>
                    <input id="filter-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="filter-to">{move || i18n.t().order_filter_to}</label>
                    <input id="filter-to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
                </div>
                {select("filter-method", |t| t.order_col_method, method, method_options)}
                {select("filter-source", |t| t.order_col_source, source, source_options)}
                <div class="field">
                    <label for="filter-search">{move || i18n.t().order_filter_search}</label>
                    <input id="filter-search" type="search" prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="primary" id="filter-apply">{move || i18n.t().order_filter_apply}</button>
            </form>
            {move || match state.get() {
                Load::Ready if rows.with(Vec::is_empty) => {
                    view! { <p class="status empty" id="orders-empty">{move || i18n.t().orders_empty}</p> }.into_any()
                }
                Load::Ready => view! { <OrderTable rows=rows/> }.into_any(),
                state => ui::load_status(state, "orders", |t| t.loading, move || load(None)),
            }}
            <ui::MoreButton
                id="orders-more"
                shown=Signal::derive(move || next.with(Option::is_some))
                label=Signal::derive(move || i18n.t().load_more)
                busy=Signal::derive(move || state.with(Load::is_loading))
                on_click=Callback::new(move |()| {
                    if let Some(cursor) = next.get_untracked() {
                        load(Some(cursor));
                    }
                })
            />
            <TrackingUpload reload=move || load(None)/>
        </section>
    }
}

#[component]
fn OrderTable(rows: RwSignal<Vec<OrderRow>>) -> impl IntoView {
    let i18n = use_i18n();
    let columns = vec![
        Column::new(
            move || i18n.t().order_col_number,
            "number",
            |r: &OrderRow| {
                let href = format!("/admin/orders/{}", id_segment(&r.id));
                let number = r.number.clone();
                view! { <A href=href>{number}</A> }.into_any()
            },
        ),
        Column::new(
            move || i18n.t().order_col_placed,
            "time",
            |r: &OrderRow| short_time(&r.placed_at).into_any(),
        ),
        Column::new(
            move || i18n.t().order_col_customer,
            "customer",
            |r: &OrderRow| {
                view! { {r.customer_name.clone()} " " <span class="phone">{r.phone.clone()}</span> }
                    .into_any()
            },
        ),
        Column::new(
            move || i18n.t().order_col_total,
            "num total",
            |r: &OrderRow| r.total.formatted.clone().into_any(),
        ),
        Column::new(
            move || i18n.t().order_col_method,
            "method",
            move |r: &OrderRow| {
                let method = r.payment_method;
                (move || method_label(i18n.t(), method)).into_any()
            },
        ),
        Column::new(
            move || i18n.t().order_col_source,
            "source",
            move |r: &OrderRow| {
                let source = r.source;
                (move || source_label(i18n.t(), source)).into_any()
            },
        ),
        Column::new(
            move || i18n.t().order_col_status,
            "status",
            move |r: &OrderRow| {
                let status = r.status;
                ui::badge(status_tone(status), move || status_label(i18n.t(), status)).into_any()
            },
        ),
    ];
    view! {
        <ui::DataTable
            id="orders-table"
            class="orders-table"
            labelledby="orders-title"
            rows
            key=|r: &OrderRow| r.number.clone()
            status=|r: &OrderRow| r.status.code()
            row_class="order-row"
            columns
        />
    }
}

/// Ships many orders from a CSV file (every row, or none when any is wrong).
#[component]
fn TrackingUpload(reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<String, Vec<String>>>);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|list| list.get(0)) else {
            return;
        };
        input.set_value("");
        busy.set(true);
        result.set(None);
        spawn_local(async move {
            let answer = api::tracking_import_csv(session, &file, false).await;
            let t = i18n.t();
            result.set(Some(match answer {
                Ok(report) if report.applied => {
                    reload();
                    Ok(t.tracking_upload_done
                        .replace("{n}", &report.shipped.to_string()))
                }
                Ok(report) => Err(report
                    .problems
                    .into_iter()
                    .map(|p| {
                        let column = p.column.map(|c| format!(" [{c}]")).unwrap_or_default();
                        format!("{} {}{column}: {}", t.tracking_upload_row, p.row, p.message)
                    })
                    .collect()),
                Err(UploadError::Refused(refusals)) => {
                    Err(refusals.into_iter().map(|r| r.message).collect())
                }
                Err(UploadError::TooLarge) => Err(vec![t.upload_too_large.to_owned()]),
                Err(UploadError::Client(e)) => {
                    leptos::logging::warn!("tracking upload: {e}");
                    Err(vec![t.api_unreachable.to_owned()])
                }
            }));
            busy.set(false);
        });
    };
    view! {
        <section class="tracking-upload" aria-labelledby="tracking-upload-title">
            <h2 id="tracking-upload-title">{move || i18n.t().tracking_upload_title}</h2>
            <label for="tracking-file">{move || i18n.t().tracking_upload_label}</label>
            <input id="tracking-file" type="file" accept=".csv,text/csv" disabled=move || busy.get() on:change=on_file/>
            <p class="hint">{move || i18n.t().tracking_upload_hint}</p>
            <div class="tracking-result" id="tracking-result" aria-live="polite">
                {move || match result.get() {
                    None => ().into_any(),
                    Some(Ok(done)) => view! { <p class="notice">{done}</p> }.into_any(),
                    Some(Err(problems)) => view! {
                        <ul class="form-error">
                            {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }}
            </div>
        </section>
    }
}

/// One order: `/orders/:id`.
/// The policy an agreement refers to.
fn agreement_policy(t: &'static Messages, kind: AgreementKind) -> &'static str {
    match kind {
        AgreementKind::PrivacyCollection => t.policy_privacy,
        _ => t.policy_terms,
    }
}

/// What an agreement kept with an order is called.
fn agreement_label(t: &'static Messages, kind: AgreementKind) -> &'static str {
    match kind {
        AgreementKind::PurchaseConditions => t.order_agreement_purchase,
        AgreementKind::PrivacyCollection => t.order_agreement_privacy,
        AgreementKind::Unknown => t.order_agreement_other,
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| id_from_segment("Order", &s))
    });
    let detail = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::order_detail(session, id).await,
                None => Ok(None),
            }
        }
    });
    view! {
        <section class="order-page">
            <Suspense fallback=move || ui::loading_line(move || i18n.t().loading)>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(Some((order, carriers))) => view! { <OrderView order=order carriers=carriers/> }.into_any(),
                        Ok(None) => view! {
                            <p class="status error" id="order-missing">{move || i18n.t().order_not_found}</p>
                        }
                        .into_any(),
                        Err(e) => load_error("order", e, move || detail.refetch()),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OrderView(order: Order, carriers: Vec<Carrier>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let order = RwSignal::new(order);
    let notice = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let key = StoredValue::new(new_key());
    // Runs an action and shows the order it answers (or why it was refused).
    let act = move |done: Text, run: Action| {
        let id = order.with_untracked(|o| o.id.clone());
        busy.set(true);
        notice.set(None);
        let k = key.get_value();
        spawn_local(async move {
            let answer = run(session, id, k).await;
            key.set_value(new_key());
            notice.set(Some(match answer {
                Ok(Ok(o)) => {
                    order.set(o);
                    Ok(done(i18n.t()).to_owned())
                }
                Ok(Err(message)) => Err(if message.is_empty() {
                    i18n.t().request_refused.to_owned()
                } else {
                    message
                }),
                Err(e) => {
                    leptos::logging::warn!("order action: {e}");
                    Err(i18n.t().api_unreachable.to_owned())
                }
            }));
            busy.set(false);
        });
    };
    let status = move || order.with(|o| o.status);
    // The server says which steps the order allows now (its state machine's answer).
    let can = move |action: OrderStaffAction| order.with(|o| o.available_actions.contains(&action));

    // Ship form.
    let active: Vec<Carrier> = carriers.into_iter().filter(|c| c.active).collect();
    let carrier = RwSignal::new(active.first().map(|c| c.code.clone()).unwrap_or_default());
    let tracking = RwSignal::new(String::new());
    // Cancel / refund forms.
    let reason = RwSignal::new(String::new());
    let full = RwSignal::new(true);
    let restock = RwSignal::new(true);
    let shipping_refund = RwSignal::new(String::from("0"));
    let refund_lines = RwSignal::new(Vec::<(String, String)>::new());
    let account_bank = RwSignal::new(VIRTUAL_ACCOUNT_BANKS[0].0.to_owned());
    let account_number = RwSignal::new(String::new());
    let account_holder = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let needs_account = move || order.with(|o| o.payment_method == PaymentMethod::VirtualAccount);
    let account = move || {
        needs_account().then(|| RefundAccount {
            bank: account_bank.get_untracked(),
            account_number: account_number.get_untracked().trim().to_owned(),
            holder_name: account_holder.get_untracked().trim().to_owned(),
        })
    };
    let paid_account = move || {
        needs_account()
            && !matches!(
                status(),
                OrderStatus::AwaitingDeposit | OrderStatus::AwaitingPayment
            )
    };

    let prepare = move |_| {
        act(
            |t| t.order_done_prepared,
            Box::new(|s, id, _| Box::pin(api::order_prepare(s, id))),
        )
    };
    let deliver = move |_| {
        act(
            |t| t.order_done_delivered,
            Box::new(|s, id, _| Box::pin(api::order_deliver(s, id))),
        )
    };
    let deposit = move |_| {
        act(
            |t| t.order_done_deposit,
            Box::new(|s, id, k| Box::pin(api::sandbox_deposit_simulate(s, id, k))),
        )
    };
    let ship = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (c, n) = (
            carrier.get_untracked(),
            tracking.get_untracked().trim().to_owned(),
        );
        act(
            |t| t.order_done_shipped,
            Box::new(move |s, id, _| Box::pin(api::order_ship(s, id, c, n))),
        );
    };
    let add_note = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = note.get_untracked().trim().to_owned();
        note.set(String::new());
        act(
            |t| t.order_done_note,
            Box::new(move |s, id, _| Box::pin(api::order_note_add(s, id, n))),
        );
    };
    // Cancelling and refunding move money: each asks first (see `Confirm`).
    let confirm_open = RwSignal::new(false);
    let pending = RwSignal::new(None::<Pending>);
    let confirm_message = Signal::derive(move || {
        let t = i18n.t();
        match pending.get() {
            Some(Pending::Cancel) => t.confirm_cancel_order.to_owned(),
            Some(Pending::Refund(r)) if r.full => t
                .confirm_refund_full
                .replace("{amount}", &order.with(|o| o.refundable.formatted.clone())),
            Some(Pending::Refund(_)) => t.confirm_refund_partial.to_owned(),
            None => String::new(),
        }
    });
    let cancel = move |_| {
        pending.set(Some(Pending::Cancel));
        confirm_open.set(true);
    };
    let run_pending = Callback::new(move |()| match pending.get_untracked() {
        Some(Pending::Cancel) => {
            let r = reason.get_untracked().trim().to_owned();
            let a = paid_account().then(account).flatten();
            act(
                |t| t.order_done_cancelled,
                Box::new(move |s, id, k| Box::pin(api::order_cancel(s, id, r, a, k))),
            );
        }
        Some(Pending::Refund(request)) => {
            act(
                |t| t.order_done_refunded,
                Box::new(move |s, id, k| Box::pin(api::order_refund(s, id, request, k))),
            );
        }
        None => {}
    });
    let refund = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lines: Vec<(String, i64)> = refund_lines
            .get_untracked()
            .into_iter()
            .filter_map(|(id, q)| {
                q.trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|q| *q != 0)
                    .map(|q| (id, q))
            })
            .collect();
        let request = RefundRequest {
            full: full.get_untracked(),
            lines,
            shipping_amount: shipping_refund.get_untracked().trim().parse().unwrap_or(0),
            reason: reason.get_untracked().trim().to_owned(),
            restock: restock.get_untracked(),
            account: account(),
        };
        pending.set(Some(Pending::Refund(request)));
        confirm_open.set(true);
    };
    let set_line = move |line: String, value: String| {
        refund_lines.update(|all| {
            all.retain(|(l, _)| *l != line);
            all.push((line, value));
        });
    };

    view! {
        {move || {
            let o = order.get();
            let st = o.status;
            view! {
                <article class="order-detail" data-number=o.number.clone() data-status=st.code()>
                    <p><A href="/admin/orders">{move || i18n.t().orders_back}</A></p>
                    <h1>{move || i18n.t().order_title} " " <span class="order-number">{o.number.clone()}</span></h1>
                    <p class="order-status" id="order-status" data-status=st.code()>{move || status_label(i18n.t(), st)}</p>
                    <dl class="order-facts">
                        <dt>{move || i18n.t().order_col_customer}</dt>
                        <dd>{o.customer_name.clone()} " · " {o.email.clone()} " · " {o.phone.clone()}</dd>
                        <dt>{move || i18n.t().order_col_placed}</dt>
                        <dd>{short_time(&o.placed_at)} " · " {move || source_label(i18n.t(), o.source)}</dd>
                        <dt>{move || i18n.t().order_col_method}</dt>
                        <dd class="payment">{move || method_label(i18n.t(), o.payment_method)}</dd>
                        <dt>{move || i18n.t().order_address}</dt>
                        <dd>
                            {o.shipping_address.recipient.clone()} " · " {o.shipping_address.phone.clone()} <br/>
                            {format!("({}) {} {}", o.shipping_address.postal_code, o.shipping_address.road_address, o.shipping_address.detail_address)}
                            {(!o.shipping_address.delivery_note.is_empty()).then(|| view! { <br/> {o.shipping_address.delivery_note.clone()} })}
                        </dd>
                        {o.payment.as_ref().and_then(|p| p.virtual_account.clone()).map(|va| view! {
                            <dt>{move || i18n.t().order_virtual_account}</dt>
                            <dd class="virtual-account">{format!("{} {} ({}) {}", va.bank_name, va.account_number, va.holder, va.amount.formatted)}</dd>
                        })}
                        {o.tracking.clone().map(|tr| view! {
                            <dt>{move || i18n.t().order_tracking}</dt>
                            <dd class="tracking"><a href=tr.url.clone() target="_blank" rel="noopener noreferrer">{format!("{} {}", tr.carrier_name, tr.number)}</a></dd>
                        })}
                    </dl>
                    <table class="order-lines">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t().order_col_product}</th>
                                <th scope="col">{move || i18n.t().order_col_quantity}</th>
                                <th scope="col">{move || i18n.t().order_col_total}</th>
                                <th scope="col">{move || i18n.t().order_col_refunded}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {o.lines.iter().map(|l| view! {
                                <tr class="order-line" data-sku=l.sku.clone()>
                                    <td>{l.product_name.clone()} " " {l.variant_label.clone()} " " <code>{l.sku.clone()}</code></td>
                                    <td>{format!("{} × {}", l.unit_price.formatted, l.quantity)}</td>
                                    <td>{l.line_total.formatted.clone()}</td>
                                    <td>{l.refunded_quantity}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <dl class="totals">
                        <dt>{move || i18n.t().order_subtotal}</dt><dd>{o.subtotal.formatted.clone()}</dd>
                        <dt>{move || i18n.t().order_shipping}</dt><dd>{o.shipping_fee.formatted.clone()}</dd>
                        <dt>{move || i18n.t().order_col_total}</dt><dd class="total">{o.total.formatted.clone()}</dd>
                        <dt>{move || i18n.t().order_refunded}</dt><dd class="refunded">{o.refunded_total.formatted.clone()}</dd>
                    </dl>
                    <section class="order-agreements" aria-labelledby="agreements-title">
                        <h2 id="agreements-title">{move || i18n.t().order_agreements}</h2>
                        {if o.agreements.is_empty() {
                            view! { <p class="hint" id="order-agreements-none">{move || i18n.t().order_agreements_none}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="agreements" id="order-agreements">
                                    {o.agreements.iter().map(|a| {
                                        let kind = a.kind;
                                        view! {
                                            <li data-kind=kind.code()>
                                                {move || agreement_label(i18n.t(), kind)} " · "
                                                {move || i18n.t().order_agreement_version} " "
                                                {a.version.clone()} " · "
                                                {a.policy_version.map(|v| {
                                                    view! {
                                                        <span class="policy-version">
                                                            {move || agreement_policy(i18n.t(), kind)} " v" {v} " · "
                                                        </span>
                                                    }
                                                })}
                                                <time>{short_time(&a.agreed_at)}</time>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section class="order-timeline" aria-labelledby="timeline-title">
                        <h2 id="timeline-title">{move || i18n.t().order_timeline}</h2>
                        <ol class="timeline" id="order-timeline">
                            {o.timeline.iter().map(|e| {
                                let to = e.to_status;
                                view! {
                                    <li class="event" data-kind=e.kind.clone()>
                                        <time>{short_time(&e.at)}</time> " "
                                        {move || to.map(|s| status_label(i18n.t(), s)).unwrap_or_default()} " "
                                        <span class="message">{e.message.clone()}</span> " "
                                        <span class="actor">{format!("({} {})", e.actor_kind, e.actor_name)}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    </section>
                </article>
            }
        }}
        <section class="order-actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{move || i18n.t().order_actions}</h2>
            {move || notice.get().map(|n| match n {
                Ok(m) => view! { <p class="notice" id="order-notice" role="status">{m}</p> }.into_any(),
                Err(m) => view! { <p class="form-error" id="order-notice" role="alert">{m}</p> }.into_any(),
            })}
            <Show when=move || order.with(|o| o.can_simulate_deposit)>
                <button type="button" id="order-simulate-deposit" disabled=move || busy.get() on:click=deposit>
                    {move || i18n.t().order_simulate_deposit}
                </button>
            </Show>
            <Show when=move || can(OrderStaffAction::Prepare)>
                <button type="button" id="order-prepare" disabled=move || busy.get() on:click=prepare>
                    {move || i18n.t().order_prepare}
                </button>
            </Show>
            <Show when=move || can(OrderStaffAction::Ship)>
                <form class="ship-form" id="ship-form" on:submit=ship>
                    <label for="ship-carrier">{move || i18n.t().order_carrier}</label>
                    <select id="ship-carrier" on:change=move |ev| carrier.set(event_target_value(&ev))>
                        {active.iter().map(|c| {
                            let code = c.code.clone();
                            let code2 = code.clone();
                            view! { <option value=code prop:selected=move || carrier.get() == code2>{c.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                    <label for="ship-tracking">{move || i18n.t().order_tracking_number}</label>
                    <input id="ship-tracking" prop:value=move || tracking.get() on:input=move |ev| tracking.set(event_target_value(&ev))/>
                    <button type="submit" class="primary" id="order-ship" disabled=move || busy.get()>{move || i18n.t().order_ship}</button>
                </form>
            </Show>
            <Show when=move || can(OrderStaffAction::Deliver)>
                <button type="button" id="order-deliver" disabled=move || busy.get() on:click=deliver>
                    {move || i18n.t().order_deliver}
                </button>
            </Show>
            <div class="field">
                <label for="order-reason">{move || i18n.t().order_reason}</label>
                <input id="order-reason" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            </div>
            <Show when=move || paid_account()>
                <fieldset class="refund-account">
                    <legend>{move || i18n.t().order_refund_account}</legend>
                    <select id="refund-bank" on:change=move |ev| account_bank.set(event_target_value(&ev))>
                        {VIRTUAL_ACCOUNT_BANKS.iter().map(|(code, name)| view! { <option value=*code>{*name}</option> }).collect_view()}
                    </select>
                    <input id="refund-account-number" placeholder=move || i18n.t().order_refund_account_number prop:value=move || account_number.get() on:input=move |ev| account_number.set(event_target_value(&ev))/>
                    <input id="refund-holder" placeholder=move || i18n.t().order_refund_holder prop:value=move || account_holder.get() on:input=move |ev| account_holder.set(event_target_value(&ev))/>
                </fieldset>
            </Show>
            <Show when=move || can(OrderStaffAction::Cancel)>
                <button type="button" class="danger" id="order-cancel" disabled=move || busy.get() on:click=cancel>
                    {move || i18n.t().order_cancel}
                </button>
            </Show>
            <Show when=move || can(OrderStaffAction::Refund)>
                <form class="refund-form" id="refund-form" on:submit=refund>
                    <h3>{move || i18n.t().order_refund}</h3>
                    <div class="field checkbox">
                        <input type="checkbox" id="refund-full" prop:checked=move || full.get() on:change=move |ev| full.set(event_target_checked(&ev))/>
                        <label for="refund-full">{move || i18n.t().order_refund_full}</label>
                    </div>
                    <Show when=move || !full.get()>
                        {move || order.with(|o| o.lines.iter().map(|l| {
                            let id = l.id.clone();
                            let input_id = format!("refund-line-{}", l.sku);
                            view! {
                                <div class="field">
                                    <label for=input_id.clone()>{format!("{} {} (≤ {})", l.product_name, l.variant_label, l.quantity - l.refunded_quantity)}</label>
                                    <input id=input_id type="number" min="0" max=l.quantity - l.refunded_quantity on:input=move |ev| set_line(id.clone(), event_target_value(&ev))/>
                                </div>
                            }
                        }).collect_view())}
                        <div class="field">
                            <label for="refund-shipping">{move || i18n.t().order_refund_shipping}</label>
                            <input id="refund-shipping" type="number" min="0" prop:value=move || shipping_refund.get() on:input=move |ev| shipping_refund.set(event_target_value(&ev))/>
                        </div>
                    </Show>
                    <div class="field checkbox">
                        <input type="checkbox" id="refund-restock" prop:checked=move || restock.get() on:change=move |ev| restock.set(event_target_checked(&ev))/>
                        <label for="refund-restock">{move || i18n.t().order_refund_restock}</label>
                    </div>
                    <p class="hint">{move || i18n.t().order_refundable} " " {move || order.with(|o| o.refundable.formatted.clone())}</p>
                    <button type="submit" class="danger" id="order-refund" disabled=move || busy.get()>{move || i18n.t().order_refund}</button>
                </form>
            </Show>
            <Confirm
                open=confirm_open
                message=confirm_message
                confirm=Signal::derive(move || match pending.get() {
                    Some(Pending::Cancel) => i18n.t().order_cancel,
                    _ => i18n.t().order_refund,
                })
                back_label=Signal::derive(move || i18n.t().confirm_back)
                on_confirm=run_pending
            />
            <form class="note-form" id="note-form" on:submit=add_note>
                <label for="order-note">{move || i18n.t().order_note}</label>
                <input id="order-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                <button type="submit" disabled=move || busy.get()>{move || i18n.t().order_note_add}</button>
            </form>
        </section>
    }
}
