//! Rich product content: the HTML staff write in the admin's editor, cleaned on save so it can
//! never run script in a shopper's browser or break the shop's own layout.
//!
//! An allow-list, not a block-list: paragraphs, line breaks, bold/italic/underline/strike,
//! headings h2–h4, lists, quotes, links (http, https, mailto, tel; `rel="noopener noreferrer"`),
//! images from the media library only, tables, figures and rules. Everything else goes: the
//! tags `script`, `style`, `iframe`, `object`, `embed`, `svg`, `math`, `template` with their
//! content; other unknown tags keep their text. Attributes are allowed per tag; event handlers,
//! classes and ids never are. Inline styles keep only `text-align` with a plain keyword, so
//! content cannot restyle the page. Comments are dropped. The function is pure: same input,
//! same output, and cleaning clean output changes nothing.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Largest accepted content before cleaning (bytes; below the HTTP body limit, so the API can
/// answer with a user error). Longer input is refused, not truncated.
pub const MAX_CONTENT_BYTES: usize = 128 * 1024;

/// Why content was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    #[error("the content is {len} bytes; the limit is {max} bytes")]
    TooLong { len: usize, max: usize },
}

/// Where images may come from: URL prefixes of the media library (e.g. `/media/` and the CDN's
/// public base URL).
#[derive(Debug, Clone)]
pub struct ContentPolicy {
    pub image_prefixes: Vec<String>,
}

impl Default for ContentPolicy {
    fn default() -> Self {
        ContentPolicy {
            image_prefixes: vec!["/media/".into()],
        }
    }
}

const TAGS: &[&str] = &[
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "img",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "hr",
    "span",
];

/// Tags removed together with everything inside them.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript",
    "textarea", "select", "title",
];

/// Tags whose `style` may carry `text-align`.
const ALIGNABLE: &[&str] = &[
    "p",
    "h2",
    "h3",
    "h4",
    "li",
    "th",
    "td",
    "figure",
    "figcaption",
    "blockquote",
];

/// Keeps `text-align: left|right|center|justify` of a style attribute, nothing else.
fn clean_style(value: &str) -> Option<String> {
    value.split(';').find_map(|declaration| {
        let (property, value) = declaration.split_once(':')?;
        let property = property.trim().to_ascii_lowercase();
        let value = value.trim().to_ascii_lowercase();
        (property == "text-align"
            && matches!(value.as_str(), "left" | "right" | "center" | "justify"))
        .then(|| format!("text-align: {value}"))
    })
}

/// Cleans `html` for storage and display.
pub fn sanitize(html: &str, policy: &ContentPolicy) -> Result<String, ContentError> {
    if html.len() > MAX_CONTENT_BYTES {
        return Err(ContentError::TooLong {
            len: html.len(),
            max: MAX_CONTENT_BYTES,
        });
    }
    let prefixes = policy.image_prefixes.clone();
    let mut attributes: HashMap<&str, HashSet<&str>> = HashMap::new();
    attributes.insert("a", HashSet::from(["href", "title"]));
    attributes.insert("img", HashSet::from(["src", "alt", "width", "height"]));
    attributes.insert("th", HashSet::from(["colspan", "rowspan", "scope"]));
    attributes.insert("td", HashSet::from(["colspan", "rowspan"]));
    for tag in ALIGNABLE {
        attributes.entry(tag).or_default().insert("style");
    }
    let cleaned = ammonia::Builder::default()
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .tag_attributes(attributes)
        .generic_attributes(HashSet::new())
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(
            move |element, attribute, value| match (element, attribute) {
                (_, "style") => clean_style(value).map(Cow::Owned),
                ("img", "src") => {
                    let v = value.trim();
                    // Only the media library; never `//host` (scheme-relative) or a traversal.
                    let from_library = prefixes.iter().any(|p| v.starts_with(p.as_str()))
                        && !v.starts_with("//")
                        && !v.contains("..");
                    from_library.then_some(Cow::Borrowed(value))
                }
                ("img" | "th" | "td", "width" | "height" | "colspan" | "rowspan") => {
                    let v = value.trim();
                    (!v.is_empty() && v.len() <= 4 && v.chars().all(|c| c.is_ascii_digit()))
                        .then_some(Cow::Borrowed(value))
                }
                ("a", "href") if value.trim_start().starts_with("//") => None,
                _ => Some(Cow::Borrowed(value)),
            },
        )
        .clean(html)
        .to_string();
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        sanitize(html, &ContentPolicy::default()).unwrap()
    }

    /// Nothing that can run script survives: OWASP XSS filter-evasion cases and friends.
    #[test]
    fn scripts_never_survive() {
        let attacks = [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
            "<img src=x onerror=alert(1)>",
            "<IMG SRC=\"javascript:alert('XSS');\">",
            "<IMG SRC=JaVaScRiPt:alert('XSS')>",
            "<IMG SRC=\"jav\tascript:alert('XSS');\">",
            "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
            "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
            "<a href=\"  javascript:alert(1)\">x</a>",
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg onload=alert(1)><script>alert(2)</script></svg>",
            "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<body onload=alert(1)>",
            "<div onclick=\"alert(1)\">x</div>",
            "<p onmouseover=alert(1)>x</p>",
            "<object data=\"javascript:alert(1)\"></object>",
            "<embed src=\"javascript:alert(1)\">",
            "<form action=\"javascript:alert(1)\"><input type=submit></form>",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
            "<base href=\"javascript:alert(1)//\">",
            "<link rel=stylesheet href=\"javascript:alert(1)\">",
            "<style>@import 'javascript:alert(1)';</style>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
            "<p style=\"width: expression(alert(1))\">x</p>",
            "<!--<script>alert(1)</script>-->",
            "<<script>alert(1);//<</script>",
            "<scr<script>ipt>alert(1)</script>",
            "<template><script>alert(1)</script></template>",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
            "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
            "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
        ];
        for attack in attacks {
            let out = clean(attack).to_lowercase();
            for bad in [
                "<script",
                "javascript:",
                "vbscript:",
                "data:",
                "onerror",
                "onload",
                "onclick",
                "onmouseover",
                "<iframe",
                "<svg",
                "<object",
                "<embed",
                "<form",
                "<meta",
                "<base",
                "<link",
                "<style",
                "expression(",
            ] {
                assert!(!out.contains(bad), "{attack:?} → {out:?} contains {bad:?}");
            }
        }
    }

    #[test]
    fn the_editor_s_formatting_is_kept() {
        let html = "<h2>영양 정보</h2><p><strong>단백질</strong> 24g, <em>당류</em> 2g</p>\
            <ul><li>1일 1회</li><li>물 200ml</li></ul>\
            <table><thead><tr><th>성분</th><th>함량</th></tr></thead>\
            <tbody><tr><td>나트륨</td><td colspan=\"2\">120mg</td></tr></tbody></table>\
            <p><a href=\"https://barun.example/faq\">자주 묻는 질문</a></p>\
            <figure><img src=\"/media/products/7/detail.webp\" alt=\"제품 사진\" width=\"800\"><figcaption>실제 제품</figcaption></figure>";
        let out = clean(html);
        for kept in [
            "<h2>영양 정보</h2>",
            "<strong>단백질</strong>",
            "<em>당류</em>",
            "<li>1일 1회</li>",
            "<th>성분</th>",
            "<td colspan=\"2\">120mg</td>",
            "<a href=\"https://barun.example/faq\" rel=\"noopener noreferrer\">자주 묻는 질문</a>",
            "<img src=\"/media/products/7/detail.webp\" alt=\"제품 사진\" width=\"800\">",
            "<figcaption>실제 제품</figcaption>",
        ] {
            assert!(out.contains(kept), "{kept} missing from {out}");
        }
    }

    #[test]
    fn styles_keep_only_text_alignment() {
        assert_eq!(
            clean("<p style=\"color: red; TEXT-ALIGN: Center; font-size: 40px\">가운데</p>"),
            "<p style=\"text-align: center\">가운데</p>"
        );
        assert_eq!(clean("<p style=\"color:red\">x</p>"), "<p>x</p>");
        assert_eq!(
            clean("<p style=\"text-align: -webkit-center\">x</p>"),
            "<p>x</p>"
        );
        // No style on tags where alignment makes no sense, no classes or ids anywhere.
        assert_eq!(
            clean("<strong style=\"text-align:left\" class=\"big\" id=\"x\">x</strong>"),
            "<strong>x</strong>"
        );
    }

    #[test]
    fn images_come_from_the_media_library_only() {
        assert_eq!(
            clean("<img src=\"https://tracker.example/p.gif\">"),
            "<img>"
        );
        assert_eq!(clean("<img src=\"//cdn.evil.example/x.png\">"), "<img>");
        assert_eq!(clean("<img src=\"/media/../secret.key\">"), "<img>");
        let cdn = ContentPolicy {
            image_prefixes: vec!["/media/".into(), "https://cdn.barun.example/".into()],
        };
        assert_eq!(
            sanitize(
                "<img src=\"https://cdn.barun.example/p/1.webp\" width=\"99999\">",
                &cdn
            )
            .unwrap(),
            "<img src=\"https://cdn.barun.example/p/1.webp\">"
        );
    }

    #[test]
    fn other_tags_keep_their_text_and_headings_stay_below_the_page_title() {
        assert_eq!(clean("<h1>제목</h1>"), "제목");
        assert_eq!(clean("<div><font color=red>본문</font></div>"), "본문");
        assert_eq!(clean("<p>a<br>b</p>"), "<p>a<br>b</p>");
    }

    #[test]
    fn cleaning_is_idempotent_and_bounded() {
        let samples = [
            "<p style=\"text-align:right\">x</p><script>y</script>",
            "<a href=\"mailto:cs@barun.example\">메일</a> <a href=\"tel:+8215880000\">전화</a>",
            "<ul><li><p>중첩</p></li></ul><table><tr><td>셀</td></tr></table>",
            &"<div>".repeat(5000),
        ];
        for s in samples {
            let once = clean(s);
            assert_eq!(clean(&once), once, "{s:.60}");
        }
        let bomb = "<b>".repeat(MAX_CONTENT_BYTES / 3 + 1);
        assert_eq!(
            sanitize(&bomb, &ContentPolicy::default()),
            Err(ContentError::TooLong {
                len: bomb.len(),
                max: MAX_CONTENT_BYTES
            })
        );
    }
}
