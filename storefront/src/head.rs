//! The document's head for the page on screen: `<title>` ("PAGE — SHOP", the shop's name alone
//! where a page sets no title), `<meta name="description">` (back to the shop's own when a page
//! has none) and the page's schema.org data (`<script type="application/ld+json">`).
//!
//! A page states its [`PageMeta`] with [`use_page_meta`]; it applies while the page is shown.

use std::sync::atomic::{AtomicU64, Ordering};

use leptos::prelude::*;
use web_sys::Document;

/// What a page puts in the document's head.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    /// The page's own title, put before the shop's name.
    pub title: Option<String>,
    /// For search results and link previews; shortened to about [`DESCRIPTION_MAX`] characters.
    pub description: Option<String>,
    /// schema.org data (JSON), e.g. a product with its offers.
    pub json_ld: Option<String>,
}

/// Longest meta description, in characters.
pub const DESCRIPTION_MAX: usize = 150;

/// The `id` of the structured-data script.
const JSON_LD_ID: &str = "product-jsonld";

/// The page meta now applied and which page set it (see [`use_page_meta`]).
#[derive(Clone, Copy)]
struct Head(RwSignal<Option<(u64, PageMeta)>>);

/// Keeps the document's head in step with the shop's name and the page shown.
pub fn provide_head(shop_name: Signal<String>) {
    let page = RwSignal::new(None::<(u64, PageMeta)>);
    provide_context(Head(page));
    let Some(doc) = document() else {
        return;
    };
    // The shop's own description, as served in `index.html` (where the server rendered a
    // page's head, it kept the shop's in `data-shop-description`).
    let shop_description = doc
        .query_selector("meta[name='description']")
        .ok()
        .flatten()
        .and_then(|m| {
            m.get_attribute("data-shop-description")
                .or_else(|| m.get_attribute("content"))
        })
        .unwrap_or_default();
    Effect::new(move |_| {
        let Some(doc) = document() else {
            return;
        };
        let shop = shop_name.get();
        page.with(|page| {
            let meta = page.as_ref().map(|(_, meta)| meta);
            let title = meta
                .and_then(|m| m.title.as_deref())
                .filter(|t| !t.is_empty());
            match (title, shop.is_empty()) {
                (Some(title), false) => doc.set_title(&format!("{title} — {shop}")),
                (Some(title), true) => doc.set_title(title),
                (None, false) => doc.set_title(&shop),
                (None, true) => {}
            }
            let description = meta
                .and_then(|m| m.description.as_deref())
                .map(summary)
                .filter(|d| !d.is_empty());
            set_description(&doc, description.as_deref().unwrap_or(&shop_description));
            set_json_ld(&doc, meta.and_then(|m| m.json_ld.as_deref()));
        });
    });
}

/// Applies `meta` (read again when the signals it reads change) while the calling component
/// lives. When pages change, the page that leaves never clears what the new one has set.
pub fn use_page_meta(meta: impl Fn() -> PageMeta + 'static) {
    static NEXT_PAGE: AtomicU64 = AtomicU64::new(0);
    let id = NEXT_PAGE.fetch_add(1, Ordering::Relaxed);
    let Head(page) = expect_context::<Head>();
    Effect::new(move |_| page.set(Some((id, meta()))));
    on_cleanup(move || {
        if page.with_untracked(|p| p.as_ref().is_some_and(|(owner, _)| *owner == id)) {
            page.set(None);
        }
    });
}

/// `url` as an absolute address, for data read outside the shop (schema.org `image`): an
/// address relative to the shop (`/media/…`, as images are served without a CDN) gets the
/// page's origin; an absolute one (a CDN's) stays as it is.
pub fn absolute_url(url: &str) -> String {
    let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if has_scheme {
        return url.to_owned();
    }
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return url.to_owned();
    };
    if url.starts_with("//") {
        let protocol = location.protocol().unwrap_or_else(|_| "https:".into());
        return format!("{protocol}{url}");
    }
    let origin = location.origin().unwrap_or_default();
    format!("{origin}/{}", url.trim_start_matches('/'))
}

fn document() -> Option<Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The text on one line, cut at a word boundary near [`DESCRIPTION_MAX`] characters.
fn summary(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= DESCRIPTION_MAX {
        return text;
    }
    let cut: String = text.chars().take(DESCRIPTION_MAX - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',', '.']))
}

fn set_description(doc: &Document, content: &str) {
    let meta = match doc
        .query_selector("meta[name='description']")
        .ok()
        .flatten()
    {
        Some(meta) => meta,
        None => {
            let (Ok(meta), Some(head)) = (doc.create_element("meta"), doc.head()) else {
                return;
            };
            let _ = meta.set_attribute("name", "description");
            let _ = head.append_child(&meta);
            meta
        }
    };
    let _ = meta.set_attribute("content", content);
}

fn set_json_ld(doc: &Document, json: Option<&str>) {
    let existing = doc.get_element_by_id(JSON_LD_ID);
    let Some(json) = json else {
        if let Some(script) = existing {
            script.remove();
        }
        return;
    };
    let script = match existing {
        Some(script) => script,
        None => {
            let (Ok(script), Some(head)) = (doc.create_element("script"), doc.head()) else {
                return;
            };
            let _ = script.set_attribute("type", "application/ld+json");
            script.set_id(JSON_LD_ID);
            let _ = head.append_child(&script);
            script
        }
    };
    // Set as text, never parsed as HTML: nothing in the JSON can end the script early.
    if script.text_content().as_deref() != Some(json) {
        script.set_text_content(Some(json));
    }
}
