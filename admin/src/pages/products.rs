//! Products: the catalog with each product's status and its price and visibility per channel;
//! further pages load with "more" (cursor pagination). Staff who may write change the status
//! of the checked products at once.

use leptos::prelude::*;

use crate::api::{self, PRODUCT_STATUS_UPDATE_MAX, Permission, ProductStatus, products_page};
use crate::i18n::{I18n, use_i18n};
use crate::session::Session;

use super::load_error;

type Product = products_page::ProductsPageProductsNodes;

/// The status preselected in the bulk bar.
const BULK_DEFAULT_STATUS: ProductStatus = ProductStatus::Active;

/// The cursor of the page after this one, while there is one.
fn next_cursor(info: products_page::ProductsPageProductsPageInfo) -> Option<String> {
    info.end_cursor.filter(|_| info.has_next_page)
}

#[component]
pub fn Products() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let data = LocalResource::new(move || api::products_page(session, None));
    // What the viewer may do, from the latest answer (for the bulk bar).
    let permissions = RwSignal::new(Vec::<Permission>::new());
    Effect::new(move |_| {
        if let Some(Ok(page)) = data.get() {
            permissions.set(page.viewer.map(|v| v.permissions).unwrap_or_default());
        }
    });
    // The IDs of the checked products.
    let selected = RwSignal::new(Vec::<String>::new());
    let can_write = move || permissions.with(|p| p.contains(&Permission::ProductsWrite));
    view! {
        <section class="products" aria-labelledby="products-title">
            <h1 id="products-title">{move || i18n.t().products_title}</h1>
            <Show when=can_write>
                <BulkBar selected on_changed=move || data.refetch()/>
            </Show>
            <Transition fallback=move || {
                view! { <p class="status" role="status">{move || i18n.t().products_loading}</p> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => page_view(page, selected, move || data.refetch()),
                        Err(e) => load_error("products", e, move || data.refetch()),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Sets the status of the checked products; `on_changed` runs after the server accepted.
#[component]
fn BulkBar(
    selected: RwSignal<Vec<String>>,
    on_changed: impl Fn() + Copy + Send + Sync + 'static,
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
                Ok(Ok(count)) => {
                    done.set(Some(count));
                    selected.set(Vec::new());
                    on_changed();
                }
                Ok(Err(message)) => error.set(Some(message)),
                // Reloading shows the sign-in page.
                Err(e) if api::is_unauthenticated(&e) => on_changed(),
                Err(e) if api::is_forbidden(&e) => {
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
                    .into_iter()
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

/// The product table of the first page; later pages are appended by "more".
fn page_view(
    page: products_page::ResponseData,
    selected: RwSignal<Vec<String>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let i18n = use_i18n();
    let session = Session::expect();
    let products = page.products;
    if products.nodes.is_empty() {
        return view! { <p class="status">{move || i18n.t().products_empty}</p> }.into_any();
    }
    // Signals of this answer: a reload makes new ones (back to the first page).
    let rows = RwSignal::new(products.nodes);
    let next = RwSignal::new(next_cursor(products.page_info));
    let loading = RwSignal::new(false);
    let more_error = RwSignal::new(None::<String>);
    // Forget checked products that are no longer listed.
    selected.update(|s| s.retain(|id| rows.with_untracked(|r| r.iter().any(|p| &p.id == id))));
    let load_more = move |_| {
        let Some(after) = next.get_untracked() else {
            return;
        };
        loading.set(true);
        more_error.set(None);
        leptos::task::spawn_local(async move {
            let result = api::products_page(session, Some(after)).await;
            loading.try_set(false);
            match result {
                Ok(data) => {
                    let more = data.products;
                    next.try_set(next_cursor(more.page_info));
                    rows.try_update(|r| {
                        let new: Vec<Product> = more
                            .nodes
                            .into_iter()
                            .filter(|p| !r.iter().any(|q| q.id == p.id))
                            .collect();
                        r.extend(new);
                    });
                }
                // Reloading shows the sign-in page or the missing permission.
                Err(e) if api::is_unauthenticated(&e) || api::is_forbidden(&e) => reload(),
                Err(e) => {
                    leptos::logging::warn!("products: {e}");
                    more_error.try_set(Some(i18n.t().api_unreachable.to_owned()));
                }
            }
        });
    };
    let all_checked = move || rows.with(|r| selected.with(|s| r.iter().all(|p| s.contains(&p.id))));
    let on_select_all = move |ev: leptos::ev::Event| {
        if event_target_checked(&ev) {
            let ids: Vec<String> =
                rows.with_untracked(|r| r.iter().map(|p| p.id.clone()).collect());
            selected.update(|s| {
                for id in ids {
                    if !s.contains(&id) {
                        s.push(id);
                    }
                }
            });
        } else {
            selected.set(Vec::new());
        }
    };
    view! {
        <div class="table-scroll">
            <table class="data product-list">
                <thead>
                    <tr>
                        <th scope="col" class="select">
                            <input
                                id="select-all"
                                type="checkbox"
                                aria-label=move || i18n.t().select_all_products
                                prop:checked=all_checked
                                on:change=on_select_all
                            />
                        </th>
                        <th scope="col">{move || i18n.t().col_name}</th>
                        <th scope="col">{move || i18n.t().col_slug}</th>
                        <th scope="col">{move || i18n.t().col_status}</th>
                        <th scope="col">{move || i18n.t().col_channels}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.get()
                        // The status is part of the key: a row whose status changed is drawn again.
                        key=|p| (p.id.clone(), p.status.code())
                        children=move |p| product_row(i18n, p, selected)
                    />
                </tbody>
            </table>
        </div>
        <Show when=move || more_error.with(Option::is_some)>
            <p class="action-error" role="alert">{move || more_error.get().unwrap_or_default()}</p>
        </Show>
        <Show when=move || next.with(Option::is_some)>
            <button id="products-more" type="button" disabled=move || loading.get() on:click=load_more>
                {move || i18n.t().products_more}
            </button>
        </Show>
    }
    .into_any()
}

fn product_row(i18n: I18n, p: Product, selected: RwSignal<Vec<String>>) -> impl IntoView {
    let status = p.status;
    let id = p.id;
    let checked = {
        let id = id.clone();
        move || selected.with(|s| s.contains(&id))
    };
    let on_check = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            selected.update(|s| {
                s.retain(|x| *x != id);
                if on {
                    s.push(id.clone());
                }
            });
        }
    };
    let label = {
        let name = p.name.clone();
        move || i18n.t().select_product.replace("{name}", &name)
    };
    let listings = p
        .channel_listings
        .into_iter()
        .map(|l| {
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
        })
        .collect_view();
    view! {
        <tr data-product=id data-status=status.code()>
            <td class="select">
                <input
                    type="checkbox"
                    class="select-product"
                    aria-label=label
                    prop:checked=checked
                    on:change=on_check
                />
            </td>
            <td class="name">{p.name}</td>
            <td class="slug"><code>{p.slug}</code></td>
            <td class="status">{move || i18n.t().product_status(status)}</td>
            <td class="channels"><ul class="listings">{listings}</ul></td>
        </tr>
    }
}
