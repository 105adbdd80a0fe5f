//! Toss's `PAYMENT_STATUS_CHANGED` notifications carry no secret, so anyone can send them; each
//! only makes the server look the payment up at Toss. Floods of them must cost next to nothing:
//! those naming no order are counted and answered 200 without being stored, those about one
//! payment share one pending lookup (and one per window), and senders over the per-address or
//! per-order limit get a typed 429 — while genuine deposit callbacks (with their secret) go
//! through untouched.

use std::sync::Arc;
use std::time::Duration;

use diesel::prelude::*;
use futures_util::stream::{self, StreamExt};
use jangteo::config::{Config, GatewayKind};
use jangteo::db::DbError;
use jangteo::jobs::Job;
use jangteo::payment::jobs::ReconcileOrder;
use jangteo_tests::commerce::{
    admin_order, cart_with, confirm, place, variant_with_stock, wait_for_order,
};
use jangteo_tests::toss::{CLIENT_KEY, SECRET_KEY};
use jangteo_tests::{Backend, TestApp, TossServer, both_backends};
use serde_json::{Value, json};

/// A shop taking payments through the local Toss server, with no scheduler (so the only
/// lookups at Toss are the ones the notifications cause) and `customize`d limits.
async fn shop(backend: Backend, customize: impl FnOnce(&mut Config)) -> (TestApp, Arc<TossServer>) {
    let toss = Arc::new(TossServer::start().await);
    let url = toss.url();
    let app = TestApp::spawn_with(backend, |c| {
        c.payments.gateway = GatewayKind::Toss;
        c.payments.toss.api_base = url;
        c.payments.toss.client_key = CLIENT_KEY.into();
        c.payments.toss.secret_key = Some(jangteo::config::Secret::new(SECRET_KEY.into()));
        c.jobs.scheduler = false;
        c.jobs.poll_interval_ms = 100;
        customize(c);
    })
    .await;
    (app, toss)
}

/// An order whose virtual account was issued and awaits its deposit: its number.
async fn awaiting_deposit(app: &TestApp, toss: &TossServer, sku: &str) -> String {
    let variant = variant_with_stock(app, sku, 100, 21_000).await;
    let cart = cart_with(app, &variant, 1).await;
    let (number, total) = place(app, &cart, "VIRTUAL_ACCOUNT").await;
    let key = toss.authorize(&number, total, true);
    let issued = confirm(app, &number, &key, total).await;
    assert_eq!(issued["order"]["status"], "AWAITING_DEPOSIT", "{issued}");
    number
}

/// One delivery to the Toss webhook, from `ip` (as the proxy reports it) or from the test's own
/// address: (status, body, `Retry-After`).
async fn notify(app: &TestApp, body: &str, ip: Option<&str>) -> (u16, Value, Option<String>) {
    let mut req = app
        .client
        .post(app.url("/webhooks/payments/toss"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(ip) = ip {
        req = req.header("x-forwarded-for", format!("10.9.8.7, {ip}"));
    }
    let resp = req.send().await.expect("delivered");
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = resp.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, body, retry_after)
}

/// A forged `PAYMENT_STATUS_CHANGED` for order `number`: the shape Toss sends, with a stamp of
/// its own, so that every one is a new event.
fn forged(number: &str, i: usize) -> String {
    json!({
        "eventType": "PAYMENT_STATUS_CHANGED",
        "createdAt": format!("2026-12-05T11:{:02}:{:02}.{i:06}", i / 60 % 60, i % 60),
        "data": {
            "paymentKey": format!("tpk_forged_{number}_{i}"), "orderId": number, "status": "DONE",
            "lastTransactionKey": format!("forged_{i}"),
        },
    })
    .to_string()
}

/// Sends `bodies` 20 at a time; the statuses in order.
async fn flood(app: &TestApp, bodies: Vec<String>) -> Vec<(u16, Value)> {
    stream::iter(bodies)
        .map(|body| async move {
            let (status, body, _) = notify(app, &body, None).await;
            (status, body)
        })
        .buffered(20)
        .collect()
        .await
}

/// Lookup jobs (`payment.reconcile_order`): (all ever queued, pending now).
async fn lookups(app: &TestApp) -> (i64, i64) {
    app.db
        .run(|c| {
            use jangteo::db::schema::jobs::dsl as j;
            let all = j::jobs
                .filter(j::kind.eq(ReconcileOrder::KIND))
                .count()
                .get_result::<i64>(c)?;
            let pending = j::jobs
                .filter(j::kind.eq(ReconcileOrder::KIND))
                .filter(j::state.eq_any(["queued", "running"]))
                .count()
                .get_result::<i64>(c)?;
            Ok::<_, DbError>((all, pending))
        })
        .await
        .unwrap()
}

/// Rows in `inbound_events`.
async fn stored(app: &TestApp) -> i64 {
    app.db
        .run(|c| {
            jangteo::db::schema::inbound_events::table
                .count()
                .get_result::<i64>(c)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

/// Dropped notifications of Toss by reason.
async fn dropped(app: &TestApp, reason: &str) -> i64 {
    let reason = reason.to_owned();
    app.db
        .run(move |c| jangteo::payment::webhook_limits::dropped(c, "toss"))
        .await
        .unwrap()
        .into_iter()
        .find(|(r, _)| *r == reason)
        .map_or(0, |(_, n)| n)
}

/// Waits until no lookup job is pending.
async fn lookups_settle(app: &TestApp) -> (i64, i64) {
    for _ in 0..300 {
        let (all, pending) = lookups(app).await;
        if pending == 0 {
            return (all, pending);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("lookups still pending: {:?}", lookups(app).await);
}

fn assert_limited(status: u16, body: &Value, retry_after: Option<&str>, limit: &str) {
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["status"], "limited", "{body}");
    assert_eq!(body["code"], "RATE_LIMITED", "{body}");
    assert_eq!(body["limit"], limit, "{body}");
    let secs = body["retryAfterSeconds"].as_i64().unwrap();
    assert!((1..=60).contains(&secs), "{body}");
    assert_eq!(retry_after, Some(secs.to_string().as_str()), "Retry-After");
}

async fn flood_for_one_order(backend: Backend) {
    let (app, toss) = shop(backend, |_| {}).await;
    let number = awaiting_deposit(&app, &toss, "FLOOD-ONE").await;
    // The shopper deposits; Toss's callback is lost. Only a lookup can tell the shop now.
    let _lost = toss.deposit(&number);
    let answers = flood(&app, (0..200).map(|i| forged(&number, i)).collect()).await;
    let count = |word: &str| answers.iter().filter(|(_, b)| b["status"] == word).count();
    for (status, body) in &answers {
        match status {
            // Queued the lookup, served by it, or (once it has settled the payment) nothing left
            // to look up.
            200 => assert!(
                ["accepted", "coalesced", "ignored"].contains(&body["status"].as_str().unwrap()),
                "{body}"
            ),
            429 => {
                assert_eq!(body["code"], "RATE_LIMITED", "{body}");
                assert_eq!(body["limit"], "order", "{body}");
            }
            _ => panic!("{status}: {body}"),
        }
    }
    assert_eq!(count("accepted"), 1, "one notification queued a lookup");
    let (coalesced, settled) = (count("coalesced"), count("ignored"));
    assert!(
        coalesced < 20,
        "the order's limit (20 a minute) holds: {coalesced} more got through"
    );
    assert_eq!(1 + coalesced + settled + count("limited"), 200);
    // The lookup settles the payment as Toss reports it.
    let paid = wait_for_order(&app, &number, |o| o["status"] == "PAID").await;
    assert_eq!(
        paid["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["toStatus"] == "PAID")
            .count(),
        1
    );
    assert_eq!(lookups_settle(&app).await, (1, 0), "one lookup job in all");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        toss.requests("GET", &format!("/v1/payments/orders/{number}"))
            .len(),
        1,
        "Toss was asked once"
    );
    assert_eq!(stored(&app).await, 1, "one notification stored");
    assert_eq!(
        dropped(&app, "coalesced").await,
        i64::try_from(coalesced).unwrap()
    );
    // Once paid, notifications have nothing left to look up: counted, answered 200.
    let (status, body, _) = notify(&app, &forged(&number, 999), None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ignored")));
    assert_eq!(
        dropped(&app, "settled").await,
        i64::try_from(settled).unwrap() + 1
    );
    assert_eq!(lookups(&app).await, (1, 0));
}
both_backends!(
    toss_forged_status_floods_for_one_order_queue_one_lookup,
    flood_for_one_order
);

async fn unknown_orders(backend: Backend) {
    let (app, toss) = shop(backend, |_| {}).await;
    // Status notifications and deposit-callback look-alikes naming orders this shop never had.
    let bodies: Vec<String> = (0..200)
        .map(|i| {
            let number = format!("20991231-{i:06}");
            if i % 4 == 0 {
                json!({
                    "createdAt": "2026-12-05T11:00:00.000000", "secret": format!("ps_{i}"),
                    "status": "DONE", "transactionKey": format!("tx_{i}"), "orderId": number,
                })
                .to_string()
            } else {
                forged(&number, i)
            }
        })
        .collect();
    let answers = flood(&app, bodies).await;
    for (status, body) in &answers {
        assert_eq!(
            (*status, body["status"].as_str()),
            (200, Some("ignored")),
            "acknowledged, so Toss stops resending"
        );
    }
    let malformed = flood(
        &app,
        (0..10)
            .map(|i| format!("{{\"not\": \"an event {i}\"}}"))
            .collect(),
    )
    .await;
    assert!(malformed.iter().all(|(s, _)| *s == 400), "{malformed:?}");
    assert_eq!(stored(&app).await, 0, "nothing stored");
    assert_eq!(lookups(&app).await, (0, 0), "no lookups");
    assert_eq!(dropped(&app, "unknown_order").await, 200);
    assert_eq!(dropped(&app, "malformed").await, 10);
    assert!(toss.requests("GET", "/v1/payments").is_empty());
}
both_backends!(
    toss_notifications_naming_unknown_orders_are_only_counted,
    unknown_orders
);

async fn rate_limits(backend: Backend) {
    let (app, toss) = shop(backend, |c| {
        c.http.trust_forwarded_for = true;
        c.payments.webhooks.per_ip_limit = 5;
        c.payments.webhooks.per_order_limit = 12;
    })
    .await;
    let number = awaiting_deposit(&app, &toss, "FLOOD-IP").await;
    let attacker = "203.0.113.7";
    let mut i = 0;
    let mut next = || {
        i += 1;
        forged(&number, i)
    };
    for n in 0..10 {
        let (status, body, retry_after) = notify(&app, &next(), Some(attacker)).await;
        if n < 5 {
            assert_eq!(status, 200, "{n}: {body}");
        } else {
            assert_limited(status, &body, retry_after.as_deref(), "ip");
        }
    }
    // Another address still gets through.
    let (status, body, _) = notify(&app, &next(), Some("198.51.100.9")).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("coalesced")));
    // An IPv6 sender is counted by its /64: new addresses in it are no new budget.
    for n in 0..6 {
        let ip = format!("2001:db8:7:7::{:x}", n + 1);
        let (status, body, retry_after) = notify(&app, &next(), Some(&ip)).await;
        if n < 5 {
            assert_eq!(status, 200, "{ip}: {body}");
        } else {
            assert_limited(status, &body, retry_after.as_deref(), "ip");
        }
    }
    // Eleven notifications named the order so far; from fresh addresses the order's own limit
    // (12 a minute) holds.
    let (status, _, _) = notify(&app, &next(), Some("192.0.2.1")).await;
    assert_eq!(status, 200);
    for ip in ["192.0.2.2", "192.0.2.3"] {
        let (status, body, retry_after) = notify(&app, &next(), Some(ip)).await;
        assert_limited(status, &body, retry_after.as_deref(), "order");
    }
    // Only the first notification queued a lookup.
    assert_eq!(lookups_settle(&app).await, (1, 0));
    assert_eq!(
        admin_order(&app, &number).await["status"],
        "AWAITING_DEPOSIT"
    );
    // Toss's genuine deposit callback, with its secret, from the limited address: never limited.
    let callback = toss.deposit(&number);
    let (status, body, _) = notify(&app, &callback, Some(attacker)).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("accepted")));
    wait_for_order(&app, &number, |o| o["status"] == "PAID").await;
    let (status, body, _) = notify(&app, &callback, Some(attacker)).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("duplicate")));
}
both_backends!(
    toss_notifications_over_the_address_or_order_limit_get_429,
    rate_limits
);

async fn dedupe_window(backend: Backend) {
    let (app, toss) = shop(backend, |_| {}).await;
    let number = awaiting_deposit(&app, &toss, "FLOOD-WINDOW").await;
    let asked = || {
        toss.requests("GET", &format!("/v1/payments/orders/{number}"))
            .len()
    };
    let (status, body, _) = notify(&app, &forged(&number, 1), None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("accepted")));
    assert_eq!(lookups_settle(&app).await, (1, 0));
    assert_eq!(asked(), 1);
    // The lookup is done, but within the window another notification queues none.
    let (status, body, _) = notify(&app, &forged(&number, 2), None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("coalesced")));
    app.clock.advance(chrono::Duration::seconds(45));
    let (status, body, _) = notify(&app, &forged(&number, 3), None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("coalesced")));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(lookups(&app).await, (1, 0));
    // After the window (60 s from the lookup's notification) one queues a lookup again. A
    // replay of the stored first notification is only a duplicate: it does not take the window.
    app.clock.advance(chrono::Duration::seconds(16));
    let (status, body, _) = notify(&app, &forged(&number, 1), None).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("duplicate")),
        "{body}"
    );
    let (status, body, _) = notify(&app, &forged(&number, 4), None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("accepted")));
    let (status, body, _) = notify(&app, &forged(&number, 5), None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("coalesced")));
    assert_eq!(lookups_settle(&app).await, (2, 0));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(asked(), 2);
    assert_eq!(stored(&app).await, 2);
}
both_backends!(
    toss_notifications_share_one_lookup_per_window,
    dedupe_window
);

async fn one_pending_lookup(backend: Backend) {
    // No window and no worker: only the job queue's dedupe key keeps lookups to one per payment.
    let (app, toss) = shop(backend, |c| {
        c.jobs.worker = false;
        c.payments.webhooks.dedupe_secs = 0;
        c.payments.webhooks.per_order_limit = 1_000;
    })
    .await;
    let number = awaiting_deposit(&app, &toss, "FLOOD-PENDING").await;
    let answers = flood(&app, (0..40).map(|i| forged(&number, i)).collect()).await;
    assert!(answers.iter().all(|(s, _)| *s == 200), "{answers:?}");
    let accepted = answers
        .iter()
        .filter(|(_, b)| b["status"] == "accepted")
        .count();
    assert_eq!(accepted, 1, "one of 40 notifications queued a lookup");
    assert_eq!(lookups(&app).await, (1, 1), "one pending lookup");
    // A second order's notifications get a lookup of their own.
    let other = awaiting_deposit(&app, &toss, "FLOOD-PENDING-2").await;
    let (status, body, _) = notify(&app, &forged(&other, 1), None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("accepted")));
    assert_eq!(lookups(&app).await, (2, 2));
}
both_backends!(
    toss_lookup_jobs_coalesce_to_one_pending_per_payment,
    one_pending_lookup
);
