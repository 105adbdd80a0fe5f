//! The storefront's first response for catalog pages (product, home, category, collection,
//! search): the app shell with the page's title, description, canonical URL, Open Graph,
//! Twitter card and schema.org data, readable without JavaScript (link previews, Naver's
//! crawler); a 404 for a slug that names nothing on sale; and nothing a product's text or a
//! search holds can break out of where it is written.

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

/// Waits (up to 30 s) until every demo picture has its renditions, which the drawn pages then
/// offer (until then they name the original alone).
async fn pictures_ready(app: &TestApp) {
    for _ in 0..300 {
        let body = app
            .admin(
                "{ mediaLibrary(first: 100) { nodes { status } } }",
                json!({}),
            )
            .await;
        let nodes = body["data"]["mediaLibrary"]["nodes"].as_array().unwrap();
        if !nodes.is_empty() && nodes.iter().all(|n| n["status"] == "READY") {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the demo's pictures were not resized in 30 s");
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
    pictures_ready(&app).await;
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
    // The page itself, drawn for reading without JavaScript, in the shop's words and the app's
    // classes: name, price, picture (as the app requests it), the header's categories.
    let body = &html[html.find("<body>").expect("a body")..];
    assert!(body.starts_with("<body><div id=\"prerender\">"), "{body}");
    assert!(
        body.contains(&format!("<h1 class=\"product-title\">{name}</h1>")),
        "{body}"
    );
    let formatted = app
        .shop(
            "query($s: String!) { product(slug: $s) { price { formatted } } }",
            json!({ "s": slug }),
        )
        .await;
    let formatted = formatted["data"]["product"]["price"]["formatted"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        body.contains(&format!("<strong class=\"price\">{formatted}</strong>")),
        "{body}"
    );
    // The picture offers its renditions by their real widths (the demo's are 720 px square:
    // listing 600 px, detail the original's 720 px), the detail one as the fallback.
    let gallery = &body[body
        .find("<img class=\"gallery-main\"")
        .expect("the main picture")..];
    let gallery = &gallery[..gallery.find('>').unwrap()];
    let attr = |name: &str| {
        let start = gallery.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
        gallery[start..start + gallery[start..].find('"').unwrap()].to_owned()
    };
    let src = attr("src");
    assert!(
        src.starts_with("/media/") && src.ends_with("/detail.jpg"),
        "{gallery}"
    );
    assert_eq!(
        attr("srcset"),
        format!(
            "{} 600w, {src} 720w",
            src.replace("/detail.jpg", "/listing.jpg")
        ),
        "{gallery}"
    );
    assert!(attr("sizes").ends_with("100vw"), "{gallery}");
    assert!(
        body.contains("<nav class=\"categories\" aria-label=\"상품 분류\"><a href=\"/category/"),
        "{body}"
    );
    assert!(body.contains("장바구니 담기"), "the shop's words: {body}");
    // What shipping costs, and no SKU: that is for staff and search engines (JSON-LD).
    assert!(
        body.contains(
            "<p class=\"shipping-line\">배송비 3,000원 · 50,000원 이상 구매 시 무료배송</p>"
        ),
        "{body}"
    );
    assert!(!body.contains("class=\"sku\""), "{body}");
    // The seller details every page must show (전자상거래법), in the footer.
    for detail in [
        "<section class=\"seller\" aria-label=\"사업자 정보\">",
        "<div><dt>상호</dt><dd>주식회사 바른한끼</dd></div>",
        "<div><dt>사업자등록번호</dt><dd>215-87-20268</dd></div>",
        "<div><dt>통신판매업 신고번호</dt><dd>제2026-서울강남-01234호</dd></div>",
        "<div><dt>고객센터</dt><dd>1588-1234</dd></div>",
        "<p class=\"escrow\">고객님의 안전한 현금 거래를 위해",
    ] {
        assert!(body.contains(detail), "{detail} in {body}");
    }

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
    assert!(
        html.contains("<h1 class=\"product-title\">&lt;/script&gt;&lt;script&gt;alert(1)"),
        "the drawn page escapes it too: {html}"
    );
    assert!(
        html.contains("<div class=\"product-thumb\" aria-hidden=\"true\">&lt;</div>"),
        "no picture: the initial, as the app shows it: {html}"
    );
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

/// The JSON-LD `@graph` node of `kind`.
fn node<'a>(data: &'a Value, kind: &str) -> &'a Value {
    data["@graph"]
        .as_array()
        .and_then(|nodes| nodes.iter().find(|n| n["@type"] == kind))
        .unwrap_or_else(|| panic!("no {kind} in {data}"))
}

/// The product URLs of the page's `ItemList`.
fn listed_urls(data: &Value) -> Vec<String> {
    node(data, "ItemList")["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            assert_eq!(e["position"], i + 1);
            e["url"].as_str().unwrap().to_owned()
        })
        .collect()
}

async fn listing_pages(backend: Backend) {
    let bundle = shell_bundle();
    let dir = bundle.path().to_path_buf();
    let app = TestApp::spawn_with(backend, move |c| {
        c.web.storefront_dir = dir;
        c.demo_images = true;
    })
    .await;
    pictures_ready(&app).await;
    let base = app.url("/");
    // The product pages' URLs of a `products` answer, in its order.
    let listed_product_urls = |answer: &Value| -> Vec<String> {
        answer["data"]["products"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "{}{}",
                    base.trim_end_matches('/'),
                    path_of(p["slug"].as_str().unwrap())
                )
            })
            .collect()
    };
    let product_url = |slug: &Value| {
        format!(
            "{}{}",
            base.trim_end_matches('/'),
            path_of(slug.as_str().unwrap())
        )
    };

    // Home: the shop's name, its own description, the newest products, the shop itself.
    let (status, html) = page(&app, "/").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<title>바른한끼</title>"), "{html}");
    assert_eq!(meta(&html, "og:type"), Some("website"));
    assert_eq!(meta(&html, "og:url"), Some(base.as_str()));
    assert_eq!(
        meta(&html, "og:description"),
        Some("건강한 한 끼를 위한 온라인 장터")
    );
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{base}\">")));
    assert!(meta(&html, "og:image").is_some_and(|i| i.starts_with(&app.url("/media/"))));
    let data = json_ld(&html);
    assert_eq!(node(&data, "Organization")["name"], "바른한끼");
    assert_eq!(node(&data, "Organization")["url"], base);
    assert!(
        node(&data, "WebSite")["potentialAction"]["target"]
            .as_str()
            .unwrap()
            .contains("/search?q=")
    );
    // A product on sale shows its 할인율 (rounded down) before its price, over the "was" price.
    let sale = html
        .split("<li class=\"product-card\" data-slug=\"oat-granola\">")
        .nth(1)
        .expect("the demo's granola on the home page");
    let sale = &sale[..sale.find("</li>").unwrap()];
    assert!(
        sale.contains(
            "<p class=\"product-price\"><span class=\"discount\">13%</span> 12,900원</p>"
        ),
        "{sale}"
    );
    assert!(
        sale.contains("<s class=\"compare-at\">14,900원</s>"),
        "{sale}"
    );
    // Cards offer thumbnail and listing renditions; the first row is fetched at once, the rest
    // when scrolled to.
    let cards: Vec<&str> = html
        .split("<img class=\"product-image\" ")
        .skip(1)
        .map(|tag| &tag[..tag.find('>').unwrap()])
        .collect();
    assert!(cards.len() > 4, "{html}");
    for card in &cards {
        let srcset = card
            .split("srcset=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let candidates: Vec<&str> = srcset.split(", ").collect();
        assert_eq!(candidates.len(), 2, "{card}");
        assert!(candidates[0].ends_with("/thumbnail.jpg 240w"), "{card}");
        assert!(candidates[1].ends_with("/listing.jpg 600w"), "{card}");
    }
    assert!(cards[0].contains("loading=\"eager\""), "{}", cards[0]);
    assert!(cards.last().unwrap().contains("loading=\"lazy\""));
    let newest = app
        .shop(
            "{ products(first: 24, sort: NEWEST) { nodes { slug } } }",
            json!({}),
        )
        .await;
    let expected = listed_product_urls(&newest);
    assert!(!expected.is_empty());
    assert_eq!(
        listed_urls(&data),
        expected,
        "the app's first page, in its order"
    );
    // The page itself, drawn without JavaScript: the featured collections and every product,
    // each card a link, in the app's order.
    let body = &html[html.find("<body>").expect("a body")..];
    assert!(body.starts_with("<body><div id=\"prerender\">"), "{body}");
    assert!(
        body.contains("<h1 id=\"prerendered-catalog-heading\">전체 상품</h1>"),
        "{body}"
    );
    let all_products = &body[body.find("prerendered-catalog-heading").unwrap()..];
    let mut at = 0;
    for p in newest["data"]["products"]["nodes"].as_array().unwrap() {
        let link = format!("href=\"/products/{}\"", p["slug"].as_str().unwrap());
        let found = all_products[at..]
            .find(&link)
            .unwrap_or_else(|| panic!("{link} in order: {all_products}"));
        at += found + link.len();
    }
    let featured = app
        .shop("{ collections(featured: true) { slug } }", json!({}))
        .await;
    for c in featured["data"]["collections"].as_array().unwrap() {
        let slug = c["slug"].as_str().unwrap();
        assert!(
            body.contains(&format!(
                "<a href=\"/collections/{slug}\" class=\"collection-link\">"
            )),
            "{slug}: {body}"
        );
    }
    // `/` for anything but a page navigation is the file as it is.
    let plain = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(plain.status().as_u16(), 200);
    assert!(!plain.text().await.unwrap().contains("og:"));

    // A category: its name, its place in the tree, its products (and its subcategories').
    let categories = app
        .shop("{ categories { slug name parentId } }", json!({}))
        .await;
    let categories = categories["data"]["categories"].as_array().unwrap().clone();
    let child = categories
        .iter()
        .find(|c| !c["parentId"].is_null())
        .expect("the demo has subcategories");
    let slug = child["slug"].as_str().unwrap();
    let (status, html) = page(&app, &format!("/category/{slug}")).await;
    assert_eq!(status, 200, "{html}");
    let name = child["name"].as_str().unwrap();
    assert!(
        html.contains(&format!("<title>{name} — 바른한끼</title>")),
        "{html}"
    );
    let url = format!("{base}category/{slug}");
    assert!(
        html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")),
        "{html}"
    );
    let data = json_ld(&html);
    let crumbs = node(&data, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(crumbs.len(), 2, "the parent, then the category: {data}");
    assert_eq!(crumbs[1]["name"], name);
    assert_eq!(crumbs[1]["item"], url);
    let in_category = app
        .shop(
            "query($s: String!) { products(first: 24, filter: { category: $s }) { nodes { slug } } }",
            json!({ "s": slug }),
        )
        .await;
    let expected = listed_product_urls(&in_category);
    assert!(!expected.is_empty());
    assert_eq!(listed_urls(&data), expected);
    // Drawn for reading without JavaScript: its heading, its parent, its cards.
    let body = &html[html.find("<body>").expect("a body")..];
    assert!(
        body.contains(&format!(
            "<h1 id=\"prerendered-category-heading\">{name}</h1>"
        )),
        "{body}"
    );
    assert!(body.contains("<nav class=\"breadcrumbs\""), "{body}");
    for p in in_category["data"]["products"]["nodes"].as_array().unwrap() {
        let link = format!("href=\"/products/{}\"", p["slug"].as_str().unwrap());
        assert!(body.contains(&link), "{link}: {body}");
    }
    // Filtered or sorted by the shopper: the head, but the listing is the app's to draw.
    let (status, html) = page(&app, &format!("/category/{slug}?sort=PRICE_ASC")).await;
    assert_eq!(status, 200);
    assert!(html.contains("og:title") && !html.contains("id=\"prerender\""));

    // A collection, in its own order.
    let collections = app.shop("{ collections { slug name } }", json!({})).await;
    let collection = &collections["data"]["collections"][0];
    let slug = collection["slug"].as_str().unwrap();
    let (status, html) = page(&app, &format!("/collections/{slug}")).await;
    assert_eq!(status, 200);
    assert_eq!(
        meta(&html, "og:title"),
        Some(format!("{} — 바른한끼", collection["name"].as_str().unwrap()).as_str())
    );
    let ordered = app
        .shop(
            "query($s: String!) { products(first: 24, filter: { collection: $s }) { nodes { slug } } }",
            json!({ "s": slug }),
        )
        .await;
    let expected = listed_product_urls(&ordered);
    assert!(!expected.is_empty());
    assert_eq!(listed_urls(&json_ld(&html)), expected);

    // Search results: listed, not indexed.
    let first = &newest["data"]["products"]["nodes"][0];
    let found = app
        .shop(
            "query($s: String!) { product(slug: $s) { name } }",
            json!({ "s": first["slug"] }),
        )
        .await;
    let word = found["data"]["product"]["name"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let search_path = |q: &str| {
        let mut url = reqwest::Url::parse(&app.url("/search")).unwrap();
        url.query_pairs_mut().append_pair("q", q);
        format!("/search?{}", url.query().unwrap())
    };
    let (status, html) = page(&app, &search_path(&word)).await;
    assert_eq!(status, 200);
    assert_eq!(meta(&html, "robots"), Some("noindex, follow"));
    assert!(
        html.contains(&format!("<title>{word} — 바른한끼</title>")),
        "{html}"
    );
    assert!(listed_urls(&json_ld(&html)).contains(&product_url(&first["slug"])));
    // The results are drawn too, as the app draws them: the heading names the search, the
    // cards link to the products.
    let body = &html[html.find("<body>").expect("a body")..];
    assert!(
        body.contains(&format!(
            "<h1 id=\"prerendered-search-heading\">&#39;{word}&#39; 검색 결과</h1>"
        )),
        "{body}"
    );
    assert!(
        body.contains(&format!(
            "href=\"/products/{}\"",
            first["slug"].as_str().unwrap()
        )),
        "{body}"
    );
    assert!(body.contains("<form class=\"filters\""), "{body}");
    // Without a query: the prompt.
    let (_, html) = page(&app, "/search").await;
    assert!(
        html.contains("찾으시는 상품 이름을 입력해 주세요."),
        "{html}"
    );

    // Hostile or oversized searches (10 KB): escaped, or a page without results; never
    // injected, never written whole.
    let long = format!("{}{}", "쌀".repeat(100), "a".repeat(10_000));
    for q in ["</script><script>alert(1)</script>\"'&<b>", long.as_str()] {
        let (status, html) = page(&app, &search_path(q)).await;
        assert_eq!(status, 200);
        assert!(
            !html.contains("<script>alert") && !html.contains("<b>"),
            "{html}"
        );
        assert_eq!(
            html.matches("</script>").count(),
            1,
            "only the JSON-LD's end tag: {html}"
        );
        if q.len() > 1_000 {
            assert!(
                html.len() < SHELL.len() + 4_000,
                "the query is not written whole: {} bytes",
                html.len()
            );
        }
        assert!(listed_urls(&json_ld(&html)).is_empty());
    }

    // Nothing by that slug: the shell with 404.
    for missing in ["/category/no-such-thing", "/collections/no-such-thing"] {
        let (status, html) = page(&app, missing).await;
        assert_eq!(status, 404, "{missing}");
        assert!(!html.contains("og:"), "{missing}");
    }
    // Other client routes: the plain shell.
    let (status, html) = page(&app, "/cart").await;
    assert_eq!(status, 200);
    assert!(!html.contains("og:"));
}
both_backends!(
    listing_pages_carry_their_head_without_javascript,
    listing_pages
);

/// A drawn page's `ETag` names what it shows: asking again with it answers `304` without the
/// page; once the product changes, the page comes again with a new tag.
async fn drawn_pages_revalidate(backend: Backend) {
    let bundle = shell_bundle();
    let dir = bundle.path().to_path_buf();
    let app = TestApp::spawn_with(backend, move |c| c.web.storefront_dir = dir).await;
    let listed = app
        .admin(
            "{ products(first: 1, status: ACTIVE) { nodes { id slug name } } }",
            json!({}),
        )
        .await;
    let product = &listed["data"]["products"]["nodes"][0];
    let (id, slug) = (
        product["id"].as_str().unwrap(),
        product["slug"].as_str().unwrap(),
    );
    let get = |path: String, tag: Option<String>| {
        let mut request = app.client.get(app.url(&path)).header("accept", "text/html");
        if let Some(tag) = tag {
            request = request.header("if-none-match", tag);
        }
        request.send()
    };
    let path = path_of(slug);
    let first = get(path.clone(), None).await.unwrap();
    assert_eq!(first.status().as_u16(), 200);
    assert_eq!(first.headers()["cache-control"], "no-cache");
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(tag.starts_with("W/\"") && tag.len() > 20, "{tag}");
    let home = get("/".into(), None).await.unwrap();
    let home_tag = home.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(home_tag, tag, "each page has its own tag");

    let again = get(path.clone(), Some(tag.clone())).await.unwrap();
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), tag);
    assert!(again.text().await.unwrap().is_empty());
    // Another page's tag, or a stale one, gets the page.
    let other = get(path.clone(), Some(home_tag.clone())).await.unwrap();
    assert_eq!(other.status().as_u16(), 200);

    let renamed = app
        .admin(
            "mutation($id: ID!) { productUpdate(id: $id, input: { name: \"새 이름 현미 바\" }) { userErrors { code } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        renamed["data"]["productUpdate"]["userErrors"],
        json!([]),
        "{renamed}"
    );
    let changed = get(path.clone(), Some(tag.clone())).await.unwrap();
    assert_eq!(changed.status().as_u16(), 200);
    let new_tag = changed.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(new_tag, tag);
    assert!(changed.text().await.unwrap().contains("새 이름 현미 바"));
    let home = get("/".into(), Some(home_tag.clone())).await.unwrap();
    assert_eq!(
        home.status().as_u16(),
        200,
        "the home page lists the renamed product"
    );
    // An unknown product's 404 is never `304`.
    let missing = get(path_of("no-such-product"), Some("*".into()))
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);
}
both_backends!(drawn_pages_revalidate_by_their_etag, drawn_pages_revalidate);
