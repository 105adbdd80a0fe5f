//! Shopping as a test: products with stock, carts, checkout and payment through the Shop API,
//! the way a storefront (ours or a third party's) does it.

use serde_json::{Value, json};

use crate::TestApp;

pub const ADD: &str = "mutation($t: String, $lines: [CartLineInput!]!) { cartLinesAdd(cartToken: $t, lines: $lines) {
    cartToken cart { quantity subtotal { amount } shippingFee { amount } total { amount } readyToOrder
      lines { id variantId quantity availability priceChanged unitPrice { amount } addedUnitPrice { amount } lineTotal { amount } productName } }
    userErrors { field code message } } }";

pub const CHECKOUT: &str = "mutation($input: CheckoutCompleteInput!, $key: String) { checkoutComplete(input: $input, idempotencyKey: $key) {
    order { id number status total { amount } subtotal { amount } shippingFee { amount } expiresAt
      lines { productName sku quantity unitPrice { amount } } payment { status gateway } }
    payment { gateway orderId orderName amount { amount } authorizeUrl clientKey scriptUrl depositHours }
    userErrors { field code message } } }";

pub const CONFIRM: &str = "mutation($input: PaymentConfirmInput!) { paymentConfirm(input: $input) {
    order { id number status paidAt total { amount } payment { status failureMessage virtualAccount { bankName accountNumber holder amount { amount } dueAt } } }
    userErrors { field code message } } }";

/// The main shop's channel ID.
pub async fn main_channel(app: &TestApp) -> String {
    let body = app.admin("{ channels { id code } }", json!({})).await;
    body["data"]["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "bareun")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// An active product on sale in the main shop with one variant of `stock` units at `price`;
/// returns the variant's ID.
pub async fn variant_with_stock(app: &TestApp, sku: &str, stock: i64, price: i64) -> String {
    let channel = main_channel(app).await;
    let body = app
        .admin(
            "mutation($input: ProductCreateInput!) { productCreate(input: $input) {
                product { variants { id } } userErrors { field code message } } }",
            json!({ "input": {
                "name": format!("테스트 상품 {sku}"), "status": "ACTIVE",
                "channels": [{ "channel": channel }],
                "variants": [{ "sku": sku, "stock": stock, "prices": [{ "channel": channel, "amount": price }] }]
            }}),
        )
        .await;
    assert_eq!(
        body["data"]["productCreate"]["userErrors"],
        json!([]),
        "{body}"
    );
    body["data"]["productCreate"]["product"]["variants"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A variant's stock count, as staff see it.
pub async fn stock_of(app: &TestApp, variant: &str) -> i64 {
    let key: shared::VariantId = variant.parse().unwrap();
    app.db
        .run(move |c| {
            use diesel::prelude::*;
            use jangteo::db::schema::product_variants as pv;
            pv::table
                .find(key.0)
                .select(pv::stock_quantity)
                .first::<i64>(c)
                .map_err(jangteo::db::DbError::from)
        })
        .await
        .unwrap()
}

/// Adds `quantity` of `variant` to the anonymous cart `token` (a new cart when `None`); returns
/// the payload.
pub async fn add(app: &TestApp, token: Option<&str>, variant: &str, quantity: i64) -> Value {
    let body = app
        .shop(
            ADD,
            json!({ "t": token, "lines": [{ "variantId": variant, "quantity": quantity }] }),
        )
        .await;
    body["data"]["cartLinesAdd"].clone()
}

/// A new anonymous cart with `quantity` of `variant`; returns its token.
pub async fn cart_with(app: &TestApp, variant: &str, quantity: i64) -> String {
    let payload = add(app, None, variant, quantity).await;
    assert_eq!(payload["userErrors"], json!([]), "{payload}");
    payload["cartToken"]
        .as_str()
        .expect("a new cart's token")
        .to_owned()
}

/// A complete checkout input for a guest, with the agreements an order needs.
pub fn checkout_input(token: Option<&str>, method: &str) -> Value {
    json!({
        "cartToken": token,
        "customerName": "김지수", "email": "jisoo@example.com", "phone": "010-1234-5678",
        "shippingAddress": {
            "recipient": "김지수", "phone": "010-1234-5678", "postalCode": "06236",
            "roadAddress": "서울특별시 강남구 테헤란로 123", "detailAddress": "4층",
            "deliveryNote": "문 앞에 놓아 주세요"
        },
        "paymentMethod": method, "source": "STOREFRONT_PC",
        "agreements": { "purchaseConditions": true, "privacyCollection": true }
    })
}

/// Checks the cart of `token` out as a guest; returns the payload.
pub async fn checkout(app: &TestApp, token: &str, method: &str) -> Value {
    let body = app
        .shop(
            CHECKOUT,
            json!({ "input": checkout_input(Some(token), method) }),
        )
        .await;
    body["data"]["checkoutComplete"].clone()
}

/// Checks out and returns (order number, total).
pub async fn place(app: &TestApp, token: &str, method: &str) -> (String, i64) {
    let payload = checkout(app, token, method).await;
    assert_eq!(payload["userErrors"], json!([]), "{payload}");
    (
        payload["order"]["number"].as_str().unwrap().to_owned(),
        payload["order"]["total"]["amount"].as_i64().unwrap(),
    )
}

/// The sandbox payment window: authorises `amount` for the order; returns the answer's status
/// and body (`{paymentKey}` or `{code, message}`).
pub async fn sandbox_authorize(app: &TestApp, body: Value) -> (u16, Value) {
    let resp = app
        .client
        .post(app.url("/sandbox-gateway/v1/authorize"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

/// Authorises with the sandbox and confirms: returns `paymentConfirm`'s payload.
pub async fn pay_sandbox(
    app: &TestApp,
    number: &str,
    amount: i64,
    method: &str,
    card: &str,
) -> Value {
    let (status, auth) = sandbox_authorize(
        app,
        json!({ "orderId": number, "amount": amount, "method": method, "cardNumber": card, "bank": "20" }),
    )
    .await;
    assert_eq!(status, 200, "{auth}");
    confirm(app, number, auth["paymentKey"].as_str().unwrap(), amount).await
}

pub async fn confirm(app: &TestApp, number: &str, key: &str, amount: i64) -> Value {
    let body = app
        .shop(
            CONFIRM,
            json!({ "input": { "orderNumber": number, "paymentKey": key, "amount": amount } }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["paymentConfirm"].clone()
}

/// An order as staff see it.
pub async fn admin_order(app: &TestApp, number: &str) -> Value {
    let body = app
        .admin(
            "query($n: String!) { orderByNumber(number: $n) { id number status total { amount } refundedTotal { amount }
                refundable { amount } canSimulateDeposit availableActions
                lines { id quantity refundedQuantity sku unitPrice { amount } }
                payment { status gateway refunded { amount } }
                tracking { carrierCode number url }
                timeline { kind fromStatus toStatus actorKind message }
                refunds { id amount { amount } status restocked } } }",
            json!({ "n": number }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["orderByNumber"].clone()
}

/// `(path joined by dots, code)` of each user error of a payload.
pub fn errors(payload: &Value) -> Vec<(String, String)> {
    payload["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("no userErrors in {payload}"))
        .iter()
        .map(|e| {
            let path = e["field"]
                .as_array()
                .map(|f| {
                    f.iter()
                        .map(|p| p.as_str().unwrap_or(""))
                        .collect::<Vec<_>>()
                        .join(".")
                })
                .unwrap_or_default();
            (path, e["code"].as_str().unwrap().to_owned())
        })
        .collect()
}

/// Waits (up to 30 s) until `check` holds for the order as staff see it.
pub async fn wait_for_order(app: &TestApp, number: &str, check: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..300 {
        last = admin_order(app, number).await;
        if check(&last) {
            return last;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("order {number} did not get there: {last}");
}

/// Emails in the outbox whose text contains `needle`.
pub fn outbox_count(app: &TestApp, needle: &str) -> usize {
    let Ok(dir) = std::fs::read_dir(app.data_dir().join("outbox")) else {
        return 0;
    };
    dir.flatten()
        .filter(|e| {
            std::fs::read(e.path())
                .ok()
                .and_then(|raw| {
                    let mail = mailparse::parse_mail(&raw).ok()?;
                    let subject = mail
                        .headers
                        .iter()
                        .find(|h| h.get_key_ref().eq_ignore_ascii_case("subject"))?
                        .get_value();
                    Some(subject.contains(needle))
                })
                .unwrap_or(false)
        })
        .count()
}
