//! API keys for other services: the list with revoke, and a form that creates a key carrying
//! some of the viewer's permissions. A new key's secret is shown once, right after creation.

use crate::ui;
use leptos::prelude::*;

use crate::api::{self, Permission};
use crate::i18n::use_i18n;
use crate::session::Session;

use super::{short_date, short_time};
use crate::ui::load_error;

/// A `<input type="date">` value (`2026-11-25`) as that day's start in UTC, RFC 3339.
fn start_of_day_utc(date: &str) -> Option<String> {
    let bytes = date.as_bytes();
    let valid = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    valid.then(|| format!("{date}T00:00:00Z"))
}

#[component]
pub fn ApiKeys() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let data = LocalResource::new(move || api::api_keys_page(session));
    // What the viewer may do (and grant), from the latest answer.
    let permissions = RwSignal::new(Vec::<Permission>::new());
    Effect::new(move |_| {
        if let Some(Ok(page)) = data.get() {
            permissions.set(page.viewer.map(|v| v.permissions).unwrap_or_default());
        }
    });
    let action_error = RwSignal::new(None::<String>);
    let revoke = move |id: String| {
        leptos::task::spawn_local(async move {
            match api::api_key_revoke(session, id).await {
                Ok(message) => action_error.set(message),
                Err(e) if e.is_forbidden() => {
                    action_error.set(Some(i18n.t().no_permission.to_owned()));
                }
                Err(e) => action_error.set(Some(e.to_string())),
            }
            data.refetch();
        });
    };
    let can_create = move || permissions.with(|p| p.contains(&Permission::SettingsWrite));
    view! {
        <section class="api-keys" aria-labelledby="api-keys-title">
            <h1 id="api-keys-title">{move || i18n.t().api_keys_title}</h1>
            <p class="hint">{move || i18n.t().api_keys_intro}</p>
            <Show when=move || action_error.with(Option::is_some)>
                <p class="action-error" role="alert">{move || action_error.get().unwrap_or_default()}</p>
            </Show>
            <Transition fallback=move || {
                ui::loading_line(move || i18n.t().api_keys_loading)
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => page_view(page, revoke).into_any(),
                        Err(e) => load_error("api keys", e, move || data.refetch()),
                    }
                })}
            </Transition>
            <Show when=can_create>
                <CreateForm permissions on_created=move || data.refetch()/>
            </Show>
        </section>
    }
}

fn page_view(
    page: api::ApiKeysPage,
    revoke: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let can_write = page
        .viewer
        .is_some_and(|v| v.permissions.contains(&Permission::SettingsWrite));
    let truncated = page.api_keys.page_info.has_next_page;
    let keys = page.api_keys.nodes;
    if keys.is_empty() {
        return view! { <p class="status">{move || i18n.t().api_keys_empty}</p> }.into_any();
    }
    let rows = keys
        .into_iter()
        .map(|key| {
            let revoked = key.revoked_at.is_some();
            let scopes = key.scopes;
            let scope_names = move || {
                scopes
                    .iter()
                    .map(|p| i18n.t().permission(*p))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let expires = key.expires_at.map(|t| short_date(&t));
            let last_used = key.last_used_at.map(|t| short_time(&t));
            let revoked_at = key.revoked_at.map(|t| short_time(&t));
            let on_revoke = {
                let id = key.id.clone();
                move |_| revoke(id.clone())
            };
            view! {
                <tr data-key=key.id class:is-revoked=revoked>
                    <td>{key.name}</td>
                    <td><code>{key.prefix} "…"</code></td>
                    <td class="scopes">{scope_names}</td>
                    <td>{move || expires.clone().unwrap_or_else(|| i18n.t().never.to_owned())}</td>
                    <td>{move || last_used.clone().unwrap_or_else(|| i18n.t().never.to_owned())}</td>
                    <td>{move || revoked_at.clone().unwrap_or_else(|| i18n.t().key_active.to_owned())}</td>
                    <td class="actions">
                        {(can_write && !revoked)
                            .then(|| {
                                view! {
                                    <button type="button" class="revoke" on:click=on_revoke>
                                        {move || i18n.t().revoke_key}
                                    </button>
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ui::TableScroll labelledby="api-keys-title">
            <table class="data api-key-list">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().col_name}</th>
                        <th scope="col">{move || i18n.t().col_key}</th>
                        <th scope="col">{move || i18n.t().col_scopes}</th>
                        <th scope="col">{move || i18n.t().col_expires}</th>
                        <th scope="col">{move || i18n.t().col_last_used}</th>
                        <th scope="col">{move || i18n.t().col_revoked}</th>
                        <th scope="col">{move || i18n.t().col_actions}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ui::TableScroll>
        <Show when=move || truncated>
            <p class="status">{move || i18n.t().api_keys_truncated}</p>
        </Show>
    }
    .into_any()
}

/// Creates a key with some of `permissions`; shows its secret once; `on_created` runs after.
#[component]
fn CreateForm(
    permissions: RwSignal<Vec<Permission>>,
    on_created: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(Vec::<Permission>::new());
    let expires = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let secret = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        secret.set(None);
        let n = name.get_untracked().trim().to_owned();
        if n.is_empty() {
            error.set(Some(i18n.t().name_blank.to_owned()));
            return;
        }
        let chosen: Vec<Permission> = scopes.with_untracked(|s| {
            Permission::ALL
                .iter()
                .copied()
                .filter(|p| s.contains(p))
                .collect()
        });
        if chosen.is_empty() {
            error.set(Some(i18n.t().api_key_no_scopes.to_owned()));
            return;
        }
        let date = expires.get_untracked();
        let expires_at = match date.trim() {
            "" => None,
            d => match start_of_day_utc(d) {
                Some(at) => Some(at),
                None => {
                    error.set(Some(i18n.t().api_key_bad_date.to_owned()));
                    return;
                }
            },
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::api_key_create(session, n, chosen, expires_at).await;
            busy.set(false);
            match result {
                Ok(Ok(s)) => {
                    error.set(None);
                    secret.set(Some(s));
                    name.set(String::new());
                    scopes.set(Vec::new());
                    expires.set(String::new());
                    on_created();
                }
                Ok(Err(message)) if message.is_empty() => {
                    error.set(Some(i18n.t().request_refused.to_owned()));
                }
                Ok(Err(message)) => error.set(Some(message)),
                Err(e) if e.is_forbidden() => {
                    error.set(Some(i18n.t().no_permission.to_owned()));
                }
                Err(e) => error.set(Some(format!("{} ({e})", i18n.t().api_unreachable))),
            }
        });
    };
    let checkboxes = move || {
        permissions
            .get()
            .into_iter()
            .filter(|p| *p != Permission::Unknown)
            .map(|p| {
                view! {
                    <label class="scope">
                        <input
                            type="checkbox"
                            name="scope"
                            value=p.code()
                            prop:checked=move || scopes.with(|s| s.contains(&p))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                scopes.update(|s| {
                                    s.retain(|x| *x != p);
                                    if on {
                                        s.push(p);
                                    }
                                });
                            }
                        />
                        " "
                        {move || i18n.t().permission(p)}
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <form id="api-key-form" class="admin-form" on:submit=submit>
            <h2>{move || i18n.t().api_key_create_title}</h2>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || secret.with(Option::is_some)>
                <div class="secret-box" role="status">
                    <p class="form-success">{move || i18n.t().api_key_created}</p>
                    <p class="warning">{move || i18n.t().api_key_secret_warning}</p>
                    <code id="api-key-secret">{move || secret.get().unwrap_or_default()}</code>
                </div>
            </Show>
            <label for="api-key-name">{move || i18n.t().col_name}</label>
            <input
                id="api-key-name"
                name="name"
                type="text"
                autocomplete="off"
                prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <fieldset class="scopes">
                <legend>{move || i18n.t().col_scopes}</legend>
                <small>{move || i18n.t().api_key_scopes_hint}</small>
                {checkboxes}
            </fieldset>
            <label for="api-key-expires">{move || i18n.t().api_key_expires}</label>
            <input
                id="api-key-expires"
                name="expiresAt"
                type="date"
                aria-describedby="api-key-expires-hint"
                prop:value=move || expires.get()
                on:input=move |ev| expires.set(event_target_value(&ev))
            />
            <small id="api-key-expires-hint">{move || i18n.t().api_key_expires_hint}</small>
            <button id="api-key-submit" type="submit" disabled=move || busy.get()>
                {move || i18n.t().api_key_submit}
            </button>
        </form>
    }
}
