//! The shopper's buying pages: cart, checkout (and the return from Toss's payment window),
//! orders.

pub mod cart;
pub mod checkout;
pub mod orders;
pub mod postcode;
pub mod toss;

use shared::checkout::{QuantityProblem, check_line_quantity};
use shared::web::ClientError;

use crate::api::CartChange;
use crate::pages::account::form::{Msg, failure_msg, server_msg, text};

/// A quantity as the shopper typed it, checked as the server checks it.
pub fn parse_quantity(typed: &str) -> Result<i64, Msg> {
    typed
        .trim()
        .parse::<i64>()
        .map_err(|_| QuantityProblem::NotPositive)
        .and_then(check_line_quantity)
        .map_err(|problem| match problem {
            QuantityProblem::NotPositive => text(|t| t.err_quantity_positive),
            QuantityProblem::OverLineCap => text(|t| t.err_quantity_cap),
        })
}

/// What to tell the shopper after a cart change: nothing when it went through.
pub fn change_message(result: &Result<CartChange, ClientError>) -> Option<Msg> {
    match result {
        Ok(change) => match change.errors.first() {
            Some(error) => Some(server_msg(error, None)),
            None if change.cart.is_none() => Some(text(|t| t.err_invalid)),
            None => None,
        },
        Err(error) => Some(failure_msg(error)),
    }
}

/// A quantity box between − and + buttons, kept within 1 and the line cap: the cart's lines and
/// the product page's purchase box. `on_change` runs after a step or an edit of the box (the cart
/// saves the line then).
#[leptos::component]
pub fn QuantityStepper(
    /// The box's id (its label is the caller's).
    id: String,
    quantity: leptos::prelude::RwSignal<String>,
    /// What the buttons say to a screen reader.
    decrease_label: String,
    increase_label: String,
    #[prop(into, optional)] busy: leptos::prelude::Signal<bool>,
    #[prop(optional)] on_change: Option<leptos::prelude::Callback<()>>,
) -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    let changed = move || {
        if let Some(on_change) = on_change {
            on_change.run(());
        }
    };
    let step = move |delta: i64| {
        move |_| {
            let now = parse_quantity(&quantity.get_untracked()).unwrap_or(1);
            let next = (now + delta).clamp(1, shared::checkout::MAX_LINE_QUANTITY);
            if next != now {
                quantity.set(next.to_string());
                changed();
            }
        }
    };
    view! {
        <div class="stepper">
            <button
                type="button"
                class="step decrease"
                aria-label=decrease_label
                disabled=move || busy.get() || quantity.with(|q| q.trim() == "1")
                on:click=step(-1)
            >
                "−"
            </button>
            <input
                id=id
                class="quantity"
                name="quantity"
                type="number"
                inputmode="numeric"
                min="1"
                max=shared::checkout::MAX_LINE_QUANTITY
                prop:value=move || quantity.get()
                on:input=move |ev| quantity.set(event_target_value(&ev))
                on:change=move |_| changed()
            />
            <button
                type="button"
                class="step increase"
                aria-label=increase_label
                disabled=move || busy.get()
                on:click=step(1)
            >
                "+"
            </button>
        </div>
    }
}
