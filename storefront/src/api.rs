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
    extern_enums("CurrencyCode", "PaymentGateway")
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
        [
            ProductSort::Manual,
            ProductSort::Newest,
            ProductSort::PriceAsc,
            ProductSort::PriceDesc,
            ProductSort::NameAsc,
        ]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Not that many units left: choose fewer.
    InsufficientStock,
    /// No longer for sale.
    Unavailable,
    CartEmpty,
    /// The total changed since the shopper saw it.
    PriceChanged,
    /// Not possible in the order's current state.
    InvalidState,
    /// The amount does not match the order's.
    AmountMismatch,
    PaymentDeclined,
    GatewayUnavailable,
    /// A number outside its range: a quantity, or a cart that is full.
    OutOfRange,
    /// The idempotency key was sent before with a different request.
    IdempotencyKeyReused,
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
    /// The whole path below the mutation's `input`, dotted (`shippingAddress.phone`), or `""`.
    pub path: String,
    /// The server's sentence (English), shown when no translation fits `code`.
    pub message: String,
    pub code: UserErrorCode,
}

impl FieldError {
    fn new(field: Option<Vec<String>>, message: String, code: UserErrorCode) -> Self {
        let path = field
            .as_deref()
            .map(|p| {
                let p = p.strip_prefix(&["input".to_owned()]).unwrap_or(p);
                p.join(".")
            })
            .unwrap_or_default();
        FieldError {
            path,
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
    let input = login::LoginInput {
        email,
        password,
        cart_token: None,
    };
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

// ---------------------------------------------------------------------------------------------
// Cart, checkout and orders: `graphql/cart.graphql`, `graphql/orders.graphql`. Every operation
// has its own generated copy of the fragments; they are read into the one set of types below.

/// An amount as the server priced it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Price {
    /// Minor units.
    #[serde(default)]
    pub amount: i64,
    /// As a shopper reads it, e.g. `12,900원`.
    pub formatted: String,
}

/// Whether a cart line can be ordered as it is (the schema's `CartLineAvailability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CartLineAvailability {
    Available,
    InsufficientStock,
    Unavailable,
    #[serde(other)]
    Other,
}

pub use shared::order::{OrderSource, OrderStatus, PaymentGateway, PaymentMethod, PaymentStatus};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cart {
    /// Units in the lines that can be ordered.
    pub quantity: i64,
    pub subtotal: Price,
    pub shipping_fee: Price,
    pub discount_total: Price,
    pub total: Price,
    pub free_shipping_remaining: Option<Price>,
    pub ready_to_order: bool,
    pub lines: Vec<CartLine>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CartLine {
    pub id: String,
    pub variant_id: Option<String>,
    pub product_slug: Option<String>,
    pub product_name: String,
    pub variant_label: String,
    pub sku: String,
    pub quantity: i64,
    pub unit_price: Option<Price>,
    pub added_unit_price: Price,
    pub price_changed: bool,
    pub line_total: Price,
    pub availability: CartLineAvailability,
    pub image: Option<LineImage>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LineImage {
    pub url: String,
    pub alt: String,
    pub width: i64,
    pub height: i64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub number: String,
    pub status: OrderStatus,
    pub customer_name: String,
    pub email: String,
    pub phone: String,
    pub shipping_address: ShippingAddress,
    pub lines: Vec<OrderLine>,
    pub subtotal: Price,
    pub shipping_fee: Price,
    pub discount_total: Price,
    pub total: Price,
    pub refunded_total: Price,
    pub payment_method: PaymentMethod,
    pub payment: Option<Payment>,
    pub tracking: Option<Tracking>,
    pub placed_at: String,
    pub expires_at: Option<String>,
    pub status_history: Vec<StatusChange>,
    pub payment_session: Option<PaymentSession>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShippingAddress {
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
    pub unit_price: Price,
    pub quantity: i64,
    pub line_total: Price,
    pub refunded_quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub status: PaymentStatus,
    pub failure_message: Option<String>,
    pub virtual_account: Option<VirtualAccount>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualAccount {
    pub bank_name: String,
    pub account_number: String,
    pub holder: String,
    pub amount: Price,
    pub due_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tracking {
    pub carrier_code: String,
    pub carrier_name: String,
    pub number: String,
    /// The carrier's own tracking page.
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StatusChange {
    pub status: OrderStatus,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentSession {
    pub gateway: PaymentGateway,
    pub order_id: String,
    pub order_name: String,
    pub amount: Price,
    /// Sandbox: where the browser authorises the payment.
    pub authorize_url: Option<String>,
    /// Toss: the key its payment window is opened with.
    pub client_key: Option<String>,
    /// Toss: the SDK that opens its payment window.
    pub script_url: Option<String>,
    /// Hours a virtual account may wait for its deposit.
    pub deposit_hours: i64,
}

/// An order in the member's history.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderSummary {
    pub number: String,
    pub status: OrderStatus,
    pub placed_at: String,
    pub total: Price,
    pub lines: Vec<OrderSummaryLine>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderSummaryLine {
    pub product_name: String,
    pub quantity: i64,
}

/// Reads a generated response part into one of the types above.
fn convert<T: Serialize, U: serde::de::DeserializeOwned>(value: T) -> Result<U, ClientError> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|e| ClientError::Decode(e.to_string()))
}

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/cart.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "UserErrorCode",
        "CartLineAvailability",
        "OrderStatus",
        "PaymentMethod",
        "PaymentStatus",
        "PaymentGateway",
        "OrderSource"
    )
)]
pub struct CartQuery;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/cart.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "UserErrorCode",
        "CartLineAvailability",
        "OrderStatus",
        "PaymentMethod",
        "PaymentStatus",
        "PaymentGateway",
        "OrderSource"
    )
)]
pub struct CartLinesAdd;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/cart.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "UserErrorCode",
        "CartLineAvailability",
        "OrderStatus",
        "PaymentMethod",
        "PaymentStatus",
        "PaymentGateway",
        "OrderSource"
    )
)]
pub struct CartLinesUpdate;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/cart.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "UserErrorCode",
        "CartLineAvailability",
        "OrderStatus",
        "PaymentMethod",
        "PaymentStatus",
        "PaymentGateway",
        "OrderSource"
    )
)]
pub struct CartLinesRemove;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/cart.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "UserErrorCode",
        "CartLineAvailability",
        "OrderStatus",
        "PaymentMethod",
        "PaymentStatus",
        "PaymentGateway",
        "OrderSource"
    )
)]
pub struct CartClear;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/cart.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "UserErrorCode",
        "CartLineAvailability",
        "OrderStatus",
        "PaymentMethod",
        "PaymentStatus",
        "PaymentGateway",
        "OrderSource"
    )
)]
pub struct CartMerge;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "UserErrorCode",
        "CartLineAvailability",
        "OrderStatus",
        "PaymentMethod",
        "PaymentStatus",
        "PaymentGateway",
        "OrderSource"
    )
)]
pub struct CheckoutComplete;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "UserErrorCode",
        "CartLineAvailability",
        "OrderStatus",
        "PaymentMethod",
        "PaymentStatus",
        "PaymentGateway",
        "OrderSource"
    )
)]
pub struct PaymentConfirm;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "UserErrorCode",
        "CartLineAvailability",
        "OrderStatus",
        "PaymentMethod",
        "PaymentStatus",
        "PaymentGateway",
        "OrderSource"
    )
)]
pub struct MemberOrder;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "UserErrorCode",
        "CartLineAvailability",
        "OrderStatus",
        "PaymentMethod",
        "PaymentStatus",
        "PaymentGateway",
        "OrderSource"
    )
)]
pub struct OrderLookup;
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../schema/shop.graphql",
    query_path = "graphql/orders.graphql",
    response_derives = "Debug, Clone, PartialEq, Serialize",
    variables_derives = "Clone",
    extern_enums(
        "UserErrorCode",
        "CartLineAvailability",
        "OrderStatus",
        "PaymentMethod",
        "PaymentStatus",
        "PaymentGateway",
        "OrderSource"
    )
)]
pub struct MyOrders;

/// A call as the signed-in member when there is one, else as an anonymous shopper.
async fn shopper<Q: GraphQLQuery>(
    session: Session,
    variables: Q::Variables,
) -> Result<Q::ResponseData, ClientError>
where
    Q::Variables: Clone,
{
    if session.signed_in_untracked() {
        authed::<Q>(session, variables).await
    } else {
        graphql::<Q>(ENDPOINT, variables, &[]).await
    }
}

/// The result of a cart mutation: the cart after it (and a new anonymous cart's token), or why
/// nothing changed.
#[derive(Debug, Clone, PartialEq)]
pub struct CartChange {
    pub cart: Option<Cart>,
    pub cart_token: Option<String>,
    pub errors: Vec<FieldError>,
}

macro_rules! cart_change {
    ($payload:expr) => {{
        let p = $payload;
        CartChange {
            cart: p.cart.map(convert).transpose()?,
            cart_token: p.cart_token,
            errors: field_errors!(p.user_errors),
        }
    }};
}

/// The shopper's cart (`token`: an anonymous shopper's); `None` when there is none yet.
pub async fn cart(session: Session, token: Option<String>) -> Result<Option<Cart>, ClientError> {
    let variables = cart_query::Variables { cart_token: token };
    shopper::<CartQuery>(session, variables)
        .await?
        .cart
        .map(convert)
        .transpose()
}

pub async fn cart_lines_add(
    session: Session,
    token: Option<String>,
    variant_id: String,
    quantity: i64,
) -> Result<CartChange, ClientError> {
    let variables = cart_lines_add::Variables {
        cart_token: token,
        lines: vec![cart_lines_add::CartLineInput {
            variant_id,
            quantity,
        }],
    };
    let data = shopper::<CartLinesAdd>(session, variables).await?;
    Ok(cart_change!(data.cart_lines_add))
}

pub async fn cart_line_update(
    session: Session,
    token: Option<String>,
    line_id: String,
    quantity: i64,
) -> Result<CartChange, ClientError> {
    let variables = cart_lines_update::Variables {
        cart_token: token,
        lines: vec![cart_lines_update::CartLineUpdateInput {
            id: line_id,
            quantity,
        }],
    };
    let data = shopper::<CartLinesUpdate>(session, variables).await?;
    Ok(cart_change!(data.cart_lines_update))
}

pub async fn cart_line_remove(
    session: Session,
    token: Option<String>,
    line_id: String,
) -> Result<CartChange, ClientError> {
    let variables = cart_lines_remove::Variables {
        cart_token: token,
        line_ids: vec![line_id],
    };
    let data = shopper::<CartLinesRemove>(session, variables).await?;
    Ok(cart_change!(data.cart_lines_remove))
}

pub async fn cart_clear(
    session: Session,
    token: Option<String>,
) -> Result<CartChange, ClientError> {
    let variables = cart_clear::Variables { cart_token: token };
    let data = shopper::<CartClear>(session, variables).await?;
    Ok(cart_change!(data.cart_clear))
}

/// Merges the anonymous cart of `token` into the signed-in member's.
pub async fn cart_merge(session: Session, token: String) -> Result<CartChange, ClientError> {
    let variables = cart_merge::Variables { cart_token: token };
    let data = authed::<CartMerge>(session, variables).await?;
    Ok(cart_change!(data.cart_merge))
}

pub use checkout_complete::{CheckoutCompleteInput, ShippingAddressInput};

/// An order placed, paid, or looked up; or why not.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderResult {
    pub order: Option<Order>,
    pub errors: Vec<FieldError>,
}

pub async fn checkout_complete(
    session: Session,
    input: CheckoutCompleteInput,
    idempotency_key: String,
) -> Result<OrderResult, ClientError> {
    let variables = checkout_complete::Variables {
        input,
        idempotency_key: Some(idempotency_key),
    };
    let p = shopper::<CheckoutComplete>(session, variables)
        .await?
        .checkout_complete;
    Ok(OrderResult {
        order: p.order.map(convert).transpose()?,
        errors: field_errors!(p.user_errors),
    })
}

pub async fn payment_confirm(
    session: Session,
    order_number: String,
    payment_key: String,
    amount: i64,
) -> Result<OrderResult, ClientError> {
    let variables = payment_confirm::Variables {
        input: payment_confirm::PaymentConfirmInput {
            order_number,
            payment_key,
            amount,
        },
    };
    let p = shopper::<PaymentConfirm>(session, variables)
        .await?
        .payment_confirm;
    Ok(OrderResult {
        order: p.order.map(convert).transpose()?,
        errors: field_errors!(p.user_errors),
    })
}

/// The signed-in member's order with this number; `None` when it is not theirs.
pub async fn member_order(session: Session, number: String) -> Result<Option<Order>, ClientError> {
    authed::<MemberOrder>(session, member_order::Variables { number })
        .await?
        .order
        .map(convert)
        .transpose()
}

/// A guest's order by number and the orderer's phone; `None` when they do not match.
pub async fn order_lookup(number: String, phone: String) -> Result<Option<Order>, ClientError> {
    graphql::<OrderLookup>(ENDPOINT, order_lookup::Variables { number, phone }, &[])
        .await?
        .order_lookup
        .map(convert)
        .transpose()
}

/// A page of the member's orders, newest first, and where the next starts.
pub async fn my_orders(
    session: Session,
    after: Option<String>,
) -> Result<(Vec<OrderSummary>, Option<String>), ClientError> {
    let variables = my_orders::Variables {
        first: Some(10),
        after,
    };
    let Some(me) = authed::<MyOrders>(session, variables).await?.me else {
        return Err(signed_out());
    };
    let page = me.orders.page_info;
    Ok((
        convert(me.orders.nodes)?,
        page.end_cursor.filter(|_| page.has_next_page),
    ))
}

/// What the sandbox gateway's payment window answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Authorized {
    /// Authorised: confirm with this key.
    Key(String),
    /// Refused (a declined card, a bank that issues no accounts): the gateway's sentence.
    Declined { code: String, message: String },
}

/// The sandbox payment window's step: the card (or bank) for the order's payment.
pub async fn sandbox_authorize(
    url: &str,
    session: &PaymentSession,
    method: PaymentMethod,
    card_number: Option<String>,
    bank: Option<String>,
) -> Result<Authorized, ClientError> {
    let body = serde_json::json!({
        "orderId": session.order_id,
        "orderName": session.order_name,
        "amount": session.amount.amount,
        "method": method,
        "cardNumber": card_number,
        "bank": bank,
    });
    let (status, answer) = shared::web::post_json(url, &body).await?;
    let text = |k: &str| answer.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    match (status, text("paymentKey")) {
        (200, Some(key)) => Ok(Authorized::Key(key)),
        (400..=499, _) => Ok(Authorized::Declined {
            code: text("code").unwrap_or_default(),
            message: text("message").unwrap_or_default(),
        }),
        _ => Err(ClientError::Status(status)),
    }
}
