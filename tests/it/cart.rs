//! Carts over the Shop API: anonymous carts reached by their token, members' carts that follow
//! them across sign-out and devices and absorb an anonymous cart at sign-in, prices computed on
//! the server (shipping fee and free-shipping threshold), lines flagged when their price
//! changed or they can no longer be ordered, and every bad input refused at its field.

use jangteo_tests::commerce::{self, ADD, add, cart_with, errors, variant_with_stock};
use jangteo_tests::{TestApp, backend_tests};
use serde_json::{Value, json};

const CART: &str = "query($t: String) { cart(cartToken: $t) { quantity subtotal { amount } shippingFee { amount }
    total { amount } freeShippingRemaining { amount } readyToOrder
    lines { id variantId quantity availability priceChanged unitPrice { amount } addedUnitPrice { amount } lineTotal { amount } } } }";
const UPDATE: &str = "mutation($t: String, $lines: [CartLineUpdateInput!]!) { cartLinesUpdate(cartToken: $t, lines: $lines) {
    cart { quantity total { amount } lines { id quantity } } userErrors { field code message } } }";
const REMOVE: &str =
    "mutation($t: String, $ids: [ID!]!) { cartLinesRemove(cartToken: $t, lineIds: $ids) {
    cart { quantity lines { id } } userErrors { field code message } } }";
const CLEAR: &str = "mutation($t: String) { cartClear(cartToken: $t) { cart { quantity lines { id } } userErrors { field code } } }";
const LOGIN: &str = "mutation($input: LoginInput!) { login(input: $input) { session { accessToken refreshToken } userErrors { field code } } }";
const MERGE: &str = "mutation($t: String!) { cartMerge(cartToken: $t) { cart { quantity lines { variantId quantity } } userErrors { field code } } }";

async fn cart(app: &TestApp, token: Option<&str>) -> Value {
    let body = app.shop(CART, json!({ "t": token })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["cart"].clone()
}

async fn member_cart(app: &TestApp, access: &str) -> Value {
    let (status, body) = app.shop_as(Some(access), CART, json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["cart"].clone()
}

async fn sign_in(app: &TestApp, cart_token: Option<&str>) -> (String, String) {
    let body = app
        .shop(
            LOGIN,
            json!({ "input": { "email": jangteo::members::DEMO_MEMBER_EMAIL, "password": jangteo::members::DEMO_PASSWORD, "cartToken": cart_token } }),
        )
        .await;
    let session = &body["data"]["login"]["session"];
    assert!(session.is_object(), "{body}");
    (
        session["accessToken"].as_str().unwrap().to_owned(),
        session["refreshToken"].as_str().unwrap().to_owned(),
    )
}

async fn set_price(app: &TestApp, sku: &str, price: i64, status: &str) {
    let channel = commerce::main_channel(app).await;
    let body = app
        .admin("query($q: String) { products(first: 1, search: $q) { nodes { id variants { id sku stock } } } }", json!({ "q": sku }))
        .await;
    let product = &body["data"]["products"]["nodes"][0];
    let variant = &product["variants"][0];
    let body = app
        .admin(
            "mutation($id: ID!, $input: ProductUpdateInput!) { productUpdate(id: $id, input: $input) { userErrors { field code message } } }",
            json!({ "id": product["id"], "input": { "status": status, "variants": [{
                "id": variant["id"], "sku": sku, "stock": variant["stock"], "expectedStock": variant["stock"],
                "prices": [{ "channel": channel, "amount": price }] }] } }),
        )
        .await;
    assert_eq!(
        body["data"]["productUpdate"]["userErrors"],
        json!([]),
        "{body}"
    );
}

backend_tests! {
    /// Totals come from the server: line totals, the flat fee below the threshold, free shipping
    /// from it; the token is told once; update, remove and clear work on lines.
    async fn an_anonymous_cart_is_priced_by_the_server(app) {
        let meal = variant_with_stock(&app, "CART-MEAL", 50, 12_900).await;
        let bar = variant_with_stock(&app, "CART-BAR", 50, 4_500).await;
        let token = cart_with(&app, &meal, 2).await;
        let c = cart(&app, Some(&token)).await;
        assert_eq!(c["subtotal"]["amount"], 25_800);
        assert_eq!(c["shippingFee"]["amount"], 3_000, "the demo shop's fee below 50,000원");
        assert_eq!(c["total"]["amount"], 28_800);
        assert_eq!(c["freeShippingRemaining"]["amount"], 24_200);
        assert_eq!(c["lines"][0]["lineTotal"]["amount"], 25_800);

        let payload = add(&app, Some(&token), &bar, 6).await;
        assert_eq!(payload["userErrors"], json!([]), "{payload}");
        assert_eq!(payload["cartToken"], Value::Null, "the token is told only when the cart is made");
        assert_eq!(payload["cart"]["subtotal"]["amount"], 52_800);
        assert_eq!(payload["cart"]["shippingFee"]["amount"], 0, "free from 50,000원");
        assert_eq!(payload["cart"]["total"]["amount"], 52_800);

        let again = add(&app, Some(&token), &meal, 1).await;
        assert_eq!(again["cart"]["lines"][0]["quantity"], 3, "units of one variant share a line");
        let lines = again["cart"]["lines"].as_array().unwrap().clone();
        assert_eq!(lines.len(), 2);

        let body = app.shop(UPDATE, json!({ "t": token, "lines": [{ "id": lines[1]["id"], "quantity": 1 }] })).await;
        let payload = &body["data"]["cartLinesUpdate"];
        assert_eq!(payload["userErrors"], json!([]), "{body}");
        assert_eq!(payload["cart"]["total"]["amount"], 3 * 12_900 + 4_500 + 3_000);

        let body = app.shop(REMOVE, json!({ "t": token, "ids": [lines[0]["id"]] })).await;
        assert_eq!(body["data"]["cartLinesRemove"]["cart"]["lines"].as_array().unwrap().len(), 1, "{body}");
        let body = app.shop(CLEAR, json!({ "t": token })).await;
        assert_eq!(body["data"]["cartClear"]["cart"]["lines"], json!([]), "{body}");
        let c = cart(&app, Some(&token)).await;
        assert_eq!((c["total"]["amount"].clone(), c["shippingFee"]["amount"].clone()), (json!(0), json!(0)), "an empty cart ships nothing");
    }

    /// Zero, negative and over-cap quantities, unknown, malformed and unpublished variants, more
    /// than the stock, and another shopper's token: each refused at its field, nothing changed.
    async fn bad_cart_input_is_refused_and_changes_nothing(app) {
        let few = variant_with_stock(&app, "CART-FEW", 3, 9_900).await;
        let token = cart_with(&app, &few, 1).await;
        let before = cart(&app, Some(&token)).await;
        for (lines, expected) in [
            (json!([{ "variantId": few, "quantity": 0 }]), ("lines.0.quantity", "OUT_OF_RANGE")),
            (json!([{ "variantId": few, "quantity": -2 }]), ("lines.0.quantity", "OUT_OF_RANGE")),
            (json!([{ "variantId": few, "quantity": 100 }]), ("lines.0.quantity", "OUT_OF_RANGE")),
            (json!([{ "variantId": few, "quantity": 3 }]), ("lines.0.quantity", "INSUFFICIENT_STOCK")),
            (json!([{ "variantId": "gid://jangteo/ProductVariant/999999", "quantity": 1 }]), ("lines.0.variantId", "UNAVAILABLE")),
            (json!([{ "variantId": "gid://jangteo/Product/1", "quantity": 1 }]), ("lines.0.variantId", "INVALID")),
            (json!([{ "variantId": "nonsense", "quantity": 1 }]), ("lines.0.variantId", "INVALID")),
            (json!([]), ("lines", "BLANK")),
        ] {
            let body = app.shop(ADD, json!({ "t": token, "lines": lines })).await;
            let payload = &body["data"]["cartLinesAdd"];
            assert_eq!(errors(payload), vec![(expected.0.to_owned(), expected.1.to_owned())], "{lines}: {body}");
            assert_eq!(payload["cart"], Value::Null);
        }
        // Two lines, one bad: neither is added.
        let other = variant_with_stock(&app, "CART-OTHER", 10, 1_000).await;
        let body = app.shop(ADD, json!({ "t": token, "lines": [
            { "variantId": other, "quantity": 1 }, { "variantId": few, "quantity": 50 } ] })).await;
        assert_eq!(errors(&body["data"]["cartLinesAdd"]), vec![("lines.1.quantity".to_owned(), "INSUFFICIENT_STOCK".to_owned())]);
        // A draft product is not for sale.
        set_price(&app, "CART-OTHER", 1_000, "DRAFT").await;
        let body = app.shop(ADD, json!({ "t": token, "lines": [{ "variantId": other, "quantity": 1 }] })).await;
        assert_eq!(errors(&body["data"]["cartLinesAdd"]), vec![("lines.0.variantId".to_owned(), "UNAVAILABLE".to_owned())]);
        // Unknown and other shoppers' tokens.
        let stranger = cart_with(&app, &few, 1).await;
        assert_ne!(stranger, token);
        let body = app.shop(ADD, json!({ "t": "jtc_not-a-cart", "lines": [{ "variantId": few, "quantity": 1 }] })).await;
        assert_eq!(errors(&body["data"]["cartLinesAdd"]), vec![("cartToken".to_owned(), "NOT_FOUND".to_owned())]);
        let line = before["lines"][0]["id"].clone();
        let body = app.shop(UPDATE, json!({ "t": stranger, "lines": [{ "id": line, "quantity": 2 }] })).await;
        assert_eq!(errors(&body["data"]["cartLinesUpdate"]), vec![("lines.0.id".to_owned(), "NOT_FOUND".to_owned())], "a line of another cart");
        let body = app.shop(UPDATE, json!({ "t": token, "lines": [{ "id": line, "quantity": 0 }] })).await;
        assert_eq!(errors(&body["data"]["cartLinesUpdate"]), vec![("lines.0.quantity".to_owned(), "OUT_OF_RANGE".to_owned())]);
        let body = app.shop(REMOVE, json!({ "t": token, "ids": ["gid://jangteo/CartLine/999999"] })).await;
        assert_eq!(errors(&body["data"]["cartLinesRemove"]), vec![("lineIds.0".to_owned(), "NOT_FOUND".to_owned())]);
        let (status, body) = app.shop_raw(CART, json!({ "t": "jtc_unknown" })).await;
        assert_eq!(status, 200);
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{body}");
        assert_eq!(cart(&app, Some(&token)).await, before, "nothing changed");
    }

    /// A line whose price changed says so and is charged the new price; a withdrawn product's
    /// line is unavailable and charged nothing; the cart is then not ready to order.
    async fn price_changes_and_withdrawals_are_flagged(app) {
        let v = variant_with_stock(&app, "CART-PRICE", 20, 10_000).await;
        let token = cart_with(&app, &v, 2).await;
        set_price(&app, "CART-PRICE", 11_000, "ACTIVE").await;
        let c = cart(&app, Some(&token)).await;
        let line = &c["lines"][0];
        assert_eq!(line["priceChanged"], true);
        assert_eq!(line["addedUnitPrice"]["amount"], 10_000);
        assert_eq!(line["unitPrice"]["amount"], 11_000);
        assert_eq!(c["subtotal"]["amount"], 22_000, "the current price is charged");
        assert_eq!(c["readyToOrder"], true);
        set_price(&app, "CART-PRICE", 11_000, "ARCHIVED").await;
        let c = cart(&app, Some(&token)).await;
        assert_eq!(c["lines"][0]["availability"], "UNAVAILABLE");
        assert_eq!(c["lines"][0]["unitPrice"], Value::Null);
        assert_eq!(c["subtotal"]["amount"], 0);
        assert_eq!(c["readyToOrder"], false);
    }

    /// A member's cart lives on the server: an anonymous cart merges into it at sign-in
    /// (capped by stock), it survives sign-out and shows on another device.
    async fn a_members_cart_follows_them_and_absorbs_the_anonymous_cart(app) {
        let a = variant_with_stock(&app, "CART-A", 4, 5_000).await;
        let b = variant_with_stock(&app, "CART-B", 10, 7_000).await;
        // On the phone, signed in: 3 × A.
        let (phone, refresh) = sign_in(&app, None).await;
        let (status, body) = app.shop_as(Some(&phone), ADD, json!({ "lines": [{ "variantId": a, "quantity": 3 }] })).await;
        assert_eq!(status, 200);
        assert_eq!(body["data"]["cartLinesAdd"]["cartToken"], Value::Null, "members need no token: {body}");
        let body = app.shop("mutation($t: String!) { logout(refreshToken: $t) { userErrors { code } } }", json!({ "t": refresh })).await;
        assert_eq!(body["data"]["logout"]["userErrors"], json!([]), "{body}");
        // On the PC, anonymous: 3 × A and 1 × B, then signing in with that cart.
        let anon = cart_with(&app, &a, 3).await;
        assert_eq!(add(&app, Some(&anon), &b, 1).await["userErrors"], json!([]));
        let (pc, _) = sign_in(&app, Some(&anon)).await;
        let c = member_cart(&app, &pc).await;
        let mut lines: Vec<(String, i64)> = c["lines"].as_array().unwrap().iter()
            .map(|l| (l["variantId"].as_str().unwrap().to_owned(), l["quantity"].as_i64().unwrap())).collect();
        lines.sort();
        let mut expected = vec![(a.clone(), 4), (b.clone(), 1)];
        expected.sort();
        assert_eq!(lines, expected, "3 + 3 of A capped at its stock of 4; B joins");
        // The anonymous cart is gone; merging it again changes nothing.
        let (status, body) = app.shop_raw(CART, json!({ "t": anon })).await;
        assert_eq!(status, 200);
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{body}");
        let (_, body) = app.shop_as(Some(&pc), MERGE, json!({ "t": anon })).await;
        assert_eq!(body["data"]["cartMerge"]["userErrors"], json!([]), "{body}");
        assert_eq!(body["data"]["cartMerge"]["cart"]["quantity"], 5);
        // Another shopper's anonymous cart cannot be used while signed in.
        let stranger = cart_with(&app, &b, 1).await;
        let (_, body) = app.shop_as(Some(&pc), ADD, json!({ "t": stranger, "lines": [{ "variantId": b, "quantity": 1 }] })).await;
        assert_eq!(errors(&body["data"]["cartLinesAdd"]), vec![("cartToken".to_owned(), "NOT_FOUND".to_owned())]);
        // The phone, signed in again, sees the same cart.
        let (phone_again, _) = sign_in(&app, None).await;
        assert_eq!(member_cart(&app, &phone_again).await["quantity"], 5);
        // An expired or forged access token is refused, not treated as anonymous.
        let (_, body) = app.shop_as(Some("not-a-token"), CART, json!({})).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{body}");
    }
}
