//! The storefront shell: header with the shop's name and language switch, the routes, footer.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::api;
use crate::i18n::{provide_i18n, use_i18n};
use crate::pages::{home::HomePage, not_found::NotFound};

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    let shop = LocalResource::new(api::shop_info);
    // The shop's name titles every page; it comes from the channel this host serves.
    Effect::new(move |_| {
        if let Some(Ok(info)) = shop.get()
            && let Some(doc) = web_sys::window().and_then(|w| w.document())
        {
            doc.set_title(&info.shop.name);
        }
    });
    let shop_name = move || {
        shop.get()
            .and_then(Result::ok)
            .map(|info| info.shop.name)
            .unwrap_or_default()
    };
    view! {
        <Router>
            <a class="skip-link" href="#main">{move || use_i18n().t().skip_to_content}</a>
            <header class="site-header">
                <A href="/" exact=true attr:class="brand">{shop_name}</A>
                <LanguageSwitch/>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage/>
                </Routes>
            </main>
            <footer class="site-footer">{move || use_i18n().t().footer_note}</footer>
        </Router>
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="lang-switch"
            aria-label=move || i18n.t().switch_language
            on:click=move |_| i18n.toggle()
        >
            {move || i18n.t().other_language_name}
        </button>
    }
}
