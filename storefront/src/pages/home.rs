//! The home page: the shop's featured collections, a few products each (the heading links to the
//! collection's page), then all its products, newest first, page by page.

use leptos::prelude::*;
use leptos_router::components::A;

use super::catalog::card::ProductCard;
use super::catalog::listing::ProductListing;
use super::catalog::{collection_href, load_error, loading};
use crate::api::{self, Collection, ProductQuery, ProductSort};
use crate::i18n::use_i18n;

/// Products shown per featured collection.
const COLLECTION_SIZE: i64 = 8;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let collections = LocalResource::new(api::featured_collections);
    let all = ProductQuery {
        sort: Some(ProductSort::Newest),
        ..ProductQuery::default()
    };
    // The page is ready (to replace the server's drawing of it) once every section shows its
    // products: the sections still loading (`None` until the collections are known), and
    // whether the listing of every product is shown.
    let ready = crate::prerender::use_page_ready();
    let sections_loading = RwSignal::new(None::<usize>);
    let listing_shown = RwSignal::new(false);
    Effect::new(move |_| {
        if listing_shown.get() && sections_loading.get() == Some(0) {
            ready();
        }
    });
    let section_shown = Callback::new(move |()| {
        sections_loading.update(|n| *n = n.map(|n| n.saturating_sub(1)));
    });
    view! {
        // The collections are extras: without them the page still lists every product.
        <Suspense>
            {move || Suspend::new(async move {
                match collections.await {
                    Ok(collections) => {
                        sections_loading.set(Some(collections.len()));
                        collections
                            .into_iter()
                            .map(|collection| {
                                view! {
                                    <CollectionSection
                                        collection=collection
                                        on_shown=section_shown
                                    />
                                }
                            })
                            .collect_view()
                            .into_any()
                    }
                    Err(error) => {
                        leptos::logging::warn!("featured collections: {error}");
                        sections_loading.set(Some(0));
                        ().into_any()
                    }
                }
            })}
        </Suspense>
        <section class="catalog all-products" aria-labelledby="catalog-heading">
            <h1 id="catalog-heading">{move || i18n.t().products_heading}</h1>
            <ProductListing
                query=all
                empty=|t| t.empty_catalog
                on_shown=Callback::new(move |()| listing_shown.set(true))
            />
        </section>
    }
}

/// A featured collection: its name, description and first products, in its own order.
/// `on_shown` runs once, when its products (or its error) are on screen.
#[component]
fn CollectionSection(collection: Collection, on_shown: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let query = ProductQuery {
        collection: Some(collection.slug.clone()),
        ..ProductQuery::default()
    };
    let products = LocalResource::new(move || api::products(query.clone(), COLLECTION_SIZE, None));
    let counted = StoredValue::new(false);
    let heading_id = format!("collection-{}", collection.slug);
    let labelled_by = heading_id.clone();
    let href = collection_href(&collection.slug);
    view! {
        <section
            class="collection-section"
            data-collection=collection.slug
            aria-labelledby=labelled_by
        >
            <h2 id=heading_id>
                <A href=href attr:class="collection-link">
                    {collection.name}
                </A>
            </h2>
            {(!collection.description.is_empty())
                .then(|| view! { <p class="collection-description">{collection.description}</p> })}
            <Suspense fallback=|| loading(|t| t.loading)>
                {move || Suspend::new(async move {
                    let loaded = products.await;
                    if !counted.get_value() {
                        counted.set_value(true);
                        on_shown.run(());
                    }
                    match loaded {
                        Ok(page) if page.products.is_empty() => {
                            view! {
                                <p class="status empty">{move || i18n.t().empty_catalog}</p>
                            }
                                .into_any()
                        }
                        Ok(page) => {
                            view! {
                                <ul class="product-grid">
                                    {page
                                        .products
                                        .into_iter()
                                        .map(|product| {
                                            view! { <ProductCard product=product nested=true/> }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(error) => {
                            leptos::logging::warn!("collection products: {error}");
                            load_error(|t| t.load_failed, move || products.refetch()).into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
