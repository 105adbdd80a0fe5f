//! The storefront shell: the sticky header with the shop's name, the product search, the account
//! links, the cart and the language switch; the top-level categories under it; the routes; the
//! footer (with the language switch again, for phones).

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{Lazy, path};
use shared::Currency;
use shared::lazy_area;

use crate::api;
use crate::cart::CartStore;
use crate::head::provide_head;
use crate::i18n::{provide_i18n, use_i18n};
use crate::pages::account::{AccountSubPage, overview::AccountPage};
use crate::pages::catalog::{
    CategoryTree, category::CategoryPage, collection::CollectionPage, nav::CategoryNav,
    nav::SearchForm, product::ProductPage, search::SearchPage,
};
use crate::pages::shop::{
    cart::{CartPage, MiniCart, MiniCartLines},
    checkout::CheckoutPage,
    orders::{OrderLookupPage, OrderPage},
    toss::TossReturnPage,
};
use crate::pages::{home::HomePage, not_found::NotFound, policy::PolicyPage};
use crate::session::Session;

// The listings (home, categories, collections) are the first screen; search, the product
// page, the account pages and the cart, checkout and order pages load when first opened, by
// area.
lazy_area!(account_view, AccountArea {
    AccountRoute => AccountPage,
    AccountSubRoute => AccountSubPage,
}, unavailable = area_unavailable);
lazy_area!(product_view, ProductArea {
    ProductRoute => ProductPage,
}, unavailable = area_unavailable);
// The policy pages are read rarely, and are small: they come with search.
lazy_area!(search_view, SearchArea {
    SearchRoute => SearchPage,
    PolicyRoute => PolicyPage,
}, unavailable = area_unavailable);
lazy_area!(shop_view, ShopArea {
    CartRoute => CartPage,
    CheckoutRoute => CheckoutPage,
    TossReturnRoute => TossReturnPage,
    OrderLookupRoute => OrderLookupPage,
    OrderRoute => OrderPage,
    MiniCartRoute => MiniCartLines,
}, unavailable = area_unavailable);

/// The open mini-cart's contents, from the shop area (fetched when first opened).
pub fn mini_cart_lines() -> impl std::future::Future<Output = AnyView> + Send {
    // The browser has one thread: the loader's future need not move between threads.
    leptos::__reexports::send_wrapper::SendWrapper::new(
        <MiniCartRoute as leptos_router::LazyRoute>::view(MiniCartRoute),
    )
}

/// A page whose area could not be fetched.
fn area_unavailable() -> AnyView {
    let i18n = use_i18n();
    shared::web::ui::page_unavailable(move || i18n.t().page_unavailable, move || i18n.t().retry)
}

/// The shop (sales channel) this storefront serves, for every page.
#[derive(Clone, Copy)]
pub struct Shop {
    /// Empty until the shop is known.
    pub name: Signal<String>,
    /// The currency of every price; `None` until the shop is known.
    pub currency: Signal<Option<Currency>>,
    /// The gateway new orders are paid through; `None` until the shop is known.
    pub gateway: Signal<Option<api::PaymentGateway>>,
    /// Who sells here (the footer); `None` until the shop is known.
    pub seller: Signal<Option<api::Seller>>,
}

impl Shop {
    /// The shop provided by [`App`].
    pub fn expect() -> Self {
        expect_context()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    let session = Session::provide();
    CartStore::provide(session);
    let info = LocalResource::new(api::shop_info);
    let shop = Shop {
        name: Signal::derive(move || {
            info.get()
                .and_then(Result::ok)
                .map(|shop| shop.name)
                .unwrap_or_default()
        }),
        currency: Signal::derive(move || info.get().and_then(Result::ok).map(|shop| shop.currency)),
        gateway: Signal::derive(move || {
            info.get()
                .and_then(Result::ok)
                .map(|shop| shop.payment_gateway)
        }),
        seller: Signal::derive(move || info.get().and_then(Result::ok).map(|shop| shop.seller)),
    };
    provide_context(shop);
    show_seller(shop);
    // The shop's name titles every page; it comes from the channel this host serves.
    provide_head(shop.name);
    CategoryTree::provide();
    // The header is sized by the shop's name and categories: the app replaces the server's
    // drawing of the page only once it has both.
    let tree = CategoryTree::expect();
    crate::prerender::provide(move || info.get().is_some() && tree.0.get().is_some());
    view! {
        <Router>
            <a class="skip-link" href="#main">{move || use_i18n().t().skip_to_content}</a>
            <header class="site-header">
                <A href="/" exact=true attr:class="brand">{shop.name}</A>
                <SearchForm/>
                <div class="header-actions">
                    <AccountNav/>
                    <MiniCart/>
                    <LanguageSwitch/>
                </div>
            </header>
            // Below the sticky header, so on a phone it scrolls away with the page.
            <CategoryNav/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/category/:slug") view=CategoryPage/>
                    <Route path=path!("/collections/:slug") view=CollectionPage/>
                    <Route path=path!("/search") view={Lazy::<SearchRoute>::new()}/>
                    <Route path=path!("/policies/:kind") view={Lazy::<PolicyRoute>::new()}/>
                    <Route path=path!("/products/:slug") view={Lazy::<ProductRoute>::new()}/>
                    <Route path=path!("/account") view={Lazy::<AccountRoute>::new()}/>
                    <Route path=path!("/account/:page") view={Lazy::<AccountSubRoute>::new()}/>
                    <Route path=path!("/cart") view={Lazy::<CartRoute>::new()}/>
                    <Route path=path!("/checkout") view={Lazy::<CheckoutRoute>::new()}/>
                    <Route path=path!("/checkout/toss/:outcome") view={Lazy::<TossReturnRoute>::new()}/>
                    <Route path=path!("/orders/lookup") view={Lazy::<OrderLookupRoute>::new()}/>
                    <Route path=path!("/orders/:number") view={Lazy::<OrderRoute>::new()}/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p class="footer-links">
                    <A href="/orders/lookup" attr:id="footer-order-lookup">
                        {move || use_i18n().t().order_lookup_title}
                    </A>
                    " · "
                    {move || use_i18n().t().footer_note}
                    // A phone's header has no room for it.
                    <LanguageSwitch/>
                </p>
                <div class="seller-block" id="seller-block"></div>
            </footer>
        </Router>
    }
}

/// Who sells here, as Korean online shops must show it on every page: the details the shop has
/// set, and the gateway's escrow notice, drawn by the same function as the server's first
/// response (`shared::text::storefront::seller_html`, escaped) into `div.seller-block`.
fn show_seller(shop: Shop) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let html = shop.seller.with(|seller| {
            seller.as_ref().map(|s| {
                shared::text::storefront::seller_html(i18n.t(), s.values(), &s.escrow_notice)
            })
        });
        if let Some(block) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("seller-block"))
        {
            block.set_inner_html(&html.unwrap_or_default());
        }
    });
}

/// Sign-in and sign-up links, or the signed-in member's name (to the account page) and sign-out.
#[component]
fn AccountNav() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let name = move || {
        session
            .info()
            .map(|i| i.name)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| i18n.t().nav_account.to_owned())
    };
    view! {
        <nav class="account-nav" aria-label=move || i18n.t().account_nav_label>
            <Show
                when=move || session.signed_in()
                fallback=move || {
                    view! {
                        <A href="/account/login" attr:id="nav-login">
                            {move || i18n.t().nav_login}
                        </A>
                        <A href="/account/register" attr:id="nav-register">
                            {move || i18n.t().nav_register}
                        </A>
                    }
                }
            >
                <A
                    href="/account"
                    attr:id="nav-account"
                    attr:title=move || i18n.t().nav_account
                >
                    {name}
                </A>
                // The router follows the link home; the click ends the session first.
                <a href="/" id="nav-logout" on:click=move |_| session.sign_out()>
                    {move || i18n.t().nav_logout}
                </a>
            </Show>
        </nav>
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
