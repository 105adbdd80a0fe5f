//! Checkout and payment through the Shop API with the sandbox gateway: stock taken in the
//! order's transaction, a snapshot of what was bought, card payments confirmed once, virtual
//! accounts paid by a simulated deposit, idempotent retries, and every bad input (a tampered
//! amount, a declined card, a bad address, an empty cart) refused with nothing changed.

use jangteo_tests::commerce::{
    self, CHECKOUT, admin_order, cart_with, checkout, checkout_input, confirm, errors, pay_sandbox,
    place, sandbox_authorize, stock_of, variant_with_stock, wait_for_order,
};
use jangteo_tests::{TestApp, backend_tests, link_token};
use serde_json::{Value, json};
use shared::checkout::sandbox_cards;

const LOOKUP: &str = "query($n: String!, $p: String!) { orderLookup(number: $n, phone: $p) {
    number status total { amount } shippingAddress { postalCode recipient } statusHistory { status } tracking { url } } }";

async fn order_count(app: &TestApp) -> usize {
    let body = app
        .admin("{ orders(first: 100) { nodes { id } } }", json!({}))
        .await;
    body["data"]["orders"]["nodes"].as_array().unwrap().len()
}

async fn wait_for_mail(app: &TestApp, needle: &str, n: usize) {
    for _ in 0..300 {
        if commerce::outbox_count(app, needle) >= n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no {n} email(s) with {needle:?}");
}

backend_tests! {
    /// 바로구매: a cart made for one purchase is ordered alone. A guest's other cart keeps its
    /// lines; a signed-in member may order an anonymous cart of this shop by its token (the order
    /// is hers, her own cart untouched), never a token that names no cart of this shop.
    async fn a_cart_for_one_purchase_is_ordered_and_the_other_cart_kept(app) {
        let tea = variant_with_stock(&app, "CO-NOW-TEA", 20, 10_000).await;
        let rice = variant_with_stock(&app, "CO-NOW-RICE", 20, 5_000).await;
        let cart_lines = |token: Option<String>, access: Option<String>| {
            let app = &app;
            async move {
                let (_, body) = app
                    .shop_as(access.as_deref(), "query($t: String) { cart(cartToken: $t) { lines { quantity productName } } }", json!({ "t": token }))
                    .await;
                body["data"]["cart"]["lines"].clone()
            }
        };
        // A guest: her cart holds tea; a cart of rice alone is ordered.
        let kept = cart_with(&app, &tea, 3).await;
        let now = cart_with(&app, &rice, 2).await;
        let (number, total) = place(&app, &now, "CARD").await;
        assert_eq!(total, 13_000, "rice alone, with shipping");
        let order = admin_order(&app, &number).await;
        let lines: Vec<_> = order["lines"].as_array().unwrap().iter().map(|l| (l["sku"].clone(), l["quantity"].clone())).collect();
        assert_eq!(lines, vec![(json!("CO-NOW-RICE"), json!(2))]);
        assert_eq!(cart_lines(Some(kept.clone()), None).await.as_array().map(Vec::len), Some(1));
        assert_eq!(cart_lines(Some(kept), None).await[0]["quantity"], 3);

        // A member with tea in her own cart orders a cart of rice made for the purpose.
        let session = crate::accounts::register(&app, "buynow@example.com").await;
        let access = session["accessToken"].as_str().unwrap().to_owned();
        let (_, added) = app
            .shop_as(Some(&access), jangteo_tests::commerce::ADD, json!({ "lines": [{ "variantId": tea, "quantity": 1 }] }))
            .await;
        assert_eq!(added["data"]["cartLinesAdd"]["userErrors"], json!([]), "{added}");
        let now = cart_with(&app, &rice, 1).await;
        let (_, placed) = app
            .shop_as(Some(&access), CHECKOUT, json!({ "input": checkout_input(Some(&now), "CARD") }))
            .await;
        let payload = &placed["data"]["checkoutComplete"];
        assert_eq!(payload["userErrors"], json!([]), "{placed}");
        assert_eq!(payload["order"]["lines"][0]["sku"], "CO-NOW-RICE", "{placed}");
        let number = payload["order"]["number"].as_str().unwrap().to_owned();
        let (_, history) = app.shop_as(Some(&access), "{ me { orders(first: 5) { nodes { number } } } }", json!({})).await;
        assert_eq!(history["data"]["me"]["orders"]["nodes"], json!([{ "number": number }]), "the order is hers");
        let own = cart_lines(None, Some(access.clone())).await;
        assert_eq!(own, json!([{ "quantity": 1, "productName": "테스트 상품 CO-NOW-TEA" }]), "her cart is untouched");

        // The ordered cart is empty now; a token naming no cart is not found; neither orders.
        for (token, code) in [(now.as_str(), "CART_EMPTY"), ("no-such-cart-token", "NOT_FOUND")] {
            let (_, refused) = app
                .shop_as(Some(&access), CHECKOUT, json!({ "input": checkout_input(Some(token), "CARD") }))
                .await;
            assert_eq!(errors(&refused["data"]["checkoutComplete"]), vec![("input.cartToken".to_owned(), code.to_owned())], "{refused}");
        }
        assert_eq!(cart_lines(None, Some(access)).await[0]["quantity"], 1);
    }

    /// A card checkout holds the stock, keeps a snapshot and empties the cart; the sandbox card
    /// pays it once, however often the confirmation is repeated, with one email.
    async fn a_card_checkout_takes_stock_and_is_paid_once(app) {
        let v = variant_with_stock(&app, "CO-CARD", 10, 12_900).await;
        let token = cart_with(&app, &v, 2).await;
        let payload = checkout(&app, &token, "CARD").await;
        assert_eq!(payload["userErrors"], json!([]), "{payload}");
        let order = &payload["order"];
        let number = order["number"].as_str().unwrap().to_owned();
        assert!(shared::checkout::is_order_number(&number), "{number}");
        assert!(number.ends_with("-000001"), "the day's first order: {number}");
        assert_eq!(order["status"], "AWAITING_PAYMENT");
        assert_eq!(order["total"]["amount"], 28_800);
        assert_eq!(order["lines"][0]["sku"], "CO-CARD");
        assert_eq!(order["lines"][0]["unitPrice"]["amount"], 12_900);
        assert!(order["expiresAt"].is_string(), "an unpaid order has a deadline");
        assert_eq!(payload["payment"]["gateway"], "SANDBOX");
        assert_eq!(payload["payment"]["orderId"], number);
        assert_eq!(payload["payment"]["amount"]["amount"], 28_800);
        assert_eq!(payload["payment"]["authorizeUrl"], "/sandbox-gateway/v1/authorize");
        assert_eq!(payload["payment"]["scriptUrl"], serde_json::Value::Null, "the sandbox needs no SDK");
        assert_eq!(stock_of(&app, &v).await, 8, "stock is taken at checkout");
        let body = app.shop("query($t: String) { cart(cartToken: $t) { lines { id } } }", json!({ "t": token })).await;
        assert_eq!(body["data"]["cart"]["lines"], json!([]), "the ordered lines left the cart");

        let (status, auth) = sandbox_authorize(&app, json!({ "orderId": number, "amount": 28_800, "method": "CARD", "cardNumber": sandbox_cards::APPROVED })).await;
        assert_eq!(status, 200, "{auth}");
        let key = auth["paymentKey"].as_str().unwrap();
        let paid = confirm(&app, &number, key, 28_800).await;
        assert_eq!(paid["userErrors"], json!([]), "{paid}");
        assert_eq!(paid["order"]["status"], "PAID");
        assert_eq!(paid["order"]["payment"]["status"], "PAID");
        assert!(paid["order"]["paidAt"].is_string());
        let again = confirm(&app, &number, key, 28_800).await;
        assert_eq!(again["order"]["status"], "PAID", "a repeated confirmation answers the same order: {again}");
        wait_for_mail(&app, "결제가 완료되었습니다", 1).await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert_eq!(commerce::outbox_count(&app, "결제가 완료되었습니다"), 1, "one payment-complete email");
        let confirms = app.db.run(move |c| jangteo::payment::sandbox::SandboxGateway::confirmations(c, &number)).await.unwrap();
        assert_eq!(confirms, 1, "the gateway was asked once");
        let seen = admin_order(&app, paid["order"]["number"].as_str().unwrap()).await;
        let statuses: Vec<&str> = seen["timeline"].as_array().unwrap().iter().filter(|e| e["kind"] == "status").map(|e| e["toStatus"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["AWAITING_PAYMENT", "PAID"]);
    }

    /// A declined card, a tampered amount, a payment key of another order and an unknown order
    /// are refused; the order waits unpaid, and a good card then pays it.
    async fn declined_cards_and_tampered_amounts_change_nothing(app) {
        let v = variant_with_stock(&app, "CO-DECLINE", 10, 30_000).await;
        let (number, total) = place(&app, &cart_with(&app, &v, 1).await, "CARD").await;
        assert_eq!(total, 33_000);
        let declined = pay_sandbox(&app, &number, total, "CARD", sandbox_cards::DECLINED).await;
        assert_eq!(errors(&declined), vec![("input.paymentKey".to_owned(), "PAYMENT_DECLINED".to_owned())], "{declined}");
        let poor = pay_sandbox(&app, &number, total, "CARD", sandbox_cards::INSUFFICIENT_FUNDS).await;
        assert_eq!(errors(&poor), vec![("input.paymentKey".to_owned(), "PAYMENT_DECLINED".to_owned())]);
        let (status, bad_card) = sandbox_authorize(&app, json!({ "orderId": number, "amount": total, "method": "CARD", "cardNumber": "4242424242424241" })).await;
        assert_eq!((status, bad_card["code"].as_str()), (400, Some("INVALID_CARD_NUMBER")), "{bad_card}");
        // The browser claims a lower amount than the order's.
        let (_, auth) = sandbox_authorize(&app, json!({ "orderId": number, "amount": 1_000, "method": "CARD", "cardNumber": sandbox_cards::APPROVED })).await;
        let cheap = confirm(&app, &number, auth["paymentKey"].as_str().unwrap(), 1_000).await;
        assert_eq!(errors(&cheap), vec![("input.amount".to_owned(), "AMOUNT_MISMATCH".to_owned())]);
        // Authorised for less, confirmed for the right total: the gateway refuses the mismatch.
        let sneaky = confirm(&app, &number, auth["paymentKey"].as_str().unwrap(), total).await;
        assert_eq!(errors(&sneaky), vec![("input.paymentKey".to_owned(), "PAYMENT_DECLINED".to_owned())]);
        let unknown = confirm(&app, "20990101-000001", "sbx_x", total).await;
        assert_eq!(errors(&unknown), vec![("input.orderNumber".to_owned(), "NOT_FOUND".to_owned())]);
        let order = admin_order(&app, &number).await;
        assert_eq!(order["status"], "AWAITING_PAYMENT");
        assert_eq!(order["payment"]["status"], "PENDING");
        assert_eq!(stock_of(&app, &v).await, 9, "still held for the order");

        let paid = pay_sandbox(&app, &number, total, "CARD", "5555 5555 5555 4444").await;
        assert_eq!(paid["order"]["status"], "PAID", "{paid}");
        // The paid order's key does not pay another order.
        let (other, other_total) = place(&app, &cart_with(&app, &v, 1).await, "CARD").await;
        let (_, auth2) = sandbox_authorize(&app, json!({ "orderId": number, "amount": total, "method": "CARD", "cardNumber": sandbox_cards::APPROVED })).await;
        let wrong = confirm(&app, &other, auth2["paymentKey"].as_str().unwrap(), other_total).await;
        assert_eq!(errors(&wrong), vec![("input.paymentKey".to_owned(), "PAYMENT_DECLINED".to_owned())], "{wrong}");
        assert_eq!(admin_order(&app, &other).await["status"], "AWAITING_PAYMENT");
    }

    /// A virtual account: the order awaits the deposit with the account shown; staff simulate
    /// the deposit, the sandbox's webhook turns the order paid, and each step emails once.
    async fn a_virtual_account_order_is_paid_by_its_deposit(app) {
        let v = variant_with_stock(&app, "CO-VA", 10, 60_000).await;
        let (number, total) = place(&app, &cart_with(&app, &v, 1).await, "VIRTUAL_ACCOUNT").await;
        assert_eq!(total, 60_000, "free shipping from 50,000원");
        let issued = pay_sandbox(&app, &number, total, "VIRTUAL_ACCOUNT", "").await;
        assert_eq!(issued["userErrors"], json!([]), "{issued}");
        let order = &issued["order"];
        assert_eq!(order["status"], "AWAITING_DEPOSIT");
        let va = &order["payment"]["virtualAccount"];
        assert_eq!(va["bankName"], "우리은행");
        assert_eq!(va["amount"]["amount"], 60_000);
        assert!(va["accountNumber"].as_str().unwrap().len() >= 10, "{va}");
        assert!(va["dueAt"].is_string());
        wait_for_mail(&app, "입금 안내", 1).await;
        let seen = admin_order(&app, &number).await;
        assert_eq!(seen["canSimulateDeposit"], true);

        let body = app.admin("mutation($id: ID!) { sandboxDepositSimulate(id: $id) { order { status } userErrors { field code message } } }", json!({ "id": seen["id"] })).await;
        assert_eq!(body["data"]["sandboxDepositSimulate"]["userErrors"], json!([]), "{body}");
        let paid = wait_for_order(&app, &number, |o| o["status"] == "PAID").await;
        assert_eq!(paid["payment"]["status"], "PAID");
        wait_for_mail(&app, "결제가 완료되었습니다", 1).await;
        let body = app.admin("mutation($id: ID!) { sandboxDepositSimulate(id: $id) { userErrors { field code } } }", json!({ "id": seen["id"] })).await;
        assert_eq!(errors(&body["data"]["sandboxDepositSimulate"]), vec![("id".to_owned(), "INVALID_STATE".to_owned())]);
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert_eq!(commerce::outbox_count(&app, "결제가 완료되었습니다"), 1);
        assert_eq!(commerce::outbox_count(&app, "입금 안내"), 1);
    }

    /// An empty cart, a bad address, a bad email and a missing phone are refused at their
    /// fields; no order is created and no stock moves.
    async fn bad_checkout_input_is_refused_and_changes_nothing(app) {
        let v = variant_with_stock(&app, "CO-BAD", 5, 10_000).await;
        let token = cart_with(&app, &v, 2).await;
        let mut input = checkout_input(Some(&token), "CARD");
        input["email"] = json!("not-an-email");
        input["phone"] = json!("02-555");
        input["shippingAddress"]["postalCode"] = json!("1234");
        input["shippingAddress"]["roadAddress"] = json!(" ");
        input["shippingAddress"]["recipient"] = json!("");
        input["shippingAddress"]["deliveryNote"] = json!("x".repeat(201));
        let body = app.shop(CHECKOUT, json!({ "input": input })).await;
        let mut got = errors(&body["data"]["checkoutComplete"]);
        got.sort();
        let mut expected: Vec<(String, String)> = [
            ("input.email", "INVALID"), ("input.phone", "INVALID"),
            ("input.shippingAddress.postalCode", "INVALID"), ("input.shippingAddress.roadAddress", "BLANK"),
            ("input.shippingAddress.recipient", "BLANK"), ("input.shippingAddress.deliveryNote", "TOO_LONG"),
        ].iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
        expected.sort();
        assert_eq!(got, expected, "{body}");
        let body = app.shop(CHECKOUT, json!({ "input": { "shippingAddress": checkout_input(None, "CARD")["shippingAddress"], "paymentMethod": "CARD" } })).await;
        let got = errors(&body["data"]["checkoutComplete"]);
        assert!(got.contains(&("input.cartToken".to_owned(), "CART_EMPTY".to_owned())), "{got:?}");
        assert!(got.contains(&("input.email".to_owned(), "BLANK".to_owned())), "{got:?}");
        let mut expensive = checkout_input(Some(&token), "CARD");
        expensive["expectedTotal"] = json!(20_000);
        let body = app.shop(CHECKOUT, json!({ "input": expensive })).await;
        assert_eq!(errors(&body["data"]["checkoutComplete"]), vec![("input.expectedTotal".to_owned(), "PRICE_CHANGED".to_owned())]);
        assert_eq!(order_count(&app).await, 0);
        assert_eq!(stock_of(&app, &v).await, 5);
        let mut right = checkout_input(Some(&token), "CARD");
        right["expectedTotal"] = json!(23_000);
        let body = app.shop(CHECKOUT, json!({ "input": right })).await;
        assert_eq!(body["data"]["checkoutComplete"]["userErrors"], json!([]), "{body}");
    }

    /// The same idempotency key and request answer the first order (stock taken once); the same
    /// key with another request is refused.
    async fn a_retried_checkout_answers_the_first_order(app) {
        let v = variant_with_stock(&app, "CO-IDEM", 10, 10_000).await;
        let token = cart_with(&app, &v, 3).await;
        let input = checkout_input(Some(&token), "CARD");
        let first = app.shop(CHECKOUT, json!({ "input": input, "key": "retry-7f3a" })).await;
        let first = &first["data"]["checkoutComplete"];
        assert_eq!(first["userErrors"], json!([]), "{first}");
        let second = app.shop(CHECKOUT, json!({ "input": input, "key": "retry-7f3a" })).await;
        let second = &second["data"]["checkoutComplete"];
        assert_eq!(second["order"]["number"], first["order"]["number"], "{second}");
        assert_eq!(stock_of(&app, &v).await, 7, "stock taken once");
        let mut other = input.clone();
        other["paymentMethod"] = json!("VIRTUAL_ACCOUNT");
        let third = app.shop(CHECKOUT, json!({ "input": other, "key": "retry-7f3a" })).await;
        assert_eq!(errors(&third["data"]["checkoutComplete"]), vec![("idempotencyKey".to_owned(), "IDEMPOTENCY_KEY_REUSED".to_owned())]);
        let bad = app.shop(CHECKOUT, json!({ "input": input, "key": "" })).await;
        assert_eq!(errors(&bad["data"]["checkoutComplete"]), vec![("idempotencyKey".to_owned(), "INVALID".to_owned())]);
        assert_eq!(order_count(&app).await, 1);
    }

    /// A guest finds their order by number and phone; a wrong phone finds nothing. A member sees
    /// their own orders and not another shopper's.
    async fn shoppers_see_only_their_own_orders(app) {
        let v = variant_with_stock(&app, "CO-MINE", 10, 10_000).await;
        let (guest, _) = place(&app, &cart_with(&app, &v, 1).await, "CARD").await;
        let body = app.shop(LOOKUP, json!({ "n": guest, "p": "010 1234 5678" })).await;
        let found = &body["data"]["orderLookup"];
        assert_eq!(found["number"], guest, "{body}");
        assert_eq!(found["shippingAddress"]["postalCode"], "06236");
        assert_eq!(found["statusHistory"], json!([{ "status": "AWAITING_PAYMENT" }]));
        let body = app.shop(LOOKUP, json!({ "n": guest, "p": "010-9999-0000" })).await;
        assert_eq!(body["data"]["orderLookup"], Value::Null, "{body}");
        // A member's checkout fills the orderer from the account.
        let login = app.shop("mutation($i: LoginInput!) { login(input: $i) { session { accessToken } } }",
            json!({ "i": { "email": jangteo::members::DEMO_MEMBER_EMAIL, "password": jangteo::members::DEMO_PASSWORD } })).await;
        let access = login["data"]["login"]["session"]["accessToken"].as_str().unwrap().to_owned();
        let (_, added) = app.shop_as(Some(&access), commerce::ADD, json!({ "lines": [{ "variantId": v, "quantity": 2 }] })).await;
        assert_eq!(added["data"]["cartLinesAdd"]["userErrors"], json!([]), "{added}");
        let mut input = checkout_input(None, "CARD");
        for field in ["customerName", "email", "phone", "cartToken"] {
            input.as_object_mut().unwrap().remove(field);
        }
        let (_, body) = app.shop_as(Some(&access), CHECKOUT, json!({ "input": input })).await;
        let mine = body["data"]["checkoutComplete"]["order"]["number"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned();
        let (_, body) = app.shop_as(Some(&access), "{ me { orders(first: 10) { nodes { number email customerName } } } }", json!({})).await;
        let orders = body["data"]["me"]["orders"]["nodes"].as_array().unwrap().clone();
        assert_eq!(orders.len(), 1, "{body}");
        assert_eq!(orders[0]["number"], mine);
        assert_eq!(orders[0]["email"], jangteo::members::DEMO_MEMBER_EMAIL);
        let (_, body) = app.shop_as(Some(&access), "query($n: String!) { order(number: $n) { number } }", json!({ "n": guest })).await;
        assert_eq!(body["data"]["order"], Value::Null, "a guest's order is not the member's: {body}");
        let (_, body) = app.shop_as(None, "query($n: String!) { order(number: $n) { number } }", json!({ "n": mine })).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    }

    /// An order needs the purchase conditions agreed, and a guest's also the consent to collect
    /// their details: left out, `false` or `null`, each is refused on its field and nothing is
    /// placed or taken. Given, they are kept with the order (kind, version, time) for staff; a
    /// member needs only the first.
    async fn orders_keep_the_agreements_they_need(app) {
        let v = variant_with_stock(&app, "CO-AGREE", 10, 10_000).await;
        let token = cart_with(&app, &v, 1).await;
        let refused = |input: Value| {
            let app = &app;
            async move {
                let body = app.shop(CHECKOUT, json!({ "input": input })).await;
                let mut got = errors(&body["data"]["checkoutComplete"]);
                got.sort();
                assert_eq!(body["data"]["checkoutComplete"]["order"], Value::Null, "{body}");
                got
            }
        };
        let consent = |f: &str| (format!("input.agreements.{f}"), "CONSENT_REQUIRED".to_owned());
        let mut none = checkout_input(Some(&token), "CARD");
        none.as_object_mut().unwrap().remove("agreements");
        assert_eq!(refused(none.clone()).await, [consent("privacyCollection"), consent("purchaseConditions")]);
        none["agreements"] = Value::Null;
        assert_eq!(refused(none.clone()).await, [consent("privacyCollection"), consent("purchaseConditions")]);
        none["agreements"] = json!({ "purchaseConditions": true, "privacyCollection": false });
        assert_eq!(refused(none.clone()).await, [consent("privacyCollection")]);
        none["agreements"] = json!({ "purchaseConditions": false, "privacyCollection": true });
        assert_eq!(refused(none.clone()).await, [consent("purchaseConditions")]);
        assert_eq!(order_count(&app).await, 0);
        assert_eq!(stock_of(&app, &v).await, 10);

        let (number, _) = place(&app, &token, "CARD").await;
        let order = app.admin("query($n: String!) { orderByNumber(number: $n) { placedAt agreements { kind version agreedAt } } }", json!({ "n": number })).await;
        let order = &order["data"]["orderByNumber"];
        let kept = order["agreements"].as_array().unwrap();
        assert_eq!(kept.iter().map(|a| a["kind"].as_str().unwrap()).collect::<Vec<_>>(), ["PURCHASE_CONDITIONS", "PRIVACY_COLLECTION"], "{order}");
        for a in kept {
            assert_eq!(a["version"], "2026-12-07");
            assert_eq!(a["agreedAt"], order["placedAt"], "agreed when placed: {order}");
        }

        // A member agrees to the purchase conditions only.
        let login = app.shop("mutation($i: LoginInput!) { login(input: $i) { session { accessToken } } }",
            json!({ "i": { "email": jangteo::members::DEMO_MEMBER_EMAIL, "password": jangteo::members::DEMO_PASSWORD } })).await;
        let access = login["data"]["login"]["session"]["accessToken"].as_str().unwrap().to_owned();
        let (_, added) = app.shop_as(Some(&access), commerce::ADD, json!({ "lines": [{ "variantId": v, "quantity": 1 }] })).await;
        assert_eq!(added["data"]["cartLinesAdd"]["userErrors"], json!([]), "{added}");
        let mut input = checkout_input(None, "CARD");
        for field in ["customerName", "email", "phone", "cartToken"] {
            input.as_object_mut().unwrap().remove(field);
        }
        input["agreements"] = json!({ "purchaseConditions": false });
        let (_, body) = app.shop_as(Some(&access), CHECKOUT, json!({ "input": input.clone() })).await;
        assert_eq!(errors(&body["data"]["checkoutComplete"]), [consent("purchaseConditions")]);
        input["agreements"] = json!({ "purchaseConditions": true });
        let (_, body) = app.shop_as(Some(&access), CHECKOUT, json!({ "input": input })).await;
        let mine = body["data"]["checkoutComplete"]["order"]["number"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned();
        let order = app.admin("query($n: String!) { orderByNumber(number: $n) { agreements { kind } } }", json!({ "n": mine })).await;
        assert_eq!(order["data"]["orderByNumber"]["agreements"], json!([{ "kind": "PURCHASE_CONDITIONS" }]));
    }

    /// A guest who signs up with the email of her orders gets them in her history once she
    /// verifies it, never before; two of her links used at once verify and link once; another
    /// address's guest order stays a guest's; the guest lookup still finds the order; a later
    /// guest checkout with her verified address is hers at once.
    async fn verifying_an_email_makes_its_guest_orders_the_members(app) {
        let v = variant_with_stock(&app, "CO-LINK", 20, 10_000).await;
        let (first, _) = place(&app, &cart_with(&app, &v, 1).await, "CARD").await;
        let (second, _) = place(&app, &cart_with(&app, &v, 2).await, "VIRTUAL_ACCOUNT").await;
        let mut other_input = checkout_input(Some(&cart_with(&app, &v, 1).await), "CARD");
        other_input["email"] = json!("someone.else@example.com");
        let other = app.shop(CHECKOUT, json!({ "input": other_input })).await;
        let other = other["data"]["checkoutComplete"]["order"]["number"].as_str().unwrap_or_else(|| panic!("{other}")).to_owned();

        // The guest checkout used jisoo@example.com; she signs up with it, in other letters.
        let session = crate::accounts::register(&app, "JiSoo@Example.com").await;
        let access = session["accessToken"].as_str().unwrap().to_owned();
        let history = |access: String| {
            let app = &app;
            async move {
                let (_, body) = app.shop_as(Some(&access), "{ me { orders(first: 10) { nodes { number } } } }", json!({})).await;
                body["data"]["me"]["orders"]["nodes"].as_array().unwrap_or_else(|| panic!("{body}")).iter()
                    .map(|o| o["number"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
            }
        };
        assert_eq!(history(access.clone()).await, Vec::<String>::new(), "an unverified address links nothing");

        // A second link; both are used at once.
        let (_, resent) = app.shop_as(Some(&access), "mutation { emailVerificationResend { userErrors { code } } }", json!({})).await;
        assert_eq!(resent["data"]["emailVerificationResend"]["userErrors"], json!([]), "{resent}");
        let mails = app.wait_for_emails("jisoo@example.com", "/account/verify-email", 2).await;
        let verify = "mutation($t: String!) { emailVerify(token: $t) { member { emailVerifiedAt } userErrors { field code } } }";
        let (a, b) = tokio::join!(
            app.shop(verify, json!({ "t": link_token(&mails[0], "/account/verify-email") })),
            app.shop(verify, json!({ "t": link_token(&mails[1], "/account/verify-email") })),
        );
        // Using one link spends the member's others: one verification wins, the other is told
        // its link was used.
        let verified = [&a, &b].iter().filter(|body| body["data"]["emailVerify"]["member"]["emailVerifiedAt"].is_string()).count();
        let used = [&a, &b].iter().filter(|body| body["data"]["emailVerify"]["userErrors"][0]["code"] == "USED").count();
        assert_eq!((verified, used), (1, 1), "{a} {b}");

        assert_eq!(history(access.clone()).await, vec![second.clone(), first.clone()]);
        let (_, page) = app.shop_as(Some(&access), "query($n: String!) { order(number: $n) { number customerName } }", json!({ "n": first })).await;
        assert_eq!(page["data"]["order"]["number"], first, "her order page opens signed in: {page}");
        let (_, page) = app.shop_as(Some(&access), "query($n: String!) { order(number: $n) { number } }", json!({ "n": other })).await;
        assert_eq!(page["data"]["order"], Value::Null, "another address's order stays a guest's: {page}");
        let body = app.shop(LOOKUP, json!({ "n": first, "p": "010-1234-5678" })).await;
        assert_eq!(body["data"]["orderLookup"]["number"], first, "{body}");
        for number in [&first, &second] {
            let order = admin_order(&app, number).await;
            let linked: Vec<_> = order["timeline"].as_array().unwrap().iter().filter(|e| e["kind"] == "member_linked").collect();
            assert_eq!(linked.len(), 1, "linked once: {order}");
            assert_eq!(linked[0]["actorKind"], "member");
        }
        let order = admin_order(&app, &other).await;
        assert!(order["timeline"].as_array().unwrap().iter().all(|e| e["kind"] != "member_linked"), "{order}");

        // Now that the address is hers, a guest checkout with it is her order at once.
        let (third, _) = place(&app, &cart_with(&app, &v, 1).await, "CARD").await;
        assert_eq!(history(access.clone()).await, vec![third, second, first]);

        // The linking step itself, run twice at once on two connections (as two verifications
        // racing would): each guest order goes to the member once, with one timeline entry.
        let mut race_input = checkout_input(Some(&cart_with(&app, &v, 1).await), "CARD");
        race_input["email"] = json!("race@example.com");
        let raced = app.shop(CHECKOUT, json!({ "input": race_input })).await;
        let raced = raced["data"]["checkoutComplete"]["order"]["number"].as_str().unwrap_or_else(|| panic!("{raced}")).to_owned();
        let member: i64 = session["member"]["id"].as_str().unwrap().rsplit('/').next().unwrap().parse().unwrap();
        let link = || {
            let db = app.db.clone();
            async move {
                db.run(move |c| {
                    jangteo::db::write_transaction(c, |c| {
                        jangteo::order::service::link_guest_orders(c, member, "이서연", "race@example.com", jangteo::db::now())
                    })
                })
                .await
                .unwrap()
            }
        };
        let (x, y) = tokio::join!(link(), link());
        assert_eq!(x.len() + y.len(), 1, "linked once: {x:?} {y:?}");
        let order = admin_order(&app, &raced).await;
        assert_eq!(order["timeline"].as_array().unwrap().iter().filter(|e| e["kind"] == "member_linked").count(), 1, "{order}");
    }
}
