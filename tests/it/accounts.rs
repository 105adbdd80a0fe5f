//! Shoppers' accounts over the Shop API: registration, sign-in, refresh-token rotation, the
//! JWT checks, password reset, email verification, addresses, login throttling.

use jangteo::access::throttle::backoff_secs;
use jangteo_tests::{TestApp, backend_tests, link_token};
use serde_json::{Value, json};

const REGISTER: &str = "mutation($input: AccountRegisterInput!) { accountRegister(input: $input) {
    session { accessToken refreshToken member { id email name } }
    userErrors { field code message } retryAfterSeconds } }";
const LOGIN: &str = "mutation($input: LoginInput!) { login(input: $input) {
    session { accessToken refreshToken } userErrors { field code message } retryAfterSeconds } }";
const REFRESH: &str = "mutation($t: String!) { tokenRefresh(refreshToken: $t) {
    session { accessToken refreshToken } userErrors { field code message } } }";
const ME: &str = "{ me { email name phone grade emailVerifiedAt marketingConsent marketingConsentAt
    addresses { id postalCode isDefault } } }";

const PASSWORD: &str = "바른한끼 좋아요 2026";

pub async fn register(app: &TestApp, email: &str) -> Value {
    let body = app
        .shop(
            REGISTER,
            json!({ "input": {
                "email": email, "password": PASSWORD, "name": "이서연",
                "phone": "010-2345-6789", "marketingConsent": true
            }}),
        )
        .await;
    let payload = &body["data"]["accountRegister"];
    assert_eq!(payload["userErrors"], json!([]), "{body}");
    payload["session"].clone()
}

async fn login(app: &TestApp, email: &str, password: &str) -> Value {
    let body = app
        .shop(
            LOGIN,
            json!({ "input": { "email": email, "password": password } }),
        )
        .await;
    body["data"]["login"].clone()
}

fn codes(payload: &Value) -> Vec<(String, String)> {
    payload["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("no userErrors in {payload}"))
        .iter()
        .map(|e| {
            (
                e["field"]
                    .as_array()
                    .map(|f| {
                        f.iter()
                            .map(|s| s.as_str().unwrap())
                            .collect::<Vec<_>>()
                            .join(".")
                    })
                    .unwrap_or_default(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn last_active(app: &TestApp, email: &'static str) -> chrono::NaiveDateTime {
    use diesel::prelude::*;
    use jangteo::db::schema::members as m;
    app.db
        .run(move |c| {
            m::table
                .filter(m::email.eq(email))
                .select(m::last_active_at)
                .first(c)
                .map_err(jangteo::db::DbError::from)
        })
        .await
        .unwrap()
}

async fn member_count(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    app.db
        .run(|c| {
            jangteo::db::schema::members::table
                .count()
                .get_result::<i64>(c)
                .map_err(jangteo::db::DbError::from)
        })
        .await
        .unwrap()
}

backend_tests! {
    /// Registering signs the shopper in; the access token reads the account; the verification
    /// link works once.
    async fn register_sign_in_and_verify_the_email(app) {
        let session = register(&app, "Seoyeon.Lee@Example.com").await;
        assert_eq!(session["member"]["email"], "seoyeon.lee@example.com");
        let token = session["accessToken"].as_str().unwrap();
        let (status, me) = app.shop_as(Some(token), ME, json!({})).await;
        assert_eq!(status, 200, "{me}");
        let me = &me["data"]["me"];
        assert_eq!(me["name"], "이서연");
        assert_eq!(me["phone"], "010-2345-6789");
        assert_eq!(me["grade"], "BASIC");
        assert_eq!(me["marketingConsent"], true);
        assert!(me["marketingConsentAt"].is_string(), "consent time recorded: {me}");
        assert_eq!(me["emailVerifiedAt"], Value::Null);

        let mail = app.wait_for_email("seoyeon.lee@example.com", "/account/verify-email").await;
        let link = link_token(&mail, "/account/verify-email");
        let verify = "mutation($t: String!) { emailVerify(token: $t) { member { emailVerifiedAt } userErrors { field code } } }";
        let first = app.shop(verify, json!({ "t": link })).await;
        assert!(first["data"]["emailVerify"]["member"]["emailVerifiedAt"].is_string(), "{first}");
        let again = app.shop(verify, json!({ "t": link })).await;
        assert_eq!(codes(&again["data"]["emailVerify"]), [("token".into(), "USED".into())]);
        let forged = app.shop(verify, json!({ "t": "not-a-token" })).await;
        assert_eq!(codes(&forged["data"]["emailVerify"]), [("token".into(), "INVALID".into())]);
        // Without a token `me` is null, not an error.
        assert_eq!(app.shop(ME, json!({})).await["data"]["me"], Value::Null);
    }

    /// Each bad field is reported with its code and nothing is created.
    async fn registration_refuses_bad_input(app) {
        let before = member_count(&app).await;
        let cases = [
            (json!({ "email": "kim@example", "password": PASSWORD, "name": "김", "phone": "010-1111-2222" }), "input.email", "INVALID"),
            (json!({ "email": "kim@example.com", "password": "short", "name": "김", "phone": "010-1111-2222" }), "input.password", "TOO_SHORT"),
            (json!({ "email": "kim.minjun@example.com", "password": "kim.minjun@example.com", "name": "김", "phone": "010-1111-2222" }), "input.password", "WEAK"),
            (json!({ "email": "kim@example.com", "password": "qwer1234!!", "name": "김", "phone": "010-1111-2222" }), "input.password", "WEAK"),
            (json!({ "email": "kim@example.com", "password": PASSWORD, "name": "  ", "phone": "010-1111-2222" }), "input.name", "BLANK"),
            (json!({ "email": "kim@example.com", "password": PASSWORD, "name": "김", "phone": "02-123-4567" }), "input.phone", "INVALID"),
        ];
        for (input, field, code) in cases {
            let body = app.shop(REGISTER, json!({ "input": input })).await;
            let payload = &body["data"]["accountRegister"];
            assert_eq!(payload["session"], Value::Null, "{body}");
            assert!(codes(payload).contains(&(field.into(), code.into())), "{input}: {body}");
        }
        register(&app, "taken@example.com").await;
        let body = app
            .shop(REGISTER, json!({ "input": { "email": " TAKEN@example.com", "password": PASSWORD, "name": "김", "phone": "010-1111-2222" } }))
            .await;
        assert_eq!(codes(&body["data"]["accountRegister"]), [("input.email".into(), "TAKEN".into())]);
        assert_eq!(member_count(&app).await, before + 1);
    }

    /// A wrong password and an unknown email get the same answer.
    async fn wrong_credentials_say_nothing_about_the_account(app) {
        register(&app, "known@example.com").await;
        let wrong = login(&app, "known@example.com", "not the password!").await;
        let unknown = login(&app, "nobody@example.com", "not the password!").await;
        assert_eq!(codes(&wrong), [("input.password".into(), "INVALID_CREDENTIALS".into())]);
        assert_eq!(codes(&wrong), codes(&unknown));
        assert_eq!(wrong["userErrors"][0]["message"], unknown["userErrors"][0]["message"]);
        // Right after a failure the account waits a second.
        app.clock.advance(chrono::Duration::seconds(1));
        let ok = login(&app, "KNOWN@example.com", PASSWORD).await;
        assert!(ok["session"]["accessToken"].is_string(), "{ok}");
    }

    /// Failed logins wait 1 s, 2 s, 4 s … up to an hour; waiting it out allows the next try.
    async fn failed_logins_back_off_exponentially(app) {
        register(&app, "curve@example.com").await;
        // Time moves only when the test says: the waits are exact however slow the machine.
        app.clock.freeze();
        let mut seen = Vec::new();
        for n in 1..=13u32 {
            let failed = login(&app, "curve@example.com", "wrong password!!").await;
            assert_eq!(codes(&failed), [("input.password".into(), "INVALID_CREDENTIALS".into())], "attempt {n}");
            let blocked = login(&app, "curve@example.com", PASSWORD).await;
            assert_eq!(codes(&blocked), [("input".into(), "THROTTLED".into())], "attempt {n}: {blocked}");
            assert_eq!(blocked["session"], Value::Null);
            let wait = blocked["retryAfterSeconds"].as_i64().unwrap();
            assert_eq!(wait, backoff_secs(n, 3600), "after {n} failures");
            seen.push(wait);
            app.clock.advance(chrono::Duration::seconds(wait));
        }
        assert_eq!(seen, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600]);
        // After waiting, the right password works and the account starts afresh.
        assert!(login(&app, "curve@example.com", PASSWORD).await["session"].is_object());
        let failed = login(&app, "curve@example.com", "wrong password!!").await;
        assert_eq!(codes(&failed)[0].1, "INVALID_CREDENTIALS");
        let blocked = login(&app, "curve@example.com", PASSWORD).await;
        assert_eq!(blocked["retryAfterSeconds"], 1);
    }

    /// Parallel guesses are evaluated one at a time: one is checked, the rest are throttled.
    async fn a_burst_of_parallel_guesses_is_checked_once(app) {
        register(&app, "burst@example.com").await;
        let guesses = (0..8).map(|i| {
            let app = &app;
            async move { login(app, "burst@example.com", &format!("guess number {i}!")).await }
        });
        let results = futures_util::future::join_all(guesses).await;
        let checked = results.iter().filter(|r| codes(r)[0].1 == "INVALID_CREDENTIALS").count();
        let throttled = results.iter().filter(|r| codes(r)[0].1 == "THROTTLED").count();
        assert_eq!((checked, throttled), (1, 7), "{results:?}");
    }

    /// Refresh tokens rotate; presenting a spent one (after the grace window) ends the whole
    /// family; logout ends it too.
    async fn refresh_tokens_rotate_and_reuse_revokes_the_family(app) {
        let session = register(&app, "rotate@example.com").await;
        let r1 = session["refreshToken"].as_str().unwrap().to_owned();
        let next = app.shop(REFRESH, json!({ "t": r1 })).await;
        let r2 = next["data"]["tokenRefresh"]["session"]["refreshToken"].as_str().unwrap().to_owned();
        assert_ne!(r1, r2);
        let access2 = next["data"]["tokenRefresh"]["session"]["accessToken"].as_str().unwrap().to_owned();
        assert_eq!(app.shop_as(Some(&access2), ME, json!({})).await.1["data"]["me"]["email"], "rotate@example.com");
        // r1 again, past the grace window (`auth.refresh_grace_secs`): it was copied. The
        // family (r2 too) is revoked.
        app.clock.advance(chrono::Duration::seconds(11));
        let reuse = app.shop(REFRESH, json!({ "t": r1 })).await;
        assert_eq!(codes(&reuse["data"]["tokenRefresh"]), [("refreshToken".into(), "USED".into())]);
        let after = app.shop(REFRESH, json!({ "t": r2 })).await;
        assert_eq!(codes(&after["data"]["tokenRefresh"]), [("refreshToken".into(), "INVALID".into())]);
        // A separate sign-in is its own family; logout ends it.
        let other = login(&app, "rotate@example.com", PASSWORD).await["session"]["refreshToken"].as_str().unwrap().to_owned();
        let out = app.shop("mutation($t: String!) { logout(refreshToken: $t) { ok userErrors { code } } }", json!({ "t": other })).await;
        assert_eq!(out["data"]["logout"]["ok"], true);
        let after = app.shop(REFRESH, json!({ "t": other })).await;
        assert_eq!(codes(&after["data"]["tokenRefresh"])[0].1, "INVALID");
        let junk = app.shop(REFRESH, json!({ "t": "jtr_forged" })).await;
        assert_eq!(codes(&junk["data"]["tokenRefresh"]), [("refreshToken".into(), "INVALID".into())]);
    }

    /// Tampered, expired or misused tokens never read an account.
    async fn tampered_access_tokens_are_refused(app) {
        use base64::Engine;
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let session = register(&app, "jwt@example.com").await;
        let token = session["accessToken"].as_str().unwrap().to_owned();
        let refresh = session["refreshToken"].as_str().unwrap().to_owned();
        let parts: Vec<&str> = token.split('.').collect();
        let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        let mut other = claims.clone();
        other["sub"] = json!("1");
        let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let enc = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let mut aud = claims.clone();
        aud["aud"] = json!("jangteo-admin");
        let cases = [
            ("alg none", format!("{none_header}.{}.", enc(&claims))),
            ("other member, old signature", format!("{}.{}.{}", parts[0], enc(&other), parts[2])),
            ("wrong audience, old signature", format!("{}.{}.{}", parts[0], enc(&aud), parts[2])),
            ("wrong signature", format!("{}.{}.{}x", parts[0], parts[1], &parts[2][..parts[2].len() - 1])),
            ("refresh token as access token", refresh.clone()),
        ];
        for (what, bad) in cases {
            let (status, body) = app.shop_as(Some(&bad), ME, json!({})).await;
            assert_eq!(status, 200, "{what}: {body}");
            assert_eq!(body["data"]["me"], Value::Null, "{what}");
            let ext = &body["errors"][0]["extensions"];
            assert_eq!(ext["code"], "UNAUTHENTICATED", "{what}: {body}");
            assert_eq!(ext["reason"], "TOKEN_INVALID", "{what}: {body}");
        }
        // Public fields still answer with a bad token.
        let (_, shop) = app.shop_as(Some("garbage"), "{ shop { name } }", json!({})).await;
        assert!(shop["data"]["shop"]["name"].is_string(), "{shop}");
        // Expiry: at most 15 minutes (10 by default).
        app.clock.advance(chrono::Duration::minutes(10));
        let (_, body) = app.shop_as(Some(&token), ME, json!({})).await;
        assert_eq!(body["errors"][0]["extensions"]["reason"], "TOKEN_EXPIRED", "{body}");
        // The refresh token still gets a new one, and records the member's activity.
        let before = last_active(&app, "jwt@example.com").await;
        let next = app.shop(REFRESH, json!({ "t": refresh })).await;
        let after = last_active(&app, "jwt@example.com").await;
        assert!(after >= before + chrono::Duration::minutes(10), "{before} → {after}");
        let fresh = next["data"]["tokenRefresh"]["session"]["accessToken"].as_str().unwrap().to_owned();
        assert_eq!(app.shop_as(Some(&fresh), ME, json!({})).await.1["data"]["me"]["email"], "jwt@example.com");
    }

    /// Reset links are single-use, expire after an hour, enforce the password rules, and end
    /// every session.
    async fn password_reset_by_email(app) {
        let session = register(&app, "reset@example.com").await;
        let old_refresh = session["refreshToken"].as_str().unwrap().to_owned();
        let request = "mutation($e: String!) { passwordResetRequest(email: $e) { ok userErrors { code } } }";
        let reset = "mutation($input: PasswordResetInput!) { passwordReset(input: $input) { ok userErrors { field code } } }";
        // Unknown addresses get the same answer.
        assert_eq!(app.shop(request, json!({ "e": "ghost@example.com" })).await["data"]["passwordResetRequest"]["ok"], true);
        assert_eq!(app.shop(request, json!({ "e": "reset@example.com" })).await["data"]["passwordResetRequest"]["ok"], true);
        let mail = app.wait_for_email("reset@example.com", "/account/reset-password").await;
        let token = link_token(&mail, "/account/reset-password");
        let weak = app.shop(reset, json!({ "input": { "token": token, "password": "reset@example.com" } })).await;
        assert_eq!(codes(&weak["data"]["passwordReset"]), [("input.password".into(), "WEAK".into())]);
        let new_password = "새 비밀번호는 길어요 77";
        let done = app.shop(reset, json!({ "input": { "token": token, "password": new_password } })).await;
        assert_eq!(done["data"]["passwordReset"]["ok"], true, "{done}");
        let again = app.shop(reset, json!({ "input": { "token": token, "password": "another long one 99" } })).await;
        assert_eq!(codes(&again["data"]["passwordReset"]), [("input.token".into(), "USED".into())]);
        assert_eq!(codes(&login(&app, "reset@example.com", PASSWORD).await)[0].1, "INVALID_CREDENTIALS");
        app.clock.advance(chrono::Duration::seconds(1));
        assert!(login(&app, "reset@example.com", new_password).await["session"].is_object());
        let stale = app.shop(REFRESH, json!({ "t": old_refresh })).await;
        assert_eq!(codes(&stale["data"]["tokenRefresh"])[0].1, "INVALID", "old sessions ended");
        // A second link, used after an hour.
        app.clock.advance(chrono::Duration::seconds(5));
        app.shop(request, json!({ "e": "reset@example.com" })).await;
        let mail = loop {
            let m = app.wait_for_email("reset@example.com", "/account/reset-password").await;
            if link_token(&m, "/account/reset-password") != token { break m; }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        let late = link_token(&mail, "/account/reset-password");
        app.clock.advance(chrono::Duration::minutes(61));
        let expired = app.shop(reset, json!({ "input": { "token": late, "password": "another long one 99" } })).await;
        assert_eq!(codes(&expired["data"]["passwordReset"]), [("input.token".into(), "EXPIRED".into())]);
    }

    /// A password change needs the current password and ends other sessions.
    async fn password_change(app) {
        let session = register(&app, "change@example.com").await;
        let token = session["accessToken"].as_str().unwrap();
        let change = "mutation($input: PasswordChangeInput!) { passwordChange(input: $input) { session { accessToken } userErrors { field code } } }";
        let (_, wrong) = app.shop_as(Some(token), change, json!({ "input": { "currentPassword": "nope nope nope", "newPassword": "completely new one 42" } })).await;
        assert_eq!(codes(&wrong["data"]["passwordChange"]), [("input.currentPassword".into(), "INVALID_CREDENTIALS".into())]);
        app.clock.advance(chrono::Duration::seconds(2));
        let (_, ok) = app.shop_as(Some(token), change, json!({ "input": { "currentPassword": PASSWORD, "newPassword": "completely new one 42" } })).await;
        assert!(ok["data"]["passwordChange"]["session"]["accessToken"].is_string(), "{ok}");
        let stale = app.shop(REFRESH, json!({ "t": session["refreshToken"] })).await;
        assert_eq!(codes(&stale["data"]["tokenRefresh"])[0].1, "INVALID");
        let (_, anonymous) = app.shop_as(None, change, json!({ "input": { "currentPassword": PASSWORD, "newPassword": "x" } })).await;
        assert_eq!(anonymous["errors"][0]["extensions"]["reason"], "SIGN_IN_REQUIRED");
    }

    /// Korean addresses: validated, one default, the default moves when it is deleted.
    async fn saved_addresses(app) {
        let session = register(&app, "address@example.com").await;
        let token = session["accessToken"].as_str().unwrap();
        let create = "mutation($input: AddressInput!) { addressCreate(input: $input) { address { id isDefault postalCode } userErrors { field code } } }";
        let addr = |postal: &str, default: bool| json!({ "input": {
            "recipient": "이서연", "phone": "010-2345-6789", "postalCode": postal,
            "roadAddress": "서울특별시 마포구 월드컵북로 396", "detailAddress": "3층", "isDefault": default } });
        let (_, first) = app.shop_as(Some(token), create, addr("03925", false)).await;
        assert_eq!(first["data"]["addressCreate"]["address"]["isDefault"], true, "the first is the default: {first}");
        let (_, second) = app.shop_as(Some(token), create, addr("06236", true)).await;
        assert_eq!(second["data"]["addressCreate"]["address"]["isDefault"], true);
        let (_, bad) = app.shop_as(Some(token), create, addr("135-080", false)).await;
        assert_eq!(codes(&bad["data"]["addressCreate"]), [("input.postalCode".into(), "INVALID".into())]);
        // The same limit as an order's shipping address, so a saved address always fits an
        // order: 200 characters of detail (Korean characters count as one each).
        let long = |n: usize| {
            let mut input = addr("06236", false);
            input["input"]["detailAddress"] = json!("가".repeat(n));
            input
        };
        let (_, too_long) = app.shop_as(Some(token), create, long(shared::account::ADDRESS_MAX + 1)).await;
        assert_eq!(codes(&too_long["data"]["addressCreate"]), [("input.detailAddress".into(), "TOO_LONG".into())]);
        let (_, longest) = app.shop_as(Some(token), create, long(shared::account::ADDRESS_MAX)).await;
        let longest_id = longest["data"]["addressCreate"]["address"]["id"].clone();
        assert!(longest_id.is_string(), "a 200-character detail address is saved: {longest}");
        let delete = "mutation($id: ID!) { addressDelete(id: $id) { ok userErrors { field code } } }";
        let (_, del) = app.shop_as(Some(token), delete, json!({ "id": longest_id })).await;
        assert_eq!(del["data"]["addressDelete"]["ok"], true);
        let (_, me) = app.shop_as(Some(token), ME, json!({})).await;
        let list = me["data"]["me"]["addresses"].as_array().unwrap().clone();
        assert_eq!(list.len(), 2);
        assert_eq!((list[0]["postalCode"].as_str(), list[0]["isDefault"].as_bool()), (Some("06236"), Some(true)));
        assert_eq!(list[1]["isDefault"], false);
        let (_, del) = app.shop_as(Some(token), delete, json!({ "id": list[0]["id"] })).await;
        assert_eq!(del["data"]["addressDelete"]["ok"], true);
        let (_, me) = app.shop_as(Some(token), ME, json!({})).await;
        assert_eq!(me["data"]["me"]["addresses"][0]["isDefault"], true, "{me}");
        // Someone else's address is not found.
        let other = register(&app, "other@example.com").await;
        let (_, foreign) = app.shop_as(other["accessToken"].as_str(), delete, json!({ "id": list[1]["id"] })).await;
        assert_eq!(codes(&foreign["data"]["addressDelete"]), [("id".into(), "NOT_FOUND".into())], "{foreign}");
    }

    /// One sign-in, token or guest order lookup per document: aliases cannot multiply guesses.
    async fn one_sensitive_operation_per_request(app) {
        for query in [
            r#"mutation { a: login(input: {email: "x@example.com", password: "p"}) { retryAfterSeconds } b: login(input: {email: "x@example.com", password: "q"}) { retryAfterSeconds } }"#,
            r#"mutation { ...F login(input: {email: "x@example.com", password: "q"}) { retryAfterSeconds } } fragment F on Mutation { login(input: {email: "x@example.com", password: "p"}) { retryAfterSeconds } }"#,
            r#"mutation { tokenRefresh(refreshToken: "a") { retryAfterSeconds } ... on Mutation { passwordReset(input: {token: "t", password: "p"}) { ok } } }"#,
            r#"{ a: orderLookup(number: "20261205-000001", phone: "010-1234-5678") { number } b: orderLookup(number: "20261205-000002", phone: "010-1234-5678") { number } }"#,
        ] {
            let (status, body) = app.shop_raw(query, json!({})).await;
            assert_eq!(status, 400, "{body}");
            assert_eq!(body["errors"][0]["extensions"]["code"], "TOO_MANY_SENSITIVE_OPERATIONS", "{body}");
        }
        let (status, body) = app.admin_as(None, r#"mutation { a: staffLogin(input: {email: "x@example.com", password: "p"}) { retryAfterSeconds } b: staffLogin(input: {email: "x@example.com", password: "q"}) { retryAfterSeconds } }"#, json!({})).await;
        assert_eq!((status, body["errors"][0]["extensions"]["code"].as_str()), (400, Some("TOO_MANY_SENSITIVE_OPERATIONS")));
    }
}

const ADDRESS_CREATE: &str = "mutation($input: AddressInput!) { addressCreate(input: $input) {
    address { id } userErrors { field code } } }";

fn address_input() -> Value {
    json!({ "input": {
        "recipient": "이서연", "phone": "010-2345-6789", "postalCode": "03925",
        "roadAddress": "서울특별시 마포구 월드컵북로 396", "detailAddress": "3층" } })
}

/// `tokenRefresh`'s session (refresh token, access token), or a panic naming the answer.
fn refreshed(body: &Value) -> (String, String) {
    let session = &body["data"]["tokenRefresh"]["session"];
    let refresh = session["refreshToken"].as_str();
    let access = session["accessToken"].as_str();
    match (refresh, access) {
        (Some(r), Some(a)) => (r.to_owned(), a.to_owned()),
        _ => panic!("no session: {body}"),
    }
}

/// The `reason` of an `UNAUTHENTICATED` error, or a panic naming the answer.
fn refused_reason(body: &Value) -> String {
    let ext = &body["errors"][0]["extensions"];
    assert_eq!(ext["code"], "UNAUTHENTICATED", "{body}");
    ext["reason"].as_str().unwrap_or_default().to_owned()
}

/// Whether `access` may still change the account (an operation that checks its session).
async fn can_change_the_account(app: &TestApp, access: &str) -> bool {
    let (status, body) = app
        .shop_as(Some(access), ADDRESS_CREATE, address_input())
        .await;
    assert_eq!(status, 200, "{body}");
    if body["data"]["addressCreate"]["address"]["id"].is_string() {
        return true;
    }
    assert_eq!(refused_reason(&body), "SESSION_ENDED");
    false
}

backend_tests! {
    /// Two tabs (then eight) refresh with the same token at once: every request gets a session
    /// of the family, nobody is signed out, and every token handed out keeps working.
    async fn concurrent_refreshes_of_one_token_keep_the_shopper_signed_in(app) {
        let session = register(&app, "tabs@example.com").await;
        let mut token = session["refreshToken"].as_str().unwrap().to_owned();
        for n in [2usize, 8] {
            let racers = (0..n).map(|_| {
                let (app, token) = (&app, token.clone());
                async move { app.shop(REFRESH, json!({ "t": token })).await }
            });
            let answers = futures_util::future::join_all(racers).await;
            let sessions: Vec<(String, String)> = answers.iter().map(refreshed).collect();
            let distinct: std::collections::HashSet<&String> = sessions.iter().map(|(r, _)| r).collect();
            assert_eq!(distinct.len(), 1, "every racer got the winner's refresh token: the family never branches");
            for (_, access) in &sessions {
                assert!(can_change_the_account(&app, access).await, "{n} racers: the session is live");
            }
            // The shared token rotates once; each tab presenting it afterwards (within the
            // window) is handed the same next token, which carries on.
            let mut next = std::collections::HashSet::new();
            for (refresh, _) in &sessions {
                let body = app.shop(REFRESH, json!({ "t": refresh })).await;
                next.insert(refreshed(&body).0);
            }
            assert_eq!(next.len(), 1, "{next:?}");
            token = next.into_iter().next().unwrap();
        }
        let body = app.shop(REFRESH, json!({ "t": token })).await;
        let (_, access) = refreshed(&body);
        assert_eq!(app.shop_as(Some(&access), ME, json!({})).await.1["data"]["me"]["email"], "tabs@example.com");
    }

    /// A spent token presented again within `auth.refresh_grace_secs` (10 s) of its rotation
    /// gets a session of the same family; after the window it is a copy: the family (the
    /// winner's token and the grace token too) is revoked, and their access tokens stop working
    /// for account changes at once while the catalog still answers.
    async fn a_late_replay_revokes_the_family(app) {
        app.clock.freeze();
        let session = register(&app, "replay@example.com").await;
        let r1 = session["refreshToken"].as_str().unwrap().to_owned();
        let (r2, access2) = refreshed(&app.shop(REFRESH, json!({ "t": r1 })).await);
        app.clock.advance(chrono::Duration::seconds(9));
        let (r2b, access2b) = refreshed(&app.shop(REFRESH, json!({ "t": r1 })).await);
        assert_eq!(r2, r2b, "the family's current token, not a second branch");
        // If the winner rotated again meanwhile, the late tab follows the chain to the current one.
        let (r3, _) = refreshed(&app.shop(REFRESH, json!({ "t": r2 })).await);
        let (r3b, _) = refreshed(&app.shop(REFRESH, json!({ "t": r1 })).await);
        assert_eq!(r3, r3b);
        assert!(can_change_the_account(&app, &access2).await);
        assert!(can_change_the_account(&app, &access2b).await);
        // Eleven seconds after its rotation, r1 again is reuse.
        app.clock.advance(chrono::Duration::seconds(2));
        let reuse = app.shop(REFRESH, json!({ "t": r1 })).await;
        assert_eq!(codes(&reuse["data"]["tokenRefresh"]), [("refreshToken".into(), "USED".into())]);
        for stale in [&r2, &r3] {
            let after = app.shop(REFRESH, json!({ "t": stale })).await;
            assert_eq!(codes(&after["data"]["tokenRefresh"]), [("refreshToken".into(), "INVALID".into())]);
        }
        // Within what would be r1's window again, a revoked family gives nothing back.
        let again = app.shop(REFRESH, json!({ "t": r1 })).await;
        assert_eq!(codes(&again["data"]["tokenRefresh"])[0].1, "INVALID", "{again}");
        for access in [&access2, &access2b] {
            assert!(!can_change_the_account(&app, access).await, "revoked family");
            let (_, products) = app.shop_as(Some(access), "{ products(first: 1) { nodes { name } } }", json!({})).await;
            assert!(products["data"]["products"]["nodes"][0]["name"].is_string(), "{products}");
        }
    }

    /// After sign-out, the still-unexpired access token is refused for checkout, payment
    /// confirmation, password, profile and address changes (`SESSION_ENDED`), while the catalog
    /// and reading the account still answer; another session of the member is untouched. A
    /// password change ends every session, so its own earlier access tokens are refused too.
    async fn revoked_sessions_cannot_move_money_or_change_the_account(app) {
        use jangteo_tests::commerce::{self, CHECKOUT, CONFIRM, checkout_input, variant_with_stock};
        let v = variant_with_stock(&app, "SESSION-1", 10, 10_000).await;
        let session = register(&app, "signout@example.com").await;
        let access = session["accessToken"].as_str().unwrap().to_owned();
        let refresh = session["refreshToken"].as_str().unwrap().to_owned();
        let (_, added) = app.shop_as(Some(&access), commerce::ADD, json!({ "lines": [{ "variantId": v, "quantity": 1 }] })).await;
        assert_eq!(added["data"]["cartLinesAdd"]["userErrors"], json!([]), "{added}");
        assert!(can_change_the_account(&app, &access).await);
        let other = login(&app, "signout@example.com", PASSWORD).await;
        let other_access = other["session"]["accessToken"].as_str().unwrap().to_owned();

        let out = app.shop("mutation($t: String!) { logout(refreshToken: $t) { ok } }", json!({ "t": refresh })).await;
        assert_eq!(out["data"]["logout"]["ok"], true, "{out}");

        let mut input = checkout_input(None, "CARD");
        for field in ["customerName", "email", "phone", "cartToken"] {
            input.as_object_mut().unwrap().remove(field);
        }
        let refused = [
            ("checkoutComplete", CHECKOUT, json!({ "input": input })),
            ("paymentConfirm", CONFIRM, json!({ "input": { "orderNumber": "20261205-000001", "paymentKey": "k", "amount": 10000 } })),
            ("passwordChange", "mutation($input: PasswordChangeInput!) { passwordChange(input: $input) { session { accessToken } } }",
                json!({ "input": { "currentPassword": PASSWORD, "newPassword": "completely new one 42" } })),
            ("addressCreate", ADDRESS_CREATE, address_input()),
            ("accountUpdate", "mutation { accountUpdate(input: { name: \"도둑\" }) { member { name } } }", json!({})),
        ];
        for (field, query, variables) in refused {
            let (status, body) = app.shop_as(Some(&access), query, variables).await;
            assert_eq!(status, 200, "{field}: {body}");
            assert_eq!(body["data"], Value::Null, "{field}: {body}");
            assert_eq!(refused_reason(&body), "SESSION_ENDED", "{field}: {body}");
            assert_eq!(body["errors"][0]["message"], "the session has ended; sign in again");
        }
        assert_eq!(commerce::stock_of(&app, &v).await, 10, "no order was placed");
        let (_, products) = app.shop_as(Some(&access), "{ products(first: 1) { nodes { name } } }", json!({})).await;
        assert!(products["data"]["products"]["nodes"][0]["name"].is_string(), "{products}");
        let (_, me) = app.shop_as(Some(&access), ME, json!({})).await;
        assert_eq!(me["data"]["me"]["name"], "이서연", "reading stays stateless: {me}");

        // The other session checks out; after its password change, its old token is refused.
        let (_, body) = app.shop_as(Some(&other_access), CHECKOUT, json!({ "input": input })).await;
        assert!(body["data"]["checkoutComplete"]["order"]["number"].is_string(), "{body}");
        app.clock.advance(chrono::Duration::seconds(2));
        let (_, changed) = app.shop_as(Some(&other_access), "mutation($input: PasswordChangeInput!) { passwordChange(input: $input) { session { accessToken } userErrors { code } } }",
            json!({ "input": { "currentPassword": PASSWORD, "newPassword": "completely new one 42" } })).await;
        let fresh = changed["data"]["passwordChange"]["session"]["accessToken"].as_str().unwrap_or_else(|| panic!("{changed}")).to_owned();
        assert!(!can_change_the_account(&app, &other_access).await, "the password change ended it");
        assert!(can_change_the_account(&app, &fresh).await);
    }
}
