//! The media library: images uploaded by staff, stored through one storage interface (local
//! directory or S3-compatible), with resized copies made once per upload by a background job.

pub mod imaging;
pub mod service;
pub mod storage;

use std::sync::Arc;

pub use service::{Media, MediaError, MediaStatus, ResizeImage};
pub use storage::{Storage, StorageError};

/// The storage and the limits uploads must keep: shared by the Admin API, the job worker and the
/// HTTP layer.
#[derive(Debug, Clone)]
pub struct MediaStore {
    pub storage: Storage,
    pub max_upload_bytes: usize,
    pub max_pixels: u64,
}

impl MediaStore {
    pub fn from_config(config: &crate::config::Config) -> Result<Arc<MediaStore>, String> {
        Ok(Arc::new(MediaStore {
            storage: Storage::from_config(&config.media, &config.data_dir)?,
            max_upload_bytes: config.media.max_upload_bytes,
            max_pixels: config.media.max_pixels,
        }))
    }
}
