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

pub use shared::client::admin::ChannelName;
pub use shared::client::{Policy, PolicyKind};

/// Every channel, the default first (whose policies staff publish).
pub async fn policy_channels(session: Session) -> Result<Vec<ChannelName>, ClientError> {
    staff_call::<ops::PolicySettings>(session, NoVariables {}).await
}

/// Every published version of channel `channel_id`'s policies, the newest of each kind first.
pub async fn policies(session: Session, channel_id: String) -> Result<Vec<Policy>, ClientError> {
    staff_call::<ops::ChannelPolicies>(session, ops::ChannelIdVariables { channel_id }).await
}

/// Publishes `body_html` as the next version of a channel's policy; the version in force after
/// it, or the refusals.
pub async fn policy_publish(
    session: Session,
    channel_id: String,
    kind: PolicyKind,
    body_html: String,
) -> Result<Result<Policy, Vec<FieldError>>, ClientError> {
    let p = staff_call::<ops::PolicyPublish>(
        session,
        ops::PolicyPublishVariables {
            channel_id,
            kind,
            body_html,
        },
    )
    .await?;
    Ok(payload(p.policy, p.user_errors))
}
