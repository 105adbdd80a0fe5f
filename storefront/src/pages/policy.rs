//! A shop's policy, `/policies/terms`, `/policies/privacy` or `/policies/returns` (the footer
//! links to each): the version in force as the shop published it (HTML the server cleaned), its
//! version and since when it applies; a policy not published yet says so.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::client::PolicyKind;

use crate::api;
use crate::head::{PageMeta, use_page_meta};
use crate::i18n::{Text, use_i18n};
use crate::pages::account::form::local_date;
use crate::pages::not_found::NotFound;

fn title(kind: PolicyKind) -> Text {
    match kind {
        PolicyKind::Terms => |t| t.policy_terms,
        PolicyKind::Privacy => |t| t.policy_privacy,
        PolicyKind::Returns => |t| t.policy_returns,
    }
}

#[component]
pub fn PolicyPage() -> impl IntoView {
    let params = use_params_map();
    move || match params
        .with(|p| p.get("kind"))
        .and_then(|k| PolicyKind::from_slug(&k))
    {
        Some(kind) => view! { <Policy kind/> }.into_any(),
        None => view! { <NotFound/> }.into_any(),
    }
}

#[component]
fn Policy(kind: PolicyKind) -> impl IntoView {
    let i18n = use_i18n();
    let name = title(kind);
    use_page_meta(move || PageMeta {
        title: Some(name(i18n.t()).to_owned()),
        ..PageMeta::default()
    });
    let policy = LocalResource::new(move || api::policy(kind));
    view! {
        <article class="policy-page" aria-labelledby="policy-title">
            <h1 id="policy-title">{move || name(i18n.t())}</h1>
            <Suspense fallback=move || shared::web::ui::loading_line(move || i18n.t().loading_more)>
                {move || Suspend::new(async move {
                    match policy.await {
                        Ok(Some(p)) => {
                            let since = p.published_at.clone();
                            view! {
                                <p class="policy-version" id="policy-version">
                                    {move || {
                                        i18n.t()
                                            .policy_version
                                            .replace("{v}", &p.version.to_string())
                                            .replace("{date}", &local_date(&since, i18n.lang()))
                                    }}
                                </p>
                                <div class="policy-body" id="policy-body" inner_html=p.body_html.clone()></div>
                            }
                                .into_any()
                        }
                        Ok(None) => view! { <p class="status empty" id="policy-missing">{move || i18n.t().policy_missing}</p> }.into_any(),
                        Err(e) => {
                            leptos::logging::warn!("policy: {e}");
                            view! { <p class="form-error" role="alert">{move || i18n.t().err_network}</p> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </article>
    }
}
