//! A category page, `/category/:slug`: the category's name and description, links to the
//! categories below it, and its products (including those of its subcategories), filtered and
//! sorted by the shopper.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::listing::{FilterBar, Filters, ProductListing};
use super::{Breadcrumbs, CategoryTree, ancestry, category_href, children, load_error, loading};
use crate::api::{Category, ProductQuery};
use crate::app::Shop;
use crate::head::{PageMeta, use_page_meta};
use crate::i18n::use_i18n;

#[component]
pub fn CategoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let tree = CategoryTree::expect();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug")).unwrap_or_default());
    view! {
        <section class="catalog category-page" aria-labelledby="category-heading">
            <Suspense fallback=|| loading(|t| t.loading)>
                {move || {
                    let slug = slug.get();
                    Suspend::new(async move {
                        match tree.0.await {
                            Ok(all) => {
                                match all.iter().find(|c| c.slug == slug).cloned() {
                                    Some(category) => {
                                        view! { <CategoryView category=category all=all/> }
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            <h1 id="category-heading">
                                                {move || i18n.t().not_found_title}
                                            </h1>
                                            <p class="status error" role="alert">
                                                {move || i18n.t().category_not_found}
                                            </p>
                                            <p class="back-home">
                                                <A href="/">{move || i18n.t().back_home}</A>
                                            </p>
                                        }
                                            .into_any()
                                    }
                                }
                            }
                            Err(error) => {
                                leptos::logging::warn!("categories: {error}");
                                load_error(|t| t.load_failed, move || tree.0.refetch()).into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn CategoryView(category: Category, all: Vec<Category>) -> impl IntoView {
    let i18n = use_i18n();
    let shop = Shop::expect();
    let query = use_query_map();
    let ready = crate::prerender::use_page_ready();
    {
        let meta = PageMeta {
            title: Some(category.name.clone()),
            description: Some(category.description.clone()),
            json_ld: None,
        };
        use_page_meta(move || meta.clone());
    }
    // The categories above this one (the page's heading names it).
    let mut trail = ancestry(&all, &category.id);
    trail.pop();
    let subcategories = children(&all, Some(&category.id));
    let slug = category.slug.clone();
    let listing = Memo::new(move |_| {
        let base = ProductQuery {
            category: Some(slug.clone()),
            ..ProductQuery::default()
        };
        query.with(Filters::from_query).apply(base, shop)
    });
    view! {
        {(!trail.is_empty()).then(|| view! { <Breadcrumbs trail=trail/> })}
        <h1 id="category-heading">{category.name}</h1>
        {(!category.description.is_empty())
            .then(|| view! { <p class="category-description">{category.description}</p> })}
        {(!subcategories.is_empty())
            .then(|| {
                view! {
                    <nav class="subcategories" aria-label=move || i18n.t().subcategories_label>
                        {subcategories
                            .into_iter()
                            .map(|c| view! { <A href=category_href(&c.slug)>{c.name}</A> })
                            .collect_view()}
                    </nav>
                }
            })}
        <FilterBar/>
        <ProductListing query=listing empty=|t| t.no_results on_shown=Callback::new(move |()| ready())/>
    }
}
