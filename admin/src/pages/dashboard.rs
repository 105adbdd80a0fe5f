//! The dashboard: the landing page for signed-in staff.

use crate::ui;
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api;
use crate::i18n::use_i18n;
use crate::session::Session;

#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let viewer = LocalResource::new(move || api::viewer(session));
    view! {
        <Transition fallback=move || {
            ui::loading_line(move || i18n.t().checking_session)
        }>
            {move || Suspend::new(async move {
                match viewer.await {
                    Ok(viewer) => match viewer {
                        Some(v) => {
                            view! {
                                <section>
                                    <h1>{move || i18n.t().welcome} ", " {v.name}</h1>
                                    <p>{move || i18n.t().dashboard_intro}</p>
                                </section>
                            }
                            .into_any()
                        }
                        None => view! { <Redirect path="/login"/> }.into_any(),
                    },
                    Err(error) if error.is_unauthenticated() => {
                        session.sign_out();
                        view! { <Redirect path="/login"/> }.into_any()
                    }
                    Err(error) => {
                        leptos::logging::warn!("viewer: {error}");
                        view! {
                            <div class="status error" role="alert">
                                <p>{move || i18n.t().api_unreachable}</p>
                                <button type="button" on:click=move |_| viewer.refetch()>
                                    {move || i18n.t().retry}
                                </button>
                            </div>
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}
