//! The Shop API's operations (`graphql/shop/*.graphql`) and the types they read and send, as the
//! storefront uses them. Every type is checked against `schema/shop.graphql` by
//! `tests/client_schema.rs`.

use serde::{Deserialize, Serialize};

use super::{Connection, FieldError, NoVariables, operations};
pub use super::{OrderLine, Payment, Price, ShippingAddress, Tracking, VirtualAccount};
use crate::money::Currency;
pub use crate::order::{OrderSource, OrderStatus, PaymentGateway, PaymentMethod};

/// One document per operation, made by the build script.
pub mod documents {
    include!(concat!(env!("OUT_DIR"), "/shop_documents.rs"));
}

// ---------------------------------------------------------------------------------------------
// The shop and the catalog.

/// The shop the storefront sells for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shop {
    pub name: String,
    pub currency: Currency,
    /// BCP 47, e.g. `ko-KR`.
    pub locale: String,
    pub payment_gateway: PaymentGateway,
    pub seller: Seller,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PolicyVariables {
    pub kind: super::PolicyKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShopPolicyData {
    pub policy: Option<super::Policy>,
}

/// What checkout asks of the shop (apart from the first screen's [`Shop`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutShop {
    /// The postal-code search; `None` when the shop turned it off.
    pub address_search: Option<AddressSearch>,
}

/// The postal-code search (Kakao's postcode service): its script, loaded when opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddressSearch {
    pub script_url: String,
}

/// Who sells in the shop (every page's footer); empty strings are fields not set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seller {
    pub business_name: String,
    pub representative: String,
    pub registration_number: String,
    pub mail_order_number: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub hours: String,
    pub privacy_officer: String,
    pub hosting_provider: String,
    pub escrow_notice: String,
}

impl Seller {
    /// The API names of the fields, in the order of [`Seller::into_array`].
    pub const FIELDS: [&'static str; 11] = [
        "businessName",
        "representative",
        "registrationNumber",
        "mailOrderNumber",
        "address",
        "phone",
        "email",
        "hours",
        "privacyOfficer",
        "hostingProvider",
        "escrowNotice",
    ];

    /// The footer's label-and-value lines, in the order of
    /// [`crate::text::storefront::Messages::seller_labels`] (the escrow notice is a paragraph).
    pub fn values(&self) -> [&str; 10] {
        [
            &self.business_name,
            &self.representative,
            &self.registration_number,
            &self.mail_order_number,
            &self.address,
            &self.phone,
            &self.email,
            &self.hours,
            &self.privacy_officer,
            &self.hosting_provider,
        ]
    }

    /// Every field, in the order of [`Seller::FIELDS`].
    pub fn into_array(self) -> [String; 11] {
        [
            self.business_name,
            self.representative,
            self.registration_number,
            self.mail_order_number,
            self.address,
            self.phone,
            self.email,
            self.hours,
            self.privacy_officer,
            self.hosting_provider,
            self.escrow_notice,
        ]
    }

    /// The seller of fields in the order of [`Seller::FIELDS`].
    pub fn from_array(fields: [String; 11]) -> Seller {
        let [
            business_name,
            representative,
            registration_number,
            mail_order_number,
            address,
            phone,
            email,
            hours,
            privacy_officer,
            hosting_provider,
            escrow_notice,
        ] = fields;
        Seller {
            business_name,
            representative,
            registration_number,
            mail_order_number,
            address,
            phone,
            email,
            hours,
            privacy_officer,
            hosting_provider,
            escrow_notice,
        }
    }
}

/// A picture in the size its selection asked for (`url(size: …)`). URLs are relative to the
/// shop (`/media/…`) or absolute (CDN).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub id: String,
    /// Text for people who cannot see the image.
    pub alt: String,
    /// Width of the original, in pixels (with `height`, the image's shape).
    pub width: i64,
    pub height: i64,
    pub url: String,
}

/// A product card's picture: at listing size (`url`) and thumbnail size, offered to the
/// browser together (`shared::image::srcset`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardImage {
    pub id: String,
    pub alt: String,
    /// Width of the original, in pixels (with `height`, the image's shape).
    pub width: i64,
    pub height: i64,
    pub url: String,
    pub thumb: String,
}

impl CardImage {
    /// The card's candidates: thumbnail and listing size.
    pub fn srcset(&self) -> String {
        use crate::image::{Rendition, srcset};
        srcset(
            self.width,
            self.height,
            &[
                (Rendition::Thumbnail, &self.thumb),
                (Rendition::Listing, &self.url),
            ],
        )
    }
}

schema_enum! {
    /// The order of a product listing (the schema's `ProductSort`).
    #[derive(Default)]
    ProductSort {
        /// Most recently added first: the default of every listing but a collection's.
        #[default]
        Newest = "NEWEST",
        PriceAsc = "PRICE_ASC",
        PriceDesc = "PRICE_DESC",
        /// 가나다 then A–Z.
        NameAsc = "NAME_ASC",
        /// A collection's own order ("featured"): its default, and only valid for a collection.
        Manual = "MANUAL",
    }
}

schema_enum! {
    /// Whether a variant can be bought (the schema's `Availability`).
    Availability {
        InStock = "IN_STOCK",
        /// In stock, only a few left.
        LowStock = "LOW_STOCK",
        /// Out of stock, still sold: ships when restocked.
        Backorder = "BACKORDER",
        OutOfStock = "OUT_OF_STOCK",
    }
}

/// Which products a listing shows (the schema's `ProductFilter`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductFilter {
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
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ProductsVariables {
    pub first: i64,
    pub after: Option<String>,
    pub filter: ProductFilter,
    /// `None`: the server's default (a collection's own order, else newest first).
    pub sort: Option<ProductSort>,
}

/// A product as a card in a listing shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductCard {
    pub id: String,
    pub slug: String,
    pub name: String,
    /// The "from" price.
    pub price: Price,
    /// The "was" price, when there is one.
    pub compare_at_price: Option<Price>,
    /// Whether at least one variant can be bought now.
    pub available: bool,
    /// The first image, at listing size (`url`) and thumbnail size.
    pub thumbnail: Option<CardImage>,
}

/// The product page's data: the product (`None` when the shop does not sell it) and what the
/// shop charges for shipping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductDetailData {
    pub product: Option<Product>,
    pub shop: ShopShipping,
}

/// The shop's flat shipping fee and the subtotal from which it ships free.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShopShipping {
    pub shipping_fee: Price,
    pub free_shipping_threshold: Option<Price>,
}

/// A category of the shop's tree (`parent_id` is `None` at the top).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub parent_id: Option<String>,
    pub position: i64,
}

/// A category a product is in, as its page links it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryLink {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<String>,
}

/// A collection: a group of products in the shop's own order (a season, an event).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collection {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct CollectionsVariables {
    /// Only those of the home page.
    pub featured: bool,
}

/// A product as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Sanitised HTML from the product's editor.
    pub content_html: String,
    /// The option names (`용량`, `맛`), in the order of each variant's `option_values`.
    pub options: Vec<String>,
    pub price: Price,
    pub compare_at_price: Option<Price>,
    pub available: bool,
    pub variants: Vec<Variant>,
    pub images: Vec<ProductImage>,
    pub categories: Vec<CategoryLink>,
}

/// One purchasable form of a product (a pack size, a flavour).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Variant {
    pub id: String,
    pub sku: String,
    pub option_values: Vec<String>,
    pub price: Price,
    pub compare_at_price: Option<Price>,
    pub availability: Availability,
    /// The image that shows this variant.
    pub image_id: Option<String>,
}

/// One of a product's images, in the two sizes its page shows: `detail` (at most 1400 px) and
/// `thumb` (at most 240 px).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductImage {
    pub id: String,
    pub alt: String,
    pub width: i64,
    pub height: i64,
    pub detail: String,
    pub listing: String,
    pub thumb: String,
}

impl ProductImage {
    /// The gallery's candidates: listing and detail size.
    pub fn srcset(&self) -> String {
        use crate::image::{Rendition, srcset};
        srcset(
            self.width,
            self.height,
            &[
                (Rendition::Listing, &self.listing),
                (Rendition::Detail, &self.detail),
            ],
        )
    }
}

/// Variables of the operations that take one slug, number, token, email or id.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Slug {
    pub slug: String,
}

// ---------------------------------------------------------------------------------------------
// Accounts.

/// The result of a mutation that signs in: a session, or why not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthPayload {
    pub session: Option<AuthSession>,
    pub user_errors: Vec<FieldError>,
    /// Set when throttled: seconds to wait before trying again.
    pub retry_after_seconds: Option<i64>,
}

/// A signed-in session's tokens and member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthSession {
    pub access_token: String,
    /// RFC 3339.
    pub access_token_expires_at: String,
    pub refresh_token: String,
    /// RFC 3339.
    pub refresh_token_expires_at: String,
    pub member: MemberSummary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberSummary {
    pub id: String,
    pub email: String,
    pub name: String,
}

/// The result of a mutation that returns nothing but may fail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DonePayload {
    pub ok: bool,
    pub user_errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountRegisterInput {
    pub email: String,
    pub password: String,
    pub name: String,
    pub phone: String,
    pub marketing_consent: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginInput {
    pub email: String,
    pub password: String,
    /// An anonymous cart to merge into the member's.
    pub cart_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordChangeInput {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PasswordResetInput {
    pub token: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountUpdateInput {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub marketing_consent: Option<bool>,
}

/// A shipping address to save.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddressInput {
    pub recipient: String,
    pub phone: String,
    pub postal_code: String,
    pub road_address: String,
    pub detail_address: String,
    pub is_default: bool,
}

/// The variables of a mutation whose one argument is `input`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Input<T> {
    pub input: T,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshToken {
    pub refresh_token: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Email {
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Token {
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Id {
    pub id: String,
}

/// The signed-in member as the account page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub id: String,
    pub email: String,
    pub email_verified_at: Option<String>,
    pub name: String,
    pub phone: String,
    /// The member grade's code (e.g. `BASIC`).
    pub grade: String,
    pub marketing_consent: bool,
    pub marketing_consent_at: Option<String>,
    /// Default first.
    pub addresses: Vec<Address>,
}

/// A saved shipping address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub id: String,
    pub recipient: String,
    pub phone: String,
    pub postal_code: String,
    pub road_address: String,
    pub detail_address: String,
    pub is_default: bool,
}

/// The member after a change to their profile or email address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberPayload {
    pub member: Option<Profile>,
    pub user_errors: Vec<FieldError>,
}

/// The member's profile as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub id: String,
    pub email_verified_at: Option<String>,
    pub name: String,
    pub phone: String,
    pub marketing_consent: bool,
    pub marketing_consent_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddressPayload {
    pub address: Option<Node>,
    pub user_errors: Vec<FieldError>,
}

/// Something the answer names only by its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
}

// ---------------------------------------------------------------------------------------------
// Cart, checkout and orders.

schema_enum! {
    /// Whether a cart line can be ordered as it is (the schema's `CartLineAvailability`).
    CartLineAvailability {
        Available = "AVAILABLE",
        InsufficientStock = "INSUFFICIENT_STOCK",
        Unavailable = "UNAVAILABLE",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// At thumbnail size.
    pub image: Option<Image>,
}

/// The cart after a mutation (and a new anonymous cart's token), or why nothing changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CartPayload {
    pub cart: Option<Cart>,
    pub cart_token: Option<String>,
    pub user_errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CartToken {
    pub cart_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CartLineInput {
    pub variant_id: String,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CartLineUpdateInput {
    pub id: String,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CartLines<T> {
    pub cart_token: Option<String>,
    pub lines: Vec<T>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CartLineIds {
    pub cart_token: Option<String>,
    pub line_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CartMergeVariables {
    pub cart_token: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: OrderStatus,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// An order placed, paid or looked up, or why not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderPayload {
    pub order: Option<Order>,
    pub user_errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutCompleteInput {
    /// An anonymous shopper's cart (a member's own cart is found by the session).
    pub cart_token: Option<String>,
    /// The orderer (a guest's; a member's default to the account's).
    pub customer_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub shipping_address: ShippingAddressInput,
    pub payment_method: PaymentMethod,
    pub source: Option<OrderSource>,
    /// The total the shopper saw: the order is refused (`PRICE_CHANGED`) if it differs.
    pub expected_total: Option<i64>,
    pub agreements: CheckoutAgreementsInput,
}

/// The checkout page's agreements (`CONSENT_REQUIRED` on a needed one not given).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutAgreementsInput {
    pub purchase_conditions: bool,
    /// Needed from guests only.
    pub privacy_collection: bool,
}

impl Default for CheckoutCompleteInput {
    fn default() -> Self {
        CheckoutCompleteInput {
            cart_token: None,
            customer_name: None,
            email: None,
            phone: None,
            shipping_address: ShippingAddressInput::default(),
            payment_method: PaymentMethod::Card,
            source: None,
            expected_total: None,
            agreements: CheckoutAgreementsInput::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShippingAddressInput {
    pub recipient: String,
    pub phone: String,
    pub postal_code: String,
    pub road_address: String,
    pub detail_address: String,
    pub delivery_note: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutVariables {
    pub input: CheckoutCompleteInput,
    /// The same key for every retry of one order: the server places it once.
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentConfirmInput {
    pub order_number: String,
    pub payment_key: String,
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OrderNumber {
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OrderLookupVariables {
    pub number: String,
    /// The orderer's phone, as given at checkout.
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Page {
    pub first: Option<i64>,
    pub after: Option<String>,
}

/// The member with a page of their orders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberOrders {
    pub orders: Connection<OrderSummary>,
}

/// An order in the member's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderSummary {
    pub number: String,
    pub status: OrderStatus,
    pub placed_at: String,
    pub total: Price,
    pub lines: Vec<OrderSummaryLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderSummaryLine {
    pub product_name: String,
    pub quantity: i64,
}

operations! {
    /// The shop: name, currency, payment gateway.
    ShopInfo(NoVariables) -> "shop": Shop;
    /// A policy page: the version in force; `None` inside when not published.
    ShopPolicy(PolicyVariables) -> "shop": ShopPolicyData;
    /// What checkout needs of the shop: the postal-code search.
    CheckoutShopInfo(NoVariables) -> "shop": CheckoutShop;
    /// One page of a product listing, filtered and sorted.
    CatalogProducts(ProductsVariables) -> "products": Connection<ProductCard>;
    /// The category tree as a flat list.
    Categories(NoVariables) -> "categories": Vec<Category>;
    /// The shop's collections (the featured ones, or all).
    Collections(CollectionsVariables) -> "collections": Vec<Collection>;
    /// The product page; `None` when the shop does not sell it.
    ProductDetail(Slug) -> "": ProductDetailData;

    AccountRegister(Input<AccountRegisterInput>) -> "accountRegister": AuthPayload;
    Login(Input<LoginInput>) -> "login": AuthPayload;
    /// Trades a refresh token for new tokens (each refresh token works once).
    TokenRefresh(RefreshToken) -> "tokenRefresh": AuthPayload;
    /// Ends the session of a refresh token.
    Logout(RefreshToken) -> "logout": DonePayload;
    PasswordChange(Input<PasswordChangeInput>) -> "passwordChange": AuthPayload;
    PasswordResetRequest(Email) -> "passwordResetRequest": DonePayload;
    PasswordReset(Input<PasswordResetInput>) -> "passwordReset": DonePayload;
    /// Confirms an email address with the token from the verification link.
    EmailVerify(Token) -> "emailVerify": MemberPayload;
    EmailVerificationResend(NoVariables) -> "emailVerificationResend": DonePayload;
    /// The signed-in member; `None` without a session.
    Me(NoVariables) -> "me": Option<Member>;
    AccountUpdate(Input<AccountUpdateInput>) -> "accountUpdate": MemberPayload;
    AddressCreate(Input<AddressInput>) -> "addressCreate": AddressPayload;
    AddressSetDefault(Id) -> "addressSetDefault": AddressPayload;
    AddressDelete(Id) -> "addressDelete": DonePayload;

    /// The shopper's cart; `None` when there is none yet.
    CartQuery(CartToken) -> "cart": Option<Cart>;
    CartLinesAdd(CartLines<CartLineInput>) -> "cartLinesAdd": CartPayload;
    CartLinesUpdate(CartLines<CartLineUpdateInput>) -> "cartLinesUpdate": CartPayload;
    CartLinesRemove(CartLineIds) -> "cartLinesRemove": CartPayload;
    CartClear(CartToken) -> "cartClear": CartPayload;
    /// Merges an anonymous cart into the signed-in member's.
    CartMerge(CartMergeVariables) -> "cartMerge": CartPayload;
    CheckoutComplete(CheckoutVariables) -> "checkoutComplete": OrderPayload;
    PaymentConfirm(Input<PaymentConfirmInput>) -> "paymentConfirm": OrderPayload;
    /// The signed-in member's order; `None` when it is not theirs.
    MemberOrder(OrderNumber) -> "order": Option<Order>;
    /// A guest's order by number and the orderer's phone; `None` when they do not match.
    OrderLookup(OrderLookupVariables) -> "orderLookup": Option<Order>;
    /// A page of the member's orders, newest first.
    MyOrders(Page) -> "me": Option<MemberOrders>;
}
