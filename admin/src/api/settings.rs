//! The channels' seller details.

use super::*;

pub use shared::client::admin::SellerChannel;
pub use shared::client::shop::Seller;

/// Every channel with its seller details, the default first.
pub async fn seller_settings(session: Session) -> Result<Vec<SellerChannel>, ClientError> {
    staff_call::<ops::SellerSettings>(session, NoVariables {}).await
}

/// Writes every seller field of channel `id`; the user errors if refused.
pub async fn channel_seller_update(
    session: Session,
    id: String,
    seller: Seller,
) -> Result<Vec<FieldError>, ClientError> {
    let input = ops::ChannelUpdateInput {
        seller: Some(seller),
        ..Default::default()
    };
    let p = staff_call::<ops::ChannelSellerUpdate>(session, ops::IdInput { id, input }).await?;
    Ok(p.user_errors)
}
