//! Forgotten passwords. Without a token the page asks for the account's email address and has a
//! reset link sent (`passwordResetRequest`, which answers the same whether or not an account
//! exists); with the link's `?token=` it takes the new password (`passwordReset`).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use shared::account::{check_password, normalize_email};

use super::form::{
    FormErrors, FormMessages, SubmitButton, TextField, email_problem, password_problem, text,
};
use crate::api;
use crate::i18n::use_i18n;
use crate::session::Session;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = Memo::new(move |_| query.with(|q| q.get("token")).filter(|t| !t.is_empty()));
    view! {
        <section class="account-page auth" aria-labelledby="reset-title">
            <h1 id="reset-title">{move || i18n.t().reset_title}</h1>
            {move || match token.get() {
                Some(token) => view! { <NewPasswordForm token=token/> }.into_any(),
                None => view! { <ResetRequestForm/> }.into_any(),
            }}
        </section>
    }
}

/// Asks for a reset link.
#[component]
fn ResetRequestForm() -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let errors = FormErrors::new("reset-request-form");
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let address = match normalize_email(&email.get_untracked()) {
            Ok(address) => address,
            Err(p) => {
                errors.add("email", email_problem(p));
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            let result = api::password_reset_request(address).await;
            busy.set(false);
            match result {
                Ok(done) if done.ok => sent.set(true),
                Ok(done) => errors.server(&done.errors, &["email"], None),
                Err(e) => errors.failed(&e),
            }
        });
    };

    view! {
        <Show
            when=move || sent.get()
            fallback=move || {
                view! {
                    <p class="intro">{move || i18n.t().reset_request_intro}</p>
                    <form
                        class="account-form"
                        id="reset-request-form"
                        novalidate=true
                        on:submit=submit
                    >
                        <TextField
                            id="reset-email"
                            name="email"
                            kind="email"
                            autocomplete="email"
                            label=|t| t.field_email
                            value=email
                            errors=errors
                            field="email"
                            required=true
                        />
                        <FormMessages errors=errors/>
                        <SubmitButton
                            id="reset-request-submit"
                            label=|t| t.reset_request_submit
                            busy=busy
                        />
                    </form>
                }
            }
        >
            <p class="form-success" id="reset-request-sent" role="status">
                {move || i18n.t().reset_request_sent}
            </p>
        </Show>
        <p class="form-alt">
            <A href="/account/login">{move || i18n.t().nav_login}</A>
        </p>
    }
}

/// Sets the new password with the link's token.
#[component]
fn NewPasswordForm(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let token = StoredValue::new(token);
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new("reset-form");
    let busy = RwSignal::new(false);
    let finished = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let new_password = password.get_untracked();
        // The account's email address is unknown here; the server also checks against it.
        if let Err(p) = check_password(&new_password, "") {
            errors.add("password", password_problem(p));
        } else if confirm.get_untracked() != new_password {
            errors.add("passwordConfirm", text(|t| t.err_password_mismatch));
        }
        if errors.refused() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = api::password_reset(token.get_value(), new_password).await;
            busy.set(false);
            match result {
                Ok(done) if done.ok => {
                    // Every session of the account has ended, this browser's too.
                    session.clear();
                    finished.set(true);
                }
                Ok(done) => errors.server(&done.errors, &["password"], None),
                Err(e) => errors.failed(&e),
            }
        });
    };

    view! {
        <Show
            when=move || finished.get()
            fallback=move || {
                view! {
                    <form class="account-form" id="reset-form" novalidate=true on:submit=submit>
                        <TextField
                            id="reset-password"
                            name="password"
                            kind="password"
                            autocomplete="new-password"
                            label=|t| t.field_new_password
                            hint=|t| t.hint_password
                            value=password
                            errors=errors
                            field="password"
                            required=true
                        />
                        <TextField
                            id="reset-password-confirm"
                            name="passwordConfirm"
                            kind="password"
                            autocomplete="new-password"
                            label=|t| t.field_new_password_confirm
                            value=confirm
                            errors=errors
                            field="passwordConfirm"
                            required=true
                        />
                        <FormMessages errors=errors/>
                        <SubmitButton id="reset-submit" label=|t| t.reset_submit busy=busy/>
                    </form>
                }
            }
        >
            <p class="form-success" id="reset-done" role="status">
                {move || i18n.t().reset_done}
            </p>
            <p class="form-alt">
                <A href="/account/login">{move || i18n.t().nav_login}</A>
            </p>
        </Show>
    }
}
