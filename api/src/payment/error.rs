//! Errors of payments and refunds: `Invalid` carries what the caller can act on (a declined
//! card, a wrong amount, an unavailable gateway, each at its field); `Internal` is the opaque
//! variant for the unexpected.

use crate::db::DbError;
use crate::order::OrderError;
use crate::validation::Violation;

#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    #[error("{}", .0.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Violation>),
    #[error(transparent)]
    Internal(#[from] DbError),
}

impl From<diesel::result::Error> for PaymentError {
    fn from(e: diesel::result::Error) -> Self {
        PaymentError::Internal(e.into())
    }
}

impl PaymentError {
    pub(crate) fn one(v: Violation) -> PaymentError {
        PaymentError::Invalid(vec![v])
    }

    /// An order error, its violations placed at `field`.
    pub(crate) fn from_order(e: OrderError, field: &str) -> PaymentError {
        match e.violations(field) {
            Some(v) => PaymentError::Invalid(v),
            None => match e {
                OrderError::Internal(e) => PaymentError::Internal(e),
                other => PaymentError::Internal(DbError::Corrupt(other.to_string())),
            },
        }
    }
}

impl From<crate::idempotency::IdempotencyError> for PaymentError {
    fn from(e: crate::idempotency::IdempotencyError) -> Self {
        use crate::idempotency::IdempotencyError as I;
        match e {
            I::Refused(v) => PaymentError::Invalid(vec![v]),
            I::Race => {
                PaymentError::Internal(DbError::Corrupt("idempotency race was not retried".into()))
            }
            I::Db(e) => PaymentError::Internal(e),
        }
    }
}
