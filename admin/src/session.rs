//! Who is signed in to the admin: a staff session token (after password and TOTP code), or an
//! operator's token. It is kept in `sessionStorage` (gone when the tab closes) and sent as
//! `Authorization: Bearer …` with every Admin API call.

use leptos::prelude::*;

const STORAGE_KEY: &str = "jangteo.admin.session";

#[derive(Clone, Copy)]
pub struct Session {
    token: RwSignal<Option<String>>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

impl Session {
    pub fn provide() -> Session {
        let saved = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let session = Session {
            token: RwSignal::new(saved.filter(|t| !t.is_empty())),
        };
        provide_context(session);
        session
    }

    pub fn expect() -> Session {
        expect_context::<Session>()
    }

    /// The bearer token for API calls (not reactive: read when a call is made).
    pub fn token(&self) -> Option<String> {
        self.token.get_untracked()
    }

    /// The bearer token, tracked: for what depends on who is signed in (reactive).
    pub fn tracked_token(&self) -> Option<String> {
        self.token.get()
    }

    /// Whether someone is signed in (reactive).
    pub fn signed_in(&self) -> bool {
        self.token.with(Option::is_some)
    }

    pub fn sign_in(&self, token: String) {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, &token);
        }
        self.token.set(Some(token));
    }

    pub fn sign_out(&self) {
        if let Some(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
        self.token.set(None);
    }
}
