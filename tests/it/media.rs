//! Images: uploaded through the Admin API (GraphQL multipart request), checked before anything
//! is stored, resized once by a background job, served from the local directory or an
//! S3-compatible store, and shown on products in the shop.

use std::io::Cursor;
use std::time::{Duration, Instant};

use jangteo_tests::{S3Server, TestApp, backend_tests};
use serde_json::{Value, json};

const UPLOAD: &str = "mutation($f: Upload!, $alt: String!) { mediaUpload(file: $f, alt: $alt) {
    media { id status fileName width height alt url(size: THUMBNAIL) original: url(size: ORIGINAL) }
    userErrors { field code message } } }";

/// A `w`×`h` PNG of noise (so it does not compress away).
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut seed = 7u32;
    let img = image::RgbaImage::from_fn(w, h, |_, _| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let b = seed.to_be_bytes();
        image::Rgba([b[0], b[1], b[2], 255])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A 1×1 PNG whose header claims `w`×`h` pixels (with a valid checksum): a decompression bomb's
/// header.
pub fn png_claiming(mut png: Vec<u8>, w: u32, h: u32) -> Vec<u8> {
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    let mut crc = 0xFFFF_FFFFu32;
    for &b in &png[12..29] {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    png[29..33].copy_from_slice(&(!crc).to_be_bytes());
    png
}

/// Posts a GraphQL multipart request carrying `file` as variable `f`.
pub async fn upload(app: &TestApp, file: &[u8], name: &str, alt: &str) -> (u16, Value) {
    multipart(app, UPLOAD, json!({ "f": null, "alt": alt }), file, name).await
}

/// Posts `query` to the Admin API as a GraphQL multipart request, `file` being variable `f`.
pub async fn multipart(
    app: &TestApp,
    query: &str,
    variables: Value,
    file: &[u8],
    name: &str,
) -> (u16, Value) {
    app.admin_multipart_as(Some(&app.operator_token), query, variables, file, name)
        .await
}

/// Waits until the image's sizes are made; returns its library entry.
pub async fn wait_ready(app: &TestApp, id: &str) -> Value {
    let started = Instant::now();
    loop {
        let body = app
            .admin("{ mediaLibrary(first: 100) { nodes { id status failure url(size: THUMBNAIL) listing: url(size: LISTING) detail: url(size: DETAIL) } } }", json!({}))
            .await;
        let node = body["data"]["mediaLibrary"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} not in the library: {body}"));
        match node["status"].as_str().unwrap() {
            "READY" => return node,
            "FAILED" => panic!("processing failed: {node}"),
            _ => {}
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not ready: {node}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Fetches `url` (a path on the app, or absolute) and decodes it as an image.
async fn fetch_image(app: &TestApp, url: &str) -> (String, u32, u32) {
    let full = if url.starts_with("http") {
        url.to_owned()
    } else {
        app.url(url)
    };
    let resp = app.client.get(full).send().await.unwrap();
    assert_eq!(resp.status(), 200, "{url}");
    let kind = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = resp.bytes().await.unwrap();
    let img = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{url}: {e}"));
    (kind, img.width(), img.height())
}

async fn library_size(app: &TestApp) -> usize {
    let body = app
        .admin("{ mediaLibrary(first: 100) { nodes { id } } }", json!({}))
        .await;
    body["data"]["mediaLibrary"]["nodes"]
        .as_array()
        .unwrap()
        .len()
}

backend_tests! {
    /// An upload is stored, resized in the background, served under /media/, and shown on a
    /// product's page and in listings with its alt text.
    async fn uploaded_images_are_resized_and_shown(app) {
        let (status, body) = upload(&app, &png(1600, 800), "쉐이크.png", "초코 쉐이크 한 잔").await;
        assert_eq!(status, 200, "{body}");
        let media = &body["data"]["mediaUpload"]["media"];
        assert_eq!(body["data"]["mediaUpload"]["userErrors"], json!([]), "{body}");
        assert_eq!((media["width"].as_i64(), media["height"].as_i64()), (Some(1600), Some(800)));
        assert_eq!(media["fileName"], "쉐이크.png");
        let id = media["id"].as_str().unwrap().to_owned();
        let original = media["original"].as_str().unwrap().to_owned();
        assert!(original.starts_with("/media/") && original.ends_with("/original.png"), "{original}");
        let ready = wait_ready(&app, &id).await;
        let (kind, w, h) = fetch_image(&app, ready["url"].as_str().unwrap()).await;
        assert_eq!((kind.as_str(), w, h), ("image/jpeg", 240, 120));
        assert_eq!(fetch_image(&app, ready["listing"].as_str().unwrap()).await.1, 600);
        assert_eq!(fetch_image(&app, ready["detail"].as_str().unwrap()).await.1, 1400);
        assert_eq!(fetch_image(&app, &original).await.1, 1600);
        let resp = app.client.get(app.url(&original)).send().await.unwrap();
        assert!(resp.headers()["cache-control"].to_str().unwrap().contains("immutable"));

        // On a product: its images in order, a variant pointing at one.
        let channel = crate::catalog_edit::main_channel(&app).await;
        let snacks = crate::catalog_edit::category_id(&app, "snacks").await;
        let mut input = crate::catalog_edit::bar_input(&channel, &snacks);
        input["images"] = json!([id]);
        input["variants"][0]["image"] = json!(id);
        let body = app.admin("mutation($i: ProductCreateInput!) { productCreate(input: $i) { product { slug images { id alt } variants { imageId } } userErrors { field code } } }", json!({ "i": input })).await;
        assert_eq!(body["data"]["productCreate"]["userErrors"], json!([]), "{body}");
        let slug = body["data"]["productCreate"]["product"]["slug"].as_str().unwrap().to_owned();
        assert_eq!(body["data"]["productCreate"]["product"]["variants"][0]["imageId"], json!(id));
        let page = app.shop("query($s: String!) { product(slug: $s) { images { alt url(size: DETAIL) } variants { imageId } } }", json!({ "s": slug })).await;
        assert_eq!(page["data"]["product"]["images"][0]["alt"], "초코 쉐이크 한 잔");
        assert_eq!(page["data"]["product"]["images"][0]["url"], ready["detail"]);
        let list = app.shop("{ products(first: 1) { nodes { slug thumbnail { url(size: LISTING) } } } }", json!({})).await;
        assert_eq!(list["data"]["products"]["nodes"][0]["slug"], json!(slug));
        assert_eq!(list["data"]["products"]["nodes"][0]["thumbnail"]["url"], ready["listing"]);

        // A variant's image must be one of the product's; an unknown image is refused.
        let mut input = crate::catalog_edit::bar_input(&channel, &snacks);
        input["name"] = json!("이미지 없는 곡물바");
        input["variants"][0]["sku"] = json!("NO-IMAGE-1");
        input["variants"][1]["sku"] = json!("NO-IMAGE-2");
        input["variants"][0]["image"] = json!(id);
        let body = app.admin("mutation($i: ProductCreateInput!) { productCreate(input: $i) { userErrors { field code } } }", json!({ "i": input })).await;
        assert_eq!(body["data"]["productCreate"]["userErrors"], json!([{ "field": ["input", "variants", "0", "image"], "code": "INVALID" }]));
        input["variants"][0]["image"] = Value::Null;
        input["images"] = json!(["gid://jangteo/Media/999999"]);
        let body = app.admin("mutation($i: ProductCreateInput!) { productCreate(input: $i) { userErrors { field code } } }", json!({ "i": input })).await;
        assert_eq!(body["data"]["productCreate"]["userErrors"], json!([{ "field": ["input", "images", "0"], "code": "NOT_FOUND" }]));

        // Deleting the image takes it off the product and its files off the disk.
        let files = app.data_dir().join("media").join(original.trim_start_matches("/media/"));
        assert!(files.is_file());
        let body = app.admin("mutation($id: ID!) { mediaDelete(id: $id) { deletedId userErrors { code } } }", json!({ "id": id })).await;
        assert_eq!(body["data"]["mediaDelete"]["deletedId"], json!(id));
        let page = app.shop("query($s: String!) { product(slug: $s) { images { alt } variants { imageId } } }", json!({ "s": slug })).await;
        assert_eq!(page["data"]["product"]["images"], json!([]));
        assert_eq!(page["data"]["product"]["variants"][0]["imageId"], Value::Null);
        let started = Instant::now();
        while files.exists() {
            assert!(started.elapsed() < Duration::from_secs(20), "files not deleted");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// What is not an acceptable image is refused with a clear error, and nothing is stored.
    async fn bad_uploads_store_nothing(app) {
        let before = library_size(&app).await;
        let (_, body) = upload(&app, b"<script>alert(1)</script>", "x.png", "").await;
        assert_eq!(body["data"]["mediaUpload"]["userErrors"][0]["field"], json!(["file"]), "{body}");
        assert_eq!(body["data"]["mediaUpload"]["userErrors"][0]["code"], "INVALID");
        // A decompression bomb: a valid PNG header claiming 100,000 × 100,000 pixels.
        let bomb = png_claiming(png(1, 1), 100_000, 100_000);
        let (_, body) = upload(&app, &bomb, "bomb.png", "").await;
        let e = &body["data"]["mediaUpload"]["userErrors"][0];
        assert_eq!(e["code"], "TOO_LONG", "{body}");
        assert!(e["message"].as_str().unwrap().contains("100000×100000"), "{body}");
        let (_, body) = upload(&app, &png(10, 10), "ok.png", &"가".repeat(301)).await;
        assert_eq!(body["data"]["mediaUpload"]["userErrors"][0]["field"], json!(["alt"]));
        let (_, body) = upload(&app, b"", "empty.png", "").await;
        assert_eq!(body["data"]["mediaUpload"]["userErrors"][0]["code"], "BLANK", "{body}");
        // A multipart body that breaks the spec is a 400, not a 500.
        let resp = app.client.post(app.url("/admin-api/graphql"))
            .header("authorization", format!("Bearer {}", app.operator_token))
            .header("content-type", "multipart/form-data; boundary=x")
            .body("--x\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{}\r\n--x--\r\n")
            .send().await.unwrap();
        assert_eq!(resp.status(), 400);
        // Wrong credentials are refused before the body is read: a client announcing 5 MB and
        // sending none gets its 401 at once.
        let (status, body) = app.admin_multipart_as(Some("not-a-token"), UPLOAD, json!({ "f": null, "alt": "" }), &png(10, 10), "x.png").await;
        assert_eq!((status, body["errors"][0]["extensions"]["code"].as_str()), (401, Some("UNAUTHENTICATED")), "{body}");
        {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let mut tcp = tokio::net::TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
            let head = "POST /admin-api/graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer not-a-token\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 5000000\r\n\r\n";
            tcp.write_all(head.as_bytes()).await.unwrap();
            let mut buf = vec![0u8; 64];
            let n = tokio::time::timeout(Duration::from_secs(3), tcp.read(&mut buf)).await.expect("answered before the body").unwrap();
            assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 401"), "{}", String::from_utf8_lossy(&buf[..n]));
        }
        // The Shop API takes no uploads.
        let resp = app.client.post(app.url("/graphql"))
            .header("content-type", "multipart/form-data; boundary=x")
            .body("--x--\r\n")
            .send().await.unwrap();
        assert_eq!(resp.status(), 415);
        assert_eq!(library_size(&app).await, before);
    }
}

/// A file over the configured byte limit is refused with 413 before it is read further.
#[tokio::test]
async fn uploads_over_the_byte_limit_are_refused() {
    let app = TestApp::spawn_with(jangteo_tests::Backend::Sqlite, |c| {
        c.media.max_upload_bytes = 20_000
    })
    .await;
    let (status, body) = upload(&app, &png(200, 200), "big.png", "").await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "PAYLOAD_TOO_LARGE");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("20000 bytes"),
        "{body}"
    );
    assert_eq!(library_size(&app).await, 0);
}

/// The S3 back-end against a real S3-compatible server: the original and its three sizes land
/// in the bucket, are served from the bucket's URL, and are removed with the image.
#[tokio::test]
async fn the_s3_backend_stores_and_serves_images() {
    let s3 = S3Server::start("jangteo-media").await;
    let endpoint = s3.endpoint.clone();
    let app = TestApp::spawn_with(jangteo_tests::Backend::Sqlite, move |c| {
        c.media.backend = jangteo::config::MediaBackend::S3;
        c.media.s3.endpoint = endpoint;
        c.media.s3.bucket = "jangteo-media".into();
        c.media.s3.region = "us-east-1".into();
        c.media.s3.access_key_id = Some(jangteo::config::Secret::new("test-key".into()));
        c.media.s3.secret_access_key = Some(jangteo::config::Secret::new("test-secret".into()));
        c.media.s3.acl = Some("public-read".into());
    })
    .await;
    let (_, body) = upload(&app, &png(800, 600), "bar.png", "곡물바").await;
    let id = body["data"]["mediaUpload"]["media"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let ready = wait_ready(&app, &id).await;
    let thumb = ready["url"].as_str().unwrap();
    assert!(
        thumb.starts_with(&format!("{}/jangteo-media/products/", s3.endpoint)),
        "{thumb}"
    );
    let (_, w, h) = fetch_image(&app, thumb).await;
    assert_eq!((w, h), (240, 180));
    let mut keys = s3.keys().await;
    keys.sort();
    let names: Vec<&str> = keys.iter().map(|k| k.rsplit('/').next().unwrap()).collect();
    assert_eq!(
        names,
        vec!["detail.jpg", "listing.jpg", "original.png", "thumbnail.jpg"],
        "{keys:?}"
    );
    // Rich content may show the bucket's images, not other hosts'.
    let ids = app
        .admin("{ products(first: 1) { nodes { id } } }", json!({}))
        .await;
    let product = ids["data"]["products"]["nodes"][0]["id"].clone();
    let html = format!(
        "<p><img src=\"{thumb}\" alt=\"a\"><img src=\"https://elsewhere.example/x.jpg\" alt=\"b\"></p>"
    );
    let body = app.admin("mutation($id: ID!, $h: String!) { productContentUpdate(id: $id, html: $h) { product { contentHtml } } }", json!({ "id": product, "h": html })).await;
    let stored = body["data"]["productContentUpdate"]["product"]["contentHtml"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"));
    assert!(
        stored.contains(thumb) && !stored.contains("elsewhere.example"),
        "{stored}"
    );
    // Nothing is served locally.
    assert_eq!(
        app.client
            .get(app.url(&format!("/media/{}", keys[0])))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
            / 100,
        4
    );
    app.admin(
        "mutation($id: ID!) { mediaDelete(id: $id) { deletedId } }",
        json!({ "id": id }),
    )
    .await;
    let started = Instant::now();
    while !s3.keys().await.is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "objects not deleted"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The demo draws a picture for each product, stored and resized like an upload, so the demo
/// shop shows images.
#[tokio::test]
async fn the_demo_draws_product_pictures() {
    let app = TestApp::spawn_with(jangteo_tests::Backend::Sqlite, |c| c.demo_images = true).await;
    let body = app
        .shop(
            "{ products(first: 100) { nodes { slug thumbnail { alt url(size: ORIGINAL) } } } }",
            json!({}),
        )
        .await;
    let nodes = body["data"]["products"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 14);
    for n in nodes {
        assert!(
            n["thumbnail"]["url"]
                .as_str()
                .unwrap()
                .starts_with("/media/"),
            "{n}"
        );
        assert!(!n["thumbnail"]["alt"].as_str().unwrap().is_empty());
    }
    let first = app
        .admin("{ mediaLibrary(first: 1) { nodes { id } } }", json!({}))
        .await;
    let id = first["data"]["mediaLibrary"]["nodes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ready = wait_ready(&app, &id).await;
    assert_eq!(
        fetch_image(&app, ready["listing"].as_str().unwrap())
            .await
            .1,
        600
    );
}
