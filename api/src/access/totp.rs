//! Time-based one-time passwords (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits), as Google
//! Authenticator and every other authenticator app reads them from an `otpauth://` QR code.

use subtle::ConstantTimeEq;
use totp_rs::{Builder, Secret, Totp};

pub const STEP_SECS: i64 = 30;

/// A new random 160-bit secret.
pub fn generate_secret() -> Vec<u8> {
    use rand::RngCore;
    let mut bytes = vec![0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

fn totp(secret: &[u8], account: &str, issuer: &str) -> Option<Totp> {
    Builder::new()
        .with_secret(Secret::from(secret.to_vec()))
        .with_account_name(account.replace(':', " "))
        .with_issuer(Some(issuer.replace(':', " ")))
        .build()
        .ok()
}

/// Base32, as people type it into an app.
pub fn base32(secret: &[u8]) -> String {
    Secret::from(secret.to_vec()).to_base32()
}

pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    Secret::try_from_base32(text.trim().replace(' ', "").to_uppercase())
        .ok()
        .map(|s| s.as_bytes().to_vec())
}

/// The `otpauth://totp/…` URI to put in a QR code.
pub fn otpauth_uri(secret: &[u8], account: &str, issuer: &str) -> String {
    totp(secret, account, issuer)
        .and_then(|t| t.to_url().ok())
        .unwrap_or_default()
}

/// The code for time step `step`.
pub fn code_at(secret: &[u8], step: i64) -> String {
    let time = u64::try_from(step * STEP_SECS).unwrap_or(0);
    totp(secret, "x", "x")
        .map(|t| t.generate(time).to_string())
        .unwrap_or_default()
}

pub fn step_of(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(STEP_SECS)
}

/// The time step whose code `code` is, if it is the code of the current step or of the one just
/// before or after (clock drift), and later than `last_used` (a code is never accepted twice).
pub fn matching_step(
    secret: &[u8],
    code: &str,
    now_unix: i64,
    last_used: Option<i64>,
) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let current = step_of(now_unix);
    let mut found = None;
    for step in [current - 1, current, current + 1] {
        // Every candidate is compared (in constant time), whatever matched before.
        if bool::from(code_at(secret, step).as_bytes().ct_eq(code.as_bytes())) {
            found = Some(step);
        }
    }
    found.filter(|s| last_used.is_none_or(|last| *s > last))
}

/// An SVG QR code of `text` (no external request, works under the admin's CSP as a data: URL).
pub fn qr_svg(text: &str) -> String {
    use qrcode::QrCode;
    use qrcode::render::svg;
    QrCode::new(text.as_bytes())
        .map(|code| {
            code.render::<svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8-digit codes there; the last 6 digits here).
    #[test]
    fn matches_the_rfc_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(secret, step_of(time)), code, "t = {time}");
        }
    }

    #[test]
    fn accepts_one_step_of_drift_and_never_a_code_twice() {
        let secret = b"12345678901234567890";
        let now = 1_234_567_890;
        let step = step_of(now);
        for s in [step - 1, step, step + 1] {
            assert_eq!(
                matching_step(secret, &code_at(secret, s), now, None),
                Some(s)
            );
        }
        for s in [step - 2, step + 2] {
            assert_eq!(matching_step(secret, &code_at(secret, s), now, None), None);
        }
        let code = code_at(secret, step);
        assert_eq!(matching_step(secret, &code, now, Some(step)), None);
        assert_eq!(
            matching_step(secret, &code, now, Some(step - 1)),
            Some(step)
        );
        for junk in ["", "12345", "1234567", "abcdef", "12 34 5x"] {
            assert_eq!(matching_step(secret, junk, now, None), None, "{junk}");
        }
    }

    #[test]
    fn base32_round_trips_and_the_uri_names_the_account() {
        let secret = generate_secret();
        assert_eq!(from_base32(&base32(&secret)), Some(secret.clone()));
        let uri = otpauth_uri(&secret, "kim@example.com", "바른한끼");
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(
            uri.contains(&format!("secret={}", base32(&secret))),
            "{uri}"
        );
        assert!(qr_svg(&uri).starts_with("<?xml"), "an SVG document");
    }
}
