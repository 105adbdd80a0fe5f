//! The account page: who the member is (email and whether it is verified, membership grade),
//! the profile form (name, phone, marketing consent), the password change and the saved
//! shipping addresses. Signed-out visitors are sent to the sign-in page.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use shared::account::{check_password, check_postal_code};
use shared::web::ui;

use super::form::{
    ADDRESS_MAX, CheckboxField, FormErrors, FormMessages, FormSuccess, Msg, NAME_MAX, SubmitButton,
    TextField, check_phone, check_text, failure_msg, local_date, password_problem,
    postal_code_problem, server_msg, text,
};
use crate::api::{self, Address, AddressInput, AuthResult, Member};
use crate::i18n::use_i18n;
use crate::pages::shop::orders::OrderHistory;
use crate::session::Session;

const LOGIN: &str = "/account/login";

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    if !session.signed_in_untracked() {
        return view! { <Redirect path=LOGIN/> }.into_any();
    }
    let me = LocalResource::new(move || api::me(session));
    view! {
        <section class="account-page" aria-labelledby="account-title">
            <h1 id="account-title">{move || i18n.t().account_title}</h1>
            <Suspense fallback=move || {
                ui::loading_line(move || i18n.t().account_loading)
            }>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(member)) => view! { <AccountDetails member=member/> }.into_any(),
                        Ok(None) => {
                            session.clear();
                            view! { <Redirect path=LOGIN/> }.into_any()
                        }
                        Err(e) if e.is_unauthenticated() => {
                            session.clear();
                            view! { <Redirect path=LOGIN/> }.into_any()
                        }
                        Err(e) => {
                            leptos::logging::warn!("me: {e}");
                            view! {
                                <div class="status error" role="alert">
                                    <p>{move || i18n.t().account_load_failed}</p>
                                    <button type="button" on:click=move |_| me.refetch()>
                                        {move || i18n.t().retry}
                                    </button>
                                </div>
                            }
                            .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// Reads the member again after a change (without showing the loading state).
async fn reload(session: Session, member: RwSignal<Member>) {
    match api::me(session).await {
        Ok(Some(m)) => member.set(m),
        Ok(None) => {}
        Err(e) => leptos::logging::warn!("me: {e}"),
    }
}

#[component]
fn AccountDetails(member: Member) -> impl IntoView {
    let member = RwSignal::new(member);
    view! {
        <Summary member=member/>
        <OrderHistory/>
        <ProfileForm member=member/>
        <PasswordForm member=member/>
        <Addresses member=member/>
    }
}

/// Who the member is: name, email (verified or not), grade, phone, marketing consent.
#[component]
fn Summary(member: RwSignal<Member>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let resent = RwSignal::new(None::<Msg>);
    let resend_busy = RwSignal::new(false);
    let resend = move |_| {
        resend_busy.set(true);
        spawn_local(async move {
            let outcome = match api::email_verification_resend(session).await {
                Ok(done) if done.ok => text(|t| t.email_resent),
                Ok(done) => done
                    .errors
                    .first()
                    .map_or_else(|| text(|t| t.err_invalid), |e| server_msg(e, None)),
                Err(e) => failure_msg(&e),
            };
            resend_busy.set(false);
            resent.set(Some(outcome));
        });
    };
    let verified = move || member.with(|m| m.email_verified_at.is_some());
    let consent_since = move || {
        member.with(|m| {
            m.marketing_consent_at
                .as_deref()
                .map(|at| format!("({} {})", i18n.t().since, local_date(at, i18n.lang())))
        })
    };
    view! {
        <section class="account-summary">
            <dl class="account-facts">
                <div>
                    <dt>{move || i18n.t().field_name}</dt>
                    <dd id="account-name">{move || member.with(|m| m.name.clone())}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t().field_email}</dt>
                    <dd>
                        <span id="account-email">{move || member.with(|m| m.email.clone())}</span>
                        " "
                        <span
                            id="account-email-status"
                            class="badge"
                            class:verified=verified
                            data-verified=move || verified().to_string()
                        >
                            {move || {
                                if verified() {
                                    i18n.t().email_verified
                                } else {
                                    i18n.t().email_unverified
                                }
                            }}
                        </span>
                        <Show when=move || !verified()>
                            " "
                            <button
                                type="button"
                                id="email-resend"
                                class="link-button"
                                disabled=move || resend_busy.get()
                                on:click=resend
                            >
                                {move || i18n.t().email_resend}
                            </button>
                        </Show>
                        {move || {
                            resent
                                .get()
                                .map(|msg| {
                                    view! {
                                        <p class="form-note" role="status">
                                            {move || msg.render(i18n.t())}
                                        </p>
                                    }
                                })
                        }}
                    </dd>
                </div>
                <div>
                    <dt>{move || i18n.t().label_grade}</dt>
                    <dd id="account-grade">{move || member.with(|m| i18n.t().grade(&m.grade))}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t().field_phone}</dt>
                    <dd id="account-phone">{move || member.with(|m| m.phone.clone())}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t().label_marketing}</dt>
                    <dd id="account-marketing">
                        {move || {
                            if member.with(|m| m.marketing_consent) {
                                i18n.t().marketing_yes
                            } else {
                                i18n.t().marketing_no
                            }
                        }}
                        " "
                        <small>{consent_since}</small>
                    </dd>
                </div>
            </dl>
        </section>
    }
}

/// Name, phone and marketing consent (`accountUpdate`).
#[component]
fn ProfileForm(member: RwSignal<Member>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let (name, phone, consent) = member.with_untracked(|m| {
        (
            RwSignal::new(m.name.clone()),
            RwSignal::new(m.phone.clone()),
            RwSignal::new(m.marketing_consent),
        )
    });
    let errors = FormErrors::new("profile-form");
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<Msg>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        done.set(None);
        let checked_name = check_text(&name.get_untracked(), NAME_MAX)
            .map_err(|m| errors.add("name", m))
            .ok();
        let checked_phone = check_phone(&phone.get_untracked())
            .map_err(|m| errors.add("phone", m))
            .ok();
        let (Some(new_name), Some(new_phone)) = (checked_name, checked_phone) else {
            return;
        };
        let new_consent = consent.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let result =
                api::account_update(session, new_name, new_phone.display(), new_consent).await;
            busy.set(false);
            match result {
                Ok(Ok(profile)) => {
                    session.rename(&profile.name);
                    name.set(profile.name.clone());
                    phone.set(profile.phone.clone());
                    consent.set(profile.marketing_consent);
                    member.update(|m| {
                        m.name = profile.name;
                        m.phone = profile.phone;
                        m.marketing_consent = profile.marketing_consent;
                        m.marketing_consent_at = profile.marketing_consent_at;
                    });
                    done.set(Some(text(|t| t.profile_saved)));
                }
                Ok(Err(refused)) => errors.server(&refused, &["name", "phone"], None),
                Err(e) => errors.failed(&e),
            }
        });
    };

    view! {
        <section class="account-section" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{move || i18n.t().profile_heading}</h2>
            <form class="account-form" id="profile-form" novalidate=true on:submit=submit>
                <TextField
                    id="profile-name"
                    name="name"
                    autocomplete="name"
                    label=|t| t.field_name
                    value=name
                    errors=errors
                    field="name"
                    required=true
                />
                <TextField
                    id="profile-phone"
                    name="phone"
                    kind="tel"
                    autocomplete="tel-national"
                    inputmode="tel"
                    label=|t| t.field_phone
                    hint=|t| t.hint_phone
                    value=phone
                    errors=errors
                    field="phone"
                    required=true
                />
                <CheckboxField
                    id="profile-marketing-consent"
                    name="marketingConsent"
                    label=|t| t.field_marketing_consent
                    checked=consent
                />
                <FormMessages errors=errors/>
                <FormSuccess done=done/>
                <SubmitButton id="profile-submit" label=|t| t.profile_save busy=busy/>
            </form>
        </section>
    }
}

/// The password change; the server answers with a new session (the others end).
#[component]
fn PasswordForm(member: RwSignal<Member>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new("password-form");
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<Msg>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        done.set(None);
        let current_password = current.get_untracked();
        let new_password = new.get_untracked();
        if current_password.is_empty() {
            errors.add("currentPassword", text(|t| t.err_required));
        }
        let email = member.with_untracked(|m| m.email.clone());
        if let Err(p) = check_password(&new_password, &email) {
            errors.add("newPassword", password_problem(p));
        } else if confirm.get_untracked() != new_password {
            errors.add("newPasswordConfirm", text(|t| t.err_password_mismatch));
        }
        if errors.refused() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = api::password_change(session, current_password, new_password).await;
            busy.set(false);
            match result {
                Ok(AuthResult {
                    session: Some(auth),
                    ..
                }) => {
                    session.start(&auth);
                    for field in [current, new, confirm] {
                        field.set(String::new());
                    }
                    done.set(Some(text(|t| t.password_changed)));
                }
                Ok(refused) => errors.server(
                    &refused.errors,
                    &["currentPassword", "newPassword"],
                    refused.retry_after_seconds,
                ),
                Err(e) => errors.failed(&e),
            }
        });
    };

    view! {
        <section class="account-section" aria-labelledby="password-heading">
            <h2 id="password-heading">{move || i18n.t().password_heading}</h2>
            <form class="account-form" id="password-form" novalidate=true on:submit=submit>
                <TextField
                    id="password-current"
                    name="currentPassword"
                    kind="password"
                    autocomplete="current-password"
                    label=|t| t.field_current_password
                    value=current
                    errors=errors
                    field="currentPassword"
                    required=true
                />
                <TextField
                    id="password-new"
                    name="newPassword"
                    kind="password"
                    autocomplete="new-password"
                    label=|t| t.field_new_password
                    hint=|t| t.hint_password
                    value=new
                    errors=errors
                    field="newPassword"
                    required=true
                />
                <TextField
                    id="password-confirm"
                    name="newPasswordConfirm"
                    kind="password"
                    autocomplete="new-password"
                    label=|t| t.field_new_password_confirm
                    value=confirm
                    errors=errors
                    field="newPasswordConfirm"
                    required=true
                />
                <FormMessages errors=errors/>
                <FormSuccess done=done/>
                <SubmitButton id="password-submit" label=|t| t.password_change_submit busy=busy/>
            </form>
        </section>
    }
}

/// The saved addresses (default first) with their actions, and the form to add one.
#[component]
fn Addresses(member: RwSignal<Member>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let list_error = RwSignal::new(None::<Msg>);
    let pending = RwSignal::new(false);
    // Makes an address the default (`delete == false`) or deletes it.
    let act = move |id: String, delete: bool| {
        if pending.get_untracked() {
            return;
        }
        list_error.set(None);
        pending.set(true);
        spawn_local(async move {
            let result = if delete {
                api::address_delete(session, id).await
            } else {
                api::address_set_default(session, id).await
            };
            match result {
                Ok(errors) if errors.is_empty() => reload(session, member).await,
                Ok(errors) => {
                    list_error.set(Some(
                        errors
                            .first()
                            .map_or_else(|| text(|t| t.err_invalid), |e| server_msg(e, None)),
                    ));
                }
                Err(e) => list_error.set(Some(failure_msg(&e))),
            }
            pending.set(false);
        });
    };
    let addresses = move || member.with(|m| m.addresses.clone());

    view! {
        <section class="account-section" aria-labelledby="addresses-heading">
            <h2 id="addresses-heading">{move || i18n.t().addresses_heading}</h2>
            <Show
                when=move || member.with(|m| !m.addresses.is_empty())
                fallback=move || {
                    view! {
                        <p class="status empty" id="addresses-empty">
                            {move || i18n.t().addresses_empty}
                        </p>
                    }
                }
            >
                <ul class="address-list" id="address-list">
                    {move || {
                        addresses()
                            .into_iter()
                            .map(|a| address_item(a, pending, act))
                            .collect_view()
                    }}
                </ul>
            </Show>
            {move || {
                list_error
                    .get()
                    .map(|msg| {
                        view! { <p class="form-error" role="alert">{move || msg.render(i18n.t())}</p> }
                    })
            }}
            <AddressForm member=member/>
        </section>
    }
}

fn address_item(
    a: Address,
    pending: RwSignal<bool>,
    act: impl Fn(String, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let (default_id, delete_id) = (a.id.clone(), a.id.clone());
    let detail = (!a.detail_address.is_empty()).then(|| format!(" {}", a.detail_address));
    view! {
        <li class="address" class:default=a.is_default data-id=a.id.clone()>
            <p class="address-recipient">
                <strong>{a.recipient}</strong>
                {a
                    .is_default
                    .then(|| {
                        view! {
                            <span class="badge default">
                                {move || i18n.t().address_default_badge}
                            </span>
                        }
                    })}
            </p>
            <p class="address-phone">{a.phone}</p>
            <p class="address-lines">
                {format!("({}) {}", a.postal_code, a.road_address)}
                {detail}
            </p>
            <div class="address-actions">
                {(!a.is_default)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="address-set-default"
                                disabled=move || pending.get()
                                on:click=move |_| act(default_id.clone(), false)
                            >
                                {move || i18n.t().address_set_default}
                            </button>
                        }
                    })}
                <button
                    type="button"
                    class="address-delete"
                    disabled=move || pending.get()
                    on:click=move |_| act(delete_id.clone(), true)
                >
                    {move || i18n.t().address_delete}
                </button>
            </div>
        </li>
    }
}

/// Adds a shipping address (`addressCreate`).
#[component]
fn AddressForm(member: RwSignal<Member>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let recipient = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let postal_code = RwSignal::new(String::new());
    let road_address = RwSignal::new(String::new());
    let detail_address = RwSignal::new(String::new());
    let is_default = RwSignal::new(false);
    let errors = FormErrors::new("address-form");
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<Msg>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        done.set(None);
        let checked_recipient = check_text(&recipient.get_untracked(), NAME_MAX)
            .map_err(|m| errors.add("recipient", m))
            .ok();
        let checked_phone = check_phone(&phone.get_untracked())
            .map_err(|m| errors.add("phone", m))
            .ok();
        let checked_postal = check_postal_code(&postal_code.get_untracked())
            .map_err(|p| errors.add("postalCode", postal_code_problem(p)))
            .ok();
        let checked_road = check_text(&road_address.get_untracked(), ADDRESS_MAX)
            .map_err(|m| errors.add("roadAddress", m))
            .ok();
        let detail = detail_address.get_untracked().trim().to_owned();
        if detail.chars().count() > ADDRESS_MAX {
            errors.add("detailAddress", text(|t| t.err_too_long));
        }
        let (Some(recipient_v), Some(phone_v), Some(postal_v), Some(road_v)) = (
            checked_recipient,
            checked_phone,
            checked_postal,
            checked_road,
        ) else {
            return;
        };
        if errors.refused() {
            return;
        }
        let input = AddressInput {
            recipient: recipient_v,
            phone: phone_v.display(),
            postal_code: postal_v,
            road_address: road_v,
            detail_address: detail,
            is_default: is_default.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            let result = api::address_create(session, input).await;
            match result {
                Ok(refused) if refused.is_empty() => {
                    reload(session, member).await;
                    for field in [recipient, phone, postal_code, road_address, detail_address] {
                        field.set(String::new());
                    }
                    is_default.set(false);
                    done.set(Some(text(|t| t.address_added)));
                }
                Ok(refused) => errors.server(
                    &refused,
                    &[
                        "recipient",
                        "phone",
                        "postalCode",
                        "roadAddress",
                        "detailAddress",
                    ],
                    None,
                ),
                Err(e) => errors.failed(&e),
            }
            busy.set(false);
        });
    };

    view! {
        <form class="account-form address-form" id="address-form" novalidate=true on:submit=submit>
            <h3>{move || i18n.t().address_add_heading}</h3>
            <TextField
                id="address-recipient"
                name="recipient"
                autocomplete="shipping name"
                label=|t| t.field_recipient
                value=recipient
                errors=errors
                field="recipient"
                required=true
            />
            <TextField
                id="address-phone"
                name="addressPhone"
                kind="tel"
                autocomplete="shipping tel-national"
                inputmode="tel"
                label=|t| t.field_phone
                hint=|t| t.hint_phone
                value=phone
                errors=errors
                field="phone"
                required=true
            />
            <TextField
                id="address-postal-code"
                name="postalCode"
                autocomplete="shipping postal-code"
                inputmode="numeric"
                label=|t| t.field_postal_code
                hint=|t| t.hint_postal_code
                value=postal_code
                errors=errors
                field="postalCode"
                required=true
            />
            <TextField
                id="address-road"
                name="roadAddress"
                autocomplete="shipping address-line1"
                label=|t| t.field_road_address
                value=road_address
                errors=errors
                field="roadAddress"
                required=true
            />
            <TextField
                id="address-detail"
                name="detailAddress"
                autocomplete="shipping address-line2"
                label=|t| t.field_detail_address
                value=detail_address
                errors=errors
                field="detailAddress"
            />
            <CheckboxField
                id="address-is-default"
                name="isDefault"
                label=|t| t.field_is_default
                checked=is_default
            />
            <FormMessages errors=errors/>
            <FormSuccess done=done/>
            <SubmitButton id="address-submit" label=|t| t.address_add_submit busy=busy/>
        </form>
    }
}
