//! Checkout: a cart becomes an order. In one write transaction the cart is priced from current
//! prices (never from the browser), its stock is taken (conditional updates in variant order),
//! the order is created with a snapshot of names, SKUs, prices and the address, its payment row
//! is opened with the configured gateway, and the ordered lines leave the cart. An idempotency
//! key makes a retried checkout answer the first order instead of placing a second.

pub mod input;
pub mod service;

pub use input::{AddressInput, ContactInput};
pub use service::{CheckoutError, CheckoutInput, place};
