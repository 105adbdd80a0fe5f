//! The storefront's Shop API calls, on the shared typed client ([`shared::client::shop`]): each
//! operation's document lives in `shared/graphql/shop/`, its types in `shared`, checked against
//! `schema/shop.graphql` by `shared/tests/client_schema.rs`. This module turns them into what the
//! pages need.
//!
//! Calls for the signed-in shopper go through [`authed`], which sends the session's access token
//! (refreshing it first when it is about to expire, see [`crate::session`]).

use shared::client::shop as ops;
use shared::client::{NoVariables, Operation, codes};
use shared::web::call;

pub use shared::client::shop::{
    AccountRegisterInput, Address, AddressInput, Availability, Cart, CartLine,
    CartLineAvailability, Category, CheckoutAgreementsInput, CheckoutCompleteInput, Collection,
    Member, Order, OrderSummary, PaymentSession, Product, ProductImage, ProductSort, Seller,
    ShippingAddressInput, Shop, ShopShipping, Variant,
};
pub use shared::client::{ClientError, FieldError, UserErrorCode};
pub use shared::order::{OrderSource, OrderStatus, PaymentGateway, PaymentMethod};

use crate::session::Session;

const ENDPOINT: &str = "/graphql";

/// Runs `O` without credentials.
async fn anonymous<O: Operation>(variables: O::Variables) -> Result<O::Data, ClientError> {
    call::<O>(ENDPOINT, &variables, &[]).await
}

pub async fn shop_info() -> Result<Shop, ClientError> {
    anonymous::<ops::ShopInfo>(NoVariables {}).await
}

/// The shop's policy of `kind` in force; `None` when not published.
pub async fn policy(
    kind: shared::client::PolicyKind,
) -> Result<Option<shared::client::Policy>, ClientError> {
    Ok(anonymous::<ops::ShopPolicy>(ops::PolicyVariables { kind })
        .await?
        .policy)
}

/// The postal-code search's script, when the shop offers the search (asked by checkout only).
pub async fn address_search() -> Option<String> {
    anonymous::<ops::CheckoutShopInfo>(NoVariables {})
        .await
        .ok()
        .and_then(|shop| shop.address_search)
        .map(|search| search.script_url)
}

// ---------------------------------------------------------------------------------------------
// Catalog.

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
    /// Percent off the "was" price (할인율), when there is one.
    pub discount: Option<i64>,
    /// Whether at least one variant can be bought now.
    pub available: bool,
    /// The product's first image, at card size; `None` when it has none.
    pub thumbnail: Option<CardImage>,
}

/// A product's image on its card: listing size and thumbnail size.
pub use shared::client::shop::CardImage;

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
    let variables = ops::ProductsVariables {
        first,
        after,
        filter: ops::ProductFilter {
            category: query.category,
            collection: query.collection,
            search: query.search,
            min_price: query.min_price,
            max_price: query.max_price,
            in_stock: query.in_stock,
        },
        sort: query.sort,
    };
    let connection = anonymous::<ops::CatalogProducts>(variables).await?;
    let next = connection.next();
    Ok(ProductPage {
        products: connection
            .nodes
            .into_iter()
            .map(|p| CardProduct {
                id: p.id,
                slug: p.slug,
                name: p.name,
                discount: p
                    .compare_at_price
                    .as_ref()
                    .and_then(|was| shared::money::discount_percent(p.price.amount, was.amount)),
                price: p.price.formatted,
                compare_at: p.compare_at_price.map(|m| m.formatted),
                available: p.available,
                thumbnail: p.thumbnail,
            })
            .collect(),
        next,
    })
}

/// The whole category tree as a flat list.
pub async fn categories() -> Result<Vec<Category>, ClientError> {
    anonymous::<ops::Categories>(NoVariables {}).await
}

/// The collections featured on the home page.
pub async fn featured_collections() -> Result<Vec<Collection>, ClientError> {
    collections(true).await
}

/// Every collection of the shop (`featured`: only those of the home page).
pub async fn collections(featured: bool) -> Result<Vec<Collection>, ClientError> {
    anonymous::<ops::Collections>(ops::CollectionsVariables { featured }).await
}

/// The product with this slug; `None` when the shop does not sell it.
pub async fn product(slug: String) -> Result<(Option<Product>, ShopShipping), ClientError> {
    let data = anonymous::<ops::ProductDetail>(ops::Slug { slug }).await?;
    Ok((data.product, data.shop))
}

/// True when the server refused the listing's arguments (e.g. a price range it cannot use):
/// asking again will not help.
pub fn is_bad_input(error: &ClientError) -> bool {
    error.has_code(codes::BAD_USER_INPUT)
}

// ---------------------------------------------------------------------------------------------
// Accounts.

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

impl From<ops::AuthPayload> for AuthResult {
    fn from(p: ops::AuthPayload) -> Self {
        AuthResult {
            session: p.session.map(|s| AuthSession {
                access_token: s.access_token,
                access_token_expires_at: s.access_token_expires_at,
                refresh_token: s.refresh_token,
                refresh_token_expires_at: s.refresh_token_expires_at,
                email: s.member.email,
                name: s.member.name,
            }),
            errors: p.user_errors,
            retry_after_seconds: p.retry_after_seconds,
        }
    }
}

/// The result of a mutation that returns nothing but may fail.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub ok: bool,
    pub errors: Vec<FieldError>,
}

impl From<ops::DonePayload> for Done {
    fn from(p: ops::DonePayload) -> Self {
        Done {
            ok: p.ok,
            errors: p.user_errors,
        }
    }
}

async fn bearer_call<O: Operation>(
    token: &str,
    variables: &O::Variables,
) -> Result<O::Data, ClientError> {
    let authorization = format!("Bearer {token}");
    call::<O>(ENDPOINT, variables, &[("authorization", &authorization)]).await
}

/// Runs a call as the signed-in member. The access token is renewed first when it expires within
/// a minute; if the server still refuses it (a clock that is off, a token revoked early), the
/// session is renewed once and the call repeated. The server checks the token before it does
/// anything, so repeating a refused mutation is safe.
async fn authed<O: Operation>(
    session: Session,
    variables: O::Variables,
) -> Result<O::Data, ClientError> {
    let token = session
        .access_token()
        .await?
        .ok_or_else(ClientError::signed_out)?;
    match bearer_call::<O>(&token, &variables).await {
        Err(e) if e.is_unauthenticated() => {
            let token = session
                .renew(&token)
                .await?
                .ok_or_else(ClientError::signed_out)?;
            let result = bearer_call::<O>(&token, &variables).await;
            if result.as_ref().is_err_and(ClientError::is_unauthenticated) {
                session.clear();
            }
            result
        }
        other => other,
    }
}

/// A call as the signed-in member when there is one, else as an anonymous shopper.
async fn shopper<O: Operation>(
    session: Session,
    variables: O::Variables,
) -> Result<O::Data, ClientError> {
    if session.signed_in_untracked() {
        authed::<O>(session, variables).await
    } else {
        anonymous::<O>(variables).await
    }
}

pub async fn register(input: AccountRegisterInput) -> Result<AuthResult, ClientError> {
    Ok(anonymous::<ops::AccountRegister>(ops::Input { input })
        .await?
        .into())
}

pub async fn login(email: String, password: String) -> Result<AuthResult, ClientError> {
    let input = ops::LoginInput {
        email,
        password,
        cart_token: None,
    };
    Ok(anonymous::<ops::Login>(ops::Input { input }).await?.into())
}

/// Trades a refresh token for new tokens (each refresh token works once).
pub async fn token_refresh(refresh_token: String) -> Result<AuthResult, ClientError> {
    let variables = ops::RefreshToken { refresh_token };
    Ok(anonymous::<ops::TokenRefresh>(variables).await?.into())
}

/// Ends the session of this refresh token on the server.
pub async fn logout(refresh_token: String) -> Result<Done, ClientError> {
    let variables = ops::RefreshToken { refresh_token };
    Ok(anonymous::<ops::Logout>(variables).await?.into())
}

pub async fn password_reset_request(email: String) -> Result<Done, ClientError> {
    let variables = ops::Email { email };
    Ok(anonymous::<ops::PasswordResetRequest>(variables)
        .await?
        .into())
}

pub async fn password_reset(token: String, password: String) -> Result<Done, ClientError> {
    let input = ops::PasswordResetInput { token, password };
    Ok(anonymous::<ops::PasswordReset>(ops::Input { input })
        .await?
        .into())
}

/// Confirms an email address with the token from the verification link; the errors if refused.
pub async fn email_verify(token: String) -> Result<Vec<FieldError>, ClientError> {
    let payload = anonymous::<ops::EmailVerify>(ops::Token { token }).await?;
    if payload.member.is_none() && payload.user_errors.is_empty() {
        return Err(ClientError::Decode(
            "emailVerify: no member and no error".into(),
        ));
    }
    Ok(payload.user_errors)
}

/// The signed-in member; `None` when the server saw no session.
pub async fn me(session: Session) -> Result<Option<Member>, ClientError> {
    authed::<ops::Me>(session, NoVariables {}).await
}

pub async fn email_verification_resend(session: Session) -> Result<Done, ClientError> {
    Ok(
        authed::<ops::EmailVerificationResend>(session, NoVariables {})
            .await?
            .into(),
    )
}

pub async fn password_change(
    session: Session,
    current_password: String,
    new_password: String,
) -> Result<AuthResult, ClientError> {
    let input = ops::PasswordChangeInput {
        current_password,
        new_password,
    };
    Ok(authed::<ops::PasswordChange>(session, ops::Input { input })
        .await?
        .into())
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
    let input = ops::AccountUpdateInput {
        name: Some(name),
        phone: Some(phone),
        marketing_consent: Some(marketing_consent),
    };
    let payload = authed::<ops::AccountUpdate>(session, ops::Input { input }).await?;
    Ok(match payload.member {
        Some(m) if payload.user_errors.is_empty() => Ok(Profile {
            name: m.name,
            phone: m.phone,
            marketing_consent: m.marketing_consent,
            marketing_consent_at: m.marketing_consent_at,
        }),
        _ => Err(payload.user_errors),
    })
}

/// Saves a shipping address; the errors if refused.
pub async fn address_create(
    session: Session,
    input: AddressInput,
) -> Result<Vec<FieldError>, ClientError> {
    let payload = authed::<ops::AddressCreate>(session, ops::Input { input }).await?;
    Ok(payload.user_errors)
}

/// Makes an address the default; the errors if refused.
pub async fn address_set_default(
    session: Session,
    id: String,
) -> Result<Vec<FieldError>, ClientError> {
    let payload = authed::<ops::AddressSetDefault>(session, ops::Id { id }).await?;
    Ok(payload.user_errors)
}

/// Deletes an address; the errors if refused.
pub async fn address_delete(session: Session, id: String) -> Result<Vec<FieldError>, ClientError> {
    let payload = authed::<ops::AddressDelete>(session, ops::Id { id }).await?;
    Ok(payload.user_errors)
}

// ---------------------------------------------------------------------------------------------
// Cart, checkout and orders.

/// The result of a cart mutation: the cart after it (and a new anonymous cart's token), or why
/// nothing changed.
#[derive(Debug, Clone, PartialEq)]
pub struct CartChange {
    pub cart: Option<Cart>,
    pub cart_token: Option<String>,
    pub errors: Vec<FieldError>,
}

impl From<ops::CartPayload> for CartChange {
    fn from(p: ops::CartPayload) -> Self {
        CartChange {
            cart: p.cart,
            cart_token: p.cart_token,
            errors: p.user_errors,
        }
    }
}

/// The shopper's cart (`token`: an anonymous shopper's); `None` when there is none yet.
pub async fn cart(session: Session, token: Option<String>) -> Result<Option<Cart>, ClientError> {
    shopper::<ops::CartQuery>(session, ops::CartToken { cart_token: token }).await
}

pub async fn cart_lines_add(
    session: Session,
    token: Option<String>,
    variant_id: String,
    quantity: i64,
) -> Result<CartChange, ClientError> {
    let variables = ops::CartLines {
        cart_token: token,
        lines: vec![ops::CartLineInput {
            variant_id,
            quantity,
        }],
    };
    Ok(shopper::<ops::CartLinesAdd>(session, variables)
        .await?
        .into())
}

/// A new cart holding just `quantity` of `variant_id`, made for one purchase (바로구매): always
/// anonymous, so a member's own cart is left as it is; checkout orders it by its token.
pub async fn buy_now_cart(variant_id: String, quantity: i64) -> Result<CartChange, ClientError> {
    let variables = ops::CartLines {
        cart_token: None,
        lines: vec![ops::CartLineInput {
            variant_id,
            quantity,
        }],
    };
    Ok(anonymous::<ops::CartLinesAdd>(variables).await?.into())
}

/// The cart made for one purchase, by its token.
pub async fn buy_now_cart_again(token: String) -> Result<Option<Cart>, ClientError> {
    anonymous::<ops::CartQuery>(ops::CartToken {
        cart_token: Some(token),
    })
    .await
}

pub async fn cart_line_update(
    session: Session,
    token: Option<String>,
    line_id: String,
    quantity: i64,
) -> Result<CartChange, ClientError> {
    let variables = ops::CartLines {
        cart_token: token,
        lines: vec![ops::CartLineUpdateInput {
            id: line_id,
            quantity,
        }],
    };
    Ok(shopper::<ops::CartLinesUpdate>(session, variables)
        .await?
        .into())
}

pub async fn cart_line_remove(
    session: Session,
    token: Option<String>,
    line_id: String,
) -> Result<CartChange, ClientError> {
    let variables = ops::CartLineIds {
        cart_token: token,
        line_ids: vec![line_id],
    };
    Ok(shopper::<ops::CartLinesRemove>(session, variables)
        .await?
        .into())
}

pub async fn cart_clear(
    session: Session,
    token: Option<String>,
) -> Result<CartChange, ClientError> {
    let variables = ops::CartToken { cart_token: token };
    Ok(shopper::<ops::CartClear>(session, variables).await?.into())
}

/// Merges the anonymous cart of `token` into the signed-in member's.
pub async fn cart_merge(session: Session, token: String) -> Result<CartChange, ClientError> {
    let variables = ops::CartMergeVariables { cart_token: token };
    Ok(authed::<ops::CartMerge>(session, variables).await?.into())
}

/// An order placed, paid, or looked up; or why not.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderResult {
    pub order: Option<Order>,
    pub errors: Vec<FieldError>,
}

impl From<ops::OrderPayload> for OrderResult {
    fn from(p: ops::OrderPayload) -> Self {
        OrderResult {
            order: p.order,
            errors: p.user_errors,
        }
    }
}

pub async fn checkout_complete(
    session: Session,
    input: CheckoutCompleteInput,
    idempotency_key: String,
) -> Result<OrderResult, ClientError> {
    let variables = ops::CheckoutVariables {
        input,
        idempotency_key: Some(idempotency_key),
    };
    Ok(shopper::<ops::CheckoutComplete>(session, variables)
        .await?
        .into())
}

pub async fn payment_confirm(
    session: Session,
    order_number: String,
    payment_key: String,
    amount: i64,
) -> Result<OrderResult, ClientError> {
    let input = ops::PaymentConfirmInput {
        order_number,
        payment_key,
        amount,
    };
    Ok(
        shopper::<ops::PaymentConfirm>(session, ops::Input { input })
            .await?
            .into(),
    )
}

/// The signed-in member's order with this number; `None` when it is not theirs.
pub async fn member_order(session: Session, number: String) -> Result<Option<Order>, ClientError> {
    authed::<ops::MemberOrder>(session, ops::OrderNumber { number }).await
}

/// A guest's order by number and the orderer's phone; `None` when they do not match.
pub async fn order_lookup(number: String, phone: String) -> Result<Option<Order>, ClientError> {
    anonymous::<ops::OrderLookup>(ops::OrderLookupVariables { number, phone }).await
}

/// A page of the member's orders, newest first, and where the next starts.
pub async fn my_orders(
    session: Session,
    after: Option<String>,
) -> Result<(Vec<OrderSummary>, Option<String>), ClientError> {
    let variables = ops::Page {
        first: Some(10),
        after,
    };
    let Some(me) = authed::<ops::MyOrders>(session, variables).await? else {
        return Err(ClientError::signed_out());
    };
    let next = me.orders.next();
    Ok((me.orders.nodes, next))
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
