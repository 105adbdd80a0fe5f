//! What search engines may index in one shop: its active, published products, its categories and
//! its collections, each with the time it last changed. Three statements, whatever the catalog's
//! size.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::CatalogError;
use crate::channel::Channel;
use crate::db::AnyConnection;
use crate::db::schema::{categories, collections, product_channel_listings, products};

/// Most URLs one sitemap file may hold (the sitemaps.org limit).
pub const MAX_URLS: usize = 50_000;

/// One page of the storefront for the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Storefront path, e.g. `/products/단백질-쉐이크` (not yet percent-encoded).
    pub path: String,
    pub last_modified: NaiveDateTime,
}

/// The shop's indexable pages: products first (most recently changed first), then categories and
/// collections; at most `MAX_URLS`.
pub fn entries(conn: &mut AnyConnection, channel: &Channel) -> Result<Vec<Entry>, CatalogError> {
    let limit = MAX_URLS as i64;
    let product_rows: Vec<(String, NaiveDateTime)> = products::table
        .inner_join(product_channel_listings::table)
        .filter(product_channel_listings::channel_id.eq(channel.id.key()))
        .filter(product_channel_listings::published.eq(true))
        .filter(products::status.eq(super::ProductStatus::Active.as_str()))
        .select((products::slug, products::updated_at))
        .order((products::updated_at.desc(), products::id.desc()))
        .limit(limit)
        .load(conn)?;
    let category_rows: Vec<(String, NaiveDateTime)> = categories::table
        .select((categories::slug, categories::updated_at))
        .order((categories::position, categories::id))
        .limit(limit)
        .load(conn)?;
    let collection_rows: Vec<(String, NaiveDateTime)> = collections::table
        .select((collections::slug, collections::updated_at))
        .order(collections::id)
        .limit(limit)
        .load(conn)?;
    let mut out: Vec<Entry> = Vec::new();
    for (prefix, rows) in [
        ("/products/", product_rows),
        ("/category/", category_rows),
        ("/collections/", collection_rows),
    ] {
        out.extend(rows.into_iter().map(|(slug, last_modified)| Entry {
            path: format!("{prefix}{slug}"),
            last_modified,
        }));
    }
    out.truncate(MAX_URLS);
    Ok(out)
}

/// Percent-encodes a path for a URL: RFC 3986 unreserved characters and `/` stay, every other
/// byte of its UTF-8 becomes `%XX` (Hangul slugs included).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Escapes text for an XML element.
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The sitemap XML for `entries` under `base` (scheme and host, no trailing slash).
pub fn render(base: &str, entries: &[Entry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    xml.push_str(&format!("  <url><loc>{}/</loc></url>\n", xml_escape(base)));
    for e in entries {
        xml.push_str(&format!(
            "  <url><loc>{}{}</loc><lastmod>{}</lastmod></url>\n",
            xml_escape(base),
            xml_escape(&encode_path(&e.path)),
            e.last_modified.and_utc().format("%Y-%m-%dT%H:%M:%SZ"),
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// robots.txt: everything but the admin, the account pages and the APIs may be crawled; the
/// sitemap is named.
pub fn robots(base: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\nDisallow: /admin/\nDisallow: /account\nDisallow: /graphql\nDisallow: /admin-api/\n\nSitemap: {base}/sitemap.xml\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_encoded_and_xml_escaped() {
        assert_eq!(
            encode_path("/products/단백질-쉐이크"),
            "/products/%EB%8B%A8%EB%B0%B1%EC%A7%88-%EC%89%90%EC%9D%B4%ED%81%AC"
        );
        assert_eq!(encode_path("/category/a b&c"), "/category/a%20b%26c");
        let t = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        let xml = render(
            "https://shop.example",
            &[Entry {
                path: "/products/oat".into(),
                last_modified: t,
            }],
        );
        assert!(xml.contains("<url><loc>https://shop.example/products/oat</loc><lastmod>2026-11-25T09:30:00Z</lastmod></url>"), "{xml}");
        assert!(render("https://a.example/?x=1&y=2", &[]).contains("?x=1&amp;y=2"));
    }
}
