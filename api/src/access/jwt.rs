//! Shoppers' access tokens: HS256 JWTs valid for at most 15 minutes.
//!
//! Verification pins the algorithm (a token whose header says `none`, `HS512` or `RS256` is
//! refused before its signature is looked at), requires and checks `iss`, `aud`, `sub`, `exp`
//! and `typ = "access"`, and reads the time from the [`Clock`](super::Clock) with no leeway.
//! Refresh tokens are opaque random strings, not JWTs, so one can never pass for the other.
//!
//! The `sid` claim names the refresh-token family the token was issued with. Reading pages stays
//! stateless; operations that move money or change the account also check in the database that
//! this family has not been revoked (`graphql::account::live_member_id`), so signing out, a
//! detected refresh-token reuse or a password change stops them at once.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

use super::Keys;

pub const ISSUER: &str = "jangteo";
pub const AUDIENCE: &str = "jangteo-shop";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    /// The member's database id, as a string.
    sub: String,
    iat: i64,
    exp: i64,
    typ: String,
    /// The refresh-token family (session) the token belongs to. Absent from tokens issued
    /// before the claim existed; those pass the stateless check only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sid: Option<String>,
}

/// What a valid access token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessClaims {
    pub member_id: i64,
    /// The refresh-token family (`sid`) it was issued with.
    pub family: Option<String>,
}

/// Why an access token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the access token has expired; refresh it")]
    Expired,
    #[error("the access token is not valid")]
    Invalid,
}

impl TokenError {
    /// The `reason` reported to clients.
    pub fn code(self) -> &'static str {
        match self {
            TokenError::Expired => "TOKEN_EXPIRED",
            TokenError::Invalid => "TOKEN_INVALID",
        }
    }
}

pub struct AccessTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl_secs: i64,
}

impl AccessTokens {
    pub fn new(keys: &Keys, ttl_secs: u32) -> AccessTokens {
        AccessTokens {
            encoding: EncodingKey::from_secret(keys.jwt_key()),
            decoding: DecodingKey::from_secret(keys.jwt_key()),
            ttl_secs: i64::from(ttl_secs.min(900)),
        }
    }

    /// A token for member `member_id` in session `family`, issued at `now` (unix seconds);
    /// returns it and its expiry.
    pub fn issue(&self, member_id: i64, family: &str, now: i64) -> (String, i64) {
        let exp = now + self.ttl_secs;
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: member_id.to_string(),
            iat: now,
            exp,
            typ: "access".into(),
            sid: Some(family.to_owned()),
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .expect("HS256 signing with a 32-byte key cannot fail");
        (token, exp)
    }

    /// The member id and session of a valid token at `now` (unix seconds).
    pub fn verify(&self, token: &str, now: i64) -> Result<AccessClaims, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        // Expiry is checked below against the injectable clock, without leeway.
        validation.validate_exp = false;
        let data = decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| TokenError::Invalid)?;
        let claims = data.claims;
        if claims.typ != "access" {
            return Err(TokenError::Invalid);
        }
        let member = claims
            .sub
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or(TokenError::Invalid)?;
        if now >= claims.exp {
            return Err(TokenError::Expired);
        }
        Ok(AccessClaims {
            member_id: member,
            family: claims.sid.filter(|f| !f.is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    fn tokens() -> AccessTokens {
        AccessTokens::new(&Keys::from_secret(b"0123456789abcdef0123456789abcdef"), 600)
    }

    fn forge(header: &str, claims: &serde_json::Value, signature: &str) -> String {
        format!(
            "{}.{}.{signature}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        )
    }

    #[test]
    fn a_fresh_token_names_its_member_and_session_until_it_expires() {
        let t = tokens();
        let (token, exp) = t.issue(42, "fam1", 1_000_000);
        assert_eq!(exp, 1_000_600);
        assert_eq!(
            t.verify(&token, 1_000_000),
            Ok(AccessClaims {
                member_id: 42,
                family: Some("fam1".into())
            })
        );
        assert_eq!(t.verify(&token, 1_000_599).map(|c| c.member_id), Ok(42));
        assert_eq!(t.verify(&token, 1_000_600), Err(TokenError::Expired));
    }

    #[test]
    fn tampered_tokens_are_refused() {
        let t = tokens();
        let (token, _) = t.issue(42, "fam1", 1_000_000);
        let claims = serde_json::json!({
            "iss": ISSUER, "aud": AUDIENCE, "sub": "1", "iat": 1_000_000, "exp": 1_000_600,
            "typ": "access"
        });
        // alg: none, with and without a signature.
        for forged in [
            forge(r#"{"alg":"none","typ":"JWT"}"#, &claims, ""),
            forge(r#"{"alg":"none","typ":"JWT"}"#, &claims, "x"),
            forge(r#"{"alg":"HS512","typ":"JWT"}"#, &claims, "AAAA"),
        ] {
            assert_eq!(t.verify(&forged, 1_000_000), Err(TokenError::Invalid));
        }
        // Another member's id with the original signature.
        let parts: Vec<&str> = token.split('.').collect();
        let swapped = format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(claims.to_string()),
            parts[2]
        );
        assert_eq!(t.verify(&swapped, 1_000_000), Err(TokenError::Invalid));
        // Signed with another key.
        let other = AccessTokens::new(
            &Keys::from_secret(b"another secret of at least 32 chars!"),
            600,
        );
        assert_eq!(
            t.verify(&other.issue(42, "fam1", 1_000_000).0, 1_000_000),
            Err(TokenError::Invalid)
        );
        // Garbage.
        for junk in ["", "a.b.c", "not-a-token", &token[..token.len() - 2]] {
            assert_eq!(
                t.verify(junk, 1_000_000),
                Err(TokenError::Invalid),
                "{junk}"
            );
        }
    }

    #[test]
    fn wrong_audience_issuer_or_type_is_refused() {
        let keys = Keys::from_secret(b"0123456789abcdef0123456789abcdef");
        let t = AccessTokens::new(&keys, 600);
        let sign = |claims: serde_json::Value| {
            encode(
                &Header::new(Algorithm::HS256),
                &claims,
                &EncodingKey::from_secret(keys.jwt_key()),
            )
            .unwrap()
        };
        let base = serde_json::json!({
            "iss": ISSUER, "aud": AUDIENCE, "sub": "7", "iat": 1_000_000, "exp": 1_000_600,
            "typ": "access"
        });
        // A token from before the `sid` claim: valid, with no session to check.
        assert_eq!(
            t.verify(&sign(base.clone()), 1_000_000),
            Ok(AccessClaims {
                member_id: 7,
                family: None
            })
        );
        for (key, value) in [
            ("aud", serde_json::json!("jangteo-admin")),
            ("iss", serde_json::json!("someone-else")),
            ("typ", serde_json::json!("refresh")),
            ("sub", serde_json::json!("-3")),
        ] {
            let mut claims = base.clone();
            claims[key] = value;
            assert_eq!(
                t.verify(&sign(claims), 1_000_000),
                Err(TokenError::Invalid),
                "{key}"
            );
        }
        let mut no_exp = base.clone();
        no_exp.as_object_mut().unwrap().remove("exp");
        assert_eq!(t.verify(&sign(no_exp), 1_000_000), Err(TokenError::Invalid));
    }
}
