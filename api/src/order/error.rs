//! Errors of orders: `NotFound` and `Invalid` (with fields) and `Illegal` (a transition the
//! status forbids) are the caller's to fix; `Internal` is the opaque variant for the unexpected.

use super::state::IllegalTransition;
use crate::db::DbError;
use crate::validation::{Violation, ViolationCode};

#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    #[error("there is no such order")]
    NotFound,
    #[error("{}", .0.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Violation>),
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    #[error(transparent)]
    Internal(#[from] DbError),
}

impl From<diesel::result::Error> for OrderError {
    fn from(e: diesel::result::Error) -> Self {
        OrderError::Internal(DbError::Query(e))
    }
}

impl OrderError {
    /// The error as violations at `field` (for payloads' `userErrors`); `None` for internal ones.
    pub fn violations(&self, field: &str) -> Option<Vec<Violation>> {
        match self {
            OrderError::NotFound => Some(vec![Violation::new(
                &[field],
                ViolationCode::NotFound,
                "there is no such order",
            )]),
            OrderError::Invalid(v) => Some(v.clone()),
            OrderError::Illegal(e) => Some(vec![Violation::new(
                &[field],
                ViolationCode::InvalidState,
                e.to_string(),
            )]),
            OrderError::Internal(_) => None,
        }
    }
}
