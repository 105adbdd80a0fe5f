//! Types shared by the Jangteo API server, the storefront and the admin dashboard.
//!
//! This crate compiles for native targets and for `wasm32-unknown-unknown`; it depends on serde
//! and thiserror only (never diesel, actix or tokio), so both browser apps can use it.

/// Declares a schema enum: its variants and their schema names, `ALL`, `code` and `from_code`.
macro_rules! schema_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)+
            /// A value this build does not know yet.
            #[serde(other, rename = "UNKNOWN")]
            Unknown,
        }

        impl $name {
            /// Every known value, in the schema's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The schema's name (`""` for [`Self::Unknown`]).
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                    $name::Unknown => "",
                }
            }

            /// The value named `code`, if it is a known one.
            pub fn from_code(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }
        }
    };
}

pub mod account;
pub mod business;
pub mod checkout;
pub mod client;
pub mod id;
pub mod image;
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
