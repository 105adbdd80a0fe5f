//! The shopper's buying pages: cart, checkout (and the return from Toss's payment window),
//! orders.

pub mod cart;
pub mod checkout;
pub mod orders;
pub mod postcode;
pub mod toss;

use shared::checkout::{QuantityProblem, check_line_quantity};
use shared::web::ClientError;

use crate::api::CartChange;
use crate::pages::account::form::{Msg, failure_msg, server_msg, text};

/// A quantity as the shopper typed it, checked as the server checks it.
pub fn parse_quantity(typed: &str) -> Result<i64, Msg> {
    typed
        .trim()
        .parse::<i64>()
        .map_err(|_| QuantityProblem::NotPositive)
        .and_then(check_line_quantity)
        .map_err(|problem| match problem {
            QuantityProblem::NotPositive => text(|t| t.err_quantity_positive),
            QuantityProblem::OverLineCap => text(|t| t.err_quantity_cap),
        })
}

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
