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

impl CatalogError {
    /// A unique violation that slipped past the checks (a concurrent save) as a `TAKEN` user
    /// error on `field`; anything else as it is.
    pub(crate) fn taken_or(e: diesel::result::Error, field: &str, value: &str) -> CatalogError {
        if crate::db::is_unique_violation(&e) {
            CatalogError::Invalid(vec![crate::validation::Violation::new(
                &[field],
                crate::validation::ViolationCode::Taken,
                format!("\"{value}\" is already used; choose another"),
            )])
        } else {
            e.into()
        }
    }
}

/// A stored amount as `Money`; an amount outside the money range means corrupt data.
pub(crate) fn money(
    amount: i64,
    currency: shared::Currency,
    what: &str,
) -> Result<shared::Money, CatalogError> {
    shared::Money::try_new(amount, currency)
        .map_err(|e| DbError::Corrupt(format!("price of {what}: {e}")).into())
}
