//! The media library for staff: upload (GraphQL multipart request), list, describe, delete.

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, MergedObject, Object, SimpleObject, Upload};
use shared::MediaId;

use crate::access::Permission as Perm;
use crate::db::Db;
use crate::graphql::catalog::Image;
use crate::graphql::error::{UserError, UserErrorCode, internal};
use crate::graphql::guard::Require;
use crate::graphql::pagination::{connection, page_request};
use crate::media::MediaStore;
use crate::media::service::{self, MediaError, Upload as MediaUpload};

/// Where an image is in its processing.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::media::MediaStatus")]
pub enum MediaStatus {
    /// Sized copies are being made; every size shows the original meanwhile.
    Processing,
    Ready,
    /// The copies could not be made (see `failure`).
    Failed,
}

/// An image of the media library.
#[derive(MergedObject)]
pub struct Media(Image, MediaDetails);

impl From<crate::media::Media> for Media {
    fn from(m: crate::media::Media) -> Self {
        Media(Image(m.clone()), MediaDetails(m))
    }
}

pub struct MediaDetails(crate::media::Media);

#[Object]
impl MediaDetails {
    /// The uploaded file's name.
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }

    async fn content_type(&self) -> &str {
        &self.0.content_type
    }

    async fn byte_size(&self) -> i64 {
        self.0.byte_size
    }

    async fn status(&self) -> MediaStatus {
        self.0.status.into()
    }

    /// Why processing failed.
    async fn failure(&self) -> Option<&str> {
        self.0.failure.as_deref()
    }

    async fn created_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.created_at.and_utc()
    }
}

#[derive(SimpleObject)]
pub struct MediaPayload {
    media: Option<Media>,
    user_errors: Vec<UserError>,
}

#[derive(SimpleObject)]
pub struct MediaDeletePayload {
    deleted_id: Option<ID>,
    user_errors: Vec<UserError>,
}

fn errors(e: MediaError) -> Result<Vec<UserError>, MediaError> {
    match e {
        MediaError::Invalid(v) => Ok(v
            .into_iter()
            .map(|v| UserError::from_violation("", v))
            .collect()),
        MediaError::NotFound => Ok(vec![UserError::new(
            &["id"],
            UserErrorCode::NotFound,
            "there is no such image; it may have been deleted",
        )]),
        e => Err(e),
    }
}

#[derive(Default)]
pub struct MediaQuery;

#[Object]
impl MediaQuery {
    /// The media library, newest first.
    #[graphql(
        guard = "Require(Perm::ProductsRead)",
        complexity = "crate::graphql::pagination::cost(first, child_complexity)"
    )]
    async fn media_library(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "1 to 100, default 20.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, Media>> {
        let page = page_request("mediaLibrary", first, after.as_deref())?;
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| service::list(c, page))
            .await
            .map_err(|e| internal(ctx, &e))?;
        Ok(connection(
            "mediaLibrary",
            page,
            result,
            |m| m.id.key(),
            Media::from,
        ))
    }
}

#[derive(Default)]
pub struct MediaMutation;

#[Object]
impl MediaMutation {
    /// Uploads an image (a `multipart/form-data` request following the GraphQL multipart request
    /// spec). JPEG, PNG or WebP, within the configured byte and pixel limits (default 10 MiB,
    /// 40 megapixels); thumbnail, listing and detail sizes are made in the background.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn media_upload(
        &self,
        ctx: &Context<'_>,
        file: Upload,
        #[graphql(default)] alt: String,
    ) -> async_graphql::Result<MediaPayload> {
        let value = match file.value(ctx) {
            Ok(v) => v,
            Err(e) => {
                return Ok(MediaPayload {
                    media: None,
                    user_errors: vec![UserError::new(
                        &["file"],
                        UserErrorCode::Invalid,
                        e.to_string(),
                    )],
                });
            }
        };
        let upload = MediaUpload {
            file_name: value.filename.clone(),
            bytes: value.content.to_vec(),
            alt,
        };
        let store = ctx.data_unchecked::<std::sync::Arc<MediaStore>>();
        let db = ctx.data_unchecked::<Db>();
        match service::upload(db, store, upload, super::actor(ctx)).await {
            Ok(m) => Ok(MediaPayload {
                media: Some(m.into()),
                user_errors: vec![],
            }),
            Err(e) => Ok(MediaPayload {
                media: None,
                user_errors: errors(e).map_err(|e| internal(ctx, &e))?,
            }),
        }
    }

    /// Changes an image's alt text.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn media_update(
        &self,
        ctx: &Context<'_>,
        id: ID,
        alt: String,
    ) -> async_graphql::Result<MediaPayload> {
        let Ok(key) = id.parse::<MediaId>() else {
            return Ok(MediaPayload {
                media: None,
                user_errors: vec![UserError::new(
                    &["id"],
                    UserErrorCode::Invalid,
                    "not an image ID",
                )],
            });
        };
        let actor = super::actor(ctx);
        match ctx
            .data_unchecked::<Db>()
            .run(move |c| service::update_alt(c, key, &alt, &actor))
            .await
        {
            Ok(m) => Ok(MediaPayload {
                media: Some(m.into()),
                user_errors: vec![],
            }),
            Err(e) => Ok(MediaPayload {
                media: None,
                user_errors: errors(e).map_err(|e| internal(ctx, &e))?,
            }),
        }
    }

    /// Deletes an image from the library and from every product showing it.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn media_delete(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<MediaDeletePayload> {
        let Ok(key) = id.parse::<MediaId>() else {
            return Ok(MediaDeletePayload {
                deleted_id: None,
                user_errors: vec![UserError::new(
                    &["id"],
                    UserErrorCode::Invalid,
                    "not an image ID",
                )],
            });
        };
        let actor = super::actor(ctx);
        match ctx
            .data_unchecked::<Db>()
            .run(move |c| service::delete(c, key, &actor))
            .await
        {
            Ok(()) => Ok(MediaDeletePayload {
                deleted_id: Some(id),
                user_errors: vec![],
            }),
            Err(e) => Ok(MediaDeletePayload {
                deleted_id: None,
                user_errors: errors(e).map_err(|e| internal(ctx, &e))?,
            }),
        }
    }
}
