//! The shopper's cart, for every page: the header's mini-cart, the cart page and checkout read
//! it from here, and every change goes through here so they all show the same cart.
//!
//! An anonymous shopper's cart is identified by the token the server gave when it was created,
//! kept in `localStorage` (so it survives reloads and is shared by the shop's tabs). A signed-in
//! member's cart lives on the server: at sign-in the anonymous cart is merged into it and the
//! token forgotten; after sign-out the page shows no cart until the shopper adds again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::web::ClientError;

use crate::api::{self, Cart, CartChange};
use crate::session::Session;

const TOKEN_KEY: &str = "jangteo.cart";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn saved_token() -> Option<String> {
    storage()?
        .get_item(TOKEN_KEY)
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

fn save_token(token: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(TOKEN_KEY, token);
    }
}

fn forget_token() {
    if let Some(s) = storage() {
        let _ = s.remove_item(TOKEN_KEY);
    }
}

/// The cart state of the app.
#[derive(Clone, Copy)]
pub struct CartStore {
    session: Session,
    cart: RwSignal<Option<Cart>>,
    /// Whether the cart was read at least once (an empty cart and "not known yet" differ).
    loaded: RwSignal<bool>,
}

impl CartStore {
    /// Creates the store, reads the cart, and follows sign-in and sign-out.
    pub fn provide(session: Session) {
        let store = CartStore {
            session,
            cart: RwSignal::new(None),
            loaded: RwSignal::new(false),
        };
        provide_context(store);
        Effect::new(move |before: Option<bool>| {
            let signed_in = session.signed_in();
            match before {
                Some(false) if signed_in => spawn_local(store.merge_after_sign_in()),
                Some(true) if !signed_in => {
                    store.cart.set(None);
                    spawn_local(store.refresh());
                }
                None => spawn_local(store.refresh()),
                _ => {}
            }
            signed_in
        });
    }

    pub fn expect() -> CartStore {
        expect_context()
    }

    /// The cart (reactive); `None` before it is read or when the shopper has none.
    pub fn get(&self) -> Option<Cart> {
        self.cart.get()
    }

    pub fn loaded(&self) -> bool {
        self.loaded.get()
    }

    /// Units in the cart (reactive).
    pub fn count(&self) -> i64 {
        self.cart.with(|c| {
            c.as_ref()
                .map_or(0, |c| c.lines.iter().map(|l| l.quantity).sum())
        })
    }

    /// The token to send: an anonymous shopper's only.
    fn token(&self) -> Option<String> {
        if self.session.signed_in_untracked() {
            None
        } else {
            saved_token()
        }
    }

    /// Reads the cart again.
    pub async fn refresh(self) {
        match api::cart(self.session, self.token()).await {
            Ok(cart) => {
                self.cart.set(cart);
                self.loaded.set(true);
            }
            Err(e) => leptos::logging::warn!("cart: {e}"),
        }
    }

    /// Merges the anonymous cart into the member's that just signed in, then shows it.
    async fn merge_after_sign_in(self) {
        if let Some(token) = saved_token() {
            match api::cart_merge(self.session, token).await {
                Ok(change) if change.errors.is_empty() => {
                    forget_token();
                    self.cart.set(change.cart);
                    self.loaded.set(true);
                    return;
                }
                Ok(change) => {
                    leptos::logging::warn!("cart merge refused: {:?}", change.errors);
                    forget_token();
                }
                Err(e) => leptos::logging::warn!("cart merge: {e}"),
            }
        }
        self.refresh().await;
    }

    /// Keeps what a change answered: the cart, and the token of a new anonymous cart.
    fn apply(&self, change: Result<CartChange, ClientError>) -> Result<CartChange, ClientError> {
        if let Ok(change) = &change {
            if let Some(token) = &change.cart_token
                && !self.session.signed_in_untracked()
            {
                save_token(token);
            }
            if change.errors.is_empty() {
                self.cart.set(change.cart.clone());
                self.loaded.set(true);
            }
        }
        change
    }

    pub async fn add(self, variant_id: String, quantity: i64) -> Result<CartChange, ClientError> {
        let change = api::cart_lines_add(self.session, self.token(), variant_id, quantity).await;
        self.apply(change)
    }

    pub async fn update(self, line_id: String, quantity: i64) -> Result<CartChange, ClientError> {
        let change = api::cart_line_update(self.session, self.token(), line_id, quantity).await;
        self.apply(change)
    }

    pub async fn remove(self, line_id: String) -> Result<CartChange, ClientError> {
        let change = api::cart_line_remove(self.session, self.token(), line_id).await;
        self.apply(change)
    }

    pub async fn clear(self) -> Result<CartChange, ClientError> {
        let change = api::cart_clear(self.session, self.token()).await;
        self.apply(change)
    }

    /// The anonymous cart's token, for checkout.
    pub fn checkout_token(&self) -> Option<String> {
        self.token()
    }

    /// After an order was placed: its lines left the cart on the server.
    pub fn ordered(&self) {
        spawn_local(self.refresh());
    }
}
