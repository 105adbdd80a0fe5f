//! Checkout, `/checkout` (of the cart; with `?buy=<variant>&qty=<n>`, of a cart made for just
//! that purchase, 바로구매, which leaves the cart as it is): the orderer, the shipping address (a member picks from saved ones, the
//! default first; "주문자 정보와 동일" copies the orderer; the postal-code search fills the postal
//! code and road address), the payment method, the agreements the
//! order needs (the purchase conditions; a guest's consent to collect their details, its text
//! expandable), then the order and its payment. With the sandbox gateway the shopper
//! types a test card number (or picks a bank for a virtual account) right here; the page asks
//! the sandbox to authorise it and confirms the payment with the Shop API, then shows the
//! order. A declined card leaves the order waiting for payment: the shopper tries another card
//! without placing it again. With Toss Payments the page opens Toss's payment window instead
//! (`crate::toss`), which returns to `/checkout/toss/success` or `/checkout/toss/fail`.
//!
//! A refused submit lists what to fix at the top of the form, each a link to its field, and
//! moves the focus to the first one.
//!
//! Each attempt carries an idempotency key, so a request repeated after a lost answer places
//! one order; a refused attempt gets a new key, since its input will change.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::account::check_postal_code;
use shared::checkout::{MAX_DELIVERY_NOTE_CHARS, VIRTUAL_ACCOUNT_BANKS, card_digits};
use shared::web::ui;

use super::cart::{Totals, line_name};
use super::change_message;
use super::orders::remember_guest_order;
use super::postcode::PostcodeSearch;
use crate::api::{
    self, Address, Authorized, Cart, CheckoutAgreementsInput, CheckoutCompleteInput, Order,
    OrderSource, PaymentGateway, PaymentMethod, ShippingAddressInput, UserErrorCode,
};
use crate::cart::CartStore;
use crate::i18n::use_i18n;
use crate::pages::account::form::{
    ADDRESS_MAX, CheckboxField, ErrorSummary, Field, FormErrors, FormMessages, Msg, NAME_MAX,
    SubmitButton, TextField, check_phone, check_text, postal_code_problem, text,
};
use crate::session::Session;

/// Fields whose messages are shown next to them (by the API's paths), in the form's order, with
/// their elements and labels for the error summary.
const FIELDS: &[Field] = &[
    field("customerName", "checkout-name", |t| t.field_name),
    field("email", "checkout-email", |t| t.field_email),
    field("phone", "checkout-phone", |t| t.field_phone),
    field("shippingAddress.recipient", "ship-recipient", |t| {
        t.field_recipient
    }),
    field("shippingAddress.phone", "ship-phone", |t| t.field_phone),
    field("shippingAddress.postalCode", "ship-postal-code", |t| {
        t.field_postal_code
    }),
    field("shippingAddress.roadAddress", "ship-road-address", |t| {
        t.field_road_address
    }),
    field(
        "shippingAddress.detailAddress",
        "ship-detail-address",
        |t| t.field_detail_address,
    ),
    field("shippingAddress.deliveryNote", "ship-note", |t| {
        t.field_delivery_note
    }),
    field("cardNumber", "card-number", |t| t.field_card_number),
    field("agreements.purchaseConditions", "agree-purchase", |t| {
        t.agree_purchase
    }),
    field("agreements.privacyCollection", "agree-privacy", |t| {
        t.agree_privacy
    }),
];

const fn field(name: &'static str, id: &'static str, label: crate::i18n::Text) -> Field {
    Field { name, id, label }
}

/// A fresh idempotency key for one checkout attempt.
fn new_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{}", web_sys::js_sys::Math::random()))
}

/// Where the order is placed: a narrow window is the mobile storefront.
fn source() -> OrderSource {
    let width = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(1280.0);
    if width < 768.0 {
        OrderSource::StorefrontMobile
    } else {
        OrderSource::StorefrontPc
    }
}

/// What this checkout orders: the shopper's cart, or a cart made for one purchase (바로구매,
/// `/checkout?buy=<variant>&qty=<n>` from a product page), which leaves the shopper's cart as it
/// is. Both read like the cart store.
#[derive(Clone, Copy)]
struct Ordering {
    store: CartStore,
    now: Option<BuyNow>,
}

/// The cart made for one purchase: made when the page opens.
#[derive(Clone, Copy)]
struct BuyNow {
    cart: RwSignal<Option<Cart>>,
    token: RwSignal<Option<String>>,
    loaded: RwSignal<bool>,
    /// Why it could not be made (sold out, withdrawn, no answer).
    problem: RwSignal<Option<Msg>>,
}

impl BuyNow {
    fn make(variant_id: String, quantity: i64) -> BuyNow {
        let now = BuyNow {
            cart: RwSignal::new(None),
            token: RwSignal::new(None),
            loaded: RwSignal::new(false),
            problem: RwSignal::new(None),
        };
        spawn_local(async move {
            let result = api::buy_now_cart(variant_id, quantity).await;
            match (change_message(&result), result) {
                (None, Ok(change)) => {
                    now.token.set(change.cart_token);
                    now.cart.set(change.cart);
                }
                (problem, _) => now.problem.set(problem),
            }
            now.loaded.set(true);
        });
        now
    }
}

impl Ordering {
    fn get(&self) -> Option<Cart> {
        match self.now {
            Some(now) => now.cart.get(),
            None => self.store.get(),
        }
    }

    fn loaded(&self) -> bool {
        match self.now {
            Some(now) => now.loaded.get(),
            None => self.store.loaded(),
        }
    }

    fn checkout_token(&self) -> Option<String> {
        match self.now {
            Some(now) => now.token.get_untracked(),
            None => self.store.checkout_token(),
        }
    }

    /// After the order was placed: what it ordered left its cart on the server.
    fn ordered(&self) {
        match self.now {
            Some(now) => now.cart.set(None),
            None => self.store.ordered(),
        }
    }

    async fn refresh(self) {
        match self.now {
            Some(now) => {
                let Some(token) = now.token.get_untracked() else {
                    return;
                };
                match api::buy_now_cart_again(token).await {
                    Ok(cart) => now.cart.set(cart),
                    Err(e) => leptos::logging::warn!("buy-now cart: {e}"),
                }
            }
            None => self.store.refresh().await,
        }
    }
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let i18n = use_i18n();
    let wanted = use_query_map().with_untracked(|q| {
        q.get("buy")
            .zip(q.get("qty").and_then(|n| n.parse::<i64>().ok()))
    });
    let store = Ordering {
        store: CartStore::expect(),
        now: wanted.map(|(variant, quantity)| BuyNow::make(variant, quantity)),
    };
    let loaded = Memo::new(move |_| store.loaded());
    // Once shown, the form stays: placing the order empties the cart, and a declined card is
    // retried on the same page for the same order.
    let show_form = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false) || store.get().is_some_and(|c| !c.lines.is_empty())
    });
    view! {
        <section class="checkout-page" aria-labelledby="checkout-title">
            <h1 id="checkout-title">{move || i18n.t().checkout_title}</h1>
            {move || {
                if !loaded.get() {
                    return view! {
                        {ui::loading_line(move || i18n.t().cart_loading)}
                    }
                        .into_any();
                }
                if let Some(problem) = store.now.and_then(|now| now.problem.get()) {
                    return view! {
                        <p class="form-error" role="alert" id="buy-now-error">{move || problem.render(i18n.t())}</p>
                        <A href="/">{move || i18n.t().continue_shopping}</A>
                    }
                        .into_any();
                }
                if !show_form.get() {
                    return view! {
                        <p class="status empty" id="checkout-empty">{move || i18n.t().cart_empty}</p>
                        <A href="/">{move || i18n.t().continue_shopping}</A>
                    }
                        .into_any();
                }
                view! {
                    {store.now.map(|_| view! { <p class="buy-now-note" id="buy-now-note">{move || i18n.t().checkout_buy_now_note}</p> })}
                    <CheckoutForm store=store/>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn CheckoutForm(store: Ordering) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let navigate = use_navigate();
    let errors = FormErrors::new("checkout-form");
    let busy = RwSignal::new(false);

    let customer_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let recipient = RwSignal::new(String::new());
    let address_phone = RwSignal::new(String::new());
    let postal_code = RwSignal::new(String::new());
    let road_address = RwSignal::new(String::new());
    let detail_address = RwSignal::new(String::new());
    let delivery_note = RwSignal::new(String::new());
    let method = RwSignal::new(PaymentMethod::Card);
    let card_number = RwSignal::new(String::new());
    let bank = RwSignal::new(VIRTUAL_ACCOUNT_BANKS[0].0.to_owned());
    // "주문자 정보와 동일": while ticked, the recipient is the orderer.
    let same_as_orderer = RwSignal::new(false);
    Effect::new(move |_| {
        if same_as_orderer.get() {
            recipient.set(customer_name.get());
            address_phone.set(phone.get());
        }
    });
    let agree_purchase = RwSignal::new(false);
    let agree_privacy = RwSignal::new(false);
    let key = StoredValue::new(new_key());
    // The sandbox takes the card number here; Toss's own window asks for it.
    let shop = crate::app::Shop::expect();
    let sandbox = Memo::new(move |_| shop.gateway.get() != Some(PaymentGateway::Toss));
    // The order placed by this page and not paid yet: paying again does not place another.
    let placed = RwSignal::new(None::<Order>);

    let saved = RwSignal::new(Vec::<Address>::new());
    let fill = move |a: &Address| {
        recipient.set(a.recipient.clone());
        address_phone.set(a.phone.clone());
        postal_code.set(a.postal_code.clone());
        road_address.set(a.road_address.clone());
        detail_address.set(a.detail_address.clone());
    };
    if session.signed_in_untracked() {
        spawn_local(async move {
            if let Ok(Some(me)) = api::me(session).await {
                customer_name.set(me.name.clone());
                email.set(me.email.clone());
                phone.set(me.phone.clone());
                if let Some(first) = me.addresses.first() {
                    fill(first);
                }
                saved.set(me.addresses);
            }
        });
    }

    let pay = {
        let navigate = navigate.clone();
        move |order: Order| {
            let navigate = navigate.clone();
            let Some(payment) = order.payment_session.clone() else {
                // Nothing left to pay (a repeated request answered a paid order).
                store.ordered();
                navigate(&format!("/orders/{}", order.number), Default::default());
                return;
            };
            let chosen = method.get_untracked();
            if payment.gateway == PaymentGateway::Toss {
                spawn_local(async move {
                    if crate::toss::open_window(&payment, &order, chosen).await {
                        errors.add_form(text(|t| t.err_gateway_window));
                    }
                    busy.set(false);
                });
                return;
            }
            let (Some(url), PaymentGateway::Sandbox) =
                (payment.authorize_url.clone(), payment.gateway)
            else {
                errors.add_form(text(|t| t.err_gateway_unsupported));
                busy.set(false);
                return;
            };
            let card = card_digits(&card_number.get_untracked());
            let bank_code = bank.get_untracked();
            spawn_local(async move {
                let authorized = api::sandbox_authorize(
                    &url,
                    &payment,
                    chosen,
                    card.filter(|_| chosen == PaymentMethod::Card),
                    (chosen == PaymentMethod::VirtualAccount).then_some(bank_code),
                )
                .await;
                let key = match authorized {
                    Ok(Authorized::Key(key)) => key,
                    Ok(Authorized::Declined { code, message }) => {
                        leptos::logging::warn!("sandbox declined: {code} {message}");
                        errors.add("cardNumber", text(|t| t.err_payment_declined));
                        busy.set(false);
                        return;
                    }
                    Err(e) => {
                        errors.failed(&e);
                        busy.set(false);
                        return;
                    }
                };
                match api::payment_confirm(
                    session,
                    order.number.clone(),
                    key,
                    payment.amount.amount,
                )
                .await
                {
                    Ok(result) if result.errors.is_empty() => {
                        placed.set(None);
                        store.ordered();
                        navigate(&format!("/orders/{}", order.number), Default::default());
                    }
                    Ok(result) => {
                        // A declined card belongs next to the card number.
                        let (declined, other): (Vec<_>, Vec<_>) =
                            result.errors.into_iter().partition(|e| {
                                chosen == PaymentMethod::Card
                                    && e.code == UserErrorCode::PaymentDeclined
                            });
                        if !declined.is_empty() {
                            errors.add("cardNumber", text(|t| t.err_payment_declined));
                        }
                        if !other.is_empty() || declined.is_empty() {
                            errors.server_fields(&other, FIELDS);
                        }
                        busy.set(false);
                    }
                    Err(e) => {
                        errors.failed(&e);
                        busy.set(false);
                    }
                }
            });
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let signed_in = session.signed_in_untracked();
        let optional = |value: String| (!value.trim().is_empty()).then(|| value.trim().to_owned());
        // Guests give the orderer; a member's account fills what is left out.
        let name = customer_name.get_untracked();
        let mail = email.get_untracked();
        let mobile = phone.get_untracked();
        // A member may leave these out: the account's are used.
        let given = |v: &str| !signed_in || !v.trim().is_empty();
        if given(&name)
            && let Err(m) = check_text(&name, NAME_MAX)
        {
            errors.add("customerName", m);
        }
        if given(&mail)
            && let Err(p) = shared::account::normalize_email(&mail)
        {
            errors.add("email", crate::pages::account::form::email_problem(p));
        }
        if given(&mobile)
            && let Err(m) = check_phone(&mobile)
        {
            errors.add("phone", m);
        }
        let recipient_v = check_text(&recipient.get_untracked(), NAME_MAX)
            .map_err(|m| errors.add("shippingAddress.recipient", m))
            .unwrap_or_default();
        if let Err(m) = check_phone(&address_phone.get_untracked()) {
            errors.add("shippingAddress.phone", m);
        }
        let postal = check_postal_code(&postal_code.get_untracked())
            .map_err(|p| errors.add("shippingAddress.postalCode", postal_code_problem(p)))
            .unwrap_or_default();
        let road = check_text(&road_address.get_untracked(), ADDRESS_MAX)
            .map_err(|m| errors.add("shippingAddress.roadAddress", m))
            .unwrap_or_default();
        let detail = detail_address.get_untracked().trim().to_owned();
        if detail.chars().count() > ADDRESS_MAX {
            errors.add("shippingAddress.detailAddress", text(|t| t.err_too_long));
        }
        let note = delivery_note.get_untracked().trim().to_owned();
        if note.chars().count() > MAX_DELIVERY_NOTE_CHARS {
            errors.add("shippingAddress.deliveryNote", text(|t| t.err_too_long));
        }
        if !agree_purchase.get_untracked() {
            errors.add(
                "agreements.purchaseConditions",
                text(|t| t.err_consent_required),
            );
        }
        if !signed_in && !agree_privacy.get_untracked() {
            errors.add(
                "agreements.privacyCollection",
                text(|t| t.err_consent_required),
            );
        }
        let chosen = method.get_untracked();
        if chosen == PaymentMethod::Card
            && sandbox.get_untracked()
            && card_digits(&card_number.get_untracked()).is_none()
        {
            errors.add("cardNumber", text(|t| t.err_card_invalid));
        }
        if errors.refused() {
            return;
        }
        busy.set(true);
        if let Some(order) = placed.get_untracked() {
            pay.clone()(order);
            return;
        }
        let Some(cart) = store.get() else {
            busy.set(false);
            return;
        };
        let input = CheckoutCompleteInput {
            cart_token: store.checkout_token(),
            customer_name: optional(name),
            email: optional(mail),
            phone: optional(mobile.clone()),
            shipping_address: ShippingAddressInput {
                recipient: recipient_v,
                phone: address_phone.get_untracked(),
                postal_code: postal,
                road_address: road,
                detail_address: detail,
                delivery_note: note,
            },
            payment_method: chosen,
            source: Some(source()),
            expected_total: Some(cart.total.amount),
            agreements: CheckoutAgreementsInput {
                purchase_conditions: agree_purchase.get_untracked(),
                privacy_collection: !signed_in && agree_privacy.get_untracked(),
            },
        };
        let pay = pay.clone();
        spawn_local(async move {
            match api::checkout_complete(session, input, key.get_value()).await {
                Ok(result) => match result.order {
                    Some(order) if result.errors.is_empty() => {
                        key.set_value(new_key());
                        if !session.signed_in_untracked() {
                            remember_guest_order(&order.number, &order.phone);
                        }
                        placed.set(Some(order.clone()));
                        pay(order);
                    }
                    _ => {
                        key.set_value(new_key());
                        errors.server_fields(&result.errors, FIELDS);
                        if result
                            .errors
                            .iter()
                            .any(|e| e.input_path().starts_with("cart"))
                        {
                            spawn_local(store.refresh());
                        }
                        busy.set(false);
                    }
                },
                // No answer: the same key again places at most one order.
                Err(e) => {
                    errors.failed(&e);
                    busy.set(false);
                }
            }
        });
    };

    let saved_list = move || {
        let all = saved.get();
        (!all.is_empty()).then(|| {
            view! {
                <fieldset class="saved-addresses" id="saved-addresses">
                    <legend>{move || i18n.t().checkout_saved_addresses}</legend>
                    {all
                        .into_iter()
                        .enumerate()
                        .map(|(i, a)| {
                            let id = format!("saved-address-{i}");
                            let label = format!("{} · ({}) {} {}", a.recipient, a.postal_code, a.road_address, a.detail_address);
                            view! {
                                <div class="field radio">
                                    <input
                                        type="radio"
                                        name="saved-address"
                                        id=id.clone()
                                        checked=i == 0
                                        on:change=move |_| fill(&a)
                                    />
                                    <label for=id>{label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
            }
        })
    };

    let summary = move || {
        store.get().map(|cart| {
            view! {
                <ul class="checkout-lines">
                    {cart
                        .lines
                        .iter()
                        .map(|l| {
                            view! {
                                <li>
                                    <span>{line_name(l)}</span>
                                    " × "
                                    {l.quantity}
                                    " "
                                    <span class="line-total">{l.line_total.formatted.clone()}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <Totals cart=cart/>
            }
        })
    };

    let method_radio = move |value: PaymentMethod, id: &'static str, label: crate::i18n::Text| {
        view! {
            <div class="field radio">
                <input
                    type="radio"
                    name="payment-method"
                    id=id
                    prop:checked=move || method.get() == value
                    on:change=move |_| method.set(value)
                />
                <label for=id>{move || label(i18n.t())}</label>
            </div>
        }
    };

    view! {
        <form class="checkout-form" id="checkout-form" novalidate=true on:submit=submit>
            <div class="checkout-main">
            <ErrorSummary id="checkout-error-summary" errors=errors fields=FIELDS/>
            <fieldset>
                <legend>{move || i18n.t().checkout_orderer}</legend>
                <TextField id="checkout-name" name="customerName" label=|t| t.field_name value=customer_name errors=errors field="customerName" autocomplete="name"/>
                <TextField id="checkout-email" name="email" label=|t| t.field_email value=email errors=errors field="email" kind="email" autocomplete="email"/>
                <TextField id="checkout-phone" name="phone" label=|t| t.field_phone value=phone errors=errors field="phone" kind="tel" autocomplete="tel" hint=|t| t.hint_phone/>
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t().checkout_shipping}</legend>
                {saved_list}
                <CheckboxField id="same-as-orderer" name="sameAsOrderer" label=|t| t.checkout_same_as_orderer checked=same_as_orderer/>
                <TextField id="ship-recipient" name="recipient" label=|t| t.field_recipient value=recipient errors=errors field="shippingAddress.recipient" required=true/>
                <TextField id="ship-phone" name="shipPhone" label=|t| t.field_phone value=address_phone errors=errors field="shippingAddress.phone" kind="tel" hint=|t| t.hint_phone required=true/>
                <TextField id="ship-postal-code" name="postalCode" label=|t| t.field_postal_code value=postal_code errors=errors field="shippingAddress.postalCode" inputmode="numeric" autocomplete="postal-code" hint=|t| t.hint_postal_code required=true/>
                <PostcodeSearch postal_code=postal_code road_address=road_address postal_id="ship-postal-code" road_id="ship-road-address" detail_id="ship-detail-address"/>
                <TextField id="ship-road-address" name="roadAddress" label=|t| t.field_road_address value=road_address errors=errors field="shippingAddress.roadAddress" autocomplete="address-line1" required=true/>
                <TextField id="ship-detail-address" name="detailAddress" label=|t| t.field_detail_address value=detail_address errors=errors field="shippingAddress.detailAddress" autocomplete="address-line2"/>
                <TextField id="ship-note" name="deliveryNote" label=|t| t.field_delivery_note value=delivery_note errors=errors field="shippingAddress.deliveryNote"/>
            </fieldset>
            <fieldset class="payment-methods">
                <legend>{move || i18n.t().checkout_payment}</legend>
                {method_radio(PaymentMethod::Card, "pay-card", |t| t.pay_card)}
                {method_radio(PaymentMethod::VirtualAccount, "pay-virtual-account", |t| t.pay_virtual_account)}
                <Show when=move || sandbox.get() && method.get() == PaymentMethod::Card>
                    <TextField id="card-number" name="cardNumber" label=|t| t.field_card_number value=card_number errors=errors field="cardNumber" inputmode="numeric" autocomplete="cc-number" hint=|t| t.hint_sandbox_card/>
                </Show>
                <Show when=move || sandbox.get() && method.get() == PaymentMethod::VirtualAccount>
                    <div class="field">
                        <label for="va-bank">{move || i18n.t().field_bank}</label>
                        <select id="va-bank" name="bank" on:change=move |ev| bank.set(event_target_value(&ev))>
                            {VIRTUAL_ACCOUNT_BANKS
                                .iter()
                                .map(|(code, name)| {
                                    view! {
                                        <option value=*code prop:selected=move || bank.get() == *code>
                                            {*name}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </Show>
            </fieldset>
            </div>
            // On a PC the summary, the agreements and the button stay in view beside the form;
            // on a phone the total and the button stay at the bottom of the screen.
            <div class="checkout-side">
            <section class="checkout-summary" aria-labelledby="checkout-summary-title">
                <h2 id="checkout-summary-title">{move || i18n.t().checkout_summary}</h2>
                {summary}
            </section>
            <fieldset class="agreements" id="agreements">
                <legend>{move || i18n.t().checkout_agreements}</legend>
                <CheckboxField id="agree-purchase" name="purchaseConditions" label=|t| t.agree_purchase checked=agree_purchase errors=errors field="agreements.purchaseConditions"/>
                <Show when=move || !session.signed_in()>
                    <CheckboxField id="agree-privacy" name="privacyCollection" label=|t| t.agree_privacy checked=agree_privacy errors=errors field="agreements.privacyCollection"/>
                    <details class="agreement-text">
                        <summary>{move || i18n.t().agree_details}</summary>
                        <ul>
                            <li>{move || i18n.t().agree_privacy_items}</li>
                            <li>{move || i18n.t().agree_privacy_purpose}</li>
                            <li>{move || i18n.t().agree_privacy_period}</li>
                        </ul>
                        <p>{move || i18n.t().agree_privacy_refuse}</p>
                    </details>
                </Show>
            </fieldset>
            <FormMessages errors=errors/>
            <div class="submit-bar">
                <span class="bar-total">
                    {move || store.get().map(|c| c.total.formatted)}
                </span>
                <SubmitButton id="checkout-submit" label=|t| t.checkout_submit busy=busy/>
            </div>
            </div>
        </form>
    }
}
