//! Staff handle orders through the Admin API: the state machine's edges (prepare, ship with a
//! carrier's tracking link, deliver) with every change on the timeline, illegal changes refused,
//! cancellations and refunds that return stock once and never exceed what was paid, unpaid
//! orders expiring and releasing their stock, tracking numbers imported from a CSV, carriers'
//! templates, the order list's filters, and stock edits that never overwrite an order's units.

use jangteo_tests::commerce::{
    admin_order, cart_with, errors, main_channel, pay_sandbox, place, stock_of, variant_with_stock,
    wait_for_order,
};
use jangteo_tests::{TestApp, backend_tests};
use serde_json::{Value, json};
use shared::checkout::sandbox_cards;

const SHIP: &str = "mutation($id: ID!, $c: String!, $n: String!) { orderShip(id: $id, carrier: $c, trackingNumber: $n) {
    order { status availableActions tracking { carrierCode carrierName number url } } userErrors { field code message } } }";
const PREPARE: &str = "mutation($ids: [ID!]!) { orderPrepare(ids: $ids) { orders { status availableActions } userErrors { field code message } } }";
const DELIVER: &str = "mutation($id: ID!) { orderDeliver(id: $id) { order { status availableActions } userErrors { field code message } } }";
const CANCEL: &str = "mutation($id: ID!, $r: String!, $acct: RefundAccountInput, $key: String) { orderCancel(id: $id, reason: $r, refundAccount: $acct, idempotencyKey: $key) {
    order { status refundedTotal { amount } } refund { amount { amount } status restocked cancelledOrder } userErrors { field code message } } }";
const REFUND: &str = "mutation($id: ID!, $input: OrderRefundInput!, $key: String) { orderRefund(id: $id, input: $input, idempotencyKey: $key) {
    order { status refundedTotal { amount } refundable { amount } lines { refundedQuantity } } refund { id amount { amount } shippingAmount { amount } status restocked }
    userErrors { field code message } } }";

/// A paid card order of `quantity` units of a fresh variant with `stock` units at `price`.
async fn paid_order(
    app: &TestApp,
    sku: &str,
    stock: i64,
    price: i64,
    quantity: i64,
) -> (String, String, Value) {
    let v = variant_with_stock(app, sku, stock, price).await;
    let (number, total) = place(app, &cart_with(app, &v, quantity).await, "CARD").await;
    let paid = pay_sandbox(app, &number, total, "CARD", sandbox_cards::APPROVED).await;
    assert_eq!(paid["order"]["status"], "PAID", "{paid}");
    let order = admin_order(app, &number).await;
    (v, number, order)
}

fn statuses(order: &Value) -> Vec<String> {
    order["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "status")
        .map(|e| e["toStatus"].as_str().unwrap().to_owned())
        .collect()
}

backend_tests! {
    /// Paid → preparing → shipped (with the carrier's tracking page for the shopper and an
    /// email) → delivered; every step on the timeline by whom; illegal steps refused.
    async fn staff_fulfil_an_order_and_illegal_changes_are_refused(app) {
        let (_, number, order) = paid_order(&app, "ORD-SHIP", 10, 20_000, 1).await;
        let id = order["id"].clone();
        // The steps the admin offers are the state machine's, at every status.
        assert_eq!(order["availableActions"], json!(["PREPARE", "SHIP", "CANCEL", "REFUND"]));
        let body = app.admin(DELIVER, json!({ "id": id })).await;
        assert_eq!(errors(&body["data"]["orderDeliver"]), vec![("id".to_owned(), "INVALID_STATE".to_owned())], "not shipped yet");
        let body = app.admin(PREPARE, json!({ "ids": [id] })).await;
        assert_eq!(body["data"]["orderPrepare"]["orders"][0]["status"], "PREPARING", "{body}");
        assert_eq!(body["data"]["orderPrepare"]["orders"][0]["availableActions"], json!(["SHIP", "CANCEL", "REFUND"]));
        let body = app.admin(PREPARE, json!({ "ids": [id] })).await;
        assert_eq!(errors(&body["data"]["orderPrepare"]), vec![("ids.0".to_owned(), "INVALID_STATE".to_owned())]);
        for (carrier, number, field, code) in [
            ("DHL", "512345678901", "carrier", "NOT_FOUND"),
            ("CJ", "12", "trackingNumber", "INVALID"),
            ("CJ", "", "trackingNumber", "BLANK"),
        ] {
            let body = app.admin(SHIP, json!({ "id": id, "c": carrier, "n": number })).await;
            assert_eq!(errors(&body["data"]["orderShip"]), vec![(field.to_owned(), code.to_owned())], "{carrier} {number}");
        }
        let body = app.admin(SHIP, json!({ "id": id, "c": "CJ", "n": "5123-4567-8901" })).await;
        let shipped = &body["data"]["orderShip"];
        assert_eq!(shipped["userErrors"], json!([]), "{body}");
        assert_eq!(shipped["order"]["status"], "SHIPPED");
        assert_eq!(shipped["order"]["availableActions"], json!(["DELIVER", "REFUND"]));
        assert_eq!(shipped["order"]["tracking"]["carrierName"], "CJ대한통운");
        assert_eq!(shipped["order"]["tracking"]["url"], "https://trace.cjlogistics.com/next/tracking.html?wblNo=5123-4567-8901");
        let mail = app.wait_for_email("jisoo@example.com", "배송 조회하기").await;
        assert!(mail.contains("wblNo=5123-4567-8901"), "{mail}");
        let body = app.shop("query($n: String!, $p: String!) { orderLookup(number: $n, phone: $p) { status tracking { url } } }",
            json!({ "n": number, "p": "01012345678" })).await;
        assert_eq!(body["data"]["orderLookup"]["tracking"]["url"], shipped["order"]["tracking"]["url"], "the shopper sees the link");
        let body = app.admin(SHIP, json!({ "id": id, "c": "LOTTE", "n": "999988887777" })).await;
        assert_eq!(errors(&body["data"]["orderShip"]), vec![("id".to_owned(), "INVALID_STATE".to_owned())], "shipped once");
        let body = app.admin(DELIVER, json!({ "id": id })).await;
        assert_eq!(body["data"]["orderDeliver"]["order"]["status"], "DELIVERED", "{body}");
        assert_eq!(body["data"]["orderDeliver"]["order"]["availableActions"], json!(["REFUND"]));
        let body = app.admin(CANCEL, json!({ "id": id, "r": "고객 요청" })).await;
        assert_eq!(errors(&body["data"]["orderCancel"]), vec![("id".to_owned(), "INVALID_STATE".to_owned())], "delivered orders are refunded, not cancelled");
        let order = admin_order(&app, &number).await;
        assert_eq!(statuses(&order), ["AWAITING_PAYMENT", "PAID", "PREPARING", "SHIPPED", "DELIVERED"]);
        let actors: Vec<&str> = order["timeline"].as_array().unwrap().iter().filter(|e| e["kind"] == "status").map(|e| e["actorKind"].as_str().unwrap()).collect();
        assert_eq!(actors, ["guest", "system", "operator", "operator", "operator"]);
        let body = app.admin("mutation($id: ID!) { orderNoteAdd(id: $id, note: \"택배사 확인 완료\") { order { timeline { kind message } } userErrors { code } } }", json!({ "id": id })).await;
        let timeline = body["data"]["orderNoteAdd"]["order"]["timeline"].as_array().unwrap();
        assert_eq!(timeline.last().unwrap()["message"], "택배사 확인 완료");
        let (_, bad) = app.admin_as(Some(&app.operator_token), SHIP, json!({ "id": "gid://jangteo/Product/1", "c": "CJ", "n": "123456789" })).await;
        assert_eq!(errors(&bad["data"]["orderShip"]), vec![("id".to_owned(), "INVALID".to_owned())]);
    }

    /// Cancelling an unpaid order releases its stock; cancelling a paid one refunds it in full at
    /// the gateway and returns its stock, once, with an email; a repeat with the key answers the
    /// same, without one it is refused.
    async fn cancellations_return_stock_and_money_once(app) {
        let v = variant_with_stock(&app, "ORD-CANCEL", 10, 10_000).await;
        let (unpaid, _) = place(&app, &cart_with(&app, &v, 3).await, "CARD").await;
        assert_eq!(stock_of(&app, &v).await, 7);
        let order = admin_order(&app, &unpaid).await;
        let body = app.admin(CANCEL, json!({ "id": order["id"], "r": "재고 확인 필요" })).await;
        assert_eq!(body["data"]["orderCancel"]["order"]["status"], "CANCELLED", "{body}");
        assert_eq!(body["data"]["orderCancel"]["refund"], Value::Null, "no money moved");
        assert_eq!(stock_of(&app, &v).await, 10, "stock released");

        let (_, paid, order) = paid_order(&app, "ORD-CANCEL-PAID", 10, 15_000, 2).await;
        let pv = order["lines"][0]["sku"].clone();
        assert_eq!(pv, "ORD-CANCEL-PAID");
        let body = app.admin(CANCEL, json!({ "id": order["id"], "r": "단순 변심", "key": "cancel-1" })).await;
        let cancelled = &body["data"]["orderCancel"];
        assert_eq!(cancelled["userErrors"], json!([]), "{body}");
        assert_eq!(cancelled["order"]["status"], "CANCELLED");
        assert_eq!(cancelled["order"]["refundedTotal"]["amount"], 33_000);
        assert_eq!(cancelled["refund"]["status"], "DONE");
        assert_eq!(cancelled["refund"]["cancelledOrder"], true);
        let again = app.admin(CANCEL, json!({ "id": order["id"], "r": "단순 변심", "key": "cancel-1" })).await;
        assert_eq!(again["data"]["orderCancel"]["userErrors"], json!([]), "the same key answers the first result: {again}");
        let third = app.admin(CANCEL, json!({ "id": order["id"], "r": "단순 변심" })).await;
        assert_eq!(errors(&third["data"]["orderCancel"]), vec![("id".to_owned(), "INVALID_STATE".to_owned())]);
        let seen = admin_order(&app, &paid).await;
        assert_eq!(seen["payment"]["status"], "REFUNDED");
        assert_eq!(seen["refunds"].as_array().unwrap().len(), 1, "refunded once");
        let variant_id = app.admin("query($q: String) { products(first: 1, search: $q) { nodes { variants { id stock } } } }", json!({ "q": "ORD-CANCEL-PAID" })).await;
        assert_eq!(variant_id["data"]["products"]["nodes"][0]["variants"][0]["stock"], 10, "both units back, once");
        app.wait_for_email("jisoo@example.com", "주문이 취소되었습니다").await;
    }

    /// Partial refunds per line (with or without restocking) and of shipping, then the rest;
    /// more than is left is refused; a refunded order can take no more.
    async fn refunds_never_exceed_what_was_paid(app) {
        let (v, number, order) = paid_order(&app, "ORD-REFUND", 10, 10_000, 4).await;
        assert_eq!(order["total"]["amount"], 43_000);
        let id = order["id"].clone();
        let line = order["lines"][0]["id"].clone();
        assert_eq!(stock_of(&app, &v).await, 6);
        let body = app.admin(REFUND, json!({ "id": id, "input": { "lines": [{ "lineId": line, "quantity": 1 }], "reason": "파손", "restock": false } })).await;
        let r = &body["data"]["orderRefund"];
        assert_eq!(r["userErrors"], json!([]), "{body}");
        assert_eq!(r["order"]["status"], "PARTIALLY_REFUNDED");
        assert_eq!(r["refund"]["amount"]["amount"], 10_000);
        assert_eq!(stock_of(&app, &v).await, 6, "a damaged unit does not go back to stock");
        let body = app.admin(REFUND, json!({ "id": id, "input": { "lines": [{ "lineId": line, "quantity": 2 }], "shippingAmount": 3_000, "reason": "반품", "restock": true } })).await;
        let r = &body["data"]["orderRefund"];
        assert_eq!(r["refund"]["amount"]["amount"], 23_000, "{body}");
        assert_eq!(r["refund"]["shippingAmount"]["amount"], 3_000);
        assert_eq!(r["order"]["refundable"]["amount"], 10_000);
        assert_eq!(stock_of(&app, &v).await, 8, "returned units go back to stock");
        for (input, field, code) in [
            (json!({ "lines": [{ "lineId": line, "quantity": 2 }], "reason": "초과" }), "input.lines.0.quantity", "OUT_OF_RANGE"),
            (json!({ "shippingAmount": 1, "reason": "초과" }), "input.shippingAmount", "OUT_OF_RANGE"),
            (json!({ "lines": [{ "lineId": line, "quantity": 0 }], "reason": "영" }), "input.lines.0.quantity", "OUT_OF_RANGE"),
            (json!({ "lines": [{ "lineId": "gid://jangteo/OrderLine/99999", "quantity": 1 }], "reason": "없음" }), "input.lines.0.lineId", "NOT_FOUND"),
            (json!({ "lines": [], "reason": "빈" }), "input.lines", "BLANK"),
            (json!({ "full": true, "reason": " " }), "reason", "BLANK"),
        ] {
            let body = app.admin(REFUND, json!({ "id": id, "input": input })).await;
            assert_eq!(errors(&body["data"]["orderRefund"]), vec![(field.to_owned(), code.to_owned())], "{input}: {body}");
        }
        let body = app.admin(REFUND, json!({ "id": id, "input": { "full": true, "reason": "전액 환불", "restock": true }, "key": "full-1" })).await;
        let r = &body["data"]["orderRefund"];
        assert_eq!(r["order"]["status"], "REFUNDED", "{body}");
        assert_eq!(r["order"]["refundedTotal"]["amount"], 43_000);
        assert_eq!(r["order"]["lines"][0]["refundedQuantity"], 4);
        let again = app.admin(REFUND, json!({ "id": id, "input": { "full": true, "reason": "전액 환불", "restock": true }, "key": "full-1" })).await;
        assert_eq!(again["data"]["orderRefund"]["refund"]["id"], r["refund"]["id"], "the same key answers the same refund");
        let other = app.admin(REFUND, json!({ "id": id, "input": { "full": true, "reason": "다른 요청" }, "key": "full-1" })).await;
        assert_eq!(errors(&other["data"]["orderRefund"]), vec![("idempotencyKey".to_owned(), "IDEMPOTENCY_KEY_REUSED".to_owned())]);
        let more = app.admin(REFUND, json!({ "id": id, "input": { "full": true, "reason": "또" } })).await;
        assert_eq!(errors(&more["data"]["orderRefund"]), vec![("id".to_owned(), "INVALID_STATE".to_owned())]);
        assert_eq!(stock_of(&app, &v).await, 9, "the damaged unit stays out; the others came back once each");
        let order = admin_order(&app, &number).await;
        assert_eq!(order["payment"]["refunded"]["amount"], 43_000);
        assert_eq!(statuses(&order), ["AWAITING_PAYMENT", "PAID", "PARTIALLY_REFUNDED", "PARTIALLY_REFUNDED", "REFUNDED"]);
    }

    /// An unpaid order past its deadline expires and releases its stock; a virtual account past
    /// its deadline is closed at the gateway first, so no deposit can arrive later.
    async fn unpaid_orders_expire_and_release_their_stock(app) {
        let v = variant_with_stock(&app, "ORD-EXPIRE", 10, 10_000).await;
        let (card, _) = place(&app, &cart_with(&app, &v, 2).await, "CARD").await;
        let (va, total) = place(&app, &cart_with(&app, &v, 3).await, "VIRTUAL_ACCOUNT").await;
        let issued = pay_sandbox(&app, &va, total, "VIRTUAL_ACCOUNT", "").await;
        assert_eq!(issued["order"]["status"], "AWAITING_DEPOSIT");
        let (fresh, _) = place(&app, &cart_with(&app, &v, 1).await, "CARD").await;
        assert_eq!(stock_of(&app, &v).await, 4);
        let past = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1);
        let (a, b) = (card.clone(), va.clone());
        app.db.run(move |c| {
            use diesel::prelude::*;
            use jangteo::db::schema::orders as o;
            diesel::update(o::table.filter(o::number.eq_any([a, b]))).set(o::expires_at.eq(past)).execute(c)?;
            jangteo::jobs::store::enqueue(c, &jangteo::payment::jobs::ExpireOrders {})
        }).await.unwrap();
        wait_for_order(&app, &card, |o| o["status"] == "EXPIRED").await;
        let expired = wait_for_order(&app, &va, |o| o["status"] == "EXPIRED").await;
        assert_eq!(expired["payment"]["status"], "EXPIRED");
        assert_eq!(admin_order(&app, &fresh).await["status"], "AWAITING_PAYMENT", "not yet due");
        assert_eq!(stock_of(&app, &v).await, 9, "the expired orders' 5 units are back");
        let deposit = app.db.run(move |c| jangteo::payment::sandbox::simulate_deposit(c, &va).map_err(|e| jangteo::db::DbError::Corrupt(e.to_string()))).await;
        assert!(deposit.is_err(), "the closed virtual account takes no deposit");
    }

    /// Tracking numbers for many orders from a CSV: a file with a bad row ships nothing and says
    /// which row and column; the corrected file ships every order.
    async fn tracking_numbers_are_imported_from_csv_all_or_nothing(app) {
        let (_, first, _) = paid_order(&app, "ORD-CSV-1", 10, 10_000, 1).await;
        let (_, second, _) = paid_order(&app, "ORD-CSV-2", 10, 10_000, 1).await;
        let import = |csv: String, dry: bool| {
            let app = &app;
            async move {
                let (status, body) = app.admin_multipart_as(Some(&app.operator_token),
                    "mutation($f: Upload!, $d: Boolean) { orderTrackingImportCsv(file: $f, dryRun: $d) { applied shipped rowErrors { row column code } userErrors { code } } }",
                    json!({ "f": null, "d": dry }), csv.as_bytes(), "tracking.csv").await;
                assert_eq!(status, 200, "{body}");
                body["data"]["orderTrackingImportCsv"].clone()
            }
        };
        let bad = import(format!("주문번호,택배사,운송장번호\n{first},CJ,512345678901\n{second},UPS,1Z999\n20990101-000009,LOGEN,98765432\n"), false).await;
        assert_eq!(bad["applied"], false);
        let rows: Vec<(i64, String, String)> = bad["rowErrors"].as_array().unwrap().iter()
            .map(|r| (r["row"].as_i64().unwrap(), r["column"].as_str().unwrap().to_owned(), r["code"].as_str().unwrap().to_owned())).collect();
        assert_eq!(rows, vec![(3, "carrier".into(), "NOT_FOUND".into()), (4, "order_number".into(), "NOT_FOUND".into())], "{bad}");
        assert_eq!(admin_order(&app, &first).await["status"], "PAID", "nothing applied");
        let good = format!("order_number,carrier,tracking_number\n{first},CJ,512345678901\n{second},한진택배,420011112222\n");
        let dry = import(good.clone(), true).await;
        assert_eq!((dry["applied"].clone(), dry["shipped"].clone()), (json!(false), json!(2)), "{dry}");
        assert_eq!(admin_order(&app, &first).await["status"], "PAID", "a dry run changes nothing");
        let applied = import(good, false).await;
        assert_eq!((applied["applied"].clone(), applied["shipped"].clone()), (json!(true), json!(2)), "{applied}");
        let second_order = admin_order(&app, &second).await;
        assert_eq!(second_order["status"], "SHIPPED");
        assert_eq!(second_order["tracking"]["carrierCode"], "HANJIN");
        assert!(second_order["tracking"]["url"].as_str().unwrap().ends_with("wblnumText2=420011112222"));
    }

    /// Carriers' tracking-page templates are editable; a template without `{number}` is refused.
    async fn staff_edit_carrier_templates(app) {
        let body = app.admin("{ carriers { code name trackingUrlTemplate active } }", json!({})).await;
        let codes: Vec<&str> = body["data"]["carriers"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["CJ", "EPOST", "HANJIN", "LOTTE", "LOGEN"]);
        let update = "mutation($c: String!, $i: CarrierUpdateInput!) { carrierUpdate(code: $c, input: $i) { carrier { trackingUrlTemplate } userErrors { field code } } }";
        let body = app.admin(update, json!({ "c": "LOGEN", "i": { "trackingUrlTemplate": "https://www.ilogen.com/m/personal/trace/{number}" } })).await;
        assert_eq!(body["data"]["carrierUpdate"]["userErrors"], json!([]), "{body}");
        let body = app.admin(update, json!({ "c": "LOGEN", "i": { "trackingUrlTemplate": "https://www.ilogen.com/trace" } })).await;
        assert_eq!(errors(&body["data"]["carrierUpdate"]), vec![("input.trackingUrlTemplate".to_owned(), "INVALID".to_owned())]);
        let body = app.admin(update, json!({ "c": "NOPE", "i": { "active": false } })).await;
        assert_eq!(errors(&body["data"]["carrierUpdate"]), vec![("code".to_owned(), "NOT_FOUND".to_owned())]);
        let (_, _, order) = paid_order(&app, "ORD-LOGEN", 10, 10_000, 1).await;
        let body = app.admin(SHIP, json!({ "id": order["id"], "c": "LOGEN", "n": "98765432101" })).await;
        assert_eq!(body["data"]["orderShip"]["order"]["tracking"]["url"], "https://www.ilogen.com/m/personal/trace/98765432101", "{body}");
    }

    /// The order list filters by status, payment method, source, date and a search by number,
    /// name or phone, newest first.
    async fn the_order_list_filters(app) {
        let v = variant_with_stock(&app, "ORD-LIST", 50, 10_000).await;
        let (a, _) = place(&app, &cart_with(&app, &v, 1).await, "CARD").await;
        let (b, total) = place(&app, &cart_with(&app, &v, 1).await, "VIRTUAL_ACCOUNT").await;
        pay_sandbox(&app, &b, total, "VIRTUAL_ACCOUNT", "").await;
        let list = |filter: Value| {
            let app = &app;
            async move {
                let body = app.admin("query($f: OrderFilter) { orders(first: 20, filter: $f) { nodes { number } } }", json!({ "f": filter })).await;
                assert!(body.get("errors").is_none(), "{body}");
                body["data"]["orders"]["nodes"].as_array().unwrap().iter().map(|n| n["number"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
            }
        };
        assert_eq!(list(json!({})).await, vec![b.clone(), a.clone()], "newest first");
        assert_eq!(list(json!({ "statuses": ["AWAITING_DEPOSIT"] })).await, vec![b.clone()]);
        assert_eq!(list(json!({ "paymentMethod": "CARD" })).await, vec![a.clone()]);
        assert_eq!(list(json!({ "source": "STOREFRONT_MOBILE" })).await, Vec::<String>::new());
        assert_eq!(list(json!({ "search": a })).await, vec![a.clone()]);
        assert_eq!(list(json!({ "search": "김지수" })).await.len(), 2);
        assert_eq!(list(json!({ "search": "010-1234-5678" })).await.len(), 2);
        assert_eq!(list(json!({ "search": "박민준" })).await.len(), 0);
        let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Seoul).date_naive();
        assert_eq!(list(json!({ "placedFrom": today.to_string(), "placedTo": today.to_string() })).await.len(), 2);
        assert_eq!(list(json!({ "placedFrom": today.succ_opt().unwrap().to_string() })).await.len(), 0);
        let body = app.admin("query { orders(filter: { placedFrom: \"2026-12-02\", placedTo: \"2026-12-01\" }) { nodes { id } } }", json!({})).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "filter.placedTo", "{body}");
        let channel = main_channel(&app).await;
        assert_eq!(list(json!({ "channel": channel })).await.len(), 2);
    }

    /// A product save with the stock it read never overwrites units an order took since: it is
    /// refused with `STOCK_CHANGED`; saved again with the new count it applies, and a save that
    /// leaves variants out leaves the stock alone.
    async fn stock_edits_never_overwrite_an_orders_units(app) {
        let channel = main_channel(&app).await;
        let v = variant_with_stock(&app, "ORD-STOCK", 10, 10_000).await;
        let body = app.admin("query($q: String) { products(first: 1, search: $q) { nodes { id } } }", json!({ "q": "ORD-STOCK" })).await;
        let product = body["data"]["products"]["nodes"][0]["id"].clone();
        // Staff open the product (10 on hand); meanwhile a shopper orders 3.
        place(&app, &cart_with(&app, &v, 3).await, "CARD").await;
        let save = |stock: i64, expected: i64| json!({ "id": product, "input": { "variants": [{ "id": v, "sku": "ORD-STOCK",
            "stock": stock, "expectedStock": expected, "prices": [{ "channel": channel, "amount": 10_000 }] }] } });
        let update = "mutation($id: ID!, $input: ProductUpdateInput!) { productUpdate(id: $id, input: $input) { product { variants { stock } } userErrors { field code message } } }";
        let body = app.admin(update, save(12, 10)).await;
        assert_eq!(errors(&body["data"]["productUpdate"]), vec![("input.variants.0.stock".to_owned(), "STOCK_CHANGED".to_owned())], "{body}");
        assert_eq!(stock_of(&app, &v).await, 7);
        let body = app.admin(update, save(9, 7)).await;
        assert_eq!(body["data"]["productUpdate"]["product"]["variants"][0]["stock"], 9, "{body}");
        let body = app.admin(update, save(9, 7)).await;
        assert_eq!(body["data"]["productUpdate"]["userErrors"], json!([]), "repeating a save is harmless: {body}");
        place(&app, &cart_with(&app, &v, 2).await, "CARD").await;
        let body = app.admin(update, json!({ "id": product, "input": { "name": "이름만 바꿈" } })).await;
        assert_eq!(body["data"]["productUpdate"]["userErrors"], json!([]), "{body}");
        assert_eq!(stock_of(&app, &v).await, 7, "a save without variants leaves the order's decrement");
    }
}
