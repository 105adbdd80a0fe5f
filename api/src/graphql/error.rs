//! How failures reach API clients.
//!
//! - **Expected failures are data**: a mutation payload's `userErrors: [UserError!]!`, each with
//!   the input `field` path, a `message` and a typed `code` (built from domain [`Violation`]s).
//! - **Bad arguments to a query** (a malformed cursor or ID): a top-level error with
//!   `extensions.code = "BAD_USER_INPUT"` and `extensions.field`.
//! - **Unexpected failures**: a top-level error with `extensions.code = "INTERNAL"`, an opaque
//!   message and the request id; the cause is logged once, here, with that id.

use async_graphql::{Context, Enum, ErrorExtensions, ServerError, SimpleObject};

use crate::http::request_id::RequestId;
use crate::validation::Violation;

/// Machine-readable codes of top-level errors (`extensions.code`).
pub mod codes {
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    pub const FORBIDDEN: &str = "FORBIDDEN";
    pub const INTERNAL: &str = "INTERNAL";
    pub const CHANNEL_NOT_FOUND: &str = "CHANNEL_NOT_FOUND";
    pub const GRAPHQL_PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
    pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
    pub const QUERY_TOO_COMPLEX: &str = "QUERY_TOO_COMPLEX";
    pub const QUERY_TOO_DEEP: &str = "QUERY_TOO_DEEP";
    pub const BAD_REQUEST: &str = "BAD_REQUEST";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "UNSUPPORTED_MEDIA_TYPE";
    pub const PAYLOAD_TOO_LARGE: &str = "PAYLOAD_TOO_LARGE";
    pub const METHOD_NOT_ALLOWED: &str = "METHOD_NOT_ALLOWED";
    pub const TOO_MANY_SENSITIVE_OPERATIONS: &str = "TOO_MANY_SENSITIVE_OPERATIONS";
    pub const DOCUMENT_TOO_LARGE: &str = "DOCUMENT_TOO_LARGE";
    pub const TOO_MANY_TOKENS: &str = "TOO_MANY_TOKENS";
    pub const VALUE_TOO_DEEP: &str = "VALUE_TOO_DEEP";
    pub const INTROSPECTION_DISABLED: &str = "INTROSPECTION_DISABLED";
}

/// What is wrong with an input field.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::validation::ViolationCode")]
pub enum UserErrorCode {
    /// A required value is missing or empty.
    Blank,
    /// The value is not acceptable (format or range).
    Invalid,
    /// The value is too long.
    TooLong,
    /// The value is too short.
    TooShort,
    /// The number is outside its allowed range (e.g. a negative price or stock).
    OutOfRange,
    /// The value is already used by another record.
    Taken,
    /// The value refers to something that does not exist.
    NotFound,
    /// The password is too easy to guess.
    Weak,
    /// The email address, password or code is wrong.
    InvalidCredentials,
    /// Too many failed attempts; wait `retryAfterSeconds` before trying again.
    Throttled,
    /// The token or link has expired.
    Expired,
    /// The single-use token or code has already been used.
    Used,
    /// A rule forbids this (e.g. disabling yourself, removing the last owner).
    NotAllowed,
    /// Not enough stock for the quantity asked for.
    InsufficientStock,
    /// The variant is not for sale in this shop (inactive, unpublished or removed).
    Unavailable,
    /// The cart has no lines that can be ordered.
    CartEmpty,
    /// The total is no longer what the shopper saw (a price changed); show the cart again.
    PriceChanged,
    /// The order's status does not allow this change (e.g. shipping a cancelled order).
    InvalidState,
    /// The idempotency key was used before with a different request; use a new key.
    IdempotencyKeyReused,
    /// The amount does not match the order (a tampered or stale payment).
    AmountMismatch,
    /// The payment gateway refused the payment or refund; `message` says why.
    PaymentDeclined,
    /// The payment gateway did not answer. Nothing was charged twice: try again.
    GatewayUnavailable,
    /// The stock changed since it was read (an order took some): load it again.
    StockChanged,
    /// An agreement the order needs was not given (e.g. the purchase conditions at checkout).
    ConsentRequired,
}

/// An expected failure of a mutation, tied to the input field that caused it.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
pub struct UserError {
    /// Path to the input field, e.g. `["input", "hosts", "1"]`; `null` when no single field is
    /// at fault.
    pub field: Option<Vec<String>>,
    /// A sentence a person can act on.
    pub message: String,
    pub code: UserErrorCode,
}

impl UserError {
    pub fn new(field: &[&str], code: UserErrorCode, message: impl Into<String>) -> Self {
        UserError {
            field: Some(field.iter().map(|s| (*s).to_owned()).collect()),
            message: message.into(),
            code,
        }
    }

    /// A domain violation, with its field path placed under the argument `arg` (e.g. `input`).
    pub fn from_violation(arg: &str, v: Violation) -> Self {
        let mut field: Vec<String> = if arg.is_empty() {
            Vec::new()
        } else {
            vec![arg.to_owned()]
        };
        field.extend(v.field);
        UserError {
            field: Some(field),
            message: v.message,
            code: v.code.into(),
        }
    }
}

/// A top-level error for a bad query argument.
pub fn bad_input(field: &str, message: impl Into<String>) -> async_graphql::Error {
    async_graphql::Error::new(message).extend_with(|_, e| {
        e.set("code", codes::BAD_USER_INPUT);
        e.set("field", field);
    })
}

/// The opaque error for anything unexpected. Logs the cause once, with the request id that the
/// client also receives, so an operator can find it.
pub fn internal(ctx: &Context<'_>, cause: &dyn std::fmt::Display) -> async_graphql::Error {
    let request_id = ctx
        .data_opt::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    tracing::error!(request.id = %request_id, error = %cause, "internal error");
    internal_error(&request_id)
}

/// The opaque error for an unexpected failure found outside a resolver (a caught panic, an
/// error async-graphql raised without a code), at `pos` in the query if known.
pub fn internal_server_error(request_id: &str, pos: Option<async_graphql::Pos>) -> ServerError {
    let mut error = ServerError::new(
        format!("Internal server error (request id {request_id})"),
        pos,
    );
    let ext = error.extensions.get_or_insert_with(Default::default);
    ext.set("code", codes::INTERNAL);
    ext.set("requestId", request_id);
    error
}

/// The opaque error body for an unexpected failure.
fn internal_error(request_id: &str) -> async_graphql::Error {
    let id = request_id.to_owned();
    async_graphql::Error::new(format!("Internal server error (request id {request_id})"))
        .extend_with(move |_, e| {
            e.set("code", codes::INTERNAL);
            e.set("requestId", id.as_str());
        })
}
