//! Where Toss Payments' window sends the shopper back. `/checkout/toss/success` confirms the
//! payment its query carries (`paymentKey`, `orderId`, `amount`) with the Shop API, which
//! checks the amount against the order before Toss is called, then shows the order.
//! `/checkout/toss/fail` says why the payment did not go through; the order waits for its
//! payment, and its page opens Toss's window again.
//!
//! Opening the success page twice (a reload) confirms once: the API answers the paid order.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use shared::checkout::is_order_number;

use crate::api;
use crate::cart::CartStore;
use crate::i18n::use_i18n;
use crate::pages::account::form::{FormErrors, FormMessages, text};
use crate::session::Session;
use crate::toss::CANCELED_CODES;

/// `/checkout/toss/:outcome`: one route for both returns.
#[component]
pub fn TossReturnPage() -> impl IntoView {
    let params = use_params_map();
    move || match params.with(|p| p.get("outcome")).as_deref() {
        Some("success") => view! { <TossSuccessPage/> }.into_any(),
        Some("fail") => view! { <TossFailPage/> }.into_any(),
        _ => view! { <crate::pages::not_found::NotFound/> }.into_any(),
    }
}

#[component]
fn TossSuccessPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let store = CartStore::expect();
    let navigate = use_navigate();
    let query = use_query_map();
    let get = move |k: &str| query.with_untracked(|q| q.get(k)).unwrap_or_default();
    let (key, number, amount) = (get("paymentKey"), get("orderId"), get("amount"));
    let errors = FormErrors::new("toss-success");
    let order_link = is_order_number(&number).then(|| format!("/orders/{number}"));
    match (key.is_empty(), order_link.clone(), amount.parse::<i64>()) {
        (false, Some(link), Ok(amount)) => {
            spawn_local(async move {
                match api::payment_confirm(session, number, key, amount).await {
                    Ok(result) if result.errors.is_empty() => {
                        store.ordered();
                        navigate(
                            &link,
                            NavigateOptions {
                                replace: true,
                                ..Default::default()
                            },
                        );
                    }
                    Ok(result) => errors.server(&result.errors, &[], None),
                    Err(e) => errors.failed(&e),
                }
            });
        }
        _ => errors.add_form(text(|t| t.toss_bad_return)),
    }
    view! {
        <section class="toss-return" id="toss-success">
            <h1>{move || i18n.t().checkout_title}</h1>
            <Show when=move || !errors.any_tracked()>
                <p class="status" role="status" id="toss-confirming">{move || i18n.t().toss_confirming}</p>
            </Show>
            <FormMessages errors=errors/>
            {order_link.map(|href| view! {
                <Show when=move || errors.any_tracked()>
                    <A href=href.clone() attr:id="toss-order-link">{move || i18n.t().toss_back_to_order}</A>
                </Show>
            })}
        </section>
    }
}

#[component]
fn TossFailPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |k: &str| query.with_untracked(|q| q.get(k)).unwrap_or_default();
    let (code, message, number) = (get("code"), get("message"), get("orderId"));
    let canceled = CANCELED_CODES.contains(&code.as_str());
    leptos::logging::warn!("toss payment failed: {code} {message}");
    let order_link = is_order_number(&number).then(|| format!("/orders/{number}"));
    view! {
        <section class="toss-return" id="toss-fail" data-code=code.clone()>
            <h1>{move || i18n.t().toss_failed_title}</h1>
            <p class="status warning" role="alert" id="toss-fail-reason">
                {move || if canceled { i18n.t().toss_canceled } else { i18n.t().toss_failed }}
            </p>
            // Toss's own sentence (in Korean), for the shopper and for support.
            {(!canceled && !message.is_empty()).then(|| view! {
                <p class="gateway-message" id="toss-fail-message">{message.clone()}</p>
            })}
            {order_link.map(|href| view! {
                <A href=href attr:id="toss-order-link">{move || i18n.t().toss_back_to_order}</A>
            })}
        </section>
    }
}
