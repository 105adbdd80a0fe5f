//! Setting a password from an invitation or `jangteo staff create` link
//! (`/admin/set-password?token=…`); then on to sign-in, where the authenticator app is enrolled.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::i18n::use_i18n;

#[component]
pub fn SetPassword() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
        let value = password.get_untracked();
        if value.chars().count() < shared::account::PASSWORD_MIN {
            error.set(Some(i18n.t().password_too_short.to_owned()));
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = api::staff_password_set(token, value).await;
            busy.set(false);
            match result {
                Ok(payload) if payload.staff.is_some() => navigate("/login", Default::default()),
                Ok(payload) => error.set(payload.user_errors.into_iter().next().map(|e| e.message)),
                Err(e) => error.set(Some(format!("{} ({e})", i18n.t().api_unreachable))),
            }
        });
    };
    view! {
        <section class="login" aria-labelledby="set-password-title">
            <h1 id="set-password-title">{move || i18n.t().set_password_title}</h1>
            <form class="login-form" on:submit=submit>
                <label for="new-password">{move || i18n.t().login_password}</label>
                <input
                    id="new-password"
                    name="password"
                    type="password"
                    autocomplete="new-password"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
                <Show when=move || error.with(Option::is_some)>
                    <p class="field-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <button id="set-password-submit" type="submit" disabled=move || busy.get()>
                    {move || i18n.t().set_password_submit}
                </button>
            </form>
        </section>
    }
}
