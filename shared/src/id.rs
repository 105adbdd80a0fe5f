//! Opaque global identifiers: `gid://jangteo/Product/42`.
//!
//! Clients treat an ID as an opaque string; the server parses it back into a typed key and refuses
//! an ID of the wrong type (a `Channel` ID where a `Product` ID is expected) with a clear error.
//! Each typed ID (`ProductId`, `ChannelId`, …) wraps the database key and knows its type name.

use std::fmt;
use std::str::FromStr;

const PREFIX: &str = "gid://jangteo/";

/// Why a string is not a valid ID of the expected type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{0:?} is not a Jangteo ID (expected the form gid://jangteo/Type/123)")]
    Malformed(String),
    #[error("expected a {expected} ID, got a {found} ID")]
    WrongType {
        expected: &'static str,
        found: String,
    },
}

/// Splits `gid://jangteo/Type/123` into `("Type", 123)`.
pub fn parse_gid(s: &str) -> Result<(&str, i64), IdError> {
    let malformed = || IdError::Malformed(s.chars().take(80).collect());
    let rest = s.strip_prefix(PREFIX).ok_or_else(malformed)?;
    let (kind, key) = rest.split_once('/').ok_or_else(malformed)?;
    let valid_kind = !kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphanumeric());
    // Keys are positive database ids written in canonical decimal (no sign, no leading zeros).
    let valid_key =
        !key.is_empty() && key.chars().all(|c| c.is_ascii_digit()) && !key.starts_with('0');
    if !valid_kind || !valid_key {
        return Err(malformed());
    }
    let key = key.parse::<i64>().map_err(|_| malformed())?;
    Ok((kind, key))
}

/// Formats a global ID.
pub fn format_gid(kind: &str, key: i64) -> String {
    format!("{PREFIX}{kind}/{key}")
}

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i64);

        impl $name {
            /// The type name inside the global ID.
            pub const KIND: &'static str = $kind;

            /// The database key.
            pub const fn key(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&format_gid(Self::KIND, self.0))
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                let (kind, key) = parse_gid(s)?;
                if kind == Self::KIND {
                    Ok(Self(key))
                } else {
                    Err(IdError::WrongType { expected: Self::KIND, found: kind.to_owned() })
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

typed_id!(
    /// A sales channel (one storefront: its name, currency, host names and settings).
    ChannelId,
    "Channel"
);
typed_id!(
    /// A product in the catalog.
    ProductId,
    "Product"
);
typed_id!(
    /// One purchasable version of a product (a SKU with its option values).
    VariantId,
    "ProductVariant"
);
typed_id!(
    /// A category of the catalog's tree.
    CategoryId,
    "Category"
);
typed_id!(
    /// A manually ordered group of products (a season, an event).
    CollectionId,
    "Collection"
);
typed_id!(
    /// An image of the media library.
    MediaId,
    "Media"
);
typed_id!(
    /// A background job.
    JobId,
    "Job"
);
typed_id!(
    /// A shopper's account.
    MemberId,
    "Member"
);
typed_id!(
    /// A saved shipping address of a member.
    AddressId,
    "Address"
);
typed_id!(
    /// A staff account.
    StaffId,
    "Staff"
);
typed_id!(
    /// A third-party API key.
    ApiKeyId,
    "ApiKey"
);
typed_id!(
    /// An entry of the audit log.
    AuditEntryId,
    "AuditEntry"
);
typed_id!(
    /// A line of a shopping cart.
    CartLineId,
    "CartLine"
);
typed_id!(
    /// An order (shoppers know it by its number, e.g. `20261205-000123`).
    OrderId,
    "Order"
);
typed_id!(
    /// One line of an order.
    OrderLineId,
    "OrderLine"
);
typed_id!(
    /// A refund (or a paid order's cancellation).
    RefundId,
    "Refund"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let id = ProductId(42);
        assert_eq!(id.to_string(), "gid://jangteo/Product/42");
        assert_eq!("gid://jangteo/Product/42".parse::<ProductId>(), Ok(id));
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            r#""gid://jangteo/Product/42""#
        );
        assert_eq!(
            serde_json::from_str::<ProductId>(r#""gid://jangteo/Product/42""#).unwrap(),
            id
        );
    }

    #[test]
    fn refuses_the_wrong_type() {
        assert_eq!(
            "gid://jangteo/Channel/1".parse::<ProductId>(),
            Err(IdError::WrongType {
                expected: "Product",
                found: "Channel".into()
            })
        );
    }

    #[test]
    fn refuses_malformed_ids() {
        for bad in [
            "",
            "42",
            "gid://jangteo/Product",
            "gid://jangteo/Product/",
            "gid://jangteo/Product/abc",
            "gid://jangteo/Product/-1",
            "gid://jangteo/Product/+1",
            "gid://jangteo/Product/007",
            "gid://jangteo/Product/0",
            "gid://jangteo/Product/1/2",
            "gid://jangteo//1",
            "gid://other/Product/1",
            "gid://jangteo/Product/99999999999999999999",
        ] {
            assert!(
                matches!(bad.parse::<ProductId>(), Err(IdError::Malformed(_))),
                "{bad:?}"
            );
        }
    }
}
