//! The shopper's orders: an order's page, `/orders/:number` (status, the bank account to pay a
//! virtual account into, the carrier's tracking link, lines, totals, address, and the status
//! timeline); the guest lookup, `/orders/lookup`, by order number and the orderer's phone; and the
//! member's order history on the account page.
//!
//! A member reads their own orders (guest orders placed with their address become theirs when
//! they verify it); any other order opens as a guest's, even signed in. A guest's browser keeps the phone of the orders it placed
//! for the tab's life (`sessionStorage`), so the confirmation shows without asking; any other
//! guest order needs the lookup.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use shared::checkout::is_order_number;
use shared::web::ui;

use crate::api::{self, Order, OrderStatus, OrderSummary, PaymentGateway, PaymentMethod};
use crate::i18n::{Text, use_i18n};
use crate::pages::account::form::{
    FormErrors, FormMessages, SubmitButton, TextField, check_phone, local_date, text,
};
use crate::session::Session;

const GUEST_ORDERS_KEY: &str = "jangteo.guest-orders";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The guest orders of this tab, `number phone` per line.
fn guest_orders() -> Vec<(String, String)> {
    session_storage()
        .and_then(|s| s.get_item(GUEST_ORDERS_KEY).ok().flatten())
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(n, p)| (n.to_owned(), p.to_owned()))
        .collect()
}

/// Keeps the phone of a guest's order for this tab, so its page opens without a lookup.
pub fn remember_guest_order(number: &str, phone: &str) {
    let mut all: Vec<(String, String)> = guest_orders()
        .into_iter()
        .filter(|(n, _)| n != number)
        .collect();
    all.push((number.to_owned(), phone.to_owned()));
    let text: Vec<String> = all.iter().map(|(n, p)| format!("{n} {p}")).collect();
    if let Some(s) = session_storage() {
        let _ = s.set_item(GUEST_ORDERS_KEY, &text.join("\n"));
    }
}

fn guest_phone(number: &str) -> Option<String> {
    guest_orders()
        .into_iter()
        .find(|(n, _)| n == number)
        .map(|(_, p)| p)
}

pub fn status_text(status: OrderStatus) -> Text {
    match status {
        OrderStatus::AwaitingPayment => |t| t.status_awaiting_payment,
        OrderStatus::AwaitingDeposit => |t| t.status_awaiting_deposit,
        OrderStatus::Paid => |t| t.status_paid,
        OrderStatus::Preparing => |t| t.status_preparing,
        OrderStatus::Shipped => |t| t.status_shipped,
        OrderStatus::Delivered => |t| t.status_delivered,
        OrderStatus::Cancelled => |t| t.status_cancelled,
        OrderStatus::Expired => |t| t.status_expired,
        OrderStatus::PartiallyRefunded => |t| t.status_partially_refunded,
        OrderStatus::Refunded => |t| t.status_refunded,
        OrderStatus::Unknown => |t| t.status_other,
    }
}

/// A date and time from the API in the UI language.
fn local_time(rfc3339: &str, lang: shared::web::Lang) -> String {
    let date = web_sys::js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    date.to_locale_string(lang.code(), &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

/// A guest order's access: by the phone this tab kept, or by asking for it.
fn guest_access(number: &str) -> Access {
    match guest_phone(number) {
        Some(phone) => Access::Guest(phone),
        None => Access::Ask,
    }
}

/// How the order page reads its order.
#[derive(Debug, Clone, PartialEq)]
enum Access {
    Member,
    Guest(String),
    /// A guest order this tab did not place: ask for the phone.
    Ask,
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let params = use_params_map();
    let number = Memo::new(move |_| params.with(|p| p.get("number")).unwrap_or_default());
    let access = move || {
        if session.signed_in() {
            Access::Member
        } else {
            guest_access(&number.get())
        }
    };
    let order = LocalResource::new(move || {
        let access = access();
        let number = number.get();
        async move {
            let access = match access {
                // An order the member placed as a guest (with another address, or before
                // verifying this one) is not theirs: it opens like any guest order.
                Access::Member => match api::member_order(session, number.clone()).await? {
                    Some(order) => return Ok(Some(Some(order))),
                    None => guest_access(&number),
                },
                other => other,
            };
            match access {
                Access::Guest(phone) => api::order_lookup(number, phone).await.map(Some),
                Access::Member | Access::Ask => Ok(None),
            }
        }
    });
    view! {
        <section class="order-page">
            <Suspense fallback=move || {
                ui::loading_line(move || i18n.t().order_loading)
            }>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(Some(Some(o))) => view! { <OrderDetail order=o reload=move || order.refetch()/> }.into_any(),
                        Ok(Some(None)) => {
                            view! {
                                <div class="not-found" id="order-not-found">
                                    <h1>{move || i18n.t().order_not_found}</h1>
                                    <A href="/orders/lookup">{move || i18n.t().order_lookup_title}</A>
                                </div>
                            }
                                .into_any()
                        }
                        Ok(None) => view! { <OrderLookupForm number=number.get_untracked()/> }.into_any(),
                        Err(e) => {
                            leptos::logging::warn!("order: {e}");
                            view! {
                                <div class="status error" role="alert">
                                    <p>{move || i18n.t().order_load_failed}</p>
                                    <button type="button" on:click=move |_| order.refetch()>
                                        {move || i18n.t().retry}
                                    </button>
                                </div>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OrderDetail(order: Order, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let status = order.status;
    let deposit = (status == OrderStatus::AwaitingDeposit)
        .then(|| {
            order
                .payment
                .as_ref()
                .and_then(|p| p.virtual_account.clone())
        })
        .flatten();
    let awaiting_card =
        status == OrderStatus::AwaitingPayment && order.payment_method == PaymentMethod::Card;
    // Toss's window can be opened again for an order still waiting for its payment.
    let toss_retry = (status == OrderStatus::AwaitingPayment)
        .then(|| order.payment_session.clone())
        .flatten()
        .filter(|s| s.gateway == PaymentGateway::Toss)
        .map(|session| {
            let order = order.clone();
            let busy = RwSignal::new(false);
            let failed = RwSignal::new(false);
            let pay = move |_| {
                busy.set(true);
                failed.set(false);
                let (session, order) = (session.clone(), order.clone());
                spawn_local(async move {
                    failed.set(
                        crate::toss::open_window(&session, &order, order.payment_method).await,
                    );
                    busy.set(false);
                });
            };
            view! {
                <div class="order-pay">
                    <button type="button" id="order-pay" prop:disabled=move || busy.get() on:click=pay>
                        {move || i18n.t().pay_now}
                    </button>
                    <Show when=move || failed.get()>
                        <p class="form-error" role="alert">{move || i18n.t().err_gateway_window}</p>
                    </Show>
                </div>
            }
        });
    let address = order.shipping_address.clone();
    let history = order.status_history.clone();
    let refunded =
        (order.refunded_total.amount != 0).then(|| order.refunded_total.formatted.clone());
    view! {
        <article class="order-detail" data-number=order.number.clone() data-status=status.code()>
            <h1 id="order-title">
                {move || i18n.t().order_title}
                " "
                <span class="order-number">{order.number.clone()}</span>
            </h1>
            <p class="order-status" id="order-status" data-status=status.code()>
                {move || status_text(status)(i18n.t())}
            </p>
            {(status == OrderStatus::Paid)
                .then(|| view! { <p class="form-success" id="order-thanks">{move || i18n.t().order_thanks}</p> })}
            {awaiting_card
                .then(|| view! { <p class="status warning">{move || i18n.t().order_awaiting_card}</p> })}
            {toss_retry}
            {deposit
                .map(|va| {
                    let due = va.due_at.clone();
                    view! {
                        <section class="deposit-instructions" id="deposit-instructions" aria-labelledby="deposit-title">
                            <h2 id="deposit-title">{move || i18n.t().deposit_title}</h2>
                            <dl>
                                <dt>{move || i18n.t().deposit_bank}</dt>
                                <dd class="bank">{va.bank_name.clone()}</dd>
                                <dt>{move || i18n.t().deposit_account}</dt>
                                <dd class="account-number">{va.account_number.clone()}</dd>
                                <dt>{move || i18n.t().deposit_holder}</dt>
                                <dd class="holder">{va.holder.clone()}</dd>
                                <dt>{move || i18n.t().deposit_amount}</dt>
                                <dd class="amount">{va.amount.formatted.clone()}</dd>
                                {due.map(|due| view! {
                                    <dt>{move || i18n.t().deposit_due}</dt>
                                    <dd class="due">{move || local_time(&due, i18n.lang())}</dd>
                                })}
                            </dl>
                            <button type="button" class="refresh" on:click=move |_| reload()>
                                {move || i18n.t().order_refresh}
                            </button>
                        </section>
                    }
                })}
            {order
                .tracking
                .clone()
                .map(|tr| {
                    view! {
                        <p class="tracking" id="order-tracking">
                            {move || i18n.t().tracking_label}
                            " "
                            {tr.carrier_name.clone()}
                            " "
                            <a class="tracking-link" href=tr.url.clone() target="_blank" rel="noopener noreferrer" data-carrier=tr.carrier_code.clone()>
                                {tr.number.clone()}
                            </a>
                        </p>
                    }
                })}
            <table class="order-lines">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().cart_col_product}</th>
                        <th scope="col">{move || i18n.t().cart_col_price}</th>
                        <th scope="col">{move || i18n.t().cart_col_quantity}</th>
                        <th scope="col">{move || i18n.t().cart_col_total}</th>
                    </tr>
                </thead>
                <tbody>
                    {order
                        .lines
                        .iter()
                        .map(|l| {
                            let name = if l.variant_label.is_empty() {
                                l.product_name.clone()
                            } else {
                                format!("{} ({})", l.product_name, l.variant_label)
                            };
                            view! {
                                <tr class="order-line" data-sku=l.sku.clone()>
                                    <td>{name}</td>
                                    <td>{l.unit_price.formatted.clone()}</td>
                                    <td>{l.quantity}</td>
                                    <td>{l.line_total.formatted.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <dl class="totals">
                <dt>{move || i18n.t().cart_subtotal}</dt>
                <dd>{order.subtotal.formatted.clone()}</dd>
                <dt>{move || i18n.t().cart_shipping}</dt>
                <dd>{order.shipping_fee.formatted.clone()}</dd>
                <dt>{move || i18n.t().cart_total}</dt>
                <dd class="total"><strong>{order.total.formatted.clone()}</strong></dd>
                {refunded.map(|r| view! {
                    <dt>{move || i18n.t().order_refunded}</dt>
                    <dd class="refunded">{r}</dd>
                })}
            </dl>
            <section class="order-address" aria-labelledby="order-address-title">
                <h2 id="order-address-title">{move || i18n.t().checkout_shipping}</h2>
                <p>{address.recipient.clone()} " · " {address.phone.clone()}</p>
                <p>{format!("({}) {} {}", address.postal_code, address.road_address, address.detail_address)}</p>
                {(!address.delivery_note.is_empty()).then(|| view! { <p class="delivery-note">{address.delivery_note.clone()}</p> })}
            </section>
            <section class="order-timeline" aria-labelledby="order-timeline-title">
                <h2 id="order-timeline-title">{move || i18n.t().order_timeline}</h2>
                <ol class="timeline" id="order-timeline">
                    {history
                        .into_iter()
                        .map(|change| {
                            let at = change.at.clone();
                            view! {
                                <li data-status=change.status.code()>
                                    <span class="timeline-status">{move || status_text(change.status)(i18n.t())}</span>
                                    " "
                                    <time datetime=change.at.clone()>{move || local_time(&at, i18n.lang())}</time>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </section>
        </article>
    }
}

/// The guest lookup page, `/orders/lookup` (`?number=` prefills the number).
#[component]
pub fn OrderLookupPage() -> impl IntoView {
    let query = use_query_map();
    let number = query
        .with_untracked(|q| q.get("number"))
        .unwrap_or_default();
    view! {
        <section class="order-lookup-page">
            <OrderLookupForm number=number/>
        </section>
    }
}

#[component]
fn OrderLookupForm(number: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let errors = FormErrors::new("order-lookup");
    let busy = RwSignal::new(false);
    let number = RwSignal::new(number);
    let phone = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let n = number.get_untracked().trim().to_owned();
        if n.is_empty() {
            errors.add("number", text(|t| t.err_required));
        } else if !is_order_number(&n) {
            errors.add("number", text(|t| t.err_order_number));
        }
        if let Err(m) = check_phone(&phone.get_untracked()) {
            errors.add("phone", m);
        }
        if errors.refused() {
            return;
        }
        busy.set(true);
        let p = phone.get_untracked();
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::order_lookup(n.clone(), p.clone()).await {
                Ok(Some(_)) => {
                    remember_guest_order(&n, &p);
                    navigate(&format!("/orders/{n}"), Default::default());
                }
                Ok(None) => errors.add_form(text(|t| t.err_order_lookup)),
                Err(e) if is_throttled(&e) => errors.add_form(text(|t| t.err_throttled_later)),
                Err(e) => errors.failed(&e),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="account-form order-lookup" id="order-lookup" novalidate=true on:submit=submit>
            <h1>{move || i18n.t().order_lookup_title}</h1>
            <p>{move || i18n.t().order_lookup_intro}</p>
            <TextField id="lookup-number" name="number" label=|t| t.field_order_number value=number errors=errors field="number" hint=|t| t.hint_order_number required=true/>
            <TextField id="lookup-phone" name="phone" label=|t| t.field_phone value=phone errors=errors field="phone" kind="tel" hint=|t| t.hint_phone required=true/>
            <FormMessages errors=errors/>
            <SubmitButton id="lookup-submit" label=|t| t.order_lookup_submit busy=busy/>
        </form>
    }
}

fn is_throttled(error: &shared::web::ClientError) -> bool {
    matches!(error, shared::web::ClientError::Graphql(errors)
        if errors.iter().any(|e| e.code.as_deref() == Some("THROTTLED")))
}

/// The member's orders, newest first, ten at a time (on the account page).
#[component]
pub fn OrderHistory() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let orders = RwSignal::new(Vec::<OrderSummary>::new());
    let next = RwSignal::new(None::<String>);
    let state = RwSignal::new(0u8); // 0 loading, 1 shown, 2 failed
    let load = move |after: Option<String>| {
        spawn_local(async move {
            match api::my_orders(session, after).await {
                Ok((page, cursor)) => {
                    orders.update(|all| all.extend(page));
                    next.set(cursor);
                    state.set(1);
                }
                Err(e) => {
                    leptos::logging::warn!("orders: {e}");
                    state.set(2);
                }
            }
        });
    };
    load(None);
    view! {
        <section class="account-section" aria-labelledby="orders-heading">
            <h2 id="orders-heading">{move || i18n.t().orders_heading}</h2>
            {move || match state.get() {
                0 => ui::loading_line(move || i18n.t().order_loading).into_any(),
                2 => view! { <p class="status error" role="alert">{move || i18n.t().order_load_failed}</p> }.into_any(),
                _ if orders.with(Vec::is_empty) => {
                    view! { <p class="status empty" id="orders-empty">{move || i18n.t().orders_empty}</p> }.into_any()
                }
                _ => {
                    view! {
                        <ul class="order-history" id="order-history">
                            {orders
                                .get()
                                .into_iter()
                                .map(|o| {
                                    let first = o.lines.first().map(|l| l.product_name.clone()).unwrap_or_default();
                                    let more = o.lines.len().saturating_sub(1);
                                    let placed = o.placed_at.clone();
                                    let status = o.status;
                                    let href = format!("/orders/{}", o.number);
                                    let number = o.number.clone();
                                    view! {
                                        <li class="order-summary" data-number=o.number data-status=status.code()>
                                            <A href=href>{number}</A>
                                            " "
                                            <span class="order-date">{move || local_date(&placed, i18n.lang())}</span>
                                            " "
                                            <span class="order-items">
                                                {move || {
                                                    if more == 0 {
                                                        first.clone()
                                                    } else {
                                                        i18n.t().order_items_more.replace("{name}", &first).replace("{n}", &more.to_string())
                                                    }
                                                }}
                                            </span>
                                            " "
                                            <span class="order-total">{o.total.formatted.clone()}</span>
                                            " "
                                            <span class="order-status">{move || status_text(status)(i18n.t())}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        {move || next.get().map(|cursor| view! {
                            <button type="button" class="load-more" on:click=move |_| load(Some(cursor.clone()))>
                                {move || i18n.t().load_more_orders}
                            </button>
                        })}
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
