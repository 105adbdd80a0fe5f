//! The product card every listing shows: the product's first image (lazily loaded, in the
//! rendition the screen needs; its first letter when it has none), the name, the price (after its
//! 할인율 and over the "was" price struck through, when there is one) and a sold-out badge. The whole card links to the product's page.

use leptos::prelude::*;
use shared::image::CARD_SIZES;

use super::initial;
use crate::api::CardProduct;
use crate::i18n::use_i18n;

/// A product's address.
pub fn product_href(slug: &str) -> String {
    format!("/products/{slug}")
}

#[component]
pub fn ProductCard(
    product: CardProduct,
    /// Inside a titled section the name is an `<h3>`, else an `<h2>`.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let CardProduct {
        slug,
        name,
        price,
        compare_at,
        discount,
        available,
        thumbnail,
        ..
    } = product;
    let href = product_href(&slug);
    // The placeholder letter is decoration; an image speaks through its alt text.
    let placeholder = thumbnail.is_none();
    let thumb = match thumbnail {
        Some(image) => view! {
            <img
                class="product-image"
                srcset=Some(image.srcset()).filter(|s| !s.is_empty())
                sizes=CARD_SIZES
                src=image.url
                alt=image.alt
                width=image.width
                height=image.height
                loading="lazy"
                decoding="async"
            />
        }
        .into_any(),
        None => initial(&name).into_any(),
    };
    let name = if nested {
        view! { <h3 class="product-name">{name}</h3> }.into_any()
    } else {
        view! { <h2 class="product-name">{name}</h2> }.into_any()
    };
    view! {
        <li class="product-card" data-slug=slug>
            <a class="product-link" href=href>
                <div class="product-thumb" aria-hidden=placeholder.then_some("true")>
                    {thumb}
                </div>
                {name}
                <p class="product-price">
                    {discount.map(|d| view! { <span class="discount">{d} "%"</span> " " })}
                    {price}
                </p>
                {compare_at
                    .map(|was| {
                        view! {
                            <p class="product-was">
                                <span class="visually-hidden">
                                    {move || i18n.t().compare_at_label}
                                </span>
                                <s class="compare-at">{was}</s>
                            </p>
                        }
                    })}
                {(!available)
                    .then(|| view! { <span class="sold-out">{move || i18n.t().sold_out}</span> })}
            </a>
        </li>
    }
}
