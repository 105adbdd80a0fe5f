//! Admin UI text in message catalogs, one per language (`ko.rs`, `en.rs`); a key missing in one
//! language is a compile error. Korean is the default; the choice is kept in `localStorage`.

mod en;
mod ko;

use shared::web::Lang;

/// Every UI string of the admin.
pub struct Messages {
    pub app_title: &'static str,
    pub nav_label: &'static str,
    pub nav_dashboard: &'static str,
    pub switch_language: &'static str,
    pub other_language_name: &'static str,
    pub checking_session: &'static str,
    pub api_unreachable: &'static str,
    pub retry: &'static str,
    pub welcome: &'static str,
    pub dashboard_intro: &'static str,
    pub login_title: &'static str,
    pub login_email: &'static str,
    pub login_password: &'static str,
    pub login_code: &'static str,
    pub login_code_hint: &'static str,
    pub login_submit: &'static str,
    pub not_found_title: &'static str,
    pub back_to_dashboard: &'static str,
    pub nav_jobs: &'static str,
    pub sign_out: &'static str,
    pub operator_title: &'static str,
    pub operator_token: &'static str,
    pub operator_token_hint: &'static str,
    pub operator_submit: &'static str,
    pub operator_invalid: &'static str,
    pub enrol_title: &'static str,
    pub enrol_intro: &'static str,
    pub enrol_secret: &'static str,
    pub verify_title: &'static str,
    pub use_recovery: &'static str,
    pub recovery_code: &'static str,
    pub recovery_title: &'static str,
    pub recovery_intro: &'static str,
    pub continue_label: &'static str,
    pub login_next: &'static str,
    pub login_retry_after: &'static str,
    pub operator_details: &'static str,
    pub set_password_title: &'static str,
    pub set_password_submit: &'static str,
    pub password_too_short: &'static str,
    pub staff_title: &'static str,
    pub jobs_title: &'static str,
    pub jobs_loading: &'static str,
    pub jobs_filter: &'static str,
    pub jobs_all: &'static str,
    pub jobs_empty: &'static str,
    pub jobs_summary: &'static str,
    pub col_kind: &'static str,
    pub col_status: &'static str,
    pub col_attempts: &'static str,
    pub col_run_at: &'static str,
    pub col_error: &'static str,
    pub col_actions: &'static str,
    pub col_count: &'static str,
    pub retry_job: &'static str,
    pub discard_job: &'static str,
    pub status_queued: &'static str,
    pub status_failed: &'static str,
    pub status_running: &'static str,
    pub status_succeeded: &'static str,
    pub status_dead: &'static str,
    pub status_discarded: &'static str,
    pub schedules_title: &'static str,
    pub col_schedule: &'static str,
    pub col_timing: &'static str,
    pub col_last_run: &'static str,
    pub col_next_run: &'static str,
    pub never: &'static str,
    pub disabled: &'static str,
}

const STORAGE_KEY: &str = "jangteo.admin.lang";

/// The language state of this app.
pub type I18n = shared::web::I18n<Messages>;

fn catalog(lang: Lang) -> &'static Messages {
    match lang {
        Lang::Ko => &ko::MESSAGES,
        Lang::En => &en::MESSAGES,
    }
}

/// Creates the language state (the saved choice, else Korean) for the whole app.
pub fn provide_i18n() {
    I18n::provide(STORAGE_KEY, catalog);
}

pub fn use_i18n() -> I18n {
    I18n::expect()
}
