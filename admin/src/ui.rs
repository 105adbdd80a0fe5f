//! Pieces every admin page shares: the shared UI kit (re-exported) and what a page shows for
//! its load.

use leptos::prelude::*;
use leptos_router::components::Redirect;
pub use shared::web::ui::*;

use crate::api::ClientError;
use crate::i18n::{Text, use_i18n};
use crate::session::Session;

/// What a page shows for its load `state`: the `loading` line, the refusal or a retry when it
/// failed (see [`load_error`]), nothing when ready.
pub fn load_status(
    state: Load,
    what: &'static str,
    loading: Text,
    retry: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let i18n = use_i18n();
    match state {
        Load::Loading => loading_line(move || loading(i18n.t())).into_any(),
        Load::Failed(e) => load_error(what, e, retry),
        Load::Ready => ().into_any(),
    }
}

/// What a page shows when its data did not load: the sign-in page when the credentials were
/// refused, a note when they lack the permission, else a retry button.
pub fn load_error(
    what: &'static str,
    error: ClientError,
    retry: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let i18n = use_i18n();
    if error.is_unauthenticated() {
        Session::expect().sign_out();
        return view! { <Redirect path="/login"/> }.into_any();
    }
    if error.is_forbidden() {
        return view! {
            <p class="status error no-permission" role="alert">{move || i18n.t().no_permission}</p>
        }
        .into_any();
    }
    leptos::logging::warn!("{what}: {error}");
    failed_line(
        move || i18n.t().api_unreachable,
        move || i18n.t().retry,
        retry,
    )
    .into_any()
}
