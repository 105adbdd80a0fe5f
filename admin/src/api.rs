//! Typed Admin API calls, checked at compile time against `schema/admin.graphql`. Every call
//! carries the signed-in session's credentials.

use graphql_client::GraphQLQuery;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use shared::web::{ClientError, graphql};

use crate::session::Session;

const ENDPOINT: &str = "/admin-api/graphql";

/// The `DateTime` scalar: RFC 3339 in UTC.
type DateTime = String;

/// The `JSON` scalar, kept as compact JSON text (it is only shown).
#[allow(clippy::upper_case_acronyms)]
type JSON = CompactJson;

/// A staff role (the schema's `StaffRole`), shared by every query that names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StaffRole {
    Owner,
    Manager,
    CatalogEditor,
    OrderHandler,
    CsAgent,
    /// A role this build of the admin does not know yet.
    #[serde(other)]
    Unknown,
}

impl StaffRole {
    pub const ALL: [StaffRole; 5] = [
        StaffRole::Owner,
        StaffRole::Manager,
        StaffRole::CatalogEditor,
        StaffRole::OrderHandler,
        StaffRole::CsAgent,
    ];

    /// The GraphQL enum name.
    pub fn code(self) -> &'static str {
        match self {
            StaffRole::Owner => "OWNER",
            StaffRole::Manager => "MANAGER",
            StaffRole::CatalogEditor => "CATALOG_EDITOR",
            StaffRole::OrderHandler => "ORDER_HANDLER",
            StaffRole::CsAgent => "CS_AGENT",
            StaffRole::Unknown => "UNKNOWN",
        }
    }

    pub fn from_code(code: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// One action on one domain (the schema's `Permission`), shared by every query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Permission {
    ProductsRead,
    ProductsWrite,
    OrdersRead,
    OrdersWrite,
    MembersRead,
    MembersWrite,
    ContentRead,
    ContentWrite,
    PromotionsRead,
    PromotionsWrite,
    StatisticsRead,
    StaffRead,
    StaffWrite,
    StaffSecurity,
    SettingsRead,
    SettingsWrite,
    JobsRead,
    JobsWrite,
    /// A permission this build of the admin does not know yet.
    #[serde(other)]
    Unknown,
}

impl Permission {
    pub const ALL: [Permission; 18] = [
        Permission::ProductsRead,
        Permission::ProductsWrite,
        Permission::OrdersRead,
        Permission::OrdersWrite,
        Permission::MembersRead,
        Permission::MembersWrite,
        Permission::ContentRead,
        Permission::ContentWrite,
        Permission::PromotionsRead,
        Permission::PromotionsWrite,
        Permission::StatisticsRead,
        Permission::StaffRead,
        Permission::StaffWrite,
        Permission::StaffSecurity,
        Permission::SettingsRead,
        Permission::SettingsWrite,
        Permission::JobsRead,
        Permission::JobsWrite,
    ];

    /// The GraphQL enum name.
    pub fn code(self) -> &'static str {
        match self {
            Permission::ProductsRead => "PRODUCTS_READ",
            Permission::ProductsWrite => "PRODUCTS_WRITE",
            Permission::OrdersRead => "ORDERS_READ",
            Permission::OrdersWrite => "ORDERS_WRITE",
            Permission::MembersRead => "MEMBERS_READ",
            Permission::MembersWrite => "MEMBERS_WRITE",
            Permission::ContentRead => "CONTENT_READ",
            Permission::ContentWrite => "CONTENT_WRITE",
            Permission::PromotionsRead => "PROMOTIONS_READ",
            Permission::PromotionsWrite => "PROMOTIONS_WRITE",
            Permission::StatisticsRead => "STATISTICS_READ",
            Permission::StaffRead => "STAFF_READ",
            Permission::StaffWrite => "STAFF_WRITE",
            Permission::StaffSecurity => "STAFF_SECURITY",
            Permission::SettingsRead => "SETTINGS_READ",
            Permission::SettingsWrite => "SETTINGS_WRITE",
            Permission::JobsRead => "JOBS_READ",
            Permission::JobsWrite => "JOBS_WRITE",
            Permission::Unknown => "UNKNOWN",
        }
    }
}

/// Where a product is in its life (the schema's `ProductStatus`), shared by every query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProductStatus {
    Draft,
    Active,
    Archived,
    /// A status this build of the admin does not know yet.
    #[serde(other)]
    Unknown,
}

impl ProductStatus {
    pub const ALL: [ProductStatus; 3] = [
        ProductStatus::Draft,
        ProductStatus::Active,
        ProductStatus::Archived,
    ];

    /// The GraphQL enum name.
    pub fn code(self) -> &'static str {
        match self {
            ProductStatus::Draft => "DRAFT",
            ProductStatus::Active => "ACTIVE",
            ProductStatus::Archived => "ARCHIVED",
            ProductStatus::Unknown => "UNKNOWN",
        }
    }

    pub fn from_code(code: &str) -> Option<ProductStatus> {
        ProductStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Where an image of the media library is in its processing (the schema's `MediaStatus`),
/// shared by every query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MediaStatus {
    /// The sized copies are being made; every size shows the original meanwhile.
    Processing,
    Ready,
    /// The copies could not be made (the media says why).
    Failed,
    /// A status this build of the admin does not know yet.
    #[serde(other)]
    Unknown,
}

impl MediaStatus {
    /// The GraphQL enum name.
    pub fn code(self) -> &'static str {
        match self {
            MediaStatus::Processing => "PROCESSING",
            MediaStatus::Ready => "READY",
            MediaStatus::Failed => "FAILED",
            MediaStatus::Unknown => "UNKNOWN",
        }
    }
}

/// A JSON value re-written as compact JSON text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompactJson(pub String);

impl<'de> Deserialize<'de> for CompactJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut out = String::new();
        JsonWriter {
            out: &mut out,
            comma: false,
        }
        .deserialize(deserializer)?;
        Ok(CompactJson(out))
    }
}

/// Writes one JSON value to `out`, after a comma when `comma`.
struct JsonWriter<'a> {
    out: &'a mut String,
    comma: bool,
}

fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

impl<'de> DeserializeSeed<'de> for JsonWriter<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.comma {
            self.out.push(',');
        }
        deserializer.deserialize_any(JsonWriter {
            out: self.out,
            comma: false,
        })
    }
}

impl<'de> Visitor<'de> for JsonWriter<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.out.push_str(&v.to_string());
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.out.push_str(&v.to_string());
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.out.push_str(&v.to_string());
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        push_json_string(self.out, v);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.out.push_str("null");
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.out.push('[');
        let mut comma = false;
        while seq
            .next_element_seed(JsonWriter {
                out: &mut *self.out,
                comma,
            })?
            .is_some()
        {
            comma = true;
        }
        self.out.push(']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.out.push('{');
        let mut comma = false;
        while let Some(key) = map.next_key::<String>()? {
            if comma {
                self.out.push(',');
            }
            comma = true;
            push_json_string(self.out, &key);
            self.out.push(':');
            map.next_value_seed(JsonWriter {
                out: &mut *self.out,
                comma: false,
            })?;
        }
        self.out.push('}');
        Ok(())
    }
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/viewer.graphql",
    extern_enums("Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct Viewer;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/jobs.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone, PartialEq"
)]
pub struct JobsPage;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/jobs.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct JobRetry;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/jobs.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct JobDiscard;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffLogin;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffLoginVerify;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffPasswordSet;

/// Sets a password with the token of a set-password link.
pub async fn staff_password_set(
    token: String,
    password: String,
) -> Result<staff_password_set::StaffPasswordSetStaffPasswordSet, ClientError> {
    let input = staff_password_set::StaffPasswordSetInput { token, password };
    Ok(
        graphql::<StaffPasswordSet>(ENDPOINT, staff_password_set::Variables { input }, &[])
            .await?
            .staff_password_set,
    )
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffLogout;

/// Ends a staff session on the server (other credentials are only forgotten by the browser).
pub async fn staff_logout_token(token: String) {
    if token.starts_with("jts_") {
        let auth = format!("Bearer {token}");
        let _ = graphql::<StaffLogout>(
            ENDPOINT,
            staff_logout::Variables,
            &[("authorization", auth.as_str())],
        )
        .await;
    }
}

/// Step one of a staff sign-in (no credentials needed).
pub async fn staff_login(
    email: String,
    password: String,
) -> Result<staff_login::StaffLoginStaffLogin, ClientError> {
    let input = staff_login::StaffLoginInput { email, password };
    Ok(
        graphql::<StaffLogin>(ENDPOINT, staff_login::Variables { input }, &[])
            .await?
            .staff_login,
    )
}

/// Step two: a TOTP code or a recovery code for the challenge.
pub async fn staff_login_verify(
    challenge: String,
    code: Option<String>,
    recovery_code: Option<String>,
) -> Result<staff_login_verify::StaffLoginVerifyStaffLoginVerify, ClientError> {
    let input = staff_login_verify::StaffLoginVerifyInput {
        challenge,
        code,
        recovery_code,
    };
    Ok(
        graphql::<StaffLoginVerify>(ENDPOINT, staff_login_verify::Variables { input }, &[])
            .await?
            .staff_login_verify,
    )
}

async fn call<Q: GraphQLQuery>(
    session: Session,
    variables: Q::Variables,
) -> Result<Q::ResponseData, ClientError> {
    let auth = session.token().map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("authorization", a.as_str())).collect();
    graphql::<Q>(ENDPOINT, variables, &headers).await
}

pub async fn viewer(session: Session) -> Result<viewer::ResponseData, ClientError> {
    call::<Viewer>(session, viewer::Variables).await
}

pub async fn jobs_page(
    session: Session,
    status: Option<jobs_page::JobStatus>,
    kind: Option<String>,
) -> Result<jobs_page::ResponseData, ClientError> {
    call::<JobsPage>(
        session,
        jobs_page::Variables {
            status,
            kind,
            first: 50,
        },
    )
    .await
}

/// Retries (`retry = true`) or discards a job; returns the user error message if refused.
pub async fn job_change(
    session: Session,
    id: String,
    retry: bool,
) -> Result<Option<String>, ClientError> {
    if retry {
        let r = call::<JobRetry>(session, job_retry::Variables { id }).await?;
        Ok(r.job_retry
            .user_errors
            .into_iter()
            .next()
            .map(|e| e.message))
    } else {
        let r = call::<JobDiscard>(session, job_discard::Variables { id }).await?;
        Ok(r.job_discard
            .user_errors
            .into_iter()
            .next()
            .map(|e| e.message))
    }
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff_members.graphql",
    extern_enums("StaffRole", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffPage;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff_members.graphql",
    extern_enums("StaffRole", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffInvite;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff_members.graphql",
    extern_enums("StaffRole", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffRoleChange;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff_members.graphql",
    extern_enums("StaffRole", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffDisable;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff_members.graphql",
    extern_enums("StaffRole", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffEnable;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/staff_members.graphql",
    extern_enums("StaffRole", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct StaffTwoFactorReset;

/// The messages of a payload's `userErrors`, as one sentence; `None` when there are none.
macro_rules! user_errors {
    ($errors:expr) => {{
        let messages: Vec<String> = $errors.into_iter().map(|e| e.message).collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    }};
}

/// The staff page: the viewer's permissions and the first 100 staff members.
pub async fn staff_page(session: Session) -> Result<staff_page::ResponseData, ClientError> {
    call::<StaffPage>(session, staff_page::Variables { first: 100 }).await
}

/// Invites a member of staff; returns the user errors' messages if refused.
pub async fn staff_invite(
    session: Session,
    email: String,
    name: String,
    role: StaffRole,
) -> Result<Option<String>, ClientError> {
    let input = staff_invite::StaffInviteInput { email, name, role };
    let r = call::<StaffInvite>(session, staff_invite::Variables { input }).await?;
    Ok(user_errors!(r.staff_invite.user_errors))
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
    Ok(match action {
        StaffAction::Role(role) => {
            let vars = staff_role_change::Variables { id, role };
            let r = call::<StaffRoleChange>(session, vars).await?;
            user_errors!(r.staff_role_change.user_errors)
        }
        StaffAction::Disable => {
            let r = call::<StaffDisable>(session, staff_disable::Variables { id }).await?;
            user_errors!(r.staff_disable.user_errors)
        }
        StaffAction::Enable => {
            let r = call::<StaffEnable>(session, staff_enable::Variables { id }).await?;
            user_errors!(r.staff_enable.user_errors)
        }
        StaffAction::ResetTwoFactor => {
            let vars = staff_two_factor_reset::Variables { id };
            let r = call::<StaffTwoFactorReset>(session, vars).await?;
            user_errors!(r.staff_two_factor_reset.user_errors)
        }
    })
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/audit.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct AuditPage;

/// Audit log entries, newest first, after `after` (a previous page's `endCursor`).
pub async fn audit_page(
    session: Session,
    action: Option<String>,
    after: Option<String>,
) -> Result<audit_page::ResponseData, ClientError> {
    let vars = audit_page::Variables {
        first: 50,
        after,
        action,
    };
    call::<AuditPage>(session, vars).await
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/api_keys.graphql",
    extern_enums("Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct ApiKeysPage;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/api_keys.graphql",
    extern_enums("Permission"),
    response_derives = "Debug, Clone, PartialEq",
    skip_serializing_none
)]
pub struct ApiKeyCreate;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/api_keys.graphql",
    extern_enums("Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct ApiKeyRevoke;

/// The API keys page: the viewer's permissions and the newest 100 keys.
pub async fn api_keys_page(session: Session) -> Result<api_keys_page::ResponseData, ClientError> {
    call::<ApiKeysPage>(session, api_keys_page::Variables { first: 100 }).await
}

/// Creates an API key: `Ok(secret)`, or the user errors' messages if refused.
pub async fn api_key_create(
    session: Session,
    name: String,
    scopes: Vec<Permission>,
    expires_at: Option<String>,
) -> Result<Result<String, String>, ClientError> {
    let input = api_key_create::ApiKeyCreateInput {
        name,
        scopes,
        expires_at,
    };
    let r = call::<ApiKeyCreate>(session, api_key_create::Variables { input })
        .await?
        .api_key_create;
    Ok(match (r.secret, user_errors!(r.user_errors)) {
        (Some(secret), None) => Ok(secret),
        (_, errors) => Err(errors.unwrap_or_default()),
    })
}

/// Revokes an API key; returns the user errors' messages if refused.
pub async fn api_key_revoke(session: Session, id: String) -> Result<Option<String>, ClientError> {
    let r = call::<ApiKeyRevoke>(session, api_key_revoke::Variables { id }).await?;
    Ok(user_errors!(r.api_key_revoke.user_errors))
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/products.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct ProductsPage;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/products.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct ProductStatusUpdate;

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
) -> Result<products_page::ResponseData, ClientError> {
    let vars = products_page::Variables {
        first: PRODUCTS_PAGE_SIZE,
        after,
        search,
        status,
    };
    call::<ProductsPage>(session, vars).await
}

/// Sets the status of products (all or nothing): `Ok` with each changed product's ID and new
/// status, or the user errors' messages if refused.
pub async fn product_status_update(
    session: Session,
    ids: Vec<String>,
    status: ProductStatus,
) -> Result<Result<Vec<(String, ProductStatus)>, String>, ClientError> {
    let r = call::<ProductStatusUpdate>(session, product_status_update::Variables { ids, status })
        .await?
        .product_status_update;
    Ok(match user_errors!(r.user_errors) {
        None => Ok(r.products.into_iter().map(|p| (p.id, p.status)).collect()),
        Some(errors) => Err(errors),
    })
}

/// The `MinorUnits` scalar: an amount in the smallest unit of its currency (`12900` won).
type MinorUnits = i64;

/// A user error of a catalog mutation: the path of the input field at fault (e.g.
/// `["input", "variants", "0", "sku"]`; empty when no single field is) and its message.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: Vec<String>,
    pub message: String,
}

/// A payload's `userErrors` as [`FieldError`]s.
macro_rules! field_errors {
    ($errors:expr) => {
        $errors
            .into_iter()
            .map(|e| FieldError {
                field: e.field.unwrap_or_default(),
                message: e.message,
            })
            .collect::<Vec<FieldError>>()
    };
}

/// `Ok(value)` when a payload has no user errors, else the errors.
macro_rules! payload {
    ($value:expr, $errors:expr) => {{
        let errors = field_errors!($errors);
        match $value {
            Some(value) if errors.is_empty() => Ok(value),
            _ => Err(errors),
        }
    }};
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct CatalogBase;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct ProductDetail;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq",
    skip_serializing_none
)]
pub struct ProductCreate;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq",
    skip_serializing_none
)]
pub struct ProductUpdate;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct ProductContentUpdate;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq",
    skip_serializing_none
)]
pub struct ProductSearch;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct ProductSummary;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq",
    skip_serializing_none
)]
pub struct CategoryCreate;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq",
    skip_serializing_none
)]
pub struct CategoryUpdate;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct CategoryDelete;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct CollectionsPage;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct CollectionItems;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq",
    skip_serializing_none
)]
pub struct CollectionCreate;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq",
    skip_serializing_none
)]
pub struct CollectionUpdate;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct CollectionDelete;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/catalog.graphql",
    extern_enums("ProductStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct SalesChannels;

/// The viewer's permissions and the category tree (a flat list).
pub async fn catalog_base(session: Session) -> Result<catalog_base::ResponseData, ClientError> {
    call::<CatalogBase>(session, catalog_base::Variables).await
}

/// The ISO 4217 code of a generated `CurrencyCode` of module `$m` (`KRW`).
macro_rules! currency_code {
    ($m:ident, $currency:expr) => {
        match $currency {
            $m::CurrencyCode::Other(code) => code.clone(),
            // The generated variants are named after the codes.
            known => format!("{known:?}"),
        }
    };
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
    let r = call::<SalesChannels>(session, sales_channels::Variables).await?;
    Ok(r.sales_channels
        .into_iter()
        .map(|c| ChannelInfo {
            currency: currency_code!(sales_channels, &c.currency),
            id: c.id,
            code: c.code,
            name: c.name,
        })
        .collect())
}

/// The channels a product is listed in, from its listings (for staff who may not read the
/// channel settings; the code stands in for the name).
pub fn listed_channels(product: &product_detail::ProductDetailProduct) -> Vec<ChannelInfo> {
    product
        .channel_listings
        .iter()
        .map(|l| ChannelInfo {
            id: l.channel_id.clone(),
            code: l.channel_code.clone(),
            name: l.channel_code.clone(),
            currency: currency_code!(product_detail, &l.price.currency),
        })
        .collect()
}

/// One product with everything staff edit; `None` when there is no product with this ID.
pub async fn product_detail(
    session: Session,
    id: String,
) -> Result<Option<product_detail::ProductDetailProduct>, ClientError> {
    Ok(
        call::<ProductDetail>(session, product_detail::Variables { id })
            .await?
            .product,
    )
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

/// The channel and variant parts of a product input, as the generated types of module `$m`.
macro_rules! product_parts {
    ($m:ident, $channels:expr, $variants:expr) => {{
        let channels: Vec<$m::ProductChannelInput> = $channels
            .into_iter()
            .map(|(channel, published)| $m::ProductChannelInput { channel, published })
            .collect();
        let variants: Vec<$m::ProductVariantInput> = $variants
            .into_iter()
            .map(|v| $m::ProductVariantInput {
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
                    .map(|p| $m::VariantPriceInput {
                        channel: p.channel,
                        amount: p.amount,
                        compare_at_amount: p.compare_at_amount,
                    })
                    .collect(),
                image: v.image,
            })
            .collect();
        (channels, variants)
    }};
}

/// Creates a product (all or nothing): `Ok(its ID)`, or the user errors if refused.
pub async fn product_create(
    session: Session,
    input: ProductInput,
) -> Result<Result<String, Vec<FieldError>>, ClientError> {
    let (channels, variants) = product_parts!(product_create, input.channels, input.variants);
    let input = product_create::ProductCreateInput {
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
    let r = call::<ProductCreate>(session, product_create::Variables { input })
        .await?
        .product_create;
    Ok(payload!(r.product.map(|p| p.id), r.user_errors))
}

/// Saves every field of an existing product (its variants are the whole new set; rows with
/// an `id` keep their variant): `Ok(())`, or the user errors if refused.
pub async fn product_update(
    session: Session,
    id: String,
    input: ProductInput,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let (channels, variants) = product_parts!(product_update, input.channels, input.variants);
    let input = product_update::ProductUpdateInput {
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
    let r = call::<ProductUpdate>(session, product_update::Variables { id, input })
        .await?
        .product_update;
    Ok(payload!(r.product.map(|_| ()), r.user_errors))
}

/// Replaces a product's rich content: `Ok(())`, or the user errors if refused.
pub async fn product_content_update(
    session: Session,
    id: String,
    html: String,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let r = call::<ProductContentUpdate>(session, product_content_update::Variables { id, html })
        .await?
        .product_content_update;
    Ok(payload!(r.product.map(|_| ()), r.user_errors))
}

/// A product as pickers and collections show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductSummaryItem {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub status: ProductStatus,
}

/// Up to `first` products, newest first, whose name, slug or SKU contains `search`.
pub async fn product_search(
    session: Session,
    search: Option<String>,
    first: i64,
) -> Result<Vec<ProductSummaryItem>, ClientError> {
    let vars = product_search::Variables {
        first,
        after: None,
        search,
    };
    let r = call::<ProductSearch>(session, vars).await?;
    Ok(r.products
        .nodes
        .into_iter()
        .map(|p| ProductSummaryItem {
            id: p.id,
            slug: p.slug,
            name: p.name,
            status: p.status,
        })
        .collect())
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
        let vars = product_summary::Variables { id: id.clone() };
        if let Some(p) = call::<ProductSummary>(session, vars).await?.product {
            found.push(ProductSummaryItem {
                id: p.id,
                slug: p.slug,
                name: p.name,
                status: p.status,
            });
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
    let input = category_create::CategoryInput {
        name: Some(name),
        slug,
        description: None,
        parent,
        make_root: false,
        position: None,
    };
    let r = call::<CategoryCreate>(session, category_create::Variables { input })
        .await?
        .category_create;
    Ok(payload!(r.category.map(|c| c.id), r.user_errors))
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
    let input = category_update::CategoryInput {
        name,
        slug: None,
        description: None,
        parent,
        make_root,
        position: None,
    };
    let r = call::<CategoryUpdate>(session, category_update::Variables { id, input })
        .await?
        .category_update;
    Ok(payload!(r.category.map(|_| ()), r.user_errors))
}

/// Deletes a category without subcategories: `Ok(())`, or the user errors if refused.
pub async fn category_delete(
    session: Session,
    id: String,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let r = call::<CategoryDelete>(session, category_delete::Variables { id })
        .await?
        .category_delete;
    Ok(payload!(r.deleted_id.map(|_| ()), r.user_errors))
}

/// The collections page: the viewer's permissions and every collection, featured ones first.
pub async fn collections_page(
    session: Session,
) -> Result<collections_page::ResponseData, ClientError> {
    call::<CollectionsPage>(session, collections_page::Variables).await
}

/// The product IDs of a collection, in its order; `None` when there is no such collection.
pub async fn collection_items(
    session: Session,
    id: &str,
) -> Result<Option<Vec<String>>, ClientError> {
    let r = call::<CollectionItems>(session, collection_items::Variables).await?;
    Ok(r.collections
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

/// Creates a collection: `Ok(its ID)`, or the user errors if refused.
pub async fn collection_create(
    session: Session,
    change: CollectionChange,
) -> Result<Result<String, Vec<FieldError>>, ClientError> {
    let input = collection_create::CollectionInput {
        name: change.name,
        slug: change.slug,
        description: None,
        featured: change.featured,
        products: change.products,
    };
    let r = call::<CollectionCreate>(session, collection_create::Variables { input })
        .await?
        .collection_create;
    Ok(payload!(r.collection.map(|c| c.id), r.user_errors))
}

/// Changes a collection: `Ok(its product IDs after the change)`, or the user errors.
pub async fn collection_update(
    session: Session,
    id: String,
    change: CollectionChange,
) -> Result<Result<Vec<String>, Vec<FieldError>>, ClientError> {
    let input = collection_update::CollectionInput {
        name: change.name,
        slug: change.slug,
        description: None,
        featured: change.featured,
        products: change.products,
    };
    let r = call::<CollectionUpdate>(session, collection_update::Variables { id, input })
        .await?
        .collection_update;
    Ok(payload!(r.collection.map(|c| c.product_ids), r.user_errors))
}

/// Deletes a collection (its products stay): `Ok(())`, or the user errors if refused.
pub async fn collection_delete(
    session: Session,
    id: String,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let r = call::<CollectionDelete>(session, collection_delete::Variables { id })
        .await?
        .collection_delete;
    Ok(payload!(r.deleted_id.map(|_| ()), r.user_errors))
}

/// The `Upload` scalar: `null` in the operation of a multipart request, whose file part the
/// request's `map` puts in its place.
type Upload = ();

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/media.graphql",
    extern_enums("MediaStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct MediaLibrary;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/media.graphql",
    extern_enums("MediaStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct MediaUpdate;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/media.graphql",
    extern_enums("MediaStatus", "Permission"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct MediaDelete;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/media_upload.graphql",
    extern_enums("MediaStatus"),
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct MediaUpload;

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
    let vars = media_library::Variables {
        first: first.clamp(1, MEDIA_PAGE_MAX),
        after,
    };
    let r = call::<MediaLibrary>(session, vars).await?;
    let page = r.media_library;
    Ok(MediaPage {
        permissions: r.viewer.map(|v| v.permissions).unwrap_or_default(),
        items: page
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
        next: page
            .page_info
            .end_cursor
            .filter(|_| page.page_info.has_next_page),
    })
}

/// Changes an image's alt text: `Ok(the alt text saved)`, or the user errors if refused.
pub async fn media_update(
    session: Session,
    id: String,
    alt: String,
) -> Result<Result<String, Vec<FieldError>>, ClientError> {
    let r = call::<MediaUpdate>(session, media_update::Variables { id, alt })
        .await?
        .media_update;
    Ok(payload!(r.media.map(|m| m.alt), r.user_errors))
}

/// Deletes an image from the library and from every product showing it: `Ok(())`, or the user
/// errors if refused.
pub async fn media_delete(
    session: Session,
    id: String,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let r = call::<MediaDelete>(session, media_delete::Variables { id })
        .await?
        .media_delete;
    Ok(payload!(r.deleted_id.map(|_| ()), r.user_errors))
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

/// Sends the operation `Q` with `file` in place of its variable `$f`: a `multipart/form-data`
/// POST following the GraphQL multipart request spec (the part `operations` is the operation
/// with `$f` null, `map` puts the part `0`, the file, in its place). The browser sets the
/// content type with its boundary; the session's credentials go along as with every other call.
/// Never answers [`UploadError::Refused`]: the payload's user errors are the caller's to read.
async fn post_with_file<Q: GraphQLQuery>(
    session: Session,
    variables: Q::Variables,
    file: &web_sys::File,
) -> Result<Q::ResponseData, UploadError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    let operations = serde_json::to_string(&Q::build_query(variables))
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
    let parsed: graphql_client::Response<Q::ResponseData> = match serde_json::from_str(&text) {
        Ok(parsed) => parsed,
        Err(_) if !(200..300).contains(&status) => {
            return Err(ClientError::Status(status).into());
        }
        Err(e) => return Err(ClientError::Decode(e.to_string()).into()),
    };
    if let Some(errors) = parsed.errors.filter(|e| !e.is_empty()) {
        let errors: Vec<shared::web::ApiError> = errors
            .into_iter()
            .map(|e| shared::web::ApiError {
                code: e
                    .extensions
                    .as_ref()
                    .and_then(|x| x.get("code"))
                    .and_then(|c| c.as_str())
                    .map(str::to_owned),
                message: e.message,
            })
            .collect();
        if errors
            .iter()
            .any(|e| e.code.as_deref() == Some(PAYLOAD_TOO_LARGE))
        {
            return Err(UploadError::TooLarge);
        }
        return Err(ClientError::Graphql(errors).into());
    }
    parsed
        .data
        .ok_or_else(|| ClientError::Status(status).into())
}

/// A generated `UserErrorCode` as its GraphQL name (`INVALID`); empty when it has none.
fn error_code(code: &impl Serialize) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|c| c.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Uploads one image to the media library with the alt text `alt` (see [`post_with_file`]).
pub async fn upload_media(
    session: Session,
    file: web_sys::File,
    alt: String,
) -> Result<MediaInfo, UploadError> {
    let vars = media_upload::Variables { f: (), alt };
    let payload = post_with_file::<MediaUpload>(session, vars, &file)
        .await?
        .media_upload;
    match payload.media {
        Some(m) if payload.user_errors.is_empty() => Ok(MediaInfo {
            id: m.id,
            alt: m.alt,
            status: m.status,
            thumbnail_url: m.url,
        }),
        _ => Err(UploadError::Refused(
            payload
                .user_errors
                .into_iter()
                .map(|e| UploadRefusal {
                    code: error_code(&e.code),
                    message: e.message,
                })
                .collect(),
        )),
    }
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/product_csv.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct ProductExportCsv;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/product_csv.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct ProductImportCsv;

/// Every product as CSV text, one row per variant (the columns [`product_import_csv`] reads).
pub async fn product_export_csv(session: Session) -> Result<String, ClientError> {
    Ok(
        call::<ProductExportCsv>(session, product_export_csv::Variables)
            .await?
            .product_export_csv,
    )
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

/// Checks (`dry_run`) or applies a CSV file of products (see [`post_with_file`]); the whole
/// file is applied or nothing. A file the server cannot read at all (not UTF-8) is
/// [`UploadError::Refused`].
pub async fn product_import_csv(
    session: Session,
    file: &web_sys::File,
    dry_run: bool,
) -> Result<CsvImport, UploadError> {
    let vars = product_import_csv::Variables { f: (), dry_run };
    let payload = post_with_file::<ProductImportCsv>(session, vars, file)
        .await?
        .product_import_csv;
    if !payload.user_errors.is_empty() {
        return Err(UploadError::Refused(
            payload
                .user_errors
                .into_iter()
                .map(|e| UploadRefusal {
                    code: error_code(&e.code),
                    message: e.message,
                })
                .collect(),
        ));
    }
    Ok(CsvImport {
        applied: payload.applied,
        created: payload.created,
        updated: payload.updated,
        variants: payload.variants,
        problems: payload
            .row_errors
            .into_iter()
            .map(|e| CsvRowProblem {
                row: e.row,
                column: e.column,
                code: error_code(&e.code),
                message: e.message,
            })
            .collect(),
    })
}

/// True when the credentials lack a permission the call needs.
pub fn is_forbidden(error: &ClientError) -> bool {
    match error {
        ClientError::Graphql(errors) => errors
            .iter()
            .any(|e| e.code.as_deref() == Some("FORBIDDEN")),
        ClientError::Status(403) => true,
        _ => false,
    }
}

/// True when the server refused the credentials (sign in again).
pub fn is_unauthenticated(error: &ClientError) -> bool {
    match error {
        ClientError::Graphql(errors) => errors
            .iter()
            .any(|e| e.code.as_deref() == Some("UNAUTHENTICATED")),
        ClientError::Status(401) => true,
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Orders: `graphql/orders.graphql`, `graphql/tracking_csv.graphql`. Each operation has its own
// generated copy of the order fragment; it is read into the one set of types below.

/// The `NaiveDate` scalar: `2026-12-05`.
type NaiveDate = String;

pub use shared::order::{OrderSource, OrderStatus, PaymentGateway, PaymentMethod, PaymentStatus};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Amount {
    #[serde(default)]
    pub amount: i64,
    pub formatted: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRow {
    pub id: String,
    pub number: String,
    pub status: OrderStatus,
    pub source: OrderSource,
    pub customer_name: String,
    pub phone: String,
    pub payment_method: PaymentMethod,
    pub total: Amount,
    pub placed_at: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
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
    pub shipping_address: OrderAddress,
    pub lines: Vec<OrderLine>,
    pub subtotal: Amount,
    pub shipping_fee: Amount,
    pub total: Amount,
    pub refunded_total: Amount,
    pub refundable: Amount,
    pub payment_method: PaymentMethod,
    pub payment: Option<OrderPayment>,
    pub tracking: Option<OrderTracking>,
    pub placed_at: String,
    pub paid_at: Option<String>,
    pub shipped_at: Option<String>,
    pub delivered_at: Option<String>,
    pub expires_at: Option<String>,
    pub can_simulate_deposit: bool,
    pub timeline: Vec<OrderEvent>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderAddress {
    pub recipient: String,
    pub phone: String,
    pub postal_code: String,
    pub road_address: String,
    pub detail_address: String,
    pub delivery_note: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderLine {
    pub id: String,
    pub product_name: String,
    pub variant_label: String,
    pub sku: String,
    pub unit_price: Amount,
    pub quantity: i64,
    pub line_total: Amount,
    pub refunded_quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderPayment {
    pub status: PaymentStatus,
    pub gateway: Option<PaymentGateway>,
    pub failure_message: Option<String>,
    pub virtual_account: Option<OrderVirtualAccount>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderVirtualAccount {
    pub bank_name: String,
    pub account_number: String,
    pub holder: String,
    pub due_at: Option<String>,
    pub amount: Amount,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderTracking {
    pub carrier_code: String,
    pub carrier_name: String,
    pub number: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Carrier {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub tracking_url_template: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelShipping {
    pub id: String,
    pub code: String,
    pub name: String,
    pub shipping_fee: Amount,
    pub free_shipping_threshold: Option<Amount>,
}

/// Reads a generated response part into one of the types above.
fn convert<T: Serialize, U: serde::de::DeserializeOwned>(value: T) -> Result<U, ClientError> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|e| ClientError::Decode(e.to_string()))
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct OrdersPage;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct OrderDetail;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct OrderPrepare;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct OrderShip;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct OrderDeliver;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct OrderNoteAdd;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct OrderCancel;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct OrderRefund;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct SandboxDepositSimulate;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct ShippingSettings;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct ChannelShippingUpdate;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct CarrierUpdate;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/admin.graphql",
    query_path = "graphql/tracking_csv.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "OrderStatus",
        "PaymentMethod",
        "OrderSource",
        "PaymentStatus",
        "PaymentGateway"
    )
)]
pub struct OrderTrackingImportCsv;

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
    let filter = orders_page::OrderFilter {
        statuses: query.status.into_iter().collect(),
        placed_from: query.placed_from,
        placed_to: query.placed_to,
        payment_method: query.payment_method,
        source: query.source,
        channel: None,
        search: query.search,
    };
    let vars = orders_page::Variables {
        first: Some(ORDERS_PAGE_SIZE),
        after,
        filter: Some(filter),
    };
    let orders = call::<OrdersPage>(session, vars).await?.orders;
    let page = orders.page_info;
    Ok((
        convert(orders.nodes)?,
        page.end_cursor.filter(|_| page.has_next_page),
    ))
}

/// One order and the carriers to ship it with; `None` when there is no such order.
pub async fn order_detail(
    session: Session,
    id: String,
) -> Result<Option<(Order, Vec<Carrier>)>, ClientError> {
    let data = call::<OrderDetail>(session, order_detail::Variables { id }).await?;
    let carriers = convert(data.carriers)?;
    Ok(data
        .order
        .map(convert)
        .transpose()?
        .map(|order| (order, carriers)))
}

/// The order after an action, or the user errors' messages if refused.
pub type OrderAction = Result<Order, String>;

macro_rules! order_action {
    ($payload:expr) => {{
        let p = $payload;
        match (user_errors!(p.user_errors), p.order) {
            (None, Some(order)) => Ok(convert(order)?),
            (Some(messages), _) => Err(messages),
            (None, None) => Err(String::new()),
        }
    }};
}

pub async fn order_prepare(session: Session, id: String) -> Result<OrderAction, ClientError> {
    let p = call::<OrderPrepare>(session, order_prepare::Variables { ids: vec![id] })
        .await?
        .order_prepare;
    Ok(
        match (user_errors!(p.user_errors), p.orders.into_iter().next()) {
            (None, Some(order)) => Ok(convert(order)?),
            (Some(messages), _) => Err(messages),
            (None, None) => Err(String::new()),
        },
    )
}

pub async fn order_ship(
    session: Session,
    id: String,
    carrier: String,
    tracking_number: String,
) -> Result<OrderAction, ClientError> {
    let vars = order_ship::Variables {
        id,
        carrier,
        tracking_number,
    };
    Ok(order_action!(
        call::<OrderShip>(session, vars).await?.order_ship
    ))
}

pub async fn order_deliver(session: Session, id: String) -> Result<OrderAction, ClientError> {
    let vars = order_deliver::Variables { id };
    Ok(order_action!(
        call::<OrderDeliver>(session, vars).await?.order_deliver
    ))
}

pub async fn order_note_add(
    session: Session,
    id: String,
    note: String,
) -> Result<OrderAction, ClientError> {
    let vars = order_note_add::Variables { id, note };
    Ok(order_action!(
        call::<OrderNoteAdd>(session, vars).await?.order_note_add
    ))
}

/// A shopper's bank account for a virtual-account refund.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundAccount {
    pub bank: String,
    pub account_number: String,
    pub holder_name: String,
}

pub async fn order_cancel(
    session: Session,
    id: String,
    reason: String,
    account: Option<RefundAccount>,
    idempotency_key: String,
) -> Result<OrderAction, ClientError> {
    let vars = order_cancel::Variables {
        id,
        reason,
        refund_account: account.map(|a| order_cancel::RefundAccountInput {
            bank: a.bank,
            account_number: a.account_number,
            holder_name: a.holder_name,
        }),
        idempotency_key: Some(idempotency_key),
    };
    Ok(order_action!(
        call::<OrderCancel>(session, vars).await?.order_cancel
    ))
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
    let vars = order_refund::Variables {
        id,
        input: order_refund::OrderRefundInput {
            lines: request
                .lines
                .into_iter()
                .map(|(line_id, quantity)| order_refund::RefundLineInput { line_id, quantity })
                .collect(),
            shipping_amount: request.shipping_amount,
            full: request.full,
            reason: request.reason,
            restock: request.restock,
            refund_account: request.account.map(|a| order_refund::RefundAccountInput {
                bank: a.bank,
                account_number: a.account_number,
                holder_name: a.holder_name,
            }),
        },
        idempotency_key: Some(idempotency_key),
    };
    Ok(order_action!(
        call::<OrderRefund>(session, vars).await?.order_refund
    ))
}

pub async fn sandbox_deposit_simulate(
    session: Session,
    id: String,
    idempotency_key: String,
) -> Result<OrderAction, ClientError> {
    let vars = sandbox_deposit_simulate::Variables {
        id,
        idempotency_key: Some(idempotency_key),
    };
    Ok(order_action!(
        call::<SandboxDepositSimulate>(session, vars)
            .await?
            .sandbox_deposit_simulate
    ))
}

/// The channels' shipping fees and the carriers.
pub async fn shipping_settings(
    session: Session,
) -> Result<(Vec<ChannelShipping>, Vec<Carrier>), ClientError> {
    let data = call::<ShippingSettings>(session, shipping_settings::Variables).await?;
    Ok((convert(data.channels)?, convert(data.carriers)?))
}

/// Sets a channel's flat fee and free-shipping threshold (`None`: never free); the user errors'
/// messages if refused.
pub async fn channel_shipping_update(
    session: Session,
    id: String,
    fee: i64,
    threshold: Option<i64>,
) -> Result<Option<String>, ClientError> {
    let vars = channel_shipping_update::Variables {
        id,
        input: channel_shipping_update::ChannelUpdateInput {
            name: None,
            hosts: None,
            logo_url: None,
            shipping_fee: Some(fee),
            free_shipping_threshold: threshold,
        },
    };
    let p = call::<ChannelShippingUpdate>(session, vars)
        .await?
        .channel_update;
    Ok(user_errors!(p.user_errors))
}

/// Edits a carrier; the carrier as saved, or the user errors' messages.
pub async fn carrier_update(
    session: Session,
    code: String,
    name: String,
    template: String,
    active: bool,
) -> Result<Result<Carrier, String>, ClientError> {
    let vars = carrier_update::Variables {
        code,
        input: carrier_update::CarrierUpdateInput {
            name: Some(name),
            tracking_url_template: Some(template),
            active: Some(active),
        },
    };
    let p = call::<CarrierUpdate>(session, vars).await?.carrier_update;
    Ok(match (user_errors!(p.user_errors), p.carrier) {
        (None, Some(c)) => Ok(convert(c)?),
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
    let vars = order_tracking_import_csv::Variables { f: (), dry_run };
    let payload = post_with_file::<OrderTrackingImportCsv>(session, vars, file)
        .await?
        .order_tracking_import_csv;
    if !payload.user_errors.is_empty() {
        return Err(UploadError::Refused(
            payload
                .user_errors
                .into_iter()
                .map(|e| UploadRefusal {
                    code: error_code(&e.code),
                    message: e.message,
                })
                .collect(),
        ));
    }
    Ok(TrackingImport {
        applied: payload.applied,
        shipped: payload.shipped,
        problems: payload
            .row_errors
            .into_iter()
            .map(|e| CsvRowProblem {
                row: e.row,
                column: e.column,
                code: error_code(&e.code),
                message: e.message,
            })
            .collect(),
    })
}
