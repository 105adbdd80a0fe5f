//! The admin's Admin API calls, on the shared typed client ([`shared::client::admin`]): each
//! operation's document lives in `shared/graphql/admin/`, its types in `shared`, checked against
//! `schema/admin.graphql` by `shared/tests/client_schema.rs`. Every call carries the signed-in
//! session's credentials.

use shared::client::admin as ops;
use shared::client::{NoVariables, Operation, Request};
use shared::web::call;

pub use shared::client::admin::{
    ApiKeysPageData as ApiKeysPage, AuditEntry, Carrier, CatalogBaseData as CatalogBase, Category,
    ChannelShipping, Collection, CollectionsPageData as CollectionsPage, JobStatus,
    JobsPageData as JobsPage, MediaStatus, Order, OrderRow, OrderStaffAction, Permission, Product,
    ProductRow, ProductStatus, ProductsPageData as ProductsPage, StaffLoginPayload,
    StaffLoginVerifyPayload, StaffMemberPayload, StaffPageData as StaffPage, StaffRole, Variant,
    ViewerInfo,
};
pub use shared::client::{ClientError, FieldError, UserErrorCode};
pub use shared::order::{OrderSource, OrderStatus, PaymentMethod};

use crate::session::Session;

mod access;
mod catalog;
mod media;
mod orders;
mod settings;

pub use self::access::*;
pub use self::catalog::*;
pub use self::media::*;
pub use self::orders::*;
pub use self::settings::*;

const ENDPOINT: &str = "/admin-api/graphql";

/// Runs `O` with the session's credentials.
async fn staff_call<O: Operation>(
    session: Session,
    variables: O::Variables,
) -> Result<O::Data, ClientError> {
    let auth = session.token().map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("authorization", a.as_str())).collect();
    call::<O>(ENDPOINT, &variables, &headers).await
}

/// Runs `O` without credentials (the sign-in steps).
async fn anonymous<O: Operation>(variables: O::Variables) -> Result<O::Data, ClientError> {
    call::<O>(ENDPOINT, &variables, &[]).await
}

/// The messages of a payload's `userErrors`, as one sentence; `None` when there are none.
fn messages(errors: Vec<FieldError>) -> Option<String> {
    let messages: Vec<String> = errors.into_iter().map(|e| e.message).collect();
    (!messages.is_empty()).then(|| messages.join(" "))
}

/// `Ok(value)` when a payload has no user errors, else the errors.
fn payload<T>(value: Option<T>, errors: Vec<FieldError>) -> Result<T, Vec<FieldError>> {
    match value {
        Some(value) if errors.is_empty() => Ok(value),
        _ => Err(errors),
    }
}
