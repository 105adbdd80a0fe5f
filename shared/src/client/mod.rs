//! The typed client of Jangteo's GraphQL APIs, for the storefront, the admin and any Rust
//! program that speaks to them.
//!
//! - Every operation lives in `graphql/<api>/*.graphql`; the build script makes one minified
//!   document per operation (the operation and the fragments it uses), so a request carries
//!   only its own operation.
//! - Each operation is a type implementing [`Operation`]: its document, the root field it reads,
//!   its variables and the type of that field's value. Those types are written once, here, and
//!   shared by every operation that selects the same shape (one `Cart`, one `Order`, one
//!   [`FieldError`]).
//! - `tests/client_schema.rs` validates every document against `schema/<api>.graphql` and reads
//!   a response built from the schema into each operation's types and back, so a renamed field,
//!   a missing enum value or a wrong nullability fails CI, not a shopper's page.
//!
//! The transport (`fetch` in the browser) is in [`crate::web`]; this module is plain Rust and
//! compiles natively too.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

pub mod admin;
pub mod shop;

/// A GraphQL operation of one of the APIs.
pub trait Operation {
    /// The operation's name in its document.
    const NAME: &'static str;
    /// The whole document sent: the operation and its fragments.
    const DOCUMENT: &'static str;
    /// The root field whose value [`Operation::Data`] is (`cartLinesAdd`); `""` when `Data` is
    /// the whole `data` object (an operation that selects several root fields).
    const ROOT: &'static str;
    /// `Default` gives the schema test an instance whose every field (and input object) it can
    /// check by name.
    type Variables: Serialize + Default;
    /// The root field's value.
    type Data: DeserializeOwned + Serialize;
}

/// The body of a GraphQL-over-HTTP request.
#[derive(Debug, Serialize)]
pub struct Request<'a, V> {
    pub query: &'static str,
    #[serde(rename = "operationName")]
    pub operation_name: &'static str,
    pub variables: &'a V,
}

impl<'a, V> Request<'a, V> {
    /// The request for operation `O` with these variables.
    pub fn new<O: Operation<Variables = V>>(variables: &'a V) -> Self {
        Request {
            query: O::DOCUMENT,
            operation_name: O::NAME,
            variables,
        }
    }
}

/// The variables of an operation that has none (sent as `{}`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NoVariables {}

/// Why a GraphQL call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// The server could not be reached (offline, DNS, CORS).
    Network(String),
    /// The server answered with an HTTP error and no GraphQL errors.
    Status(u16),
    /// The server answered with GraphQL errors (`code` is `extensions.code`).
    Graphql(Vec<ApiError>),
    /// The answer was not what the operation's types expect.
    Decode(String),
}

/// One GraphQL error as the API reports it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ApiError {
    pub message: String,
    #[serde(default, rename = "extensions", deserialize_with = "extension_code")]
    pub code: Option<String>,
}

/// The `code` of a GraphQL error's `extensions` (every other extension is skipped unread).
fn extension_code<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Extensions {
        code: Option<String>,
    }
    Ok(Option::<Extensions>::deserialize(d)?.and_then(|e| e.code))
}

/// The error codes of the API's GraphQL errors (`extensions.code`) the apps act on.
pub mod codes {
    /// No session, or one the server no longer accepts: sign in again.
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    /// Arguments the server cannot use (asking again will not help).
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    /// Signed in, without the permission the operation needs.
    pub const FORBIDDEN: &str = "FORBIDDEN";
}

impl ClientError {
    /// True when one of the server's errors has this `extensions.code`.
    pub fn has_code(&self, code: &str) -> bool {
        matches!(self, ClientError::Graphql(errors)
            if errors.iter().any(|e| e.code.as_deref() == Some(code)))
    }

    /// True when the server refused the credentials (or there are none): sign in again.
    pub fn is_unauthenticated(&self) -> bool {
        self.has_code(codes::UNAUTHENTICATED) || *self == ClientError::Status(401)
    }

    /// True when the caller is signed in but lacks the permission (asking again will not help).
    pub fn is_forbidden(&self) -> bool {
        self.has_code(codes::FORBIDDEN) || *self == ClientError::Status(403)
    }

    /// The error a call that needs a session answers without one: the same as the server's,
    /// so callers handle both alike.
    pub fn signed_out() -> ClientError {
        ClientError::Graphql(vec![ApiError {
            message: "sign in first".into(),
            code: Some(codes::UNAUTHENTICATED.into()),
        }])
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Network(e) => write!(f, "network error: {e}"),
            ClientError::Status(s) => write!(f, "HTTP {s}"),
            ClientError::Graphql(errors) => {
                let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
                f.write_str(&messages.join("; "))
            }
            ClientError::Decode(e) => write!(f, "unexpected response: {e}"),
        }
    }
}

/// Reads a GraphQL-over-HTTP answer (`status`, `body`) to operation `O`: its root field's value,
/// or why there is none.
pub fn decode<O: Operation>(status: u16, body: &str) -> Result<O::Data, ClientError> {
    #[derive(Deserialize)]
    #[serde(bound = "")]
    struct Envelope<O: Operation> {
        data: Option<Root<O>>,
        #[serde(default)]
        errors: Vec<ApiError>,
    }
    let envelope: Envelope<O> = match serde_json::from_str(body) {
        Ok(envelope) => envelope,
        Err(_) if !(200..300).contains(&status) => return Err(ClientError::Status(status)),
        Err(e) => return Err(ClientError::Decode(format!("{}: {e}", O::NAME))),
    };
    match (envelope.data, envelope.errors) {
        (_, errors) if !errors.is_empty() => Err(ClientError::Graphql(errors)),
        (Some(Root(data, _)), _) => Ok(data),
        (None, _) => Err(ClientError::Status(status)),
    }
}

/// The value of `O::ROOT` in a response's `data` (the other fields are skipped unread), or the
/// whole `data` when `O::ROOT` is empty.
struct Root<O: Operation>(O::Data, PhantomData<O>);

impl<'de, O: Operation> Deserialize<'de> for Root<O> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RootVisitor<O>(PhantomData<O>);
        impl<'de, O: Operation> Visitor<'de> for RootVisitor<O> {
            type Value = O::Data;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "an object with `{}`", O::ROOT)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<O::Data, A::Error> {
                if O::ROOT.is_empty() {
                    return O::Data::deserialize(de::value::MapAccessDeserializer::new(map));
                }
                let mut found = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == O::ROOT {
                        found = Some(map.next_value()?);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                found.ok_or_else(|| de::Error::missing_field(O::ROOT))
            }
        }
        d.deserialize_map(RootVisitor::<O>(PhantomData))
            .map(|data| Root(data, PhantomData))
    }
}

schema_enum! {
    /// What is wrong with an input (the schema's `UserErrorCode`, shared by every mutation of
    /// both APIs).
    UserErrorCode {
        /// A required value is missing or empty.
        Blank = "BLANK",
        /// The value is not acceptable (format or range).
        Invalid = "INVALID",
        TooLong = "TOO_LONG",
        TooShort = "TOO_SHORT",
        /// A number outside its range: a quantity, or a cart that is full.
        OutOfRange = "OUT_OF_RANGE",
        Taken = "TAKEN",
        NotFound = "NOT_FOUND",
        Weak = "WEAK",
        InvalidCredentials = "INVALID_CREDENTIALS",
        Throttled = "THROTTLED",
        Expired = "EXPIRED",
        Used = "USED",
        NotAllowed = "NOT_ALLOWED",
        /// Not that many units left: choose fewer.
        InsufficientStock = "INSUFFICIENT_STOCK",
        /// No longer for sale.
        Unavailable = "UNAVAILABLE",
        CartEmpty = "CART_EMPTY",
        /// The total changed since the shopper saw it.
        PriceChanged = "PRICE_CHANGED",
        /// Not possible in the current state (of an order, a payment).
        InvalidState = "INVALID_STATE",
        /// The idempotency key was sent before with a different request.
        IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED",
        /// The amount does not match the order's.
        AmountMismatch = "AMOUNT_MISMATCH",
        PaymentDeclined = "PAYMENT_DECLINED",
        GatewayUnavailable = "GATEWAY_UNAVAILABLE",
        /// The stock changed since it was read: read it again.
        StockChanged = "STOCK_CHANGED",
        /// An agreement the order needs was not given.
        ConsentRequired = "CONSENT_REQUIRED",
    }
}

/// An expected failure of a mutation, tied to the input that caused it (the schema's
/// `UserError`). The server's `message` is English; apps show their own words for `code`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    /// The argument at fault, as the server names it (`["input", "shippingAddress", "phone"]`);
    /// `None` when no one input is.
    #[serde(rename = "field")]
    pub path: Option<Vec<String>>,
    pub message: String,
    pub code: UserErrorCode,
}

impl FieldError {
    /// The input field at fault: the path's last part (`phone`).
    pub fn field(&self) -> Option<&str> {
        self.path.as_ref()?.last().map(String::as_str)
    }

    /// The path below the mutation's `input`, dotted (`shippingAddress.phone`), or `""`.
    pub fn input_path(&self) -> String {
        let Some(path) = &self.path else {
            return String::new();
        };
        let below = match path.split_first() {
            Some((first, rest)) if first == "input" => rest,
            _ => path,
        };
        below.join(".")
    }
}

/// An amount as the server priced it (the schemas' `Money`).
/// A shop's policies: 이용약관, 개인정보처리방침, 교환·반품 안내.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PolicyKind {
    #[default]
    Terms,
    Privacy,
    Returns,
}

impl PolicyKind {
    pub const ALL: [PolicyKind; 3] = [PolicyKind::Terms, PolicyKind::Privacy, PolicyKind::Returns];

    /// The last part of its storefront page's address (`/policies/terms`).
    pub fn slug(self) -> &'static str {
        match self {
            PolicyKind::Terms => "terms",
            PolicyKind::Privacy => "privacy",
            PolicyKind::Returns => "returns",
        }
    }

    pub fn from_slug(slug: &str) -> Option<PolicyKind> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }
}

/// One published version of a shop's policy (its HTML cleaned by the server).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub kind: PolicyKind,
    pub version: i32,
    pub body_html: String,
    /// RFC 3339.
    pub published_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Price {
    /// Minor units.
    pub amount: i64,
    pub currency: crate::money::Currency,
    /// As a shopper reads it, e.g. `12,900원`.
    pub formatted: String,
}

impl Price {
    /// The amount as [`crate::money::Money`] (`None` only if the server sent an amount out of
    /// range).
    pub fn money(&self) -> Option<crate::money::Money> {
        crate::money::Money::try_new(self.amount, self.currency).ok()
    }
}

// ---------------------------------------------------------------------------------------------
// The order vocabulary both APIs answer alike (the schemas' `ShippingAddress`, `OrderLine`,
// `Payment`, `VirtualAccount`, `Tracking`), selected the same way by the storefront and the admin.

use crate::order::{PaymentGateway, PaymentStatus};

/// Where an order goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShippingAddress {
    pub recipient: String,
    pub phone: String,
    pub postal_code: String,
    pub road_address: String,
    pub detail_address: String,
    pub delivery_note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderLine {
    pub id: String,
    pub product_name: String,
    pub variant_label: String,
    pub sku: String,
    pub unit_price: Price,
    pub quantity: i64,
    pub line_total: Price,
    pub refunded_quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub status: PaymentStatus,
    /// `None` for a payment that never reached a gateway.
    pub gateway: Option<PaymentGateway>,
    pub failure_message: Option<String>,
    pub virtual_account: Option<VirtualAccount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualAccount {
    pub bank_name: String,
    pub account_number: String,
    pub holder: String,
    pub amount: Price,
    pub due_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tracking {
    pub carrier_code: String,
    pub carrier_name: String,
    pub number: String,
    /// The carrier's own tracking page.
    pub url: String,
}

/// A page of a list and where the next starts (the schema's `*Connection` with `nodes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection<T> {
    pub nodes: Vec<T>,
    pub page_info: PageInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

impl<T> Connection<T> {
    /// The cursor of the next page; `None` on the last.
    pub fn next(&self) -> Option<String> {
        self.page_info
            .end_cursor
            .clone()
            .filter(|_| self.page_info.has_next_page)
    }
}

/// Declares operations: each a unit type implementing [`Operation`] with its document (from the
/// build script's `documents` module), root field, variables and data; plus `visit_all`, which
/// hands every operation of the module to a [`Visit`] (the schema test's way to reach them).
macro_rules! operations {
    ($($(#[$meta:meta])* $name:ident($vars:ty) -> $root:literal: $data:ty;)+) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy)]
            pub struct $name;

            impl $crate::client::Operation for $name {
                const NAME: &'static str = stringify!($name);
                const DOCUMENT: &'static str = documents::$name;
                const ROOT: &'static str = $root;
                type Variables = $vars;
                type Data = $data;
            }
        )+

        /// Hands every operation of this API to `visit`.
        pub fn visit_all(visit: &mut impl $crate::client::Visit) {
            $(visit.operation::<$name>();)+
        }

        /// Every operation's name, as its document names it.
        pub const NAMES: &[&str] = &[$(stringify!($name)),+];
    };
}
pub(crate) use operations;

/// Something done with every operation of an API (see the schema test).
pub trait Visit {
    fn operation<O: Operation>(&mut self);
}
