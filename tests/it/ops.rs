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
        assert_ne!(resp.headers()["x-request-id"], "bad id with spaces <script>");
    }
}
