//! The shop's policies, `/policies`: the terms of use (이용약관), the privacy policy
//! (개인정보처리방침) and the exchange and returns policy (교환·반품 안내) the storefront's footer
//! links to. Staff write one in the rich-text editor and publish it, after a question saying
//! what that does: each publication is a new version (the server cleans the HTML), orders
//! record the versions their shoppers agreed to, and earlier versions stay in the history.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::web::ui::Confirm;

use crate::api::{self, ChannelName, Policy, PolicyKind, UserErrorCode};
use crate::i18n::{Messages, use_i18n};
use crate::pages::product_editor::rich_text::RichEditor;
use crate::pages::short_time;
use crate::session::Session;
use crate::ui::{self, Toasts, load_error};

fn kind_name(t: &'static Messages, kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Terms => t.policy_terms,
        PolicyKind::Privacy => t.policy_privacy,
        PolicyKind::Returns => t.policy_returns,
    }
}

#[component]
pub fn Policies() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let channels = LocalResource::new(move || api::policy_channels(session));
    view! {
        <section class="policies-page" aria-labelledby="policies-title">
            <h1 id="policies-title">{move || i18n.t().policies_title}</h1>
            <p class="intro">{move || i18n.t().policies_intro}</p>
            <Suspense fallback=move || ui::loading_line(move || i18n.t().loading)>
                {move || Suspend::new(async move {
                    match channels.await {
                        Ok(list) => view! { <PolicyEditor channels=list/> }.into_any(),
                        Err(e) => load_error("policies", e, move || channels.refetch()),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PolicyEditor(channels: Vec<ChannelName>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let toasts = Toasts::expect();
    let channels = StoredValue::new(channels);
    let chosen = RwSignal::new(0_usize);
    let kind = RwSignal::new(PolicyKind::Terms);
    let channel_id = move || {
        channels.with_value(|c| {
            c.get(chosen.get())
                .map(|c| c.id.clone())
                .unwrap_or_default()
        })
    };
    let history = LocalResource::new(move || {
        let id = channel_id();
        async move { api::policies(session, id).await }
    });
    let node = NodeRef::<leptos::html::Div>::new();
    let dirty = RwSignal::new(false);
    let error = RwSignal::new(None::<fn(&'static Messages) -> &'static str>);
    let confirm_open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let versions = move || -> Vec<Policy> {
        let k = kind.get();
        history
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.kind == k)
            .collect()
    };
    let publish = move |()| {
        let Some(editor) = node.get_untracked() else {
            return;
        };
        let body = editor.inner_html();
        let (id, k) = (channel_id(), kind.get_untracked());
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::policy_publish(session, id, k, body).await {
                Ok(Ok(policy)) => {
                    let v = policy.version;
                    toasts.show(move || i18n.t().policy_published.replace("{v}", &v.to_string()));
                    dirty.set(false);
                    history.refetch();
                }
                Ok(Err(refused)) => {
                    error.set(Some(match refused.first().map(|e| e.code) {
                        Some(UserErrorCode::TooLong) => |t| t.policy_err_too_long,
                        _ => |t| t.policy_err_blank,
                    }));
                    if let Some(editor) = node.get_untracked() {
                        let _ = editor.focus();
                    }
                }
                Err(e) => {
                    leptos::logging::warn!("policy publish: {e}");
                    toasts.show(move || i18n.t().api_unreachable.to_owned());
                }
            }
            busy.set(false);
        });
    };
    view! {
        <div class="policy-editor">
            <Show when=move || channels.with_value(|c| c.len() > 1)>
                <div class="field">
                    <label for="policy-channel">{move || i18n.t().seller_channel}</label>
                    <select id="policy-channel" on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse() {
                            chosen.set(i);
                        }
                    }>
                        {channels.with_value(|c| c.iter().enumerate().map(|(i, c)| view! {
                            <option value=i.to_string() selected=move || chosen.get() == i>{c.name.clone()}</option>
                        }).collect_view())}
                    </select>
                </div>
            </Show>
            <div class="field">
                <label for="policy-kind">{move || i18n.t().policy_kind}</label>
                <select id="policy-kind" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some(k) = PolicyKind::ALL.into_iter().find(|k| k.slug() == value) {
                        kind.set(k);
                    }
                }>
                    {PolicyKind::ALL.into_iter().map(|k| view! {
                        <option value=k.slug() selected=move || kind.get() == k>{move || kind_name(i18n.t(), k)}</option>
                    }).collect_view()}
                </select>
            </div>
            <h2 id="policy-editor-title">{move || kind_name(i18n.t(), kind.get())}</h2>
            <p class="hint" id="policy-current">
                {move || match versions().first() {
                    Some(p) => i18n
                        .t()
                        .policy_current
                        .replace("{v}", &p.version.to_string())
                        .replace("{date}", &short_time(&p.published_at)),
                    None => i18n.t().policy_none.to_owned(),
                }}
            </p>
            // Drawn anew for each shop and policy, with the version in force.
            {move || {
                let html = versions().first().map(|p| p.body_html.clone()).unwrap_or_default();
                history.get().map(|_| view! {
                    <RichEditor html node dirty editable=true id="policy-body" labelledby="policy-editor-title" hint=|t| t.policy_editor_hint/>
                })
            }}
            {move || error.get().map(|m| view! { <p class="field-error" id="policy-error" role="alert">{move || m(i18n.t())}</p> })}
            <button type="button" class="primary" id="policy-publish" disabled=move || busy.get() on:click=move |_| confirm_open.set(true)>
                {move || i18n.t().policy_publish}
            </button>
            <Confirm
                open=confirm_open
                message=Signal::derive(move || i18n.t().policy_publish_confirm.to_owned())
                confirm=Signal::derive(move || i18n.t().policy_publish)
                back_label=Signal::derive(move || i18n.t().confirm_back)
                on_confirm=Callback::new(publish)
            />
            <h3>{move || i18n.t().policy_history}</h3>
            <ul class="policy-history" id="policy-history">
                {move || versions().into_iter().map(|p| view! {
                    <li>"v" {p.version} " · " <time>{short_time(&p.published_at)}</time></li>
                }).collect_view()}
            </ul>
        </div>
    }
}
