//! Product status: only active products are in the shop; staff change status in bulk, all or
//! nothing.

use jangteo_tests::{TestApp, backend_tests};
use serde_json::{Value, json};

const STATUS: &str =
    "mutation($ids: [ID!]!, $s: ProductStatus!) { productStatusUpdate(ids: $ids, status: $s) {
    products { id status } userErrors { field code message } } }";

async fn shop_ids(app: &TestApp) -> Vec<String> {
    let body = app
        .shop("{ products(first: 100) { nodes { id } } }", json!({}))
        .await;
    body["data"]["products"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

backend_tests! {
    /// Drafts and archived products leave the shop; activating brings them back.
    async fn only_active_products_are_in_the_shop(app) {
        let before = shop_ids(&app).await;
        assert_eq!(before.len(), 14);
        let (a, b) = (before[0].clone(), before[1].clone());
        let body = app.admin(STATUS, json!({ "ids": [a, b], "s": "DRAFT" })).await;
        let payload = &body["data"]["productStatusUpdate"];
        assert_eq!(payload["userErrors"], json!([]), "{body}");
        assert_eq!(payload["products"], json!([{ "id": a, "status": "DRAFT" }, { "id": b, "status": "DRAFT" }]));
        let during = shop_ids(&app).await;
        assert_eq!(during.len(), 12);
        assert!(!during.contains(&a) && !during.contains(&b));
        app.admin(STATUS, json!({ "ids": [b], "s": "ARCHIVED" })).await;
        app.admin(STATUS, json!({ "ids": [a, b], "s": "ACTIVE" })).await;
        assert_eq!(shop_ids(&app).await, before);
        let log = app.admin("{ auditLog(first: 10, action: \"product.status_change\") { nodes { target detail } } }", json!({})).await;
        assert_eq!(log["data"]["auditLog"]["nodes"].as_array().unwrap().len(), 5, "{log}");
    }

    /// An unknown or malformed ID, or too many, changes nothing.
    async fn bulk_status_changes_are_all_or_nothing(app) {
        let before = shop_ids(&app).await;
        let body = app.admin(STATUS, json!({ "ids": [before[0], "gid://jangteo/Product/999999"], "s": "ARCHIVED" })).await;
        let payload = &body["data"]["productStatusUpdate"];
        assert_eq!(payload["products"], json!([]));
        assert_eq!(payload["userErrors"][0]["field"], json!(["ids", "1"]));
        assert_eq!(payload["userErrors"][0]["code"], "NOT_FOUND");
        let body = app.admin(STATUS, json!({ "ids": [before[0], "gid://jangteo/Channel/1"], "s": "ARCHIVED" })).await;
        assert_eq!(body["data"]["productStatusUpdate"]["userErrors"][0]["code"], "INVALID");
        let many: Vec<Value> = (1..=101).map(|i| json!(format!("gid://jangteo/Product/{i}"))).collect();
        let body = app.admin(STATUS, json!({ "ids": many, "s": "ARCHIVED" })).await;
        assert_eq!(body["data"]["productStatusUpdate"]["userErrors"][0]["code"], "TOO_LONG");
        let body = app.admin(STATUS, json!({ "ids": [], "s": "ARCHIVED" })).await;
        assert_eq!(body["data"]["productStatusUpdate"]["userErrors"][0]["code"], "BLANK");
        assert_eq!(shop_ids(&app).await, before);
    }
}
