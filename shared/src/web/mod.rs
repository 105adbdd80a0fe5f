//! The browser side shared by the storefront and the admin (feature `web`, wasm32 only): the
//! GraphQL transport and the UI-language state.

mod graphql;
mod i18n;

pub use graphql::{ApiError, ClientError, call, post_json};
pub use i18n::{I18n, Lang};
