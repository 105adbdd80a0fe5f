//! Errors of the catalog domain: `Internal` is the opaque variant for the unexpected.

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(transparent)]
    Internal(#[from] DbError),
}

impl From<diesel::result::Error> for CatalogError {
    fn from(e: diesel::result::Error) -> Self {
        CatalogError::Internal(DbError::Query(e))
    }
}
