//! The storefront's first response for a product page: the app's `index.html` with the page's
//! own `<title>`, meta description, canonical URL, Open Graph and Twitter card tags and
//! schema.org `Product` data, so a link shared in a messenger (KakaoTalk) or fetched by a crawler
//! without JavaScript (Naver) shows the product. The app takes the same elements over when it
//! starts (`<title>`, `<meta name="description">`, `#product-jsonld`); the shop's own description
//! travels in `data-shop-description` for the pages that have none.
//!
//! Everything written is escaped for its place: attribute and text values as HTML, the JSON-LD
//! with every `<` as `\u003c`, so no product text can end an element or a script early.

use serde_json::{Value, json};

use crate::catalog::model::{Availability, ShopListItem};
use crate::channel::Channel;

/// Longest meta description, in characters (as the app cuts it).
const DESCRIPTION_MAX: usize = 150;

/// The id of the structured-data script, shared with the app's head management.
const JSON_LD_ID: &str = "product-jsonld";

/// Escapes text for an HTML attribute value or element content.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON for the inside of a `<script>` element: `<` never appears, so neither `</script>` nor
/// `<!--` can.
fn json_for_script(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// Whitespace collapsed and cut to [`DESCRIPTION_MAX`] characters with an ellipsis.
fn summary(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() <= DESCRIPTION_MAX {
        return joined;
    }
    let cut: String = joined.chars().take(DESCRIPTION_MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

fn schema_availability(availability: Availability) -> &'static str {
    match availability {
        Availability::InStock => "https://schema.org/InStock",
        Availability::LowStock => "https://schema.org/LimitedAvailability",
        Availability::Backorder => "https://schema.org/BackOrder",
        Availability::OutOfStock => "https://schema.org/OutOfStock",
    }
}

/// What a product page's head says.
pub struct ProductHead<'a> {
    pub item: &'a ShopListItem,
    pub channel: &'a Channel,
    /// `scheme://host` the request came in on.
    pub base: &'a str,
    /// Absolute URLs of the product's images (detail size), in display order.
    pub images: Vec<String>,
}

impl ProductHead<'_> {
    fn url(&self) -> String {
        // The slug is written as the URL path segment browsers send (percent-encoded Hangul).
        let mut url = url::Url::parse(self.base)
            .unwrap_or_else(|_| url::Url::parse("http://localhost").expect("a valid URL"));
        url.set_path(&format!("/products/{}", self.item.product.slug));
        url.to_string()
    }

    fn json_ld(&self, url: &str) -> Value {
        let product = &self.item.product;
        let offers: Vec<Value> = self
            .item
            .variants
            .iter()
            .map(|v| {
                json!({
                    "@type": "Offer",
                    "price": v.price.decimal(),
                    "priceCurrency": v.price.currency().code(),
                    "sku": v.sku,
                    "availability": schema_availability(v.availability),
                    "url": url,
                })
            })
            .collect();
        let mut data = json!({
            "@context": "https://schema.org",
            "@type": "Product",
            "name": product.name,
            "description": product.description,
            "url": url,
            "brand": { "@type": "Brand", "name": self.channel.name },
            "offers": offers,
        });
        if !self.images.is_empty() {
            data["image"] = json!(self.images);
        }
        if let Some(category) = self.item.categories.first() {
            data["category"] = json!(category.name);
        }
        data
    }

    /// `index.html` with this page's head.
    pub fn render(&self, template: &str) -> String {
        let product = &self.item.product;
        let title = format!("{} — {}", product.name, self.channel.name);
        let description = summary(&product.description);
        let url = self.url();
        let price = self.item.price;
        let mut tags = vec![
            format!("<link rel=\"canonical\" href=\"{}\">", escape_html(&url)),
            "<meta property=\"og:type\" content=\"product\">".to_owned(),
            format!(
                "<meta property=\"og:site_name\" content=\"{}\">",
                escape_html(&self.channel.name)
            ),
            format!(
                "<meta property=\"og:title\" content=\"{}\">",
                escape_html(&title)
            ),
            format!(
                "<meta property=\"og:description\" content=\"{}\">",
                escape_html(&description)
            ),
            format!(
                "<meta property=\"og:url\" content=\"{}\">",
                escape_html(&url)
            ),
            format!(
                "<meta property=\"og:locale\" content=\"{}\">",
                escape_html(&self.channel.locale.replace('-', "_"))
            ),
            format!(
                "<meta property=\"product:price:amount\" content=\"{}\">",
                price.decimal()
            ),
            format!(
                "<meta property=\"product:price:currency\" content=\"{}\">",
                price.currency().code()
            ),
            format!(
                "<meta name=\"twitter:card\" content=\"{}\">",
                if self.images.is_empty() {
                    "summary"
                } else {
                    "summary_large_image"
                }
            ),
            format!(
                "<meta name=\"twitter:title\" content=\"{}\">",
                escape_html(&title)
            ),
            format!(
                "<meta name=\"twitter:description\" content=\"{}\">",
                escape_html(&description)
            ),
        ];
        if let Some(image) = self.images.first() {
            tags.push(format!(
                "<meta property=\"og:image\" content=\"{}\">",
                escape_html(image)
            ));
            tags.push(format!(
                "<meta name=\"twitter:image\" content=\"{}\">",
                escape_html(image)
            ));
        }
        tags.push(format!(
            "<script type=\"application/ld+json\" id=\"{JSON_LD_ID}\">{}</script>",
            json_for_script(&self.json_ld(&url))
        ));
        let mut html = replace_title(template, &title);
        html = replace_description(&html, &description);
        match html.find("</head>") {
            Some(at) => {
                let mut block = tags.join("\n  ");
                block.insert_str(0, "  ");
                block.push('\n');
                html.insert_str(at, &block);
                html
            }
            None => html,
        }
    }
}

/// The template with its first `<title>` element's text replaced.
fn replace_title(template: &str, title: &str) -> String {
    match (template.find("<title>"), template.find("</title>")) {
        (Some(start), Some(end)) if start < end => format!(
            "{}<title>{}{}",
            &template[..start],
            escape_html(title),
            &template[end..]
        ),
        _ => template.to_owned(),
    }
}

/// The value of attribute `name` in a start tag's text (quoted or not, as minifiers write it).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().last();
        let after = &rest[at + name.len()..];
        rest = after;
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

/// The template with its `<meta name="description">` (in any attribute order or quoting)
/// saying `description`; the shop's own (the template's) kept in `data-shop-description`.
fn replace_description(template: &str, description: &str) -> String {
    let mut from = 0;
    while let Some(offset) = template[from..].find("<meta") {
        let start = from + offset;
        let Some(len) = template[start..].find('>') else {
            break;
        };
        let tag = &template[start..=start + len];
        if attribute(tag, "name").is_some_and(|n| n.eq_ignore_ascii_case("description")) {
            // The template's own text, already written as HTML.
            let shop = attribute(tag, "content").unwrap_or("");
            return format!(
                "{}<meta name=\"description\" content=\"{}\" data-shop-description=\"{shop}\">{}",
                &template[..start],
                escape_html(description),
                &template[start + len + 1..]
            );
        }
        from = start + len + 1;
    }
    template.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_written_can_end_an_element_or_a_script() {
        assert_eq!(
            escape_html("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
        let json = json_for_script(&json!({ "name": "</script><script>alert(1)</script><!--" }));
        assert!(!json.contains('<'), "{json}");
        let back: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script><!--");
    }

    #[test]
    fn the_minified_template_is_understood() {
        // As Trunk writes index.html: attributes reordered, unquoted where possible.
        let template = "<meta content=\"건강한 한 끼\" name=description><meta content=\"x\" name=viewport><title>Jangteo</title>";
        assert_eq!(
            replace_description(template, "보리차"),
            "<meta name=\"description\" content=\"보리차\" data-shop-description=\"건강한 한 끼\"><meta content=\"x\" name=viewport><title>Jangteo</title>"
        );
        assert_eq!(
            attribute("<meta name='description' content=a>", "content"),
            Some("a")
        );
        assert_eq!(attribute("<meta data-name=x>", "name"), None);
        assert_eq!(
            replace_description("<title>x</title>", "d"),
            "<title>x</title>"
        );
    }

    #[test]
    fn descriptions_are_summaries() {
        assert_eq!(summary("  현미   곡물바\n\n 30g "), "현미 곡물바 30g");
        let long = "가".repeat(400);
        let s = summary(&long);
        assert_eq!(s.chars().count(), DESCRIPTION_MAX);
        assert!(s.ends_with('…'));
    }

    #[test]
    fn title_and_description_are_replaced_in_place() {
        let template = "<head><meta name=\"description\" content=\"건강한 한 끼\"><title>Jangteo</title></head>";
        let html = replace_description(&replace_title(template, "바 <1>"), "설명 \"따옴표\"");
        assert_eq!(
            html,
            "<head><meta name=\"description\" content=\"설명 &quot;따옴표&quot;\" data-shop-description=\"건강한 한 끼\"><title>바 &lt;1&gt;</title></head>"
        );
    }
}
