//! Sign-in with email and password. A refusal is shown above the button (never which of the two
//! was wrong); after repeated failures the server asks to wait, and the page says how long.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::account::normalize_email;

use super::form::{FormErrors, FormMessages, SubmitButton, TextField, email_problem, text};
use crate::api::{self, AuthResult};
use crate::i18n::use_i18n;
use crate::session::Session;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new("login-form");
    let busy = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let checked_email = normalize_email(&email.get_untracked())
            .map_err(|p| errors.add("email", email_problem(p)))
            .ok();
        let password = password.get_untracked();
        if password.is_empty() {
            errors.add("password", text(|t| t.err_required));
        }
        let Some(email) = checked_email else {
            return;
        };
        if errors.refused() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::login(email, password).await;
            busy.set(false);
            match result {
                Ok(AuthResult {
                    session: Some(auth),
                    ..
                }) => {
                    session.start(&auth);
                    navigate("/account", Default::default());
                }
                // Every refusal (wrong credentials, throttled) concerns the whole form.
                Ok(refused) => errors.server(&refused.errors, &[], refused.retry_after_seconds),
                Err(e) => errors.failed(&e),
            }
        });
    };

    view! {
        <section class="account-page auth" aria-labelledby="login-title">
            <h1 id="login-title">{move || i18n.t().login_title}</h1>
            <form class="account-form" id="login-form" novalidate=true on:submit=submit>
                <TextField
                    id="login-email"
                    name="email"
                    kind="email"
                    autocomplete="username"
                    label=|t| t.field_email
                    value=email
                    errors=errors
                    field="email"
                    required=true
                />
                <TextField
                    id="login-password"
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    label=|t| t.field_password
                    value=password
                    errors=errors
                    field="password"
                    required=true
                />
                <FormMessages errors=errors/>
                <SubmitButton id="login-submit" label=|t| t.login_submit busy=busy/>
            </form>
            <p class="form-alt">
                <A href="/account/reset-password">{move || i18n.t().login_forgot}</A>
            </p>
            <p class="form-alt">
                {move || i18n.t().login_no_account}
                " "
                <A href="/account/register">{move || i18n.t().nav_register}</A>
            </p>
        </section>
    }
}
