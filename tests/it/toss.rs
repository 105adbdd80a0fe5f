//! Toss Payments, against a local server that speaks its protocol: the server checks the
//! amount before confirming, calls Toss once however many confirmations race, trusts a deposit
//! webhook only when its secret matches and only after fetching the payment again, acts once on
//! an event delivered eight times, recovers a lost webhook by reconciliation, and refunds with an
//! `Idempotency-Key` that makes a retry after an outage safe.

use std::sync::Arc;

use futures_util::future::join_all;
use jangteo::config::GatewayKind;
use jangteo_tests::commerce::{
    admin_order, cart_with, checkout, confirm, errors, outbox_count, variant_with_stock,
    wait_for_order,
};
use jangteo_tests::toss::{CLIENT_KEY, SECRET_KEY};
use jangteo_tests::{Backend, TestApp, TossServer, both_backends};
use serde_json::json;

async fn shop_with_toss(backend: Backend) -> (TestApp, Arc<TossServer>) {
    let toss = Arc::new(TossServer::start().await);
    let url = toss.url();
    let app = TestApp::spawn_with(backend, |c| {
        c.payments.gateway = GatewayKind::Toss;
        c.payments.toss.api_base = url;
        c.payments.toss.client_key = CLIENT_KEY.into();
        c.payments.toss.secret_key = Some(jangteo::config::Secret::new(SECRET_KEY.into()));
    })
    .await;
    (app, toss)
}

async fn webhook(app: &TestApp, body: &str) -> u16 {
    app.client
        .post(app.url("/webhooks/payments/toss"))
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// An order placed for Toss: (number, total).
async fn toss_order(app: &TestApp, sku: &str, method: &str) -> (String, i64) {
    let v = variant_with_stock(app, sku, 100, 21_000).await;
    let payload = checkout(app, &cart_with(app, &v, 1).await, method).await;
    assert_eq!(payload["userErrors"], json!([]), "{payload}");
    assert_eq!(payload["payment"]["gateway"], "TOSS");
    assert_eq!(payload["payment"]["clientKey"], CLIENT_KEY);
    // The browser loads Toss's SDK to open the window (the default is Toss's own address).
    assert_eq!(
        payload["payment"]["scriptUrl"],
        "https://js.tosspayments.com/v2/standard"
    );
    assert_eq!(payload["payment"]["depositHours"], 24);
    (
        payload["order"]["number"].as_str().unwrap().to_owned(),
        payload["order"]["total"]["amount"].as_i64().unwrap(),
    )
}

fn paid_events(order: &serde_json::Value) -> usize {
    order["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["toStatus"] == "PAID")
        .count()
}

async fn card_confirmation(backend: Backend) {
    let (app, toss) = shop_with_toss(backend).await;
    let (number, total) = toss_order(&app, "TOSS-CARD", "CARD").await;
    let key = toss.authorize(&number, total, false);
    // The redirect's amount was tampered with: refused before Toss is asked.
    let tampered = confirm(&app, &number, &key, total - 20_000).await;
    assert_eq!(
        errors(&tampered),
        vec![("input.amount".to_owned(), "AMOUNT_MISMATCH".to_owned())]
    );
    assert!(toss.requests("POST", "/v1/payments/confirm").is_empty());
    // Twenty confirmations at once: Toss is called once, the order is paid once.
    let answers = join_all((0..20).map(|_| confirm(&app, &number, &key, total))).await;
    for a in &answers {
        assert_eq!(a["order"]["status"], "PAID", "{a}");
    }
    let calls = toss.requests("POST", "/v1/payments/confirm");
    assert_eq!(calls.len(), 1, "one confirmation reached Toss");
    let call = &calls[0];
    assert_eq!(call.json()["amount"], total);
    assert_eq!(call.json()["paymentKey"], key.as_str());
    assert!(call.headers["authorization"].starts_with("Basic "));
    assert_eq!(
        call.headers["idempotency-key"],
        format!("confirm-{number}-{key}")
    );
    let order = admin_order(&app, &number).await;
    assert_eq!(paid_events(&order), 1, "{order}");
    app.wait_for_email("jisoo@example.com", "결제가 완료되었습니다")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(outbox_count(&app, "결제가 완료되었습니다"), 1);
    let rows = app
        .db
        .run(|c| {
            use diesel::prelude::*;
            jangteo::db::schema::payments::table
                .count()
                .get_result::<i64>(c)
                .map_err(jangteo::db::DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(rows, 1, "one payment row");
}
both_backends!(toss_confirms_a_card_payment_once, card_confirmation);

async fn deposit_webhooks(backend: Backend) {
    let (app, toss) = shop_with_toss(backend).await;
    let (number, total) = toss_order(&app, "TOSS-VA", "VIRTUAL_ACCOUNT").await;
    let key = toss.authorize(&number, total, true);
    let issued = confirm(&app, &number, &key, total).await;
    assert_eq!(issued["order"]["status"], "AWAITING_DEPOSIT", "{issued}");
    assert_eq!(
        issued["order"]["payment"]["virtualAccount"]["bankName"],
        "우리은행"
    );
    let real = toss.deposit(&number);
    // A forged notification: the right shape, the wrong secret.
    let forged = real.replace("ps_secret_", "ps_forged_");
    assert_eq!(webhook(&app, &forged).await, 401);
    assert_eq!(webhook(&app, "not json").await, 400);
    assert_eq!(
        webhook(&app, r#"{"orderId":"20991231-000001"}"#).await,
        400,
        "not an event"
    );
    let other = real
        .replace(&number, "20991231-000001")
        .replace("tx_", "txo_");
    assert_eq!(
        webhook(&app, &other).await,
        200,
        "an unknown order is acknowledged and ignored"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        admin_order(&app, &number).await["status"],
        "AWAITING_DEPOSIT",
        "forged events change nothing"
    );
    assert!(toss.requests("GET", "/v1/payments/orders/").is_empty());
    // The real one, delivered four times at once and four more after.
    let first = join_all((0..4).map(|_| webhook(&app, &real))).await;
    assert_eq!(first, vec![200; 4]);
    for _ in 0..4 {
        assert_eq!(webhook(&app, &real).await, 200);
    }
    let paid = wait_for_order(&app, &number, |o| o["status"] == "PAID").await;
    assert!(
        !toss
            .requests("GET", &format!("/v1/payments/orders/{number}"))
            .is_empty(),
        "the payment was fetched again before trusting it"
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let paid_again = admin_order(&app, &number).await;
    assert_eq!(paid_events(&paid_again), 1, "{paid}");
    assert_eq!(outbox_count(&app, "결제가 완료되었습니다"), 1);
    let key = real.clone();
    let state = app
        .db
        .run(move |c| {
            let event: serde_json::Value = serde_json::from_str(&key).unwrap();
            let k = format!("deposit:{}:DONE", event["transactionKey"].as_str().unwrap());
            jangteo::payment::webhook::event_state(c, "toss", &k)
        })
        .await
        .unwrap();
    assert_eq!(
        state,
        Some(("PROCESSED".to_owned(), 9)),
        "stored once: the forged delivery and the real one eight times"
    );
}
both_backends!(
    toss_deposit_webhooks_are_verified_and_acted_on_once,
    deposit_webhooks
);

async fn webhook_races(backend: Backend) {
    let (app, toss) = shop_with_toss(backend).await;
    // Before the redirect: the fetched payment is still in progress, nothing changes.
    let (before, total) = toss_order(&app, "TOSS-RACE-1", "CARD").await;
    let key = toss.authorize(&before, total, false);
    assert_eq!(webhook(&app, &toss.status_changed(&before)).await, 200);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        admin_order(&app, &before).await["status"],
        "AWAITING_PAYMENT"
    );
    assert_eq!(
        confirm(&app, &before, &key, total).await["order"]["status"],
        "PAID"
    );
    // During: webhooks and the confirmation at once.
    let (during, total) = toss_order(&app, "TOSS-RACE-2", "CARD").await;
    let key = toss.authorize(&during, total, false);
    let hook = toss.status_changed(&during).replace("IN_PROGRESS", "DONE");
    let (paid, codes) = tokio::join!(
        confirm(&app, &during, &key, total),
        join_all((0..4).map(|i| {
            let body = hook.replace("\"createdAt\"", &format!("\"n\":{i},\"createdAt\""));
            let app = &app;
            async move { webhook(app, &body).await }
        }))
    );
    assert_eq!(paid["order"]["status"], "PAID", "{paid}");
    assert_eq!(codes, vec![200; 4]);
    // After: one more notice of the same payment changes nothing.
    assert_eq!(webhook(&app, &toss.status_changed(&during)).await, 200);
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    for number in [&before, &during] {
        assert_eq!(paid_events(&admin_order(&app, number).await), 1, "{number}");
    }
    assert_eq!(
        outbox_count(&app, "결제가 완료되었습니다"),
        2,
        "one email per order"
    );
}
both_backends!(
    webhooks_before_during_and_after_the_redirect_pay_once,
    webhook_races
);

async fn reconciliation(backend: Backend) {
    let (app, toss) = shop_with_toss(backend).await;
    let (number, total) = toss_order(&app, "TOSS-LOST", "VIRTUAL_ACCOUNT").await;
    let key = toss.authorize(&number, total, true);
    confirm(&app, &number, &key, total).await;
    let _lost = toss.deposit(&number);
    app.db
        .run(|c| jangteo::jobs::store::enqueue(c, &jangteo::payment::jobs::ReconcilePayments {}))
        .await
        .unwrap();
    let paid = wait_for_order(&app, &number, |o| o["status"] == "PAID").await;
    assert_eq!(paid_events(&paid), 1);
}
both_backends!(
    a_lost_webhook_is_recovered_by_reconciliation,
    reconciliation
);

async fn refunds(backend: Backend) {
    let (app, toss) = shop_with_toss(backend).await;
    let (number, total) = toss_order(&app, "TOSS-REFUND", "CARD").await;
    let key = toss.authorize(&number, total, false);
    confirm(&app, &number, &key, total).await;
    let order = admin_order(&app, &number).await;
    let refund = "mutation($id: ID!, $input: OrderRefundInput!) { orderRefund(id: $id, input: $input) {
        refund { id status amount { amount } } order { status } userErrors { field code message } } }";
    let body = app.admin(refund, json!({ "id": order["id"], "input": { "shippingAmount": 3_000, "reason": "배송비 환불" } })).await;
    let r = &body["data"]["orderRefund"];
    assert_eq!(r["refund"]["status"], "DONE", "{body}");
    let cancels = toss.requests("POST", &format!("/v1/payments/{key}/cancel"));
    assert_eq!(cancels.len(), 1);
    assert_eq!(cancels[0].json()["cancelAmount"], 3_000);
    let refund_key = cancels[0].headers["idempotency-key"].clone();
    assert!(refund_key.starts_with("refund-"), "{refund_key}");
    assert_eq!(
        toss.payment(&number),
        (total - 3_000, "PARTIAL_CANCELED".to_owned())
    );
    // An outage: the refund is reserved and stays pending; retried later with the same key.
    toss.set_down(true);
    let body = app.admin(refund, json!({ "id": order["id"], "input": { "lines": [{ "lineId": order["lines"][0]["id"], "quantity": 1 }], "reason": "반품" } })).await;
    assert_eq!(
        errors(&body["data"]["orderRefund"]),
        vec![("id".to_owned(), "GATEWAY_UNAVAILABLE".to_owned())],
        "{body}"
    );
    let pending = admin_order(&app, &number).await;
    let pending_refund = pending["refunds"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(pending_refund["status"], "PENDING");
    let again = app
        .admin(
            refund,
            json!({ "id": order["id"], "input": { "full": true, "reason": "또" } }),
        )
        .await;
    assert_eq!(
        errors(&again["data"]["orderRefund"]),
        vec![("input.lines".to_owned(), "BLANK".to_owned())],
        "the pending refund holds what is left: {again}"
    );
    toss.set_down(false);
    let id: shared::RefundId = pending_refund["id"].as_str().unwrap().parse().unwrap();
    app.db
        .run(move |c| {
            jangteo::jobs::store::enqueue(
                c,
                &jangteo::payment::jobs::CompleteRefund { refund_id: id.0 },
            )
        })
        .await
        .unwrap();
    let done = wait_for_order(&app, &number, |o| o["status"] == "REFUNDED").await;
    assert_eq!(
        done["refunds"].as_array().unwrap().last().unwrap()["status"],
        "DONE"
    );
    let keys: Vec<String> = toss
        .requests("POST", &format!("/v1/payments/{key}/cancel"))
        .iter()
        .map(|r| r.headers["idempotency-key"].clone())
        .collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert_eq!(keys[1], keys[2], "the retry repeats the key");
    assert_eq!(
        toss.payment(&number),
        (0, "CANCELED".to_owned()),
        "refunded once in all"
    );
}
both_backends!(toss_refunds_are_idempotent_across_an_outage, refunds);
