//! Admin pages, one module per page (grouped by domain as the admin grows).

pub mod dashboard;
pub mod jobs;
pub mod login;
pub mod not_found;
pub mod set_password;
