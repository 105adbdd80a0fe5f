//! UI text in message catalogs, one per language (`ko.rs`, `en.rs`); components never inline
//! shopper-facing strings. Every catalog is a value of [`Messages`], so a key missing in one
//! language is a compile error. Korean is the default; the choice is kept in `localStorage`.

mod en;
mod ko;

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
