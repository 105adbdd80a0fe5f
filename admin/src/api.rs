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

// ---------------------------------------------------------------------------------------------
// Sign-in, staff, jobs, audit, API keys.

/// Sets a password with the token of a set-password link.
pub async fn staff_password_set(
    token: String,
    password: String,
) -> Result<StaffMemberPayload, ClientError> {
    let input = ops::StaffPasswordSetInput { token, password };
    anonymous::<ops::StaffPasswordSet>(ops::Input { input }).await
}

/// Ends a staff session on the server (other credentials are only forgotten by the browser).
pub async fn staff_logout_token(token: String) {
    if token.starts_with("jts_") {
        let auth = format!("Bearer {token}");
        let _ = call::<ops::StaffLogout>(
            ENDPOINT,
            &NoVariables {},
            &[("authorization", auth.as_str())],
        )
        .await;
    }
}

/// Step one of a staff sign-in (no credentials needed).
pub async fn staff_login(
    email: String,
    password: String,
) -> Result<StaffLoginPayload, ClientError> {
    let input = ops::StaffLoginInput { email, password };
    anonymous::<ops::StaffLogin>(ops::Input { input }).await
}

/// Step two: a TOTP code or a recovery code for the challenge.
pub async fn staff_login_verify(
    challenge: String,
    code: Option<String>,
    recovery_code: Option<String>,
) -> Result<StaffLoginVerifyPayload, ClientError> {
    let input = ops::StaffLoginVerifyInput {
        challenge,
        code,
        recovery_code,
    };
    anonymous::<ops::StaffLoginVerify>(ops::Input { input }).await
}

/// Who is signed in; `None` when the credentials are not accepted.
pub async fn viewer(session: Session) -> Result<Option<ViewerInfo>, ClientError> {
    staff_call::<ops::Viewer>(session, NoVariables {}).await
}

pub async fn jobs_page(
    session: Session,
    status: Option<JobStatus>,
    kind: Option<String>,
) -> Result<JobsPage, ClientError> {
    let variables = ops::JobsPageVariables {
        status,
        kind,
        first: 50,
    };
    staff_call::<ops::JobsPage>(session, variables).await
}

/// Retries (`retry = true`) or discards a job; returns the user error message if refused.
pub async fn job_change(
    session: Session,
    id: String,
    retry: bool,
) -> Result<Option<String>, ClientError> {
    let payload = if retry {
        staff_call::<ops::JobRetry>(session, ops::Id { id }).await?
    } else {
        staff_call::<ops::JobDiscard>(session, ops::Id { id }).await?
    };
    Ok(payload.user_errors.into_iter().next().map(|e| e.message))
}

/// The staff page: the viewer's permissions and the first 100 staff members.
pub async fn staff_page(session: Session) -> Result<StaffPage, ClientError> {
    staff_call::<ops::StaffPage>(session, ops::First { first: 100 }).await
}

/// Invites a member of staff; returns the user errors' messages if refused.
pub async fn staff_invite(
    session: Session,
    email: String,
    name: String,
    role: StaffRole,
) -> Result<Option<String>, ClientError> {
    let input = ops::StaffInviteInput { email, name, role };
    let payload = staff_call::<ops::StaffInvite>(session, ops::Input { input }).await?;
    Ok(messages(payload.user_errors))
}

/// What a row action on the staff page does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StaffAction {
    Role(StaffRole),
    Disable,
    Enable,
    ResetTwoFactor,
}

/// Changes a staff member; returns the user errors' messages if refused.
pub async fn staff_change(
    session: Session,
    id: String,
    action: StaffAction,
) -> Result<Option<String>, ClientError> {
    let payload = match action {
        StaffAction::Role(role) => {
            let variables = ops::StaffRoleChangeVariables { id, role };
            staff_call::<ops::StaffRoleChange>(session, variables).await?
        }
        StaffAction::Disable => staff_call::<ops::StaffDisable>(session, ops::Id { id }).await?,
        StaffAction::Enable => staff_call::<ops::StaffEnable>(session, ops::Id { id }).await?,
        StaffAction::ResetTwoFactor => {
            staff_call::<ops::StaffTwoFactorReset>(session, ops::Id { id }).await?
        }
    };
    Ok(messages(payload.user_errors))
}

/// Audit log entries, newest first, after `after` (a previous page's `endCursor`), and where
/// the next page starts.
pub async fn audit_page(
    session: Session,
    action: Option<String>,
    after: Option<String>,
) -> Result<(Vec<AuditEntry>, Option<String>), ClientError> {
    let variables = ops::AuditPageVariables {
        first: 50,
        after,
        action,
    };
    let page = staff_call::<ops::AuditPage>(session, variables).await?;
    let next = page.next();
    Ok((page.nodes, next))
}

/// The API keys page: the viewer's permissions and the newest 100 keys.
pub async fn api_keys_page(session: Session) -> Result<ApiKeysPage, ClientError> {
    staff_call::<ops::ApiKeysPage>(session, ops::First { first: 100 }).await
}

/// Creates an API key: `Ok(secret)`, or the user errors' messages if refused.
pub async fn api_key_create(
    session: Session,
    name: String,
    scopes: Vec<Permission>,
    expires_at: Option<String>,
) -> Result<Result<String, String>, ClientError> {
    let input = ops::ApiKeyCreateInput {
        name,
        scopes,
        expires_at,
    };
    let r = staff_call::<ops::ApiKeyCreate>(session, ops::Input { input }).await?;
    Ok(match (r.secret, messages(r.user_errors)) {
        (Some(secret), None) => Ok(secret),
        (_, errors) => Err(errors.unwrap_or_default()),
    })
}

/// Revokes an API key; returns the user errors' messages if refused.
pub async fn api_key_revoke(session: Session, id: String) -> Result<Option<String>, ClientError> {
    let r = staff_call::<ops::ApiKeyRevoke>(session, ops::Id { id }).await?;
    Ok(messages(r.user_errors))
}

// ---------------------------------------------------------------------------------------------
// Catalog.

/// The most products `productStatusUpdate` takes at once.
pub const PRODUCT_STATUS_UPDATE_MAX: usize = 100;

/// How many products one page of the product list shows.
pub const PRODUCTS_PAGE_SIZE: i64 = 50;

/// One page of products, newest first (with the viewer's permissions), after `after` (a previous
/// page's `endCursor`), optionally only those matching `search` (name, slug or SKU) and `status`.
pub async fn products_page(
    session: Session,
    after: Option<String>,
    search: Option<String>,
    status: Option<ProductStatus>,
) -> Result<ProductsPage, ClientError> {
    let variables = ops::ProductsPageVariables {
        first: PRODUCTS_PAGE_SIZE,
        after,
        search,
        status,
    };
    staff_call::<ops::ProductsPage>(session, variables).await
}

/// Sets the status of products (all or nothing): `Ok` with each changed product's ID and new
/// status, or the user errors' messages if refused.
pub async fn product_status_update(
    session: Session,
    ids: Vec<String>,
    status: ProductStatus,
) -> Result<Result<Vec<(String, ProductStatus)>, String>, ClientError> {
    let variables = ops::ProductStatusUpdateVariables { ids, status };
    let r = staff_call::<ops::ProductStatusUpdate>(session, variables).await?;
    Ok(match messages(r.user_errors) {
        None => Ok(r.products.into_iter().map(|p| (p.id, p.status)).collect()),
        Some(errors) => Err(errors),
    })
}

/// The viewer's permissions and the category tree (a flat list).
pub async fn catalog_base(session: Session) -> Result<CatalogBase, ClientError> {
    staff_call::<ops::CatalogBase>(session, NoVariables {}).await
}

/// A sales channel as catalog pages show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelInfo {
    pub id: String,
    pub code: String,
    pub name: String,
    /// ISO 4217 (`KRW`).
    pub currency: String,
}

/// Every sales channel, the default first (needs the settings read permission).
pub async fn sales_channels(session: Session) -> Result<Vec<ChannelInfo>, ClientError> {
    let channels = staff_call::<ops::SalesChannels>(session, NoVariables {}).await?;
    Ok(channels
        .into_iter()
        .map(|c| ChannelInfo {
            currency: c.currency.code().to_owned(),
            id: c.id,
            code: c.code,
            name: c.name,
        })
        .collect())
}

/// The channels a product is listed in, from its listings (for staff who may not read the
/// channel settings; the code stands in for the name).
pub fn listed_channels(product: &Product) -> Vec<ChannelInfo> {
    product
        .channel_listings
        .iter()
        .map(|l| ChannelInfo {
            id: l.channel_id.clone(),
            code: l.channel_code.clone(),
            name: l.channel_code.clone(),
            currency: l.price.currency.code().to_owned(),
        })
        .collect()
}

/// One product with everything staff edit; `None` when there is no product with this ID.
pub async fn product_detail(session: Session, id: String) -> Result<Option<Product>, ClientError> {
    staff_call::<ops::ProductDetail>(session, ops::Id { id }).await
}

/// A product as the editor sends it: the fields of `productCreate` and `productUpdate`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductInput {
    pub name: String,
    /// `None`: made from the name (a new product) or kept as it is (an existing one).
    pub slug: Option<String>,
    pub description: String,
    pub status: ProductStatus,
    /// Option names, in order (up to 3).
    pub options: Vec<String>,
    /// Category IDs.
    pub categories: Vec<String>,
    /// Channel IDs where the product is listed, each with whether it is published there.
    pub channels: Vec<(String, bool)>,
    pub variants: Vec<VariantInput>,
    /// Media IDs of the product's images, in display order (the first is the thumbnail).
    pub images: Vec<String>,
}

/// A variant as the editor sends it; `id` keeps an existing variant.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantInput {
    pub id: Option<String>,
    pub sku: String,
    /// One value per option name, in order.
    pub option_values: Vec<String>,
    pub weight_grams: Option<i64>,
    pub stock: i64,
    /// The stock the editor read: the save is refused when it changed since.
    pub expected_stock: Option<i64>,
    pub sell_when_out_of_stock: bool,
    /// A price in every listed channel, in the order of [`ProductInput::channels`].
    pub prices: Vec<PriceInput>,
    /// One of [`ProductInput::images`], shown when the variant is chosen.
    pub image: Option<String>,
}

/// A variant's price in one channel, in minor units of the channel's currency.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceInput {
    pub channel: String,
    pub amount: i64,
    pub compare_at_amount: Option<i64>,
}

/// The channel and variant parts of a product input, as the API takes them.
fn product_parts(
    channels: Vec<(String, bool)>,
    variants: Vec<VariantInput>,
) -> (Vec<ops::ProductChannelInput>, Vec<ops::ProductVariantInput>) {
    let channels = channels
        .into_iter()
        .map(|(channel, published)| ops::ProductChannelInput { channel, published })
        .collect();
    let variants = variants
        .into_iter()
        .map(|v| ops::ProductVariantInput {
            id: v.id,
            sku: v.sku,
            option_values: v.option_values,
            weight_grams: v.weight_grams,
            stock: v.stock,
            expected_stock: v.expected_stock,
            sell_when_out_of_stock: v.sell_when_out_of_stock,
            prices: v
                .prices
                .into_iter()
                .map(|p| ops::VariantPriceInput {
                    channel: p.channel,
                    amount: p.amount,
                    compare_at_amount: p.compare_at_amount,
                })
                .collect(),
            image: v.image,
        })
        .collect();
    (channels, variants)
}

/// Creates a product (all or nothing): `Ok(its ID)`, or the user errors if refused.
pub async fn product_create(
    session: Session,
    input: ProductInput,
) -> Result<Result<String, Vec<FieldError>>, ClientError> {
    let (channels, variants) = product_parts(input.channels, input.variants);
    let input = ops::ProductCreateInput {
        name: input.name,
        slug: input.slug,
        description: Some(input.description),
        status: Some(input.status),
        options: input.options,
        categories: input.categories,
        channels,
        variants,
        images: input.images,
    };
    let r = staff_call::<ops::ProductCreate>(session, ops::Input { input }).await?;
    Ok(payload(r.product.map(|p| p.id), r.user_errors))
}

/// Saves every field of an existing product (its variants are the whole new set; rows with
/// an `id` keep their variant): `Ok(())`, or the user errors if refused.
pub async fn product_update(
    session: Session,
    id: String,
    input: ProductInput,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let (channels, variants) = product_parts(input.channels, input.variants);
    let input = ops::ProductUpdateInput {
        name: Some(input.name),
        slug: input.slug,
        description: Some(input.description),
        status: Some(input.status),
        options: Some(input.options),
        categories: Some(input.categories),
        channels: Some(channels),
        variants: Some(variants),
        images: Some(input.images),
    };
    let r = staff_call::<ops::ProductUpdate>(session, ops::IdInput { id, input }).await?;
    Ok(payload(r.product.map(|_| ()), r.user_errors))
}

/// Replaces a product's rich content: `Ok(())`, or the user errors if refused.
pub async fn product_content_update(
    session: Session,
    id: String,
    html: String,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let variables = ops::ContentVariables { id, html };
    let r = staff_call::<ops::ProductContentUpdate>(session, variables).await?;
    Ok(payload(r.product.map(|_| ()), r.user_errors))
}

/// A product as pickers and collections show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductSummaryItem {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub status: ProductStatus,
}

impl From<ops::ProductRef> for ProductSummaryItem {
    fn from(p: ops::ProductRef) -> Self {
        ProductSummaryItem {
            id: p.id,
            slug: p.slug,
            name: p.name,
            status: p.status,
        }
    }
}

/// Up to `first` products, newest first, whose name, slug or SKU contains `search`.
pub async fn product_search(
    session: Session,
    search: Option<String>,
    first: i64,
) -> Result<Vec<ProductSummaryItem>, ClientError> {
    let variables = ops::ProductSearchVariables {
        first,
        after: None,
        search,
    };
    let page = staff_call::<ops::ProductSearch>(session, variables).await?;
    Ok(page.nodes.into_iter().map(Into::into).collect())
}

/// The products with these IDs, in no particular order (a deleted one is left out): the newest
/// 100 in one call, then one call for each product not among them.
pub async fn product_summaries(
    session: Session,
    ids: &[String],
) -> Result<Vec<ProductSummaryItem>, ClientError> {
    let mut found: Vec<ProductSummaryItem> = if ids.is_empty() {
        Vec::new()
    } else {
        product_search(session, None, 100)
            .await?
            .into_iter()
            .filter(|p| ids.contains(&p.id))
            .collect()
    };
    for id in ids {
        if found.iter().any(|p| &p.id == id) {
            continue;
        }
        let variables = ops::Id { id: id.clone() };
        if let Some(p) = staff_call::<ops::ProductSummary>(session, variables).await? {
            found.push(p.into());
        }
    }
    Ok(found)
}

/// Creates a category, top-level or under `parent`: `Ok(its ID)`, or the user errors.
pub async fn category_create(
    session: Session,
    name: String,
    slug: Option<String>,
    parent: Option<String>,
) -> Result<Result<String, Vec<FieldError>>, ClientError> {
    let input = ops::CategoryInput {
        name: Some(name),
        slug,
        description: None,
        parent,
        make_root: false,
        position: None,
    };
    let r = staff_call::<ops::CategoryCreate>(session, ops::Input { input }).await?;
    Ok(payload(r.category.map(|c| c.id), r.user_errors))
}

/// Where a saved category goes.
#[derive(Debug, Clone, PartialEq)]
pub enum CategoryParent {
    /// It stays where it is.
    Keep,
    /// It becomes a top-level category.
    Root,
    /// It moves under the category with this ID.
    Under(String),
}

/// Renames (`name`) and/or moves a category: `Ok(())`, or the user errors if refused.
pub async fn category_update(
    session: Session,
    id: String,
    name: Option<String>,
    parent: CategoryParent,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let (parent, make_root) = match parent {
        CategoryParent::Keep => (None, false),
        CategoryParent::Root => (None, true),
        CategoryParent::Under(p) => (Some(p), false),
    };
    let input = ops::CategoryInput {
        name,
        slug: None,
        description: None,
        parent,
        make_root,
        position: None,
    };
    let r = staff_call::<ops::CategoryUpdate>(session, ops::IdInput { id, input }).await?;
    Ok(payload(r.category.map(|_| ()), r.user_errors))
}

/// Deletes a category without subcategories: `Ok(())`, or the user errors if refused.
pub async fn category_delete(
    session: Session,
    id: String,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let r = staff_call::<ops::CategoryDelete>(session, ops::Id { id }).await?;
    Ok(payload(r.deleted_id.map(|_| ()), r.user_errors))
}

/// The collections page: the viewer's permissions and every collection, featured ones first.
pub async fn collections_page(session: Session) -> Result<CollectionsPage, ClientError> {
    staff_call::<ops::CollectionsPage>(session, NoVariables {}).await
}

/// The product IDs of a collection, in its order; `None` when there is no such collection.
pub async fn collection_items(
    session: Session,
    id: &str,
) -> Result<Option<Vec<String>>, ClientError> {
    let collections = staff_call::<ops::CollectionItems>(session, NoVariables {}).await?;
    Ok(collections
        .into_iter()
        .find(|c| c.id == id)
        .map(|c| c.product_ids))
}

/// Changes to a collection; `None` leaves a field as it is (`products` is the whole content,
/// in order).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CollectionChange {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub featured: Option<bool>,
    pub products: Option<Vec<String>>,
}

impl From<CollectionChange> for ops::CollectionInput {
    fn from(change: CollectionChange) -> Self {
        ops::CollectionInput {
            name: change.name,
            slug: change.slug,
            description: None,
            featured: change.featured,
            products: change.products,
        }
    }
}

/// Creates a collection: `Ok(its ID)`, or the user errors if refused.
pub async fn collection_create(
    session: Session,
    change: CollectionChange,
) -> Result<Result<String, Vec<FieldError>>, ClientError> {
    let input = change.into();
    let r = staff_call::<ops::CollectionCreate>(session, ops::Input { input }).await?;
    Ok(payload(r.collection.map(|c| c.id), r.user_errors))
}

/// Changes a collection: `Ok(its product IDs after the change)`, or the user errors.
pub async fn collection_update(
    session: Session,
    id: String,
    change: CollectionChange,
) -> Result<Result<Vec<String>, Vec<FieldError>>, ClientError> {
    let input = change.into();
    let r = staff_call::<ops::CollectionUpdate>(session, ops::IdInput { id, input }).await?;
    Ok(payload(r.collection.map(|c| c.product_ids), r.user_errors))
}

/// Deletes a collection (its products stay): `Ok(())`, or the user errors if refused.
pub async fn collection_delete(
    session: Session,
    id: String,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let r = staff_call::<ops::CollectionDelete>(session, ops::Id { id }).await?;
    Ok(payload(r.deleted_id.map(|_| ()), r.user_errors))
}

// ---------------------------------------------------------------------------------------------
// Media and CSV files.

/// How many images one page of the media library shows.
pub const MEDIA_PAGE_SIZE: i64 = 24;

/// The most images `mediaLibrary` answers at once.
pub const MEDIA_PAGE_MAX: i64 = 100;

/// An image of the media library as the admin shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaItem {
    pub id: String,
    pub alt: String,
    /// Pixel size of the original.
    pub width: i64,
    pub height: i64,
    /// The thumbnail's URL (at most 240 px on its longest side).
    pub thumbnail_url: String,
    /// The URL of the detail size (at most 1400 px; the original while processing), as the
    /// product page shows images.
    pub detail_url: String,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
    pub status: MediaStatus,
    /// Why processing failed.
    pub failure: Option<String>,
    /// RFC 3339 in UTC.
    pub created_at: String,
}

/// One page of the media library, with what the viewer may do.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaPage {
    pub permissions: Vec<Permission>,
    /// Newest first.
    pub items: Vec<MediaItem>,
    /// The cursor of the page after this one, while there is one.
    pub next: Option<String>,
}

/// Up to `first` images of the media library (1 to [`MEDIA_PAGE_MAX`]), newest first, after
/// `after` (a previous page's cursor).
pub async fn media_library(
    session: Session,
    first: i64,
    after: Option<String>,
) -> Result<MediaPage, ClientError> {
    let variables = ops::PageVariables {
        first: first.clamp(1, MEDIA_PAGE_MAX),
        after,
    };
    let r = staff_call::<ops::MediaLibrary>(session, variables).await?;
    let next = r.media_library.next();
    Ok(MediaPage {
        permissions: r.viewer.map(|v| v.permissions).unwrap_or_default(),
        items: r
            .media_library
            .nodes
            .into_iter()
            .map(|m| MediaItem {
                id: m.id,
                alt: m.alt,
                width: m.width,
                height: m.height,
                thumbnail_url: m.url,
                detail_url: m.detail_url,
                file_name: m.file_name,
                content_type: m.content_type,
                byte_size: m.byte_size,
                status: m.status,
                failure: m.failure,
                created_at: m.created_at,
            })
            .collect(),
        next,
    })
}

/// Changes an image's alt text: `Ok(the alt text saved)`, or the user errors if refused.
pub async fn media_update(
    session: Session,
    id: String,
    alt: String,
) -> Result<Result<String, Vec<FieldError>>, ClientError> {
    let r = staff_call::<ops::MediaUpdate>(session, ops::AltVariables { id, alt }).await?;
    Ok(payload(r.media.map(|m| m.alt), r.user_errors))
}

/// Deletes an image from the library and from every product showing it: `Ok(())`, or the user
/// errors if refused.
pub async fn media_delete(
    session: Session,
    id: String,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let r = staff_call::<ops::MediaDelete>(session, ops::Id { id }).await?;
    Ok(payload(r.deleted_id.map(|_| ()), r.user_errors))
}

/// A just-uploaded image, as the upload answers it.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaInfo {
    pub id: String,
    pub alt: String,
    /// Usually [`MediaStatus::Processing`]: the sized copies are made in the background.
    pub status: MediaStatus,
    /// The thumbnail's URL (the original until the thumbnail is made).
    pub thumbnail_url: String,
}

/// Why the server refused an uploaded file: the user error's code (for an image, `INVALID`: not
/// a JPEG, PNG or WebP image; `TOO_LONG`: too many pixels or bytes; `BLANK`: an empty file; for
/// a CSV file, `INVALID`: not UTF-8 text) and message.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadRefusal {
    pub code: String,
    pub message: String,
}

/// Why an uploaded file (an image for the library, a CSV file of products) was not taken.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadError {
    /// The server refused the file (empty when it gave no reason).
    Refused(Vec<UploadRefusal>),
    /// The file is larger than the server takes (HTTP 413).
    TooLarge,
    /// The request failed: network, credentials, permission or an unexpected answer.
    Client(ClientError),
}

impl From<ClientError> for UploadError {
    fn from(e: ClientError) -> Self {
        UploadError::Client(e)
    }
}

/// The code of the GraphQL error a request too large for the server gets.
const PAYLOAD_TOO_LARGE: &str = "PAYLOAD_TOO_LARGE";

fn js_error(e: wasm_bindgen::JsValue) -> ClientError {
    ClientError::Network(e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// Sends the operation `O` with `file` in place of its variable `$f`: a `multipart/form-data`
/// POST following the GraphQL multipart request spec (the part `operations` is the operation
/// with `$f` null, `map` puts the part `0`, the file, in its place). The browser sets the
/// content type with its boundary; the session's credentials go along as with every other call.
/// Never answers [`UploadError::Refused`]: the payload's user errors are the caller's to read.
async fn post_with_file<O: Operation>(
    session: Session,
    variables: O::Variables,
    file: &web_sys::File,
) -> Result<O::Data, UploadError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    let operations = serde_json::to_string(&Request::new::<O>(&variables))
        .map_err(|e| ClientError::Decode(e.to_string()))?;
    let form = web_sys::FormData::new().map_err(js_error)?;
    form.append_with_str("operations", &operations)
        .map_err(js_error)?;
    form.append_with_str("map", r#"{"0":["variables.f"]}"#)
        .map_err(js_error)?;
    form.append_with_blob_and_filename("0", file, &file.name())
        .map_err(js_error)?;
    let headers = web_sys::Headers::new().map_err(js_error)?;
    headers
        .set(
            "accept",
            "application/graphql-response+json, application/json",
        )
        .map_err(js_error)?;
    if let Some(token) = session.token() {
        headers
            .set("authorization", &format!("Bearer {token}"))
            .map_err(js_error)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&form);
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(ENDPOINT, &init).map_err(js_error)?;
    let window = web_sys::window().ok_or_else(|| ClientError::Network("no window".into()))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    let status = response.status();
    if status == 413 {
        return Err(UploadError::TooLarge);
    }
    let text = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .as_string()
        .unwrap_or_default();
    match shared::client::decode::<O>(status, &text) {
        Err(e) if e.has_code(PAYLOAD_TOO_LARGE) => Err(UploadError::TooLarge),
        other => Ok(other?),
    }
}

/// The server's refusals of an uploaded file.
fn refusals(errors: Vec<FieldError>) -> UploadError {
    UploadError::Refused(
        errors
            .into_iter()
            .map(|e| UploadRefusal {
                code: e.code.code().to_owned(),
                message: e.message,
            })
            .collect(),
    )
}

/// Uploads one image to the media library with the alt text `alt` (see [`post_with_file`]).
pub async fn upload_media(
    session: Session,
    file: web_sys::File,
    alt: String,
) -> Result<MediaInfo, UploadError> {
    let variables = ops::MediaUploadVariables {
        f: ops::FileSlot,
        alt,
    };
    let payload = post_with_file::<ops::MediaUpload>(session, variables, &file).await?;
    match payload.media {
        Some(m) if payload.user_errors.is_empty() => Ok(MediaInfo {
            id: m.id,
            alt: m.alt,
            status: m.status,
            thumbnail_url: m.url,
        }),
        _ => Err(refusals(payload.user_errors)),
    }
}

/// Every product as CSV text, one row per variant (the columns [`product_import_csv`] reads).
pub async fn product_export_csv(session: Session) -> Result<String, ClientError> {
    staff_call::<ops::ProductExportCsv>(session, NoVariables {}).await
}

/// A problem with one cell or row of an imported CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRowProblem {
    /// Counted from 1, the header being row 1.
    pub row: i64,
    /// The column's header, when one cell is at fault.
    pub column: Option<String>,
    /// The user error code (`INVALID`, `NOT_FOUND`, …).
    pub code: String,
    pub message: String,
}

/// What a CSV import did or, when checked only, would do.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvImport {
    /// Whether the file was applied (never when checked only, nor with a row problem).
    pub applied: bool,
    /// Products the file creates (or would create).
    pub created: i64,
    /// Products the file changes (or would change).
    pub updated: i64,
    /// Variant rows in the file.
    pub variants: i64,
    /// Every problem found, by row; when not empty nothing was applied.
    pub problems: Vec<CsvRowProblem>,
}

fn row_problems(errors: Vec<ops::CsvRowError>) -> Vec<CsvRowProblem> {
    errors
        .into_iter()
        .map(|e| CsvRowProblem {
            row: e.row,
            column: e.column,
            code: e.code.code().to_owned(),
            message: e.message,
        })
        .collect()
}

/// Checks (`dry_run`) or applies a CSV file of products (see [`post_with_file`]); the whole
/// file is applied or nothing. A file the server cannot read at all (not UTF-8) is
/// [`UploadError::Refused`].
pub async fn product_import_csv(
    session: Session,
    file: &web_sys::File,
    dry_run: bool,
) -> Result<CsvImport, UploadError> {
    let variables = ops::CsvFile {
        f: ops::FileSlot,
        dry_run,
    };
    let payload = post_with_file::<ops::ProductImportCsv>(session, variables, file).await?;
    if !payload.user_errors.is_empty() {
        return Err(refusals(payload.user_errors));
    }
    Ok(CsvImport {
        applied: payload.applied,
        created: payload.created,
        updated: payload.updated,
        variants: payload.variants,
        problems: row_problems(payload.row_errors),
    })
}

/// True when the credentials lack a permission the call needs.
pub fn is_forbidden(error: &ClientError) -> bool {
    error.is_forbidden()
}

/// True when the server refused the credentials (sign in again).
pub fn is_unauthenticated(error: &ClientError) -> bool {
    error.is_unauthenticated()
}

// ---------------------------------------------------------------------------------------------
// Orders and shipping.

pub const ORDERS_PAGE_SIZE: i64 = 20;

/// Which orders the list shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrderQuery {
    pub status: Option<OrderStatus>,
    pub placed_from: Option<String>,
    pub placed_to: Option<String>,
    pub payment_method: Option<PaymentMethod>,
    pub source: Option<OrderSource>,
    pub search: Option<String>,
}

/// A page of orders, newest first, and where the next one starts.
pub async fn orders_page(
    session: Session,
    query: OrderQuery,
    after: Option<String>,
) -> Result<(Vec<OrderRow>, Option<String>), ClientError> {
    let filter = ops::OrderFilter {
        statuses: query.status.into_iter().collect(),
        placed_from: query.placed_from,
        placed_to: query.placed_to,
        payment_method: query.payment_method,
        source: query.source,
        channel: None,
        search: query.search,
    };
    let variables = ops::OrdersPageVariables {
        first: Some(ORDERS_PAGE_SIZE),
        after,
        filter,
    };
    let page = staff_call::<ops::OrdersPage>(session, variables).await?;
    let next = page.next();
    Ok((page.nodes, next))
}

/// One order and the carriers to ship it with; `None` when there is no such order.
pub async fn order_detail(
    session: Session,
    id: String,
) -> Result<Option<(Order, Vec<Carrier>)>, ClientError> {
    let data = staff_call::<ops::OrderDetail>(session, ops::Id { id }).await?;
    Ok(data.order.map(|order| (order, data.carriers)))
}

/// The order after an action, or the user errors' messages if refused.
pub type OrderAction = Result<Order, String>;

fn order_action(order: Option<Order>, errors: Vec<FieldError>) -> OrderAction {
    match (messages(errors), order) {
        (None, Some(order)) => Ok(order),
        (Some(messages), _) => Err(messages),
        (None, None) => Err(String::new()),
    }
}

pub async fn order_prepare(session: Session, id: String) -> Result<OrderAction, ClientError> {
    let p = staff_call::<ops::OrderPrepare>(session, ops::Ids { ids: vec![id] }).await?;
    Ok(order_action(p.orders.into_iter().next(), p.user_errors))
}

pub async fn order_ship(
    session: Session,
    id: String,
    carrier: String,
    tracking_number: String,
) -> Result<OrderAction, ClientError> {
    let variables = ops::OrderShipVariables {
        id,
        carrier,
        tracking_number,
    };
    let p = staff_call::<ops::OrderShip>(session, variables).await?;
    Ok(order_action(p.order, p.user_errors))
}

pub async fn order_deliver(session: Session, id: String) -> Result<OrderAction, ClientError> {
    let p = staff_call::<ops::OrderDeliver>(session, ops::Id { id }).await?;
    Ok(order_action(p.order, p.user_errors))
}

pub async fn order_note_add(
    session: Session,
    id: String,
    note: String,
) -> Result<OrderAction, ClientError> {
    let p = staff_call::<ops::OrderNoteAdd>(session, ops::OrderNoteVariables { id, note }).await?;
    Ok(order_action(p.order, p.user_errors))
}

/// A shopper's bank account for a virtual-account refund.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundAccount {
    pub bank: String,
    pub account_number: String,
    pub holder_name: String,
}

impl From<RefundAccount> for ops::RefundAccountInput {
    fn from(a: RefundAccount) -> Self {
        ops::RefundAccountInput {
            bank: a.bank,
            account_number: a.account_number,
            holder_name: a.holder_name,
        }
    }
}

pub async fn order_cancel(
    session: Session,
    id: String,
    reason: String,
    account: Option<RefundAccount>,
    idempotency_key: String,
) -> Result<OrderAction, ClientError> {
    let variables = ops::OrderCancelVariables {
        id,
        reason,
        refund_account: account.map(Into::into),
        idempotency_key: Some(idempotency_key),
    };
    let p = staff_call::<ops::OrderCancel>(session, variables).await?;
    Ok(order_action(p.order, p.user_errors))
}

/// What to refund: everything left, or units per line and part of the shipping fee.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundRequest {
    pub full: bool,
    /// (line ID, units)
    pub lines: Vec<(String, i64)>,
    pub shipping_amount: i64,
    pub reason: String,
    pub restock: bool,
    pub account: Option<RefundAccount>,
}

pub async fn order_refund(
    session: Session,
    id: String,
    request: RefundRequest,
    idempotency_key: String,
) -> Result<OrderAction, ClientError> {
    let variables = ops::OrderRefundVariables {
        id,
        input: ops::OrderRefundInput {
            lines: request
                .lines
                .into_iter()
                .map(|(line_id, quantity)| ops::RefundLineInput { line_id, quantity })
                .collect(),
            shipping_amount: request.shipping_amount,
            full: request.full,
            reason: request.reason,
            restock: request.restock,
            refund_account: request.account.map(Into::into),
        },
        idempotency_key: Some(idempotency_key),
    };
    let p = staff_call::<ops::OrderRefund>(session, variables).await?;
    Ok(order_action(p.order, p.user_errors))
}

pub async fn sandbox_deposit_simulate(
    session: Session,
    id: String,
    idempotency_key: String,
) -> Result<OrderAction, ClientError> {
    let variables = ops::IdKey {
        id,
        idempotency_key: Some(idempotency_key),
    };
    let p = staff_call::<ops::SandboxDepositSimulate>(session, variables).await?;
    Ok(order_action(p.order, p.user_errors))
}

/// The channels' shipping fees and the carriers.
pub async fn shipping_settings(
    session: Session,
) -> Result<(Vec<ChannelShipping>, Vec<Carrier>), ClientError> {
    let data = staff_call::<ops::ShippingSettings>(session, NoVariables {}).await?;
    Ok((data.channels, data.carriers))
}

/// Sets a channel's flat fee and free-shipping threshold (`None`: never free); the user errors'
/// messages if refused.
pub async fn channel_shipping_update(
    session: Session,
    id: String,
    fee: i64,
    threshold: Option<i64>,
) -> Result<Option<String>, ClientError> {
    let input = ops::ChannelUpdateInput {
        name: None,
        hosts: None,
        logo_url: None,
        shipping_fee: Some(fee),
        free_shipping_threshold: threshold,
    };
    let p = staff_call::<ops::ChannelShippingUpdate>(session, ops::IdInput { id, input }).await?;
    Ok(messages(p.user_errors))
}

/// Edits a carrier; the carrier as saved, or the user errors' messages.
pub async fn carrier_update(
    session: Session,
    code: String,
    name: String,
    template: String,
    active: bool,
) -> Result<Result<Carrier, String>, ClientError> {
    let variables = ops::CarrierUpdateVariables {
        code,
        input: ops::CarrierUpdateInput {
            name: Some(name),
            tracking_url_template: Some(template),
            active: Some(active),
        },
    };
    let p = staff_call::<ops::CarrierUpdate>(session, variables).await?;
    Ok(match (messages(p.user_errors), p.carrier) {
        (None, Some(c)) => Ok(c),
        (Some(m), _) => Err(m),
        (None, None) => Err(String::new()),
    })
}

/// What a tracking CSV did or, checked only, would do.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackingImport {
    pub applied: bool,
    pub shipped: i64,
    pub problems: Vec<CsvRowProblem>,
}

/// Checks (`dry_run`) or applies a tracking CSV (every row or none).
pub async fn tracking_import_csv(
    session: Session,
    file: &web_sys::File,
    dry_run: bool,
) -> Result<TrackingImport, UploadError> {
    let variables = ops::CsvFile {
        f: ops::FileSlot,
        dry_run,
    };
    let payload = post_with_file::<ops::OrderTrackingImportCsv>(session, variables, file).await?;
    if !payload.user_errors.is_empty() {
        return Err(refusals(payload.user_errors));
    }
    Ok(TrackingImport {
        applied: payload.applied,
        shipped: payload.shipped,
        problems: row_problems(payload.row_errors),
    })
}
