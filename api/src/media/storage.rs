//! One storage interface for media files, two back-ends: a local directory (the default, served
//! by the server under `/media/`) and an S3-compatible object store, chosen by configuration.
//! Keys are relative paths the media service makes (`products/…/original.jpg`); URLs for browsers
//! are the configured public base plus the key, so a CDN can serve the files.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusty_s3::actions::{DeleteObject, GetObject, PutObject, S3Action};
use rusty_s3::{Bucket, Credentials, UrlStyle};

use crate::config::{MediaBackend, MediaConfig};

/// How long a signed S3 request stays valid.
const SIGNATURE_TTL: Duration = Duration::from_secs(300);

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("there is no stored file {0}")]
    NotFound(String),
    #[error("invalid storage key {0:?}")]
    BadKey(String),
    #[error("media storage I/O failed: {0}")]
    Io(String),
}

/// Where media files live.
#[derive(Clone)]
pub enum Storage {
    Local {
        dir: PathBuf,
        public_base: String,
    },
    S3 {
        bucket: Box<Bucket>,
        credentials: Option<Credentials>,
        client: reqwest::Client,
        public_base: String,
        acl: Option<String>,
    },
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Storage::Local { dir, .. } => write!(f, "Storage::Local({})", dir.display()),
            Storage::S3 { bucket, .. } => write!(f, "Storage::S3({})", bucket.name()),
        }
    }
}

/// A key is a relative path of lower-case letters, digits, `-`, `_`, `.` and `/`, without empty
/// or dot-only segments: never a way out of the media directory or bucket prefix.
fn check_key(key: &str) -> Result<(), StorageError> {
    let ok = !key.is_empty()
        && key.len() <= 512
        && key.split('/').all(|seg| {
            !seg.is_empty()
                && !seg.chars().all(|c| c == '.')
                && seg.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
                })
        });
    if ok {
        Ok(())
    } else {
        Err(StorageError::BadKey(key.to_owned()))
    }
}

impl Storage {
    /// The back-end `config` names; a misconfiguration is one line.
    pub fn from_config(config: &MediaConfig, data_dir: &Path) -> Result<Storage, String> {
        match config.backend {
            MediaBackend::Local => Ok(Storage::Local {
                dir: config.dir.clone().unwrap_or_else(|| data_dir.join("media")),
                public_base: config
                    .public_base_url
                    .clone()
                    .unwrap_or_else(|| "/media".into())
                    .trim_end_matches('/')
                    .to_owned(),
            }),
            MediaBackend::S3 => {
                let s3 = &config.s3;
                let endpoint: url::Url = s3.endpoint.parse().map_err(|e| {
                    format!("media.s3.endpoint {:?} is not a URL: {e}", s3.endpoint)
                })?;
                if s3.bucket.is_empty() {
                    return Err("media.s3.bucket is required with media.backend = \"s3\"".into());
                }
                let style = if s3.path_style {
                    UrlStyle::Path
                } else {
                    UrlStyle::VirtualHost
                };
                let bucket = Bucket::new(endpoint, style, s3.bucket.clone(), s3.region.clone())
                    .map_err(|e| format!("media.s3: {e}"))?;
                let credentials = match (&s3.access_key_id, &s3.secret_access_key) {
                    (Some(k), Some(s)) => {
                        Some(Credentials::new(k.expose().clone(), s.expose().clone()))
                    }
                    (None, None) => None,
                    _ => {
                        return Err(
                            "media.s3: give both access_key_id and secret_access_key, or neither"
                                .into(),
                        );
                    }
                };
                let client = reqwest::Client::builder()
                    .timeout(Duration::from_secs(s3.timeout_secs.max(1)))
                    .build()
                    .map_err(|e| format!("media.s3: {e}"))?;
                let public_base = config
                    .public_base_url
                    .clone()
                    .unwrap_or_else(|| bucket.base_url().to_string())
                    .trim_end_matches('/')
                    .to_owned();
                Ok(Storage::S3 {
                    bucket: Box::new(bucket),
                    credentials,
                    client,
                    public_base,
                    acl: s3.acl.clone().filter(|a| !a.is_empty()),
                })
            }
        }
    }

    /// The URL browsers load `key` from.
    pub fn url(&self, key: &str) -> String {
        let base = match self {
            Storage::Local { public_base, .. } | Storage::S3 { public_base, .. } => public_base,
        };
        format!("{base}/{key}")
    }

    /// The local directory, when files are served by this server.
    pub fn local_dir(&self) -> Option<&Path> {
        match self {
            Storage::Local { dir, .. } => Some(dir),
            Storage::S3 { .. } => None,
        }
    }

    /// Stores `bytes` under `key`, replacing what was there. Local writes go through a temporary
    /// file and a rename, so a reader never sees half a file.
    pub async fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<(), StorageError> {
        check_key(key)?;
        match self {
            Storage::Local { dir, .. } => {
                let path = dir.join(key);
                tokio::task::spawn_blocking(move || {
                    let parent = path
                        .parent()
                        .ok_or_else(|| StorageError::BadKey(path.display().to_string()))?;
                    std::fs::create_dir_all(parent).map_err(|e| StorageError::Io(e.to_string()))?;
                    let tmp = path.with_extension(format!("tmp-{}", uuid::Uuid::new_v4().simple()));
                    std::fs::write(&tmp, &bytes).map_err(|e| StorageError::Io(e.to_string()))?;
                    std::fs::rename(&tmp, &path).map_err(|e| {
                        let _ = std::fs::remove_file(&tmp);
                        StorageError::Io(e.to_string())
                    })
                })
                .await
                .map_err(|e| StorageError::Io(e.to_string()))?
            }
            Storage::S3 {
                bucket,
                credentials,
                client,
                acl,
                ..
            } => {
                let mut action = PutObject::new(bucket, credentials.as_ref(), key);
                if let Some(acl) = acl {
                    // A signed header: S3 refuses unsigned `x-amz-*` headers on signed URLs.
                    action.headers_mut().insert("x-amz-acl", acl.as_str());
                }
                let url = action.sign(SIGNATURE_TTL);
                let mut request = client.put(url);
                if let Some(acl) = acl {
                    request = request.header("x-amz-acl", acl.as_str());
                }
                let resp = request
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .header(
                        reqwest::header::CACHE_CONTROL,
                        "public, max-age=31536000, immutable",
                    )
                    .body(bytes)
                    .send()
                    .await
                    .map_err(|e| StorageError::Io(format!("S3 PUT {key}: {e}")))?;
                if resp.status().is_success() {
                    Ok(())
                } else {
                    Err(StorageError::Io(format!(
                        "S3 PUT {key}: HTTP {}",
                        resp.status()
                    )))
                }
            }
        }
    }

    /// The bytes stored under `key`.
    pub async fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        check_key(key)?;
        match self {
            Storage::Local { dir, .. } => {
                let path = dir.join(key);
                let key = key.to_owned();
                tokio::task::spawn_blocking(move || match std::fs::read(&path) {
                    Ok(b) => Ok(b),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        Err(StorageError::NotFound(key))
                    }
                    Err(e) => Err(StorageError::Io(e.to_string())),
                })
                .await
                .map_err(|e| StorageError::Io(e.to_string()))?
            }
            Storage::S3 {
                bucket,
                credentials,
                client,
                ..
            } => {
                let url = GetObject::new(bucket, credentials.as_ref(), key).sign(SIGNATURE_TTL);
                let resp = client
                    .get(url)
                    .send()
                    .await
                    .map_err(|e| StorageError::Io(format!("S3 GET {key}: {e}")))?;
                match resp.status().as_u16() {
                    200 => Ok(resp
                        .bytes()
                        .await
                        .map_err(|e| StorageError::Io(format!("S3 GET {key}: {e}")))?
                        .to_vec()),
                    404 => Err(StorageError::NotFound(key.to_owned())),
                    s => Err(StorageError::Io(format!("S3 GET {key}: HTTP {s}"))),
                }
            }
        }
    }

    /// Removes `key`; removing what is not there is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        check_key(key)?;
        match self {
            Storage::Local { dir, .. } => {
                let path = dir.join(key);
                tokio::task::spawn_blocking(move || match std::fs::remove_file(&path) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                    Err(e) => Err(StorageError::Io(e.to_string())),
                })
                .await
                .map_err(|e| StorageError::Io(e.to_string()))?
            }
            Storage::S3 {
                bucket,
                credentials,
                client,
                ..
            } => {
                let url = DeleteObject::new(bucket, credentials.as_ref(), key).sign(SIGNATURE_TTL);
                let resp = client
                    .delete(url)
                    .send()
                    .await
                    .map_err(|e| StorageError::Io(format!("S3 DELETE {key}: {e}")))?;
                if resp.status().is_success() || resp.status().as_u16() == 404 {
                    Ok(())
                } else {
                    Err(StorageError::Io(format!(
                        "S3 DELETE {key}: HTTP {}",
                        resp.status()
                    )))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_inside_the_store() {
        assert!(check_key("products/12/ab3f/original.jpg").is_ok());
        for bad in [
            "",
            "/abs",
            "a//b",
            "../etc/passwd",
            "a/../b",
            "a/./b",
            "UPPER.jpg",
            "sp ace",
            "a\\b",
        ] {
            assert!(check_key(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn the_local_store_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let store = Storage::Local {
            dir: dir.path().to_owned(),
            public_base: "/media".into(),
        };
        store
            .put("a/b/c.jpg", vec![1, 2, 3], "image/jpeg")
            .await
            .unwrap();
        assert_eq!(store.get("a/b/c.jpg").await.unwrap(), vec![1, 2, 3]);
        assert_eq!(store.url("a/b/c.jpg"), "/media/a/b/c.jpg");
        store.delete("a/b/c.jpg").await.unwrap();
        store.delete("a/b/c.jpg").await.unwrap();
        assert!(matches!(
            store.get("a/b/c.jpg").await,
            Err(StorageError::NotFound(_))
        ));
        assert!(matches!(
            store.put("../x", vec![], "x").await,
            Err(StorageError::BadKey(_))
        ));
    }
}
