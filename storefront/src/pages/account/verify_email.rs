//! The link from the verification email: `/account/verify-email?token=…` confirms the address
//! as soon as the page opens and says how it went.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use shared::web::ui;

use super::form::{Msg, failure_msg, server_msg, text};
use crate::api;
use crate::i18n::use_i18n;
use crate::session::Session;

async fn verify(token: Option<String>) -> Result<(), Msg> {
    let Some(token) = token else {
        return Err(text(|t| t.err_link_invalid));
    };
    match api::email_verify(token).await {
        Ok(errors) => match errors.first() {
            None => Ok(()),
            Some(e) => Err(server_msg(e, None)),
        },
        Err(e) => Err(failure_msg(&e)),
    }
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let query = use_query_map();
    // Read once: the token works once, so the page must not ask again.
    let token = query
        .with_untracked(|q| q.get("token"))
        .filter(|t| !t.is_empty());
    let outcome = LocalResource::new(move || verify(token.clone()));
    view! {
        <section class="account-page auth" aria-labelledby="verify-title">
            <h1 id="verify-title">{move || i18n.t().verify_title}</h1>
            <Suspense fallback=move || {
                ui::loading_line(move || i18n.t().verify_working)
            }>
                {move || Suspend::new(async move {
                    match outcome.await {
                        Ok(()) => {
                            view! {
                                <p class="form-success" id="verify-result" role="status">
                                    {move || i18n.t().verify_done}
                                </p>
                            }
                                .into_any()
                        }
                        Err(msg) => {
                            view! {
                                <p class="form-error" id="verify-result" role="alert">
                                    {move || msg.render(i18n.t())}
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
            <p class="form-alt">
                <Show
                    when=move || session.signed_in()
                    fallback=move || {
                        view! { <A href="/account/login">{move || i18n.t().nav_login}</A> }
                    }
                >
                    <A href="/account">{move || i18n.t().go_to_account}</A>
                </Show>
            </p>
        </section>
    }
}
