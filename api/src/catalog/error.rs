//! Errors of the catalog domain: `Internal` is the opaque variant for the unexpected.

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("there is no such product")]
    NotFound,
    #[error("{}", .0.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<crate::validation::Violation>),
    #[error(transparent)]
    Internal(#[from] DbError),
}

impl From<diesel::result::Error> for CatalogError {
    fn from(e: diesel::result::Error) -> Self {
        CatalogError::Internal(DbError::Query(e))
    }
}
