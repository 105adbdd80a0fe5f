//! A shop's policies (이용약관, 개인정보처리방침, 교환·반품 안내): published by staff as versions,
//! cleaned like product content, read by shoppers, and recorded with each order's agreements;
//! refused input publishes nothing, and publications at once never share a version.

use jangteo_tests::commerce::{cart_with, place, variant_with_stock};
use jangteo_tests::{TestApp, backend_tests};
use serde_json::{Value, json};

const PUBLISH: &str = "mutation($c: ID!, $k: PolicyKind!, $b: String!) {
    policyPublish(channelId: $c, kind: $k, bodyHtml: $b) {
        policy { kind version bodyHtml publishedAt } userErrors { field code } } }";

async fn channel_id(app: &TestApp, code: &str) -> String {
    let body = app.admin("{ channels { id code } }", json!({})).await;
    body["data"]["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
        .unwrap_or_else(|| panic!("no channel {code}: {body}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn publish(app: &TestApp, channel: &str, kind: &str, body: &str) -> Value {
    let answer = app
        .admin(PUBLISH, json!({ "c": channel, "k": kind, "b": body }))
        .await;
    answer["data"]["policyPublish"].clone()
}

async fn shop_policy(app: &TestApp, channel: &str, kind: &str, version: Option<i64>) -> Value {
    let (_, body) = app
        .post_json(
            "/graphql",
            json!({
                "query": "query($k: PolicyKind!, $v: Int) { shop { policy(kind: $k, version: $v) { kind version bodyHtml } } }",
                "variables": { "k": kind, "v": version },
            }),
            &[("jangteo-channel", channel)],
        )
        .await;
    body["data"]["shop"]["policy"].clone()
}

async fn agreements(app: &TestApp, number: &str) -> Vec<(String, Value)> {
    let order = app
        .admin(
            "query($n: String!) { orderByNumber(number: $n) { agreements { kind policyVersion } } }",
            json!({ "n": number }),
        )
        .await;
    order["data"]["orderByNumber"]["agreements"]
        .as_array()
        .unwrap_or_else(|| panic!("{order}"))
        .iter()
        .map(|a| {
            (
                a["kind"].as_str().unwrap().to_owned(),
                a["policyVersion"].clone(),
            )
        })
        .collect()
}

backend_tests! {
    /// Staff publish the terms: cleaned, numbered from 1, the same text again publishes nothing,
    /// a change is version 2 while version 1 stays readable; the other shop has none. An order
    /// records the versions in force when it was placed.
    async fn policies_are_published_as_versions_and_orders_keep_theirs(app) {
        let main = channel_id(&app, "bareun").await;
        assert_eq!(shop_policy(&app, "bareun", "TERMS", None).await, Value::Null);
        let v = variant_with_stock(&app, "POL-TEA", 20, 10_000).await;
        let (before, _) = place(&app, &cart_with(&app, &v, 1).await, "CARD").await;
        assert_eq!(
            agreements(&app, &before).await,
            [("PURCHASE_CONDITIONS".to_owned(), Value::Null), ("PRIVACY_COLLECTION".to_owned(), Value::Null)]
        );

        let first = publish(&app, &main, "TERMS", "<h2>제1조 (목적)</h2><p onclick=\"x()\">이 약관은 바른한끼가 제공하는 서비스의 이용 조건을 정합니다.</p><script>alert(1)</script>").await;
        assert_eq!(first["userErrors"], json!([]), "{first}");
        assert_eq!(first["policy"]["version"], 1);
        let html = first["policy"]["bodyHtml"].as_str().unwrap();
        assert!(html.contains("제1조 (목적)") && !html.contains("script") && !html.contains("onclick"), "{html}");
        let again = publish(&app, &main, "TERMS", html).await;
        assert_eq!(again["policy"]["version"], 1, "the same text is no new version: {again}");
        let second = publish(&app, &main, "TERMS", "<h2>제1조 (목적)</h2><p>개정된 약관입니다.</p>").await;
        assert_eq!(second["policy"]["version"], 2, "{second}");
        assert_eq!(shop_policy(&app, "bareun", "TERMS", None).await["version"], 2);
        let old = shop_policy(&app, "bareun", "TERMS", Some(1)).await;
        assert!(old["bodyHtml"].as_str().unwrap().contains("이용 조건"), "version 1 as it was: {old}");
        assert_eq!(shop_policy(&app, "bareun", "TERMS", Some(3)).await, Value::Null);
        assert_eq!(shop_policy(&app, "protein", "TERMS", None).await, Value::Null, "another shop's own");
        let privacy = publish(&app, &main, "PRIVACY", "<p>수집 항목: 이름, 연락처, 주소</p>").await;
        assert_eq!(privacy["policy"]["version"], 1, "{privacy}");

        let (after, _) = place(&app, &cart_with(&app, &v, 1).await, "CARD").await;
        assert_eq!(
            agreements(&app, &after).await,
            [("PURCHASE_CONDITIONS".to_owned(), json!(2)), ("PRIVACY_COLLECTION".to_owned(), json!(1))]
        );
        assert_eq!(agreements(&app, &before).await[0].1, Value::Null, "an earlier order keeps what it had");
        let history = app.admin("query($c: ID!) { policies(channelId: $c) { kind version } }", json!({ "c": main })).await;
        assert_eq!(
            history["data"]["policies"],
            json!([{ "kind": "PRIVACY", "version": 1 }, { "kind": "TERMS", "version": 2 }, { "kind": "TERMS", "version": 1 }])
        );
    }

    /// Text that cleans to nothing, text over the limit and an unknown shop are refused with a
    /// code on the field, and publish nothing; ten publications at once get ten versions.
    async fn bad_policies_publish_nothing_and_racing_ones_never_share_a_version(app) {
        let main = channel_id(&app, "bareun").await;
        for (body, code) in [
            ("<p> </p><p><br></p>", "BLANK"),
            ("<script>약관</script>", "BLANK"),
            ("", "BLANK"),
        ] {
            let refused = publish(&app, &main, "RETURNS", body).await;
            assert_eq!(refused["policy"], Value::Null, "{refused}");
            assert_eq!(refused["userErrors"], json!([{ "field": ["bodyHtml"], "code": code }]), "{body}: {refused}");
        }
        let long = format!("<p>{}</p>", "가".repeat(50_000));
        let refused = publish(&app, &main, "RETURNS", &long).await;
        assert_eq!(refused["userErrors"], json!([{ "field": ["bodyHtml"], "code": "TOO_LONG" }]), "{refused}");
        let refused = publish(&app, "gid://jangteo/Channel/9999", "RETURNS", "<p>교환 안내</p>").await;
        assert_eq!(refused["userErrors"], json!([{ "field": ["channelId"], "code": "NOT_FOUND" }]), "{refused}");
        let refused = publish(&app, "gid://jangteo/Product/1", "RETURNS", "<p>교환 안내</p>").await;
        assert_eq!(refused["userErrors"][0]["field"], json!(["channelId"]), "{refused}");
        let (status, body) = app
            .admin_as(Some(&app.operator_token), PUBLISH, json!({ "c": main, "k": "REFUNDS", "b": "<p>x</p>" }))
            .await;
        assert!(status == 200 || status == 400, "{status} {body}");
        assert!(body["errors"].is_array() && body["data"].is_null(), "an unknown kind: {body}");
        assert_eq!(shop_policy(&app, "bareun", "RETURNS", None).await, Value::Null, "nothing was published");

        let racing: Vec<_> = (0..10)
            .map(|i| {
                let app = &app;
                let main = main.clone();
                async move { publish(app, &main, "RETURNS", &format!("<p>교환·반품 안내 {i}판</p>")).await }
            })
            .collect();
        let mut versions: Vec<i64> = futures_util::future::join_all(racing)
            .await
            .iter()
            .map(|p| {
                assert_eq!(p["userErrors"], json!([]), "{p}");
                p["policy"]["version"].as_i64().unwrap()
            })
            .collect();
        versions.sort_unstable();
        assert_eq!(versions, (1..=10).collect::<Vec<_>>());
        assert_eq!(shop_policy(&app, "bareun", "RETURNS", None).await["version"], 10);
    }
}
