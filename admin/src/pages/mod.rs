//! Admin pages, one module per page (grouped by domain as the admin grows).

pub mod api_keys;
pub mod audit;
pub mod categories;
pub mod collections;
pub mod dashboard;
pub mod jobs;
pub mod login;
pub mod media;
pub mod not_found;
pub mod orders;
pub mod policies;
pub mod product_csv;
pub mod product_editor;
pub mod products;
pub mod seller;
pub mod set_password;
pub mod shipping;
pub mod staff;
pub mod uploads;

/// `2026-11-25T09:30:00.123Z` → `2026-11-25 09:30 UTC`.
pub fn short_time(t: &str) -> String {
    let t = t.replace('T', " ");
    format!("{} UTC", t.get(..16).unwrap_or(&t))
}

/// `2026-11-25T00:00:00Z` → `2026-11-25`.
pub fn short_date(t: &str) -> String {
    t.get(..10).unwrap_or(t).to_owned()
}

/// The path segment that names a record: `gid://jangteo/Product/42` → `42` (the admin's paths
/// carry the number only); any other ID percent-encoded as it is.
pub fn id_segment(gid: &str) -> String {
    match shared::id::parse_gid(gid) {
        Ok((_, key)) => key.to_string(),
        Err(_) => gid
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect(),
    }
}

/// The global ID of type `kind` (`Product`) a path segment names: `42`, or a whole global ID
/// (percent-encoded or not); `None` for anything else.
pub fn id_from_segment(kind: &str, segment: &str) -> Option<String> {
    let text = percent_decode(segment);
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0') {
        return text
            .parse::<i64>()
            .ok()
            .map(|key| shared::id::format_gid(kind, key));
    }
    // A path may have lost one slash of `gid://`.
    let text = match text.strip_prefix("gid:/") {
        Some(rest) if !rest.starts_with('/') => format!("gid://{rest}"),
        _ => text,
    };
    match shared::id::parse_gid(&text) {
        Ok((k, key)) if k == kind => Some(shared::id::format_gid(kind, key)),
        _ => None,
    }
}

/// `%XX` escapes decoded (an invalid escape is kept as it is).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
