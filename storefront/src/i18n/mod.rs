//! UI text in message catalogs, one per language (`shared::text::storefront::{ko, en}`, which the
//! server also writes the pages it renders with); components never inline shopper-facing
//! strings. Every catalog is a value of [`Messages`], so a key missing in one language is a
//! compile error. Korean is the default; the choice is kept in `localStorage`.

pub use shared::text::storefront::Messages;
use shared::text::storefront::{en, ko};
use shared::web::Lang;

/// A string of the catalog, picked when shown (so it follows a language switch), e.g.
/// `|t| t.err_required`.
pub type Text = fn(&'static Messages) -> &'static str;

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
