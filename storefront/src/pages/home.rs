//! The home page: the shop's products with their prices.

use leptos::prelude::*;

use crate::api::{self, home_products};
use crate::i18n::use_i18n;

/// Products shown on the home page.
const HOME_PAGE_SIZE: i64 = 24;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let products = LocalResource::new(|| api::home_products(HOME_PAGE_SIZE));
    view! {
        <section class="catalog" aria-labelledby="catalog-heading">
            <h1 id="catalog-heading">{move || i18n.t().products_heading}</h1>
            <Transition fallback=move || {
                view! { <p class="status" role="status">{move || i18n.t().loading}</p> }
            }>
                {move || Suspend::new(async move {
                    match products.await {
                        Ok(data) => product_grid(data).into_any(),
                        Err(error) => {
                            leptos::logging::warn!("home products: {error}");
                            view! {
                                <div class="status error" role="alert">
                                    <p>{move || i18n.t().load_failed}</p>
                                    <button type="button" on:click=move |_| products.refetch()>
                                        {move || i18n.t().retry}
                                    </button>
                                </div>
                            }
                            .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

fn product_grid(data: home_products::ResponseData) -> impl IntoView {
    let i18n = use_i18n();
    let connection = data.products;
    if connection.edges.is_empty() {
        return view! { <p class="status empty">{move || i18n.t().empty_catalog}</p> }.into_any();
    }
    let has_more = connection.page_info.has_next_page;
    let cards = connection
        .edges
        .into_iter()
        .map(|edge| {
            let p = edge.node;
            let price = shared::web::money(p.price.amount, &p.price.currency)
                .map(|m| m.to_string())
                .unwrap_or_default();
            let initial = p.name.chars().next().map(String::from).unwrap_or_default();
            view! {
                <li class="product-card" data-slug=p.slug>
                    <div class="product-thumb" aria-hidden="true">{initial}</div>
                    <h2 class="product-name">{p.name}</h2>
                    <p class="product-price">{price}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="product-grid">{cards}</ul>
        <Show when=move || has_more>
            <p class="status more">{move || i18n.t().more_products_follow}</p>
        </Show>
    }
    .into_any()
}
