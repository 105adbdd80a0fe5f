//! The storefront's first response for a catalog page (home, category, collection, search,
//! product): the app's `index.html` with the page's own `<title>`, meta description, canonical
//! URL, Open Graph and Twitter card tags and schema.org data (`Product` with its offers;
//! `ItemList` of a listing's products; `BreadcrumbList` of a category's or collection's place;
//! the shop's `Organization` and `WebSite` on the home page), so a link shared in a messenger
//! (KakaoTalk) or fetched by a crawler without JavaScript (Naver) shows the page. The app takes
//! the same elements over when it starts (`<title>`, `<meta name="description">`,
//! `#product-jsonld`); the shop's own description travels in `data-shop-description` for the
//! pages that have none.
//!
//! Everything written is escaped for its place: attribute and text values as HTML, the JSON-LD
//! with every `<` as `\u003c`, so no product text can end an element or a script early.

use serde_json::{Value, json};

use crate::catalog::model::{Availability, ShopListItem};
use crate::catalog::pages::Page;
use crate::channel::Channel;
use crate::media::Media;
use crate::media::imaging::Size;

/// Longest meta description, in characters (as the app cuts it).
const DESCRIPTION_MAX: usize = 150;

/// The id of the structured-data script, shared with the app's head management.
const JSON_LD_ID: &str = "product-jsonld";

pub use shared::text::escape_html;

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

/// Absolute URL of a product image at a size.
pub type ImageUrl<'a> = &'a dyn Fn(&Media, Size) -> String;

/// Writes the head of a storefront catalog page into the app's `index.html`.
pub struct Shell<'a> {
    pub channel: &'a Channel,
    /// `scheme://host` the request came in on.
    pub base: &'a str,
    pub image_url: ImageUrl<'a>,
}

/// What one page's head says.
struct Head {
    /// The page's own title (the shop's name is added), or `None` for the shop's name alone.
    title: Option<String>,
    /// `None`: the shop's own, as `index.html` has it.
    description: Option<String>,
    url: String,
    og_type: &'static str,
    image: Option<String>,
    /// Tags only this kind of page has (a product's price, a search's `robots`).
    extra: Vec<String>,
    json_ld: Value,
}

impl Shell<'_> {
    /// `path` (and `query`) on this shop, absolute; Hangul slugs percent-encoded as browsers
    /// send them.
    fn url(&self, path: &str, query: Option<(&str, &str)>) -> String {
        let mut url = url::Url::parse(self.base)
            .unwrap_or_else(|_| url::Url::parse("http://localhost").expect("a valid URL"));
        url.set_path(path);
        if let Some((k, v)) = query {
            url.query_pairs_mut().append_pair(k, v);
        }
        url.to_string()
    }

    fn product_url(&self, item: &ShopListItem) -> String {
        self.url(&format!("/products/{}", item.product.slug), None)
    }

    /// schema.org `ItemList` of a listing's products, in the order shown.
    fn item_list(&self, items: &[ShopListItem]) -> Value {
        let elements: Vec<Value> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                json!({
                    "@type": "ListItem",
                    "position": i + 1,
                    "url": self.product_url(item),
                    "name": item.product.name,
                })
            })
            .collect();
        json!({ "@type": "ItemList", "itemListElement": elements })
    }

    /// schema.org `BreadcrumbList` of (name, URL) from the top down.
    fn breadcrumbs(trail: &[(String, String)]) -> Value {
        let elements: Vec<Value> = trail
            .iter()
            .enumerate()
            .map(|(i, (name, url))| {
                json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url })
            })
            .collect();
        json!({ "@type": "BreadcrumbList", "itemListElement": elements })
    }

    fn organization(&self) -> Value {
        let mut org = json!({
            "@type": "Organization",
            "name": self.channel.name,
            "url": self.url("/", None),
        });
        if let Some(logo) = &self.channel.logo_url {
            org["logo"] = json!(logo);
        }
        org
    }

    fn first_image(&self, items: &[ShopListItem]) -> Option<String> {
        items
            .iter()
            .find_map(|i| i.images.first())
            .map(|m| (self.image_url)(m, Size::Listing))
    }

    fn product_json_ld(&self, item: &ShopListItem, url: &str, images: &[String]) -> Value {
        let product = &item.product;
        let offers: Vec<Value> = item
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
        if !images.is_empty() {
            data["image"] = json!(images);
        }
        if let Some(category) = item.categories.first() {
            data["category"] = json!(category.name);
        }
        data
    }

    fn graph(nodes: Vec<Value>) -> Value {
        json!({ "@context": "https://schema.org", "@graph": nodes })
    }

    fn head(&self, page: &Page) -> Head {
        match page {
            Page::Product(item) => {
                let url = self.product_url(item);
                let images: Vec<String> = item
                    .images
                    .iter()
                    .map(|m| (self.image_url)(m, Size::Detail))
                    .collect();
                Head {
                    title: Some(item.product.name.clone()),
                    description: Some(summary(&item.product.description)),
                    og_type: "product",
                    image: images.first().cloned(),
                    extra: vec![
                        format!(
                            "<meta property=\"product:price:amount\" content=\"{}\">",
                            item.price.decimal()
                        ),
                        format!(
                            "<meta property=\"product:price:currency\" content=\"{}\">",
                            item.price.currency().code()
                        ),
                    ],
                    json_ld: self.product_json_ld(item, &url, &images),
                    url,
                }
            }
            Page::Home { items, .. } => {
                let url = self.url("/", None);
                let website = json!({
                    "@type": "WebSite",
                    "name": self.channel.name,
                    "url": url,
                    "potentialAction": {
                        "@type": "SearchAction",
                        "target": format!("{}?q={{search_term_string}}", self.url("/search", None)),
                        "query-input": "required name=search_term_string",
                    },
                });
                Head {
                    title: None,
                    description: None,
                    og_type: "website",
                    image: self.first_image(items),
                    extra: Vec::new(),
                    json_ld: Self::graph(vec![self.organization(), website, self.item_list(items)]),
                    url,
                }
            }
            Page::Category { trail, items, .. } => {
                let category = trail.last().expect("a trail ends at its category");
                let url = self.url(&format!("/category/{}", category.slug), None);
                let crumbs: Vec<(String, String)> = trail
                    .iter()
                    .map(|c| {
                        (
                            c.name.clone(),
                            self.url(&format!("/category/{}", c.slug), None),
                        )
                    })
                    .collect();
                Head {
                    title: Some(category.name.clone()),
                    description: Some(summary(&category.description)).filter(|d| !d.is_empty()),
                    og_type: "website",
                    image: self.first_image(items),
                    extra: Vec::new(),
                    json_ld: Self::graph(vec![Self::breadcrumbs(&crumbs), self.item_list(items)]),
                    url,
                }
            }
            Page::Collection {
                collection, items, ..
            } => {
                let url = self.url(&format!("/collections/{}", collection.slug), None);
                Head {
                    title: Some(collection.name.clone()),
                    description: Some(summary(&collection.description)).filter(|d| !d.is_empty()),
                    og_type: "website",
                    image: self.first_image(items),
                    extra: Vec::new(),
                    json_ld: Self::graph(vec![
                        Self::breadcrumbs(&[(collection.name.clone(), url.clone())]),
                        self.item_list(items),
                    ]),
                    url,
                }
            }
            Page::Search { query, items, .. } => {
                let url = if query.is_empty() || items.is_none() {
                    self.url("/search", None)
                } else {
                    self.url("/search", Some(("q", query)))
                };
                let items = items.as_deref().unwrap_or_default();
                Head {
                    title: (!query.is_empty()).then(|| summary(query)),
                    description: None,
                    og_type: "website",
                    image: self.first_image(items),
                    // Result pages are for shoppers, not for search engines' indexes.
                    extra: vec!["<meta name=\"robots\" content=\"noindex, follow\">".to_owned()],
                    json_ld: Self::graph(vec![self.item_list(items)]),
                    url,
                }
            }
        }
    }

    /// `index.html` with `page`'s head, and `body` (the page drawn without the app, see
    /// [`super::prerender`]) at the start of `<body>`.
    pub fn render(&self, template: &str, page: &Page, body: Option<&str>) -> String {
        let head = self.head(page);
        let shop = &self.channel.name;
        let title = match &head.title {
            Some(t) => format!("{t} — {shop}"),
            None => shop.clone(),
        };
        let mut html = replace_title(template, &title);
        let description = match &head.description {
            Some(d) => {
                html = replace_description(&html, d);
                d.clone()
            }
            None => shop_description(&html).unwrap_or_default(),
        };
        let mut tags = vec![
            format!(
                "<link rel=\"canonical\" href=\"{}\">",
                escape_html(&head.url)
            ),
            format!("<meta property=\"og:type\" content=\"{}\">", head.og_type),
            format!(
                "<meta property=\"og:site_name\" content=\"{}\">",
                escape_html(shop)
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
                escape_html(&head.url)
            ),
            format!(
                "<meta property=\"og:locale\" content=\"{}\">",
                escape_html(&self.channel.locale.replace('-', "_"))
            ),
            format!(
                "<meta name=\"twitter:card\" content=\"{}\">",
                if head.image.is_none() {
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
        tags.extend(head.extra);
        if let Some(image) = &head.image {
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
            json_for_script(&head.json_ld)
        ));
        if let Some(at) = html.find("</head>") {
            let mut block = tags.join("\n  ");
            block.insert_str(0, "  ");
            block.push('\n');
            html.insert_str(at, &block);
        }
        if let Some(body) = body
            && let Some(start) = html.find("<body")
            && let Some(end) = html[start..].find('>')
        {
            html.insert_str(start + end + 1, body);
        }
        html
    }
}

/// The text of the template's `<meta name="description">`, as plain text.
fn shop_description(template: &str) -> Option<String> {
    let (start, end) = description_meta(template)?;
    attribute(&template[start..end], "content").map(unescape_html)
}

/// Where the template's `<meta name="description">` tag is (start, end), in any attribute
/// order or quoting.
fn description_meta(template: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(offset) = template[from..].find("<meta") {
        let start = from + offset;
        let end = start + template[start..].find('>')? + 1;
        let tag = &template[start..end];
        if attribute(tag, "name").is_some_and(|n| n.eq_ignore_ascii_case("description")) {
            return Some((start, end));
        }
        from = end;
    }
    None
}

/// The text of an attribute value written as HTML (the entities [`escape_html`] writes, and
/// `&amp;` last so nothing is unescaped twice).
fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
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
    let Some((start, end)) = description_meta(template) else {
        return template.to_owned();
    };
    // The template's own text, already written as HTML.
    let shop = attribute(&template[start..end], "content").unwrap_or("");
    format!(
        "{}<meta name=\"description\" content=\"{}\" data-shop-description=\"{shop}\">{}",
        &template[..start],
        escape_html(description),
        &template[end..]
    )
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
