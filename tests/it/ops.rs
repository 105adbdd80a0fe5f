//! Operations: health and readiness probes, request ids.

use jangteo_tests::backend_tests;
use serde_json::{Value, json};

backend_tests! {
    async fn health_and_readiness(app) {
        let resp = app.client.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.json::<Value>().await.unwrap(), json!({ "status": "ok" }));
        let resp = app.client.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.json::<Value>().await.unwrap()["database"], "ok");
    }

    /// Every response names its request id; a caller's own well-formed id is kept.
    async fn request_ids_are_echoed(app) {
        let resp = app.client.get(app.url("/healthz")).send().await.unwrap();
        let generated = resp.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert_eq!(generated.len(), 36, "a UUID: {generated}");
        let resp = app
            .client
            .get(app.url("/healthz"))
            .header("x-request-id", "lb-7f3a-01")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.headers()["x-request-id"], "lb-7f3a-01");
        let resp = app
            .client
            .get(app.url("/healthz"))
            .header("x-request-id", "bad id with spaces <script>")
            .send()
            .await
            .unwrap();
        let replaced = resp.headers()["x-request-id"].to_str().unwrap();
        assert!(uuid::Uuid::parse_str(replaced).is_ok(), "{replaced}");
    }
}

backend_tests! {
    /// An unexpected failure reaches the client as an opaque INTERNAL error carrying the request
    /// id (the same as the response header), never the database's own message.
    async fn unexpected_failures_are_opaque_and_traceable(app) {
        app.db
            .run(|conn| {
                use diesel::RunQueryDsl;
                diesel::sql_query("DROP TABLE product_channel_listings").execute(conn)?;
                Ok::<_, jangteo::db::DbError>(())
            })
            .await
            .unwrap();
        let resp = app
            .client
            .post(app.url("/graphql"))
            .header("content-type", "application/json")
            .body(json!({ "query": "{ shop { name } products(first: 3) { nodes { name } } }" }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "a field error, the rest of the data still answers");
        let request_id = resp.headers()["x-request-id"].to_str().unwrap().to_owned();
        let body: Value = resp.json().await.unwrap();
        // The failing field errs; the rest of the query still answers.
        assert_eq!(body["data"]["shop"]["name"], "바른한끼", "{body}");
        assert!(body["data"]["products"].is_null(), "{body}");
        assert_eq!(body["errors"][0]["path"], json!(["products"]));
        let error = &body["errors"][0];
        assert_eq!(error["extensions"]["code"], "INTERNAL");
        assert_eq!(error["extensions"]["requestId"], request_id.as_str());
        assert_eq!(error["message"], format!("Internal server error (request id {request_id})"));
        let text = body.to_string().to_lowercase();
        for leak in ["product_channel_listings", "no such table", "does not exist", "sql"] {
            assert!(!text.contains(leak), "{leak} leaked: {body}");
        }
    }
}
