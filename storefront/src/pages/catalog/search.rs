//! Search results, `/search?q=…`: the products whose names contain every word searched for,
//! filtered and sorted like a category.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::listing::{FilterBar, Filters, ProductListing};
use crate::api::ProductQuery;
use crate::app::Shop;
use crate::head::{PageMeta, use_page_meta};
use crate::i18n::use_i18n;

#[component]
pub fn SearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let shop = Shop::expect();
    let query = use_query_map();
    // Over the server's drawing of the page: ready once the results (or the prompt) show.
    let ready = crate::prerender::use_page_ready();
    let text = Memo::new(move |_| {
        query
            .with(|q| q.get("q"))
            .map(|q| q.trim().to_owned())
            .unwrap_or_default()
    });
    let listing = Memo::new(move |_| {
        let base = ProductQuery {
            search: Some(text.get()),
            ..ProductQuery::default()
        };
        query.with(Filters::from_query).apply(base, shop)
    });
    use_page_meta(move || PageMeta {
        title: Some(text.get()).filter(|t| !t.is_empty()),
        ..PageMeta::default()
    });
    let heading = move || {
        let t = i18n.t();
        text.with(|q| {
            if q.is_empty() {
                t.search_title.to_owned()
            } else {
                t.search_results.replace("{q}", q)
            }
        })
    };
    view! {
        <section class="catalog search-page" aria-labelledby="search-heading">
            <h1 id="search-heading">{heading}</h1>
            <Show
                when=move || text.with(|q| !q.is_empty())
                fallback=move || {
                    ready();
                    view! { <p class="status empty">{move || i18n.t().search_prompt}</p> }
                }
            >
                <FilterBar/>
                <ProductListing query=listing empty=|t| t.no_results on_shown=Callback::new(move |()| ready())/>
            </Show>
        </section>
    }
}
