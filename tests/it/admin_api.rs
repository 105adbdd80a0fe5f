//! The Admin API: credentials, permission guards and the `userErrors` convention.

use jangteo_tests::{TestApp, backend_tests};
use serde_json::{Value, json};

const UPDATE: &str = "mutation($id: ID!, $input: ChannelUpdateInput!) {
    channelUpdate(id: $id, input: $input) {
        channel { id code name hosts }
        userErrors { field message code }
    }
}";

async fn channel_ids(app: &TestApp) -> (String, String) {
    let body = app.admin("{ channels { id code } }", json!({})).await;
    let list = body["data"]["channels"]
        .as_array()
        .expect("channels")
        .clone();
    let id = |code: &str| {
        list.iter().find(|c| c["code"] == code).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    (id("bareun"), id("protein"))
}

async fn update(app: &TestApp, id: &str, input: Value) -> Value {
    let body = app.admin(UPDATE, json!({ "id": id, "input": input })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["channelUpdate"].clone()
}

backend_tests! {
    /// Anonymous callers see only `viewer: null`; every other field says UNAUTHENTICATED.
    async fn anonymous_callers_reach_nothing(app) {
        let (status, body) = app
            .post_json("/admin-api/graphql", json!({ "query": "{ viewer { name } }" }), &[])
            .await;
        assert_eq!(status, 200);
        assert_eq!(body, json!({ "data": { "viewer": null } }));

        for query in [
            "{ channels { name } }",
            "{ products(first: 1) { nodes { name } } }",
            "{ channel(id: \"gid://jangteo/Channel/1\") { name } }",
        ] {
            let (_, body) = app.post_json("/admin-api/graphql", json!({ "query": query }), &[]).await;
            assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{query}: {body}");
            assert_eq!(body["data"], Value::Null, "{query}");
        }
        let (_, body) = app
            .post_json(
                "/admin-api/graphql",
                json!({ "query": UPDATE, "variables": { "id": "gid://jangteo/Channel/1", "input": { "name": "x" } } }),
                &[],
            )
            .await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{body}");
        // Nothing changed.
        let after = app.admin("{ channels { name } }", json!({})).await;
        assert_eq!(after["data"]["channels"][0]["name"], "바른한끼");
    }

    /// Wrong credentials are refused outright (401), not treated as anonymous.
    async fn wrong_credentials_get_401(app) {
        for header in ["Bearer wrong-token", "Basic dXNlcjpwYXNz", "Bearer"] {
            let resp = app
                .client
                .post(app.url("/admin-api/graphql"))
                .header("content-type", "application/json")
                .header("authorization", header)
                .body(json!({ "query": "{ viewer { name } }" }).to_string())
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 401, "{header}");
            assert!(resp.headers()["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
            let body: Value = resp.json().await.unwrap();
            assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
        }
    }

    /// The operator token sees everything staff see.
    async fn operator_reads_channels_and_products(app) {
        let body = app
            .admin(
                "{ viewer { name permissions }
                   channels { code name currency isDefault hosts }
                   products(first: 100) { nodes { slug channelListings { channelCode price { amount currency } published } } } }",
                json!({}),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        assert_eq!(body["data"]["viewer"]["name"], "operator");
        assert!(body["data"]["viewer"]["permissions"].as_array().unwrap().contains(&json!("SETTINGS_WRITE")));
        let channels = &body["data"]["channels"];
        assert_eq!(channels[0], json!({ "code": "bareun", "name": "바른한끼", "currency": "KRW", "isDefault": true, "hosts": ["bareun.localhost"] }));
        assert_eq!(channels[1]["code"], "protein");
        let products = body["data"]["products"]["nodes"].as_array().unwrap();
        assert_eq!(products.len(), 15, "every product, in any channel");
        let shake = products.iter().find(|p| p["slug"] == "protein-shake-chocolate").unwrap();
        assert_eq!(
            shake["channelListings"],
            json!([
                { "channelCode": "bareun", "price": { "amount": 29900, "currency": "KRW" }, "published": true },
                { "channelCode": "protein", "price": { "amount": 28900, "currency": "KRW" }, "published": true },
            ])
        );
    }

    /// Expected failures come back as `userErrors` with field path and code, and change nothing.
    async fn channel_update_reports_user_errors(app) {
        let (main, protein) = channel_ids(&app).await;

        let r = update(&app, &main, json!({ "name": "   " })).await;
        assert_eq!(r["channel"], Value::Null);
        assert_eq!(r["userErrors"], json!([{ "field": ["input", "name"], "message": "name must not be empty", "code": "BLANK" }]));

        let r = update(&app, &main, json!({ "name": "가".repeat(101) })).await;
        assert_eq!(r["userErrors"][0]["code"], "TOO_LONG");

        let r = update(&app, &main, json!({ "hosts": ["shop.example.com", "not a host", "SHOP.example.com"] })).await;
        let errors = r["userErrors"].as_array().unwrap();
        assert_eq!(errors.len(), 2, "{r}");
        assert_eq!(errors[0]["field"], json!(["input", "hosts", "1"]));
        assert_eq!(errors[0]["code"], "INVALID");
        assert_eq!(errors[1]["field"], json!(["input", "hosts", "2"]));

        // A valid name with a taken host: refused as a whole, the name does not change either.
        let r = update(&app, &main, json!({ "name": "새 이름", "hosts": ["protein.localhost"] })).await;
        assert_eq!(r["userErrors"], json!([{ "field": ["input", "hosts", "0"], "message": "protein.localhost already selects another channel", "code": "TAKEN" }]));

        let r = update(&app, "gid://jangteo/Product/1", json!({ "name": "x" })).await;
        assert_eq!(r["userErrors"][0]["field"], json!(["id"]));
        assert_eq!(r["userErrors"][0]["code"], "INVALID");
        let r = update(&app, "gid://jangteo/Channel/999999", json!({ "name": "x" })).await;
        assert_eq!(r["userErrors"][0]["code"], "NOT_FOUND");

        // None of the refused updates changed anything.
        let body = app.admin("{ channels { name hosts } }", json!({})).await;
        assert_eq!(body["data"]["channels"][0], json!({ "name": "바른한끼", "hosts": ["bareun.localhost"] }));
        assert_eq!(body["data"]["channels"][1]["hosts"], json!(["protein.localhost"]));

        let r = update(&app, &main, json!({ "logoUrl": "/relative/logo.png" })).await;
        assert_eq!(r["userErrors"][0]["field"], json!(["input", "logoUrl"]));
        let set = app
            .admin(
                "mutation($id: ID!) { channelUpdate(id: $id, input: { logoUrl: \"https://cdn.example.com/bareun.png\" }) { channel { logoUrl name } } }",
                json!({ "id": main }),
            )
            .await;
        assert_eq!(set["data"]["channelUpdate"]["channel"], json!({ "logoUrl": "https://cdn.example.com/bareun.png", "name": "바른한끼" }));
        let cleared = app
            .admin(
                "mutation($id: ID!) { channelUpdate(id: $id, input: { logoUrl: null }) { channel { logoUrl } } }",
                json!({ "id": main }),
            )
            .await;
        assert_eq!(cleared["data"]["channelUpdate"]["channel"]["logoUrl"], Value::Null);

        // A valid update applies, and the Shop API serves the new host at once.
        let r = update(&app, &protein, json!({ "name": "단백공방 본점", "hosts": ["Protein.Example.com", "protein.localhost"] })).await;
        assert_eq!(r["userErrors"], json!([]));
        assert_eq!(r["channel"]["name"], "단백공방 본점");
        assert_eq!(r["channel"]["hosts"], json!(["protein.example.com", "protein.localhost"]));
        let (_, shop) = app
            .post_json("/graphql", json!({ "query": "{ shop { name } }" }), &[("host", "protein.example.com")])
            .await;
        assert_eq!(shop["data"]["shop"]["name"], "단백공방 본점");
    }

    /// Concurrent writes all succeed: on SQLite a read-then-write transaction waits for the
    /// write lock instead of failing with "database is locked".
    async fn concurrent_updates_all_apply(app) {
        let (main, _) = channel_ids(&app).await;
        let updates = (0..24).map(|i| {
            let main = main.clone();
            let app = &app;
            async move {
                update(app, &main, json!({ "name": format!("이름 {i}"), "hosts": [format!("shop{i}.example.com")] })).await
            }
        });
        let results = futures_util::future::join_all(updates).await;
        for r in &results {
            assert_eq!(r["userErrors"], json!([]), "{r}");
        }
        let body = app.admin("{ channels { name hosts } }", json!({})).await;
        let main_channel = &body["data"]["channels"][0];
        let name = main_channel["name"].as_str().unwrap();
        let suffix = name.strip_prefix("이름 ").unwrap();
        assert_eq!(main_channel["hosts"], json!([format!("shop{suffix}.example.com")]), "name and hosts from one update");
    }

    /// A malformed ID given to a query is a typed input error naming the argument.
    async fn malformed_ids_are_user_input_errors(app) {
        let body = app.admin("{ channel(id: \"42\") { name } }", json!({})).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "id");
        let body = app.admin("{ channel(id: \"gid://jangteo/Channel/999999\") { name } }", json!({})).await;
        assert_eq!(body, json!({ "data": { "channel": null } }));
    }

    /// Staff set the seller details the law asks shops to show; shoppers read them through the
    /// Shop API at once. A wrong check digit, a foreign telephone or a bad email is refused on
    /// its field with nothing changed; values are written the usual way; an empty string clears
    /// a field and a left-out one stays; the change is in the audit log.
    async fn seller_details_are_checked_and_shown_to_shoppers(app) {
        const SHOP: &str = "{ shop { seller { businessName representative registrationNumber mailOrderNumber address phone email hours privacyOfficer hostingProvider escrowNotice } } }";
        let (bareun, _) = channel_ids(&app).await;
        let before = app.shop(SHOP, json!({})).await["data"]["shop"]["seller"].clone();
        assert_eq!(before["registrationNumber"], "215-87-20268", "the demo's: {before}");

        let refused = update(&app, &bareun, json!({ "name": "바뀐 이름", "seller": {
            "businessName": "주식회사 새이름", "registrationNumber": "215-87-20269",
            "phone": "+82 2 123 4567", "email": "help@" } })).await;
        let mut fields: Vec<(String, String)> = refused["userErrors"].as_array().unwrap().iter()
            .map(|e| (e["field"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect::<Vec<_>>().join("."), e["code"].as_str().unwrap().to_owned()))
            .collect();
        fields.sort();
        assert_eq!(fields, [
            ("input.seller.email".to_owned(), "INVALID".to_owned()),
            ("input.seller.phone".to_owned(), "INVALID".to_owned()),
            ("input.seller.registrationNumber".to_owned(), "INVALID".to_owned()),
        ], "{refused}");
        assert_eq!(refused["channel"], Value::Null);
        assert_eq!(app.shop(SHOP, json!({})).await["data"]["shop"]["seller"], before, "nothing changed");
        let name = app.shop("{ shop { name } }", json!({})).await;
        assert_eq!(name["data"]["shop"]["name"], "바른한끼", "nor the rest of the input");

        let saved = update(&app, &bareun, json!({ "seller": {
            "businessName": "  주식회사 새이름 ", "registrationNumber": "1248100998",
            "phone": "02 1234 5678", "email": "Help@New.Example", "escrowNotice": "",
            "hours": "평일 9:00–18:00" } })).await;
        assert_eq!(saved["userErrors"], json!([]), "{saved}");
        let after = app.shop(SHOP, json!({})).await["data"]["shop"]["seller"].clone();
        assert_eq!(after["businessName"], "주식회사 새이름");
        assert_eq!(after["registrationNumber"], "124-81-00998");
        assert_eq!(after["phone"], "02-1234-5678");
        assert_eq!(after["email"], "help@new.example");
        assert_eq!(after["hours"], "평일 9:00–18:00");
        assert_eq!(after["escrowNotice"], "", "an empty string clears");
        assert_eq!(after["representative"], before["representative"], "left out stays");
        assert_eq!(after["mailOrderNumber"], before["mailOrderNumber"]);
        // Staff read the same; the other shop keeps its own.
        let staff = app.admin("query($id: ID!) { channel(id: $id) { seller { businessName phone } } }", json!({ "id": bareun })).await;
        assert_eq!(staff["data"]["channel"]["seller"], json!({ "businessName": "주식회사 새이름", "phone": "02-1234-5678" }));
        let (_, other) = app
            .post_json("/graphql", json!({ "query": "{ shop { seller { businessName } } }" }), &[("jangteo-channel", "protein")])
            .await;
        assert_eq!(other["data"]["shop"]["seller"]["businessName"], "주식회사 바른한끼", "{other}");

        let log = app.admin("{ auditLog(first: 1, action: \"channel.update\") { nodes { target detail } } }", json!({})).await;
        let detail = log["data"]["auditLog"]["nodes"][0]["detail"].to_string();
        assert!(detail.contains("registrationNumber") && detail.contains("escrowNotice"), "{log}");
    }
}

/// A new installation without demo data: the default channel and an empty catalog, listed as
/// empty pages rather than errors, through both APIs.
async fn empty_installation(backend: jangteo_tests::Backend) {
    let app = TestApp::spawn_with(backend, |c| c.demo = false).await;
    let body = app
        .admin(
            "{ channels { code name isDefault } products(first: 5) { nodes { slug } pageInfo { hasNextPage endCursor } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body,
        json!({ "data": {
            "channels": [{ "code": "default", "name": "Jangteo", "isDefault": true }],
            "products": { "nodes": [], "pageInfo": { "hasNextPage": false, "endCursor": null } }
        } })
    );
    let body = app
        .shop(
            "{ shop { name currency } products { nodes { name } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body,
        json!({ "data": { "shop": { "name": "Jangteo", "currency": "KRW" }, "products": { "nodes": [] } } })
    );
}

mod empty_installation_lists_nothing {
    #[tokio::test]
    async fn sqlite() {
        super::empty_installation(jangteo_tests::Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn postgres() {
        super::empty_installation(jangteo_tests::Backend::Postgres).await;
    }
}
