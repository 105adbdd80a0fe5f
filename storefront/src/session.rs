//! The signed-in shopper. Sign-in gives an access token (sent as `Authorization: Bearer …`,
//! valid for at most 15 minutes) and a refresh token (traded for new tokens with `tokenRefresh`,
//! each once). Both are kept in `localStorage`, so the session survives reloads and is shared by
//! the shop's tabs.
//!
//! Before an authenticated call the access token is renewed when it expires within a minute
//! (silently, see [`Session::access_token`]). Renewals are serialised: a refresh token presented
//! twice ends the session everywhere, so a second caller waits for the first renewal and uses
//! its result. A refused renewal ends the session here too; a network failure keeps it.

use std::cell::RefCell;
use std::future::poll_fn;
use std::task::{Poll, Waker};

use leptos::prelude::*;
use shared::web::ClientError;

use crate::api::{self, AuthSession};

const STORAGE_KEY: &str = "jangteo.session";
/// Stored format version (first line).
const FORMAT: &str = "v1";
/// Renew the access token when it expires within this many seconds.
const RENEW_MARGIN_SECS: i64 = 60;

/// What the page shows of the signed-in member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub name: String,
    pub email: String,
}

/// The stored session: tokens with their expiry (Unix seconds) and the member.
#[derive(Debug, Clone, PartialEq)]
struct Tokens {
    access: String,
    access_expires_at: i64,
    refresh: String,
    refresh_expires_at: i64,
    email: String,
    name: String,
}

impl Tokens {
    fn from_auth(s: &AuthSession) -> Tokens {
        let now = now_secs();
        Tokens {
            access: s.access_token.clone(),
            // An unreadable expiry: renew before the next call rather than trust it.
            access_expires_at: unix_secs(&s.access_token_expires_at).unwrap_or(now),
            refresh: s.refresh_token.clone(),
            refresh_expires_at: unix_secs(&s.refresh_token_expires_at)
                .unwrap_or(now + 24 * 60 * 60),
            email: s.email.clone(),
            name: s.name.clone(),
        }
    }

    /// One value a line; the name (free text) last, so a line break in it cannot shift fields.
    fn encode(&self) -> String {
        format!(
            "{FORMAT}\n{}\n{}\n{}\n{}\n{}\n{}",
            self.access,
            self.access_expires_at,
            self.refresh,
            self.refresh_expires_at,
            self.email,
            self.name
        )
    }

    fn decode(text: &str) -> Option<Tokens> {
        let mut lines = text.splitn(7, '\n');
        if lines.next()? != FORMAT {
            return None;
        }
        let tokens = Tokens {
            access: lines.next()?.to_owned(),
            access_expires_at: lines.next()?.parse().ok()?,
            refresh: lines.next()?.to_owned(),
            refresh_expires_at: lines.next()?.parse().ok()?,
            email: lines.next()?.to_owned(),
            name: lines.next()?.to_owned(),
        };
        (!tokens.access.is_empty() && !tokens.refresh.is_empty()).then_some(tokens)
    }

    fn info(&self) -> SessionInfo {
        SessionInfo {
            name: self.name.clone(),
            email: self.email.clone(),
        }
    }
}

/// Seconds since the Unix epoch, by the browser's clock.
fn now_secs() -> i64 {
    (web_sys::js_sys::Date::now() / 1000.0) as i64
}

/// An RFC 3339 time (as the API's `DateTime`) in Unix seconds.
fn unix_secs(rfc3339: &str) -> Option<i64> {
    let ms = web_sys::js_sys::Date::parse(rfc3339);
    ms.is_finite().then(|| (ms / 1000.0) as i64)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn load() -> Option<Tokens> {
    Tokens::decode(&storage()?.get_item(STORAGE_KEY).ok()??)
}

fn save(tokens: &Tokens) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &tokens.encode());
    }
}

fn forget() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
}

/// The session state, provided to every component. The tokens live in `localStorage` (read at
/// each call, so a renewal by another tab is seen); the signal says who is signed in.
#[derive(Clone, Copy)]
pub struct Session {
    info: RwSignal<Option<SessionInfo>>,
}

impl Session {
    /// Restores the saved session (if its refresh token is still valid) and provides it.
    pub fn provide() -> Session {
        let saved = load().filter(|t| t.refresh_expires_at > now_secs());
        if saved.is_none() {
            forget();
        }
        let session = Session {
            info: RwSignal::new(saved.as_ref().map(Tokens::info)),
        };
        provide_context(session);
        session
    }

    pub fn expect() -> Session {
        expect_context::<Session>()
    }

    /// Who is signed in (reactive).
    pub fn info(&self) -> Option<SessionInfo> {
        self.info.get()
    }

    /// Whether someone is signed in (reactive).
    pub fn signed_in(&self) -> bool {
        self.info.with(Option::is_some)
    }

    /// Whether someone is signed in (not reactive).
    pub fn signed_in_untracked(&self) -> bool {
        self.info.with_untracked(Option::is_some)
    }

    /// Starts (or continues, after a renewal or password change) the session `auth`.
    pub fn start(&self, auth: &AuthSession) {
        let tokens = Tokens::from_auth(auth);
        save(&tokens);
        let info = tokens.info();
        if self.info.with_untracked(|i| i.as_ref() != Some(&info)) {
            self.info.set(Some(info));
        }
    }

    /// Updates the member's name after a profile change.
    pub fn rename(&self, name: &str) {
        if let Some(mut tokens) = load() {
            tokens.name = name.to_owned();
            save(&tokens);
        }
        self.info.update(|i| {
            if let Some(i) = i {
                i.name = name.to_owned();
            }
        });
    }

    /// Forgets the session here (the server is not told).
    pub fn clear(&self) {
        forget();
        if self.signed_in_untracked() {
            self.info.set(None);
        }
    }

    /// Signs out: forgets the session here at once and ends it on the server.
    pub fn sign_out(&self) {
        let refresh = load().map(|t| t.refresh);
        self.clear();
        if let Some(refresh) = refresh {
            leptos::task::spawn_local(async move {
                if let Err(e) = api::logout(refresh).await {
                    leptos::logging::warn!("logout: {e}");
                }
            });
        }
    }

    /// An access token that is valid for at least another minute, renewing the session first
    /// if needed; `None` when no one is signed in (or the session could not be renewed).
    pub async fn access_token(&self) -> Result<Option<String>, ClientError> {
        let Some(tokens) = load() else {
            self.clear();
            return Ok(None);
        };
        if tokens.access_expires_at - now_secs() > RENEW_MARGIN_SECS {
            return Ok(Some(tokens.access));
        }
        self.renew(&tokens.access).await
    }

    /// Renews the session whose access token `stale` is about to expire or was refused, and
    /// returns the new access token. If another call (or tab) renewed it meanwhile, its token
    /// is used instead. `None` when the server refused the refresh token: the session is over.
    pub async fn renew(&self, stale: &str) -> Result<Option<String>, ClientError> {
        let _turn = RenewalTurn::take().await;
        let Some(tokens) = load() else {
            self.clear();
            return Ok(None);
        };
        let now = now_secs();
        if tokens.access != stale && tokens.access_expires_at - now > RENEW_MARGIN_SECS {
            return Ok(Some(tokens.access));
        }
        if tokens.refresh_expires_at <= now {
            self.clear();
            return Ok(None);
        }
        match api::token_refresh(tokens.refresh).await? {
            api::AuthResult {
                session: Some(auth),
                ..
            } => {
                self.start(&auth);
                Ok(Some(auth.access_token))
            }
            refused => {
                leptos::logging::warn!("token refresh refused: {:?}", refused.errors);
                self.clear();
                Ok(None)
            }
        }
    }
}

thread_local! {
    /// Whether a renewal is under way, and the callers waiting for it to end.
    static RENEWAL: RefCell<(bool, Vec<Waker>)> = const { RefCell::new((false, Vec::new())) };
}

/// The right to renew the session; the next waiting caller gets it when this is dropped.
struct RenewalTurn;

impl RenewalTurn {
    async fn take() -> RenewalTurn {
        poll_fn(|cx| {
            RENEWAL.with(|r| {
                let mut r = r.borrow_mut();
                if r.0 {
                    r.1.push(cx.waker().clone());
                    Poll::Pending
                } else {
                    r.0 = true;
                    Poll::Ready(RenewalTurn)
                }
            })
        })
        .await
    }
}

impl Drop for RenewalTurn {
    fn drop(&mut self) {
        let waiting = RENEWAL.with(|r| {
            let mut r = r.borrow_mut();
            r.0 = false;
            std::mem::take(&mut r.1)
        });
        for waker in waiting {
            waker.wake();
        }
    }
}
