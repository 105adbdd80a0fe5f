//! Admin UI text in message catalogs, one per language (`ko.rs`, `en.rs`); a key missing in one
//! language is a compile error. Korean is the default; the choice is kept in `localStorage`.

mod en;
mod ko;

use leptos::prelude::*;
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
    pub login_unavailable: &'static str,
    pub not_found_title: &'static str,
    pub back_to_dashboard: &'static str,
}

const STORAGE_KEY: &str = "jangteo.admin.lang";

#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    pub fn t(&self) -> &'static Messages {
        match self.lang.get() {
            Lang::Ko => &ko::MESSAGES,
            Lang::En => &en::MESSAGES,
        }
    }

    pub fn toggle(&self) {
        let next = self.lang.get_untracked().other();
        next.apply(STORAGE_KEY);
        self.lang.set(next);
    }
}

pub fn provide_i18n() {
    let lang = Lang::saved(STORAGE_KEY).unwrap_or_default();
    lang.set_document_lang();
    provide_context(I18n {
        lang: RwSignal::new(lang),
    });
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
