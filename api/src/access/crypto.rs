//! Keys, tokens and password hashing.
//!
//! - One installation secret (`auth.secret_key`, or `DATA_DIR/secret.key` created once) from which
//!   purpose-specific keys are derived with HMAC-SHA-256: the JWT signing key and the key that
//!   seals TOTP secrets (XChaCha20-Poly1305, random nonce per seal).
//! - Bearer tokens, refresh tokens, email-link tokens, recovery codes and API keys are random
//!   and stored only as SHA-256 hashes; a database leak gives none of them away.
//! - Passwords are hashed with argon2id (19 MiB, 2 iterations, 1 lane) on the blocking pool, at
//!   most a few at a time; verifying against an unknown account hashes against a dummy hash, so
//!   the answer takes the same time whether the account exists or not.

use std::path::Path;
use std::sync::Arc;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::config::AuthConfig;

/// Keys derived from the installation secret.
#[derive(Clone)]
pub struct Keys {
    jwt: [u8; 32],
    seal: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys([redacted])")
    }
}

/// A sealed value could not be opened: wrong key or altered data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a sealed secret could not be decrypted (was auth.secret_key changed?)")]
pub struct SealError;

impl Keys {
    /// The configured secret, or the one in `data_dir/secret.key` (created on first use).
    pub fn load(config: &AuthConfig, data_dir: &Path) -> Result<Keys, String> {
        if let Some(secret) = &config.secret_key {
            return Ok(Keys::from_secret(secret.expose().trim().as_bytes()));
        }
        let path = data_dir.join("secret.key");
        std::fs::create_dir_all(data_dir)
            .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
        let mut fresh = [0u8; 32];
        rand::rng().fill_bytes(&mut fresh);
        let hex: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
        // create_new: of two processes starting at once, one writes and both read the same key.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                use std::io::Write;
                restrict_permissions(&path);
                file.write_all(hex.as_bytes())
                    .and_then(|()| file.sync_all())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
        }
        let mut stored = String::new();
        for _ in 0..50 {
            stored = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            if stored.trim().len() >= 32 {
                break;
            }
            // Another process created the file and is still writing it.
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        if stored.trim().len() < 32 {
            return Err(format!(
                "{} holds no usable secret (at least 32 characters); delete it to create a new one",
                path.display()
            ));
        }
        Ok(Keys::from_secret(stored.trim().as_bytes()))
    }

    pub fn from_secret(secret: &[u8]) -> Keys {
        Keys {
            jwt: derive(secret, b"jangteo/jwt/v1"),
            seal: derive(secret, b"jangteo/totp-seal/v1"),
        }
    }

    pub fn jwt_key(&self) -> &[u8] {
        &self.jwt
    }

    /// Encrypts `plaintext`: base64url of nonce ‖ ciphertext ‖ tag.
    pub fn seal(&self, plaintext: &[u8]) -> String {
        let cipher = XChaCha20Poly1305::new((&self.seal).into());
        let mut nonce = [0u8; 24];
        rand::rng().fill_bytes(&mut nonce);
        let mut out = nonce.to_vec();
        out.extend(
            cipher
                .encrypt(XNonce::from_slice(&nonce), plaintext)
                .unwrap_or_default(),
        );
        URL_SAFE_NO_PAD.encode(out)
    }

    pub fn open(&self, sealed: &str) -> Result<Vec<u8>, SealError> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed).map_err(|_| SealError)?;
        if bytes.len() < 24 + 16 {
            return Err(SealError);
        }
        let (nonce, ciphertext) = bytes.split_at(24);
        XChaCha20Poly1305::new((&self.seal).into())
            .decrypt(XNonce::from_slice(nonce), ciphertext)
            .map_err(|_| SealError)
    }
}

fn derive(secret: &[u8], purpose: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key size");
    mac.update(purpose);
    mac.finalize().into_bytes().into()
}

#[cfg(unix)]
fn restrict_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn restrict_permissions(_path: &Path) {}

/// A random token: `prefix` then `bytes` random bytes in base64url.
pub fn random_token(prefix: &str, bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(buf))
}

/// How tokens are stored: hex SHA-256.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Why a password could not be hashed (never the password's fault: a failed worker).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Password hashing, off the async executor and bounded in concurrency (each hash takes 19 MiB).
pub struct Passwords {
    permits: Semaphore,
    dummy: String,
}

impl Passwords {
    pub fn new() -> Arc<Passwords> {
        let dummy = hash_blocking("jangteo-dummy-password").expect("argon2 with default params");
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Arc::new(Passwords {
            permits: Semaphore::new(cores * 2),
            dummy,
        })
    }

    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| HashError(e.to_string()))?;
        tokio::task::spawn_blocking(move || hash_blocking(&password))
            .await
            .map_err(|e| HashError(e.to_string()))?
    }

    /// Whether `password` matches `hash`; with no hash (unknown account), the same work against a
    /// dummy hash, and `false`.
    pub async fn verify(&self, password: String, hash: Option<String>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy.clone());
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash)
                .map(|parsed| {
                    Argon2::default()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        known && ok
    }
}

/// argon2id v19, m = 19 MiB, t = 2, p = 1 (OWASP's first recommendation), random salt.
fn hash_blocking(password: &str) -> Result<String, HashError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key() {
        let keys = Keys::from_secret(b"0123456789abcdef0123456789abcdef");
        let sealed = keys.seal(b"JBSWY3DPEHPK3PXP");
        assert_ne!(sealed, keys.seal(b"JBSWY3DPEHPK3PXP"), "nonces differ");
        assert_eq!(keys.open(&sealed).unwrap(), b"JBSWY3DPEHPK3PXP");
        let other = Keys::from_secret(b"another secret of at least 32 chars!");
        assert_eq!(other.open(&sealed), Err(SealError));
        let mut tampered = sealed.into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            keys.open(&String::from_utf8(tampered).unwrap()),
            Err(SealError)
        );
    }

    #[test]
    fn argon2id_with_owasp_parameters() {
        let hash = hash_blocking("correct horse battery").unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
    }

    #[tokio::test]
    async fn verification_needs_the_right_password_and_a_known_account() {
        let passwords = Passwords::new();
        let hash = passwords
            .hash("correct horse battery".into())
            .await
            .unwrap();
        assert!(
            passwords
                .verify("correct horse battery".into(), Some(hash.clone()))
                .await
        );
        assert!(
            !passwords
                .verify("correct horse batterY".into(), Some(hash))
                .await
        );
        assert!(
            !passwords
                .verify("jangteo-dummy-password".into(), None)
                .await
        );
    }
}
