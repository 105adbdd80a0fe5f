//! HTTP transport: routes, middleware and static hosting. Handlers here translate HTTP to
//! service calls and back; they never build SQL or hold business rules.

pub mod document_cache;
pub mod graphql;
pub mod health;
pub mod payments;
pub mod prerender;
pub mod request_id;
pub mod seo;
pub mod shell;
pub mod web;
