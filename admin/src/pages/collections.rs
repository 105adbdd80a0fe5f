//! Collections: hand-picked, ordered groups of products (featured ones are shown on the shop's
//! home page). The list links to each collection's panel (`/collections/:id`), which shows its
//! products in order. Staff who may write create a collection, mark it featured, reorder,
//! remove and add products (found by name, slug or SKU), and delete it; every change to the
//! content is saved at once as the whole ordered list.

use crate::ui;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::web::ClientError;

use crate::api::{self, CollectionChange, FieldError, Permission, ProductSummaryItem};
use crate::i18n::{I18n, use_i18n};
use crate::session::Session;

use super::{id_from_segment, id_segment};
use crate::ui::{Load, Toasts};

type Collection = api::Collection;

/// How many products a search in the panel shows.
const SEARCH_RESULTS: i64 = 20;

/// Where loading is.
/// The messages of user errors; a refusal without any says so.
fn messages(i18n: I18n, errors: Vec<FieldError>) -> String {
    if errors.is_empty() {
        i18n.t().request_refused.to_owned()
    } else {
        errors
            .into_iter()
            .map(|e| e.message)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The collections, and the panel of the one in the path (`/collections/:id`).
#[component]
pub fn Collections() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let params = use_params_map();
    let open_id = Memo::new(move |_| {
        params.with(|p| {
            let segment = p.get("id").or_else(|| p.get("any"))?;
            // An unknown form names no collection: the panel says so.
            Some(id_from_segment(shared::CollectionId::KIND, &segment).unwrap_or(segment))
        })
    });
    let state = RwSignal::new(Load::Loading);
    let collections = RwSignal::new(Vec::<Collection>::new());
    let can_write = RwSignal::new(false);
    let generation = StoredValue::new(0_u32);
    let load = move || {
        // (A task may call this after the page is gone: then it does nothing.)
        let Some(current) = generation.try_update_value(|g| {
            *g = g.wrapping_add(1);
            *g
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let result = api::collections_page(session).await;
            if generation.try_get_value() != Some(current) {
                return;
            }
            match result {
                Ok(data) => {
                    can_write.set(
                        data.viewer
                            .is_some_and(|v| v.permissions.contains(&Permission::ProductsWrite)),
                    );
                    collections.set(data.collections);
                    state.set(Load::Ready);
                }
                Err(e) => state.set(Load::Failed(e)),
            }
        });
    };
    load();
    // The collection in the path and whether the list has it: the panel is drawn again only
    // when one of them changes (not on every reload of the list).
    let open = Memo::new(move |_| {
        open_id.get().map(|id| {
            let listed = collections.with(|all| all.iter().any(|c| c.id == id));
            (id, listed)
        })
    });
    let list = move || {
        let open = open_id.get();
        collections
            .get()
            .into_iter()
            .map(|c| {
                let is_open = open.as_deref() == Some(c.id.as_str());
                let featured = c.featured;
                let href = format!("/admin/collections/{}", id_segment(&c.id));
                let (data_slug, data_id) = (c.slug.clone(), c.id.clone());
                view! {
                    <li class="collection" class:is-open=is_open data-slug=data_slug data-id=data_id>
                        <A href=href attr:class="collection-edit">
                            {c.name}
                        </A>
                        " "
                        <code>{c.slug}</code>
                        {featured
                            .then(|| {
                                view! {
                                    <span class="badge featured">{move || i18n.t().collection_featured}</span>
                                }
                            })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="collections" aria-labelledby="collections-title">
            <h1 id="collections-title">{move || i18n.t().collections_title}</h1>
            {move || ui::load_status(state.get(), "collections", |t| t.collections_loading, load)}
            <Show when=move || state.with(Load::is_ready)>
                <div class="collections-layout">
                    <div class="collections-side">
                        <Show when=move || collections.with(Vec::is_empty)>
                            <p class="status">{move || i18n.t().collections_empty}</p>
                        </Show>
                        <ul class="collection-list">{list}</ul>
                        <Show when=move || can_write.get()>
                            <CreateForm on_created=load/>
                        </Show>
                    </div>
                    {move || {
                        open.get()
                            .map(|(id, _)| {
                                let found = collections
                                    .with_untracked(|all| all.iter().find(|c| c.id == id).cloned());
                                match found {
                                    Some(c) => {
                                        untrack(move || {
                                            view! { <Panel collection=c can_write=can_write.get_untracked() on_changed=load/> }
                                        })
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            <p class="status error" role="alert">
                                                {move || i18n.t().collection_not_found}
                                            </p>
                                        }
                                            .into_any()
                                    }
                                }
                            })
                    }}
                </div>
            </Show>
        </section>
    }
}

/// Creates a collection; `on_created` runs after the server accepted.
#[component]
fn CreateForm(on_created: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let featured = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        let change = CollectionChange {
            name: Some(name.get_untracked().trim().to_owned()),
            slug: Some(slug.get_untracked().trim().to_owned()).filter(|s| !s.is_empty()),
            featured: Some(featured.get_untracked()),
            products: None,
        };
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = api::collection_create(session, change).await;
            busy.set(false);
            match result {
                Ok(Ok(id)) => {
                    name.set(String::new());
                    slug.set(String::new());
                    featured.set(false);
                    on_created();
                    navigate(
                        &format!("/admin/collections/{}", id_segment(&id)),
                        NavigateOptions {
                            resolve: false,
                            ..NavigateOptions::default()
                        },
                    );
                }
                Ok(Err(errors)) => error.set(Some(messages(i18n, errors))),
                Err(e) if e.is_unauthenticated() => {
                    session.sign_out();
                    navigate(
                        "/admin/login",
                        NavigateOptions {
                            resolve: false,
                            ..NavigateOptions::default()
                        },
                    );
                }
                Err(e) if e.is_forbidden() => {
                    error.set(Some(i18n.t().no_permission.to_owned()));
                }
                Err(e) => error.set(Some(format!("{} ({e})", i18n.t().api_unreachable))),
            }
        });
    };
    view! {
        <form class="collection-create admin-form" on:submit=submit>
            <h2>{move || i18n.t().collection_create_title}</h2>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <label for="collection-name">{move || i18n.t().col_name}</label>
            <input
                id="collection-name"
                name="name"
                type="text"
                autocomplete="off"
                prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))
                on:change=move |ev| name.set(event_target_value(&ev))
            />
            <label for="collection-slug">{move || i18n.t().col_slug}</label>
            <input
                id="collection-slug"
                name="slug"
                type="text"
                autocomplete="off"
                placeholder=move || i18n.t().slug_placeholder
                prop:value=move || slug.get()
                on:input=move |ev| slug.set(event_target_value(&ev))
                on:change=move |ev| slug.set(event_target_value(&ev))
            />
            <label class="check">
                <input
                    name="featured"
                    type="checkbox"
                    prop:checked=move || featured.get()
                    on:change=move |ev| featured.set(event_target_checked(&ev))
                />
                " "
                {move || i18n.t().collection_featured_label}
            </label>
            <button type="submit" disabled=move || busy.get()>
                {move || i18n.t().collection_create_submit}
            </button>
        </form>
    }
}

/// One collection: its products in order with up, down and remove; a product search to add
/// more; the featured switch; delete. `on_changed` runs after a change to the collection
/// itself (featured, deleted) was accepted.
#[component]
fn Panel(
    collection: Collection,
    can_write: bool,
    on_changed: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let navigate = use_navigate();
    let id = StoredValue::new(collection.id.clone());
    // The collection's products in order, and what is known of each.
    let items = RwSignal::new(Vec::<String>::new());
    let known = RwSignal::new(Vec::<ProductSummaryItem>::new());
    let items_state = RwSignal::new(Load::Loading);
    let featured = RwSignal::new(collection.featured);
    let error = RwSignal::new(None::<String>);
    let toasts = Toasts::expect();
    let busy = RwSignal::new(false);
    let signed_out = RwSignal::new(false);
    let load_items = move || {
        items_state.set(Load::Loading);
        let Some(collection_id) = id.try_get_value() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let ids = match api::collection_items(session, &collection_id).await {
                Ok(ids) => ids.unwrap_or_default(),
                Err(e) => {
                    items_state.set(Load::Failed(e));
                    return;
                }
            };
            match api::product_summaries(session, &ids).await {
                Ok(found) => {
                    known.set(found);
                    items.set(ids);
                    items_state.set(Load::Ready);
                }
                Err(e) => items_state.set(Load::Failed(e)),
            }
        });
    };
    load_items();
    // What to do with an error of a call.
    let fail = move |e: ClientError| {
        if e.is_unauthenticated() {
            session.sign_out();
            signed_out.set(true);
        } else if e.is_forbidden() {
            error.set(Some(i18n.t().no_permission.to_owned()));
        } else {
            error.set(Some(format!("{} ({e})", i18n.t().api_unreachable)));
        }
    };
    // Saves the collection's content as `next` (the whole list, in order).
    let save_items = move |next: Vec<String>| {
        if busy.get_untracked() || !can_write {
            return;
        }
        busy.set(true);
        error.set(None);
        let collection_id = id.get_value();
        leptos::task::spawn_local(async move {
            let change = CollectionChange {
                products: Some(next),
                ..CollectionChange::default()
            };
            let result = api::collection_update(session, collection_id, change).await;
            busy.set(false);
            match result {
                Ok(Ok(saved)) => {
                    items.set(saved);
                    toasts.show(move || i18n.t().saved.to_owned());
                }
                Ok(Err(errors)) => error.set(Some(messages(i18n, errors))),
                Err(e) => fail(e),
            }
        });
    };
    let move_item = move |from: usize, up: bool| {
        let mut next = items.get_untracked();
        let to = if up {
            from.checked_sub(1)
        } else {
            Some(from + 1).filter(|t| *t < next.len())
        };
        if let Some(to) = to {
            next.swap(from, to);
            save_items(next);
        }
    };
    let remove_item = move |at: usize| {
        let mut next = items.get_untracked();
        if at < next.len() {
            next.remove(at);
            save_items(next);
        }
    };
    let add_item = move |product: ProductSummaryItem| {
        let mut next = items.get_untracked();
        if next.contains(&product.id) {
            return;
        }
        next.push(product.id.clone());
        known.update(|k| {
            if !k.iter().any(|p| p.id == product.id) {
                k.push(product);
            }
        });
        save_items(next);
    };
    let on_featured = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        error.set(None);
        let collection_id = id.get_value();
        leptos::task::spawn_local(async move {
            let change = CollectionChange {
                featured: Some(on),
                ..CollectionChange::default()
            };
            match api::collection_update(session, collection_id, change).await {
                Ok(Ok(_)) => {
                    featured.set(on);
                    toasts.show(move || i18n.t().saved.to_owned());
                    on_changed();
                }
                Ok(Err(errors)) => {
                    featured.set(!on);
                    error.set(Some(messages(i18n, errors)));
                }
                Err(e) => {
                    featured.set(!on);
                    fail(e);
                }
            }
        });
    };
    let on_delete = move |_| {
        error.set(None);
        let navigate = navigate.clone();
        let collection_id = id.get_value();
        leptos::task::spawn_local(async move {
            match api::collection_delete(session, collection_id).await {
                Ok(Ok(())) => {
                    on_changed();
                    navigate(
                        "/admin/collections",
                        NavigateOptions {
                            resolve: false,
                            ..NavigateOptions::default()
                        },
                    );
                }
                Ok(Err(errors)) => error.set(Some(messages(i18n, errors))),
                Err(e) => fail(e),
            }
        });
    };
    let item_list = move || {
        let ids = items.get();
        let count = ids.len();
        known.with(|known| {
            ids.iter()
                .enumerate()
                .map(|(at, pid)| {
                    let product = known.iter().find(|p| &p.id == pid);
                    let name = product.map_or_else(|| pid.clone(), |p| p.name.clone());
                    let slug = product.map(|p| p.slug.clone()).unwrap_or_default();
                    let status = product.map(|p| p.status);
                    view! {
                        <li class="collection-item" data-product=pid.clone()>
                            <span class="item-name">
                                <A href=format!("/admin/products/{}", id_segment(pid))>{name}</A>
                            </span>
                            " "
                            <code>{slug}</code>
                            " "
                            <small class="item-status">
                                {move || status.map(|s| i18n.t().product_status(s)).unwrap_or_default()}
                            </small>
                            {can_write
                                .then(|| {
                                    view! {
                                        <span class="item-actions">
                                            <button
                                                type="button"
                                                class="move-up secondary"
                                                aria-label=move || i18n.t().move_up
                                                title=move || i18n.t().move_up
                                                disabled=move || busy.get() || at == 0
                                                on:click=move |_| move_item(at, true)
                                            >
                                                "↑"
                                            </button>
                                            <button
                                                type="button"
                                                class="move-down secondary"
                                                aria-label=move || i18n.t().move_down
                                                title=move || i18n.t().move_down
                                                disabled=move || busy.get() || (at + 1 >= count)
                                                on:click=move |_| move_item(at, false)
                                            >
                                                "↓"
                                            </button>
                                            <button
                                                type="button"
                                                class="remove-item danger"
                                                disabled=move || busy.get()
                                                on:click=move |_| remove_item(at)
                                            >
                                                {move || i18n.t().remove}
                                            </button>
                                        </span>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="collection-panel" data-id=collection.id.clone() aria-labelledby="collection-title">
            <h2 id="collection-title">{collection.name.clone()}</h2>
            <p class="hint"><code>{collection.slug.clone()}</code></p>
            <Show when=move || signed_out.get()>
                <Redirect path="/login"/>
            </Show>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="panel-actions">
                <label class="check">
                    <input
                        name="featured"
                        type="checkbox"
                        disabled=!can_write
                        prop:checked=move || featured.get()
                        on:change=on_featured
                    />
                    " "
                    {move || i18n.t().collection_featured_label}
                </label>
                {can_write
                    .then(|| {
                        view! {
                            <button type="button" class="delete-collection danger" on:click=on_delete.clone()>
                                {move || i18n.t().delete}
                            </button>
                        }
                    })}
            </div>
            <h3>{move || i18n.t().collection_products}</h3>
            {move || ui::load_status(items_state.get(), "collection items", |t| t.collections_loading, load_items)}
            <Show when=move || items_state.with(Load::is_ready) && items.with(Vec::is_empty)>
                <p class="status">{move || i18n.t().collection_no_products}</p>
            </Show>
            <ol class="collection-items" aria-busy=move || busy.get().to_string()>{item_list}</ol>
            {can_write.then(|| view! { <AddProduct items busy on_add=add_item/> })}
        </section>
    }
}

/// Finds products by name, slug or SKU; `on_add` gets the one chosen.
#[component]
fn AddProduct(
    items: RwSignal<Vec<String>>,
    busy: RwSignal<bool>,
    on_add: impl Fn(ProductSummaryItem) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let search = RwSignal::new(String::new());
    let results = RwSignal::new(None::<Vec<ProductSummaryItem>>);
    let error = RwSignal::new(None::<String>);
    let generation = StoredValue::new(0_u32);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // (A task may call this after the page is gone: then it does nothing.)
        let Some(current) = generation.try_update_value(|g| {
            *g = g.wrapping_add(1);
            *g
        }) else {
            return;
        };
        let text = Some(search.get_untracked().trim().to_owned()).filter(|s| !s.is_empty());
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = api::product_search(session, text, SEARCH_RESULTS).await;
            if generation.try_get_value() != Some(current) {
                return;
            }
            match result {
                Ok(found) => results.set(Some(found)),
                Err(e) => {
                    results.set(None);
                    error.set(Some(format!("{} ({e})", i18n.t().api_unreachable)));
                }
            }
        });
    };
    let result_list = move || {
        results.get().map(|found| {
            if found.is_empty() {
                return view! { <p class="status">{move || i18n.t().products_no_match}</p> }
                    .into_any();
            }
            let rows = found
                .into_iter()
                .map(|p| {
                    let pid = p.id.clone();
                    let already = move || items.with(|i| i.contains(&pid));
                    let status = p.status;
                    let product = p.clone();
                    view! {
                        <li class="product-result" data-product=p.id.clone()>
                            <span class="item-name">{p.name}</span>
                            " "
                            <code>{p.slug}</code>
                            " "
                            <small>{move || i18n.t().product_status(status)}</small>
                            <button
                                type="button"
                                class="add-item secondary"
                                disabled=move || busy.get() || already()
                                on:click=move |_| on_add(product.clone())
                            >
                                {move || i18n.t().add}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="product-results">{rows}</ul> }.into_any()
        })
    };
    view! {
        <form class="collection-add" role="search" on:submit=submit>
            <h3>{move || i18n.t().collection_add_product}</h3>
            <div class="search-row">
                <label class="visually-hidden" for="collection-search">
                    {move || i18n.t().product_search_label}
                </label>
                <input
                    id="collection-search"
                    name="search"
                    type="search"
                    autocomplete="off"
                    placeholder=move || i18n.t().product_search_placeholder
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                    on:change=move |ev| search.set(event_target_value(&ev))
                />
                <button type="submit" class="search-submit">{move || i18n.t().product_search_submit}</button>
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {result_list}
        </form>
    }
}
