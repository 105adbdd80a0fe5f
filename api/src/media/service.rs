//! Uploading, listing, describing and deleting images; the job that makes their sizes.
//!
//! An upload is checked from its header (format, size, pixel count), its original stored, then
//! its row and its `media.resize` job written in one transaction. Until the job has run, every
//! size's URL is the original's, so an image shows at once.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use shared::MediaId;

use super::MediaStore;
use super::imaging::{self, ImageProblem, Size};
use super::storage::StorageError;
use crate::access::audit::{self, Actor};
use crate::db::ids::in_ids;
use crate::db::page::{Page, PageRequest};
use crate::db::schema::media;
use crate::db::{self, AnyConnection, Db, DbError};
use crate::jobs::{Job, JobContext, JobError};
use crate::validation::{Violation, ViolationCode};

/// Longest alt text.
pub const ALT_MAX: usize = 300;

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("there is no such image")]
    NotFound,
    #[error("{}", .0.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Violation>),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for MediaError {
    fn from(e: diesel::result::Error) -> Self {
        MediaError::Db(DbError::Query(e))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaStatus {
    Processing,
    Ready,
    Failed,
}

impl MediaStatus {
    fn parse(s: &str) -> MediaStatus {
        match s {
            "ready" => MediaStatus::Ready,
            "failed" => MediaStatus::Failed,
            _ => MediaStatus::Processing,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = media)]
pub struct MediaRow {
    pub id: i64,
    pub storage_key: String,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
    pub width: i32,
    pub height: i32,
    pub alt: String,
    pub status: String,
    pub failure: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An image of the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    pub id: MediaId,
    /// The folder holding the original and its sizes.
    pub storage_key: String,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
    pub width: i32,
    pub height: i32,
    pub alt: String,
    pub status: MediaStatus,
    pub failure: Option<String>,
    pub created_at: NaiveDateTime,
}

impl From<MediaRow> for Media {
    fn from(r: MediaRow) -> Self {
        Media {
            id: MediaId(r.id),
            status: MediaStatus::parse(&r.status),
            storage_key: r.storage_key,
            file_name: r.file_name,
            content_type: r.content_type,
            byte_size: r.byte_size,
            width: r.width,
            height: r.height,
            alt: r.alt,
            failure: r.failure,
            created_at: r.created_at,
        }
    }
}

impl Media {
    /// Key of the uploaded file.
    pub fn original_key(&self) -> String {
        original_key(&self.storage_key, &self.content_type)
    }

    /// Key of one size; the original's until the sizes exist.
    pub fn key(&self, size: Option<Size>) -> String {
        match size {
            Some(size) if self.status == MediaStatus::Ready => {
                format!("{}/{}", self.storage_key, imaging::file_name(size))
            }
            _ => self.original_key(),
        }
    }
}

fn original_key(folder: &str, content_type: &str) -> String {
    let ext = match content_type {
        "image/png" => "png",
        "image/webp" => "webp",
        _ => "jpg",
    };
    format!("{folder}/original.{ext}")
}

/// A file staff uploaded.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub alt: String,
}

fn problem(p: ImageProblem) -> MediaError {
    let code = match p {
        ImageProblem::Empty => ViolationCode::Blank,
        ImageProblem::TooBig { .. } | ImageProblem::TooManyPixels { .. } => ViolationCode::TooLong,
        ImageProblem::NotAnImage | ImageProblem::Corrupt(_) => ViolationCode::Invalid,
    };
    MediaError::Invalid(vec![Violation::new(&["file"], code, p.to_string())])
}

fn check_alt(alt: &str) -> Result<String, MediaError> {
    let alt = alt.trim();
    if alt.chars().count() > ALT_MAX {
        return Err(MediaError::Invalid(vec![Violation::new(
            &["alt"],
            ViolationCode::TooLong,
            format!("use at most {ALT_MAX} characters"),
        )]));
    }
    Ok(alt.to_owned())
}

/// Stores an upload and queues its resizing. The file is refused (nothing stored) when it is not
/// a JPEG, PNG or WebP image, is bigger than the byte limit, or has more pixels than allowed.
pub async fn upload(
    db: &Db,
    store: &MediaStore,
    upload: Upload,
    actor: Actor,
) -> Result<Media, MediaError> {
    let alt = check_alt(&upload.alt)?;
    let (max_bytes, max_pixels) = (store.max_upload_bytes, store.max_pixels);
    let bytes = upload.bytes;
    let (info, bytes) = tokio::task::spawn_blocking(move || {
        let info = imaging::inspect(&bytes, max_bytes, max_pixels);
        (info, bytes)
    })
    .await
    .map_err(|e| DbError::Task(e.to_string()))?;
    let info = info.map_err(problem)?;
    let now = db::now();
    let folder = format!(
        "products/{}/{}",
        now.format("%Y%m"),
        uuid::Uuid::new_v4().simple()
    );
    let byte_size = bytes.len() as i64;
    store
        .storage
        .put(
            &original_key(&folder, info.content_type()),
            bytes,
            info.content_type(),
        )
        .await?;
    let file_name: String = upload.file_name.trim().chars().take(200).collect();
    let row = db
        .run(move |conn| {
            db::write_transaction(conn, |conn| {
                let id: i64 = diesel::insert_into(media::table)
                    .values((
                        media::storage_key.eq(&folder),
                        media::file_name.eq(&file_name),
                        media::content_type.eq(info.content_type()),
                        media::byte_size.eq(byte_size),
                        media::width.eq(info.width as i32),
                        media::height.eq(info.height as i32),
                        media::alt.eq(&alt),
                        media::status.eq("processing"),
                        media::created_at.eq(now),
                        media::updated_at.eq(now),
                    ))
                    .returning(media::id)
                    .get_result(conn)?;
                let row: MediaRow = media::table.find(id).select(MediaRow::as_select()).first(conn)?;
                crate::jobs::enqueue(conn, &ResizeImage { media_id: row.id })?;
                audit::record(
                    conn,
                    &actor,
                    "media.upload",
                    Some(MediaId(row.id).to_string()),
                    serde_json::json!({ "bytes": byte_size, "width": info.width, "height": info.height }),
                    now,
                )?;
                Ok::<_, MediaError>(row)
            })
        })
        .await?;
    Ok(row.into())
}

/// The library, newest first.
pub fn list(conn: &mut AnyConnection, page: PageRequest) -> Result<Page<Media>, MediaError> {
    let mut q = media::table
        .select(MediaRow::as_select())
        .order(media::id.desc())
        .limit(page.fetch_limit())
        .into_boxed();
    if let Some(after) = page.after {
        q = q.filter(media::id.lt(after));
    }
    let rows = page.finish(q.load::<MediaRow>(conn)?);
    Ok(Page {
        items: rows.items.into_iter().map(Media::from).collect(),
        has_next: rows.has_next,
    })
}

/// Images by ID (unknown ones left out): one statement.
pub fn get_many(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<Media>, DbError> {
    Ok(media::table
        .filter(in_ids(media::id, ids))
        .select(MediaRow::as_select())
        .load::<MediaRow>(conn)?
        .into_iter()
        .map(Media::from)
        .collect())
}

/// The images of each of `products`, in each product's order: one statement.
pub fn of_products(
    conn: &mut AnyConnection,
    products: &[i64],
) -> Result<Vec<(i64, Media)>, DbError> {
    use crate::db::schema::product_media;
    Ok(product_media::table
        .inner_join(media::table)
        .filter(in_ids(product_media::product_id, products))
        .select((product_media::product_id, MediaRow::as_select()))
        .order((product_media::product_id, product_media::position))
        .load::<(i64, MediaRow)>(conn)?
        .into_iter()
        .map(|(p, m)| (p, m.into()))
        .collect())
}

/// Changes an image's alt text.
pub fn update_alt(
    conn: &mut AnyConnection,
    id: MediaId,
    alt: &str,
    actor: &Actor,
) -> Result<Media, MediaError> {
    let alt = check_alt(alt)?;
    db::write_transaction(conn, |conn| {
        let now = db::now();
        let n = diesel::update(media::table.find(id.key()))
            .set((media::alt.eq(&alt), media::updated_at.eq(now)))
            .execute(conn)?;
        if n == 0 {
            return Err(MediaError::NotFound);
        }
        audit::record(
            conn,
            actor,
            "media.update",
            Some(id.to_string()),
            serde_json::json!({}),
            now,
        )?;
        Ok(media::table
            .find(id.key())
            .select(MediaRow::as_select())
            .first::<MediaRow>(conn)?
            .into())
    })
}

/// Removes an image from the library (and from the products showing it); its files are deleted
/// by a job after the commit.
pub fn delete(conn: &mut AnyConnection, id: MediaId, actor: &Actor) -> Result<(), MediaError> {
    db::write_transaction(conn, |conn| {
        let row: MediaRow = media::table
            .find(id.key())
            .select(MediaRow::as_select())
            .first(conn)
            .optional()?
            .ok_or(MediaError::NotFound)?;
        diesel::delete(media::table.find(id.key())).execute(conn)?;
        let m = Media::from(row);
        let mut keys = vec![m.original_key()];
        keys.extend(
            Size::ALL
                .iter()
                .map(|s| format!("{}/{}", m.storage_key, imaging::file_name(*s))),
        );
        crate::jobs::enqueue(conn, &DeleteFiles { keys })?;
        audit::record(
            conn,
            actor,
            "media.delete",
            Some(id.to_string()),
            serde_json::json!({ "file": m.file_name }),
            db::now(),
        )?;
        Ok(())
    })
}

fn set_status(
    conn: &mut AnyConnection,
    id: i64,
    status: &str,
    failure: Option<String>,
) -> Result<bool, DbError> {
    let changed = diesel::update(media::table.find(id))
        .set((
            media::status.eq(status),
            media::failure.eq(failure),
            media::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
    Ok(changed > 0)
}

/// Makes every size of an uploaded image. Idempotent: an image already ready is left alone; a
/// file that cannot be decoded marks the image failed (no retry); storage trouble is retried.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResizeImage {
    pub media_id: i64,
}

impl Job for ResizeImage {
    const KIND: &'static str = "media.resize";
    const MAX_ATTEMPTS: i32 = 6;

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let id = self.media_id;
        let found = ctx
            .db
            .run(move |conn| {
                media::table
                    .find(id)
                    .select(MediaRow::as_select())
                    .first::<MediaRow>(conn)
                    .optional()
                    .map_err(DbError::from)
            })
            .await
            .map_err(|e| JobError::transient(e.to_string()))?;
        let Some(row) = found else {
            return Ok(()); // deleted meanwhile
        };
        let m = Media::from(row);
        if m.status != MediaStatus::Processing {
            return Ok(());
        }
        let store = ctx.media.clone();
        let original = store.storage.get(&m.original_key()).await;
        let original = match original {
            Ok(b) => b,
            Err(StorageError::NotFound(k)) => {
                let reason = format!("the original file {k} is missing");
                mark(&ctx, id, "failed", Some(reason.clone())).await?;
                return Err(JobError::permanent(reason));
            }
            Err(e) => return Err(JobError::transient(e.to_string())),
        };
        let max_pixels = store.max_pixels;
        let resized =
            tokio::task::spawn_blocking(move || imaging::resize_all(&original, max_pixels))
                .await
                .map_err(|e| JobError::transient(e.to_string()))?;
        let resized = match resized {
            Ok(r) => r,
            Err(p) => {
                mark(&ctx, id, "failed", Some(p.to_string())).await?;
                return Ok(());
            }
        };
        let mut written = Vec::new();
        for r in resized {
            let key = format!("{}/{}", m.storage_key, imaging::file_name(r.size));
            store
                .storage
                .put(&key, r.bytes, "image/jpeg")
                .await
                .map_err(|e| JobError::transient(e.to_string()))?;
            written.push(key);
        }
        if !mark(&ctx, id, "ready", None).await? {
            // Deleted while its sizes were being made: its file deletion may already have run.
            for key in written.iter().chain(std::iter::once(&m.original_key())) {
                store
                    .storage
                    .delete(key)
                    .await
                    .map_err(|e| JobError::transient(e.to_string()))?;
            }
        }
        Ok(())
    }
}

/// Sets an image's status; false when the image no longer exists.
async fn mark(
    ctx: &JobContext,
    id: i64,
    status: &'static str,
    failure: Option<String>,
) -> Result<bool, JobError> {
    ctx.db
        .run(move |conn| set_status(conn, id, status, failure))
        .await
        .map_err(|e| JobError::transient(e.to_string()))
}

/// Deletes a removed image's files.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeleteFiles {
    pub keys: Vec<String>,
}

impl Job for DeleteFiles {
    const KIND: &'static str = "media.delete_files";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        for key in &self.keys {
            ctx.media
                .storage
                .delete(key)
                .await
                .map_err(|e| JobError::transient(e.to_string()))?;
        }
        Ok(())
    }
}
