//! The catalog: the header's category navigation and search form, product listings (home,
//! category, collection, search) and the product page.

pub mod card;
pub mod category;
pub mod collection;
pub mod listing;
pub mod nav;
pub mod product;
pub mod search;

use leptos::prelude::*;
use leptos_router::components::A;
use shared::web::{ClientError, ui};

use crate::api::{self, Category};
use crate::i18n::use_i18n;

/// The shop's category tree, loaded once for the header, the category pages and breadcrumbs.
#[derive(Clone, Copy)]
pub struct CategoryTree(pub LocalResource<Result<Vec<Category>, ClientError>>);

impl CategoryTree {
    /// Starts loading the tree and provides it to every page.
    pub fn provide() {
        provide_context(CategoryTree(LocalResource::new(api::categories)));
    }

    /// The tree provided by [`CategoryTree::provide`].
    pub fn expect() -> Self {
        expect_context()
    }
}

/// The top-level categories, in display order.
pub fn top_level(all: &[Category]) -> Vec<Category> {
    children(all, None)
}

/// The categories directly below `parent` (`None`: the top level), in display order.
pub fn children(all: &[Category], parent: Option<&str>) -> Vec<Category> {
    let mut found: Vec<Category> = all
        .iter()
        .filter(|c| c.parent_id.as_deref() == parent)
        .cloned()
        .collect();
    found.sort_by_key(|c| c.position);
    found
}

/// The way from the top of the tree down to the category `id` (itself last), as `(slug, name)`.
pub fn ancestry(all: &[Category], id: &str) -> Vec<(String, String)> {
    let mut trail = Vec::new();
    let mut next = Some(id);
    // Bounded by the tree's size, so a cycle in the data cannot hang the page.
    while let Some(id) = next.filter(|_| trail.len() <= all.len()) {
        let Some(category) = all.iter().find(|c| c.id == id) else {
            break;
        };
        trail.push((category.slug.clone(), category.name.clone()));
        next = category.parent_id.as_deref();
    }
    trail.reverse();
    trail
}

/// A category's address.
pub fn category_href(slug: &str) -> String {
    format!("/category/{slug}")
}

/// A collection's address.
pub fn collection_href(slug: &str) -> String {
    format!("/collections/{slug}")
}

/// The first letter of a product's name: its image placeholder.
pub fn initial(name: &str) -> String {
    name.chars().next().map(String::from).unwrap_or_default()
}

/// Links from home down a category trail of `(slug, name)`.
#[component]
pub fn Breadcrumbs(#[prop(into)] trail: Signal<Vec<(String, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="breadcrumbs" aria-label=move || i18n.t().breadcrumb_label>
            <ol>
                <li>
                    <A href="/">{move || i18n.t().breadcrumb_home}</A>
                </li>
                <For each=move || trail.get() key=|(slug, _)| slug.clone() let((slug, name))>
                    <li>
                        <A href=category_href(&slug)>{name}</A>
                    </li>
                </For>
            </ol>
        </nav>
    }
}

/// The loading line of a page or a listing.
pub fn loading(text: crate::i18n::Text) -> impl IntoView {
    let i18n = use_i18n();
    ui::loading_line(move || text(i18n.t()))
}

/// A failed load, with a button that tries again.
pub fn load_error(
    text: crate::i18n::Text,
    retry: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    ui::failed_line(move || text(i18n.t()), move || i18n.t().retry, retry)
}
