//! The shopper's buying pages: cart, checkout, orders.

pub mod cart;
pub mod checkout;
pub mod orders;

use shared::web::ClientError;

use crate::api::CartChange;
use crate::pages::account::form::{Msg, failure_msg, server_msg, text};

/// What to tell the shopper after a cart change: nothing when it went through.
pub fn change_message(result: &Result<CartChange, ClientError>) -> Option<Msg> {
    match result {
        Ok(change) => match change.errors.first() {
            Some(error) => Some(server_msg(error, None)),
            None if change.cart.is_none() => Some(text(|t| t.err_invalid)),
            None => None,
        },
        Err(error) => Some(failure_msg(error)),
    }
}
