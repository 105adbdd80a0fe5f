//! Toss Payments' payment window. The storefront loads Toss's SDK (the session's `scriptUrl`)
//! and asks it for a payment of the order: `TossPayments(clientKey).payment({customerKey:
//! ANONYMOUS}).requestPayment({...})`. Toss's window then sends the browser to
//! `/checkout/toss/success?paymentKey&orderId&amount`, where the page confirms the payment with
//! the Shop API (which checks the amount against the order), or to
//! `/checkout/toss/fail?code&message&orderId`.

use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::js_sys::{Function, JSON, Object, Promise, Reflect};

use crate::api::{Order, PaymentMethod, PaymentSession};

/// Where Toss's window returns after an authorised payment.
pub const SUCCESS_PATH: &str = "/checkout/toss/success";
/// Where Toss's window returns when the payment did not go through.
pub const FAIL_PATH: &str = "/checkout/toss/fail";

/// The code Toss reports when the shopper closed its window.
pub const CANCELED_CODES: &[&str] = &["PAY_PROCESS_CANCELED", "USER_CANCEL"];

/// Toss's window could not be opened, or Toss refused the request.
#[derive(Debug)]
struct TossError {
    code: String,
    message: String,
}

impl TossError {
    fn new(code: &str, message: impl Into<String>) -> TossError {
        TossError {
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// The shopper closed the window: nothing to apologise for.
    fn canceled(&self) -> bool {
        CANCELED_CODES.contains(&self.code.as_str())
    }
}

/// What Toss's window is asked for: the order's payment, in Toss's v2 `requestPayment` shape.
pub fn payment_request(
    session: &PaymentSession,
    order: &Order,
    method: PaymentMethod,
    origin: &str,
) -> serde_json::Value {
    let mut request = json!({
        "amount": { "currency": "KRW", "value": session.amount.amount },
        "orderId": session.order_id,
        "orderName": session.order_name,
        "successUrl": format!("{origin}{SUCCESS_PATH}"),
        "failUrl": format!("{origin}{FAIL_PATH}"),
        "customerName": order.customer_name,
        "customerEmail": order.email,
        // Toss takes the mobile number as digits only.
        "customerMobilePhone": order.phone.chars().filter(char::is_ascii_digit).collect::<String>(),
    });
    match method {
        PaymentMethod::VirtualAccount => {
            request["method"] = json!("VIRTUAL_ACCOUNT");
            // Toss allows 1 to 720 hours; the order expires with the same deadline.
            request["virtualAccount"] = json!({
                "useEscrow": false,
                "validHours": session.deposit_hours.clamp(1, 720),
            });
        }
        _ => {
            request["method"] = json!("CARD");
            request["card"] = json!({
                "flowMode": "DEFAULT",
                "useEscrow": false,
                "useCardPoint": false,
                "useAppCardOnly": false,
            });
        }
    }
    request
}

fn js_error(e: JsValue) -> TossError {
    let text = |key: &str| {
        Reflect::get(&e, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    TossError::new(
        &text("code").unwrap_or_else(|| "SDK_ERROR".into()),
        text("message")
            .or_else(|| e.as_string())
            .unwrap_or_else(|| format!("{e:?}")),
    )
}

fn method_of(target: &JsValue, name: &str) -> Result<Function, TossError> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| TossError::new("SDK_ERROR", format!("the Toss SDK has no {name}")))
}

/// Opens Toss's payment window for the order: the browser then leaves the page (to
/// [`SUCCESS_PATH`] or [`FAIL_PATH`]). Returns `true` when the window could not be opened and
/// the shopper should be told; a window the shopper closed is their choice, not an error. The
/// order keeps waiting for its payment either way.
pub async fn open_window(session: &PaymentSession, order: &Order, method: PaymentMethod) -> bool {
    match request_payment(session, order, method).await {
        Ok(()) => false,
        Err(e) => {
            leptos::logging::warn!("toss: {} {}", e.code, e.message);
            !e.canceled()
        }
    }
}

async fn request_payment(
    session: &PaymentSession,
    order: &Order,
    method: PaymentMethod,
) -> Result<(), TossError> {
    let (Some(script_url), Some(client_key)) = (&session.script_url, &session.client_key) else {
        return Err(TossError::new(
            "SDK_ERROR",
            "the payment session names no Toss SDK",
        ));
    };
    crate::script::load(script_url, "TossPayments")
        .await
        .map_err(|e| TossError::new("SDK_LOAD_FAILED", e))?;
    let window = web_sys::window().ok_or_else(|| TossError::new("SDK_ERROR", "no window"))?;
    let origin = window.location().origin().unwrap_or_default();
    let toss_payments = method_of(&window, "TossPayments")?;
    let toss = toss_payments
        .call1(&JsValue::NULL, &JsValue::from_str(client_key))
        .map_err(js_error)?;
    let options = Object::new();
    let anonymous =
        Reflect::get(&toss_payments, &JsValue::from_str("ANONYMOUS")).map_err(js_error)?;
    Reflect::set(&options, &JsValue::from_str("customerKey"), &anonymous).map_err(js_error)?;
    let payment = method_of(&toss, "payment")?
        .call1(&toss, &options)
        .map_err(js_error)?;
    let request = JSON::parse(&payment_request(session, order, method, &origin).to_string())
        .map_err(js_error)?;
    let answer = method_of(&payment, "requestPayment")?
        .call1(&payment, &request)
        .map_err(js_error)?;
    if let Ok(promise) = answer.dyn_into::<Promise>() {
        JsFuture::from(promise).await.map_err(js_error)?;
    }
    Ok(())
}
