//! Errors of carts: `Invalid` for what the shopper can fix (each with its field), `Internal` for
//! the unexpected.

use crate::db::DbError;
use crate::validation::Violation;

#[derive(Debug, thiserror::Error)]
pub enum CartError {
    #[error("{}", .0.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Violation>),
    #[error(transparent)]
    Internal(#[from] DbError),
}

impl From<diesel::result::Error> for CartError {
    fn from(e: diesel::result::Error) -> Self {
        CartError::Internal(DbError::Query(e))
    }
}

impl From<shared::MoneyError> for CartError {
    fn from(e: shared::MoneyError) -> Self {
        CartError::Internal(DbError::Corrupt(format!("cart total: {e}")))
    }
}

impl CartError {
    pub(crate) fn one(v: Violation) -> CartError {
        CartError::Invalid(vec![v])
    }
}
