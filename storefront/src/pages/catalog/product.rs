//! The product page, `/products/:slug`: breadcrumbs, the gallery (the main image and a strip of
//! thumbnails that switch it; picking a variant with its own image shows that image), name and
//! description, the price (after its 할인율, over the "was" price) and availability of the variant
//! the shopper picks with the option selects, and the product's rich content (the SKU is staff's
//! and the search engines' only). The page's head gets the product's title,
//! description and schema.org `Product` data (its images, one `Offer` per variant).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde_json::{Map, Value, json};

use super::{Breadcrumbs, CategoryTree, ancestry, initial, load_error, loading};
use crate::api::{self, Availability, Product, ProductImage, ShopShipping, Variant};
use crate::cart::CartStore;
use crate::head::{PageMeta, absolute_url, use_page_meta};
use crate::i18n::{Text, use_i18n};
use crate::pages::account::form::Msg;
use crate::pages::shop::{QuantityStepper, change_message, parse_quantity};
use leptos::task::spawn_local;
use shared::image::GALLERY_SIZES;

#[component]
pub fn ProductPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug")).unwrap_or_default());
    let product = LocalResource::new(move || api::product(slug.get()));
    let ready = crate::prerender::use_page_ready();
    view! {
        <div class="product-page">
            <Suspense fallback=|| loading(|t| t.product_loading)>
                {move || Suspend::new(async move {
                    let product_or_error = product.await;
                    ready();
                    match product_or_error {
                        Ok((Some(product), shipping)) => {
                            view! { <ProductDetail product=product shipping=shipping/> }.into_any()
                        }
                        Ok((None, _)) => {
                            view! {
                                <section class="not-found product-missing">
                                    <h1>{move || i18n.t().product_not_found}</h1>
                                    <p>{move || i18n.t().product_not_found_body}</p>
                                    <A href="/">{move || i18n.t().back_home}</A>
                                </section>
                            }
                                .into_any()
                        }
                        Err(error) => {
                            leptos::logging::warn!("product: {error}");
                            load_error(|t| t.product_load_failed, move || product.refetch())
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

/// What the page offers for the picked variant (or the product, without variants).
#[derive(Debug, Clone, PartialEq)]
struct Offer {
    price: String,
    compare_at: Option<String>,
    discount: Option<i64>,
    availability: Availability,
    sku: Option<String>,
}

#[component]
fn ProductDetail(product: Product, shipping: ShopShipping) -> impl IntoView {
    let i18n = use_i18n();
    let tree = CategoryTree::expect();
    let variants = StoredValue::new(product.variants.clone());
    // The first variant that can be bought, else the first.
    let selected = RwSignal::new(
        product
            .variants
            .iter()
            .position(|v| v.availability != Availability::OutOfStock)
            .unwrap_or(0),
    );
    let variant = Memo::new(move |_| variants.with_value(|all| all.get(selected.get()).cloned()));
    let images = StoredValue::new(product.images.clone());
    // The place in `images` of the image of variant `index`, when it has its own.
    let variant_image = move |index: usize| {
        let id = variants.with_value(|all| all.get(index).and_then(|v| v.image_id.clone()))?;
        images.with_value(|all| all.iter().position(|i| i.id == id))
    };
    // The image the gallery shows: the picked variant's, else the first.
    let shown = RwSignal::new(variant_image(selected.get_untracked()).unwrap_or(0));
    let fallback = Offer {
        price: product.price.formatted.clone(),
        compare_at: product
            .compare_at_price
            .as_ref()
            .map(|m| m.formatted.clone()),
        discount: product
            .compare_at_price
            .as_ref()
            .and_then(|was| shared::money::discount_percent(product.price.amount, was.amount)),
        availability: if product.available {
            Availability::InStock
        } else {
            Availability::OutOfStock
        },
        sku: None,
    };
    let offer = Memo::new(move |_| {
        variant.with(|v| match v {
            Some(v) => Offer {
                price: v.price.formatted.clone(),
                compare_at: v.compare_at_price.as_ref().map(|m| m.formatted.clone()),
                discount: v
                    .compare_at_price
                    .as_ref()
                    .and_then(|was| shared::money::discount_percent(v.price.amount, was.amount)),
                availability: v.availability,
                sku: Some(v.sku.clone()),
            },
            None => fallback.clone(),
        })
    });

    // Picking value `value` of option `index`: the variant with it and the other values as
    // they are, else the first variant with it.
    let choose = move |index: usize, value: String| {
        let current = variant.with_untracked(|v| {
            v.as_ref()
                .map(|v| v.option_values.clone())
                .unwrap_or_default()
        });
        let found = variants.with_value(|all| {
            let has = |v: &Variant| v.option_values.get(index) == Some(&value);
            all.iter()
                .position(|v| {
                    has(v)
                        && v.option_values
                            .iter()
                            .enumerate()
                            .all(|(i, x)| i == index || current.get(i) == Some(x))
                })
                .or_else(|| all.iter().position(has))
        });
        if let Some(found) = found {
            selected.set(found);
            if let Some(image) = variant_image(found) {
                shown.set(image);
            }
        }
    };

    {
        let product = product.clone();
        use_page_meta(move || {
            let sku = offer.with(|o| o.sku.clone());
            PageMeta {
                title: Some(product.name.clone()),
                description: Some(product.description.clone()),
                json_ld: Some(json_ld(&product, sku.as_deref())),
            }
        });
    }

    // The product's first category, with those above it.
    let primary = product.categories.first().cloned();
    let trail = Signal::derive(move || {
        let Some(category) = &primary else {
            return Vec::new();
        };
        match tree.0.get() {
            Some(Ok(all)) if all.iter().any(|c| c.id == category.id) => {
                ancestry(&all, &category.id)
            }
            _ => vec![(category.slug.clone(), category.name.clone())],
        }
    });

    let selects = product
        .options
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let values = variants.with_value(|all| option_values(all, index));
            let id = format!("option-{index}");
            let is_picked = move |value: &str| {
                variant.with(|v| {
                    v.as_ref()
                        .and_then(|v| v.option_values.get(index))
                        .is_some_and(|x| x == value)
                })
            };
            view! {
                <div class="field variant-field">
                    <label for=id.clone()>{name.clone()}</label>
                    <select
                        class="variant-option"
                        id=id.clone()
                        name=id
                        on:change=move |ev| choose(index, event_target_value(&ev))
                    >
                        {values
                            .into_iter()
                            .map(|value| {
                                let (attr, label) = (value.clone(), value.clone());
                                view! {
                                    <option
                                        value=attr
                                        prop:selected=move || is_picked(&value)
                                    >
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            }
        })
        .collect_view();

    let shipping = StoredValue::new(shipping);
    let sheet = RwSignal::new(false);
    let shipping_text = move || {
        shipping.with_value(|s| {
            i18n.t().shipping(
                &s.shipping_fee.formatted,
                s.shipping_fee.amount == 0,
                s.free_shipping_threshold
                    .as_ref()
                    .map(|p| p.formatted.as_str()),
            )
        })
    };
    view! {
        <article class="product-detail" data-slug=product.slug.clone()>
            <Breadcrumbs trail=trail/>
            <div class="product-main">
                <Gallery images=images shown=shown name=product.name.clone()/>
                <div class="product-summary">
                    <h1 class="product-title">{product.name.clone()}</h1>
                    {(!product.description.is_empty())
                        .then(|| {
                            view! {
                                <p class="product-description">{product.description.clone()}</p>
                            }
                        })}
                    <p class="variant-price">
                        {move || {
                            offer
                                .with(|o| o.discount)
                                .map(|d| view! { <span class="discount">{d} "%"</span> })
                        }}
                        <strong class="price">{move || offer.with(|o| o.price.clone())}</strong>
                        {move || {
                            offer
                                .with(|o| o.compare_at.clone())
                                .map(|was| {
                                    view! {
                                        <span class="visually-hidden">
                                            {move || i18n.t().compare_at_label}
                                        </span>
                                        <s class="compare-at">{was}</s>
                                    }
                                })
                        }}
                    </p>
                    <div class="purchase-box" class:open=move || sheet.get()>
                    <div class="sheet-head">
                        <button type="button" class="sheet-close" id="purchase-close" on:click=move |_| sheet.set(false)>
                            {move || i18n.t().close}
                        </button>
                    </div>
                    <div class="variant-options">{selects}</div>
                    <p
                        class="availability"
                        data-availability=move || offer.with(|o| availability_code(o.availability))
                    >
                        {move || {
                            offer
                                .with(|o| availability_text(o.availability))
                                .map(|text| text(i18n.t()))
                        }}
                    </p>
                    <p class="shipping-line" id="shipping-line">{shipping_text}</p>
                    <AddToCart variant=variant name=product.name.clone() sheet=sheet/>
                    </div>
                </div>
            </div>
            <ProductSections content=product.content_html shipping=shipping_text/>
        </article>
    }
}

/// Below the purchase box: links to the page's sections (kept in view under the header), then
/// the details (the product's rich content), reviews and questions (none yet), and delivery
/// and returns (the shipping fee, and the shop's returns policy in force, fetched with the page).
#[component]
fn ProductSections(
    content: String,
    shipping: impl Fn() -> String + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    // A plain signal, not a resource: the page around it waits (in a `Suspense`) for the product
    // only, never for this.
    let returns = RwSignal::new(None::<String>);
    spawn_local(async move {
        match api::policy(shared::client::PolicyKind::Returns).await {
            Ok(policy) => returns.set(policy.map(|p| p.body_html)),
            Err(e) => leptos::logging::warn!("returns policy: {e}"),
        }
    });
    let sections: [(&str, Text); 4] = [
        ("product-details", |t| t.tab_details),
        ("product-reviews", |t| t.tab_reviews),
        ("product-questions", |t| t.tab_questions),
        ("product-delivery", |t| t.tab_delivery),
    ];
    let heading = move |index: usize| {
        let (id, text) = sections[index];
        view! { <h2 id=format!("{id}-title")>{move || text(i18n.t())}</h2> }
    };
    view! {
        <nav class="product-tabs" aria-label=move || i18n.t().product_sections>
            {sections
                .into_iter()
                .map(|(id, text)| {
                    view! {
                        <a
                            href=format!("#{id}")
                            on:click=move |ev| {
                                ev.prevent_default();
                                shared::web::ui::focus_element(id);
                            }
                        >
                            {move || text(i18n.t())}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
        <section class="product-section" id="product-details" tabindex="-1" aria-labelledby="product-details-title">
            {heading(0)}
            <div class="product-content" inner_html=content></div>
        </section>
        <section class="product-section" id="product-reviews" tabindex="-1" aria-labelledby="product-reviews-title">
            {heading(1)}
            <p class="status empty">{move || i18n.t().reviews_none}</p>
        </section>
        <section class="product-section" id="product-questions" tabindex="-1" aria-labelledby="product-questions-title">
            {heading(2)}
            <p class="status empty">{move || i18n.t().questions_none}</p>
        </section>
        <section class="product-section" id="product-delivery" tabindex="-1" aria-labelledby="product-delivery-title">
            {heading(3)}
            <p>{shipping}</p>
            {move || {
                returns
                    .get()
                    .map(|html| view! { <div class="policy-body" id="product-returns" inner_html=html></div> })
            }}
        </section>
    }
}

/// The quantity box, the add-to-cart button for the picked variant (after adding, a link to the
/// cart, or why it could not be added) and 바로구매, which checks out just this variant and
/// quantity, leaving the cart as it is.
#[component]
fn AddToCart(
    variant: Memo<Option<Variant>>,
    /// The product's name, for the stepper's buttons.
    name: String,
    /// On a phone the purchase box is a sheet over the bottom of the screen: closed, only its
    /// buttons show, and the first press opens it to choose options and quantity.
    sheet: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = CartStore::expect();
    let quantity = RwSignal::new("1".to_owned());
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<Msg>);
    let added = RwSignal::new(false);
    let buyable = move || {
        variant.with(|v| {
            v.as_ref()
                .is_some_and(|v| v.availability != Availability::OutOfStock)
        })
    };
    // The picked variant and a valid quantity, else what is wrong is shown.
    let wanted = move || {
        let id = variant.with_untracked(|v| v.as_ref().map(|v| v.id.clone()))?;
        parse_quantity(&quantity.get_untracked())
            .map_err(|m| message.set(Some(m)))
            .ok()
            .map(|q| (id, q))
    };
    let navigate = use_navigate();
    let buy_now = move |_| {
        if opens_sheet(sheet) {
            return;
        }
        if let Some((id, q)) = wanted() {
            navigate(&format!("/checkout?buy={id}&qty={q}"), Default::default());
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if opens_sheet(sheet) {
            return;
        }
        let Some((id, wanted)) = wanted() else {
            return;
        };
        busy.set(true);
        message.set(None);
        added.set(false);
        spawn_local(async move {
            let result = store.add(id, wanted).await;
            let problem = change_message(&result);
            added.set(problem.is_none());
            message.set(problem);
            busy.set(false);
        });
    };
    view! {
        <form class="add-to-cart" id="add-to-cart" novalidate=true on:submit=add>
            <label for="add-quantity">{move || i18n.t().cart_col_quantity}</label>
            <QuantityStepper
                id="add-quantity".to_owned()
                quantity=quantity
                decrease_label=i18n.t().quantity_decrease.replace("{name}", &name)
                increase_label=i18n.t().quantity_increase.replace("{name}", &name)
            />
            <button
                type="submit"
                class="secondary"
                id="add-to-cart-submit"
                disabled=move || busy.get() || !buyable()
            >
                {move || i18n.t().add_to_cart}
            </button>
            <button type="button" class="primary" id="buy-now" disabled=move || !buyable() on:click=buy_now>
                {move || i18n.t().buy_now}
            </button>
            {move || {
                message
                    .get()
                    .map(|m| view! {
                        <p class="form-error" role="alert" id="add-to-cart-error">
                            {move || m.render(i18n.t())}
                        </p>
                    })
            }}
            <Show when=move || added.get()>
                <p class="form-success" role="status" id="added-to-cart">
                    {move || i18n.t().added_to_cart}
                    " "
                    <A href="/cart">{move || i18n.t().cart_view}</A>
                </p>
            </Show>
        </form>
    }
}

/// On a phone, with the purchase sheet closed: opens it (true), so the press chose nothing yet.
fn opens_sheet(sheet: RwSignal<bool>) -> bool {
    // The stylesheet's phone width (`max-width: 767px`).
    let phone = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < 768.0);
    if phone && !sheet.get_untracked() {
        sheet.set(true);
        return true;
    }
    false
}

/// The product's images: the one `shown` (an index into `images`) large, and when there are
/// several, a strip of thumbnails that picks it. Without images, the name's first letter.
#[component]
fn Gallery(
    images: StoredValue<Vec<ProductImage>>,
    shown: RwSignal<usize>,
    /// The product's name: the main image's text when its own is empty.
    name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let Some(first) = images.with_value(|all| all.first().cloned()) else {
        return view! {
            <div class="gallery">
                <div class="product-thumb" aria-hidden="true">{initial(&name)}</div>
            </div>
        }
        .into_any();
    };
    let main = Memo::new(move |_| {
        images.with_value(|all| {
            all.get(shown.get())
                .cloned()
                .unwrap_or_else(|| first.clone())
        })
    });
    let alt = move || {
        main.with(|i| {
            if i.alt.trim().is_empty() {
                name.clone()
            } else {
                i.alt.clone()
            }
        })
    };
    let total = images.with_value(Vec::len);
    let thumbs = (total > 1).then(|| {
        let buttons = images.with_value(|all| {
            all.iter()
                .enumerate()
                .map(|(index, image)| {
                    let label = move || {
                        i18n.t()
                            .gallery_show
                            .replace("{n}", &(index + 1).to_string())
                            .replace("{total}", &total.to_string())
                    };
                    view! {
                        <li>
                            <button
                                type="button"
                                class="gallery-thumb"
                                data-image-id=image.id.clone()
                                aria-label=label
                                aria-pressed=move || (shown.get() == index).to_string()
                                on:click=move |_| shown.set(index)
                            >
                                <img
                                    src=image.thumb.clone()
                                    alt=image.alt.clone()
                                    width=image.width
                                    height=image.height
                                    loading="lazy"
                                    decoding="async"
                                />
                            </button>
                        </li>
                    }
                })
                .collect_view()
        });
        view! {
            <ul class="gallery-thumbs" aria-label=move || i18n.t().gallery_label>
                {buttons}
            </ul>
        }
    });
    view! {
        <div class="gallery">
            <img
                class="gallery-main"
                srcset=move || Some(main.with(ProductImage::srcset)).filter(|s| !s.is_empty())
                sizes=GALLERY_SIZES
                src=move || main.with(|i| i.detail.clone())
                alt=alt
                width=move || main.with(|i| i.width)
                height=move || main.with(|i| i.height)
                data-image-id=move || main.with(|i| i.id.clone())
            />
            {thumbs}
        </div>
    }
    .into_any()
}

/// The distinct values of option `index` over the variants, in the variants' order.
fn option_values(variants: &[Variant], index: usize) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for value in variants.iter().filter_map(|v| v.option_values.get(index)) {
        if !values.contains(value) {
            values.push(value.clone());
        }
    }
    values
}

/// The schema's name of an availability, as in `data-availability`.
fn availability_code(availability: Availability) -> &'static str {
    match availability {
        Availability::InStock => "IN_STOCK",
        Availability::LowStock => "LOW_STOCK",
        Availability::Backorder => "BACKORDER",
        Availability::OutOfStock => "OUT_OF_STOCK",
        Availability::Unknown => "",
    }
}

fn availability_text(availability: Availability) -> Option<Text> {
    Some(match availability {
        Availability::InStock => |t| t.availability_in_stock,
        Availability::LowStock => |t| t.availability_low_stock,
        Availability::Backorder => |t| t.availability_backorder,
        Availability::OutOfStock => |t| t.availability_out_of_stock,
        Availability::Unknown => return None,
    })
}

/// The schema.org term for an availability.
fn schema_availability(availability: Availability) -> Option<&'static str> {
    Some(match availability {
        Availability::InStock => "https://schema.org/InStock",
        Availability::LowStock => "https://schema.org/LimitedAvailability",
        Availability::Backorder => "https://schema.org/BackOrder",
        Availability::OutOfStock => "https://schema.org/OutOfStock",
        Availability::Unknown => return None,
    })
}

/// The product as schema.org `Product` data, `sku` being the picked variant's.
fn json_ld(product: &Product, sku: Option<&str>) -> String {
    let url = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let offers: Vec<Value> = product
        .variants
        .iter()
        .map(|v| {
            let mut offer = json!({
                "@type": "Offer",
                "price": shared::money::Money::try_new(v.price.amount, v.price.currency)
                    .map(|m| m.decimal())
                    .unwrap_or_default(),
                "priceCurrency": v.price.currency.code(),
                "sku": v.sku,
            });
            if let Some(availability) = schema_availability(v.availability) {
                offer["availability"] = availability.into();
            }
            offer
        })
        .collect();
    let mut data = Map::new();
    data.insert("@context".into(), "https://schema.org".into());
    data.insert("@type".into(), "Product".into());
    data.insert("name".into(), product.name.clone().into());
    data.insert("description".into(), product.description.clone().into());
    if !product.images.is_empty() {
        let images: Vec<Value> = product
            .images
            .iter()
            .map(|i| absolute_url(&i.detail).into())
            .collect();
        data.insert("image".into(), images.into());
    }
    if let Some(sku) = sku {
        data.insert("sku".into(), sku.into());
    }
    data.insert("url".into(), url.into());
    if let Some(category) = product.categories.first() {
        data.insert("category".into(), category.name.clone().into());
    }
    data.insert("offers".into(), offers.into());
    Value::Object(data).to_string()
}
