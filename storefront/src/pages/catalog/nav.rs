//! The header's catalog entries: the top-level categories and the product search form.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::location::Url;

use super::{CategoryTree, category_href, top_level};
use crate::i18n::use_i18n;

/// Links to the top-level categories (none while the tree loads or when it cannot be had).
#[component]
pub fn CategoryNav() -> impl IntoView {
    let i18n = use_i18n();
    let tree = CategoryTree::expect();
    let categories = move || {
        tree.0
            .get()
            .and_then(Result::ok)
            .map(|all| top_level(&all))
            .unwrap_or_default()
    };
    view! {
        <nav class="categories" aria-label=move || i18n.t().categories_label>
            <For each=categories key=|c| c.id.clone() let(category)>
                <A href=category_href(&category.slug)>{category.name}</A>
            </For>
        </nav>
    }
}

/// Searches product names: `/search?q=…` (in the app, or as a plain form submission).
#[component]
pub fn SearchForm() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let location = use_location();
    let query = use_query_map();
    let input = NodeRef::<html::Input>::new();
    // On the results page the box shows what was searched for.
    let searched = move || {
        if location.pathname.get() == "/search" {
            query.with(|q| q.get("q")).unwrap_or_default()
        } else {
            String::new()
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = input.get_untracked().map(|i| i.value()).unwrap_or_default();
        let text = text.trim();
        if !text.is_empty() {
            navigate(
                &format!("/search?q={}", Url::escape(text)),
                NavigateOptions::default(),
            );
        }
    };
    view! {
        <form class="search" action="/search" method="get" role="search" on:submit=on_submit>
            <label class="visually-hidden" for="search-q">
                {move || i18n.t().search_label}
            </label>
            <input
                type="search"
                id="search-q"
                name="q"
                required
                autocomplete="off"
                enterkeyhint="search"
                placeholder=move || i18n.t().search_placeholder
                node_ref=input
                prop:value=searched
            />
            <button type="submit">{move || i18n.t().search_submit}</button>
        </form>
    }
}
