//! The seller details, `/seller`: the business behind each shop as Korean law asks a shop to show
//! it (전자상거래법), in every storefront page's footer and in order emails. One shop's form at a
//! time; the registration number's check digit and the telephone's form are checked before
//! sending, and every refusal is shown under its field in the staff member's language.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, FieldError, Seller, SellerChannel, UserErrorCode};
use crate::i18n::{Messages, use_i18n};
use crate::session::Session;
use crate::ui::{self, TextField, Toasts, load_error};

type Text = fn(&'static Messages) -> &'static str;

/// Each field's element id, label and hint, in the order of [`Seller::FIELDS`]; the last (the
/// escrow notice) is a text area.
const FIELDS: [(&str, Text, Option<Text>); 11] = [
    ("seller-business-name", |t| t.seller_business_name, None),
    ("seller-representative", |t| t.seller_representative, None),
    (
        "seller-registration-number",
        |t| t.seller_registration_number,
        Some(|t| t.seller_registration_hint),
    ),
    (
        "seller-mail-order-number",
        |t| t.seller_mail_order_number,
        Some(|t| t.seller_mail_order_hint),
    ),
    ("seller-address", |t| t.seller_address, None),
    (
        "seller-phone",
        |t| t.seller_phone,
        Some(|t| t.seller_phone_hint),
    ),
    ("seller-email", |t| t.seller_email, None),
    (
        "seller-hours",
        |t| t.seller_hours,
        Some(|t| t.seller_hours_hint),
    ),
    (
        "seller-privacy-officer",
        |t| t.seller_privacy_officer,
        Some(|t| t.seller_privacy_hint),
    ),
    (
        "seller-hosting-provider",
        |t| t.seller_hosting_provider,
        None,
    ),
    (
        "seller-escrow-notice",
        |t| t.seller_escrow_notice,
        Some(|t| t.seller_escrow_hint),
    ),
];
const REGISTRATION: usize = 2;
const PHONE: usize = 5;
const EMAIL: usize = 6;
const ESCROW: usize = 10;

/// What to say of field `index` refused with `code`.
fn refusal(index: usize, code: UserErrorCode) -> Text {
    match (index, code) {
        (_, UserErrorCode::TooLong) => |t| t.seller_err_too_long,
        (REGISTRATION, _) => |t| t.seller_err_registration,
        (PHONE, _) => |t| t.seller_err_phone,
        (EMAIL, _) => |t| t.seller_err_email,
        _ => |t| t.seller_err_invalid,
    }
}

#[component]
pub fn SellerSettings() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let channels = LocalResource::new(move || api::seller_settings(session));
    view! {
        <section class="seller-page" aria-labelledby="seller-title">
            <h1 id="seller-title">{move || i18n.t().seller_title}</h1>
            <p class="intro">{move || i18n.t().seller_intro}</p>
            <Suspense fallback=move || ui::loading_line(move || i18n.t().loading)>
                {move || Suspend::new(async move {
                    match channels.await {
                        Ok(list) => view! { <SellerForm channels=list/> }.into_any(),
                        Err(e) => load_error("seller settings", e, move || channels.refetch()),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SellerForm(channels: Vec<SellerChannel>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let toasts = Toasts::expect();
    let channels = RwSignal::new(channels);
    let chosen = RwSignal::new(0_usize);
    let values: [RwSignal<String>; 11] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let errors: [RwSignal<Option<Text>>; 11] = std::array::from_fn(|_| RwSignal::new(None));
    let busy = RwSignal::new(false);
    let fill = move |index: usize| {
        let seller = channels.with_untracked(|c| c.get(index).map(|c| c.seller.clone()));
        for (value, text) in values.iter().zip(seller.unwrap_or_default().into_array()) {
            value.set(text);
        }
        for error in errors {
            error.set(None);
        }
    };
    fill(0);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        for error in errors {
            error.set(None);
        }
        let fields: [String; 11] = std::array::from_fn(|i| values[i].get_untracked());
        for (index, check) in [
            (
                REGISTRATION,
                shared::business::registration_number as fn(&str) -> _,
            ),
            (PHONE, shared::business::telephone),
        ] {
            let value = fields[index].trim();
            if !value.is_empty() && check(value).is_none() {
                errors[index].set(Some(refusal(index, UserErrorCode::Invalid)));
            }
        }
        if errors.iter().any(|e| e.get_untracked().is_some()) {
            ui::focus_first_invalid("seller-form");
            return;
        }
        let Some(id) =
            channels.with_untracked(|c| c.get(chosen.get_untracked()).map(|c| c.id.clone()))
        else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            match api::channel_seller_update(session, id, Seller::from_array(fields)).await {
                Ok(refused) if refused.is_empty() => {
                    toasts.show(move || i18n.t().seller_saved.to_owned());
                    // What the server kept (trimmed, numbers written the usual way).
                    if let Ok(list) = api::seller_settings(session).await {
                        channels.set(list);
                        fill(chosen.get_untracked());
                    }
                }
                Ok(refused) => {
                    if !show_refusals(&refused, errors) {
                        toasts.show(move || i18n.t().seller_err_other.to_owned());
                    }
                    ui::focus_first_invalid("seller-form");
                }
                Err(e) => {
                    leptos::logging::warn!("seller update: {e}");
                    toasts.show(move || i18n.t().api_unreachable.to_owned());
                }
            }
            busy.set(false);
        });
    };
    let field = move |index: usize| {
        let (id, label, hint) = FIELDS[index];
        let name = Seller::FIELDS[index];
        let error = Signal::derive(move || errors[index].get().map(|f| f(i18n.t()).to_owned()));
        let hint = hint.map(|h| Signal::derive(move || h(i18n.t())));
        view! {
            <TextField
                id=id
                name=name
                label=Signal::derive(move || label(i18n.t()))
                value=values[index]
                error=error
                hint=hint
                kind=if index == EMAIL { "email" } else if index == PHONE { "tel" } else { "text" }
            />
        }
    };
    let escrow_error = move || errors[ESCROW].get().map(|f| f(i18n.t()));
    view! {
        <form class="seller-form" id="seller-form" novalidate=true on:submit=submit>
            <Show when=move || channels.with(|c| c.len() > 1)>
                <div class="field">
                    <label for="seller-channel">{move || i18n.t().seller_channel}</label>
                    <select
                        id="seller-channel"
                        on:change=move |ev| {
                            let index = event_target_value(&ev).parse().unwrap_or(0);
                            chosen.set(index);
                            fill(index);
                        }
                    >
                        {move || {
                            channels
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, c)| {
                                    view! {
                                        <option value=i.to_string() selected=move || chosen.get() == i>
                                            {c.name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </Show>
            {(0..ESCROW).map(field).collect_view()}
            <div class="field">
                <label for=FIELDS[ESCROW].0>{move || FIELDS[ESCROW].1(i18n.t())}</label>
                <textarea
                    id=FIELDS[ESCROW].0
                    name=Seller::FIELDS[ESCROW]
                    rows="3"
                    aria-describedby="seller-escrow-notice-hint"
                    aria-invalid=move || escrow_error().is_some().to_string()
                    prop:value=move || values[ESCROW].get()
                    on:input=move |ev| values[ESCROW].set(event_target_value(&ev))
                ></textarea>
                <small class="hint" id="seller-escrow-notice-hint">
                    {move || FIELDS[ESCROW].2.map(|h| h(i18n.t()))}
                </small>
                {move || escrow_error().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
            <button type="submit" class="primary" id="seller-save" disabled=move || busy.get()>
                {move || i18n.t().save}
            </button>
        </form>
    }
}

/// Puts each refusal under its field (`["input", "seller", "registrationNumber"]`); false when
/// one names no field of the form (the shop is gone), which the page then says in a toast.
fn show_refusals(refused: &[FieldError], errors: [RwSignal<Option<Text>>; 11]) -> bool {
    let mut all_shown = true;
    for e in refused {
        let index = e
            .path
            .as_ref()
            .and_then(|p| p.last())
            .and_then(|name| Seller::FIELDS.iter().position(|f| f == name));
        match index {
            Some(index) => errors[index].set(Some(refusal(index, e.code))),
            None => {
                leptos::logging::warn!("seller update refused: {}", e.message);
                all_shown = false;
            }
        }
    }
    all_shown
}
