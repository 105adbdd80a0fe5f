//! The cart: the header's mini-cart (a count that opens a summary of the lines) and the cart
//! page, `/cart`, where the shopper changes quantities, removes lines and goes to checkout. Every
//! amount is the server's; a line whose price changed since it was added, or that can no longer
//! be ordered as it is, says so.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::web::ui;

use super::{QuantityStepper, change_message, parse_quantity};
use crate::api::{Cart, CartLine, CartLineAvailability};
use crate::cart::CartStore;
use crate::i18n::{Text, use_i18n};
use crate::pages::account::form::Msg;

/// The header's cart button: the number of units, and a summary of the cart when opened.
#[component]
pub fn MiniCart() -> impl IntoView {
    let i18n = use_i18n();
    let store = CartStore::expect();
    let open = RwSignal::new(false);
    let label = move || {
        i18n.t()
            .mini_cart_label
            .replace("{n}", &store.count().to_string())
    };
    view! {
        <div class="mini-cart">
            <button
                type="button"
                id="mini-cart-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls="mini-cart-panel"
                aria-label=label
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="cart-word">{move || i18n.t().nav_cart}</span>
                " "
                <span class="cart-count" id="cart-count">{move || store.count()}</span>
            </button>
            <Show when=move || open.get()>
                // Its lines come with the shop area, fetched when the shopper first opens it.
                <div class="mini-cart-panel" id="mini-cart-panel" on:click=move |_| open.set(false)>
                    <Suspense fallback=|| ()>
                        {Suspend::new(crate::app::mini_cart_lines())}
                    </Suspense>
                </div>
            </Show>
        </div>
    }
}

/// What the open mini-cart shows: its lines and total, or that it is empty, and the way to
/// the cart (in the shop area: the panel's frame is in the main module).
#[component]
pub fn MiniCartLines() -> impl IntoView {
    let i18n = use_i18n();
    let store = CartStore::expect();
    view! {
        {move || match store.get().filter(|c| !c.lines.is_empty()) {
            None => {
                view! { <p class="status empty">{move || i18n.t().cart_empty}</p> }
                    .into_any()
            }
            Some(cart) => {
                view! {
                    <ul class="mini-cart-lines">
                        {cart
                            .lines
                            .iter()
                            .map(|l| {
                                view! {
                                    <li>
                                        <span class="line-name">{line_name(l)}</span>
                                        " × "
                                        {l.quantity}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <p class="mini-cart-total">
                        {move || i18n.t().cart_total}
                        " "
                        <strong>{cart.total.formatted.clone()}</strong>
                    </p>
                }
                    .into_any()
            }
        }}
        <div class="mini-cart-actions">
            <A href="/cart" attr:id="mini-cart-view">{move || i18n.t().cart_view}</A>
        </div>
    }
}

/// A line's product and variant, e.g. `단백질 쉐이크 (초코 / 12개)`.
pub fn line_name(line: &CartLine) -> String {
    if line.variant_label.is_empty() {
        line.product_name.clone()
    } else {
        format!("{} ({})", line.product_name, line.variant_label)
    }
}

#[component]
pub fn CartPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = CartStore::expect();
    let message = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    view! {
        <section class="cart-page" aria-labelledby="cart-title">
            <h1 id="cart-title">{move || i18n.t().cart_title}</h1>
            {move || {
                message
                    .get()
                    .map(|m| {
                        view! {
                            <p class="form-error" id="cart-error" role="alert">
                                {move || m.render(i18n.t())}
                            </p>
                        }
                    })
            }}
            {move || {
                if !store.loaded() {
                    return view! {
                        {ui::loading_line(move || i18n.t().cart_loading)}
                    }
                        .into_any();
                }
                match store.get().filter(|c| !c.lines.is_empty()) {
                    None => {
                        view! {
                            <div class="cart-empty">
                                <p class="status empty" id="cart-empty">
                                    {move || i18n.t().cart_empty}
                                </p>
                                <A href="/">{move || i18n.t().continue_shopping}</A>
                            </div>
                        }
                            .into_any()
                    }
                    Some(cart) => {
                        view! { <CartContents cart=cart message=message busy=busy/> }.into_any()
                    }
                }
            }}
        </section>
    }
}

#[component]
fn CartContents(cart: Cart, message: RwSignal<Option<Msg>>, busy: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let store = CartStore::expect();
    let clear = move |_| {
        busy.set(true);
        message.set(None);
        spawn_local(async move {
            let result = store.clear().await;
            message.set(change_message(&result));
            busy.set(false);
        });
    };
    let ready = cart.ready_to_order;
    let totals = cart.clone();
    view! {
        <table class="cart-lines" id="cart-lines">
            <thead>
                <tr>
                    <th scope="col">{move || i18n.t().cart_col_product}</th>
                    <th scope="col">{move || i18n.t().cart_col_price}</th>
                    <th scope="col">{move || i18n.t().cart_col_quantity}</th>
                    <th scope="col">{move || i18n.t().cart_col_total}</th>
                    <th scope="col"><span class="visually-hidden">{move || i18n.t().cart_remove}</span></th>
                </tr>
            </thead>
            <tbody>
                {cart
                    .lines
                    .into_iter()
                    .map(|line| view! { <LineRow line=line message=message busy=busy/> })
                    .collect_view()}
            </tbody>
        </table>
        <Totals cart=totals/>
        <div class="cart-actions">
            <button type="button" id="cart-clear" disabled=move || busy.get() on:click=clear>
                {move || i18n.t().cart_clear}
            </button>
            {if ready {
                view! {
                    <A href="/checkout" attr:id="cart-checkout" attr:class="button primary">
                        {move || i18n.t().cart_checkout}
                    </A>
                }
                    .into_any()
            } else {
                view! {
                    <p class="status warning" id="cart-not-ready">
                        {move || i18n.t().cart_not_ready}
                    </p>
                }
                    .into_any()
            }}
        </div>
    }
}

/// One line: name, price (with its change), quantity box, total, remove.
#[component]
fn LineRow(line: CartLine, message: RwSignal<Option<Msg>>, busy: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let store = CartStore::expect();
    let quantity = RwSignal::new(line.quantity.to_string());
    let id = line.id.clone();
    let change = {
        let id = id.clone();
        move || {
            let typed = quantity.get_untracked();
            let wanted = match parse_quantity(&typed) {
                Ok(q) => q,
                Err(m) => {
                    message.set(Some(m));
                    return;
                }
            };
            let id = id.clone();
            busy.set(true);
            message.set(None);
            spawn_local(async move {
                let result = store.update(id, wanted).await;
                message.set(change_message(&result));
                busy.set(false);
            });
        }
    };
    let remove = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            busy.set(true);
            message.set(None);
            spawn_local(async move {
                let result = store.remove(id).await;
                message.set(change_message(&result));
                busy.set(false);
            });
        }
    };
    let name = line_name(&line);
    let decrease_label = i18n.t().quantity_decrease.replace("{name}", &name);
    let increase_label = i18n.t().quantity_increase.replace("{name}", &name);
    let href = line.product_slug.as_ref().map(|s| format!("/products/{s}"));
    let availability = line.availability;
    let was = line
        .price_changed
        .then(|| line.added_unit_price.formatted.clone());
    let input_id = format!("qty-{}", line.id);
    view! {
        <tr class="cart-line" data-sku=line.sku.clone() data-availability=format!("{availability:?}")>
            <td class="line-product">
                {line
                    .image
                    .as_ref()
                    .map(|i| {
                        view! {
                            <img src=i.url.clone() alt=i.alt.clone() width="60" height="60" loading="lazy"/>
                        }
                    })}
                {match href {
                    Some(href) => view! { <A href=href>{name.clone()}</A> }.into_any(),
                    None => view! { <span>{name.clone()}</span> }.into_any(),
                }}
                {let notice: Option<Text> = match availability {
                    CartLineAvailability::InsufficientStock => Some(|t| t.line_insufficient),
                    CartLineAvailability::Unavailable => Some(|t| t.line_unavailable),
                    _ => None,
                };
                notice
                    .map(|text| {
                        view! { <p class="line-notice" role="status">{move || text(i18n.t())}</p> }
                    })}
            </td>
            <td class="line-price">
                {line.unit_price.as_ref().map(|p| p.formatted.clone()).unwrap_or_default()}
                {was
                    .map(|was| {
                        view! {
                            <p class="line-notice price-changed">
                                {move || i18n.t().line_price_changed.replace("{was}", &was)}
                            </p>
                        }
                    })}
            </td>
            <td class="line-quantity">
                <label class="visually-hidden" for=input_id.clone()>
                    {move || i18n.t().cart_col_quantity}
                </label>
                <QuantityStepper
                    id=input_id
                    quantity=quantity
                    decrease_label=decrease_label
                    increase_label=increase_label
                    busy=busy
                    on_change=Callback::new(move |()| change())
                />
            </td>
            <td class="line-total">{line.line_total.formatted.clone()}</td>
            <td>
                <button type="button" class="line-remove" disabled=move || busy.get() on:click=remove>
                    {move || i18n.t().cart_remove}
                </button>
            </td>
        </tr>
    }
}

/// Subtotal, shipping, discount and total, and how far free shipping is.
#[component]
pub fn Totals(cart: Cart) -> impl IntoView {
    let i18n = use_i18n();
    let remaining = cart.free_shipping_remaining.clone();
    let discount = (cart.discount_total.amount != 0).then(|| cart.discount_total.formatted.clone());
    view! {
        <dl class="totals" id="cart-totals">
            <dt>{move || i18n.t().cart_subtotal}</dt>
            <dd class="subtotal">{cart.subtotal.formatted.clone()}</dd>
            <dt>{move || i18n.t().cart_shipping}</dt>
            <dd class="shipping">{cart.shipping_fee.formatted.clone()}</dd>
            {discount
                .map(|d| {
                    view! {
                        <dt>{move || i18n.t().cart_discount}</dt>
                        <dd class="discount">"−" {d}</dd>
                    }
                })}
            <dt>{move || i18n.t().cart_total}</dt>
            <dd class="total"><strong>{cart.total.formatted.clone()}</strong></dd>
        </dl>
        {remaining
            .map(|r| {
                view! {
                    <p class="free-shipping" id="free-shipping">
                        {move || i18n.t().free_shipping_remaining.replace("{amount}", &r.formatted)}
                    </p>
                }
            })}
    }
}
