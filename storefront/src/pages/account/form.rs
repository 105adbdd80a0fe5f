//! What the account forms share: messages tied to fields (translated when shown, so they follow a
//! language switch), the field components, and the translation of the shared input rules' and
//! the server's refusals.

use leptos::prelude::*;
use shared::KrMobile;
use shared::account::Problem;
use shared::web::{ClientError, Lang, ui};

use crate::api::{FieldError, UserErrorCode};
use crate::i18n::{Messages, Text, use_i18n};

pub use shared::account::{ADDRESS_MAX, NAME_MAX};

/// A message for the shopper.
#[derive(Debug, Clone)]
pub enum Msg {
    Text(Text),
    /// Throttled: try again after this many seconds.
    Wait(i64),
    /// A sentence from the server that no catalog string fits.
    Server(String),
}

impl Msg {
    pub fn render(&self, t: &'static Messages) -> String {
        match self {
            Msg::Text(text) => text(t).to_owned(),
            Msg::Wait(secs) => t.err_throttled.replace("{s}", &secs.to_string()),
            Msg::Server(message) => message.clone(),
        }
    }
}

/// Shorthand for a catalog message.
pub fn text(text: Text) -> Msg {
    Msg::Text(text)
}

/// The message for a refused field, by the server's code and the field it names.
pub fn server_msg(error: &FieldError, retry_after_seconds: Option<i64>) -> Msg {
    let field = error.field().unwrap_or_default();
    let password = matches!(field, "password" | "newPassword");
    text(match error.code {
        UserErrorCode::Blank => |t| t.err_required,
        UserErrorCode::Invalid => match field {
            "email" => |t| t.err_email_invalid,
            "phone" => |t| t.err_phone_invalid,
            "postalCode" => |t| t.err_postal_code_invalid,
            "token" => |t| t.err_link_invalid,
            _ => |t| t.err_invalid,
        },
        UserErrorCode::TooLong if password => |t| t.err_password_long,
        UserErrorCode::TooLong => |t| t.err_too_long,
        UserErrorCode::TooShort if password => |t| t.err_password_short,
        UserErrorCode::TooShort => |t| t.err_too_short,
        UserErrorCode::Taken if field == "email" => |t| t.err_email_taken,
        UserErrorCode::Taken => |t| t.err_invalid,
        UserErrorCode::NotFound => |t| t.err_not_found,
        UserErrorCode::Weak => |t| t.err_password_weak,
        UserErrorCode::InvalidCredentials if field == "currentPassword" => {
            |t| t.err_current_password
        }
        UserErrorCode::InvalidCredentials => |t| t.err_credentials,
        UserErrorCode::Throttled => match retry_after_seconds {
            Some(secs) => return Msg::Wait(secs),
            None => |t| t.err_throttled_later,
        },
        UserErrorCode::Expired => |t| t.err_link_expired,
        UserErrorCode::Used => |t| t.err_link_used,
        UserErrorCode::NotAllowed => |t| t.err_not_allowed,
        UserErrorCode::InsufficientStock => |t| t.err_insufficient_stock,
        UserErrorCode::StockChanged => |t| t.err_stock_changed,
        UserErrorCode::Unavailable => |t| t.err_unavailable,
        UserErrorCode::CartEmpty => |t| t.err_cart_empty,
        UserErrorCode::PriceChanged => |t| t.err_price_changed,
        UserErrorCode::InvalidState => |t| t.err_invalid_state,
        UserErrorCode::AmountMismatch => |t| t.err_amount_mismatch,
        UserErrorCode::PaymentDeclined => |t| t.err_payment_declined,
        UserErrorCode::GatewayUnavailable => |t| t.err_gateway_unavailable,
        UserErrorCode::OutOfRange if field.ends_with("quantity") => |t| t.err_quantity_range,
        UserErrorCode::OutOfRange => |t| t.err_cart_full,
        UserErrorCode::IdempotencyKeyReused => |t| t.err_resubmit,
        UserErrorCode::ConsentRequired => |t| t.err_consent_required,
        UserErrorCode::Unknown => return Msg::Server(error.message.clone()),
    })
}

/// The message for a call that did not get an answer it could use.
pub fn failure_msg(error: &ClientError) -> Msg {
    leptos::logging::warn!("account call failed: {error}");
    if error.is_unauthenticated() {
        text(|t| t.err_signed_out)
    } else {
        text(|t| t.err_network)
    }
}

pub fn email_problem(problem: Problem) -> Msg {
    match problem {
        Problem::Blank => text(|t| t.err_required),
        _ => text(|t| t.err_email_invalid),
    }
}

pub fn password_problem(problem: Problem) -> Msg {
    match problem {
        Problem::Blank => text(|t| t.err_required),
        Problem::TooShort => text(|t| t.err_password_short),
        Problem::TooLong => text(|t| t.err_password_long),
        Problem::Weak | Problem::Invalid => text(|t| t.err_password_weak),
    }
}

pub fn postal_code_problem(problem: Problem) -> Msg {
    match problem {
        Problem::Blank => text(|t| t.err_required),
        _ => text(|t| t.err_postal_code_invalid),
    }
}

/// A required one-line text of at most `max` characters, trimmed.
pub fn check_text(input: &str, max: usize) -> Result<String, Msg> {
    let value = input.trim();
    if value.is_empty() {
        Err(text(|t| t.err_required))
    } else if value.chars().count() > max {
        Err(text(|t| t.err_too_long))
    } else {
        Ok(value.to_owned())
    }
}

/// A Korean mobile number, as the server checks it.
pub fn check_phone(input: &str) -> Result<KrMobile, Msg> {
    if input.trim().is_empty() {
        return Err(text(|t| t.err_required));
    }
    input.parse().map_err(|_| text(|t| t.err_phone_invalid))
}

/// A date and time from the API (RFC 3339) as a date in the UI language, e.g. `2026. 11. 27.`.
pub fn local_date(rfc3339: &str, lang: Lang) -> String {
    let date = web_sys::js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.get(..10).unwrap_or(rfc3339).to_owned();
    }
    date.to_locale_date_string(lang.code(), &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

/// The messages of one form: next to the fields they concern (keyed by the API's field name),
/// or for the whole form above its submit button. A refused submit moves focus to the first
/// field to fix.
#[derive(Clone, Copy)]
pub struct FormErrors {
    fields: RwSignal<Vec<(String, Msg)>>,
    form: RwSignal<Vec<Msg>>,
    /// The `id` of the form element.
    form_id: &'static str,
}

impl FormErrors {
    /// The messages of the form whose element has the id `form_id`.
    pub fn new(form_id: &'static str) -> Self {
        FormErrors {
            fields: RwSignal::new(Vec::new()),
            form: RwSignal::new(Vec::new()),
            form_id,
        }
    }

    /// After the form's own checks: true when it found something to fix, and then focus moves to
    /// the first field in error (or the form's message comes into view).
    pub fn refused(&self) -> bool {
        let refused = self.any();
        if refused {
            shared::web::ui::focus_first_invalid(self.form_id);
        }
        refused
    }

    pub fn clear(&self) {
        self.fields.set(Vec::new());
        self.form.set(Vec::new());
    }

    /// A message next to `field` (the first one a field gets is kept).
    pub fn add(&self, field: &str, msg: Msg) {
        self.fields.update(|fields| {
            if !fields.iter().any(|(f, _)| f == field) {
                fields.push((field.to_owned(), msg));
            }
        });
    }

    /// A message for the whole form.
    pub fn add_form(&self, msg: Msg) {
        self.form.update(|form| form.push(msg));
    }

    /// Whether any message is shown (not reactive).
    pub fn any(&self) -> bool {
        self.fields.with_untracked(|f| !f.is_empty()) || self.form.with_untracked(|f| !f.is_empty())
    }

    /// Whether any message is shown (reactive).
    pub fn any_tracked(&self) -> bool {
        self.fields.with(|f| !f.is_empty()) || self.form.with(|f| !f.is_empty())
    }

    /// The message next to `field` (reactive).
    pub fn field(&self, field: &str) -> Option<Msg> {
        self.fields.with(|fields| {
            fields
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, m)| m.clone())
        })
    }

    /// The messages for the whole form (reactive).
    pub fn form(&self) -> Vec<Msg> {
        self.form.get()
    }

    /// Shows the server's refusals: next to the fields in `shown` they name, the others (and
    /// those of no field) for the whole form.
    pub fn server(&self, errors: &[FieldError], shown: &[&str], retry_after_seconds: Option<i64>) {
        self.show(errors, |field| shown.contains(&field), retry_after_seconds);
    }

    /// [`Self::server`] for a form whose fields are listed for its [`ErrorSummary`].
    pub fn server_fields(&self, errors: &[FieldError], fields: &[Field]) {
        self.show(errors, |name| fields.iter().any(|f| f.name == name), None);
    }

    fn show(
        &self,
        errors: &[FieldError],
        shown: impl Fn(&str) -> bool,
        retry_after_seconds: Option<i64>,
    ) {
        for error in errors {
            let msg = server_msg(error, retry_after_seconds);
            match error.field() {
                Some(field) if shown(field) => self.add(field, msg),
                _ => self.add_form(msg),
            }
        }
        if errors.is_empty() {
            // Refused without a reason: not expected, but never silent.
            self.add_form(text(|t| t.err_invalid));
        }
        shared::web::ui::focus_first_invalid(self.form_id);
    }

    /// Shows why a call failed.
    pub fn failed(&self, error: &ClientError) {
        self.add_form(failure_msg(error));
    }
}

/// A labelled text input with its hint and error message (the kit's field, with this app's
/// words and the form's message for `field`).
#[component]
pub fn TextField(
    /// The element id (unique on the page).
    id: &'static str,
    /// The form control name.
    name: &'static str,
    label: Text,
    value: RwSignal<String>,
    errors: FormErrors,
    /// The API's name of the field, for its messages.
    field: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] hint: Option<Text>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ui::TextField
            id
            name
            label=Signal::derive(move || label(i18n.t()))
            value
            error=Signal::derive(move || errors.field(field).map(|m| m.render(i18n.t())))
            kind
            autocomplete
            inputmode
            hint=hint.map(|hint| Signal::derive(move || hint(i18n.t())))
            required
        />
    }
}

/// A labelled checkbox; with `errors`, the form's message for `field` under it (a required
/// agreement left unticked), tied to it like a text field's.
#[component]
pub fn CheckboxField(
    id: &'static str,
    name: &'static str,
    label: Text,
    checked: RwSignal<bool>,
    #[prop(optional)] errors: Option<FormErrors>,
    /// The API's name of the field, for its messages.
    #[prop(optional)]
    field: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{id}-error");
    let message = move || {
        errors
            .and_then(|e| e.field(field))
            .map(|m| m.render(i18n.t()))
    };
    view! {
        <div class="field checkbox">
            <input
                id=id
                name=name
                type="checkbox"
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=move || message().map(|_| error_id.clone())
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            <label for=id>{move || label(i18n.t())}</label>
        </div>
        {move || {
            message().map(|m| view! { <p class="field-error" id=format!("{id}-error") role="alert">{m}</p> })
        }}
    }
}

/// A field of a form, for its [`ErrorSummary`]: the API's name, the element's id, its label.
pub struct Field {
    pub name: &'static str,
    pub id: &'static str,
    pub label: Text,
}

/// At the top of a long form, after a refused submit: what is wrong with which field, in the
/// form's order, each a link that takes the focus to the field.
#[component]
pub fn ErrorSummary(
    /// The element id.
    id: &'static str,
    errors: FormErrors,
    /// The form's fields in the order they are shown.
    fields: &'static [Field],
) -> impl IntoView {
    let i18n = use_i18n();
    let listed = move || {
        fields
            .iter()
            .filter_map(|f| errors.field(f.name).map(|m| (f, m)))
            .collect::<Vec<_>>()
    };
    move || {
        let listed = listed();
        (!listed.is_empty()).then(|| {
            view! {
                <div class="error-summary" id=id role="alert">
                    <h2>{move || i18n.t().error_summary}</h2>
                    <ul>
                        {listed
                            .into_iter()
                            .map(|(field, msg)| {
                                let target = field.id;
                                let label = field.label;
                                view! {
                                    <li>
                                        <a
                                            href=format!("#{target}")
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                ui::focus_element(target);
                                            }
                                        >
                                            {move || label(i18n.t())}
                                            ": "
                                            {move || msg.render(i18n.t())}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// The form's own messages (class `form-error`).
#[component]
pub fn FormMessages(errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        errors
            .form()
            .into_iter()
            .map(|msg| {
                view! { <p class="form-error" role="alert">{move || msg.render(i18n.t())}</p> }
            })
            .collect_view()
    }
}

/// A success note (class `form-success`), shown while `done` holds a message.
#[component]
pub fn FormSuccess(done: RwSignal<Option<Msg>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        done.get().map(|msg| {
            view! { <p class="form-success" role="status">{move || msg.render(i18n.t())}</p> }
        })
    }
}

/// The submit button; disabled (and saying so) while the form is being sent.
#[component]
pub fn SubmitButton(
    #[prop(optional)] id: Option<&'static str>,
    label: Text,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="submit"
            id=id
            class="primary"
            disabled=move || busy.get()
            aria-busy=move || busy.get().to_string()
        >
            {move || if busy.get() { i18n.t().submitting } else { label(i18n.t()) }}
        </button>
    }
}
