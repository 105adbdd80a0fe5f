//! Admin pages, one module per page (grouped by domain as the admin grows).

pub mod api_keys;
pub mod audit;
pub mod dashboard;
pub mod jobs;
pub mod login;
pub mod not_found;
pub mod products;
pub mod set_password;
pub mod staff;

use leptos::prelude::*;
use leptos_router::components::Redirect;
use shared::web::ClientError;

use crate::api;
use crate::i18n::use_i18n;
use crate::session::Session;

/// `2026-11-25T09:30:00.123Z` → `2026-11-25 09:30 UTC`.
pub fn short_time(t: &str) -> String {
    let t = t.replace('T', " ");
    format!("{} UTC", t.get(..16).unwrap_or(&t))
}

/// `2026-11-25T00:00:00Z` → `2026-11-25`.
pub fn short_date(t: &str) -> String {
    t.get(..10).unwrap_or(t).to_owned()
}

/// What a page shows when its data did not load: the sign-in page when the credentials were
/// refused, a note when they lack the permission, else a retry button.
pub fn load_error(
    what: &'static str,
    error: ClientError,
    retry: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let i18n = use_i18n();
    if api::is_unauthenticated(&error) {
        Session::expect().sign_out();
        return view! { <Redirect path="/login"/> }.into_any();
    }
    if api::is_forbidden(&error) {
        return view! {
            <p class="status error no-permission" role="alert">{move || i18n.t().no_permission}</p>
        }
        .into_any();
    }
    leptos::logging::warn!("{what}: {error}");
    view! {
        <div class="status error" role="alert">
            <p>{move || i18n.t().api_unreachable}</p>
            <button type="button" on:click=move |_| retry()>
                {move || i18n.t().retry}
            </button>
        </div>
    }
    .into_any()
}
