//! Sign-up: email, password, name, mobile number and the optional marketing consent. The shared
//! input rules run before anything is sent; the server's refusals appear next to their fields.
//! A new account is signed in at once and taken to the account page.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::account::{check_password, normalize_email};

use super::form::{
    CheckboxField, FormErrors, FormMessages, NAME_MAX, SubmitButton, TextField, check_phone,
    check_text, email_problem, password_problem,
};
use crate::api::{self, AccountRegisterInput, AuthResult};
use crate::i18n::use_i18n;
use crate::session::Session;

/// The fields whose server messages are shown next to them.
const FIELDS: [&str; 4] = ["email", "password", "name", "phone"];

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let errors = FormErrors::new("register-form");
    let busy = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let raw_email = email.get_untracked();
        let checked_email = normalize_email(&raw_email)
            .map_err(|p| errors.add("email", email_problem(p)))
            .ok();
        let password = password.get_untracked();
        if let Err(p) = check_password(&password, &raw_email) {
            errors.add("password", password_problem(p));
        }
        let checked_name = check_text(&name.get_untracked(), NAME_MAX)
            .map_err(|m| errors.add("name", m))
            .ok();
        let checked_phone = check_phone(&phone.get_untracked())
            .map_err(|m| errors.add("phone", m))
            .ok();
        let (Some(email), Some(name), Some(phone)) = (checked_email, checked_name, checked_phone)
        else {
            return;
        };
        if errors.refused() {
            return;
        }
        let input = AccountRegisterInput {
            email,
            password,
            name,
            phone: phone.display(),
            marketing_consent: consent.get_untracked(),
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::register(input).await;
            busy.set(false);
            match result {
                Ok(AuthResult {
                    session: Some(auth),
                    ..
                }) => {
                    session.start(&auth);
                    navigate("/account", Default::default());
                }
                Ok(refused) => {
                    errors.server(&refused.errors, &FIELDS, refused.retry_after_seconds);
                }
                Err(e) => errors.failed(&e),
            }
        });
    };

    view! {
        <section class="account-page auth" aria-labelledby="register-title">
            <h1 id="register-title">{move || i18n.t().register_title}</h1>
            <form class="account-form" id="register-form" novalidate=true on:submit=submit>
                <TextField
                    id="register-email"
                    name="email"
                    kind="email"
                    autocomplete="email"
                    label=|t| t.field_email
                    value=email
                    errors=errors
                    field="email"
                    required=true
                />
                <TextField
                    id="register-password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    label=|t| t.field_password
                    hint=|t| t.hint_password
                    value=password
                    errors=errors
                    field="password"
                    required=true
                />
                <TextField
                    id="register-name"
                    name="name"
                    autocomplete="name"
                    label=|t| t.field_name
                    value=name
                    errors=errors
                    field="name"
                    required=true
                />
                <TextField
                    id="register-phone"
                    name="phone"
                    kind="tel"
                    autocomplete="tel-national"
                    inputmode="tel"
                    label=|t| t.field_phone
                    hint=|t| t.hint_phone
                    value=phone
                    errors=errors
                    field="phone"
                    required=true
                />
                <CheckboxField
                    id="register-marketing-consent"
                    name="marketingConsent"
                    label=|t| t.field_marketing_consent
                    checked=consent
                />
                <FormMessages errors=errors/>
                <SubmitButton id="register-submit" label=|t| t.register_submit busy=busy/>
            </form>
            <p class="form-alt">
                {move || i18n.t().register_have_account}
                " "
                <A href="/account/login">{move || i18n.t().nav_login}</A>
            </p>
        </section>
    }
}
