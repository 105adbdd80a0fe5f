//! Types shared by the Jangteo API server, the storefront and the admin dashboard.
//!
//! This crate compiles for native targets and for `wasm32-unknown-unknown`; it depends on serde
//! and thiserror only (never diesel, actix or tokio), so both browser apps can use it.

pub mod account;
pub mod checkout;
pub mod id;
pub mod money;
pub mod order;
pub mod phone;
pub mod text;

pub use id::{
    AddressId, ApiKeyId, AuditEntryId, CartLineId, CategoryId, ChannelId, CollectionId, IdError,
    JobId, MediaId, MemberId, OrderId, OrderLineId, ProductId, RefundId, StaffId, VariantId,
};
pub use money::{Currency, MAX_AMOUNT, Money, MoneyError, UnknownCurrency};
pub use phone::{KrMobile, PhoneError};

#[cfg(feature = "web")]
pub mod web;
