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

/// A JSON value re-written as compact JSON text (no `serde_json` needed in the admin).
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

/// One page of 100 products (with the viewer's permissions), after `after` (a previous page's
/// `endCursor`).
pub async fn products_page(
    session: Session,
    after: Option<String>,
) -> Result<products_page::ResponseData, ClientError> {
    let vars = products_page::Variables { first: 100, after };
    call::<ProductsPage>(session, vars).await
}

/// Sets the status of products (all or nothing): `Ok(how many changed)`, or the user errors'
/// messages if refused.
pub async fn product_status_update(
    session: Session,
    ids: Vec<String>,
    status: ProductStatus,
) -> Result<Result<usize, String>, ClientError> {
    let r = call::<ProductStatusUpdate>(session, product_status_update::Variables { ids, status })
        .await?
        .product_status_update;
    Ok(match user_errors!(r.user_errors) {
        None => Ok(r.products.len()),
        Some(errors) => Err(errors),
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
