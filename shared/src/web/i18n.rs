//! UI languages and the reactive language state both apps share. Each app keeps its own message
//! catalogs (one struct value per language, so a missing string is a compile error) and hands
//! [`I18n::provide`] a function that picks the catalog for a language.

use leptos::prelude::*;

/// A UI language of the storefront and admin. Korean is the default, English the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    /// BCP 47 code, as in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (what a language switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }

    /// The language saved under `key` in `localStorage`, if any.
    pub fn saved(key: &str) -> Option<Lang> {
        let storage = web_sys::window()?.local_storage().ok()??;
        Lang::from_code(&storage.get_item(key).ok()??)
    }

    /// Saves the choice under `key` and sets `<html lang>` so assistive technology follows.
    pub fn apply(self, key: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item(key, self.code());
        }
        self.set_document_lang();
    }

    /// Sets `<html lang>` to this language.
    pub fn set_document_lang(self) {
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", self.code());
        }
    }
}

/// The current language and the app's message catalogs, provided to every component.
pub struct I18n<M: 'static> {
    lang: RwSignal<Lang>,
    catalog: fn(Lang) -> &'static M,
    storage_key: &'static str,
}

impl<M: 'static> Clone for I18n<M> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M: 'static> Copy for I18n<M> {}

impl<M: Send + Sync + 'static> I18n<M> {
    /// Creates the language state (the choice saved under `storage_key`, else Korean) and
    /// provides it as context.
    pub fn provide(storage_key: &'static str, catalog: fn(Lang) -> &'static M) -> Self {
        let lang = Lang::saved(storage_key).unwrap_or_default();
        lang.set_document_lang();
        let i18n = I18n {
            lang: RwSignal::new(lang),
            catalog,
            storage_key,
        };
        provide_context(i18n);
        i18n
    }

    /// The state provided by [`I18n::provide`].
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// The catalog of the current language (reactive).
    pub fn t(&self) -> &'static M {
        (self.catalog)(self.lang.get())
    }

    /// The current language (reactive).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// Switches to the other language and remembers the choice.
    pub fn toggle(&self) {
        let next = self.lang.get_untracked().other();
        next.apply(self.storage_key);
        self.lang.set(next);
    }
}
