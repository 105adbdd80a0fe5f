//! Staff: the members with their role, two-step sign-in and account status; changing a role,
//! disabling and enabling an account, resetting a lost second factor (owners), and inviting
//! someone by email.

use crate::ui;
use leptos::prelude::*;

use crate::api::{self, Permission, StaffAction, StaffRole};
use crate::i18n::use_i18n;
use crate::session::Session;

use super::short_time;
use crate::ui::load_error;

/// The role preselected in the invite form.
const INVITE_DEFAULT_ROLE: StaffRole = StaffRole::CatalogEditor;

#[component]
pub fn Staff() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let data = LocalResource::new(move || api::staff_page(session));
    // What the viewer may do, from the latest answer (for the invite form).
    let permissions = RwSignal::new(Vec::<Permission>::new());
    Effect::new(move |_| {
        if let Some(Ok(page)) = data.get() {
            permissions.set(page.viewer.map(|v| v.permissions).unwrap_or_default());
        }
    });
    let action_error = RwSignal::new(None::<String>);
    let act = move |id: String, action: StaffAction| {
        leptos::task::spawn_local(async move {
            match api::staff_change(session, id, action).await {
                Ok(message) => action_error.set(message),
                Err(e) if e.is_forbidden() => {
                    action_error.set(Some(i18n.t().no_permission.to_owned()));
                }
                Err(e) => action_error.set(Some(e.to_string())),
            }
            data.refetch();
        });
    };
    let can_invite = move || permissions.with(|p| p.contains(&Permission::StaffWrite));
    view! {
        <section class="staff" aria-labelledby="staff-title">
            <h1 id="staff-title">{move || i18n.t().staff_page_title}</h1>
            <Show when=move || action_error.with(Option::is_some)>
                <p class="action-error" role="alert">{move || action_error.get().unwrap_or_default()}</p>
            </Show>
            <Transition fallback=move || {
                ui::loading_line(move || i18n.t().staff_loading)
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => page_view(page, act).into_any(),
                        Err(e) => load_error("staff", e, move || data.refetch()),
                    }
                })}
            </Transition>
            <Show when=can_invite>
                <InviteForm on_invited=move || data.refetch()/>
            </Show>
        </section>
    }
}

fn page_view(
    page: api::StaffPage,
    act: impl Fn(String, StaffAction) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let permissions = page.viewer.map(|v| v.permissions).unwrap_or_default();
    let can_write = permissions.contains(&Permission::StaffWrite);
    let can_reset = permissions.contains(&Permission::StaffSecurity);
    let truncated = page.staff_members.page_info.has_next_page;
    let members = page.staff_members.nodes;
    if members.is_empty() {
        return view! { <p class="status">{move || i18n.t().staff_empty}</p> }.into_any();
    }
    let rows = members
        .into_iter()
        .map(|m| {
            let role = m.role;
            let (two_factor, password_set, disabled) =
                (m.two_factor_enabled, m.password_set, m.disabled);
            let on_role = {
                let id = m.id.clone();
                move |ev: leptos::ev::Event| {
                    if let Some(new) = StaffRole::from_code(&event_target_value(&ev))
                        && new != role
                    {
                        act(id.clone(), StaffAction::Role(new));
                    }
                }
            };
            let on_toggle = {
                let id = m.id.clone();
                move |_| {
                    let action = if disabled {
                        StaffAction::Enable
                    } else {
                        StaffAction::Disable
                    };
                    act(id.clone(), action);
                }
            };
            let on_reset = {
                let id = m.id.clone();
                move |_| act(id.clone(), StaffAction::ResetTwoFactor)
            };
            let last_login = m.last_login_at.map(|t| short_time(&t));
            let options = StaffRole::ALL
                .iter()
                .copied()
                .map(|r| {
                    view! {
                        <option value=r.code() selected=r == role>{move || i18n.t().role(r)}</option>
                    }
                })
                .collect_view();
            view! {
                <tr data-staff=m.id class:is-disabled=disabled>
                    <td>{m.name}</td>
                    <td>{m.email}</td>
                    <td>
                        <select
                            class="role-select"
                            aria-label=move || i18n.t().change_role
                            disabled=!can_write
                            on:change=on_role
                        >
                            {options}
                        </select>
                    </td>
                    <td class="two-factor">
                        {move || if two_factor { i18n.t().two_factor_on } else { i18n.t().two_factor_off }}
                    </td>
                    <td class="password">
                        {move || {
                            if password_set { i18n.t().password_is_set } else { i18n.t().password_invited }
                        }}
                    </td>
                    <td class="account">
                        {move || if disabled { i18n.t().account_disabled } else { i18n.t().account_active }}
                    </td>
                    <td>
                        {move || last_login.clone().unwrap_or_else(|| i18n.t().never.to_owned())}
                    </td>
                    <td class="actions">
                        {can_write
                            .then(|| {
                                if disabled {
                                    view! {
                                        <button type="button" class="enable" on:click=on_toggle>
                                            {move || i18n.t().enable_staff}
                                        </button>
                                    }
                                    .into_any()
                                } else {
                                    view! {
                                        <button type="button" class="disable" on:click=on_toggle>
                                            {move || i18n.t().disable_staff}
                                        </button>
                                    }
                                    .into_any()
                                }
                            })}
                        {can_reset
                            .then(|| {
                                view! {
                                    <button type="button" class="reset-2fa" on:click=on_reset>
                                        {move || i18n.t().reset_two_factor}
                                    </button>
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ui::TableScroll labelledby="staff-title">
            <table class="data staff-list">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().col_name}</th>
                        <th scope="col">{move || i18n.t().col_email}</th>
                        <th scope="col">{move || i18n.t().col_role}</th>
                        <th scope="col">{move || i18n.t().col_two_factor}</th>
                        <th scope="col">{move || i18n.t().col_password}</th>
                        <th scope="col">{move || i18n.t().col_account}</th>
                        <th scope="col">{move || i18n.t().col_last_login}</th>
                        <th scope="col">{move || i18n.t().col_actions}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ui::TableScroll>
        <Show when=move || truncated>
            <p class="status">{move || i18n.t().staff_truncated}</p>
        </Show>
    }
    .into_any()
}

/// Invites a member of staff by email; `on_invited` runs after the server accepted.
#[component]
fn InviteForm(on_invited: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(INVITE_DEFAULT_ROLE);
    let error = RwSignal::new(None::<String>);
    // The address the latest invitation went to.
    let sent = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (e, n, r) = (
            email.get_untracked().trim().to_owned(),
            name.get_untracked().trim().to_owned(),
            role.get_untracked(),
        );
        sent.set(None);
        if let Err(problem) = shared::account::normalize_email(&e) {
            error.set(Some(format!("{}: {problem}", i18n.t().col_email)));
            return;
        }
        if n.is_empty() {
            error.set(Some(i18n.t().name_blank.to_owned()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::staff_invite(session, e.clone(), n, r).await;
            busy.set(false);
            match result {
                Ok(None) => {
                    error.set(None);
                    sent.set(Some(e));
                    email.set(String::new());
                    name.set(String::new());
                    on_invited();
                }
                Ok(Some(message)) => error.set(Some(message)),
                Err(e) if e.is_forbidden() => {
                    error.set(Some(i18n.t().no_permission.to_owned()));
                }
                Err(e) => error.set(Some(format!("{} ({e})", i18n.t().api_unreachable))),
            }
        });
    };
    let on_role = move |ev: leptos::ev::Event| {
        if let Some(r) = StaffRole::from_code(&event_target_value(&ev)) {
            role.set(r);
        }
    };
    view! {
        <form id="invite-form" class="admin-form" on:submit=submit>
            <h2>{move || i18n.t().invite_title}</h2>
            <p class="hint">{move || i18n.t().invite_intro}</p>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || sent.with(Option::is_some)>
                <p class="form-success" role="status">
                    {move || {
                        i18n.t().invite_sent.replace("{email}", &sent.get().unwrap_or_default())
                    }}
                </p>
            </Show>
            <label for="invite-email">{move || i18n.t().col_email}</label>
            <input
                id="invite-email"
                name="email"
                type="email"
                autocomplete="off"
                prop:value=move || email.get()
                on:input=move |ev| email.set(event_target_value(&ev))
            />
            <label for="invite-name">{move || i18n.t().col_name}</label>
            <input
                id="invite-name"
                name="name"
                type="text"
                autocomplete="off"
                prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <label for="invite-role">{move || i18n.t().col_role}</label>
            <select id="invite-role" name="role" on:change=on_role>
                {StaffRole::ALL
                    .iter()
                    .copied()
                    .map(|r| {
                        view! {
                            <option value=r.code() selected=r == INVITE_DEFAULT_ROLE>
                                {move || i18n.t().role(r)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button id="invite-submit" type="submit" disabled=move || busy.get()>
                {move || i18n.t().invite_submit}
            </button>
        </form>
    }
}
