//! The seller details of a shop, one type for both APIs: shoppers read them (the footer of
//! every page, order emails), staff write them with `channelUpdate`.

use async_graphql::{Context, InputObject, SimpleObject};

use crate::channel::seller::{self, SellerUpdate};
use crate::db::Db;
use crate::graphql::error::internal;

/// Who sells in a shop, as Korean online shops must show it (전자상거래법 제10조). An empty
/// string is a field the shop has not set.
#[derive(SimpleObject)]
pub struct Seller {
    /// 상호: the business's registered name.
    business_name: String,
    /// 대표자.
    representative: String,
    /// 사업자등록번호, `123-45-67890`.
    registration_number: String,
    /// 통신판매업 신고번호.
    mail_order_number: String,
    /// 사업장 주소.
    address: String,
    /// The customer centre's telephone, e.g. `1588-1234`.
    phone: String,
    /// The customer centre's email.
    email: String,
    /// The customer centre's hours.
    hours: String,
    /// 개인정보 보호책임자.
    privacy_officer: String,
    /// 호스팅서비스 제공자.
    hosting_provider: String,
    /// The consumer-protection (escrow) notice of the payment gateway, as written (may hold
    /// line breaks).
    escrow_notice: String,
}

impl From<seller::Seller> for Seller {
    fn from(s: seller::Seller) -> Self {
        Seller {
            business_name: s.business_name,
            representative: s.representative,
            registration_number: s.registration_number,
            mail_order_number: s.mail_order_number,
            address: s.address,
            phone: s.phone,
            email: s.email,
            hours: s.hours,
            privacy_officer: s.privacy_officer,
            hosting_provider: s.hosting_provider,
            escrow_notice: s.escrow_notice,
        }
    }
}

/// Changes to a shop's seller details: a field left out stays, an empty string clears it.
#[derive(InputObject)]
pub struct SellerInput {
    /// At most 100 characters.
    business_name: Option<String>,
    /// At most 100 characters.
    representative: Option<String>,
    /// Ten digits with a valid check digit, hyphens optional; stored as `123-45-67890`.
    registration_number: Option<String>,
    /// At most 60 characters.
    mail_order_number: Option<String>,
    /// At most 300 characters.
    address: Option<String>,
    /// A Korean telephone number; stored as people write it (`1588-1234`, `02-123-4567`).
    phone: Option<String>,
    email: Option<String>,
    /// At most 200 characters.
    hours: Option<String>,
    /// At most 200 characters.
    privacy_officer: Option<String>,
    /// At most 100 characters.
    hosting_provider: Option<String>,
    /// At most 1,000 characters; line breaks allowed.
    escrow_notice: Option<String>,
}

impl From<SellerInput> for SellerUpdate {
    fn from(i: SellerInput) -> Self {
        SellerUpdate {
            business_name: i.business_name,
            representative: i.representative,
            registration_number: i.registration_number,
            mail_order_number: i.mail_order_number,
            address: i.address,
            phone: i.phone,
            email: i.email,
            hours: i.hours,
            privacy_officer: i.privacy_officer,
            hosting_provider: i.hosting_provider,
            escrow_notice: i.escrow_notice,
        }
    }
}

/// The seller details of channel `channel_id`.
pub async fn load(ctx: &Context<'_>, channel_id: i64) -> async_graphql::Result<Seller> {
    ctx.data_unchecked::<Db>()
        .run(move |c| seller::get(c, channel_id))
        .await
        .map(Seller::from)
        .map_err(|e| internal(ctx, &e))
}
