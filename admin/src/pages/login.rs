//! Signing in: email and password, then a code from an authenticator app. At the first sign-in
//! the app is enrolled (QR code and setup key) and one-time recovery codes are shown once.
//! Operators' scripts may still use the operator token, under "operator token" below.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::i18n::use_i18n;
use crate::session::Session;
use crate::ui::TextField;

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Password,
    Enrol {
        challenge: String,
        secret: String,
        qr: String,
    },
    Verify {
        challenge: String,
    },
    Recovery {
        codes: Vec<String>,
    },
}

/// The QR code SVG as a `data:` URL (allowed by the admin's CSP).
fn svg_data_url(svg: &str) -> String {
    let encoded = web_sys::window()
        .and_then(|w| w.btoa(svg).ok())
        .unwrap_or_default();
    format!("data:image/svg+xml;base64,{encoded}")
}

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let navigate = use_navigate();
    let step = RwSignal::new(Step::Password);
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let use_recovery = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let message_of = move |errors: Vec<String>, retry: Option<i64>| -> String {
        match retry {
            Some(s) => i18n.t().login_retry_after.replace("{s}", &s.to_string()),
            None => errors.into_iter().next().unwrap_or_default(),
        }
    };

    let submit_password = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (e, p) = (email.get_untracked(), password.get_untracked());
        if let Err(problem) = shared::account::normalize_email(&e) {
            error.set(Some(format!("{}: {problem}", i18n.t().login_email)));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::staff_login(e, p).await;
            busy.set(false);
            match result {
                Ok(payload) => match payload.challenge {
                    Some(ch) => {
                        error.set(None);
                        code.set(String::new());
                        step.set(match ch.enrolment {
                            Some(en) => Step::Enrol {
                                challenge: ch.token,
                                secret: en.secret,
                                qr: svg_data_url(&en.qr_code_svg),
                            },
                            None => Step::Verify {
                                challenge: ch.token,
                            },
                        });
                    }
                    None => error.set(Some(message_of(
                        payload.user_errors.into_iter().map(|e| e.message).collect(),
                        payload.retry_after_seconds,
                    ))),
                },
                Err(e) => error.set(Some(format!("{} ({e})", i18n.t().api_unreachable))),
            }
        });
    };

    let navigate_home = navigate.clone();
    let submit_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let challenge = match step.get_untracked() {
            Step::Enrol { challenge, .. } | Step::Verify { challenge } => challenge,
            _ => return,
        };
        let value = code.get_untracked().trim().to_owned();
        let (totp, recovery) = if use_recovery.get_untracked() {
            (None, Some(value))
        } else {
            (Some(value), None)
        };
        busy.set(true);
        let navigate = navigate_home.clone();
        leptos::task::spawn_local(async move {
            let result = api::staff_login_verify(challenge, totp, recovery).await;
            busy.set(false);
            match result {
                Ok(payload) => match payload.session {
                    Some(s) => {
                        error.set(None);
                        session.sign_in(s.token);
                        match payload.recovery_codes {
                            Some(codes) => step.set(Step::Recovery { codes }),
                            None => navigate("/", Default::default()),
                        }
                    }
                    None => {
                        let expired = payload
                            .user_errors
                            .iter()
                            .any(|e| e.code == api::UserErrorCode::Expired);
                        error.set(Some(message_of(
                            payload.user_errors.into_iter().map(|e| e.message).collect(),
                            payload.retry_after_seconds,
                        )));
                        if expired {
                            step.set(Step::Password);
                        }
                    }
                },
                Err(e) => error.set(Some(format!("{} ({e})", i18n.t().api_unreachable))),
            }
        });
    };

    let code_form = move || {
        view! {
            <form class="login-form staff" on:submit=submit_code.clone()>
                <label for="login-code">
                    {move || if use_recovery.get() { i18n.t().recovery_code } else { i18n.t().login_code }}
                </label>
                <input
                    id="login-code"
                    name="code"
                    inputmode=move || if use_recovery.get() { "text" } else { "numeric" }
                    autocomplete="one-time-code"
                    aria-describedby="login-code-hint"
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                />
                <Show when=move || !use_recovery.get()>
                    <small id="login-code-hint">{move || i18n.t().login_code_hint}</small>
                </Show>
                <button id="verify-submit" type="submit" disabled=move || busy.get()>
                    {move || i18n.t().login_submit}
                </button>
                <button
                    type="button"
                    class="link"
                    on:click=move |_| use_recovery.update(|v| *v = !*v)
                >
                    {move || i18n.t().use_recovery}
                </button>
            </form>
        }
    };

    let navigate_after_codes = navigate.clone();
    view! {
        <section class="login" aria-labelledby="login-title">
            <h1 id="login-title">{move || i18n.t().login_title}</h1>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || match step.get() {
                Step::Password => view! {
                    <form class="login-form staff" on:submit=submit_password>
                        <h2>{move || i18n.t().staff_title}</h2>
                        <TextField
                            id="login-email"
                            name="email"
                            kind="email"
                            autocomplete=Some("username")
                            label=Signal::derive(move || i18n.t().login_email)
                            value=email
                        />
                        <TextField
                            id="login-password"
                            name="password"
                            kind="password"
                            autocomplete=Some("current-password")
                            label=Signal::derive(move || i18n.t().login_password)
                            value=password
                        />
                        <button id="login-submit" type="submit" disabled=move || busy.get()>
                            {move || i18n.t().login_next}
                        </button>
                    </form>
                }
                .into_any(),
                Step::Enrol { secret, qr, .. } => view! {
                    <div class="enrol">
                        <h2>{move || i18n.t().enrol_title}</h2>
                        <p>{move || i18n.t().enrol_intro}</p>
                        <img id="enrol-qr" src=qr alt="QR" width="200" height="200"/>
                        <p>
                            {move || i18n.t().enrol_secret} ": "
                            <code id="enrol-secret">{secret}</code>
                        </p>
                        {code_form()}
                    </div>
                }
                .into_any(),
                Step::Verify { .. } => view! {
                    <div class="verify">
                        <h2>{move || i18n.t().verify_title}</h2>
                        {code_form()}
                    </div>
                }
                .into_any(),
                Step::Recovery { codes } => {
                    let navigate = navigate_after_codes.clone();
                    view! {
                        <div class="recovery">
                            <h2>{move || i18n.t().recovery_title}</h2>
                            <p>{move || i18n.t().recovery_intro}</p>
                            <ul id="recovery-codes">
                                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                            </ul>
                            <button
                                id="recovery-continue"
                                type="button"
                                on:click=move |_| navigate("/", Default::default())
                            >
                                {move || i18n.t().continue_label}
                            </button>
                        </div>
                    }
                    .into_any()
                }
            }}
            <details class="operator">
                <summary>{move || i18n.t().operator_details}</summary>
                <OperatorForm/>
            </details>
        </section>
    }
}

/// Sign-in with the operator token from the server's configuration.
#[component]
fn OperatorForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = token.get_untracked().trim().to_owned();
        if value.is_empty() {
            error.set(Some(i18n.t().operator_invalid.to_owned()));
            return;
        }
        session.sign_in(value);
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = api::viewer(session).await;
            busy.set(false);
            match result {
                Ok(Some(_)) => {
                    error.set(None);
                    navigate("/", Default::default());
                }
                Ok(_) => {
                    session.sign_out();
                    error.set(Some(i18n.t().operator_invalid.to_owned()));
                }
                Err(e) if e.is_unauthenticated() => {
                    session.sign_out();
                    error.set(Some(i18n.t().operator_invalid.to_owned()));
                }
                Err(e) => {
                    session.sign_out();
                    error.set(Some(format!("{} ({e})", i18n.t().api_unreachable)));
                }
            }
        });
    };
    view! {
        <form class="login-form operator" on:submit=submit>
            <h2>{move || i18n.t().operator_title}</h2>
            <TextField
                id="operator-token"
                name="token"
                kind="password"
                autocomplete=Some("off")
                label=Signal::derive(move || i18n.t().operator_token)
                value=token
                hint=Some(Signal::derive(move || i18n.t().operator_token_hint))
                error=error
            />
            <button type="submit" disabled=move || busy.get()>
                {move || i18n.t().operator_submit}
            </button>
        </form>
    }
}
