//! Typed Shop API calls. Each query lives in `graphql/*.graphql` and is checked at compile time
//! against the committed Shop API schema (`schema/shop.graphql`): a field the server does not
//! have is a build error, not a runtime surprise.
//!
//! Calls for the signed-in shopper go through [`authed`], which sends the session's access token
//! (refreshing it first when it is about to expire, see [`crate::session`]).

use graphql_client::GraphQLQuery;
use serde::{Deserialize, Serialize};
use shared::web::{ApiError, ClientError, graphql};

use crate::session::Session;

/// The `MinorUnits` scalar: an integer amount in the currency's minor units.
type MinorUnits = i64;
/// The `DateTime` scalar: RFC 3339 in UTC.
type DateTime = String;
/// The schema's `CurrencyCode` enum is the shared [`shared::Currency`] (the same codes).
type CurrencyCode = shared::Currency;

const ENDPOINT: &str = "/graphql";

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/shop.graphql",
    response_derives = "Debug, Clone, PartialEq",
    extern_enums("CurrencyCode")
)]
pub struct ShopInfo;

pub async fn shop_info() -> Result<shop_info::ResponseData, ClientError> {
    graphql::<ShopInfo>(ENDPOINT, shop_info::Variables, &[]).await
}

// ---------------------------------------------------------------------------------------------
// Catalog: `graphql/catalog.graphql`.

/// The order of a product listing a shopper can pick (the schema's `ProductSort`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProductSort {
    /// Most recently added first: the default of every listing but a collection's.
    #[default]
    Newest,
    PriceAsc,
    PriceDesc,
    /// 가나다 then A–Z.
    NameAsc,
    /// A collection's own order ("featured"): its default, and only valid for a collection.
    Manual,
}

impl ProductSort {
    /// The orders of a category or search listing, as offered.
    pub const CHOICES: [ProductSort; 4] = [
        ProductSort::Newest,
        ProductSort::PriceAsc,
        ProductSort::PriceDesc,
        ProductSort::NameAsc,
    ];

    /// The orders of a collection's listing, as offered: its own first.
    pub const COLLECTION_CHOICES: [ProductSort; 5] = [
        ProductSort::Manual,
        ProductSort::Newest,
        ProductSort::PriceAsc,
        ProductSort::PriceDesc,
        ProductSort::NameAsc,
    ];

    /// The schema's name, as in the page's address (`?sort=PRICE_ASC`).
    pub fn code(self) -> &'static str {
        match self {
            ProductSort::Newest => "NEWEST",
            ProductSort::PriceAsc => "PRICE_ASC",
            ProductSort::PriceDesc => "PRICE_DESC",
            ProductSort::NameAsc => "NAME_ASC",
            ProductSort::Manual => "MANUAL",
        }
    }

    /// The order named `code` (as [`ProductSort::code`] gives it).
    pub fn from_code(code: &str) -> Option<ProductSort> {
        Self::COLLECTION_CHOICES
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// Whether a variant can be bought (the schema's `Availability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Availability {
    InStock,
    /// In stock, only a few left.
    LowStock,
    /// Out of stock, still sold: ships when restocked.
    Backorder,
    OutOfStock,
    /// A value this build does not know yet.
    #[serde(other)]
    Other,
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/catalog.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Clone",
    extern_enums("ProductSort")
)]
pub struct CatalogProducts;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/catalog.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct Categories;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/catalog.graphql",
    response_derives = "Debug, Clone, PartialEq"
)]
pub struct Collections;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/catalog.graphql",
    response_derives = "Debug, Clone, PartialEq",
    extern_enums("Availability", "CurrencyCode")
)]
pub struct ProductDetail;

/// A category of the shop's tree (`parent_id` is `None` at the top).
pub type Category = categories::CategoriesCategories;
/// A collection: a group of products in the shop's own order (a season, an event).
pub type Collection = collections::CollectionsCollections;
/// A product as its page shows it.
pub type Product = product_detail::ProductDetailProduct;
/// One of a product's images, in the two sizes its page shows: `detail` (at most 1400 px) and
/// `thumb` (at most 240 px). Their URLs are relative to the shop (`/media/…`) or absolute (CDN).
pub type ProductImage = product_detail::ProductDetailProductImages;
/// One purchasable form of a product (a pack size, a flavour).
pub type Variant = product_detail::ProductDetailProductVariants;

/// Which products a listing shows, and in which order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProductQuery {
    /// A category's slug (its products and those of the categories below it).
    pub category: Option<String>,
    /// A collection's slug.
    pub collection: Option<String>,
    /// Words that must all appear in the product's name.
    pub search: Option<String>,
    /// Lowest price, in minor units.
    pub min_price: Option<i64>,
    /// Highest price, in minor units.
    pub max_price: Option<i64>,
    /// Only products that can be bought now.
    pub in_stock: bool,
    /// `None`: the server's default (a collection's own order, else newest first).
    pub sort: Option<ProductSort>,
}

/// A product as a card in a listing shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CardProduct {
    pub id: String,
    pub slug: String,
    pub name: String,
    /// The "from" price as a shopper reads it, e.g. `29,900원`.
    pub price: String,
    /// The "was" price, when there is one.
    pub compare_at: Option<String>,
    /// Whether at least one variant can be bought now.
    pub available: bool,
    /// The product's first image, at card size; `None` when it has none.
    pub thumbnail: Option<CardImage>,
}

/// A product's image on its card (at most 600 px on its longest side).
#[derive(Debug, Clone, PartialEq)]
pub struct CardImage {
    /// Relative to the shop (`/media/…`) or absolute (CDN).
    pub url: String,
    /// Text for people who cannot see the image.
    pub alt: String,
    /// Width of the original, in pixels (with `height`, the image's shape).
    pub width: i64,
    pub height: i64,
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductPage {
    pub products: Vec<CardProduct>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<String>,
}

/// A page of `first` products of the listing, after the cursor of the previous page.
pub async fn products(
    query: ProductQuery,
    first: i64,
    after: Option<String>,
) -> Result<ProductPage, ClientError> {
    let filter = catalog_products::ProductFilter {
        category: query.category,
        collection: query.collection,
        search: query.search,
        min_price: query.min_price,
        max_price: query.max_price,
        in_stock: query.in_stock,
    };
    let variables = catalog_products::Variables {
        first,
        after,
        filter: Some(filter),
        sort: query.sort,
    };
    let connection = graphql::<CatalogProducts>(ENDPOINT, variables, &[])
        .await?
        .products;
    let page_info = connection.page_info;
    Ok(ProductPage {
        products: connection
            .nodes
            .into_iter()
            .map(|p| CardProduct {
                id: p.id,
                slug: p.slug,
                name: p.name,
                price: p.price.formatted,
                compare_at: p.compare_at_price.map(|m| m.formatted),
                available: p.available,
                thumbnail: p.thumbnail.map(|i| CardImage {
                    url: i.url,
                    alt: i.alt,
                    width: i.width,
                    height: i.height,
                }),
            })
            .collect(),
        next: page_info.end_cursor.filter(|_| page_info.has_next_page),
    })
}

/// The whole category tree as a flat list.
pub async fn categories() -> Result<Vec<Category>, ClientError> {
    Ok(graphql::<Categories>(ENDPOINT, categories::Variables, &[])
        .await?
        .categories)
}

/// The collections featured on the home page.
pub async fn featured_collections() -> Result<Vec<Collection>, ClientError> {
    collections(true).await
}

/// Every collection of the shop (`featured`: only those of the home page).
pub async fn collections(featured: bool) -> Result<Vec<Collection>, ClientError> {
    let variables = collections::Variables { featured };
    Ok(graphql::<Collections>(ENDPOINT, variables, &[])
        .await?
        .collections)
}

/// The product with this slug; `None` when the shop does not sell it.
pub async fn product(slug: String) -> Result<Option<Product>, ClientError> {
    let variables = product_detail::Variables { slug };
    Ok(graphql::<ProductDetail>(ENDPOINT, variables, &[])
        .await?
        .product)
}

/// True when the server refused the listing's arguments (e.g. a price range it cannot use):
/// asking again will not help.
pub fn is_bad_input(error: &ClientError) -> bool {
    matches!(error, ClientError::Graphql(errors)
        if errors.iter().any(|e| e.code.as_deref() == Some("BAD_USER_INPUT")))
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
