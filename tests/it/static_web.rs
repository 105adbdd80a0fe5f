//! Hosting of the browser apps' bundles: SPA fallbacks, asset 404s, caching, and a clear notice
//! when a bundle has not been built. Uses small stand-in bundles so it runs without building the apps.

use jangteo_tests::{Backend, TestApp};

const ASSET: &str = "app-0123456789abcdef.js";

fn fake_bundle(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        format!(
            "<!doctype html><html><head><title>{name}</title>\
             <meta name=\"bundle\" content=\"{name}\"></head><body></body></html>"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join(ASSET), "console.log(1)").unwrap();
    dir
}

async fn get(app: &TestApp, path: &str, accept: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let resp = app
        .client
        .get(app.url(path))
        .header("accept", accept)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.text().await.unwrap())
}

const HTML: &str = "text/html,application/xhtml+xml";

#[tokio::test]
async fn apps_are_served_with_client_side_route_fallbacks() {
    let storefront = fake_bundle("storefront");
    let admin = fake_bundle("admin");
    let (s, a) = (storefront.path().to_path_buf(), admin.path().to_path_buf());
    let app = TestApp::spawn_with(Backend::Sqlite, move |c| {
        c.web.storefront_dir = s;
        c.web.admin_dir = a;
    })
    .await;

    let (status, headers, body) = get(&app, "/", HTML).await;
    assert_eq!(status, 200);
    assert!(body.contains("<meta name=\"bundle\" content=\"storefront\">"));
    assert!(
        body.contains("<title>바른한끼</title>"),
        "the home page's head: {body}"
    );
    assert_eq!(headers["cache-control"], "no-cache");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");

    // Client-side routes of each app get that app's index.html.
    for (path, app_name) in [
        ("/category/protein", "storefront"),
        ("/account/orders/20261125-000123", "storefront"),
        ("/admin/", "admin"),
        ("/admin/orders/42", "admin"),
    ] {
        let (status, headers, body) = get(&app, path, HTML).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            body.contains(&format!("<meta name=\"bundle\" content=\"{app_name}\">")),
            "{path}: {body}"
        );
        assert_eq!(headers["cache-control"], "no-cache", "{path}");
    }
    // A product page whose product is not on sale is the app too, with 404 (see `shell`).
    let (status, headers, body) = get(&app, "/products/protein-shake", HTML).await;
    assert_eq!(status, 404);
    assert!(
        body.contains("<title>storefront</title>") && !body.contains("og:"),
        "{body}"
    );
    assert_eq!(headers["cache-control"], "no-cache");
    let resp = app.client.get(app.url("/admin")).send().await.unwrap();
    assert_eq!(resp.status(), 308);
    assert_eq!(resp.headers()["location"], "/admin/");

    // Fingerprinted assets are cached for good; missing assets are plain 404s, not the app.
    let (status, headers, _) = get(&app, &format!("/admin/{ASSET}"), "*/*").await;
    assert_eq!(status, 200);
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    for path in [
        "/missing-0123456789abcdef.js",
        "/admin/missing.wasm",
        "/graphql/typo",
    ] {
        let (status, _, body) = get(&app, path, "*/*").await;
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("<title>"), "{path}");
    }
    // The API routes are not shadowed by the storefront.
    let (status, _, _) = get(&app, "/healthz", "*/*").await;
    assert_eq!(status, 200);
}

/// The storefront's pages allow Kakao's postcode search (its script's origin, its frames' origins)
/// only in the channels that offer it, which the Shop API tells checkout; turned off in one
/// channel, that channel's pages (drawn catalog pages, app routes, revalidations) no longer allow
/// it while the other's still do. The admin never allows it.
#[tokio::test]
async fn the_postal_code_search_is_allowed_only_where_a_channel_offers_it() {
    let storefront = fake_bundle("storefront");
    let admin = fake_bundle("admin");
    let (s, a) = (storefront.path().to_path_buf(), admin.path().to_path_buf());
    let app = TestApp::spawn_with(Backend::Sqlite, move |c| {
        c.web.storefront_dir = s;
        c.web.admin_dir = a;
    })
    .await;
    const SCRIPT: &str = "https://t1.kakaocdn.net/mapjsapi/bundle/postcode/prod/postcode.v2.js";
    let page = |path: &'static str, host: &'static str, etag: Option<String>| {
        let app = &app;
        async move {
            let mut req = app.client.get(app.url(path)).header("accept", HTML);
            if !host.is_empty() {
                req = req.header("host", host);
            }
            if let Some(etag) = etag {
                req = req.header("if-none-match", etag);
            }
            let resp = req.send().await.unwrap();
            let csp = resp.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            let etag = resp
                .headers()
                .get("etag")
                .map(|v| v.to_str().unwrap().to_owned());
            (resp.status().as_u16(), csp, etag)
        }
    };
    let allows = |csp: &str| {
        let script = csp.split(';').find(|d| d.trim().starts_with("script-src"));
        let frames = csp.split(';').find(|d| d.trim().starts_with("frame-src"));
        let script = script.is_some_and(|d| d.contains(" https://t1.kakaocdn.net"));
        let frames = frames.is_some_and(|d| {
            d.contains(" https://postcode.map.kakao.com")
                && d.contains(" https://postcode.map.daum.net")
        });
        assert_eq!(script, frames, "both or neither: {csp}");
        script
    };
    let search = |channel: &'static str| {
        let app = &app;
        async move {
            let (_, body) = app
                .post_json(
                    "/graphql",
                    serde_json::json!({ "query": "{ shop { addressSearch { scriptUrl } } }" }),
                    &[("jangteo-channel", channel)],
                )
                .await;
            body["data"]["shop"]["addressSearch"]["scriptUrl"]
                .as_str()
                .map(str::to_owned)
        }
    };
    for (path, host) in [
        ("/", ""),
        ("/cart", ""),
        ("/checkout", ""),
        ("/", "protein.localhost"),
        ("/checkout", "protein.localhost"),
    ] {
        let (status, csp, _) = page(path, host, None).await;
        assert_eq!(status, 200, "{path} {host}");
        assert!(allows(&csp), "on by default: {path} {host}: {csp}");
    }
    assert_eq!(search("bareun").await.as_deref(), Some(SCRIPT));
    assert_eq!(search("protein").await.as_deref(), Some(SCRIPT));
    let (_, admin_csp, _) = page("/admin/", "", None).await;
    assert!(!allows(&admin_csp), "{admin_csp}");
    let asset = app
        .client
        .get(app.url(&format!("/{ASSET}")))
        .send()
        .await
        .unwrap();
    let asset_csp = asset.headers()["content-security-policy"].to_str().unwrap();
    assert!(!allows(asset_csp), "an asset is no page: {asset_csp}");

    // One channel turns it off.
    let channels = app
        .admin(
            "{ channels { id code addressSearch } }",
            serde_json::json!({}),
        )
        .await;
    let protein = channels["data"]["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "protein")
        .unwrap()
        .clone();
    assert_eq!(protein["addressSearch"], true);
    let (_, _, home_etag) = page("/", "protein.localhost", None).await;
    let updated = app
        .admin(
            "mutation($id: ID!) { channelUpdate(id: $id, input: { addressSearch: false }) { channel { addressSearch shippingFee { amount } } userErrors { field code } } }",
            serde_json::json!({ "id": protein["id"] }),
        )
        .await;
    assert_eq!(
        updated["data"]["channelUpdate"],
        serde_json::json!({ "channel": { "addressSearch": false, "shippingFee": { "amount": 3000 } }, "userErrors": [] })
    );
    for path in [
        "/",
        "/cart",
        "/checkout",
        "/products/protein-shake-chocolate",
    ] {
        let (status, csp, _) = page(path, "protein.localhost", None).await;
        assert_eq!(status, 200, "{path}");
        assert!(!allows(&csp), "turned off: {path}: {csp}");
        let (_, csp, _) = page(path, "", None).await;
        assert!(allows(&csp), "the other channel keeps it: {path}: {csp}");
    }
    // A page revalidated by its tag carries its channel's policy too.
    let (status, csp, _) = page("/", "protein.localhost", home_etag).await;
    assert_eq!(status, 304);
    assert!(!allows(&csp), "{csp}");
    assert_eq!(search("protein").await, None);
    assert_eq!(search("bareun").await.as_deref(), Some(SCRIPT));
}

#[tokio::test]
async fn a_missing_bundle_explains_how_to_build_it() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.web.storefront_dir = "/nonexistent/storefront".into();
        c.web.admin_dir = "/nonexistent/admin".into();
    })
    .await;
    for path in ["/", "/admin/"] {
        let (status, _, body) = get(&app, path, HTML).await;
        assert_eq!(status, 503, "{path}");
        assert!(body.contains("cargo xtask"), "{path}: {body}");
    }
    // The API still works.
    let body = app.shop("{ shop { name } }", serde_json::json!({})).await;
    assert_eq!(body["data"]["shop"]["name"], "바른한끼");
}

/// Assets compressed at build time (`.br`, `.gz` beside each) are sent to browsers that accept
/// them, with the asset's own type (`application/wasm`: compiled while it downloads), its
/// caching and `Vary: Accept-Encoding`; others get the asset itself.
#[tokio::test]
async fn precompressed_assets_follow_accept_encoding() {
    const WASM: &str = "app-0123456789abcdef_bg.wasm";
    let storefront = fake_bundle("storefront");
    let dir = storefront.path();
    std::fs::write(dir.join(WASM), b"\0asm-original").unwrap();
    std::fs::write(dir.join(format!("{WASM}.br")), b"brotli-bytes").unwrap();
    std::fs::write(dir.join(format!("{WASM}.gz")), b"gzip-bytes").unwrap();
    // An asset with only a gzip variant.
    std::fs::write(dir.join(format!("{ASSET}.gz")), b"gzip-js").unwrap();
    let s = dir.to_path_buf();
    let app = TestApp::spawn_with(Backend::Sqlite, move |c| c.web.storefront_dir = s).await;
    let fetch = |path: String, accept_encoding: Option<&'static str>| {
        let app = &app;
        async move {
            let mut req = app.client.get(app.url(&path));
            if let Some(ae) = accept_encoding {
                req = req.header("accept-encoding", ae);
            }
            let resp = req.send().await.unwrap();
            let headers = resp.headers().clone();
            let status = resp.status().as_u16();
            (status, headers, resp.bytes().await.unwrap().to_vec())
        }
    };
    let wasm = format!("/{WASM}");
    for (accept, encoding, body) in [
        (
            Some("gzip, deflate, br, zstd"),
            Some("br"),
            &b"brotli-bytes"[..],
        ),
        (Some("br"), Some("br"), b"brotli-bytes"),
        (Some("gzip"), Some("gzip"), b"gzip-bytes"),
        (Some("br;q=0, gzip;q=0.8"), Some("gzip"), b"gzip-bytes"),
        (Some("identity"), None, b"\0asm-original"),
        (None, None, b"\0asm-original"),
    ] {
        let (status, headers, bytes) = fetch(wasm.clone(), accept).await;
        assert_eq!(status, 200, "{accept:?}");
        assert_eq!(bytes, body, "{accept:?}");
        assert_eq!(
            headers.get("content-encoding").map(|v| v.to_str().unwrap()),
            encoding,
            "{accept:?}"
        );
        assert_eq!(headers["content-type"], "application/wasm", "{accept:?}");
        assert_eq!(
            headers["cache-control"], "public, max-age=31536000, immutable",
            "{accept:?}"
        );
        if encoding.is_some() {
            assert!(
                headers["vary"]
                    .to_str()
                    .unwrap()
                    .to_ascii_lowercase()
                    .contains("accept-encoding"),
                "{accept:?}"
            );
        }
    }
    // Only the variants that exist are used.
    let (_, headers, bytes) = fetch(format!("/{ASSET}"), Some("br, gzip")).await;
    assert_eq!(bytes, b"gzip-js");
    assert_eq!(headers["content-encoding"], "gzip");
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    // The variants are not a way around the app: a navigation still gets the page, and a
    // `.br` asked for directly is just a file.
    let (status, _, body) = get(&app, "/cart", HTML).await;
    assert_eq!(status, 200);
    assert!(body.contains("<title>storefront</title>"));
}
