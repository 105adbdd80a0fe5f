//! Errors of the channel domain. `NotFound`/`UnknownCode`/`Invalid` are expected outcomes the
//! caller shows to a person; `Internal` is the opaque variant for everything unexpected (its
//! cause is logged once by whoever turns it into a response).

use crate::db::DbError;
use crate::validation::Violation;

#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    #[error("no channel with this id")]
    NotFound,
    #[error("no channel with code {0:?}")]
    UnknownCode(String),
    #[error("the input is not valid")]
    Invalid(Vec<Violation>),
    #[error(transparent)]
    Internal(#[from] DbError),
}

impl From<diesel::result::Error> for ChannelError {
    fn from(e: diesel::result::Error) -> Self {
        ChannelError::Internal(DbError::Query(e))
    }
}
