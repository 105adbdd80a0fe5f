//! A local server speaking Toss Payments' API (`/v1/payments/…`), so Jangteo's real Toss client
//! runs in tests: HTTP Basic with the secret key, `Idempotency-Key` honoured, payments that move
//! `IN_PROGRESS` → `DONE` / `WAITING_FOR_DEPOSIT` → `CANCELED` / `PARTIAL_CANCELED`, errors as
//! `{code, message}`. The test plays the shopper's payment widget (`authorize`) and the bank
//! (`deposit`, which returns the `DEPOSIT_CALLBACK` webhook Toss would send).
//!
//! For a browser it also serves a stand-in of Toss's JavaScript SDK (`/v2/standard`, the v2
//! `TossPayments(clientKey).payment({customerKey}).requestPayment({...})` call) whose payment
//! window (`/window`) is a page with an approve and a cancel button: approving creates the
//! payment and redirects to `successUrl?paymentKey&orderId&amount`, cancelling to
//! `failUrl?code=PAY_PROCESS_CANCELED&message&orderId`, as Toss's window does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::Engine;
use serde_json::{Value, json};

use crate::recorder::{Answer, Recorded, Recorder};

pub const SECRET_KEY: &str = "test_sk_jangteo_toss_0001";
pub const CLIENT_KEY: &str = "test_ck_jangteo_toss_0001";

#[derive(Debug, Clone)]
struct Payment {
    key: String,
    order_id: String,
    amount: i64,
    balance: i64,
    virtual_account: bool,
    status: &'static str,
    secret: String,
    account: Option<String>,
    cancels: Vec<Value>,
}

#[derive(Default)]
struct State {
    payments: HashMap<String, Payment>,
    /// Idempotency-Key → the first answer.
    answered: HashMap<String, (u16, String)>,
    /// Answer everything with 500 (an outage: outcomes unknown).
    down: bool,
    serial: u64,
}

/// A running Toss Payments stand-in.
pub struct TossServer {
    recorder: Recorder,
    state: Arc<Mutex<State>>,
}

fn payment_json(p: &Payment) -> Value {
    let mut v = json!({
        "mId": "tjangteo", "version": "2022-11-16",
        "paymentKey": p.key, "orderId": p.order_id, "orderName": "주문",
        "status": p.status,
        "method": if p.virtual_account { "가상계좌" } else { "카드" },
        "totalAmount": p.amount, "balanceAmount": p.balance, "currency": "KRW",
        "requestedAt": "2026-12-05T10:00:00+09:00",
        "approvedAt": if p.status == "DONE" || p.status.contains("CANCELED") { json!("2026-12-05T10:00:05+09:00") } else { Value::Null },
        "cancels": p.cancels,
        "secret": if p.virtual_account { json!(p.secret) } else { Value::Null },
    });
    if p.virtual_account {
        v["virtualAccount"] = json!({
            "accountType": "일반", "accountNumber": p.account, "bankCode": "20",
            "customerName": "김지수", "dueDate": "2099-12-31T23:59:59+09:00",
            "refundStatus": "NONE", "expired": false, "settlementStatus": "INCOMPLETED",
        });
    }
    v
}

fn error(status: u16, code: &str, message: &str) -> (u16, String) {
    (
        status,
        json!({ "code": code, "message": message }).to_string(),
    )
}

fn handle(state: &Mutex<State>, req: &Recorded) -> (u16, String) {
    let mut s = state.lock().unwrap();
    if s.down {
        return error(
            500,
            "FAILED_INTERNAL_SYSTEM_PROCESSING",
            "내부 시스템 처리 작업이 실패했습니다",
        );
    }
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{SECRET_KEY}:"))
    );
    if req.headers.get("authorization") != Some(&expected) {
        return error(
            401,
            "UNAUTHORIZED_KEY",
            "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.",
        );
    }
    let idem = req.headers.get("idempotency-key").cloned();
    if let Some(key) = &idem
        && let Some(answer) = s.answered.get(key)
    {
        return answer.clone();
    }
    let answer = route(&mut s, req);
    if let Some(key) = idem {
        s.answered.insert(key, answer.clone());
    }
    answer
}

/// The SDK: checks what the storefront passes as Toss's SDK would, then opens the window.
const SDK: &str = r#"(function () {
  var base = "__BASE__";
  function fail(code, message) { return Promise.reject({ code: code, message: message }); }
  function TossPayments(clientKey) {
    if (clientKey !== "__CLIENT_KEY__") {
      throw { code: "INVALID_CLIENT_KEY", message: "클라이언트 키가 올바르지 않습니다." };
    }
    return {
      payment: function (options) {
        if (!options || !options.customerKey) {
          throw { code: "INVALID_CUSTOMER_KEY", message: "customerKey가 필요합니다." };
        }
        return {
          requestPayment: function (req) {
            if (req.method !== "CARD" && req.method !== "VIRTUAL_ACCOUNT") {
              return fail("INVALID_METHOD", "지원하지 않는 결제수단입니다.");
            }
            if (!req.amount || req.amount.currency !== "KRW" || !(req.amount.value > 0)) {
              return fail("INVALID_AMOUNT", "금액이 올바르지 않습니다.");
            }
            if (!req.orderId || !req.orderName || !req.successUrl || !req.failUrl) {
              return fail("INVALID_PARAMETERS", "필수 파라미터가 없습니다.");
            }
            var q = new URLSearchParams({
              clientKey: clientKey, customerKey: String(options.customerKey),
              method: req.method, orderId: req.orderId, orderName: req.orderName,
              amount: String(req.amount.value), successUrl: req.successUrl, failUrl: req.failUrl,
              customerName: req.customerName || "", customerEmail: req.customerEmail || "",
              customerMobilePhone: req.customerMobilePhone || "",
              validHours: req.virtualAccount ? String(req.virtualAccount.validHours) : ""
            });
            window.location.assign(base + "/window?" + q.toString());
            return new Promise(function () {});
          }
        };
      }
    };
  }
  TossPayments.ANONYMOUS = "@@ANONYMOUS";
  window.TossPayments = TossPayments;
})();
"#;

fn query_of(path: &str) -> HashMap<String, String> {
    reqwest::Url::parse(&format!("http://toss.invalid{path}"))
        .map(|u| u.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let mut u = reqwest::Url::parse(url).expect("a return URL");
    u.query_pairs_mut().extend_pairs(pairs);
    u.to_string()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SDK and its payment window (no API key: the shopper's browser asks).
fn browser_side(state: &Mutex<State>, base: &str, req: &Recorded) -> Option<Answer> {
    if req.method != "GET" {
        return None;
    }
    let (path, query) = req.path.split_once('?').unwrap_or((&req.path, ""));
    match path {
        "/v2/standard" => Some(Answer::text(
            "text/javascript; charset=utf-8",
            SDK.replace("__BASE__", base)
                .replace("__CLIENT_KEY__", CLIENT_KEY),
        )),
        "/window" => {
            let q = query_of(&req.path);
            let get = |k: &str| q.get(k).map(String::as_str).unwrap_or_default();
            let cancel = with_query(
                get("failUrl"),
                &[
                    ("code", "PAY_PROCESS_CANCELED"),
                    ("message", "사용자에 의해 결제가 취소되었습니다."),
                    ("orderId", get("orderId")),
                ],
            );
            Some(Answer::text(
                "text/html; charset=utf-8",
                format!(
                    "<!doctype html><meta charset=utf-8><title>토스페이먼츠</title>\
                     <main id=toss-window data-method=\"{}\"><h1 class=order-name>{}</h1>\
                     <p class=amount>{}</p>\
                     <a id=toss-approve href=\"/window/approve?{}\">결제하기</a> \
                     <a id=toss-cancel href=\"{}\">취소</a></main>",
                    escape(get("method")),
                    escape(get("orderName")),
                    escape(get("amount")),
                    escape(query),
                    escape(&cancel),
                ),
            ))
        }
        "/window/approve" => {
            let q = query_of(&req.path);
            let get = |k: &str| q.get(k).map(String::as_str).unwrap_or_default();
            let amount: i64 = get("amount").parse().ok()?;
            let key = authorize_in(
                &mut state.lock().unwrap(),
                get("orderId"),
                amount,
                get("method") == "VIRTUAL_ACCOUNT",
            );
            Some(Answer::redirect(with_query(
                get("successUrl"),
                &[
                    ("paymentType", "NORMAL"),
                    ("orderId", get("orderId")),
                    ("paymentKey", &key),
                    ("amount", get("amount")),
                ],
            )))
        }
        _ => None,
    }
}

fn authorize_in(s: &mut State, order_id: &str, amount: i64, virtual_account: bool) -> String {
    s.serial += 1;
    let key = format!("tpk_{}_{}", order_id.replace('-', ""), s.serial);
    let payment = Payment {
        key: key.clone(),
        order_id: order_id.to_owned(),
        amount,
        balance: amount,
        virtual_account,
        status: "IN_PROGRESS",
        secret: format!("ps_secret_{}", s.serial),
        account: virtual_account.then(|| format!("X65056365{:05}", s.serial)),
        cancels: Vec::new(),
    };
    s.payments.insert(key.clone(), payment);
    key
}

fn route(s: &mut State, req: &Recorded) -> (u16, String) {
    let body: Value = serde_json::from_str(&req.body).unwrap_or(Value::Null);
    let path = req.path.as_str();
    if req.method == "POST" && path == "/v1/payments/confirm" {
        let key = body["paymentKey"].as_str().unwrap_or_default();
        let Some(p) = s.payments.get_mut(key) else {
            return error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.");
        };
        if body["orderId"].as_str() != Some(p.order_id.as_str())
            || body["amount"].as_i64() != Some(p.amount)
        {
            return error(400, "NOT_MATCHES_AMOUNT", "결제 금액이 일치하지 않습니다.");
        }
        if p.status != "IN_PROGRESS" {
            return error(400, "ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다.");
        }
        p.status = if p.virtual_account {
            "WAITING_FOR_DEPOSIT"
        } else {
            "DONE"
        };
        return (200, payment_json(p).to_string());
    }
    if req.method == "GET"
        && let Some(order_id) = path.strip_prefix("/v1/payments/orders/")
    {
        return match s.payments.values().find(|p| p.order_id == order_id) {
            Some(p) => (200, payment_json(p).to_string()),
            None => error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다."),
        };
    }
    if req.method == "POST"
        && let Some(key) = path
            .strip_prefix("/v1/payments/")
            .and_then(|r| r.strip_suffix("/cancel"))
    {
        let Some(p) = s.payments.get_mut(key) else {
            return error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.");
        };
        let amount = body["cancelAmount"].as_i64().unwrap_or(p.balance);
        match p.status {
            "WAITING_FOR_DEPOSIT" => p.status = "CANCELED",
            "DONE" | "PARTIAL_CANCELED" => {
                if amount <= 0 || amount > p.balance {
                    return error(400, "NOT_CANCELABLE_AMOUNT", "취소 할 수 없는 금액 입니다.");
                }
                if p.virtual_account && body["refundReceiveAccount"].is_null() {
                    return error(
                        400,
                        "INVALID_REFUND_ACCOUNT_INFO",
                        "환불 계좌 정보가 필요합니다.",
                    );
                }
                p.balance -= amount;
                p.status = if p.balance == 0 {
                    "CANCELED"
                } else {
                    "PARTIAL_CANCELED"
                };
            }
            _ => {
                return error(
                    400,
                    "NOT_CANCELABLE_PAYMENT",
                    "취소 할 수 없는 결제 입니다.",
                );
            }
        }
        p.cancels.push(json!({ "cancelAmount": amount, "cancelReason": body["cancelReason"], "transactionKey": format!("c{}", p.cancels.len()) }));
        return (200, payment_json(p).to_string());
    }
    if req.method == "GET"
        && let Some(key) = path.strip_prefix("/v1/payments/")
    {
        return match s.payments.get(key) {
            Some(p) => (200, payment_json(p).to_string()),
            None => error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다."),
        };
    }
    error(404, "NOT_FOUND", "no such endpoint")
}

impl TossServer {
    pub async fn start() -> TossServer {
        let recorder = Recorder::start().await;
        let state: Arc<Mutex<State>> = Arc::default();
        let s = state.clone();
        let base = recorder.url("");
        recorder.handle_with(Arc::new(move |req| {
            browser_side(&s, &base, req).unwrap_or_else(|| handle(&s, req).into())
        }));
        TossServer { recorder, state }
    }

    /// The SDK's address (`payments.toss.sdk_url`).
    pub fn sdk_url(&self) -> String {
        self.recorder.url("/v2/standard")
    }

    /// The query of every payment window the browser opened, as name → value.
    pub fn windows(&self) -> Vec<HashMap<String, String>> {
        self.requests("GET", "/window?")
            .iter()
            .map(|r| query_of(&r.path))
            .collect()
    }

    /// The API's base URL (`payments.toss.api_base`).
    pub fn url(&self) -> String {
        self.recorder.url("")
    }

    /// The shopper authorises a payment in the widget: returns the `paymentKey` the redirect
    /// carries.
    pub fn authorize(&self, order_id: &str, amount: i64, virtual_account: bool) -> String {
        authorize_in(
            &mut self.state.lock().unwrap(),
            order_id,
            amount,
            virtual_account,
        )
    }

    /// The shopper deposits into the virtual account of `order_id`: the payment is `DONE`; returns
    /// the `DEPOSIT_CALLBACK` body Toss sends (with the payment's secret).
    pub fn deposit(&self, order_id: &str) -> String {
        let mut s = self.state.lock().unwrap();
        let p = s
            .payments
            .values_mut()
            .find(|p| p.order_id == order_id && p.status == "WAITING_FOR_DEPOSIT")
            .expect("a virtual account awaiting its deposit");
        p.status = "DONE";
        json!({
            "createdAt": "2026-12-05T11:00:00.000000",
            "secret": p.secret, "status": "DONE",
            "transactionKey": format!("tx_{}", p.key), "orderId": p.order_id,
        })
        .to_string()
    }

    /// A `PAYMENT_STATUS_CHANGED` webhook body for the payment of `order_id` as it is now.
    pub fn status_changed(&self, order_id: &str) -> String {
        let s = self.state.lock().unwrap();
        let p = s
            .payments
            .values()
            .find(|p| p.order_id == order_id)
            .expect("a payment");
        json!({ "eventType": "PAYMENT_STATUS_CHANGED", "createdAt": "2026-12-05T11:00:00.000000", "data": payment_json(p) })
            .to_string()
    }

    /// The payment's balance and status at Toss.
    pub fn payment(&self, order_id: &str) -> (i64, String) {
        let s = self.state.lock().unwrap();
        let p = s
            .payments
            .values()
            .find(|p| p.order_id == order_id)
            .expect("a payment");
        (p.balance, p.status.to_owned())
    }

    /// Every request received whose path starts with `prefix`.
    pub fn requests(&self, method: &str, prefix: &str) -> Vec<Recorded> {
        self.recorder
            .requests()
            .into_iter()
            .filter(|r| r.method == method && r.path.starts_with(prefix))
            .collect()
    }

    /// Start or end an outage: every answer is 500.
    pub fn set_down(&self, down: bool) {
        self.state.lock().unwrap().down = down;
    }
}
