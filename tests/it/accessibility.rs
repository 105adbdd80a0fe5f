//! axe-core, the engine behind Lighthouse's accessibility audit, on every page shoppers and
//! staff use: at a phone's width and a desktop's, with the mini-cart, the admin's drawer and a
//! confirmation open. Lighthouse covers three storefront pages; this covers the rest.

use jangteo_tests::{Backend, Browser, TestApp, commerce};
use serde_json::json;

use super::browser::{add_from_product_page, require_bundles, slug_of};

/// Opens `path`, waits until it has settled and adds axe's findings to `findings` (and with
/// `SCREENSHOT_DIR`, saves a picture of it).
async fn check(
    browser: &Browser,
    app: &TestApp,
    path: &str,
    width: u32,
    findings: &mut Vec<String>,
) {
    browser.client.goto(&app.url(path)).await.unwrap();
    browser.settled().await;
    look(browser, &format!("{path} at {width} px"), findings).await;
}

/// Adds axe's findings on the page as it is now, named `label`, to `findings`.
async fn look(browser: &Browser, label: &str, findings: &mut Vec<String>) {
    let name: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    browser.screenshot(&format!("a11y{name}")).await;
    findings.extend(browser.axe_findings(label).await);
}

#[tokio::test]
async fn no_serious_accessibility_findings_on_the_apps_pages() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let variant = commerce::variant_with_stock(&app, "A11Y-TEA", 10, 12_000).await;
    let slug = slug_of(&app, "A11Y-TEA").await;
    commerce::place(
        &app,
        &commerce::cart_with(&app, &variant, 1).await,
        "VIRTUAL_ACCOUNT",
    )
    .await;
    let categories = app.shop("{ categories { slug } }", json!({})).await;
    let category = categories["data"]["categories"][0]["slug"]
        .as_str()
        .expect("the demo shop has categories")
        .to_owned();
    let collections = app.shop("{ collections { slug } }", json!({})).await;
    let collection = collections["data"]["collections"][0]["slug"]
        .as_str()
        .expect("the demo shop has collections")
        .to_owned();

    let browser = Browser::start().await;
    let mut findings = Vec::new();
    let storefront = [
        "/".to_owned(),
        format!("/category/{category}"),
        format!("/collections/{collection}"),
        format!("/products/{slug}"),
        "/search?q=%EC%B0%A8".to_owned(),
        "/search".to_owned(),
        "/orders/lookup".to_owned(),
        "/account/login".to_owned(),
        "/account/register".to_owned(),
        "/account/reset-password".to_owned(),
        "/policies/terms".to_owned(),
        "/no-such-page".to_owned(),
    ];
    for (width, height) in [(390, 844), (1280, 900)] {
        browser.client.set_window_size(width, height).await.unwrap();
        for path in &storefront {
            check(&browser, &app, path, width, &mut findings).await;
        }
    }

    // With something in the cart: the cart, the checkout form, the open mini-cart (at 390 px).
    add_from_product_page(&browser, &app, &slug, "1").await;
    browser.client.set_window_size(390, 844).await.unwrap();
    for path in ["/cart", "/checkout"] {
        check(&browser, &app, path, 390, &mut findings).await;
    }
    browser.client.set_window_size(1280, 900).await.unwrap();
    for path in ["/cart", "/checkout"] {
        check(&browser, &app, path, 1280, &mut findings).await;
    }
    browser.client.set_window_size(390, 844).await.unwrap();
    browser.click("#mini-cart-toggle").await;
    browser
        .wait_for_text(".mini-cart-total strong", |_| true)
        .await;
    look(&browser, "mini-cart open at 390 px", &mut findings).await;
    // On a phone it is a sheet along the bottom of the screen, wholly inside it.
    let sheet = browser
        .client
        .execute(
            "const r = document.getElementById('mini-cart-panel').getBoundingClientRect();\
             return [r.left, r.right, r.bottom, innerWidth, innerHeight,\
                     document.documentElement.scrollWidth];",
            vec![],
        )
        .await
        .unwrap();
    let n: Vec<f64> = serde_json::from_value(sheet).unwrap();
    assert!(
        n[0] >= 0.0 && n[1] <= n[3],
        "the mini-cart is inside the screen: {n:?}"
    );
    assert!(
        (n[2] - n[4]).abs() < 1.0,
        "the mini-cart sits on the bottom edge: {n:?}"
    );
    assert!(n[5] <= n[3], "nothing scrolls sideways: {n:?}");

    // The admin: the sign-in page, then every page of its navigation.
    browser.client.set_window_size(1280, 900).await.unwrap();
    check(&browser, &app, "/admin/login", 1280, &mut findings).await;
    browser.sign_in_as_operator(&app).await;
    look(&browser, "/admin at 1280 px", &mut findings).await;
    let admin = [
        "/admin/products",
        "/admin/products/new",
        "/admin/categories",
        "/admin/collections",
        "/admin/media",
        "/admin/orders",
        "/admin/shipping",
        "/admin/seller",
        "/admin/policies",
        "/admin/staff",
        "/admin/api-keys",
        "/admin/audit",
        "/admin/jobs",
    ];
    for (width, height) in [(1280, 900), (390, 844)] {
        browser.client.set_window_size(width, height).await.unwrap();
        for path in admin {
            check(&browser, &app, path, width, &mut findings).await;
        }
    }
    // An existing product's editor and an order's page, with the cancellation's question open.
    browser.client.set_window_size(1280, 900).await.unwrap();
    browser
        .client
        .goto(&app.url("/admin/products"))
        .await
        .unwrap();
    browser.click("tr[data-key] a.product-edit").await;
    browser
        .wait_for_text("#product-content-title", |_| true)
        .await;
    browser.settled().await;
    look(&browser, "a product's editor at 1280 px", &mut findings).await;
    browser
        .client
        .goto(&app.url("/admin/orders"))
        .await
        .unwrap();
    browser.click("tr.order-row a").await;
    browser.wait_for_text("#order-status", |_| true).await;
    look(&browser, "an order's page at 1280 px", &mut findings).await;
    browser.click("#order-cancel").await;
    browser
        .wait_for_text("#confirm-message", |t| !t.is_empty())
        .await;
    look(&browser, "the cancellation's question", &mut findings).await;
    browser.click("#confirm-no").await;
    // The navigation drawer on a phone.
    browser.client.set_window_size(390, 844).await.unwrap();
    browser.click("#menu-toggle").await;
    browser
        .wait_for_text(".admin-nav a[href='/admin/jobs']", |t| !t.is_empty())
        .await;
    look(&browser, "the admin's drawer at 390 px", &mut findings).await;
    browser.close().await;
    assert!(
        findings.is_empty(),
        "axe's serious and critical findings:\n{}",
        findings.join("\n")
    );
}
