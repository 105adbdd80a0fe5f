//! The Admin API's operations (`graphql/admin/*.graphql`) and the types they read and send, as the
//! admin dashboard uses them. Every type is checked against `schema/admin.graphql` by
//! `tests/client_schema.rs`.

use serde::{Deserialize, Serialize};

use super::shop::Seller;
use super::{
    Connection, FieldError, NoVariables, OrderLine, Payment, Price, ShippingAddress, Tracking,
    operations,
};
use crate::money::Currency;
pub use crate::order::{AgreementKind, OrderSource, OrderStatus, PaymentMethod};

/// One document per operation, made by the build script.
pub mod documents {
    include!(concat!(env!("OUT_DIR"), "/admin_documents.rs"));
}

schema_enum! {
    /// A staff role (the schema's `StaffRole`).
    StaffRole {
        Owner = "OWNER",
        Manager = "MANAGER",
        CatalogEditor = "CATALOG_EDITOR",
        OrderHandler = "ORDER_HANDLER",
        CsAgent = "CS_AGENT",
    }
}

schema_enum! {
    /// One action on one domain (the schema's `Permission`).
    Permission {
        ProductsRead = "PRODUCTS_READ",
        ProductsWrite = "PRODUCTS_WRITE",
        OrdersRead = "ORDERS_READ",
        OrdersWrite = "ORDERS_WRITE",
        MembersRead = "MEMBERS_READ",
        MembersWrite = "MEMBERS_WRITE",
        ContentRead = "CONTENT_READ",
        ContentWrite = "CONTENT_WRITE",
        PromotionsRead = "PROMOTIONS_READ",
        PromotionsWrite = "PROMOTIONS_WRITE",
        StatisticsRead = "STATISTICS_READ",
        StaffRead = "STAFF_READ",
        StaffWrite = "STAFF_WRITE",
        StaffSecurity = "STAFF_SECURITY",
        SettingsRead = "SETTINGS_READ",
        SettingsWrite = "SETTINGS_WRITE",
        JobsRead = "JOBS_READ",
        JobsWrite = "JOBS_WRITE",
    }
}

schema_enum! {
    /// Where a product is in its life (the schema's `ProductStatus`).
    ProductStatus {
        Draft = "DRAFT",
        Active = "ACTIVE",
        Archived = "ARCHIVED",
    }
}

schema_enum! {
    /// A step staff may take with an order now (the schema's `OrderStaffAction`).
    OrderStaffAction {
        Prepare = "PREPARE",
        Ship = "SHIP",
        Deliver = "DELIVER",
        /// Cancel, refunding in full what was paid.
        Cancel = "CANCEL",
        Refund = "REFUND",
    }
}

schema_enum! {
    /// Whether an uploaded image's sizes are made (the schema's `MediaStatus`).
    MediaStatus {
        /// The sized copies are being made; every size shows the original meanwhile.
        Processing = "PROCESSING",
        Ready = "READY",
        /// The copies could not be made (the media says why).
        Failed = "FAILED",
    }
}

schema_enum! {
    /// Where a background job is (the schema's `JobStatus`).
    JobStatus {
        Queued = "QUEUED",
        Failed = "FAILED",
        Running = "RUNNING",
        Succeeded = "SUCCEEDED",
        Dead = "DEAD",
        Discarded = "DISCARDED",
    }
}

schema_enum! {
    /// What a staff sign-in asks for next (the schema's `StaffLoginStep`).
    StaffLoginStep {
        /// Set up an authenticator app (the challenge carries the secret).
        EnrolTotp = "ENROL_TOTP",
        VerifyTotp = "VERIFY_TOTP",
    }
}

/// The `Upload` scalar: `null` in a multipart request's operation, whose `map` puts the file
/// part in its place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileSlot;

impl Serialize for FileSlot {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_none()
    }
}

// ---------------------------------------------------------------------------------------------
// Variables shared by many operations.

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Id {
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Ids {
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct First {
    pub first: i64,
}

/// The variables of a mutation whose one argument is `input`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Input<T> {
    pub input: T,
}

/// The variables of a mutation on one record: its `id` and `input`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct IdInput<T> {
    pub id: String,
    pub input: T,
}

/// The variables of a money action on an order, repeated safely with the same key.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IdKey {
    pub id: String,
    pub idempotency_key: Option<String>,
}

/// Something the answer names only by its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
}

/// The answer of a delete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletePayload {
    pub deleted_id: Option<String>,
    pub user_errors: Vec<FieldError>,
}

/// The viewer's permissions, as list pages read them to show or hide actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewerPermissions {
    pub permissions: Vec<Permission>,
}

// ---------------------------------------------------------------------------------------------
// Staff, sign-in, jobs, audit, API keys.

/// Who is signed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewerInfo {
    pub name: String,
    pub permissions: Vec<Permission>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct StaffLoginInput {
    pub email: String,
    pub password: String,
}

/// Step one of a sign-in: a challenge, or why not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffLoginPayload {
    pub challenge: Option<StaffLoginChallenge>,
    pub user_errors: Vec<FieldError>,
    pub retry_after_seconds: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffLoginChallenge {
    pub token: String,
    pub next_step: StaffLoginStep,
    pub enrolment: Option<TotpEnrolment>,
}

/// A new authenticator's secret, as text and as a QR code (SVG).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TotpEnrolment {
    pub secret: String,
    pub qr_code_svg: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffLoginVerifyInput {
    pub challenge: String,
    pub code: Option<String>,
    pub recovery_code: Option<String>,
}

/// Step two: a session (and, after enrolment, the recovery codes), or why not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffLoginVerifyPayload {
    pub session: Option<StaffSession>,
    pub recovery_codes: Option<Vec<String>>,
    pub user_errors: Vec<FieldError>,
    pub retry_after_seconds: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffSession {
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct StaffPasswordSetInput {
    pub token: String,
    pub password: String,
}

/// A staff member after a change, or why not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffMemberPayload {
    pub staff: Option<Node>,
    pub user_errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffLogoutPayload {
    pub ok: bool,
}

/// The staff page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffPageData {
    pub viewer: Option<ViewerPermissions>,
    pub staff_members: Connection<StaffMember>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffMember {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: StaffRole,
    pub two_factor_enabled: bool,
    /// Whether the invitation's set-password link was used.
    pub password_set: bool,
    pub disabled: bool,
    pub last_login_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffInviteInput {
    pub email: String,
    pub name: String,
    pub role: StaffRole,
}

impl Default for StaffInviteInput {
    fn default() -> Self {
        StaffInviteInput {
            email: String::new(),
            name: String::new(),
            role: StaffRole::CsAgent,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffRoleChangeVariables {
    pub id: String,
    pub role: StaffRole,
}

impl Default for StaffRoleChangeVariables {
    fn default() -> Self {
        StaffRoleChangeVariables {
            id: String::new(),
            role: StaffRole::CsAgent,
        }
    }
}

/// The jobs page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobsPageData {
    pub job_kinds: Vec<String>,
    pub job_counts: Vec<JobCount>,
    pub jobs: Connection<Job>,
    pub schedules: Vec<Schedule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobCount {
    pub kind: String,
    pub status: JobStatus,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub id: String,
    pub kind: String,
    pub status: JobStatus,
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_at: String,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    pub name: String,
    pub description: String,
    pub cron: String,
    pub time_zone: String,
    pub enabled: bool,
    pub last_run_at: Option<String>,
    pub next_run_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct JobsPageVariables {
    pub status: Option<JobStatus>,
    pub kind: Option<String>,
    pub first: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobPayload {
    pub job: Option<JobRef>,
    pub user_errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRef {
    pub id: String,
    pub status: JobStatus,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct AuditPageVariables {
    pub first: i64,
    pub after: Option<String>,
    pub action: Option<String>,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: String,
    pub actor_kind: String,
    pub actor_name: String,
    pub action: String,
    pub target: Option<String>,
    /// What changed, as the server recorded it (the `JSON` scalar).
    pub detail: serde_json::Value,
    pub ip: Option<String>,
    pub created_at: String,
}

/// The API keys page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeysPageData {
    pub viewer: Option<ViewerPermissions>,
    pub api_keys: Connection<ApiKey>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    /// The key's first characters, to recognise it.
    pub prefix: String,
    pub scopes: Vec<Permission>,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    pub last_used_at: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyCreateInput {
    pub name: String,
    pub scopes: Vec<Permission>,
    pub expires_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyPayload {
    pub api_key: Option<ApiKeyRef>,
    /// Shown once, when the key is created.
    pub secret: Option<String>,
    pub user_errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyRef {
    pub id: String,
    pub revoked_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyRevokePayload {
    pub api_key: Option<ApiKeyRef>,
    pub user_errors: Vec<FieldError>,
}

// ---------------------------------------------------------------------------------------------
// Catalog.

/// The product list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductsPageData {
    pub viewer: Option<ViewerPermissions>,
    pub products: Connection<ProductRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductRow {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub status: ProductStatus,
    /// In display order; the first is the thumbnail.
    pub images: Vec<ProductImage>,
    pub variants: Vec<VariantStock>,
    pub channel_listings: Vec<ChannelListing>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantStock {
    pub sku: String,
    pub stock: i64,
}

/// Where a product is listed, at which price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelListing {
    pub channel_id: String,
    pub channel_code: String,
    pub price: Price,
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ProductsPageVariables {
    pub first: i64,
    pub after: Option<String>,
    pub search: Option<String>,
    pub status: Option<ProductStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductStatusUpdateVariables {
    pub ids: Vec<String>,
    pub status: ProductStatus,
}

impl Default for ProductStatusUpdateVariables {
    fn default() -> Self {
        ProductStatusUpdateVariables {
            ids: Vec::new(),
            status: ProductStatus::Draft,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductStatusUpdatePayload {
    pub products: Vec<ProductStatusRef>,
    pub user_errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductStatusRef {
    pub id: String,
    pub status: ProductStatus,
}

/// The catalog pages' base: the viewer's permissions and the category tree (a flat list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogBaseData {
    pub viewer: Option<ViewerPermissions>,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub position: i64,
}

/// A sales channel as catalog pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SalesChannel {
    pub id: String,
    pub code: String,
    pub name: String,
    pub currency: Currency,
}

/// A product with everything staff edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub content_html: String,
    pub options: Vec<String>,
    pub status: ProductStatus,
    pub category_ids: Vec<String>,
    pub images: Vec<ProductImage>,
    pub channel_listings: Vec<ChannelListing>,
    pub variants: Vec<Variant>,
}

/// One of a product's images, at thumbnail size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductImage {
    pub id: String,
    pub alt: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Variant {
    pub id: String,
    pub sku: String,
    pub option_values: Vec<String>,
    pub weight_grams: Option<i64>,
    pub stock: i64,
    pub sell_when_out_of_stock: bool,
    pub image_id: Option<String>,
    pub prices: Vec<VariantPrice>,
}

/// A variant's price in one channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VariantPrice {
    pub channel_id: String,
    pub price: Price,
    pub compare_at_price: Option<Price>,
}

/// A product's fields as `productCreate` takes them.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ProductCreateInput {
    pub name: String,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub status: Option<ProductStatus>,
    pub options: Vec<String>,
    pub categories: Vec<String>,
    pub channels: Vec<ProductChannelInput>,
    pub variants: Vec<ProductVariantInput>,
    pub images: Vec<String>,
}

/// A product's fields as `productUpdate` takes them (`None`: unchanged).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ProductUpdateInput {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub status: Option<ProductStatus>,
    pub options: Option<Vec<String>>,
    pub categories: Option<Vec<String>>,
    pub channels: Option<Vec<ProductChannelInput>>,
    pub variants: Option<Vec<ProductVariantInput>>,
    pub images: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ProductChannelInput {
    pub channel: String,
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductVariantInput {
    /// Keeps an existing variant.
    pub id: Option<String>,
    pub sku: String,
    pub option_values: Vec<String>,
    pub weight_grams: Option<i64>,
    pub stock: i64,
    /// The stock the editor read: the save is refused when it changed since.
    pub expected_stock: Option<i64>,
    pub sell_when_out_of_stock: bool,
    pub prices: Vec<VariantPriceInput>,
    pub image: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VariantPriceInput {
    pub channel: String,
    pub amount: i64,
    pub compare_at_amount: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductPayload {
    pub product: Option<Node>,
    pub user_errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ContentVariables {
    pub id: String,
    pub html: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ProductSearchVariables {
    pub first: i64,
    pub after: Option<String>,
    pub search: Option<String>,
}

/// A product as pickers and collections show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductRef {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub status: ProductStatus,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryInput {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub parent: Option<String>,
    pub make_root: bool,
    pub position: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryPayload {
    pub category: Option<Node>,
    pub user_errors: Vec<FieldError>,
}

/// The collections page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionsPageData {
    pub viewer: Option<ViewerPermissions>,
    pub collections: Vec<Collection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collection {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub featured: bool,
}

/// A collection's products, in its order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionProducts {
    pub id: String,
    pub product_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CollectionInput {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub featured: Option<bool>,
    pub products: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionPayload {
    pub collection: Option<CollectionProducts>,
    pub user_errors: Vec<FieldError>,
}

// ---------------------------------------------------------------------------------------------
// Media and CSV files.

/// A page of the media library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaLibraryData {
    pub viewer: Option<ViewerPermissions>,
    pub media_library: Connection<Media>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Media {
    pub id: String,
    pub alt: String,
    pub width: i64,
    pub height: i64,
    /// At thumbnail size.
    pub url: String,
    pub detail_url: String,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
    pub status: MediaStatus,
    pub failure: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PageVariables {
    pub first: i64,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct AltVariables {
    pub id: String,
    pub alt: String,
}

/// An image after an upload or a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaRef {
    pub id: String,
    pub alt: String,
    pub status: MediaStatus,
    /// At thumbnail size (the original until the thumbnail is made).
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaPayload {
    pub media: Option<MediaRef>,
    pub user_errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MediaUploadVariables {
    pub f: FileSlot,
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CsvFile {
    pub f: FileSlot,
    /// Check only: nothing is applied.
    pub dry_run: bool,
}

/// What a product CSV import did or, checked only, would do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductImportPayload {
    pub applied: bool,
    pub created: i64,
    pub updated: i64,
    pub variants: i64,
    pub row_errors: Vec<CsvRowError>,
    pub user_errors: Vec<FieldError>,
}

/// A problem with one cell or row of a CSV file (rows counted from 1, the header).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsvRowError {
    pub row: i64,
    pub column: Option<String>,
    pub code: super::UserErrorCode,
    pub message: String,
}

/// What a tracking CSV did or, checked only, would do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackingImportPayload {
    pub applied: bool,
    pub shipped: i64,
    pub row_errors: Vec<CsvRowError>,
    pub user_errors: Vec<FieldError>,
}

// ---------------------------------------------------------------------------------------------
// Orders and shipping.

/// An order in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRow {
    pub id: String,
    pub number: String,
    pub status: OrderStatus,
    pub source: OrderSource,
    pub customer_name: String,
    pub phone: String,
    pub payment_method: PaymentMethod,
    pub total: Price,
    pub placed_at: String,
}

/// Which orders the list shows (the schema's `OrderFilter`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderFilter {
    pub statuses: Vec<OrderStatus>,
    /// `2026-12-05`, in the shop's time zone.
    pub placed_from: Option<String>,
    pub placed_to: Option<String>,
    pub payment_method: Option<PaymentMethod>,
    pub source: Option<OrderSource>,
    pub channel: Option<String>,
    pub search: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OrdersPageVariables {
    pub first: Option<i64>,
    pub after: Option<String>,
    pub filter: OrderFilter,
}

/// An order as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub id: String,
    pub number: String,
    pub status: OrderStatus,
    pub source: OrderSource,
    pub customer_name: String,
    pub email: String,
    pub phone: String,
    pub member_id: Option<String>,
    pub shipping_address: ShippingAddress,
    pub lines: Vec<OrderLine>,
    pub subtotal: Price,
    pub shipping_fee: Price,
    pub total: Price,
    pub refunded_total: Price,
    /// What can still be refunded.
    pub refundable: Price,
    pub payment_method: PaymentMethod,
    pub payment: Option<Payment>,
    pub tracking: Option<Tracking>,
    pub placed_at: String,
    pub paid_at: Option<String>,
    pub shipped_at: Option<String>,
    pub delivered_at: Option<String>,
    pub expires_at: Option<String>,
    /// The steps the order allows now: the admin offers exactly these.
    pub available_actions: Vec<OrderStaffAction>,
    /// Sandbox orders awaiting a deposit: staff may simulate it.
    pub can_simulate_deposit: bool,
    pub timeline: Vec<OrderEvent>,
    /// What the shopper agreed to at checkout.
    pub agreements: Vec<OrderAgreement>,
}

/// An agreement kept with an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderAgreement {
    pub kind: AgreementKind,
    /// The version of the text the shopper saw.
    pub version: String,
    /// The version of the shop's policy it refers to, when one was published.
    pub policy_version: Option<i32>,
    pub agreed_at: String,
}

/// One entry of an order's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderEvent {
    pub kind: String,
    pub from_status: Option<OrderStatus>,
    pub to_status: Option<OrderStatus>,
    pub actor_kind: String,
    pub actor_name: String,
    pub message: String,
    pub at: String,
}

/// A shipping company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Carrier {
    pub code: String,
    pub name: String,
    /// `{number}` is replaced by the tracking number.
    pub tracking_url_template: String,
    pub active: bool,
}

/// An order and the carriers to ship it with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderDetailData {
    pub order: Option<Order>,
    pub carriers: Vec<Carrier>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderPayload {
    pub order: Option<Order>,
    pub user_errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrdersPayload {
    pub orders: Vec<Order>,
    pub user_errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderShipVariables {
    pub id: String,
    pub carrier: String,
    pub tracking_number: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OrderNoteVariables {
    pub id: String,
    pub note: String,
}

/// A shopper's bank account for a virtual-account refund.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundAccountInput {
    pub bank: String,
    pub account_number: String,
    pub holder_name: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderCancelVariables {
    pub id: String,
    pub reason: String,
    pub refund_account: Option<RefundAccountInput>,
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRefundInput {
    pub lines: Vec<RefundLineInput>,
    pub shipping_amount: i64,
    /// Everything left.
    pub full: bool,
    pub reason: String,
    /// Put the refunded units back in stock.
    pub restock: bool,
    pub refund_account: Option<RefundAccountInput>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundLineInput {
    pub line_id: String,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRefundVariables {
    pub id: String,
    pub input: OrderRefundInput,
    pub idempotency_key: Option<String>,
}

/// The shipping settings page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShippingSettingsData {
    pub channels: Vec<ChannelShipping>,
    pub carriers: Vec<Carrier>,
}

/// A channel's shipping fees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelShipping {
    pub id: String,
    pub code: String,
    pub name: String,
    pub shipping_fee: Price,
    pub free_shipping_threshold: Option<Price>,
    /// Whether checkout offers the postal-code search.
    pub address_search: bool,
}

/// Changes to a channel. A `None` is left out of the request (the field stays).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelUpdateInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosts: Option<Vec<String>>,
    /// Left out when `None`: the API's `null` removes the logo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_fee: Option<i64>,
    /// `Some(None)` sends `null`: shipping is never free.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_shipping_threshold: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_search: Option<bool>,
    /// Every seller field (an empty string clears one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seller: Option<Seller>,
}

/// A channel by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelName {
    pub id: String,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelIdVariables {
    pub channel_id: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyPublishVariables {
    pub channel_id: String,
    pub kind: super::PolicyKind,
    pub body_html: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyPublishPayload {
    pub policy: Option<super::Policy>,
    pub user_errors: Vec<FieldError>,
}

/// A channel with its seller details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SellerChannel {
    pub id: String,
    pub code: String,
    pub name: String,
    pub seller: Seller,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelUpdatePayload {
    pub channel: Option<Node>,
    pub user_errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CarrierUpdateInput {
    pub name: Option<String>,
    pub tracking_url_template: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CarrierUpdateVariables {
    pub code: String,
    pub input: CarrierUpdateInput,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CarrierPayload {
    pub carrier: Option<Carrier>,
    pub user_errors: Vec<FieldError>,
}

operations! {
    /// Who is signed in, with their permissions; `None` without credentials.
    Viewer(NoVariables) -> "viewer": Option<ViewerInfo>;
    StaffLogin(Input<StaffLoginInput>) -> "staffLogin": StaffLoginPayload;
    StaffLoginVerify(Input<StaffLoginVerifyInput>) -> "staffLoginVerify": StaffLoginVerifyPayload;
    /// Sets a password with the token of a set-password link.
    StaffPasswordSet(Input<StaffPasswordSetInput>) -> "staffPasswordSet": StaffMemberPayload;
    StaffLogout(NoVariables) -> "staffLogout": StaffLogoutPayload;
    StaffPage(First) -> "": StaffPageData;
    StaffInvite(Input<StaffInviteInput>) -> "staffInvite": StaffMemberPayload;
    StaffRoleChange(StaffRoleChangeVariables) -> "staffRoleChange": StaffMemberPayload;
    StaffDisable(Id) -> "staffDisable": StaffMemberPayload;
    StaffEnable(Id) -> "staffEnable": StaffMemberPayload;
    StaffTwoFactorReset(Id) -> "staffTwoFactorReset": StaffMemberPayload;
    JobsPage(JobsPageVariables) -> "": JobsPageData;
    JobRetry(Id) -> "jobRetry": JobPayload;
    JobDiscard(Id) -> "jobDiscard": JobPayload;
    AuditPage(AuditPageVariables) -> "auditLog": Connection<AuditEntry>;
    ApiKeysPage(First) -> "": ApiKeysPageData;
    ApiKeyCreate(Input<ApiKeyCreateInput>) -> "apiKeyCreate": ApiKeyPayload;
    ApiKeyRevoke(Id) -> "apiKeyRevoke": ApiKeyRevokePayload;

    ProductsPage(ProductsPageVariables) -> "": ProductsPageData;
    ProductStatusUpdate(ProductStatusUpdateVariables) -> "productStatusUpdate": ProductStatusUpdatePayload;
    CatalogBase(NoVariables) -> "": CatalogBaseData;
    /// Every sales channel, the default first.
    SalesChannels(NoVariables) -> "salesChannels": Vec<SalesChannel>;
    ProductDetail(Id) -> "product": Option<Product>;
    ProductCreate(Input<ProductCreateInput>) -> "productCreate": ProductPayload;
    ProductUpdate(IdInput<ProductUpdateInput>) -> "productUpdate": ProductPayload;
    ProductContentUpdate(ContentVariables) -> "productContentUpdate": ProductPayload;
    ProductSearch(ProductSearchVariables) -> "products": Connection<ProductRef>;
    ProductSummary(Id) -> "product": Option<ProductRef>;
    CategoryCreate(Input<CategoryInput>) -> "categoryCreate": CategoryPayload;
    CategoryUpdate(IdInput<CategoryInput>) -> "categoryUpdate": CategoryPayload;
    CategoryDelete(Id) -> "categoryDelete": DeletePayload;
    CollectionsPage(NoVariables) -> "": CollectionsPageData;
    CollectionItems(NoVariables) -> "collections": Vec<CollectionProducts>;
    CollectionCreate(Input<CollectionInput>) -> "collectionCreate": CollectionPayload;
    CollectionUpdate(IdInput<CollectionInput>) -> "collectionUpdate": CollectionPayload;
    CollectionDelete(Id) -> "collectionDelete": DeletePayload;

    MediaLibrary(PageVariables) -> "": MediaLibraryData;
    MediaUpdate(AltVariables) -> "mediaUpdate": MediaPayload;
    MediaDelete(Id) -> "mediaDelete": DeletePayload;
    MediaUpload(MediaUploadVariables) -> "mediaUpload": MediaPayload;
    /// Every product as CSV text, one row per variant.
    ProductExportCsv(NoVariables) -> "productExportCsv": String;
    ProductImportCsv(CsvFile) -> "productImportCsv": ProductImportPayload;

    OrdersPage(OrdersPageVariables) -> "orders": Connection<OrderRow>;
    OrderDetail(Id) -> "": OrderDetailData;
    OrderPrepare(Ids) -> "orderPrepare": OrdersPayload;
    OrderShip(OrderShipVariables) -> "orderShip": OrderPayload;
    OrderDeliver(Id) -> "orderDeliver": OrderPayload;
    OrderNoteAdd(OrderNoteVariables) -> "orderNoteAdd": OrderPayload;
    OrderCancel(OrderCancelVariables) -> "orderCancel": OrderPayload;
    OrderRefund(OrderRefundVariables) -> "orderRefund": OrderPayload;
    SandboxDepositSimulate(IdKey) -> "sandboxDepositSimulate": OrderPayload;
    ShippingSettings(NoVariables) -> "": ShippingSettingsData;
    ChannelShippingUpdate(IdInput<ChannelUpdateInput>) -> "channelUpdate": ChannelUpdatePayload;
    CarrierUpdate(CarrierUpdateVariables) -> "carrierUpdate": CarrierPayload;
    OrderTrackingImportCsv(CsvFile) -> "orderTrackingImportCsv": TrackingImportPayload;

    SellerSettings(NoVariables) -> "channels": Vec<SellerChannel>;
    ChannelSellerUpdate(IdInput<ChannelUpdateInput>) -> "channelUpdate": ChannelUpdatePayload;

    PolicySettings(NoVariables) -> "channels": Vec<ChannelName>;
    ChannelPolicies(ChannelIdVariables) -> "policies": Vec<super::Policy>;
    PolicyPublish(PolicyPublishVariables) -> "policyPublish": PolicyPublishPayload;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A channel change sends only what it changes: a left-out `logoUrl` keeps the logo (the
    /// API's `null` removes it), while a threshold of `Some(None)` is sent as `null` (never
    /// free).
    #[test]
    fn channel_updates_send_only_their_fields() {
        let fee = ChannelUpdateInput {
            shipping_fee: Some(3_000),
            free_shipping_threshold: Some(None),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&fee).unwrap(),
            serde_json::json!({ "shippingFee": 3000, "freeShippingThreshold": null })
        );
        let seller = ChannelUpdateInput {
            seller: Some(Seller {
                phone: "1588-1234".into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let sent = serde_json::to_value(&seller).unwrap();
        assert_eq!(sent.as_object().unwrap().len(), 1, "{sent}");
        assert_eq!(sent["seller"]["phone"], "1588-1234");
        assert_eq!(sent["seller"]["escrowNotice"], "");
    }
}
