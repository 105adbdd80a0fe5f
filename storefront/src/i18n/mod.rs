//! UI text in message catalogs, one per language (`ko.rs`, `en.rs`); components never inline
//! shopper-facing strings. Every catalog is a value of [`Messages`], so a key missing in one
//! language is a compile error. Korean is the default; the choice is kept in `localStorage`.

mod en;
mod ko;

use leptos::prelude::*;
use shared::web::Lang;

/// Every UI string of the storefront.
pub struct Messages {
    pub skip_to_content: &'static str,
    pub products_heading: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    pub empty_catalog: &'static str,
    pub more_products_follow: &'static str,
    pub switch_language: &'static str,
    pub other_language_name: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub footer_note: &'static str,
}

const STORAGE_KEY: &str = "jangteo.storefront.lang";

/// The current language, provided to every component.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The catalog of the current language (reactive).
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

/// Creates the language state (the saved choice, else Korean).
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
