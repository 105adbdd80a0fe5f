//! The built storefront and admin in headless Chromium, served by the real server. Needs the
//! Trunk bundles (`cargo xtask web`; `cargo xtask test` builds them first).

use jangteo_tests::app::repo_path;
use jangteo_tests::{Backend, Browser, NpmMirror, TestApp, commerce, link_token};
use serde_json::{Value, json};

pub(crate) fn require_bundles() {
    for app in ["storefront", "admin"] {
        let index = repo_path(&format!("{app}/dist/index.html"));
        assert!(
            index.is_file(),
            "{} is missing: build the apps with `cargo xtask web` (cargo xtask test does it)",
            index.display()
        );
    }
}

/// The storefront home page shows the demo products' names and prices as the API has them,
/// formatted as a Korean shopper reads them, and switches to English.
#[tokio::test]
async fn storefront_home_lists_products_with_prices() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let expected = app
        .shop(
            "{ products(first: 24) { nodes { name price { amount formatted } compareAtPrice { amount } } } }",
            json!({}),
        )
        .await;
    // A product on sale shows its 할인율 before the price.
    let expected: Vec<(String, String)> = expected["data"]["products"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let price = n["price"]["formatted"].as_str().unwrap();
            let discount = n["compareAtPrice"]["amount"].as_i64().and_then(|was| {
                shared::money::discount_percent(n["price"]["amount"].as_i64().unwrap(), was)
            });
            (
                n["name"].as_str().unwrap().to_owned(),
                match discount {
                    Some(d) => format!("{d}% {price}"),
                    None => price.to_owned(),
                },
            )
        })
        .collect();
    assert_eq!(expected.len(), 14);
    assert_eq!(
        expected.iter().filter(|(_, p)| p.contains('%')).count(),
        3,
        "the demo's three products on sale: {expected:?}"
    );

    let browser = Browser::start().await;
    browser.client.goto(&app.url("/")).await.unwrap();
    let names = browser
        .texts(".all-products .product-card .product-name")
        .await;
    let prices = browser
        .texts(".all-products .product-card .product-price")
        .await;
    let shown: Vec<(String, String)> = names.into_iter().zip(prices).collect();
    assert_eq!(shown, expected);
    assert!(shown.contains(&(
        "단백질 쉐이크 초코맛 (14포)".to_owned(),
        "29,900원".to_owned()
    )));
    assert_eq!(browser.texts("h1").await, vec!["전체 상품".to_owned()]);
    browser.wait_for_text(".brand", |t| t == "바른한끼").await;
    assert_eq!(browser.client.title().await.unwrap(), "바른한끼");

    // Language switch: the UI text changes, the product data does not.
    browser.click(".lang-switch").await;
    browser.wait_for_text("h1", |t| t == "All products").await;
    assert_eq!(
        browser
            .texts(".all-products .product-card .product-price")
            .await
            .len(),
        14
    );

    // An unknown address shows the storefront's own not-found page.
    browser
        .client
        .goto(&app.url("/no/such/page"))
        .await
        .unwrap();
    browser
        .wait_for_text("h1", |t| {
            t == "Page not found" || t == "페이지를 찾을 수 없어요"
        })
        .await;
    browser.close().await;
}

/// The admin shell loads at /admin/ and, with nobody signed in, shows the sign-in page.
#[tokio::test]
async fn admin_shell_shows_the_sign_in_page() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let browser = Browser::start().await;
    browser.client.goto(&app.url("/admin/")).await.unwrap();
    browser.wait_for_text("h1", |t| t == "관리자 로그인").await;
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.path(), "/admin/login");
    assert_eq!(
        browser.texts("form.staff label").await,
        vec!["이메일".to_owned(), "비밀번호".to_owned()]
    );
    // A deep link into the admin is answered by the admin app (its own not-found page here).
    browser
        .client
        .goto(&app.url("/admin/no/such/page"))
        .await
        .unwrap();
    browser
        .wait_for_text("h1", |t| t == "페이지를 찾을 수 없어요")
        .await;
    assert_eq!(
        browser.texts(".admin-header .brand").await,
        vec!["Jangteo 관리자".to_owned()]
    );
    browser.close().await;
}

/// An operator signs in with the operator token, finds a dead job with its error on the jobs
/// page, and retries it.
#[tokio::test]
async fn operator_signs_in_and_retries_a_dead_job() {
    use jangteo::jobs::store;
    require_bundles();
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.jobs.worker = false).await;
    let id = app
        .db
        .run(|c| {
            let id = store::enqueue(c, &jangteo::jobs::builtin::Ping::default())?;
            store::claim(
                c,
                "w",
                1,
                std::time::Duration::from_secs(60),
                jangteo::db::now(),
            )?;
            store::fail(
                c,
                id,
                "w",
                "the mail server refused the message: 550 5.1.1 No such mailbox",
                None,
                jangteo::db::now(),
            )?;
            Ok::<_, jangteo::db::DbError>(id)
        })
        .await
        .unwrap();

    let browser = Browser::start().await;
    browser.client.goto(&app.url("/admin/login")).await.unwrap();
    browser.click("details.operator summary").await;
    // A wrong token is refused with a message.
    browser.fill("#operator-token", "not-the-token").await;
    browser.click("form.operator button[type=submit]").await;
    browser
        .wait_for_text(".field-error", |t| t == "토큰이 올바르지 않습니다.")
        .await;
    // The right one signs in.
    browser.fill("#operator-token", &app.operator_token).await;
    browser.click("form.operator button[type=submit]").await;
    browser
        .wait_for_text("h1", |t| t == "환영합니다, operator")
        .await;
    browser.click("nav a[href='/admin/jobs']").await;
    let row = format!("tr[data-job='gid://jangteo/Job/{id}']");
    let dead = browser
        .wait_for_text(&format!("{row}[data-status=DEAD]"), |t| {
            t.contains("550 5.1.1")
        })
        .await;
    assert!(dead.contains("ping") && dead.contains("실패"), "{dead}");
    browser
        .wait_for_text("tr[data-schedule=housekeeping]", |t| {
            t.contains("0 30 4 * * *")
        })
        .await;

    browser.click(&format!("{row} button.retry")).await;
    browser
        .wait_for_text(&format!("{row}[data-status=QUEUED]"), |t| {
            t.contains("대기")
        })
        .await;
    let job = app.wait_for_job(id, |_| true).await;
    assert_eq!(job.state(), Some(jangteo::jobs::model::JobState::Queued));
    assert_eq!(job.attempts, 0);
    browser.close().await;
}

/// A new member of staff sets a password from the set-password link, enrols an authenticator
/// app at the first sign-in (the test computes the codes from the secret the page shows), gets
/// recovery codes, and later signs in again with a fresh code.
#[tokio::test]
async fn staff_member_enrols_totp_and_signs_in() {
    use jangteo::access::{Role, staff, totp};
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let base = app.address.clone();
    let link = app
        .db
        .run(move |c| {
            staff::create_with_link(
                c,
                "minji@example.com",
                "정민지",
                Role::Manager,
                jangteo::db::now(),
                &base,
            )
        })
        .await
        .unwrap()
        .1;
    let browser = Browser::start().await;
    browser.client.goto(&link).await.unwrap();
    browser.wait_for_text("h1", |t| t == "비밀번호 설정").await;
    browser.fill("#new-password", "short").await;
    browser.click("#set-password-submit").await;
    browser
        .wait_for_text(".field-error", |t| t.contains("10자"))
        .await;
    let password = "민지의 관리자 비밀번호 7";
    browser.fill("#new-password", password).await;
    browser.click("#set-password-submit").await;
    browser.wait_for_text("h1", |t| t == "관리자 로그인").await;

    browser.fill("#login-email", "minji@example.com").await;
    browser.fill("#login-password", "not the password").await;
    browser.click("#login-submit").await;
    browser
        .wait_for_text(".form-error", |t| !t.is_empty())
        .await;
    app.clock.advance(chrono::Duration::seconds(1));
    browser.fill("#login-password", password).await;
    browser.click("#login-submit").await;
    let secret = browser
        .wait_for_text("#enrol-secret", |t| t.len() >= 16)
        .await;
    let secret = totp::from_base32(&secret).expect("the page shows a base32 secret");
    app.align_to_totp_step();
    let step = totp::step_of(app.clock.now_utc().timestamp());
    browser.fill("#login-code", "000000").await;
    browser.click("#verify-submit").await;
    browser
        .wait_for_text(".form-error", |t| !t.is_empty())
        .await;
    // A wrong code makes the next one wait a second.
    app.clock.advance(chrono::Duration::seconds(1));
    browser
        .fill("#login-code", &totp::code_at(&secret, step))
        .await;
    browser.click("#verify-submit").await;
    browser
        .wait_for_text("#recovery-codes", |t| t.lines().count() == 10)
        .await;
    browser.click("#recovery-continue").await;
    browser
        .wait_for_text("h1", |t| t == "환영합니다, 정민지")
        .await;

    // Sign out, and in again half a minute later with that moment's code.
    browser.click(".sign-out").await;
    browser.wait_for_text("h1", |t| t == "관리자 로그인").await;
    app.clock.advance(chrono::Duration::seconds(30));
    browser.fill("#login-email", "minji@example.com").await;
    browser.fill("#login-password", password).await;
    browser.click("#login-submit").await;
    browser
        .wait_for_text(".verify h2", |t| t == "인증 코드 입력")
        .await;
    app.align_to_totp_step();
    let step = totp::step_of(app.clock.now_utc().timestamp());
    browser
        .fill("#login-code", &totp::code_at(&secret, step))
        .await;
    browser.click("#verify-submit").await;
    browser
        .wait_for_text("h1", |t| t == "환영합니다, 정민지")
        .await;
    browser.close().await;
}

/// A shopper registers on the storefront (the form first refuses a password equal to the email,
/// as the server would), lands on the account page, stays signed in across a reload and an
/// expired access token (silent refresh), signs out, and signs in again.
#[tokio::test]
async fn shopper_registers_and_signs_in_on_the_storefront() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    commerce::variant_with_stock(&app, "BRW-MERGE", 10, 5_000).await;
    let slug = slug_of(&app, "BRW-MERGE").await;
    let browser = Browser::start().await;
    // A guest's cart becomes the new member's.
    add_from_product_page(&browser, &app, &slug, "1").await;
    fill_registration(
        &browser,
        &app,
        [
            "yuna.choi@example.com",
            "yuna.choi@example.com",
            "최유나",
            "010-3456-7890",
        ],
    )
    .await;
    browser.click("input[name=marketingConsent]").await;
    browser.click("#register-submit").await;
    browser
        .wait_for_text(".field-error", |t| !t.is_empty())
        .await;
    let password = "유나의 장바구니 2026";
    browser.fill("input[name=password]", password).await;
    browser.click("#register-submit").await;
    browser
        .wait_for_text("#account-name", |t| t == "최유나")
        .await;
    browser
        .wait_for_text("#account-email", |t| t.contains("yuna.choi@example.com"))
        .await;
    browser
        .wait_for_text("#account-grade", |t| t == "일반 회원")
        .await;
    browser.wait_for_text("#orders-empty", |_| true).await;
    browser.wait_for_text("#cart-count", |t| t == "1").await;
    let me = app
        .db
        .run(|c| {
            use diesel::prelude::*;
            jangteo::db::schema::members::table
                .filter(jangteo::db::schema::members::email.eq("yuna.choi@example.com"))
                .select((
                    jangteo::db::schema::members::phone,
                    jangteo::db::schema::members::marketing_consent,
                ))
                .first::<(String, bool)>(c)
                .map_err(jangteo::db::DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(me, ("+821034567890".to_owned(), true));

    // A reload keeps the session; so does an access token that expired meanwhile.
    browser.client.refresh().await.unwrap();
    browser
        .wait_for_text("#account-name", |t| t == "최유나")
        .await;
    app.clock.advance(chrono::Duration::minutes(11));
    browser.client.goto(&app.url("/account")).await.unwrap();
    browser
        .wait_for_text("#account-name", |t| t == "최유나")
        .await;

    browser.click("#nav-logout").await;
    browser.wait_for_text("#nav-login", |t| !t.is_empty()).await;
    // Signed out, the member's cart is not shown; what a guest adds merges at sign-in.
    browser.wait_for_text("#cart-count", |t| t == "0").await;
    add_from_product_page(&browser, &app, &slug, "2").await;
    browser
        .client
        .goto(&app.url("/account/login"))
        .await
        .unwrap();
    browser
        .fill("input[name=email]", "yuna.choi@example.com")
        .await;
    browser
        .fill("input[name=password]", "not my password")
        .await;
    browser.click("#login-submit").await;
    browser
        .wait_for_text(".form-error", |t| !t.is_empty())
        .await;
    app.clock.advance(chrono::Duration::seconds(1));
    browser.fill("input[name=password]", password).await;
    browser.click("#login-submit").await;
    browser
        .wait_for_text("#account-name", |t| t == "최유나")
        .await;
    browser
        .wait_for_text("#nav-account", |t| t.contains("최유나"))
        .await;
    browser.wait_for_text("#cart-count", |t| t == "3").await;
    browser.close().await;
}

/// A guest orders, then signs up with the same email: the order joins her history once she
/// opens the verification link, and its page opens while she is signed in.
#[tokio::test]
async fn a_guest_who_signs_up_and_verifies_finds_her_order() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    commerce::variant_with_stock(&app, "BRW-GUEST", 10, 9_000).await;
    let slug = slug_of(&app, "BRW-GUEST").await;
    let browser = Browser::start().await;
    add_from_product_page(&browser, &app, &slug, "1").await;
    // The product page says what shipping costs.
    browser
        .wait_for_text("#shipping-line", |t| {
            t == "배송비 3,000원 · 50,000원 이상 구매 시 무료배송"
        })
        .await;
    browser.client.goto(&app.url("/checkout")).await.unwrap();
    fill_checkout(&browser, "정하나", "hana.jung@example.com", "010-4567-8901").await;
    // "주문자 정보와 동일" copied the orderer to the recipient.
    assert_eq!(value_of(&browser, "#ship-recipient").await, "정하나");
    assert_eq!(value_of(&browser, "#ship-phone").await, "010-4567-8901");
    browser.click("#pay-virtual-account").await;
    browser.click("#va-bank option[value='88']").await;
    // Without the consent to collect her details, nothing is ordered: the box says why.
    browser.click("#agree-privacy").await;
    browser.click("#checkout-submit").await;
    browser
        .wait_for_text("#agree-privacy-error", |t| t.contains("동의"))
        .await;
    browser.wait_for_focus("agree-privacy").await;
    assert_eq!(
        app.admin("{ orders(first: 5) { nodes { id } } }", json!({}))
            .await["data"]["orders"]["nodes"],
        json!([])
    );
    browser.click("#agree-privacy").await;
    browser.click("#checkout-submit").await;
    let number = order_number_in_url(&browser).await;
    browser
        .wait_for_text("#order-status", |t| t == "입금 대기")
        .await;

    fill_registration(
        &browser,
        &app,
        [
            "Hana.Jung@example.com",
            "하나의 첫 주문 2026",
            "정하나",
            "010-4567-8901",
        ],
    )
    .await;
    browser.click("#register-submit").await;
    browser
        .wait_for_text("#account-name", |t| t == "정하나")
        .await;
    // Not yet: the address is not proven hers. Signed in, her guest order still opens in the
    // tab that placed it, as a guest's.
    browser.wait_for_text("#orders-empty", |_| true).await;
    browser
        .client
        .goto(&app.url(&format!("/orders/{number}")))
        .await
        .unwrap();
    browser
        .wait_for_text("#order-status", |t| t == "입금 대기")
        .await;

    let mail = app
        .wait_for_email("hana.jung@example.com", "/account/verify-email")
        .await;
    let token = link_token(&mail, "/account/verify-email");
    browser
        .client
        .goto(&app.url(&format!("/account/verify-email?token={token}")))
        .await
        .unwrap();
    browser
        .wait_for_text("#verify-result", |t| !t.is_empty())
        .await;
    browser.client.goto(&app.url("/account")).await.unwrap();
    browser
        .wait_for_text("#order-history .order-summary a", |t| t == number)
        .await;
    browser.click("#order-history .order-summary a").await;
    browser
        .wait_for_text("#order-status", |t| t == "입금 대기")
        .await;

    // Staff read what she agreed to on the order's page.
    let page = admin_order_page(&app, &number).await;
    browser.sign_in_as_operator(&app).await;
    browser.client.goto(&app.url(&page)).await.unwrap();
    let kept = browser
        .wait_for_text("#order-agreements", |t| {
            t.contains("구매조건 확인 및 결제 진행 동의")
        })
        .await;
    assert!(kept.contains("개인정보 수집·이용 동의"), "{kept}");
    browser.close().await;
}

/// The demo owner signs in with a computed code and manages the shop's access from the admin:
/// invites a member of staff and changes their role, creates an API key (whose secret then works
/// against the Admin API) and revokes it, and reads all of it in the audit log.
#[tokio::test]
async fn owner_manages_staff_and_api_keys_in_the_admin() {
    use jangteo::access::staff::{DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD, DEMO_OWNER_TOTP_SECRET};
    use jangteo::access::totp;
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let browser = Browser::start().await;
    browser.client.goto(&app.url("/admin/login")).await.unwrap();
    browser.fill("#login-email", DEMO_OWNER_EMAIL).await;
    browser.fill("#login-password", DEMO_OWNER_PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for_text(".verify h2", |t| !t.is_empty()).await;
    let secret = totp::from_base32(DEMO_OWNER_TOTP_SECRET).unwrap();
    app.align_to_totp_step();
    let code = totp::code_at(&secret, totp::step_of(app.clock.now_utc().timestamp()));
    browser.fill("#login-code", &code).await;
    browser.click("#verify-submit").await;
    browser
        .wait_for_text("h1", |t| t.contains("데모 운영자"))
        .await;

    // Staff: invite, then change the role.
    browser.click("nav a[href='/admin/staff']").await;
    browser
        .fill("#invite-form input[name=email]", "jiho@example.com")
        .await;
    browser
        .fill("#invite-form input[name=name]", "한지호")
        .await;
    browser.click("#invite-submit").await;
    browser
        .wait_for_text(".form-success", |t| !t.is_empty())
        .await;
    app.wait_for_email("jiho@example.com", "/admin/set-password")
        .await;
    let row = browser
        .wait_for_text("tr[data-staff]:last-child", |t| {
            t.contains("jiho@example.com")
        })
        .await;
    assert!(row.contains("한지호"), "{row}");
    let invited = app
        .admin(
            "{ staffMembers(first: 10) { nodes { id email role } } }",
            json!({}),
        )
        .await;
    let id = invited["data"]["staffMembers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["email"] == "jiho@example.com")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let select = format!("tr[data-staff='{id}'] select.role-select");
    browser
        .client
        .find(fantoccini::Locator::Css(&format!(
            "{select} option[value=ORDER_HANDLER]"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mut role = String::new();
    for _ in 0..50 {
        let now = app
            .admin(
                "{ staffMembers(first: 10) { nodes { email role } } }",
                json!({}),
            )
            .await;
        role = now["data"]["staffMembers"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["email"] == "jiho@example.com")
            .unwrap()["role"]
            .as_str()
            .unwrap()
            .to_owned();
        if role == "ORDER_HANDLER" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(role, "ORDER_HANDLER");

    // API keys: create one with a scope, use it, revoke it.
    browser.click("nav a[href='/admin/api-keys']").await;
    browser
        .fill("#api-key-form input[name=name]", "ERP 연동")
        .await;
    browser
        .click("#api-key-form input[name=scope][value=PRODUCTS_READ]")
        .await;
    browser.click("#api-key-submit").await;
    let key = browser
        .wait_for_text("#api-key-secret", |t| t.starts_with("jtk_"))
        .await;
    let (status, body) = app
        .admin_as(Some(&key), "{ viewer { kind permissions } }", json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["data"]["viewer"]["permissions"],
        json!(["PRODUCTS_READ"])
    );
    browser.click("tr[data-key] button.revoke").await;
    let mut refused = false;
    for _ in 0..50 {
        if app
            .admin_as(Some(&key), "{ viewer { kind } }", json!({}))
            .await
            .0
            == 401
        {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(refused, "a revoked key is refused on its next request");

    // The audit log shows all of it.
    browser.click("nav a[href='/admin/audit']").await;
    for action in [
        "api_key.revoke",
        "api_key.create",
        "staff.role_change",
        "staff.invite",
        "staff.login",
    ] {
        let text = browser
            .wait_for_text(&format!("tr[data-action='{action}']"), |t| !t.is_empty())
            .await;
        assert!(text.contains("데모 운영자"), "{action}: {text}");
    }
    browser.close().await;
}

/// Staff set the shop's seller details in the admin: a mistyped registration number is caught
/// under its field before anything is sent, the corrected details are saved as people write
/// them, and the storefront's footer shows them, on a phone too.
#[tokio::test]
async fn staff_set_the_seller_details_shoppers_see_in_the_footer() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let browser = Browser::start().await;
    browser.sign_in_as_operator(&app).await;
    browser.click("nav a[href='/admin/seller']").await;
    browser
        .wait_for_text("#seller-title", |t| t == "사업자 정보")
        .await;
    // Found again on each look: the form may be drawn anew while its details load.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let shown = match browser
            .client
            .find(fantoccini::Locator::Css("#seller-business-name"))
            .await
        {
            Ok(input) => input.prop("value").await.ok().flatten(),
            Err(_) => None,
        };
        if shown.as_deref() == Some("주식회사 바른한끼") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the demo's details are shown"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser
        .fill("#seller-business-name", "주식회사 초록식탁")
        .await;
    browser
        .fill("#seller-registration-number", "124-81-00999")
        .await;
    browser.fill("#seller-phone", "0212345678").await;
    browser.click("#seller-save").await;
    browser
        .wait_for_text("#seller-registration-number-error", |t| {
            t.contains("사업자등록번호가 올바르지 않아요")
        })
        .await;
    browser.wait_for_focus("seller-registration-number").await;
    let shop = app
        .shop("{ shop { seller { businessName } } }", json!({}))
        .await;
    assert_eq!(
        shop["data"]["shop"]["seller"]["businessName"], "주식회사 바른한끼",
        "nothing was sent"
    );
    browser
        .fill("#seller-registration-number", "1248100998")
        .await;
    browser.click("#seller-save").await;
    browser
        .wait_for_text(".toasts", |t| t.contains("사업자 정보를 저장했습니다"))
        .await;
    let shop = app
        .shop(
            "{ shop { seller { businessName registrationNumber phone } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        shop["data"]["shop"]["seller"],
        json!({ "businessName": "주식회사 초록식탁", "registrationNumber": "124-81-00998", "phone": "02-1234-5678" })
    );

    for (width, height) in [(1280, 900), (390, 844)] {
        browser.client.set_window_size(width, height).await.unwrap();
        browser.client.goto(&app.url("/cart")).await.unwrap();
        let footer = browser
            .wait_for_text(".site-footer .seller", |t| t.contains("주식회사 초록식탁"))
            .await;
        assert!(footer.contains("124-81-00998"), "{width}: {footer}");
        assert!(footer.contains("02-1234-5678"), "{width}: {footer}");
        let overflow = browser
            .client
            .execute(
                "const d = document.documentElement; return d.scrollWidth - d.clientWidth",
                vec![],
            )
            .await
            .unwrap();
        // Against the width inside a scroll bar, which a page may or may not have yet.
        assert!(
            overflow.as_i64().is_some_and(|o| o <= 0),
            "nothing wider than the screen at {width}: {overflow}"
        );
        browser.screenshot(&format!("footer-seller-{width}")).await;
    }
    browser.close().await;
}

/// Staff publish the terms of use in the admin (after a question saying what publishing does);
/// shoppers reach them from every page's footer, on a phone too; an order placed afterwards
/// shows on its admin page that its shopper agreed to that version.
#[tokio::test]
async fn staff_publish_the_terms_shoppers_read_and_orders_keep_the_version() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let browser = Browser::start().await;
    browser.sign_in_as_operator(&app).await;
    browser.click("nav a[href='/admin/policies']").await;
    browser
        .wait_for_text("#policy-current", |t| {
            t.contains("아직 게시하지 않았습니다")
        })
        .await;
    browser.click("#policy-body").await;
    browser
        .element("#policy-body")
        .await
        .send_keys("제1조 (목적) 이 약관은 바른한끼의 이용 조건을 정합니다.")
        .await
        .unwrap();
    browser.click("#policy-publish").await;
    browser
        .wait_for_text("#confirm-message", |t| t.contains("새 버전으로 게시할까요"))
        .await;
    let published = app
        .shop("{ shop { policy(kind: TERMS) { version } } }", json!({}))
        .await;
    assert_eq!(
        published["data"]["shop"]["policy"],
        Value::Null,
        "nothing before the answer"
    );
    browser.click("#confirm-yes").await;
    browser
        .wait_for_text(".toasts", |t| t.contains("버전 1로 게시했습니다"))
        .await;
    browser
        .wait_for_text("#policy-history", |t| t.contains("v1"))
        .await;

    for (width, height) in [(1280, 900), (390, 844)] {
        browser.client.set_window_size(width, height).await.unwrap();
        browser.client.goto(&app.url("/")).await.unwrap();
        browser
            .click(".policy-links a[href='/policies/terms']")
            .await;
        browser
            .wait_for_text("#policy-body", |t| t.contains("제1조 (목적)"))
            .await;
        let version = browser
            .wait_for_text("#policy-version", |t| !t.is_empty())
            .await;
        assert!(version.contains("버전 1"), "{width}: {version}");
        browser.screenshot(&format!("policy-terms-{width}")).await;
    }
    browser
        .client
        .goto(&app.url("/policies/privacy"))
        .await
        .unwrap();
    browser
        .wait_for_text("#policy-missing", |t| {
            t.contains("아직 게시된 내용이 없어요")
        })
        .await;

    // The returns policy in force is the product page's 배송·교환·반품 section.
    let variant = commerce::variant_with_stock(&app, "POLICY-TEA", 5, 10_000).await;
    let channel =
        app.admin("{ channels { id } }", json!({})).await["data"]["channels"][0]["id"].clone();
    let returns = app
        .admin(
            "mutation($c: ID!) { policyPublish(channelId: $c, kind: RETURNS, bodyHtml: \"<p>수령 후 7일 이내 교환·반품</p>\") { userErrors { code } } }",
            json!({ "c": channel }),
        )
        .await;
    assert_eq!(
        returns["data"]["policyPublish"]["userErrors"],
        json!([]),
        "{returns}"
    );
    let slug = slug_of(&app, "POLICY-TEA").await;
    browser
        .client
        .goto(&app.url(&format!("/products/{slug}")))
        .await
        .unwrap();
    browser
        .click(".product-tabs a[href='#product-delivery']")
        .await;
    browser
        .wait_for_text("#product-returns", |t| t.contains("7일 이내"))
        .await;
    browser.wait_for_focus("product-delivery").await;
    let (number, _) =
        commerce::place(&app, &commerce::cart_with(&app, &variant, 1).await, "CARD").await;
    let page = admin_order_page(&app, &number).await;
    browser.client.set_window_size(1280, 900).await.unwrap();
    browser.client.goto(&app.url(&page)).await.unwrap();
    browser
        .wait_for_text("#order-agreements", |t| t.contains("이용약관 v1"))
        .await;
    browser.close().await;
}

/// A catalog editor's view of the products: two products are put back to draft in one bulk
/// change and leave the shop; the operator's token is enough here.
#[tokio::test]
async fn staff_change_product_status_in_bulk() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let shop = app
        .shop("{ products(first: 100) { nodes { id } } }", json!({}))
        .await;
    let ids: Vec<String> = shop["data"]["products"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 14);
    let browser = Browser::start().await;
    browser.sign_in_as_operator(&app).await;
    browser.click("nav a[href='/admin/products']").await;
    for id in &ids[..2] {
        browser
            .click(&format!("tr[data-key='{id}'] input.select-row"))
            .await;
    }
    browser
        .client
        .find(fantoccini::Locator::Css("#bulk-status option[value=DRAFT]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let chosen = browser
        .client
        .find(fantoccini::Locator::Css("#bulk-status"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(chosen.as_deref(), Some("DRAFT"));
    browser.click("#bulk-apply").await;
    browser
        .wait_for_text(".form-success", |t| t.contains('2'))
        .await;
    // The list shows the new status at once, without reopening the page.
    browser
        .wait_for_text(
            &format!("tr[data-key='{}'][data-status=DRAFT]", ids[0]),
            |t| !t.is_empty(),
        )
        .await;
    let shop = app
        .shop("{ products(first: 100) { nodes { id } } }", json!({}))
        .await;
    let left: Vec<&str> = shop["data"]["products"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(left.len(), 12);
    assert!(!left.contains(&ids[0].as_str()) && !left.contains(&ids[1].as_str()));
    browser.close().await;
}

/// A member of staff creates a product with two variants and an image in the admin; a shopper
/// then finds it by category and by search on the storefront and opens its page.
#[tokio::test]
async fn staff_create_a_product_that_shoppers_find() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let image = app.data_dir().join("grain-bar.png");
    std::fs::write(&image, crate::media::png(900, 600)).unwrap();
    let browser = Browser::start().await;
    browser.sign_in_as_operator(&app).await;
    browser
        .client
        .goto(&app.url("/admin/products/new"))
        .await
        .unwrap();

    browser
        .fill(
            "form.product-editor input[name=name]",
            "현미 곡물바 선물세트",
        )
        .await;
    browser
        .click("select[name=status] option[value=ACTIVE]")
        .await;
    browser.click("button.add-option").await;
    browser.fill("input[name=option-0]", "맛").await;
    browser.click("input[name=channel-bareun]").await;
    browser.click("input[name=published-bareun]").await;
    browser.click("input[name=category-snacks]").await;
    let row = |n: usize, field: &str| format!("tr.variant-row:nth-child({n}) input[name={field}]");
    browser.fill(&row(1, "sku"), "GIFT-BAR-HONEY").await;
    browser.fill(&row(1, "value-0"), "꿀").await;
    browser.fill(&row(1, "stock"), "20").await;
    browser.fill(&row(1, "price-bareun"), "12900").await;
    browser.click("button.add-variant").await;
    browser.fill(&row(2, "sku"), "GIFT-BAR-CACAO").await;
    browser.fill(&row(2, "value-0"), "카카오").await;
    browser.fill(&row(2, "stock"), "0").await;
    browser.fill(&row(2, "price-bareun"), "13900").await;
    let input = browser
        .client
        .wait()
        .at_most(std::time::Duration::from_secs(15))
        .for_element(fantoccini::Locator::Css("input#product-image-file"))
        .await
        .unwrap();
    input.send_keys(&image.to_string_lossy()).await.unwrap();
    browser
        .wait_for_text("ol.image-list li.image-item", |_| true)
        .await;
    browser
        .click("form.product-editor button[type=submit]")
        .await;
    browser
        .wait_for_text(".toasts .toast", |t| t.starts_with("저장했습니다."))
        .await;

    let slug = "현미-곡물바-선물세트";
    let saved = app
        .shop("query($s: String!) { product(slug: $s) { variants { sku } images { url(size: LISTING) } } }", json!({ "s": slug }))
        .await;
    assert_eq!(
        saved["data"]["product"]["variants"],
        json!([{ "sku": "GIFT-BAR-HONEY" }, { "sku": "GIFT-BAR-CACAO" }]),
        "{saved}"
    );
    let card = format!("li.product-card[data-slug='{slug}']");

    // By category.
    browser.client.goto(&app.url("/")).await.unwrap();
    browser
        .click("nav.categories a[href='/category/snacks']")
        .await;
    browser
        .wait_for_text(&format!("{card} .product-name"), |t| {
            t == "현미 곡물바 선물세트"
        })
        .await;
    assert_eq!(
        browser.texts(&format!("{card} .product-price")).await,
        vec!["12,900원".to_owned()]
    );
    let src = browser
        .client
        .find(fantoccini::Locator::Css(&format!(
            "{card} img.product-image"
        )))
        .await
        .unwrap()
        .attr("src")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(src.starts_with("/media/"), "{src}");

    // Phone and PC widths: two columns of cards, then four.
    let columns = || async {
        let v = browser
            .client
            .execute(
                "return getComputedStyle(document.querySelector('ul.product-grid')).gridTemplateColumns.split(' ').length",
                vec![],
            )
            .await
            .unwrap();
        v.as_i64().unwrap()
    };
    browser.client.set_window_size(390, 844).await.unwrap();
    assert_eq!(columns().await, 2, "phone width");
    browser.client.set_window_size(1280, 900).await.unwrap();
    assert_eq!(columns().await, 4, "PC width");

    // By search, from the header.
    browser.client.goto(&app.url("/")).await.unwrap();
    browser.fill("#search-q", "곡물바 선물").await;
    browser.click("form.search button[type=submit]").await;
    browser
        .wait_for_text(&format!("{card} .product-name"), |t| {
            t == "현미 곡물바 선물세트"
        })
        .await;
    assert_eq!(browser.texts("li.product-card").await.len(), 1);

    // The product page: variants, availability, gallery, structured data.
    browser.click(&format!("{card} a.product-link")).await;
    browser
        .wait_for_text("h1.product-title", |t| t == "현미 곡물바 선물세트")
        .await;
    browser
        .wait_for_text(".variant-price .price", |t| t == "12,900원")
        .await;
    browser
        .click("select.variant-option option[value='카카오']")
        .await;
    browser
        .wait_for_text(".variant-price .price", |t| t == "13,900원")
        .await;
    browser
        .wait_for_text("p.availability[data-availability=OUT_OF_STOCK]", |_| true)
        .await;
    browser
        .wait_for_text("div.gallery img.gallery-main", |_| true)
        .await;
    assert!(
        browser
            .client
            .title()
            .await
            .unwrap()
            .starts_with("현미 곡물바 선물세트 — ")
    );
    let json_ld = browser
        .client
        .execute(
            "return document.getElementById('product-jsonld').textContent",
            vec![],
        )
        .await
        .unwrap();
    let json_ld: serde_json::Value = serde_json::from_str(json_ld.as_str().unwrap()).unwrap();
    assert_eq!(json_ld["@type"], "Product");
    assert_eq!(json_ld["offers"].as_array().unwrap().len(), 2);
    assert_eq!(
        json_ld["offers"][1]["availability"],
        "https://schema.org/OutOfStock"
    );
    browser.close().await;
}

/// Staff organise the catalog in the admin: a subcategory, a collection with a product, a CSV
/// import (refused with its row errors, then applied) and an image in the media library.
#[tokio::test]
async fn staff_organise_the_catalog_in_the_admin() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let dir = app.data_dir().to_owned();
    let browser = Browser::start().await;
    browser.sign_in_as_operator(&app).await;

    // A subcategory under 간식.
    browser
        .client
        .goto(&app.url("/admin/categories"))
        .await
        .unwrap();
    browser
        .fill("form.category-create input[name=name]", "견과류")
        .await;
    browser
        .click("form.category-create select[name=parent] option[data-slug=snacks]")
        .await;
    browser
        .click("form.category-create button[type=submit]")
        .await;
    browser
        .wait_for_text("li.category-node[data-slug='견과류']", |t| {
            t.contains("견과류")
        })
        .await;
    let tree = app
        .shop("{ categories { slug parentId } }", json!({}))
        .await;
    let nuts = tree["data"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "견과류")
        .cloned()
        .unwrap();
    assert!(nuts["parentId"].is_string(), "{nuts}");

    // A collection holding a product found by search.
    browser
        .client
        .goto(&app.url("/admin/collections"))
        .await
        .unwrap();
    browser
        .fill("form.collection-create input[name=name]", "연말 선물")
        .await;
    browser
        .fill("form.collection-create input[name=slug]", "year-end")
        .await;
    browser
        .click("form.collection-create button[type=submit]")
        .await;
    browser
        .fill("form.collection-add input[name=search]", "그래놀라")
        .await;
    browser
        .click("form.collection-add button.search-submit")
        .await;
    browser.click("li.product-result button.add-item").await;
    browser
        .wait_for_text("ol.collection-items li.collection-item", |t| {
            t.contains("그래놀라")
        })
        .await;
    let listed = app
        .shop(
            "{ products(filter: { collection: \"year-end\" }) { nodes { slug } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        listed["data"]["products"]["nodes"],
        json!([{ "slug": "oat-granola" }]),
        "{listed}"
    );

    // CSV: a file with a bad row is refused with the row; a good one is applied.
    browser
        .client
        .goto(&app.url("/admin/products"))
        .await
        .unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "slug,name,status,channels,sku,stock,price:bareun\nnut-mix,견과 믹스,active,bareun,NUT-MIX-1,10,-100\n").unwrap();
    let good = dir.join("good.csv");
    std::fs::write(&good, "slug,name,status,channels,sku,stock,price:bareun\nnut-mix,견과 믹스,active,bareun,NUT-MIX-1,10,15900\n").unwrap();
    let file_input = |path: std::path::PathBuf| {
        let client = browser.client.clone();
        async move {
            let input = client
                .wait()
                .at_most(std::time::Duration::from_secs(15))
                .for_element(fantoccini::Locator::Css("input#csv-file"))
                .await
                .unwrap();
            input.send_keys(&path.to_string_lossy()).await.unwrap();
        }
    };
    file_input(bad).await;
    browser
        .wait_for_text("table.csv-errors tr.csv-error[data-row='2']", |t| {
            t.contains("price:bareun")
        })
        .await;
    file_input(good).await;
    browser
        .wait_for_text("div.csv-report dd.csv-created", |t| t == "1")
        .await;
    assert_eq!(
        app.shop("{ product(slug: \"nut-mix\") { name } }", json!({}))
            .await["data"]["product"],
        serde_json::Value::Null,
        "a check applies nothing"
    );
    browser.click("button.csv-apply").await;
    browser
        .wait_for_text("section.csv-tools p.notice", |t| t.contains('1'))
        .await;
    let made = app
        .shop(
            "{ product(slug: \"nut-mix\") { name price { formatted } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        made["data"]["product"],
        json!({ "name": "견과 믹스", "price": { "formatted": "15,900원" } })
    );

    // The media library: an upload, resized in the background.
    let image = dir.join("nuts.png");
    std::fs::write(&image, crate::media::png(500, 500)).unwrap();
    browser.client.goto(&app.url("/admin/media")).await.unwrap();
    browser.fill("#upload-alt", "견과 믹스 한 줌").await;
    let input = browser
        .client
        .wait()
        .at_most(std::time::Duration::from_secs(15))
        .for_element(fantoccini::Locator::Css("input#media-file"))
        .await
        .unwrap();
    input.send_keys(&image.to_string_lossy()).await.unwrap();
    browser
        .wait_for_text("ul.upload-results li.ok", |_| true)
        .await;
    browser
        .wait_for_text("ul.media-grid li.media-item[data-status=READY]", |_| true)
        .await;
    let library = app
        .admin(
            "{ mediaLibrary(first: 5) { nodes { alt status } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        library["data"]["mediaLibrary"]["nodes"],
        json!([{ "alt": "견과 믹스 한 줌", "status": "READY" }])
    );
    browser.close().await;
}

/// The slug of the product a test variant (`commerce::variant_with_stock`) belongs to.
pub(crate) async fn slug_of(app: &TestApp, sku: &str) -> String {
    let body = app
        .shop(
            "query($q: String!) { products(filter: { search: $q }) { nodes { slug } } }",
            json!({ "q": sku }),
        )
        .await;
    body["data"]["products"]["nodes"][0]["slug"]
        .as_str()
        .unwrap_or_else(|| panic!("no product for {sku}: {body}"))
        .to_owned()
}

/// Adds `quantity` of the product of `slug` from its page (on a phone, the first press of
/// 장바구니 opens the purchase sheet, as a shopper sees it).
pub(crate) async fn add_from_product_page(
    browser: &Browser,
    app: &TestApp,
    slug: &str,
    quantity: &str,
) {
    browser
        .client
        .goto(&app.url(&format!("/products/{slug}")))
        .await
        .unwrap();
    open_purchase_sheet(browser).await;
    browser.fill("#add-quantity", quantity).await;
    browser.click("#add-to-cart-submit").await;
    browser.wait_for_text("#added-to-cart", |_| true).await;
}

/// On a phone, opens the product page's purchase sheet with its first button (on a PC the box
/// is open beside the gallery).
async fn open_purchase_sheet(browser: &Browser) {
    let quantity = browser.element("#add-quantity").await;
    if !quantity.is_displayed().await.unwrap_or(true) {
        browser.click("#add-to-cart-submit").await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !quantity.is_displayed().await.unwrap_or(false) {
            assert!(
                std::time::Instant::now() < deadline,
                "the purchase sheet opens"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

/// Opens the sign-up page and fills its email, password, name and mobile number.
async fn fill_registration(
    browser: &Browser,
    app: &TestApp,
    [email, password, name, phone]: [&str; 4],
) {
    browser
        .client
        .goto(&app.url("/account/register"))
        .await
        .unwrap();
    browser.fill("input[name=email]", email).await;
    browser.fill("input[name=password]", password).await;
    browser.fill("input[name=name]", name).await;
    browser.fill("input[name=phone]", phone).await;
}

/// Fills the orderer and the address of the checkout form as a guest ("주문자 정보와 동일" fills
/// the recipient) and gives the agreements an order needs.
async fn fill_checkout(browser: &Browser, name: &str, email: &str, phone: &str) {
    browser.fill("#checkout-name", name).await;
    browser.fill("#checkout-email", email).await;
    browser.fill("#checkout-phone", phone).await;
    tick(browser, "#same-as-orderer").await;
    browser.fill("#ship-postal-code", "06236").await;
    browser
        .fill("#ship-road-address", "서울특별시 강남구 테헤란로 152")
        .await;
    browser.fill("#ship-detail-address", "12층").await;
    tick(browser, "#agree-purchase").await;
    tick(browser, "#agree-privacy").await;
}

/// The admin's page of order `number` (`/admin/orders/KEY`).
async fn admin_order_page(app: &TestApp, number: &str) -> String {
    let order = commerce::admin_order(app, number).await;
    let id = order["id"].as_str().unwrap_or_else(|| panic!("{order}"));
    format!(
        "/admin/orders/{}",
        id.rsplit('/').next().unwrap_or_default()
    )
}

/// Ticks a checkbox unless it is ticked.
async fn tick(browser: &Browser, css: &str) {
    let checked = browser
        .client
        .find(fantoccini::Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .prop("checked")
        .await
        .unwrap();
    if checked.as_deref() != Some("true") {
        browser.click(css).await;
    }
}

/// The value of the input `css`.
async fn value_of(browser: &Browser, css: &str) -> String {
    browser
        .client
        .find(fantoccini::Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// The number in the address of an order page (`/orders/20261205-000001`).
async fn order_number_in_url(browser: &Browser) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let url = browser.client.current_url().await.unwrap().to_string();
        if let Some((_, number)) = url.rsplit_once("/orders/")
            && shared::checkout::is_order_number(number)
        {
            return number.to_owned();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not on an order page: {url}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// On a phone, a checkout submitted with every field empty moves focus to the first field to
/// fix and scrolls it into view below the sticky header, instead of leaving the shopper at the
/// button with the errors far above.
#[tokio::test]
async fn a_refused_checkout_takes_the_shopper_to_the_first_error() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    commerce::variant_with_stock(&app, "FOCUS-TEA", 10, 12_000).await;
    let tea = slug_of(&app, "FOCUS-TEA").await;
    let shopper = Browser::start().await;
    shopper.client.set_window_size(390, 844).await.unwrap();
    add_from_product_page(&shopper, &app, &tea, "1").await;
    shopper.wait_for_text("#cart-count", |t| t == "1").await;
    shopper.client.goto(&app.url("/checkout")).await.unwrap();
    shopper
        .wait_for_text("#checkout-submit", |t| !t.is_empty())
        .await;
    // The total and the order button are at the bottom of the screen from the start, and the
    // header is one row.
    let bar = shopper
        .client
        .execute(
            "const b = document.getElementById('checkout-submit').getBoundingClientRect();\
             const h = document.querySelector('.site-header').getBoundingClientRect();\
             return [b.top, b.bottom, innerHeight, h.height,\
                     document.querySelector('.submit-bar .bar-total').textContent];",
            vec![],
        )
        .await
        .unwrap();
    let at = |i: usize| bar[i].as_f64().unwrap();
    assert!(
        at(1) <= at(2) && at(0) > at(2) - 120.0,
        "the order button at the bottom: {bar}"
    );
    assert!(at(3) <= 64.0, "a compact header: {bar}");
    assert_eq!(bar[4], "15,000원", "{bar}");
    shopper.click("#checkout-submit").await;
    shopper
        .wait_for_text("#checkout-name-error", |t| !t.is_empty())
        .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let focused = loop {
        let state = shopper
            .client
            .execute(
                "const e = document.activeElement; const r = e.getBoundingClientRect();\
                 const h = document.querySelector('.site-header').getBoundingClientRect();\
                 return { id: e.id, invalid: e.getAttribute('aria-invalid'), top: r.top,\
                 bottom: r.bottom, header: h.bottom, height: innerHeight };",
                vec![],
            )
            .await
            .unwrap();
        if state["id"] == "checkout-name" || std::time::Instant::now() > deadline {
            break state;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(focused["id"], "checkout-name", "{focused}");
    assert_eq!(focused["invalid"], "true", "{focused}");
    let (top, bottom) = (
        focused["top"].as_f64().unwrap(),
        focused["bottom"].as_f64().unwrap(),
    );
    assert!(
        top >= focused["header"].as_f64().unwrap() && bottom <= focused["height"].as_f64().unwrap(),
        "the field is in view, below the header: {focused}"
    );
    shopper.screenshot("checkout-first-error-390").await;
    // At the top, what to fix in the form's order, each a link that takes the focus there.
    let summary = shopper
        .wait_for_text("#checkout-error-summary", |t| !t.is_empty())
        .await;
    let order: Vec<usize> = ["이름", "우편번호", "구매조건"]
        .iter()
        .map(|label| {
            summary
                .find(label)
                .unwrap_or_else(|| panic!("{label} in {summary}"))
        })
        .collect();
    assert!(order.is_sorted(), "in the form's order: {summary}");
    shopper
        .click("#checkout-error-summary a[href='#ship-postal-code']")
        .await;
    shopper.wait_for_focus("ship-postal-code").await;
    assert_eq!(
        shopper.client.current_url().await.unwrap().path(),
        "/checkout",
        "the link stays on the page"
    );
    shopper.close().await;
}

/// 바로구매 on a phone: the product page checks out just that variant and quantity; the order has
/// only it, and the cart keeps what it held.
#[tokio::test]
async fn buying_now_orders_just_that_item_and_keeps_the_cart() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    commerce::variant_with_stock(&app, "NOW-KEEP", 10, 9_000).await;
    commerce::variant_with_stock(&app, "NOW-BUY", 10, 12_000).await;
    let (kept, bought) = (
        slug_of(&app, "NOW-KEEP").await,
        slug_of(&app, "NOW-BUY").await,
    );
    let shopper = Browser::start().await;
    shopper.client.set_window_size(390, 844).await.unwrap();
    add_from_product_page(&shopper, &app, &kept, "1").await;
    shopper.wait_for_text("#cart-count", |t| t == "1").await;
    shopper
        .client
        .goto(&app.url(&format!("/products/{bought}")))
        .await
        .unwrap();
    // On a phone the purchase buttons sit along the bottom of the screen from the start; the
    // first press opens the sheet with the quantity, the second buys.
    shopper.element("#buy-now").await;
    let bar = shopper
        .client
        .execute(
            "const r = document.getElementById('buy-now').getBoundingClientRect();\
             return [r.bottom, innerHeight, document.getElementById('add-quantity').checkVisibility()];",
            vec![],
        )
        .await
        .unwrap();
    let bottom = bar[0].as_f64().unwrap();
    assert!(
        bottom <= bar[1].as_f64().unwrap() && bottom > bar[1].as_f64().unwrap() - 80.0,
        "the buttons at the bottom of the screen: {bar}"
    );
    assert_eq!(
        bar[2],
        json!(false),
        "the quantity waits in the closed sheet: {bar}"
    );
    shopper.click("#buy-now").await;
    shopper
        .wait_for_text("#purchase-close", |t| t == "닫기")
        .await;
    assert!(
        shopper
            .client
            .current_url()
            .await
            .unwrap()
            .path()
            .starts_with("/products/"),
        "the first press only opens the sheet"
    );
    shopper.screenshot("purchase-sheet-390").await;
    shopper.fill("#add-quantity", "2").await;
    shopper.click("#buy-now").await;
    shopper
        .wait_for_text("#buy-now-note", |t| t.contains("장바구니"))
        .await;
    let lines = shopper
        .wait_for_text(".checkout-lines", |t| t.contains("NOW-BUY"))
        .await;
    assert!(!lines.contains("NOW-KEEP"), "just that item: {lines}");
    assert!(lines.contains("× 2"), "{lines}");
    shopper
        .wait_for_text(".submit-bar .bar-total", |t| t == "27,000원")
        .await;
    fill_checkout(&shopper, "한바다", "bada@example.com", "010-3456-7890").await;
    shopper.fill("#card-number", "4242 4242 4242 4242").await;
    shopper.click("#checkout-submit").await;
    let number = order_number_in_url(&shopper).await;
    let order = commerce::admin_order(&app, &number).await;
    let skus: Vec<_> = order["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["sku"].clone(), l["quantity"].clone()))
        .collect();
    assert_eq!(skus, vec![(json!("NOW-BUY"), json!(2))]);
    shopper.client.goto(&app.url("/cart")).await.unwrap();
    shopper.wait_for_text("#cart-count", |t| t == "1").await;
    let cart = shopper
        .wait_for_text(".cart-page", |t| t.contains("NOW-KEEP"))
        .await;
    assert!(!cart.contains("NOW-BUY"), "{cart}");
    shopper.close().await;
}

/// A guest finds the address with the postal-code search (a local stand-in of Kakao's service,
/// its search in a frame of its own origin): on a phone the search covers the screen, the chosen
/// place fills the postal code and road address and the focus moves to the detail field, and
/// the order keeps that address. On a PC, a place without a road address leaves that field to
/// the shopper and says so; with the script unreachable the page says to type the address, and
/// a typed address orders just as well.
#[tokio::test]
async fn a_guest_finds_the_address_with_the_postal_code_search() {
    require_bundles();
    let search = jangteo_tests::PostcodeServer::start().await;
    let (script, origin) = (search.script_url(), search.origin());
    let app = TestApp::spawn_with(Backend::Sqlite, move |c| {
        c.web.postcode.script_url = script;
        c.web.postcode.frame_sources = vec![origin];
    })
    .await;
    commerce::variant_with_stock(&app, "POST-TEA", 10, 12_000).await;
    let tea = slug_of(&app, "POST-TEA").await;
    let shopper = Browser::start().await;
    shopper.client.set_window_size(390, 844).await.unwrap();
    add_from_product_page(&shopper, &app, &tea, "1").await;
    shopper.client.goto(&app.url("/checkout")).await.unwrap();
    shopper.fill("#checkout-name", "정하늘").await;
    shopper.fill("#checkout-email", "haneul@example.com").await;
    shopper.fill("#checkout-phone", "010-2345-6789").await;
    tick(&shopper, "#same-as-orderer").await;
    assert_eq!(value_of(&shopper, "#ship-recipient").await, "정하늘");
    shopper.click("#postcode-search").await;
    let frame = shopper.element("#postcode-frame iframe").await;
    let layer = shopper
        .client
        .execute(
            "const r = document.querySelector('.postcode-panel').getBoundingClientRect();\
             const d = document.documentElement;\
             return [r.left, r.top, r.right, r.bottom, d.clientWidth, d.clientHeight];",
            vec![],
        )
        .await
        .unwrap();
    let n: Vec<f64> = serde_json::from_value(layer).unwrap();
    assert!(
        n[0] == 0.0 && n[1] == 0.0 && n[2] == n[4] && n[3] == n[5],
        "the search covers a phone's screen: {n:?}"
    );
    shopper.screenshot("postcode-search-390").await;
    frame.enter_frame().await.unwrap();
    shopper
        .client
        .wait()
        .for_element(fantoccini::Locator::Css("#pick"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    shopper.client.enter_parent_frame().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let state = shopper
            .client
            .execute(
                "return [document.getElementById('ship-postal-code').value,\
                 document.getElementById('ship-road-address').value,\
                 document.activeElement.id, !!document.querySelector('.postcode-layer')];",
                vec![],
            )
            .await
            .unwrap();
        if state
            == json!([
                jangteo_tests::postcode::POSTAL_CODE,
                jangteo_tests::postcode::FILLED_ADDRESS,
                "ship-detail-address",
                false
            ])
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the place fills the form and the detail takes the focus: {state}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    shopper.fill("#ship-detail-address", "5층").await;
    shopper.fill("#card-number", "4242 4242 4242 4242").await;
    tick(&shopper, "#agree-purchase").await;
    tick(&shopper, "#agree-privacy").await;
    shopper.click("#checkout-submit").await;
    let number = order_number_in_url(&shopper).await;
    let order = app
        .admin(
            "query($n: String!) { orderByNumber(number: $n) { shippingAddress { recipient postalCode roadAddress detailAddress } } }",
            json!({ "n": number }),
        )
        .await;
    assert_eq!(
        order["data"]["orderByNumber"]["shippingAddress"],
        json!({
            "recipient": "정하늘",
            "postalCode": jangteo_tests::postcode::POSTAL_CODE,
            "roadAddress": jangteo_tests::postcode::FILLED_ADDRESS,
            "detailAddress": "5층"
        })
    );

    // On a PC: a place without a road address.
    shopper.client.set_window_size(1280, 800).await.unwrap();
    add_from_product_page(&shopper, &app, &tea, "1").await;
    shopper.client.goto(&app.url("/checkout")).await.unwrap();
    shopper.click("#postcode-search").await;
    shopper
        .element("#postcode-frame iframe")
        .await
        .enter_frame()
        .await
        .unwrap();
    shopper
        .client
        .wait()
        .for_element(fantoccini::Locator::Css("#pick-no-road"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    shopper.client.enter_parent_frame().await.unwrap();
    shopper
        .wait_for_text("#postcode-note", |t| {
            t.contains("도로명 주소를 찾지 못했어요")
        })
        .await;
    assert_eq!(
        value_of(&shopper, "#ship-postal-code").await,
        jangteo_tests::postcode::NO_ROAD_POSTAL_CODE
    );
    assert_eq!(value_of(&shopper, "#ship-road-address").await, "");
    shopper.wait_for_focus("ship-road-address").await;

    // The script cannot be loaded: the page says to type the address, and a typed one orders.
    search.fail_script();
    shopper.client.goto(&app.url("/checkout")).await.unwrap();
    shopper.click("#postcode-search").await;
    shopper
        .wait_for_text("#postcode-note", |t| t.contains("직접 입력해 주세요"))
        .await;
    let layer_open = shopper
        .client
        .execute("return !!document.querySelector('.postcode-layer')", vec![])
        .await
        .unwrap();
    assert_eq!(layer_open, json!(false));
    shopper.screenshot("postcode-failed-1280").await;
    fill_checkout(&shopper, "정하늘", "haneul@example.com", "010-2345-6789").await;
    shopper.fill("#card-number", "4242 4242 4242 4242").await;
    shopper.click("#checkout-submit").await;
    let typed = order_number_in_url(&shopper).await;
    assert_ne!(typed, number);
    shopper.close().await;
}

#[tokio::test]
async fn shoppers_pay_by_card_and_by_deposit_and_staff_ship_the_order() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    commerce::variant_with_stock(&app, "BRW-TEA", 10, 12_000).await;
    commerce::variant_with_stock(&app, "BRW-HONEY", 10, 8_000).await;
    let tea = slug_of(&app, "BRW-TEA").await;
    let honey = slug_of(&app, "BRW-HONEY").await;

    // A guest adds two products, sees them in the mini-cart and the cart.
    let shopper = Browser::start().await;
    add_from_product_page(&shopper, &app, &tea, "1").await;
    add_from_product_page(&shopper, &app, &honey, "2").await;
    shopper.wait_for_text("#cart-count", |t| t == "3").await;
    // A line above the server's cap of 99 (2 + 98) is refused in the shopper's language, and
    // the cart keeps what it had.
    shopper.fill("#add-quantity", "98").await;
    shopper.click("#add-to-cart-submit").await;
    shopper
        .wait_for_text("#add-to-cart-error", |t| t.contains("99개까지"))
        .await;
    shopper.wait_for_text("#cart-count", |t| t == "3").await;
    shopper.click("#mini-cart-toggle").await;
    shopper
        .wait_for_text(".mini-cart-total strong", |t| t == "31,000원")
        .await;
    shopper.click("#mini-cart-view").await;
    assert_eq!(shopper.texts("#cart-lines tr.cart-line").await.len(), 2);
    assert_eq!(
        shopper.texts("#cart-totals .shipping").await,
        vec!["3,000원".to_owned()]
    );
    assert_eq!(
        shopper.texts("#cart-totals .total").await,
        vec!["31,000원".to_owned()]
    );
    // The stepper: + adds one at once, − takes it back; − stops at one.
    shopper
        .click("tr.cart-line[data-sku='BRW-HONEY'] .step.increase")
        .await;
    shopper.wait_for_text("#cart-count", |t| t == "4").await;
    shopper
        .wait_for_text("#cart-totals .total", |t| t == "39,000원")
        .await;
    shopper
        .click("tr.cart-line[data-sku='BRW-HONEY'] .step.decrease")
        .await;
    shopper.wait_for_text("#cart-count", |t| t == "3").await;
    shopper
        .wait_for_text("#cart-totals .total", |t| t == "31,000원")
        .await;
    let floor = shopper
        .client
        .execute(
            "return document.querySelector(\"tr.cart-line[data-sku='BRW-TEA'] .step.decrease\").disabled",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(floor, json!(true), "one tea: − is off");

    // Checkout: the form's own checks first, then a declined card, then an approved one.
    shopper.click("#cart-checkout").await;
    shopper.click("#checkout-submit").await;
    shopper
        .wait_for_text("#ship-postal-code-error", |t| !t.is_empty())
        .await;
    fill_checkout(&shopper, "김하늘", "haneul@example.com", "010-2345-6789").await;
    shopper.fill("#card-number", "4000 0000 0000 0002").await;
    shopper.click("#checkout-submit").await;
    shopper
        .wait_for_text("#card-number-error", |t| t.contains("거절"))
        .await;
    shopper.fill("#card-number", "4242 4242 4242 4242").await;
    shopper.click("#checkout-submit").await;
    let paid = order_number_in_url(&shopper).await;
    shopper
        .wait_for_text("#order-status", |t| t == "결제 완료")
        .await;
    assert_eq!(shopper.texts("tr.order-line").await.len(), 2);
    let order = commerce::admin_order(&app, &paid).await;
    assert_eq!(order["status"], "PAID", "{order}");
    assert_eq!(order["total"]["amount"], 31_000, "{order}");
    // The cart is empty after the order.
    shopper.wait_for_text("#cart-count", |t| t == "0").await;

    // Another shopper pays by virtual account and sees where to deposit.
    let other = Browser::start().await;
    add_from_product_page(&other, &app, &tea, "1").await;
    other.client.goto(&app.url("/checkout")).await.unwrap();
    fill_checkout(&other, "이바다", "bada@example.com", "010-8765-4321").await;
    other.click("#pay-virtual-account").await;
    other.click("#va-bank option[value='88']").await;
    other.click("#checkout-submit").await;
    let deposit = order_number_in_url(&other).await;
    other
        .wait_for_text("#order-status", |t| t == "입금 대기")
        .await;
    assert_eq!(
        other.texts("#deposit-instructions .bank").await,
        vec!["신한은행".to_owned()]
    );
    assert_eq!(
        other.texts("#deposit-instructions .amount").await,
        vec!["15,000원".to_owned()]
    );

    // Staff find the order, simulate the deposit, and ship it.
    shopper.sign_in_as_operator(&app).await;
    shopper
        .client
        .goto(&app.url("/admin/orders"))
        .await
        .unwrap();
    shopper.fill("#filter-search", &deposit).await;
    shopper.click("#filter-apply").await;
    let row = format!("tr.order-row[data-key='{deposit}']");
    shopper
        .wait_for_text(&format!("{row} .status"), |t| t == "입금 대기")
        .await;
    assert_eq!(shopper.texts("tr.order-row").await.len(), 1);
    shopper.click(&format!("{row} a")).await;
    shopper.click("#order-simulate-deposit").await;
    // The sandbox sends its deposit webhook in the background: the order turns paid.
    let detail_url = shopper.client.current_url().await.unwrap().to_string();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let status = shopper.texts("#order-status").await;
        if status == vec!["결제 완료".to_owned()] {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still {status:?} after the simulated deposit"
        );
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        shopper.client.goto(&detail_url).await.unwrap();
    }
    shopper.click("#ship-carrier option[value='CJ']").await;
    shopper.fill("#ship-tracking", "612345678901").await;
    shopper.click("#order-ship").await;
    shopper
        .wait_for_text("#order-status", |t| t == "배송 중")
        .await;

    // The shopper's order page links to the carrier's tracking page.
    other
        .client
        .goto(&app.url(&format!("/orders/{deposit}")))
        .await
        .unwrap();
    other
        .wait_for_text("#order-status", |t| t == "배송 중")
        .await;
    let href = other
        .client
        .find(fantoccini::Locator::Css("#order-tracking a.tracking-link"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap();
    assert_eq!(
        href.as_deref(),
        Some("https://trace.cjlogistics.com/next/tracking.html?wblNo=612345678901")
    );
    let timeline = other.texts("#order-timeline li").await;
    assert_eq!(timeline.len(), 4, "{timeline:?}");
    other.close().await;

    // A refund asks first, naming the amount; going back changes nothing.
    let refundable = shopper.texts(".refund-form .hint").await.join(" ");
    shopper.fill("#order-reason", "고객 변심").await;
    shopper
        .fill("#refund-account-number", "1002-345-678901")
        .await;
    shopper.fill("#refund-holder", "김하늘").await;
    shopper.click("#order-refund").await;
    let question = shopper
        .wait_for_text("#confirm-message", |t| t.contains("모두 환불"))
        .await;
    let amount = refundable.rsplit(' ').next().unwrap_or_default();
    assert!(
        !amount.is_empty() && question.contains(amount),
        "{question} names {refundable}"
    );
    let focused = shopper.client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("confirm-no"),
        "the safe answer has the focus"
    );
    shopper.click("#confirm-no").await;
    assert!(
        shopper
            .client
            .find(fantoccini::Locator::Id("confirm"))
            .await
            .is_err()
    );
    assert_eq!(shopper.texts("#order-status").await, ["배송 중"]);
    shopper.click("#order-refund").await;
    shopper.click("#confirm-yes").await;
    shopper
        .wait_for_text("#order-status", |t| t == "환불 완료")
        .await;
    shopper.close().await;
}

/// On a phone the admin's navigation folds into a drawer: the menu button opens it, each link
/// stands on one line, following one closes it; on a desktop it is always there.
#[tokio::test]
async fn the_admin_on_a_phone_navigates_from_a_drawer() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let browser = Browser::start().await;
    browser.client.set_window_size(390, 844).await.unwrap();
    browser.sign_in_as_operator(&app).await;
    let link = browser
        .client
        .find(fantoccini::Locator::Css(".admin-nav a[href='/admin/jobs']"))
        .await
        .unwrap();
    let toggle = browser
        .client
        .find(fantoccini::Locator::Id("menu-toggle"))
        .await
        .unwrap();
    assert!(!link.is_displayed().await.unwrap(), "folded away");
    assert_eq!(
        toggle.attr("aria-expanded").await.unwrap().as_deref(),
        Some("false")
    );
    browser.click("#menu-toggle").await;
    assert!(link.is_displayed().await.unwrap(), "the drawer is open");
    assert_eq!(
        toggle.attr("aria-expanded").await.unwrap().as_deref(),
        Some("true")
    );
    // The focus moves to the drawer's first link; Escape closes it and gives the focus back to
    // the menu button.
    let focused = browser.client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("href").await.unwrap().as_deref(),
        Some("/admin/")
    );
    focused.send_keys("\u{E00C}").await.unwrap();
    assert!(!link.is_displayed().await.unwrap(), "Escape closes it");
    let focused = browser.client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("menu-toggle")
    );
    browser.click("#menu-toggle").await;
    assert!(link.is_displayed().await.unwrap(), "open again");
    for a in browser
        .client
        .find_all(fantoccini::Locator::Css(".admin-nav a"))
        .await
        .unwrap()
    {
        let (_, _, width, height) = a.rectangle().await.unwrap();
        let text = a.text().await.unwrap();
        assert!(
            height < 48.0 && width > 60.0,
            "{text}: {width}x{height}, one line"
        );
    }
    browser.screenshot("admin-drawer-390").await;
    browser.click(".admin-nav a[href='/admin/jobs']").await;
    browser
        .wait_for_text("h1", |t| t == "백그라운드 작업")
        .await;
    assert!(
        !link.is_displayed().await.unwrap(),
        "closed after following a link"
    );
    browser.client.set_window_size(1280, 900).await.unwrap();
    assert!(!toggle.is_displayed().await.unwrap());
    assert!(link.is_displayed().await.unwrap());
    browser.close().await;
}

/// With Toss Payments the checkout opens Toss's payment window (the SDK's `requestPayment`,
/// here the local stand-in of `jangteo_tests::toss`): a shopper who closes it lands on the
/// failure page and pays again from the order page; a return whose amount was tampered with is
/// refused before Toss is asked; the approved payment is confirmed once and the order is paid.
/// A virtual account opened through the window shows its account.
#[tokio::test]
async fn shoppers_pay_through_the_toss_payment_window() {
    use jangteo_tests::TossServer;
    use jangteo_tests::toss::{CLIENT_KEY, SECRET_KEY};
    require_bundles();
    let toss = TossServer::start().await;
    let (api, sdk) = (toss.url(), toss.sdk_url());
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.payments.gateway = jangteo::config::GatewayKind::Toss;
        c.payments.toss.api_base = api;
        c.payments.toss.sdk_url = sdk;
        c.payments.toss.client_key = CLIENT_KEY.into();
        c.payments.toss.secret_key = Some(jangteo::config::Secret::new(SECRET_KEY.into()));
    })
    .await;
    commerce::variant_with_stock(&app, "TOSS-TEA", 10, 12_000).await;
    let tea = slug_of(&app, "TOSS-TEA").await;

    let shopper = Browser::start().await;
    add_from_product_page(&shopper, &app, &tea, "2").await;
    shopper.client.goto(&app.url("/checkout")).await.unwrap();
    fill_checkout(&shopper, "박토스", "toss@example.com", "010-2345-6789").await;
    // Toss's window asks for the card: the page has no card field of its own.
    assert!(
        shopper
            .client
            .find(fantoccini::Locator::Css("#card-number"))
            .await
            .is_err()
    );
    shopper.click("#checkout-submit").await;
    shopper
        .wait_for_text("#toss-window .amount", |t| t == "27000")
        .await;
    let windows = toss.windows();
    assert_eq!(windows.len(), 1);
    let w = &windows[0];
    assert_eq!(w["method"], "CARD");
    assert_eq!(w["clientKey"], CLIENT_KEY);
    assert_eq!(w["customerKey"], "@@ANONYMOUS");
    assert_eq!(w["customerMobilePhone"], "01023456789");
    assert_eq!(w["customerEmail"], "toss@example.com");
    assert!(w["successUrl"].ends_with("/checkout/toss/success"), "{w:?}");
    let number = w["orderId"].clone();
    assert_eq!(
        commerce::admin_order(&app, &number).await["status"],
        "AWAITING_PAYMENT"
    );

    // The shopper closes the window: the order waits for its payment.
    shopper.click("#toss-cancel").await;
    shopper
        .wait_for_text("#toss-fail-reason", |t| t.contains("결제창을 닫으셨어요"))
        .await;
    shopper.click("#toss-order-link").await;
    shopper
        .wait_for_text("#order-status", |t| t == "결제 대기")
        .await;

    // A return with a tampered amount is refused; Toss is never asked to confirm it.
    shopper
        .client
        .goto(&app.url(&format!(
            "/checkout/toss/success?paymentKey=tpk_forged&orderId={number}&amount=100"
        )))
        .await
        .unwrap();
    shopper
        .wait_for_text("#toss-success .form-error", |t| {
            t.contains("주문 금액과 달라요")
        })
        .await;
    assert!(toss.requests("POST", "/v1/payments/confirm").is_empty());

    // Paying again from the order page: approved, confirmed once, paid.
    shopper.click("#toss-order-link").await;
    shopper.click("#order-pay").await;
    shopper.click("#toss-approve").await;
    assert_eq!(order_number_in_url(&shopper).await, number);
    shopper
        .wait_for_text("#order-status", |t| t == "결제 완료")
        .await;
    assert_eq!(toss.requests("POST", "/v1/payments/confirm").len(), 1);
    let order = commerce::admin_order(&app, &number).await;
    assert_eq!(order["status"], "PAID", "{order}");
    assert_eq!(order["payment"]["gateway"], "TOSS", "{order}");
    shopper.wait_for_text("#cart-count", |t| t == "0").await;
    // Opening the success page again (a reload) answers the paid order without asking Toss.
    let key = toss.requests("POST", "/v1/payments/confirm")[0].json()["paymentKey"]
        .as_str()
        .unwrap()
        .to_owned();
    shopper
        .client
        .goto(&app.url(&format!(
            "/checkout/toss/success?paymentKey={key}&orderId={number}&amount=27000"
        )))
        .await
        .unwrap();
    shopper
        .wait_for_text("#order-status", |t| t == "결제 완료")
        .await;
    assert_eq!(toss.requests("POST", "/v1/payments/confirm").len(), 1);

    // A virtual account through Toss's window: the account it issued, and the same deadline.
    add_from_product_page(&shopper, &app, &tea, "1").await;
    shopper.client.goto(&app.url("/checkout")).await.unwrap();
    fill_checkout(&shopper, "박토스", "toss@example.com", "010-2345-6789").await;
    shopper.click("#pay-virtual-account").await;
    shopper.click("#checkout-submit").await;
    shopper.wait_for_text("#toss-window", |_| true).await;
    let w = toss.windows().pop().unwrap();
    assert_eq!(w["method"], "VIRTUAL_ACCOUNT");
    assert_eq!(w["validHours"], "24");
    shopper.click("#toss-approve").await;
    let deposit = order_number_in_url(&shopper).await;
    assert_eq!(deposit, w["orderId"]);
    shopper
        .wait_for_text("#order-status", |t| t == "입금 대기")
        .await;
    let account = shopper.texts("#deposit-instructions .account-number").await;
    assert!(account[0].starts_with("X65056365"), "{account:?}");
    shopper.close().await;
}

/// A third-party developer opens the Shop API in a browser: GraphiQL loads (its pinned scripts,
/// checked by Subresource Integrity, from a local mirror of unpkg.com), introspects the schema
/// with its standard query, and the docs explorer shows the root query type's fields.
#[tokio::test]
async fn graphiql_docs_explorer_loads_the_shop_schema() {
    let mirror = NpmMirror::start().await;
    let assets = mirror.url.clone();
    let app = TestApp::spawn_with(Backend::Sqlite, move |c| {
        c.graphql.graphiql_assets_url = assets;
    })
    .await;
    let browser = Browser::start().await;
    browser.client.goto(&app.url("/graphql")).await.unwrap();
    browser
        .click(".graphiql-sidebar button[aria-label='Show Documentation Explorer']")
        .await;
    browser
        .wait_for_text(".graphiql-doc-explorer", |t| t.contains("query: Query"))
        .await;
    browser
        .click(".graphiql-doc-explorer a.graphiql-doc-explorer-type-name")
        .await;
    let fields = browser
        .wait_for_text(".graphiql-doc-explorer", |t| t.contains("products"))
        .await;
    for field in ["product(", "categories", "cart(", "shop"] {
        assert!(
            fields.contains(field),
            "{field} missing from the docs: {fields}"
        );
    }
    browser.screenshot("graphiql").await;
    browser.close().await;
}

/// Each app starts with its first screen only: the storefront's listings, the admin's
/// sign-in and dashboard. An area's code (the storefront's product page, account, cart and
/// checkout; the admin's catalog, orders and settings) is fetched when one of its pages first
/// opens, once, and the page works.
#[tokio::test]
async fn areas_load_when_first_opened() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let listed = app
        .shop("{ products(first: 1) { nodes { slug name } } }", json!({}))
        .await;
    let product = &listed["data"]["products"]["nodes"][0];
    let (slug, name) = (
        product["slug"].as_str().unwrap(),
        product["name"].as_str().unwrap(),
    );
    let browser = Browser::start().await;
    let area = |loaded: &[String], name: &str| {
        loaded
            .iter()
            .filter(|f| f.starts_with(&format!("split_{name}_view")))
            .count()
    };

    browser.client.goto(&app.url("/")).await.unwrap();
    browser.app_shown().await;
    browser
        .wait_for_text(
            ".product-card h3, .product-card .name, .product-card",
            |t| !t.is_empty(),
        )
        .await;
    assert_eq!(
        browser.loaded_areas().await,
        Vec::<String>::new(),
        "the home page needs no area"
    );
    browser.click(&format!("a[href='/products/{slug}']")).await;
    browser
        .wait_for_text("h1.product-title", |t| t == name)
        .await;
    let loaded = browser.loaded_areas().await;
    assert_eq!(area(&loaded, "product"), 1, "{loaded:?}");
    assert_eq!(
        area(&loaded, "shop") + area(&loaded, "account"),
        0,
        "{loaded:?}"
    );
    // A new page: the cart (shop area) alone.
    browser.client.goto(&app.url("/cart")).await.unwrap();
    browser
        .wait_for_text("h1", |t| t.contains("장바구니"))
        .await;
    let loaded = browser.loaded_areas().await;
    assert_eq!(area(&loaded, "shop"), 1, "{loaded:?}");
    assert_eq!(
        area(&loaded, "account") + area(&loaded, "product"),
        0,
        "{loaded:?}"
    );

    browser.sign_in_as_operator(&app).await;
    let loaded = browser.loaded_areas().await;
    assert_eq!(
        loaded,
        Vec::<String>::new(),
        "sign-in and the dashboard need no area"
    );
    browser.click("nav a[href='/admin/products']").await;
    browser.wait_for_text("h1", |t| t.contains("상품")).await;
    browser.click("nav a[href='/admin/categories']").await;
    browser
        .wait_for_text("h1", |t| t.contains("카테고리"))
        .await;
    let loaded = browser.loaded_areas().await;
    assert_eq!(
        area(&loaded, "catalog"),
        1,
        "fetched once for two of its pages: {loaded:?}"
    );
    assert_eq!(
        area(&loaded, "orders") + area(&loaded, "settings"),
        0,
        "{loaded:?}"
    );
    browser.click("nav a[href='/admin/orders']").await;
    browser.wait_for_text("h1", |t| t.contains("주문")).await;
    let loaded = browser.loaded_areas().await;
    assert_eq!(area(&loaded, "orders"), 1, "{loaded:?}");
    assert_eq!(area(&loaded, "settings"), 0, "{loaded:?}");
    browser.close().await;
}

/// Both apps have an icon and the storefront a web app manifest (no 404 in a browser's console),
/// served with their types; the built assets come with their compressed copies.
/// When a part of the app cannot be fetched (offline, or replaced by a deploy while the page was
/// open), its pages say so with a way to try again, and the rest of the app keeps working
/// (a failed fetch used to abort the whole module).
#[tokio::test]
async fn a_page_whose_part_cannot_be_fetched_says_so_and_the_app_goes_on() {
    require_bundles();
    // The storefront as built, without its product area.
    let bundle = tempfile::tempdir().unwrap();
    let mut removed = 0;
    for entry in std::fs::read_dir(repo_path("storefront/dist")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("split_product_view") {
            removed += 1;
        } else {
            std::fs::copy(entry.path(), bundle.path().join(&name)).unwrap();
        }
    }
    assert!(removed > 0, "the build has a product area");
    let dir = bundle.path().to_path_buf();
    let app = TestApp::spawn_with(Backend::Sqlite, move |c| c.web.storefront_dir = dir).await;
    let browser = Browser::start().await;
    browser.client.goto(&app.url("/")).await.unwrap();
    browser.click("li.product-card a.product-link").await;
    let said = browser
        .wait_for_text(".page-unavailable h1", |t| !t.is_empty())
        .await;
    assert_eq!(
        said,
        "이 화면을 불러오지 못했어요. 연결을 확인한 뒤 다시 시도해 주세요."
    );
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css(".page-unavailable button.retry"))
            .await
            .is_ok()
    );
    // The app still answers: the language switch and a page of the main module.
    browser.click("button.lang-switch").await;
    browser
        .wait_for_text(".page-unavailable h1", |t| {
            t.starts_with("We couldn't load")
        })
        .await;
    browser.client.back().await.unwrap();
    assert!(
        !browser
            .texts("li.product-card .product-name")
            .await
            .is_empty()
    );
    browser.close().await;
}

#[tokio::test]
async fn icons_manifest_and_compressed_assets_are_served() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    for (path, kind) in [
        ("/favicon.svg", "image/svg+xml"),
        ("/admin/favicon.svg", "image/svg+xml"),
        ("/manifest.webmanifest", "application/manifest+json"),
    ] {
        let resp = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 200, "{path}");
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(kind),
            "{path}: {:?}",
            resp.headers()["content-type"]
        );
    }
    let manifest: serde_json::Value = app
        .client
        .get(app.url("/manifest.webmanifest"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["icons"][0]["src"], "/favicon.svg");
    // Each app's main wasm has its gzip and brotli copies, smaller than itself, and a browser
    // that accepts brotli gets that one; its lazily loaded chunks are served the same way.
    for app_name in ["storefront", "admin"] {
        let dist = repo_path(&format!("{app_name}/dist"));
        let modules: Vec<std::path::PathBuf> = std::fs::read_dir(&dist)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
            .collect();
        let wasm = modules
            .iter()
            .find(|p| p.to_string_lossy().ends_with("_bg.wasm"))
            .unwrap_or_else(|| panic!("no main wasm in {}", dist.display()))
            .clone();
        let chunks: Vec<_> = modules.iter().filter(|p| **p != wasm).collect();
        assert!(
            chunks
                .iter()
                .any(|c| c.to_string_lossy().contains("split_")),
            "{app_name} has lazily loaded areas"
        );
        for chunk in chunks {
            let name = chunk.file_name().unwrap().to_string_lossy().into_owned();
            let path = if app_name == "admin" {
                format!("/admin/{name}")
            } else {
                format!("/{name}")
            };
            let resp = app
                .client
                .get(app.url(&path))
                .header("accept-encoding", "br, gzip")
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status().as_u16(), 200, "{path}");
            assert_eq!(resp.headers()["content-type"], "application/wasm", "{path}");
            assert_eq!(resp.headers()["content-encoding"], "br", "{path}");
            assert!(
                resp.headers()["cache-control"]
                    .to_str()
                    .unwrap()
                    .contains("immutable"),
                "{path}"
            );
        }
        let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        for ext in ["gz", "br"] {
            let variant = std::path::PathBuf::from(format!("{}.{ext}", wasm.display()));
            assert!(
                size(&variant) > 0 && size(&variant) < size(&wasm) / 2,
                "{}",
                variant.display()
            );
        }
        let name = wasm.file_name().unwrap().to_string_lossy().into_owned();
        let path = if app_name == "admin" {
            format!("/admin/{name}")
        } else {
            format!("/{name}")
        };
        let resp = app
            .client
            .get(app.url(&path))
            .header("accept-encoding", "br, gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.headers()["content-encoding"], "br", "{path}");
        assert_eq!(resp.headers()["content-type"], "application/wasm", "{path}");
        let bytes = resp.bytes().await.unwrap();
        assert_eq!(
            bytes.len() as u64,
            size(&std::path::PathBuf::from(format!("{}.br", wasm.display())))
        );
    }
}

/// The built storefront's shell carries a product page's own head: title, description (the
/// shop's kept for the app), Open Graph tags and JSON-LD, and the app then shows the product
/// with the same title and a single structured-data script.
#[tokio::test]
async fn product_pages_from_the_built_shell_carry_their_head() {
    require_bundles();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let listed = app
        .shop(
            "{ products(first: 1) { nodes { slug name description } } }",
            json!({}),
        )
        .await;
    let product = &listed["data"]["products"]["nodes"][0];
    let (slug, name) = (
        product["slug"].as_str().unwrap(),
        product["name"].as_str().unwrap(),
    );
    let html = app
        .client
        .get(app.url(&format!("/products/{slug}")))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let title = format!("{name} — 바른한끼");
    assert!(html.contains(&format!("<title>{title}</title>")), "{html}");
    let description = product["description"].as_str().unwrap();
    assert!(
        html.contains(&format!(
            "<meta name=\"description\" content=\"{description}\" data-shop-description="
        )),
        "{html}"
    );
    assert_eq!(
        html.matches("name=description").count(),
        0,
        "one description: {html}"
    );
    assert!(html.contains(&format!("<meta property=\"og:title\" content=\"{title}\">")));

    let browser = Browser::start().await;
    browser
        .client
        .goto(&app.url(&format!("/products/{slug}")))
        .await
        .unwrap();
    browser
        .wait_for_text("h1.product-title", |t| t == name)
        .await;
    assert_eq!(browser.client.title().await.unwrap(), title);
    let scripts = browser
        .client
        .find_all(fantoccini::Locator::Css(
            "script[type='application/ld+json']",
        ))
        .await
        .unwrap();
    assert_eq!(scripts.len(), 1, "the app took the server's JSON-LD over");
    browser.close().await;
}

/// Where the elements a shopper reads first stand on the page: `[left, top, width, height]` of
/// the first match of each selector (WebDriver's own measure, so it works without JavaScript).
async fn layout(browser: &Browser, selectors: &[&str]) -> Vec<(String, [f64; 4])> {
    let mut out = Vec::new();
    for css in selectors {
        let element = browser
            .client
            .find(fantoccini::Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        let (x, y, w, h) = element.rectangle().await.unwrap();
        out.push(((*css).to_owned(), [x, y, w, h]));
    }
    out
}

/// Pages the server draws read without JavaScript: a product's name, price and picture, the
/// home page's collections and cards, a category's and a collection's listing (as a crawler or a
/// phone on a slow network gets them).
/// With JavaScript the app takes over without a jump: what a shopper reads first stands exactly
/// where the server's drawing had it, on a phone and on a desktop, and the page's layout shifts
/// add up to at most 0.05.
#[tokio::test]
async fn drawn_pages_read_without_javascript_and_the_app_takes_over_in_place() {
    require_bundles();
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.demo_images = true).await;
    let listed = app
        .shop(
            "{ products(first: 1, sort: NEWEST) { nodes { slug name price { formatted } } } }",
            json!({}),
        )
        .await;
    let product = &listed["data"]["products"]["nodes"][0];
    let (slug, name, price) = (
        product["slug"].as_str().unwrap(),
        product["name"].as_str().unwrap(),
        product["price"]["formatted"].as_str().unwrap(),
    );
    let search = {
        let mut url = reqwest::Url::parse(&app.url("/search")).unwrap();
        let word = name.split_whitespace().next().unwrap();
        url.query_pairs_mut().append_pair("q", word);
        url.to_string()
    };
    let pages: [(&str, String, &[&str]); 5] = [
        (
            "product",
            app.url(&format!("/products/{slug}")),
            &[
                "h1.product-title",
                "strong.price",
                "img.gallery-main",
                "nav.categories",
            ],
        ),
        (
            "home",
            app.url("/"),
            &[
                ".collection-section h2",
                ".collection-section .product-card img",
                "section.all-products h1",
                "section.all-products .product-card:last-child",
                "nav.categories",
            ],
        ),
        (
            "category",
            app.url("/category/meal"),
            &[
                "section.category-page h1",
                "nav.subcategories",
                "form.filters",
                ".listing .product-card:last-child",
            ],
        ),
        (
            "collection",
            app.url("/collections/protein-best"),
            &[
                "section.collection-page h1",
                "form.filters",
                ".listing .product-card:first-child img",
                ".listing .product-card:last-child",
            ],
        ),
        (
            "search",
            search,
            &[
                "section.search-page h1",
                "form.filters",
                ".listing .product-card:first-child img",
                ".listing .product-card:last-child",
            ],
        ),
    ];
    let sizes = [(390, 844), (1280, 900)];

    let static_page = Browser::start_without_javascript().await;
    let mut drawn = Vec::new();
    for (page, url, selectors) in &pages {
        for (width, height) in sizes {
            static_page
                .client
                .set_window_size(width, height)
                .await
                .unwrap();
            static_page.client.goto(url).await.unwrap();
            if *page == "product" {
                assert_eq!(static_page.wait_for_text("h1", |t| t == name).await, name);
                assert_eq!(
                    static_page
                        .wait_for_text("strong.price", |t| !t.is_empty())
                        .await,
                    price
                );
                let image = static_page
                    .client
                    .find(fantoccini::Locator::Css("img.gallery-main"))
                    .await
                    .unwrap();
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
                loop {
                    // A number: fantoccini hands it back as a non-string answer.
                    let natural = match image.prop("naturalWidth").await {
                        Ok(text) => text.and_then(|t| t.parse::<u64>().ok()).unwrap_or(0),
                        Err(fantoccini::error::CmdError::NotW3C(value)) => {
                            value.as_u64().unwrap_or(0)
                        }
                        Err(e) => panic!("naturalWidth: {e}"),
                    };
                    if natural > 0 {
                        break;
                    }
                    assert!(
                        std::time::Instant::now() < deadline,
                        "the picture did not load"
                    );
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            } else if *page == "home" {
                let names = static_page
                    .texts("section.all-products .product-card .product-name")
                    .await;
                assert!(names.contains(&name.to_owned()), "{names:?}");
            } else {
                let prices = static_page
                    .texts(".listing .product-card .product-price")
                    .await;
                assert!(
                    !prices.is_empty() && prices.iter().all(|p| p.ends_with('원')),
                    "{prices:?}"
                );
            }
            assert!(
                static_page
                    .client
                    .find(fantoccini::Locator::Id("app"))
                    .await
                    .is_err(),
                "no app without JavaScript"
            );
            static_page
                .screenshot(&format!("{page}-static-{width}"))
                .await;
            drawn.push(layout(&static_page, selectors).await);
        }
    }
    static_page.close().await;

    let browser = Browser::start().await;
    let mut drawn = drawn.into_iter();
    for (page, url, selectors) in &pages {
        for (width, height) in sizes {
            let drawn = drawn.next().unwrap();
            browser.client.set_window_size(width, height).await.unwrap();
            browser.client.goto(url).await.unwrap();
            browser.app_shown().await;
            // The app's own page: its buttons work, the drawing is gone.
            if *page == "product" {
                browser
                    .wait_for_text("#add-to-cart-submit", |t| t == "장바구니 담기")
                    .await;
            } else if *page == "home" {
                browser
                    .wait_for_text("#catalog-heading", |t| !t.is_empty())
                    .await;
            } else {
                browser.wait_for_text("#sort", |t| !t.is_empty()).await;
            }
            let taken_over = layout(&browser, selectors).await;
            browser.screenshot(&format!("{page}-app-{width}")).await;
            for ((css, before), (_, after)) in drawn.iter().zip(&taken_over) {
                for (b, a) in before.iter().zip(after) {
                    assert!(
                        (b - a).abs() <= 1.0,
                        "{page}: {css} moved when the app took over at {width} px: {before:?} -> {after:?}"
                    );
                }
            }
            // Every shift since the page began to load, with what moved (for the message).
            let shifts = browser
                .client
                .execute_async(
                    "const done = arguments[arguments.length - 1]; const out = [];
                     new PerformanceObserver(list => { for (const e of list.getEntries()) {
                       if (!e.hadRecentInput) out.push([e.value, e.sources.map(s =>
                         (s.node ? s.node.nodeName + '.' + s.node.className : '?') + ' y ' +
                         s.previousRect.y + ' -> ' + s.currentRect.y)]); } })
                       .observe({ type: 'layout-shift', buffered: true });
                     setTimeout(() => done(out), 300);",
                    vec![],
                )
                .await
                .unwrap();
            let cls: f64 = shifts
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e[0].as_f64().unwrap())
                .sum();
            assert!(
                cls <= 0.05,
                "{page}: layout shifts add up to {cls} at {width} px: {shifts}"
            );
        }
    }
    browser.close().await;
}
