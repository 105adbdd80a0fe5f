//! Shopping carts. An anonymous cart is reached with an unguessable token the storefront keeps
//! (stored as SHA-256); a signed-in member's cart lives server-side, one per member and channel,
//! and survives sign-out and other devices. At sign-in an anonymous cart merges into the
//! member's (quantities add up, capped by availability) and disappears.
//!
//! Prices are never stored as truth: every read prices the lines from the channel's current
//! prices (`catalog::offer`) and flags lines whose price changed or that can no longer be
//! ordered. Totals come from `pricing`, the one place that knows shipping and discounts.

pub mod error;
pub mod model;
pub mod pricing;
pub mod service;

pub use error::CartError;
pub use model::{Cart, CartLine, LineAvailability};
pub use service::{LineChange, LineInput, Located, Shopper};
