//! A product listing: a grid of product cards that grows page by page ("show more" appends the
//! next page), with its loading, error and empty states; and the filter bar of the category,
//! collection and search pages, which keeps the shopper's choices in the page's address
//! (`?sort=PRICE_ASC&min=10000&max=30000&in_stock=1`) so that links and Back keep them.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::location::Url;
use leptos_router::params::ParamsMap;

use super::card::ProductCard;
use super::{load_error, loading};
use crate::api::{self, ProductPage, ProductQuery, ProductSort};
use crate::app::Shop;
use crate::i18n::{Text, use_i18n};

/// Products per page of a listing.
pub const PAGE_SIZE: i64 = 24;

/// The grid of the products `query` selects; `empty` says that none does. `on_shown` runs once
/// the first page (or its error) is on screen.
#[component]
pub fn ProductListing(
    #[prop(into)] query: Signal<ProductQuery>,
    empty: Text,
    #[prop(optional)] on_shown: Option<Callback<()>>,
) -> impl IntoView {
    let first = LocalResource::new(move || {
        let query = query.get();
        async move {
            let page = api::products(query.clone(), PAGE_SIZE, None).await;
            (query, page)
        }
    });
    // While other filters load, the previous results stay, marked busy.
    let pending = RwSignal::new(false);
    view! {
        <div class="listing" aria-busy=move || pending.get().to_string()>
            <Transition fallback=|| loading(|t| t.loading) set_pending=pending>
                {move || Suspend::new(async move {
                    let loaded = first.await;
                    if let Some(shown) = on_shown {
                        shown.run(());
                    }
                    match loaded {
                        (query, Ok(page)) => {
                            view! { <Results page=page query=query empty=empty/> }.into_any()
                        }
                        (_, Err(error)) => {
                            leptos::logging::warn!("products: {error}");
                            if api::is_bad_input(&error) {
                                view! {
                                    <p class="status error" role="alert">
                                        {move || use_i18n().t().filter_invalid}
                                    </p>
                                }
                                    .into_any()
                            } else {
                                load_error(|t| t.load_failed, move || first.refetch()).into_any()
                            }
                        }
                    }
                })}
            </Transition>
        </div>
    }
}

/// The first page's products and those appended by "show more".
#[component]
fn Results(page: ProductPage, query: ProductQuery, empty: Text) -> impl IntoView {
    let i18n = use_i18n();
    if page.products.is_empty() {
        return view! { <p class="status empty">{move || empty(i18n.t())}</p> }.into_any();
    }
    let products = RwSignal::new(page.products);
    let next = RwSignal::new(page.next);
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let load_more = move |_| {
        let Some(after) = next.get_untracked() else {
            return;
        };
        busy.set(true);
        failed.set(false);
        let query = query.clone();
        spawn_local(async move {
            // The listing may be gone (other filters) by the time the page arrives.
            match api::products(query, PAGE_SIZE, Some(after)).await {
                Ok(page) => {
                    products.try_update(|list| list.extend(page.products));
                    next.try_set(page.next);
                }
                Err(error) => {
                    leptos::logging::warn!("more products: {error}");
                    failed.try_set(true);
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <ul class="product-grid">
            <For each=move || products.get() key=|p| p.id.clone() let(product)>
                <ProductCard product=product/>
            </For>
        </ul>
        <Show when=move || failed.get()>
            <p class="status error" role="alert">{move || i18n.t().load_more_failed}</p>
        </Show>
        <Show when=move || next.with(Option::is_some)>
            <div class="more">
                <button type="button" class="load-more" disabled=busy on:click=load_more.clone()>
                    {move || if busy.get() { i18n.t().loading_more } else { i18n.t().load_more }}
                </button>
            </div>
        </Show>
    }
    .into_any()
}

/// The shopper's filters and order of a listing, as in the page's address.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// `None`: the listing's default order (a collection's own, else newest first).
    pub sort: Option<ProductSort>,
    /// Lowest price, in whole units of the shop's currency (won).
    pub min: Option<u64>,
    /// Highest price, in whole units of the shop's currency.
    pub max: Option<u64>,
    pub in_stock: bool,
}

/// The address's parameters that [`Filters`] owns.
const FILTER_KEYS: [&str; 4] = ["sort", "min", "max", "in_stock"];

impl Filters {
    /// The filters in the page's address; what does not parse is left out.
    pub fn from_query(query: &ParamsMap) -> Self {
        Filters {
            sort: query.get_str("sort").and_then(ProductSort::from_code),
            min: query.get_str("min").and_then(parse_amount),
            max: query.get_str("max").and_then(parse_amount),
            in_stock: matches!(query.get_str("in_stock"), Some("1" | "true")),
        }
    }

    /// `base` narrowed by these filters, prices in minor units of the shop's currency. A
    /// collection's own order outside a collection is left out (the server refuses it).
    pub fn apply(&self, base: ProductQuery, shop: Shop) -> ProductQuery {
        let minor = |whole: Option<u64>| {
            let whole = i64::try_from(whole?).ok()?;
            let exponent = shop.currency.get().map_or(0, |c| c.exponent());
            whole.checked_mul(10_i64.pow(exponent))
        };
        ProductQuery {
            min_price: minor(self.min),
            max_price: minor(self.max),
            in_stock: self.in_stock,
            sort: self
                .sort
                .filter(|s| *s != ProductSort::Manual || base.collection.is_some())
                .or(base.sort),
            ..base
        }
    }

    /// The address of `path` with these filters, keeping the other parameters of `query`.
    fn href(&self, path: &str, query: &ParamsMap) -> String {
        let mut pairs: Vec<(String, String)> = query
            .into_iter()
            .filter(|(key, _)| !FILTER_KEYS.contains(&key.as_ref()))
            .map(|(key, value)| (key.to_string(), value.to_owned()))
            .collect();
        if let Some(sort) = self.sort {
            pairs.push(("sort".into(), sort.code().into()));
        }
        if let Some(min) = self.min {
            pairs.push(("min".into(), min.to_string()));
        }
        if let Some(max) = self.max {
            pairs.push(("max".into(), max.to_string()));
        }
        if self.in_stock {
            pairs.push(("in_stock".into(), "1".into()));
        }
        let query: Vec<String> = pairs
            .iter()
            .map(|(key, value)| format!("{}={}", Url::escape(key), Url::escape(value)))
            .collect();
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", query.join("&"))
        }
    }
}

/// A whole, non-negative amount as typed (`30000`).
fn parse_amount(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

/// Price range, in-stock only and order. A change applies at once (a new history entry, the
/// page keeps its scroll position); Enter or the button applies typed prices.
#[component]
pub fn FilterBar(
    /// A collection's listing: its own order ("featured") is offered first, and is the default.
    #[prop(optional)]
    collection: bool,
) -> impl IntoView {
    // The orders offered, as the server's drawing of the page lists them; the first is the
    // default.
    let codes = if collection {
        &shared::text::storefront::COLLECTION_SORTS[..]
    } else {
        &shared::text::storefront::SORTS[..]
    };
    let choices: Vec<ProductSort> = codes
        .iter()
        .filter_map(|c| ProductSort::from_code(c))
        .collect();
    let default_sort = choices.first().copied().unwrap_or(ProductSort::Newest);
    let i18n = use_i18n();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let current = Memo::new(move |_| query.with(Filters::from_query));
    let min_input = NodeRef::<html::Input>::new();
    let max_input = NodeRef::<html::Input>::new();
    let in_stock_input = NodeRef::<html::Input>::new();
    let sort_select = NodeRef::<html::Select>::new();
    let apply = move || {
        let amount = |input: NodeRef<html::Input>| {
            input.get_untracked().and_then(|i| parse_amount(&i.value()))
        };
        // The listing's default order stays out of the address.
        let filters = Filters {
            sort: sort_select
                .get_untracked()
                .and_then(|s| ProductSort::from_code(&s.value()))
                .filter(|s| *s != default_sort),
            min: amount(min_input),
            max: amount(max_input),
            in_stock: in_stock_input.get_untracked().is_some_and(|i| i.checked()),
        };
        if filters != current.get_untracked() {
            let path = location.pathname.get_untracked();
            let href = query.with_untracked(|q| filters.href(&path, q));
            let options = NavigateOptions {
                scroll: false,
                ..NavigateOptions::default()
            };
            navigate(&href, options);
        }
    };
    let on_submit = {
        let apply = apply.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            apply();
        }
    };
    let on_change = move |_| apply();
    let amount_value = move |pick: fn(&Filters) -> Option<u64>| {
        move || current.with(|f| pick(f).map(|a| a.to_string()).unwrap_or_default())
    };
    view! {
        <form
            class="filters"
            aria-label=move || i18n.t().filters_label
            on:submit=on_submit
        >
            <div class="filter price-range">
                <label for="min-price">{move || i18n.t().filter_min_price}</label>
                <input
                    type="number"
                    id="min-price"
                    name="min-price"
                    min="0"
                    step="1"
                    inputmode="numeric"
                    node_ref=min_input
                    prop:value=amount_value(|f| f.min)
                    on:change=on_change.clone()
                />
                <span aria-hidden="true">"~"</span>
                <label for="max-price">{move || i18n.t().filter_max_price}</label>
                <input
                    type="number"
                    id="max-price"
                    name="max-price"
                    min="0"
                    step="1"
                    inputmode="numeric"
                    node_ref=max_input
                    prop:value=amount_value(|f| f.max)
                    on:change=on_change.clone()
                />
                <button type="submit" class="apply">{move || i18n.t().filter_apply}</button>
            </div>
            <div class="filter in-stock">
                <input
                    type="checkbox"
                    id="in-stock"
                    name="in-stock"
                    node_ref=in_stock_input
                    prop:checked=move || current.with(|f| f.in_stock)
                    on:change=on_change.clone()
                />
                <label for="in-stock">{move || i18n.t().filter_in_stock}</label>
            </div>
            <div class="filter sort">
                <label for="sort">{move || i18n.t().sort_label}</label>
                <select id="sort" name="sort" node_ref=sort_select on:change=on_change>
                    {choices
                        .into_iter()
                        .map(|sort| {
                            let picked = move || {
                                current.with(|f| f.sort.unwrap_or(default_sort) == sort)
                            };
                            view! {
                                <option value=sort.code() prop:selected=picked>
                                    {move || i18n.t().sort(sort.code())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        </form>
    }
}
