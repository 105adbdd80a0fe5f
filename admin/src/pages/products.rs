//! Products: the catalog newest first, searched by name, slug or SKU and filtered by status, one
//! page at a time (cursor pagination). Each row shows the product's SKUs, total stock, status
//! and its price and visibility per channel, and links to the product editor. Staff who may
//! write create products and change the status of the checked products at once. Below the list,
//! every product downloads as CSV and staff who may write import a CSV file (see
//! [`super::product_csv`]).

use crate::ui::{self, Column, Load, Selection};
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, PRODUCT_STATUS_UPDATE_MAX, Permission, ProductStatus};
use crate::i18n::{I18n, use_i18n};
use crate::session::Session;

use super::id_segment;
use super::product_csv::CsvTools;

type Product = api::ProductRow;

/// The status preselected in the bulk bar.
const BULK_DEFAULT_STATUS: ProductStatus = ProductStatus::Active;

/// How long the search waits after the last keystroke before it asks the server.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(350);

/// How many SKUs a row names before it only counts the rest.
const SKUS_SHOWN: usize = 3;

/// Where the list is.
/// What the list shows: the search text and status it was asked for, and the cursor of the
/// page (`None` for the first).
#[derive(Debug, Clone, Default, PartialEq)]
struct Query {
    search: String,
    status: Option<ProductStatus>,
    after: Option<String>,
}

#[component]
pub fn Products() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    // The text in the search box (the list follows it after a pause or on submit).
    let search_text = RwSignal::new(String::new());
    let query = RwSignal::new(Query::default());
    // The cursors of the pages before this one, for "previous page".
    let earlier = RwSignal::new(Vec::<Option<String>>::new());
    let rows = RwSignal::new(Vec::<Product>::new());
    let next = RwSignal::new(None::<String>);
    let status = RwSignal::new(Load::Loading);
    // What the viewer may do, from the latest answer (for the bulk bar and "new product").
    let permissions = RwSignal::new(Vec::<Permission>::new());
    // The IDs of the checked products.
    let selected = RwSignal::new(Vec::<String>::new());
    // Bumped on every request, so only the answer to the latest one is shown.
    let generation = StoredValue::new(0_u32);
    let load = move || {
        // (A task may call this after the page is gone: then it does nothing.)
        let Some(current) = generation.try_update_value(|g| {
            *g = g.wrapping_add(1);
            *g
        }) else {
            return;
        };
        let Some(q) = query.try_get_untracked() else {
            return;
        };
        status.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let search = Some(q.search.trim().to_owned()).filter(|s| !s.is_empty());
            let result = api::products_page(session, q.after, search, q.status).await;
            if generation.try_get_value() != Some(current) {
                return;
            }
            match result {
                Ok(data) => {
                    permissions.set(data.viewer.map(|v| v.permissions).unwrap_or_default());
                    let page = data.products;
                    next.set(
                        page.page_info
                            .end_cursor
                            .filter(|_| page.page_info.has_next_page),
                    );
                    // Forget checked products that are no longer listed.
                    selected.update(|s| s.retain(|id| page.nodes.iter().any(|p| &p.id == id)));
                    rows.set(page.nodes);
                    status.set(Load::Ready);
                }
                Err(e) => status.set(Load::Failed(e)),
            }
        });
    };
    load();
    // Shows the first page for a new search text or status.
    let restart = move |search: String, filter: Option<ProductStatus>| {
        earlier.set(Vec::new());
        query.set(Query {
            search,
            status: filter,
            after: None,
        });
        load();
    };
    let debounce = StoredValue::new(0_u32);
    let on_search_input = move |ev: leptos::ev::Event| {
        search_text.set(event_target_value(&ev));
        debounce.update_value(|d| *d = d.wrapping_add(1));
        let mine = debounce.get_value();
        set_timeout(
            move || {
                // The page may be gone by now.
                let (Some(text), Some(q)) =
                    (search_text.try_get_untracked(), query.try_get_untracked())
                else {
                    return;
                };
                if debounce.try_get_value() == Some(mine) && q.search.trim() != text.trim() {
                    restart(text, q.status);
                }
            },
            SEARCH_DEBOUNCE,
        );
    };
    let on_search_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        debounce.update_value(|d| *d = d.wrapping_add(1));
        restart(
            search_text.get_untracked(),
            query.with_untracked(|q| q.status),
        );
    };
    let on_status = move |ev: leptos::ev::Event| {
        let filter = ProductStatus::from_code(&event_target_value(&ev));
        restart(search_text.get_untracked(), filter);
    };
    let next_page = move |()| {
        let Some(after) = next.get_untracked() else {
            return;
        };
        let current = query.with_untracked(|q| q.after.clone());
        earlier.update(|e| e.push(current));
        query.update(|q| q.after = Some(after));
        load();
    };
    let previous_page = move |()| {
        let mut before = None;
        earlier.update(|e| before = e.pop());
        if let Some(after) = before {
            query.update(|q| q.after = after);
            load();
        }
    };
    // After a bulk change: show the new statuses at once, then ask the server again (a row
    // may no longer match the status filter).
    let on_changed = move |changed: Vec<(String, ProductStatus)>| {
        rows.update(|r| {
            for p in r.iter_mut() {
                if let Some((_, s)) = changed.iter().find(|(id, _)| *id == p.id) {
                    p.status = *s;
                }
            }
        });
        load();
    };
    let can_write = move || permissions.with(|p| p.contains(&Permission::ProductsWrite));
    let filtered = move || query.with(|q| !q.search.trim().is_empty() || q.status.is_some());
    view! {
        <section class="products" aria-labelledby="products-title">
            <div class="page-head">
                <h1 id="products-title">{move || i18n.t().products_title}</h1>
                <Show when=can_write>
                    <A href="/admin/products/new" attr:class="new-product button-link">
                        {move || i18n.t().product_new}
                    </A>
                </Show>
            </div>
            <form class="product-filters" role="search" on:submit=on_search_submit>
                <label class="visually-hidden" for="product-search">
                    {move || i18n.t().product_search_label}
                </label>
                <input
                    id="product-search"
                    name="search"
                    type="search"
                    autocomplete="off"
                    placeholder=move || i18n.t().product_search_placeholder
                    prop:value=move || search_text.get()
                    on:input=on_search_input
                />
                <button type="submit" class="search-submit">{move || i18n.t().product_search_submit}</button>
                <label class="inline" for="product-status-filter">{move || i18n.t().col_status}</label>
                <select id="product-status-filter" name="status" on:change=on_status>
                    <option value="" selected=true>{move || i18n.t().jobs_all}</option>
                    {ProductStatus::ALL
                        .iter()
                        .copied()
                        .map(|s| {
                            view! { <option value=s.code()>{move || i18n.t().product_status(s)}</option> }
                        })
                        .collect_view()}
                </select>
            </form>
            <Show when=can_write>
                <BulkBar selected on_changed/>
            </Show>
            {move || match status.get() {
                // A reload keeps the rows it replaces on screen.
                Load::Loading if rows.with_untracked(|r| !r.is_empty()) => ().into_any(),
                state => ui::load_status(state, "products", |t| t.products_loading, load),
            }}
            <Show when=move || {
                status.with(Load::is_ready) && rows.with(Vec::is_empty)
            }>
                <p class="status products-empty">
                    {move || {
                        if filtered() { i18n.t().products_no_match } else { i18n.t().products_empty }
                    }}
                </p>
            </Show>
            <Show when=move || rows.with(|r| !r.is_empty())>
                <ProductTable rows selected busy=Signal::derive(move || status.with(Load::is_loading))/>
            </Show>
            <ui::Pager
                has_previous=Signal::derive(move || earlier.with(|e| !e.is_empty()))
                has_next=Signal::derive(move || next.with(Option::is_some))
                previous_label=Signal::derive(move || i18n.t().products_previous)
                next_label=Signal::derive(move || i18n.t().products_next)
                busy=Signal::derive(move || status.with(Load::is_loading))
                on_previous=Callback::new(previous_page)
                on_next=Callback::new(next_page)
            />
            <Show when=move || !status.with(Load::is_refused)>
                <CsvTools can_write=Signal::derive(can_write) reload=load/>
            </Show>
        </section>
    }
}

/// Sets the status of the checked products; `on_changed` gets each changed product's ID and
/// new status after the server accepted (and an empty list when the session ended, to reload).
#[component]
fn BulkBar(
    selected: RwSignal<Vec<String>>,
    on_changed: impl Fn(Vec<(String, ProductStatus)>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let status = RwSignal::new(BULK_DEFAULT_STATUS);
    let error = RwSignal::new(None::<String>);
    // How many products the latest change went to.
    let done = RwSignal::new(None::<usize>);
    let busy = RwSignal::new(false);
    let apply = move |_| {
        done.set(None);
        let ids = selected.get_untracked();
        if ids.is_empty() {
            error.set(Some(i18n.t().bulk_none_selected.to_owned()));
            return;
        }
        if ids.len() > PRODUCT_STATUS_UPDATE_MAX {
            error.set(Some(i18n.t().bulk_too_many.to_owned()));
            return;
        }
        error.set(None);
        busy.set(true);
        let to = status.get_untracked();
        leptos::task::spawn_local(async move {
            let result = api::product_status_update(session, ids, to).await;
            busy.set(false);
            match result {
                Ok(Ok(changed)) => {
                    done.set(Some(changed.len()));
                    selected.set(Vec::new());
                    on_changed(changed);
                }
                Ok(Err(message)) => error.set(Some(message)),
                // Reloading shows the sign-in page.
                Err(e) if e.is_unauthenticated() => on_changed(Vec::new()),
                Err(e) if e.is_forbidden() => {
                    error.set(Some(i18n.t().no_permission.to_owned()));
                }
                Err(e) => error.set(Some(format!("{} ({e})", i18n.t().api_unreachable))),
            }
        });
    };
    let on_status = move |ev: leptos::ev::Event| {
        if let Some(s) = ProductStatus::from_code(&event_target_value(&ev)) {
            status.set(s);
        }
    };
    let count = move || selected.with(Vec::len);
    view! {
        <div class="bulk-bar">
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || done.with(Option::is_some)>
                <p class="form-success" role="status">
                    {move || {
                        i18n.t().bulk_done.replace("{count}", &done.get().unwrap_or_default().to_string())
                    }}
                </p>
            </Show>
            <span class="selected-count">
                {move || i18n.t().bulk_selected.replace("{count}", &count().to_string())}
            </span>
            " "
            <label class="inline" for="bulk-status">{move || i18n.t().bulk_status_label}</label>
            <select id="bulk-status" on:change=on_status>
                {ProductStatus::ALL
                    .iter()
                    .copied()
                    .map(|s| {
                        view! {
                            <option value=s.code() selected=s == BULK_DEFAULT_STATUS>
                                {move || i18n.t().product_status(s)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button
                id="bulk-apply"
                type="button"
                disabled=move || busy.get() || count() == 0
                on:click=apply
            >
                {move || i18n.t().bulk_apply}
            </button>
        </div>
    }
}

/// The products of the current page (see `DataTable`).
#[component]
fn ProductTable(
    rows: RwSignal<Vec<Product>>,
    selected: RwSignal<Vec<String>>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let columns = vec![
        Column::new(
            move || i18n.t().col_image,
            "thumb",
            |p: &Product| match p.images.first() {
                Some(image) => {
                    let (url, alt) = (image.url.clone(), image.alt.clone());
                    view! { <img src=url alt=alt width="48" height="48" loading="lazy"/> }
                        .into_any()
                }
                None => view! { <span class="no-thumb" aria-hidden="true"></span> }.into_any(),
            },
        ),
        Column::new(
            move || i18n.t().col_name,
            "name",
            |p: &Product| {
                let href = format!("/admin/products/{}", id_segment(&p.id));
                let (name, slug) = (p.name.clone(), p.slug.clone());
                view! {
                    <A href=href attr:class="product-edit">{name}</A>
                    <br/>
                    <code class="slug">{slug}</code>
                }
                .into_any()
            },
        ),
        Column::new(
            move || i18n.t().col_skus,
            "skus",
            move |p: &Product| {
                let variant_count = p.variants.len();
                let mut skus: Vec<String> = p
                    .variants
                    .iter()
                    .take(SKUS_SHOWN)
                    .map(|v| v.sku.clone())
                    .collect();
                if variant_count > SKUS_SHOWN {
                    skus.push("…".to_owned());
                }
                view! {
                <span class="sku-list">{skus.join(", ")}</span>
                <br/>
                <small class="variant-count">
                    {move || i18n.t().variant_count.replace("{count}", &variant_count.to_string())}
                </small>
            }
            .into_any()
            },
        ),
        Column::new(
            move || i18n.t().col_stock,
            "num stock",
            |p: &Product| p.variants.iter().map(|v| v.stock).sum::<i64>().into_any(),
        ),
        Column::new(
            move || i18n.t().col_status,
            "status",
            move |p: &Product| {
                let status = p.status;
                let tone = match status {
                    ProductStatus::Active => "ok",
                    ProductStatus::Draft => "warn",
                    ProductStatus::Archived | ProductStatus::Unknown => "muted",
                };
                ui::badge(tone, move || i18n.t().product_status(status)).into_any()
            },
        ),
        Column::new(
            move || i18n.t().col_channels,
            "channels",
            move |p: &Product| {
                let listings = p
                    .channel_listings
                    .iter()
                    .map(|l| listing(i18n, l.clone()))
                    .collect_view();
                view! { <ul class="listings">{listings}</ul> }.into_any()
            },
        ),
    ];
    let selection = Selection {
        keys: selected,
        all_label: Signal::derive(move || i18n.t().select_all_products),
        row_label: std::sync::Arc::new(move |p: &Product| {
            i18n.t().select_product.replace("{name}", &p.name)
        }),
    };
    view! {
        <ui::DataTable
            id="product-list"
            class="product-list"
            labelledby="products-title"
            rows
            key=|p: &Product| p.id.clone()
            status=|p: &Product| p.status.code()
            columns
            selection
            busy
        />
    }
}

/// A product's price in one channel and whether it is published there.
fn listing(i18n: I18n, l: shared::client::admin::ChannelListing) -> impl IntoView {
    let published = l.published;
    view! {
        <li class="listing" data-channel=l.channel_id class:is-published=published>
            {l.channel_code} " " {l.price.formatted} " "
            <span
                class="published"
                title=move || {
                    if published { i18n.t().listing_published } else { i18n.t().listing_unpublished }
                }
            >
                {if published { "✓" } else { "✗" }}
            </span>
        </li>
    }
}
