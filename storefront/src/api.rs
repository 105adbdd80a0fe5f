//! Typed Shop API calls. Each query lives in `graphql/*.graphql` and is checked at compile time
//! against the committed Shop API schema (`schema/shop.graphql`): a field the server does not
//! have is a build error, not a runtime surprise.
//!
//! Calls for the signed-in shopper go through [`authed`], which sends the session's access token
//! (refreshing it first when it is about to expire, see [`crate::session`]).

use graphql_client::GraphQLQuery;
use serde::Deserialize;
use shared::web::{ApiError, ClientError, graphql};

use crate::session::Session;

/// The `MinorUnits` scalar: an integer amount in the currency's minor units.
type MinorUnits = i64;
/// The `DateTime` scalar: RFC 3339 in UTC.
type DateTime = String;

const ENDPOINT: &str = "/graphql";

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/shop.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct ShopInfo;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/shop.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct HomeProducts;

pub async fn shop_info() -> Result<shop_info::ResponseData, ClientError> {
    graphql::<ShopInfo>(ENDPOINT, shop_info::Variables, &[]).await
}

pub async fn home_products(first: i64) -> Result<home_products::ResponseData, ClientError> {
    graphql::<HomeProducts>(ENDPOINT, home_products::Variables { first }, &[]).await
}

// ---------------------------------------------------------------------------------------------
// Accounts: `graphql/account.graphql` and, one per document, the sign-in and token operations
// (`graphql/login.graphql`, …), which check a password or a token: the server runs at most one
// of them per request.

/// What is wrong with an input field (the schema's `UserErrorCode`, shared by every operation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserErrorCode {
    Blank,
    Invalid,
    TooLong,
    TooShort,
    Taken,
    NotFound,
    Weak,
    InvalidCredentials,
    Throttled,
    Expired,
    Used,
    NotAllowed,
    /// A code this build does not know yet: its `message` is shown as it is.
    #[serde(other)]
    Other,
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/account_register.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct AccountRegister;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/login.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct Login;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/token_refresh.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct TokenRefresh;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/account.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct Logout;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/password_change.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct PasswordChange;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/password_reset_request.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct PasswordResetRequest;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/password_reset.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct PasswordReset;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/email_verify.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct EmailVerify;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/account.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct EmailVerificationResend;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/account.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct Me;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/account.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct AccountUpdate;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/account.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct AddressCreate;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/account.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct AddressSetDefault;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/account.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("UserErrorCode")
)]
pub struct AddressDelete;

/// The signed-in member as the account page shows it.
pub type Member = me::MeMe;
/// A saved shipping address.
pub type Address = me::MeMeAddresses;

/// An expected failure of a mutation, tied to the input field that caused it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The input field's name (the last part of the error's path, e.g. `email`), if one is at
    /// fault.
    pub field: Option<String>,
    /// The server's sentence (English), shown when no translation fits `code`.
    pub message: String,
    pub code: UserErrorCode,
}

impl FieldError {
    fn new(field: Option<Vec<String>>, message: String, code: UserErrorCode) -> Self {
        FieldError {
            field: field.and_then(|path| path.last().cloned()),
            message,
            code,
        }
    }
}

/// Every operation has its own generated `userErrors` type with the same fields.
macro_rules! field_errors {
    ($list:expr) => {
        $list
            .into_iter()
            .map(|e| FieldError::new(e.field, e.message, e.code))
            .collect::<Vec<FieldError>>()
    };
}

/// A signed-in session's tokens and member.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthSession {
    pub access_token: String,
    /// RFC 3339.
    pub access_token_expires_at: String,
    pub refresh_token: String,
    /// RFC 3339.
    pub refresh_token_expires_at: String,
    pub email: String,
    pub name: String,
}

/// The result of a mutation that signs in: a session, or why not.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthResult {
    pub session: Option<AuthSession>,
    pub errors: Vec<FieldError>,
    /// Set when throttled: seconds to wait before trying again.
    pub retry_after_seconds: Option<i64>,
}

/// Every sign-in operation has its own generated `AuthPayload` type with the same fields.
macro_rules! auth_result {
    ($payload:expr) => {{
        let p = $payload;
        AuthResult {
            session: p.session.map(|s| AuthSession {
                access_token: s.access_token,
                access_token_expires_at: s.access_token_expires_at,
                refresh_token: s.refresh_token,
                refresh_token_expires_at: s.refresh_token_expires_at,
                email: s.member.email,
                name: s.member.name,
            }),
            errors: field_errors!(p.user_errors),
            retry_after_seconds: p.retry_after_seconds,
        }
    }};
}

/// The result of a mutation that returns nothing but may fail.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub ok: bool,
    pub errors: Vec<FieldError>,
}

macro_rules! done {
    ($payload:expr) => {{
        let p = $payload;
        Done {
            ok: p.ok,
            errors: field_errors!(p.user_errors),
        }
    }};
}

/// The error an authenticated call answers when there is no session (or it could not be
/// renewed): the same as the server's, so callers handle both alike.
fn signed_out() -> ClientError {
    ClientError::Graphql(vec![ApiError {
        message: "sign in first".into(),
        code: Some(UNAUTHENTICATED.into()),
    }])
}

const UNAUTHENTICATED: &str = "UNAUTHENTICATED";

/// True when the server refused the credentials (or there are none): sign in again.
pub fn is_unauthenticated(error: &ClientError) -> bool {
    match error {
        ClientError::Graphql(errors) => errors
            .iter()
            .any(|e| e.code.as_deref() == Some(UNAUTHENTICATED)),
        ClientError::Status(401) => true,
        _ => false,
    }
}

async fn bearer_call<Q: GraphQLQuery>(
    token: &str,
    variables: Q::Variables,
) -> Result<Q::ResponseData, ClientError> {
    let authorization = format!("Bearer {token}");
    graphql::<Q>(ENDPOINT, variables, &[("authorization", &authorization)]).await
}

/// Runs a call as the signed-in member. The access token is renewed first when it expires within
/// a minute; if the server still refuses it (a clock that is off, a token revoked early), the
/// session is renewed once and the call repeated. The server checks the token before it does
/// anything, so repeating a refused mutation is safe.
async fn authed<Q: GraphQLQuery>(
    session: Session,
    variables: Q::Variables,
) -> Result<Q::ResponseData, ClientError>
where
    Q::Variables: Clone,
{
    let token = session.access_token().await?.ok_or_else(signed_out)?;
    match bearer_call::<Q>(&token, variables.clone()).await {
        Err(e) if is_unauthenticated(&e) => {
            let token = session.renew(&token).await?.ok_or_else(signed_out)?;
            let result = bearer_call::<Q>(&token, variables).await;
            if result.as_ref().is_err_and(is_unauthenticated) {
                session.clear();
            }
            result
        }
        other => other,
    }
}

pub async fn register(
    input: account_register::AccountRegisterInput,
) -> Result<AuthResult, ClientError> {
    let data =
        graphql::<AccountRegister>(ENDPOINT, account_register::Variables { input }, &[]).await?;
    Ok(auth_result!(data.account_register))
}

pub async fn login(email: String, password: String) -> Result<AuthResult, ClientError> {
    let input = login::LoginInput { email, password };
    let data = graphql::<Login>(ENDPOINT, login::Variables { input }, &[]).await?;
    Ok(auth_result!(data.login))
}

/// Trades a refresh token for new tokens (each refresh token works once).
pub async fn token_refresh(refresh_token: String) -> Result<AuthResult, ClientError> {
    let variables = token_refresh::Variables { refresh_token };
    let data = graphql::<TokenRefresh>(ENDPOINT, variables, &[]).await?;
    Ok(auth_result!(data.token_refresh))
}

/// Ends the session of this refresh token on the server.
pub async fn logout(refresh_token: String) -> Result<Done, ClientError> {
    let data = graphql::<Logout>(ENDPOINT, logout::Variables { refresh_token }, &[]).await?;
    Ok(done!(data.logout))
}

pub async fn password_reset_request(email: String) -> Result<Done, ClientError> {
    let variables = password_reset_request::Variables { email };
    let data = graphql::<PasswordResetRequest>(ENDPOINT, variables, &[]).await?;
    Ok(done!(data.password_reset_request))
}

pub async fn password_reset(token: String, password: String) -> Result<Done, ClientError> {
    let input = password_reset::PasswordResetInput { token, password };
    let data = graphql::<PasswordReset>(ENDPOINT, password_reset::Variables { input }, &[]).await?;
    Ok(done!(data.password_reset))
}

/// Confirms an email address with the token from the verification link; the errors if refused.
pub async fn email_verify(token: String) -> Result<Vec<FieldError>, ClientError> {
    let data = graphql::<EmailVerify>(ENDPOINT, email_verify::Variables { token }, &[]).await?;
    let payload = data.email_verify;
    let errors = field_errors!(payload.user_errors);
    if payload.member.is_none() && errors.is_empty() {
        return Err(ClientError::Decode(
            "emailVerify: no member and no error".into(),
        ));
    }
    Ok(errors)
}

/// The signed-in member; `None` when the server saw no session.
pub async fn me(session: Session) -> Result<Option<Member>, ClientError> {
    Ok(authed::<Me>(session, me::Variables).await?.me)
}

pub async fn email_verification_resend(session: Session) -> Result<Done, ClientError> {
    let data =
        authed::<EmailVerificationResend>(session, email_verification_resend::Variables).await?;
    Ok(done!(data.email_verification_resend))
}

pub async fn password_change(
    session: Session,
    current_password: String,
    new_password: String,
) -> Result<AuthResult, ClientError> {
    let input = password_change::PasswordChangeInput {
        current_password,
        new_password,
    };
    let data = authed::<PasswordChange>(session, password_change::Variables { input }).await?;
    Ok(auth_result!(data.password_change))
}

/// The profile fields the member changed, as saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub name: String,
    pub phone: String,
    pub marketing_consent: bool,
    pub marketing_consent_at: Option<String>,
}

pub async fn account_update(
    session: Session,
    name: String,
    phone: String,
    marketing_consent: bool,
) -> Result<Result<Profile, Vec<FieldError>>, ClientError> {
    let input = account_update::AccountUpdateInput {
        name: Some(name),
        phone: Some(phone),
        marketing_consent: Some(marketing_consent),
    };
    let data = authed::<AccountUpdate>(session, account_update::Variables { input }).await?;
    let payload = data.account_update;
    Ok(match payload.member {
        Some(m) if payload.user_errors.is_empty() => Ok(Profile {
            name: m.name,
            phone: m.phone,
            marketing_consent: m.marketing_consent,
            marketing_consent_at: m.marketing_consent_at,
        }),
        _ => Err(field_errors!(payload.user_errors)),
    })
}

pub use address_create::AddressInput;

/// Saves a shipping address; the errors if refused.
pub async fn address_create(
    session: Session,
    input: AddressInput,
) -> Result<Vec<FieldError>, ClientError> {
    let data = authed::<AddressCreate>(session, address_create::Variables { input }).await?;
    Ok(field_errors!(data.address_create.user_errors))
}

/// Makes an address the default; the errors if refused.
pub async fn address_set_default(
    session: Session,
    id: String,
) -> Result<Vec<FieldError>, ClientError> {
    let data = authed::<AddressSetDefault>(session, address_set_default::Variables { id }).await?;
    Ok(field_errors!(data.address_set_default.user_errors))
}

/// Deletes an address; the errors if refused.
pub async fn address_delete(session: Session, id: String) -> Result<Vec<FieldError>, ClientError> {
    let data = authed::<AddressDelete>(session, address_delete::Variables { id }).await?;
    Ok(field_errors!(data.address_delete.user_errors))
}
