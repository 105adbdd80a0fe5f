//! Money and stock under concurrent requests, on SQLite and PostgreSQL: two hundred buyers for
//! fifty units (twenty times over), crossed carts that must not deadlock, and concurrent refunds
//! that must not exceed what was paid.

use futures_util::StreamExt;
use futures_util::future::join_all;
use jangteo_tests::commerce::{
    CHECKOUT, admin_order, cart_with, checkout_input, errors, pay_sandbox, place, stock_of,
    variant_with_stock,
};
use jangteo_tests::{Backend, TestApp, both_backends};
use serde_json::{Value, json};
use shared::checkout::sandbox_cards;

/// Many anonymous carts with `quantity` of `variant`, made `parallel` at a time.
async fn carts(app: &TestApp, variant: &str, quantity: i64, n: usize) -> Vec<String> {
    futures_util::stream::iter(0..n)
        .map(|_| cart_with(app, variant, quantity))
        .buffer_unordered(16)
        .collect()
        .await
}

/// Checkout's raw answer: (HTTP status, payload).
async fn checkout_raw(app: &TestApp, token: &str) -> (u16, Value) {
    let (status, body) = app
        .shop_raw(
            CHECKOUT,
            json!({ "input": checkout_input(Some(token), "CARD") }),
        )
        .await;
    (status, body)
}

async fn set_stock(app: &TestApp, variant: &str, stock: i64) {
    let key: shared::VariantId = variant.parse().unwrap();
    app.db
        .run(move |c| {
            use diesel::prelude::*;
            use jangteo::db::schema::product_variants as pv;
            diesel::update(pv::table.find(key.0))
                .set(pv::stock_quantity.eq(stock))
                .execute(c)
                .map_err(jangteo::db::DbError::from)
        })
        .await
        .unwrap();
}

async fn oversell(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let v = variant_with_stock(&app, "RUSH", 50, 9_900).await;
    for round in 0..20 {
        set_stock(&app, &v, 50).await;
        let tokens = carts(&app, &v, 1, 200).await;
        let answers = join_all(tokens.iter().map(|t| checkout_raw(&app, t))).await;
        let mut placed = 0;
        let mut sold_out = 0;
        for (status, body) in &answers {
            assert_eq!(*status, 200, "round {round}: {body}");
            assert!(body.get("errors").is_none(), "round {round}: {body}");
            let payload = &body["data"]["checkoutComplete"];
            match errors(payload).as_slice() {
                [] => placed += 1,
                [(field, code)] if field == "cart.lines.0" && code == "INSUFFICIENT_STOCK" => {
                    sold_out += 1
                }
                other => panic!("round {round}: unexpected {other:?}"),
            }
        }
        assert_eq!((placed, sold_out), (50, 150), "round {round}");
        assert_eq!(stock_of(&app, &v).await, 0, "round {round}");
    }
    let body = app
        .admin("{ orders(first: 1) { nodes { number } } }", json!({}))
        .await;
    let last = body["data"]["orders"]["nodes"][0]["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let sequence: i64 = last.split('-').nth(1).unwrap().parse().unwrap();
    assert!(
        sequence >= 1000,
        "1,000 orders, numbered without gaps or repeats within a day: {last}"
    );
}
both_backends!(two_hundred_buyers_never_oversell_fifty_units, oversell);

async fn crossed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let a = variant_with_stock(&app, "CROSS-A", 1_000, 1_000).await;
    let b = variant_with_stock(&app, "CROSS-B", 1_000, 2_000).await;
    let make = |first: String, second: String| {
        let app = &app;
        async move {
            let token = cart_with(app, &first, 1).await;
            let added = jangteo_tests::commerce::add(app, Some(&token), &second, 1).await;
            assert_eq!(added["userErrors"], json!([]));
            token
        }
    };
    let mut tokens = Vec::new();
    for _ in 0..100 {
        tokens.push(make(a.clone(), b.clone()).await);
        tokens.push(make(b.clone(), a.clone()).await);
    }
    let answers = join_all(tokens.iter().map(|t| checkout_raw(&app, t))).await;
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert!(
            body.get("errors").is_none(),
            "a deadlock or other failure: {body}"
        );
        assert_eq!(
            body["data"]["checkoutComplete"]["userErrors"],
            json!([]),
            "{body}"
        );
    }
    assert_eq!(stock_of(&app, &a).await, 800);
    assert_eq!(stock_of(&app, &b).await, 800);
}
both_backends!(crossed_carts_never_deadlock, crossed);

async fn refunds(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let v = variant_with_stock(&app, "REFUND-RUSH", 10, 10_000).await;
    let (number, total) = place(&app, &cart_with(&app, &v, 4).await, "CARD").await;
    pay_sandbox(&app, &number, total, "CARD", sandbox_cards::APPROVED).await;
    let order = admin_order(&app, &number).await;
    let refund =
        "mutation($id: ID!, $input: OrderRefundInput!) { orderRefund(id: $id, input: $input) {
        refund { amount { amount } } userErrors { field code } } }";
    // Eight staff refund one unit each at once: only four units were bought.
    let one = json!({ "lines": [{ "lineId": order["lines"][0]["id"], "quantity": 1 }], "reason": "반품", "restock": true });
    let answers =
        join_all((0..8).map(|_| app.admin(refund, json!({ "id": order["id"], "input": one }))))
            .await;
    let done = answers
        .iter()
        .filter(|b| b["data"]["orderRefund"]["userErrors"] == json!([]))
        .count();
    for b in &answers {
        let e = errors(&b["data"]["orderRefund"]);
        assert!(
            e.is_empty()
                || e == vec![(
                    "input.lines.0.quantity".to_owned(),
                    "OUT_OF_RANGE".to_owned()
                )],
            "{b}"
        );
    }
    assert_eq!(done, 4);
    // Then two full refunds of the rest (the shipping fee) at once: one succeeds.
    let full = json!({ "full": true, "reason": "전액" });
    let answers =
        join_all((0..2).map(|_| app.admin(refund, json!({ "id": order["id"], "input": full }))))
            .await;
    let done = answers
        .iter()
        .filter(|b| b["data"]["orderRefund"]["userErrors"] == json!([]))
        .count();
    assert_eq!(done, 1, "{answers:?}");
    let order = admin_order(&app, &number).await;
    assert_eq!(
        order["refundedTotal"]["amount"], total,
        "never more than was paid"
    );
    assert_eq!(order["status"], "REFUNDED");
    assert_eq!(stock_of(&app, &v).await, 10, "each unit returned once");
}
both_backends!(concurrent_refunds_never_exceed_the_payment, refunds);
