//! The media library and the catalog's CSV files.

use super::*;

/// How many images one page of the media library shows.
pub const MEDIA_PAGE_SIZE: i64 = 24;

/// The most images `mediaLibrary` answers at once.
pub const MEDIA_PAGE_MAX: i64 = 100;

/// An image of the media library as the admin shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaItem {
    pub id: String,
    pub alt: String,
    /// Pixel size of the original.
    pub width: i64,
    pub height: i64,
    /// The thumbnail's URL (at most 240 px on its longest side).
    pub thumbnail_url: String,
    /// The URL of the detail size (at most 1400 px; the original while processing), as the
    /// product page shows images.
    pub detail_url: String,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
    pub status: MediaStatus,
    /// Why processing failed.
    pub failure: Option<String>,
    /// RFC 3339 in UTC.
    pub created_at: String,
}

/// One page of the media library, with what the viewer may do.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaPage {
    pub permissions: Vec<Permission>,
    /// Newest first.
    pub items: Vec<MediaItem>,
    /// The cursor of the page after this one, while there is one.
    pub next: Option<String>,
}

/// Up to `first` images of the media library (1 to [`MEDIA_PAGE_MAX`]), newest first, after
/// `after` (a previous page's cursor).
pub async fn media_library(
    session: Session,
    first: i64,
    after: Option<String>,
) -> Result<MediaPage, ClientError> {
    let variables = ops::PageVariables {
        first: first.clamp(1, MEDIA_PAGE_MAX),
        after,
    };
    let r = staff_call::<ops::MediaLibrary>(session, variables).await?;
    let next = r.media_library.next();
    Ok(MediaPage {
        permissions: r.viewer.map(|v| v.permissions).unwrap_or_default(),
        items: r
            .media_library
            .nodes
            .into_iter()
            .map(|m| MediaItem {
                id: m.id,
                alt: m.alt,
                width: m.width,
                height: m.height,
                thumbnail_url: m.url,
                detail_url: m.detail_url,
                file_name: m.file_name,
                content_type: m.content_type,
                byte_size: m.byte_size,
                status: m.status,
                failure: m.failure,
                created_at: m.created_at,
            })
            .collect(),
        next,
    })
}

/// Changes an image's alt text: `Ok(the alt text saved)`, or the user errors if refused.
pub async fn media_update(
    session: Session,
    id: String,
    alt: String,
) -> Result<Result<String, Vec<FieldError>>, ClientError> {
    let r = staff_call::<ops::MediaUpdate>(session, ops::AltVariables { id, alt }).await?;
    Ok(payload(r.media.map(|m| m.alt), r.user_errors))
}

/// Deletes an image from the library and from every product showing it: `Ok(())`, or the user
/// errors if refused.
pub async fn media_delete(
    session: Session,
    id: String,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let r = staff_call::<ops::MediaDelete>(session, ops::Id { id }).await?;
    Ok(payload(r.deleted_id.map(|_| ()), r.user_errors))
}

/// A just-uploaded image, as the upload answers it.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaInfo {
    pub id: String,
    pub alt: String,
    /// Usually [`MediaStatus::Processing`]: the sized copies are made in the background.
    pub status: MediaStatus,
    /// The thumbnail's URL (the original until the thumbnail is made).
    pub thumbnail_url: String,
}

/// Why the server refused an uploaded file: the user error's code (for an image, `INVALID`: not
/// a JPEG, PNG or WebP image; `TOO_LONG`: too many pixels or bytes; `BLANK`: an empty file; for
/// a CSV file, `INVALID`: not UTF-8 text) and message.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadRefusal {
    pub code: String,
    pub message: String,
}

/// Why an uploaded file (an image for the library, a CSV file of products) was not taken.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadError {
    /// The server refused the file (empty when it gave no reason).
    Refused(Vec<UploadRefusal>),
    /// The file is larger than the server takes (HTTP 413).
    TooLarge,
    /// The request failed: network, credentials, permission or an unexpected answer.
    Client(ClientError),
}

impl From<ClientError> for UploadError {
    fn from(e: ClientError) -> Self {
        UploadError::Client(e)
    }
}

/// The code of the GraphQL error a request too large for the server gets.
const PAYLOAD_TOO_LARGE: &str = "PAYLOAD_TOO_LARGE";

fn js_error(e: wasm_bindgen::JsValue) -> ClientError {
    ClientError::Network(e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// Sends the operation `O` with `file` in place of its variable `$f`: a `multipart/form-data`
/// POST following the GraphQL multipart request spec (the part `operations` is the operation
/// with `$f` null, `map` puts the part `0`, the file, in its place). The browser sets the
/// content type with its boundary; the session's credentials go along as with every other call.
/// Never answers [`UploadError::Refused`]: the payload's user errors are the caller's to read.
pub(super) async fn post_with_file<O: Operation>(
    session: Session,
    variables: O::Variables,
    file: &web_sys::File,
) -> Result<O::Data, UploadError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    let operations = serde_json::to_string(&Request::new::<O>(&variables))
        .map_err(|e| ClientError::Decode(e.to_string()))?;
    let form = web_sys::FormData::new().map_err(js_error)?;
    form.append_with_str("operations", &operations)
        .map_err(js_error)?;
    form.append_with_str("map", r#"{"0":["variables.f"]}"#)
        .map_err(js_error)?;
    form.append_with_blob_and_filename("0", file, &file.name())
        .map_err(js_error)?;
    let headers = web_sys::Headers::new().map_err(js_error)?;
    headers
        .set(
            "accept",
            "application/graphql-response+json, application/json",
        )
        .map_err(js_error)?;
    if let Some(token) = session.token() {
        headers
            .set("authorization", &format!("Bearer {token}"))
            .map_err(js_error)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&form);
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(ENDPOINT, &init).map_err(js_error)?;
    let window = web_sys::window().ok_or_else(|| ClientError::Network("no window".into()))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    let status = response.status();
    if status == 413 {
        return Err(UploadError::TooLarge);
    }
    let text = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .as_string()
        .unwrap_or_default();
    match shared::client::decode::<O>(status, &text) {
        Err(e) if e.has_code(PAYLOAD_TOO_LARGE) => Err(UploadError::TooLarge),
        other => Ok(other?),
    }
}

/// The server's refusals of an uploaded file.
pub(super) fn refusals(errors: Vec<FieldError>) -> UploadError {
    UploadError::Refused(
        errors
            .into_iter()
            .map(|e| UploadRefusal {
                code: e.code.code().to_owned(),
                message: e.message,
            })
            .collect(),
    )
}

/// Uploads one image to the media library with the alt text `alt` (see [`post_with_file`]).
pub async fn upload_media(
    session: Session,
    file: web_sys::File,
    alt: String,
) -> Result<MediaInfo, UploadError> {
    let variables = ops::MediaUploadVariables {
        f: ops::FileSlot,
        alt,
    };
    let payload = post_with_file::<ops::MediaUpload>(session, variables, &file).await?;
    match payload.media {
        Some(m) if payload.user_errors.is_empty() => Ok(MediaInfo {
            id: m.id,
            alt: m.alt,
            status: m.status,
            thumbnail_url: m.url,
        }),
        _ => Err(refusals(payload.user_errors)),
    }
}

/// Every product as CSV text, one row per variant (the columns [`product_import_csv`] reads).
pub async fn product_export_csv(session: Session) -> Result<String, ClientError> {
    staff_call::<ops::ProductExportCsv>(session, NoVariables {}).await
}

/// A problem with one cell or row of an imported CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRowProblem {
    /// Counted from 1, the header being row 1.
    pub row: i64,
    /// The column's header, when one cell is at fault.
    pub column: Option<String>,
    /// The user error code (`INVALID`, `NOT_FOUND`, …).
    pub code: String,
    pub message: String,
}

/// What a CSV import did or, when checked only, would do.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvImport {
    /// Whether the file was applied (never when checked only, nor with a row problem).
    pub applied: bool,
    /// Products the file creates (or would create).
    pub created: i64,
    /// Products the file changes (or would change).
    pub updated: i64,
    /// Variant rows in the file.
    pub variants: i64,
    /// Every problem found, by row; when not empty nothing was applied.
    pub problems: Vec<CsvRowProblem>,
}

pub(super) fn row_problems(errors: Vec<ops::CsvRowError>) -> Vec<CsvRowProblem> {
    errors
        .into_iter()
        .map(|e| CsvRowProblem {
            row: e.row,
            column: e.column,
            code: e.code.code().to_owned(),
            message: e.message,
        })
        .collect()
}

/// Checks (`dry_run`) or applies a CSV file of products (see [`post_with_file`]); the whole
/// file is applied or nothing. A file the server cannot read at all (not UTF-8) is
/// [`UploadError::Refused`].
pub async fn product_import_csv(
    session: Session,
    file: &web_sys::File,
    dry_run: bool,
) -> Result<CsvImport, UploadError> {
    let variables = ops::CsvFile {
        f: ops::FileSlot,
        dry_run,
    };
    let payload = post_with_file::<ops::ProductImportCsv>(session, variables, file).await?;
    if !payload.user_errors.is_empty() {
        return Err(refusals(payload.user_errors));
    }
    Ok(CsvImport {
        applied: payload.applied,
        created: payload.created,
        updated: payload.updated,
        variants: payload.variants,
        problems: row_problems(payload.row_errors),
    })
}
