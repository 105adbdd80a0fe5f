//! The admin shell: header, navigation, routes. Pages that need a signed-in staff member check
//! the Admin API's `viewer` and send everyone else to the sign-in page.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{Lazy, path};
use shared::lazy_area;
use shared::web::ui::{Toaster, Toasts};
use wasm_bindgen::JsCast;

use crate::api::{self, Permission};
use crate::i18n::{provide_i18n, use_i18n};
use crate::pages::{
    api_keys::ApiKeys,
    audit::Audit,
    categories::Categories,
    collections::Collections,
    dashboard::Dashboard,
    jobs::Jobs,
    login::Login,
    media::Media,
    not_found::NotFound,
    orders::{OrderPage, Orders},
    policies::Policies,
    product_editor::{ProductEdit, ProductNew},
    products::Products,
    seller::SellerSettings,
    set_password::SetPassword,
    shipping::Shipping,
    staff::Staff,
};
use crate::session::Session;

// Every page but the sign-in steps and the dashboard loads when first opened, by area.
lazy_area!(catalog_view, CatalogPage {
    ProductsRoute => Products,
    ProductNewRoute => ProductNew,
    ProductEditRoute => ProductEdit,
    CategoriesRoute => Categories,
    CollectionsRoute => Collections,
    MediaRoute => Media,
}, unavailable = area_unavailable);
lazy_area!(orders_view, OrdersPage {
    OrdersRoute => Orders,
    OrderRoute => OrderPage,
    ShippingRoute => Shipping,
}, unavailable = area_unavailable);
lazy_area!(settings_view, SettingsPage {
    StaffRoute => Staff,
    AuditRoute => Audit,
    ApiKeysRoute => ApiKeys,
    JobsRoute => Jobs,
    SellerRoute => SellerSettings,
    PoliciesRoute => Policies,
}, unavailable = area_unavailable);

/// A page whose area could not be fetched.
fn area_unavailable() -> AnyView {
    let i18n = use_i18n();
    shared::web::ui::page_unavailable(move || i18n.t().page_unavailable, move || i18n.t().retry)
}

/// Where the admin is mounted; links inside it are absolute under this prefix.
pub const BASE: &str = "/admin";

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    let i18n = use_i18n();
    let session = Session::provide();
    // The signed-in viewer's permissions, for the links to pages that need one; fetched again
    // whenever the credentials change. Pages still check (the API is the authority).
    let permissions = LocalResource::new(move || {
        let token = session.tracked_token();
        async move {
            match token {
                Some(_) => api::viewer(session)
                    .await
                    .ok()
                    .flatten()
                    .map(|v| v.permissions)
                    .unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    let can = move |p: Permission| permissions.get().is_some_and(|perms| perms.contains(&p));
    // On a narrow screen the navigation is a drawer the menu button opens, moving the focus to
    // its first link; following a link or the backdrop closes it, Escape too (and gives the
    // focus back to the menu button).
    let toasts = Toasts::provide();
    let menu_open = RwSignal::new(false);
    let toggle = NodeRef::<leptos::html::Button>::new();
    let nav = NodeRef::<leptos::html::Nav>::new();
    Effect::new(move |was_open: Option<bool>| {
        let open = menu_open.get();
        if open
            && was_open == Some(false)
            && let Some(first) = nav
                .get()
                .and_then(|n| n.query_selector("a").ok().flatten())
                .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = first.focus();
        }
        open
    });
    let _escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && menu_open.get_untracked() {
            menu_open.set(false);
            if let Some(button) = toggle.get_untracked() {
                let _ = button.focus();
            }
        }
    });
    view! {
        <Router base=BASE>
            <header class="admin-header">
                <button
                    type="button"
                    class="menu-toggle"
                    id="menu-toggle"
                    node_ref=toggle
                    aria-controls="admin-nav"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    {move || i18n.t().menu}
                </button>
                <A href="/admin/" attr:class="brand">{move || i18n.t().app_title}</A>
                <div class="header-actions">
                    <Show when=move || session.signed_in()>
                        <a
                            href="/admin/login"
                            class="sign-out"
                            on:click=move |_| {
                                let token = session.token();
                                session.sign_out();
                                if let Some(token) = token {
                                    leptos::task::spawn_local(crate::api::staff_logout_token(token));
                                }
                            }
                        >
                            {move || i18n.t().sign_out}
                        </a>
                    </Show>
                    <button
                        type="button"
                        class="lang-switch"
                        aria-label=move || i18n.t().switch_language
                        on:click=move |_| i18n.toggle()
                    >
                        {move || i18n.t().other_language_name}
                    </button>
                </div>
            </header>
            <div class="admin-body">
                <Show when=move || menu_open.get()>
                    <div class="nav-backdrop" on:click=move |_| menu_open.set(false)></div>
                </Show>
                <nav
                    class="admin-nav"
                    id="admin-nav"
                    node_ref=nav
                    class:open=move || menu_open.get()
                    aria-label=move || i18n.t().nav_label
                    on:click=move |ev| {
                        let on_link = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .and_then(|e| e.closest("a").ok().flatten())
                            .is_some();
                        if on_link {
                            menu_open.set(false);
                        }
                    }
                >
                    <A href="/admin/" exact=true>{move || i18n.t().nav_dashboard}</A>
                    <A href="/admin/jobs">{move || i18n.t().nav_jobs}</A>
                    <Show when=move || can(Permission::ProductsRead)>
                        <A href="/admin/products">{move || i18n.t().nav_products}</A>
                        <A href="/admin/categories">{move || i18n.t().nav_categories}</A>
                        <A href="/admin/collections">{move || i18n.t().nav_collections}</A>
                        <A href="/admin/media">{move || i18n.t().nav_media}</A>
                    </Show>
                    <Show when=move || can(Permission::OrdersRead)>
                        <A href="/admin/orders">{move || i18n.t().nav_orders}</A>
                    </Show>
                    <Show when=move || can(Permission::SettingsRead)>
                        <A href="/admin/shipping">{move || i18n.t().nav_shipping}</A>
                        <A href="/admin/seller">{move || i18n.t().nav_seller}</A>
                        <A href="/admin/policies">{move || i18n.t().nav_policies}</A>
                    </Show>
                    <Show when=move || can(Permission::StaffRead)>
                        <A href="/admin/staff">{move || i18n.t().nav_staff}</A>
                        <A href="/admin/audit">{move || i18n.t().nav_audit}</A>
                    </Show>
                    <Show when=move || can(Permission::SettingsRead)>
                        <A href="/admin/api-keys">{move || i18n.t().nav_api_keys}</A>
                    </Show>
                </nav>
                <main class="admin-main" id="main">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=Dashboard/>
                        <Route path=path!("/login") view=Login/>
                        <Route path=path!("/set-password") view=SetPassword/>
                        <Route path=path!("/jobs") view={Lazy::<JobsRoute>::new()}/>
                        <Route path=path!("/products") view={Lazy::<ProductsRoute>::new()}/>
                        <Route path=path!("/products/new") view={Lazy::<ProductNewRoute>::new()}/>
                        <Route path=path!("/products/:id") view={Lazy::<ProductEditRoute>::new()}/>
                        <Route path=path!("/products/*any") view={Lazy::<ProductEditRoute>::new()}/>
                        <Route path=path!("/categories") view={Lazy::<CategoriesRoute>::new()}/>
                        <Route path=path!("/collections") view={Lazy::<CollectionsRoute>::new()}/>
                        <Route path=path!("/collections/:id") view={Lazy::<CollectionsRoute>::new()}/>
                        <Route path=path!("/collections/*any") view={Lazy::<CollectionsRoute>::new()}/>
                        <Route path=path!("/media") view={Lazy::<MediaRoute>::new()}/>
                        <Route path=path!("/orders") view={Lazy::<OrdersRoute>::new()}/>
                        <Route path=path!("/orders/:id") view={Lazy::<OrderRoute>::new()}/>
                        <Route path=path!("/shipping") view={Lazy::<ShippingRoute>::new()}/>
                        <Route path=path!("/seller") view={Lazy::<SellerRoute>::new()}/>
                        <Route path=path!("/policies") view={Lazy::<PoliciesRoute>::new()}/>
                        <Route path=path!("/staff") view={Lazy::<StaffRoute>::new()}/>
                        <Route path=path!("/audit") view={Lazy::<AuditRoute>::new()}/>
                        <Route path=path!("/api-keys") view={Lazy::<ApiKeysRoute>::new()}/>
                    </Routes>
                </main>
            </div>
            <Toaster toasts close_label=Signal::derive(move || i18n.t().close)/>
        </Router>
    }
}
