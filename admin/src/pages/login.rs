//! Signing in. Staff accounts (email, password and a one-time code from an authenticator app)
//! are not built yet, so that form is shown disabled; operators sign in with the operator token.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::i18n::use_i18n;
use crate::session::Session;

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = token.get_untracked().trim().to_owned();
        if value.is_empty() {
            error.set(Some(i18n.t().operator_invalid.to_owned()));
            return;
        }
        session.sign_in(value);
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = api::viewer(session).await;
            busy.set(false);
            match result {
                Ok(data) if data.viewer.is_some() => {
                    error.set(None);
                    navigate("/", Default::default());
                }
                Ok(_) => {
                    session.sign_out();
                    error.set(Some(i18n.t().operator_invalid.to_owned()));
                }
                Err(e) if api::is_unauthenticated(&e) => {
                    session.sign_out();
                    error.set(Some(i18n.t().operator_invalid.to_owned()));
                }
                Err(e) => {
                    session.sign_out();
                    error.set(Some(format!("{} ({e})", i18n.t().api_unreachable)));
                }
            }
        });
    };
    view! {
        <section class="login" aria-labelledby="login-title">
            <h1 id="login-title">{move || i18n.t().login_title}</h1>
            <p class="notice" role="note">{move || i18n.t().login_unavailable}</p>

            <form class="login-form operator" on:submit=submit>
                <h2>{move || i18n.t().operator_title}</h2>
                <label for="operator-token">{move || i18n.t().operator_token}</label>
                <input
                    id="operator-token"
                    name="token"
                    type="password"
                    autocomplete="off"
                    aria-describedby="operator-token-hint"
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    prop:value=move || token.get()
                    on:input=move |ev| token.set(event_target_value(&ev))
                />
                <small id="operator-token-hint">{move || i18n.t().operator_token_hint}</small>
                <Show when=move || error.with(Option::is_some)>
                    <p class="field-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <button type="submit" disabled=move || busy.get()>
                    {move || i18n.t().operator_submit}
                </button>
            </form>

            <form class="login-form staff" on:submit=|ev| ev.prevent_default()>
                <h2>{move || i18n.t().staff_title}</h2>
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
