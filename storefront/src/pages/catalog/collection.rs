//! A collection page, `/collections/:slug`: the collection's name and description and its
//! products, in the collection's own order unless the shopper picks another, filtered like a
//! category.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::listing::{FilterBar, Filters, ProductListing};
use super::{load_error, loading};
use crate::api::{self, Collection, ProductQuery};
use crate::app::Shop;
use crate::head::{PageMeta, use_page_meta};
use crate::i18n::use_i18n;

#[component]
pub fn CollectionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug")).unwrap_or_default());
    // Every collection, featured or not: the page finds its own by slug.
    let collections = LocalResource::new(|| api::collections(false));
    view! {
        <section class="catalog collection-page" aria-labelledby="collection-heading">
            <Suspense fallback=|| loading(|t| t.loading)>
                {move || {
                    let slug = slug.get();
                    Suspend::new(async move {
                        match collections.await {
                            Ok(all) => {
                                match all.into_iter().find(|c| c.slug == slug) {
                                    Some(collection) => {
                                        view! { <CollectionView collection=collection/> }
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            <h1 id="collection-heading">
                                                {move || i18n.t().not_found_title}
                                            </h1>
                                            <p class="status error" role="alert">
                                                {move || i18n.t().collection_not_found}
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
                                leptos::logging::warn!("collections: {error}");
                                load_error(|t| t.load_failed, move || collections.refetch())
                                    .into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn CollectionView(collection: Collection) -> impl IntoView {
    let shop = Shop::expect();
    let query = use_query_map();
    let ready = crate::prerender::use_page_ready();
    {
        let meta = PageMeta {
            title: Some(collection.name.clone()),
            description: Some(collection.description.clone()),
            json_ld: None,
        };
        use_page_meta(move || meta.clone());
    }
    let slug = collection.slug.clone();
    let listing = Memo::new(move |_| {
        // No order asked for: the server lists a collection in its own order.
        let base = ProductQuery {
            collection: Some(slug.clone()),
            ..ProductQuery::default()
        };
        query.with(Filters::from_query).apply(base, shop)
    });
    view! {
        <h1 id="collection-heading" data-collection=collection.slug>
            {collection.name}
        </h1>
        {(!collection.description.is_empty())
            .then(|| view! { <p class="collection-description">{collection.description}</p> })}
        <FilterBar collection=true/>
        <ProductListing query=listing empty=|t| t.no_results on_shown=Callback::new(move |()| ready())/>
    }
}
