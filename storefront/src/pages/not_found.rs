//! The page for an unknown address.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="not-found">
            <h1>{move || i18n.t().not_found_title}</h1>
            <p>{move || i18n.t().not_found_body}</p>
            <A href="/">{move || i18n.t().back_home}</A>
        </section>
    }
}
