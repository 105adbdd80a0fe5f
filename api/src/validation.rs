//! The shape of a rejected input, shared by every domain: which field, what kind of problem, and
//! a message a person can act on. Services return these; the GraphQL layer turns them into
//! `userErrors` without knowing the domain.

/// What is wrong with a field. The GraphQL `UserErrorCode` enum mirrors it one to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViolationCode {
    /// Required and missing or empty.
    Blank,
    /// Present but not acceptable (format, value).
    Invalid,
    TooLong,
    TooShort,
    /// A number outside its allowed range (a negative price or stock).
    OutOfRange,
    /// Already used by another record (a unique name, code or host).
    Taken,
    /// Refers to something that does not exist.
    NotFound,
    /// A password that is too easy to guess.
    Weak,
    /// The email address or password (or code) is wrong.
    InvalidCredentials,
    /// Too many failed attempts: wait before trying again.
    Throttled,
    /// A token or link that has expired.
    Expired,
    /// A single-use token or code that has already been used.
    Used,
    /// The caller may not do this (a rule, not a missing permission).
    NotAllowed,
    /// Not enough stock for the quantity asked for.
    InsufficientStock,
    /// The variant is not for sale in this shop (inactive, unpublished or removed).
    Unavailable,
    /// The cart has no lines that can be ordered.
    CartEmpty,
    /// The total is no longer what the shopper saw (a price changed).
    PriceChanged,
    /// The order's status does not allow this change.
    InvalidState,
    /// The idempotency key was used before with a different request.
    IdempotencyKeyReused,
    /// The amount does not match the order.
    AmountMismatch,
    /// The payment gateway refused the payment or refund.
    PaymentDeclined,
    /// The payment gateway did not answer; nothing was charged twice, try again.
    GatewayUnavailable,
    /// The stock changed since it was read (an order took some): read it again.
    StockChanged,
    /// An agreement the law asks for was not given (a checkbox left unticked).
    ConsentRequired,
}

/// The code for a problem found by one of `shared::account`'s rules.
pub fn code_of(p: shared::account::Problem) -> ViolationCode {
    use shared::account::Problem;
    match p {
        Problem::Blank => ViolationCode::Blank,
        Problem::Invalid => ViolationCode::Invalid,
        Problem::TooShort => ViolationCode::TooShort,
        Problem::TooLong => ViolationCode::TooLong,
        Problem::Weak => ViolationCode::Weak,
    }
}

/// What to tell someone whose new password broke a rule.
pub fn password_message(p: shared::account::Problem) -> String {
    use shared::account::{PASSWORD_MAX, PASSWORD_MIN, Problem};
    match p {
        Problem::Blank => "enter a password".into(),
        Problem::TooShort => format!("use at least {PASSWORD_MIN} characters"),
        Problem::TooLong => format!("use at most {PASSWORD_MAX} characters"),
        Problem::Weak | Problem::Invalid => {
            "this password is too easy to guess (it contains your email address or a common password); choose another"
                .into()
        }
    }
}

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Path to the field inside the service's input, e.g. `["hosts", "1"]`.
    pub field: Vec<String>,
    pub code: ViolationCode,
    pub message: String,
}

impl Violation {
    pub fn new(field: &[&str], code: ViolationCode, message: impl Into<String>) -> Self {
        Violation {
            field: field.iter().map(|s| (*s).to_owned()).collect(),
            code,
            message: message.into(),
        }
    }

    /// The same violation one level deeper, e.g. item 2 of a list: `at(["hosts"], 2)`.
    pub fn indexed(
        field: &str,
        index: usize,
        code: ViolationCode,
        message: impl Into<String>,
    ) -> Self {
        Violation {
            field: vec![field.to_owned(), index.to_string()],
            code,
            message: message.into(),
        }
    }
}

/// Checks a required single-line text: trimmed, non-empty, at most `max` characters.
pub fn required_text(
    field: &str,
    value: &str,
    max: usize,
    violations: &mut Vec<Violation>,
) -> String {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        violations.push(Violation::new(
            &[field],
            ViolationCode::Blank,
            format!("{field} must not be empty"),
        ));
    } else if trimmed.chars().count() > max {
        violations.push(Violation::new(
            &[field],
            ViolationCode::TooLong,
            format!("{field} must be at most {max} characters"),
        ));
    } else if trimmed.chars().any(char::is_control) {
        violations.push(Violation::new(
            &[field],
            ViolationCode::Invalid,
            format!("{field} must not contain control characters or line breaks"),
        ));
    }
    trimmed.to_owned()
}
