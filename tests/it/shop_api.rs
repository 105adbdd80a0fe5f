//! The Shop API: the shop (channel) of a request and its catalog, paginated.

use jangteo_tests::{TestApp, backend_tests};
use serde_json::{Value, json};

const PRODUCTS_PAGE: &str = "query($first: Int, $after: String) {
    products(first: $first, after: $after) {
        edges { cursor node { id slug name price { amount currency formatted } } }
        pageInfo { hasNextPage hasPreviousPage endCursor }
    }
}";

/// Every product of the request's channel, by walking the pages.
async fn all_products(app: &TestApp, page_size: i64, headers: &[(&str, &str)]) -> Vec<Value> {
    let mut after: Option<String> = None;
    let mut all = Vec::new();
    for page in 0.. {
        let (status, body) = app
            .post_json(
                "/graphql",
                json!({ "query": PRODUCTS_PAGE, "variables": { "first": page_size, "after": after } }),
                headers,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let conn = &body["data"]["products"];
        let edges = conn["edges"].as_array().expect("edges");
        assert!(edges.len() as i64 <= page_size);
        assert_eq!(conn["pageInfo"]["hasPreviousPage"], json!(page > 0));
        all.extend(edges.iter().map(|e| e["node"].clone()));
        if conn["pageInfo"]["hasNextPage"] == json!(false) {
            break;
        }
        after = Some(
            conn["pageInfo"]["endCursor"]
                .as_str()
                .expect("endCursor")
                .to_owned(),
        );
    }
    all
}

fn names(products: &[Value]) -> Vec<&str> {
    products
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect()
}

backend_tests! {
    /// The query from the README answers with the demo catalog in Korean and KRW.
    async fn products_query_returns_the_demo_catalog(app) {
        let body = app
            .shop("{ products(first: 5) { edges { node { name price { amount currency } } } } }", json!({}))
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let edges = body["data"]["products"]["edges"].as_array().unwrap();
        assert_eq!(edges.len(), 5);
        assert_eq!(
            edges[0]["node"],
            // Newest first: the last product the demo added.
            json!({ "name": "볶은 보리차 티백 (1.5g × 100개)", "price": { "amount": 9800, "currency": "KRW" } })
        );
        for edge in edges {
            assert!(edge["node"]["price"]["amount"].as_i64().unwrap() > 0);
            assert_eq!(edge["node"]["price"]["currency"], "KRW");
        }
    }

    /// Cursor pagination visits every product exactly once, in order, whatever the page size.
    async fn products_paginate_with_cursors(app) {
        let one_page = all_products(&app, 100, &[]).await;
        assert_eq!(one_page.len(), 14, "the main demo shop sells 14 products");
        for size in [1, 5, 13] {
            let paged = all_products(&app, size, &[]).await;
            assert_eq!(names(&paged), names(&one_page), "page size {size}");
        }
        let formatted: Vec<&str> = one_page.iter().map(|p| p["price"]["formatted"].as_str().unwrap()).collect();
        assert!(formatted.contains(&"29,900원") && formatted.contains(&"7,500원"), "{formatted:?}");
    }

    /// Without a header or known host, requests run in the default channel.
    async fn shop_reports_its_name_and_currency(app) {
        let body = app.shop("{ shop { id code name currency locale timeZone } }", json!({})).await;
        let shop = &body["data"]["shop"];
        assert_eq!(shop["name"], "바른한끼");
        assert_eq!(shop["code"], "bareun");
        assert_eq!(shop["currency"], "KRW");
        assert_eq!(shop["locale"], "ko");
        assert_eq!(shop["timeZone"], "Asia/Seoul");
        assert!(shop["id"].as_str().unwrap().starts_with("gid://jangteo/Channel/"));
    }

    /// The `Jangteo-Channel` header or the host name picks the shop, and with it the catalog
    /// and prices; an unknown channel code is an error, never a silent fallback.
    async fn channels_are_chosen_by_header_or_host(app) {
        let by_header = all_products(&app, 100, &[("jangteo-channel", "protein")]).await;
        let by_host = all_products(&app, 100, &[("host", "protein.localhost:8080")]).await;
        assert_eq!(names(&by_header), names(&by_host));
        assert_eq!(by_header.len(), 7);
        let main = all_products(&app, 100, &[]).await;
        assert!(names(&by_header).contains(&"분리유청 단백질 파우더 (1kg)"));
        assert!(!names(&main).contains(&"분리유청 단백질 파우더 (1kg)"));
        assert!(!names(&by_header).contains(&"곤약 현미밥 (150g × 10팩)"));
        // Same product, the channel's own price.
        let price = |list: &[Value], slug: &str| {
            list.iter().find(|p| p["slug"] == slug).unwrap()["price"]["amount"].as_i64().unwrap()
        };
        assert_eq!(price(&main, "protein-shake-chocolate"), 29_900);
        assert_eq!(price(&by_header, "protein-shake-chocolate"), 28_900);

        let (_, shop) = app
            .post_json("/graphql", json!({ "query": "{ shop { name } }" }), &[("host", "PROTEIN.localhost")])
            .await;
        assert_eq!(shop["data"]["shop"]["name"], "단백공방");
        let (_, shop) = app
            .post_json("/graphql", json!({ "query": "{ shop { name } }" }), &[("host", "unknown.example.com")])
            .await;
        assert_eq!(shop["data"]["shop"]["name"], "바른한끼");

        let (status, body) = app
            .post_json("/graphql", json!({ "query": "{ shop { name } }" }), &[("jangteo-channel", "nope")])
            .await;
        assert_eq!(status, 400, "{body}");
        assert!(body.get("data").is_none(), "{body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "CHANNEL_NOT_FOUND");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("nope"));
    }

    /// Malformed cursors and out-of-range page sizes are typed input errors naming the argument.
    async fn bad_pagination_arguments_are_user_input_errors(app) {
        for (vars, field) in [
            (json!({ "first": 5, "after": "garbage" }), "after"),
            (json!({ "first": 5, "after": "b3JkZXJzOjE" }), "after"), // a cursor of another connection
            (json!({ "first": 0 }), "first"),
            (json!({ "first": 101 }), "first"),
            (json!({ "first": -3 }), "first"),
        ] {
            let (status, body) = app.shop_raw(PRODUCTS_PAGE, vars.clone()).await;
            assert_eq!(status, 200, "{vars}: {body}");
            let error = &body["errors"][0];
            assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{vars}: {body}");
            assert_eq!(error["extensions"]["field"], field, "{vars}: {body}");
            assert_eq!(error["path"], json!(["products"]));
            assert_eq!(body["data"], Value::Null);
        }
    }

    /// IDs are opaque global IDs of their type.
    async fn ids_are_opaque_global_ids(app) {
        let body = app.shop("{ products(first: 3) { nodes { id } } }", json!({})).await;
        let ids: Vec<&str> = body["data"]["products"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 3);
        for id in &ids {
            assert!(id.parse::<shared::ProductId>().is_ok(), "{id}");
        }
        let unique: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), 3);
    }
}
