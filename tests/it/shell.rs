//! The storefront's first response for a product page: the app shell with the product's title,
//! description, canonical URL, Open Graph, Twitter card and schema.org data, readable without
//! JavaScript (link previews, Naver's crawler); a 404 for a slug with no product on sale; and
//! nothing a product's text holds can break out of where it is written.

use jangteo_tests::{Backend, TestApp, both_backends};
use serde_json::{Value, json};

/// Written as Trunk's minifier writes `index.html` (attributes reordered, unquoted where it can).
const SHELL: &str = "<!doctype html><html lang=ko><meta charset=utf-8>\
    <meta content=\"건강한 한 끼를 위한 온라인 장터\" name=description><title>Jangteo</title>\
    </head><body></body></html>";

fn shell_bundle() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), SHELL).unwrap();
    dir
}

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let resp = app
        .client
        .get(app.url(path))
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    (status, resp.text().await.unwrap())
}

/// The `content` of the first `<meta property|name="key">`.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    let at = html
        .find(&format!("property=\"{key}\" content=\""))
        .or_else(|| html.find(&format!("name=\"{key}\" content=\"")))?;
    let rest = &html[at..];
    let start = rest.find("content=\"")? + "content=\"".len();
    rest[start..].split('"').next()
}

fn json_ld(html: &str) -> Value {
    let start =
        html.find("id=\"product-jsonld\">").expect("JSON-LD") + "id=\"product-jsonld\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

fn path_of(slug: &str) -> String {
    let mut url = reqwest::Url::parse("http://x/").unwrap();
    url.set_path(&format!("/products/{slug}"));
    url.path().to_owned()
}

async fn product_pages(backend: Backend) {
    let bundle = shell_bundle();
    let dir = bundle.path().to_path_buf();
    let app = TestApp::spawn_with(backend, move |c| {
        c.web.storefront_dir = dir;
        c.demo_images = true;
    })
    .await;
    let listed = app
        .shop(
            "{ products(first: 1) { nodes { slug name description price { amount currency } thumbnail { url } } } }",
            json!({}),
        )
        .await;
    let product = &listed["data"]["products"]["nodes"][0];
    let slug = product["slug"].as_str().unwrap();
    let name = product["name"].as_str().unwrap();
    let (status, html) = page(&app, &path_of(slug)).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains(&format!("<title>{name} — 바른한끼</title>")),
        "{html}"
    );
    assert_eq!(
        meta(&html, "og:title"),
        Some(format!("{name} — 바른한끼").as_str())
    );
    assert_eq!(meta(&html, "og:type"), Some("product"));
    let url = format!("{}{}", app.url(""), path_of(slug)).replace("//products", "/products");
    assert_eq!(meta(&html, "og:url"), Some(url.as_str()));
    assert!(
        html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")),
        "{html}"
    );
    assert_eq!(
        meta(&html, "product:price:amount"),
        Some(product["price"]["amount"].to_string().as_str())
    );
    assert_eq!(meta(&html, "product:price:currency"), Some("KRW"));
    let image = meta(&html, "og:image").expect("og:image");
    assert!(image.starts_with(&app.url("/media/")), "absolute: {image}");
    assert_eq!(meta(&html, "twitter:card"), Some("summary_large_image"));
    let description = meta(&html, "description").unwrap();
    assert!(!description.is_empty() && description != "건강한 한 끼를 위한 온라인 장터");
    assert!(html.contains("data-shop-description=\"건강한 한 끼를 위한 온라인 장터\""));
    let data = json_ld(&html);
    assert_eq!(data["@type"], "Product");
    assert_eq!(data["name"], name);
    assert_eq!(data["url"], url);
    let offers = data["offers"].as_array().unwrap();
    assert!(!offers.is_empty());
    assert_eq!(offers[0]["priceCurrency"], "KRW");
    assert!(
        offers[0]["availability"]
            .as_str()
            .unwrap()
            .starts_with("https://schema.org/")
    );
    // The product image answers.
    let resp = app.client.get(image).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);

    // No such product, or not on sale: the shell with 404 (the app shows its own page).
    for missing in ["/products/no-such-thing", "/products/%ED%97%88"] {
        let (status, html) = page(&app, missing).await;
        assert_eq!(status, 404, "{missing}");
        assert!(
            html.contains("<title>Jangteo</title>") && !html.contains("og:"),
            "{missing}"
        );
    }
    let long = format!("/products/{}", "a".repeat(10_000));
    let (status, _) = page(&app, &long).await;
    assert!(
        status == 200 || status == 404 || status == 414 || status == 431,
        "{status}"
    );

    // A product whose text would break the page if written raw.
    let channel =
        app.admin("{ channels { id } }", json!({})).await["data"]["channels"][0]["id"].clone();
    let hostile = "</script><script>alert(1)</script> \"따옴표\" & 'x' <b>";
    let created = app
        .admin(
            "mutation($input: ProductCreateInput!) { productCreate(input: $input) {
                product { slug } userErrors { field code message } } }",
            json!({ "input": {
                "name": hostile, "description": format!("{hostile}\n<!-- 설명 -->"), "status": "ACTIVE",
                "channels": [{ "channel": channel }],
                "variants": [{ "sku": "SHELL-1", "stock": 3, "prices": [{ "channel": channel, "amount": 9900 }] }]
            }}),
        )
        .await;
    assert_eq!(
        created["data"]["productCreate"]["userErrors"],
        json!([]),
        "{created}"
    );
    let slug = created["data"]["productCreate"]["product"]["slug"]
        .as_str()
        .unwrap();
    let (status, html) = page(&app, &path_of(slug)).await;
    assert_eq!(status, 200);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert_eq!(
        html.matches("</script>").count(),
        1,
        "only the JSON-LD's own end tag: {html}"
    );
    assert!(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;따옴표&quot; &amp; &#39;x&#39;"), "{html}");
    let data = json_ld(&html);
    assert_eq!(data["name"], hostile);
    assert_eq!(
        meta(&html, "twitter:card"),
        Some("summary"),
        "no image: a small card"
    );
    assert!(meta(&html, "og:image").is_none());

    // Taken off sale: 404.
    let id = app
        .admin(
            "{ products(search: \"SHELL-1\") { nodes { id } } }",
            json!({}),
        )
        .await["data"]["products"]["nodes"][0]["id"]
        .clone();
    let drafted = app
        .admin(
            "mutation($ids: [ID!]!) { productStatusUpdate(ids: $ids, status: DRAFT) { userErrors { code } } }",
            json!({ "ids": [id] }),
        )
        .await;
    assert!(drafted.get("errors").is_none(), "{drafted}");
    let (status, _) = page(&app, &path_of(slug)).await;
    assert_eq!(status, 404, "{drafted}");
}
both_backends!(
    product_pages_carry_their_head_without_javascript,
    product_pages
);
