//! Rich product content: staff save HTML through the Admin API, the server stores it cleaned,
//! and the Shop API serves the cleaned HTML.

use jangteo_tests::backend_tests;
use serde_json::{Value, json};

const UPDATE: &str =
    "mutation($id: ID!, $html: String!) { productContentUpdate(id: $id, html: $html) {
    product { id contentHtml } userErrors { field code message } } }";

backend_tests! {
    /// Scripts, handlers, frames, foreign images and styles are gone before anything is stored;
    /// the editor's formatting stays, and shoppers get exactly what was stored.
    async fn content_is_cleaned_on_save(app) {
        let shop = app.shop("{ products(first: 1) { nodes { id slug contentHtml } } }", json!({})).await;
        let product = shop["data"]["products"]["nodes"][0].clone();
        assert_eq!(product["contentHtml"], "");
        let dirty = "<h2 style=\"color:red;text-align:center\">맛있게 먹는 법</h2>\
            <p onclick=\"steal()\">물 <strong>200ml</strong>에 <a href=\"javascript:alert(1)\">섞어</a> 드세요.</p>\
            <script>document.cookie</script><iframe src=\"https://evil.example\"></iframe>\
            <img src=\"https://tracker.example/p.gif\"><img src=\"/media/p/1.webp\" alt=\"쉐이크\">";
        let body = app.admin(UPDATE, json!({ "id": product["id"], "html": dirty })).await;
        let payload = &body["data"]["productContentUpdate"];
        assert_eq!(payload["userErrors"], json!([]), "{body}");
        let stored = payload["product"]["contentHtml"].as_str().unwrap().to_owned();
        assert_eq!(
            stored,
            "<h2 style=\"text-align: center\">맛있게 먹는 법</h2>\
             <p>물 <strong>200ml</strong>에 <a rel=\"noopener noreferrer\">섞어</a> 드세요.</p>\
             <img><img src=\"/media/p/1.webp\" alt=\"쉐이크\">"
        );
        let shop = app.shop("{ products(first: 1) { nodes { contentHtml } } }", json!({})).await;
        assert_eq!(shop["data"]["products"]["nodes"][0]["contentHtml"], Value::String(stored));
        // The change is in the audit log.
        let log = app.admin("{ auditLog(first: 1) { nodes { action target actorKind } } }", json!({})).await;
        assert_eq!(log["data"]["auditLog"]["nodes"][0]["action"], "product.content_update");
        assert_eq!(log["data"]["auditLog"]["nodes"][0]["target"], product["id"]);
    }

    /// Oversized content and unknown products are user errors that change nothing.
    async fn bad_content_changes_nothing(app) {
        let shop = app.shop("{ products(first: 1) { nodes { id } } }", json!({})).await;
        let id = shop["data"]["products"]["nodes"][0]["id"].clone();
        app.admin(UPDATE, json!({ "id": id, "html": "<p>처음</p>" })).await;
        let bomb = "<div>".repeat(30_000);
        let body = app.admin(UPDATE, json!({ "id": id, "html": bomb })).await;
        let payload = &body["data"]["productContentUpdate"];
        assert_eq!(payload["product"], Value::Null);
        assert_eq!(payload["userErrors"][0]["field"], json!(["html"]));
        assert_eq!(payload["userErrors"][0]["code"], "TOO_LONG");
        let body = app.admin(UPDATE, json!({ "id": "gid://jangteo/Product/999999", "html": "<p>x</p>" })).await;
        assert_eq!(body["data"]["productContentUpdate"]["userErrors"][0]["code"], "NOT_FOUND");
        let body = app.admin(UPDATE, json!({ "id": "gid://jangteo/Channel/1", "html": "<p>x</p>" })).await;
        assert_eq!(body["data"]["productContentUpdate"]["userErrors"][0]["code"], "INVALID");
        let shop = app.shop("{ products(first: 1) { nodes { contentHtml } } }", json!({})).await;
        assert_eq!(shop["data"]["products"]["nodes"][0]["contentHtml"], "<p>처음</p>");
    }
}
