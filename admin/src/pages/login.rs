//! Staff sign-in: email, password and a one-time code from an authenticator app. The form is in
//! place; it is enabled once staff accounts exist on the server.

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="login" aria-labelledby="login-title">
            <h1 id="login-title">{move || i18n.t().login_title}</h1>
            <p class="notice" role="note">{move || i18n.t().login_unavailable}</p>
            <form class="login-form" on:submit=|ev| ev.prevent_default()>
                <label for="login-email">{move || i18n.t().login_email}</label>
                <input id="login-email" name="email" type="email" autocomplete="username" disabled/>
                <label for="login-password">{move || i18n.t().login_password}</label>
                <input
                    id="login-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    disabled
                />
                <label for="login-code">{move || i18n.t().login_code}</label>
                <input
                    id="login-code"
                    name="code"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    pattern="[0-9]{6}"
                    maxlength="6"
                    aria-describedby="login-code-hint"
                    disabled
                />
                <small id="login-code-hint">{move || i18n.t().login_code_hint}</small>
                <button type="submit" disabled>{move || i18n.t().login_submit}</button>
            </form>
        </section>
    }
}
