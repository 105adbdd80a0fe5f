//! Toss Payments over its HTTP API (`/v1/payments/…`, HTTP Basic with the secret key):
//! confirm after the widget's redirect, look a payment up by order number, cancel with an
//! `Idempotency-Key`, and read its webhooks (`PAYMENT_STATUS_CHANGED`, `DEPOSIT_CALLBACK`).
//! Errors come as `{ "code", "message" }`: a 4xx is a definite refusal, anything else (5xx, a
//! timeout, a broken connection) an unknown outcome that is safe to repeat with the same key.

use std::time::Duration;

use base64::Engine;
use chrono::NaiveDateTime;
use serde::Deserialize;
use serde_json::{Value, json};

use super::gateway::{
    Cancel, Confirm, GatewayError, GatewayPayment, GatewayStatus, IssuedAccount, PaymentGateway,
    PaymentSession, WebhookEvent,
};
use crate::config::{GatewayKind, TossConfig};
use crate::order::PaymentMethod;

pub struct TossGateway {
    http: reqwest::Client,
    base: String,
    client_key: String,
    sdk_url: String,
    authorization: String,
}

impl TossGateway {
    pub fn new(config: &TossConfig) -> Result<TossGateway, String> {
        let secret = config
            .secret_key
            .as_ref()
            .ok_or("payments.toss.secret_key is not set")?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(config.timeout_secs.max(1)))
            .build()
            .map_err(|e| format!("payments.toss: {e}"))?;
        let basic =
            base64::engine::general_purpose::STANDARD.encode(format!("{}:", secret.expose()));
        Ok(TossGateway {
            http,
            base: config.api_base.trim_end_matches('/').to_owned(),
            client_key: config.client_key.clone(),
            sdk_url: config.sdk_url.clone(),
            authorization: format!("Basic {basic}"),
        })
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        idempotency_key: Option<&str>,
    ) -> Result<Value, GatewayError> {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("authorization", &self.authorization);
        if let Some(key) = idempotency_key {
            req = req.header("idempotency-key", key);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        let status = resp.status();
        let text = resp
            .text()
            .await
            .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        let value: Value = serde_json::from_str(&text).map_err(|_| {
            GatewayError::Unavailable(format!("HTTP {status} with a body that is not JSON"))
        })?;
        if status.is_success() {
            return Ok(value);
        }
        let code = value["code"].as_str().unwrap_or("UNKNOWN").to_owned();
        let message = value["message"].as_str().unwrap_or("").to_owned();
        if status.is_client_error() {
            if code == "NOT_FOUND_PAYMENT" || code == "NOT_FOUND" {
                return Err(GatewayError::NotFound);
            }
            return Err(GatewayError::Declined { code, message });
        }
        Err(GatewayError::Unavailable(format!(
            "HTTP {status}: {code} {message}"
        )))
    }
}

/// A Toss timestamp (`2026-12-05T14:00:00+09:00`) in UTC.
fn utc(value: &Value) -> Option<NaiveDateTime> {
    value
        .as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.naive_utc())
}

/// Reads Toss's Payment object.
pub fn parse_payment(v: &Value) -> Result<GatewayPayment, GatewayError> {
    let bad =
        |what: &str| GatewayError::Unavailable(format!("the gateway's payment has no {what}"));
    let method = v["method"].as_str().map(|m| match m {
        "가상계좌" | "VIRTUAL_ACCOUNT" => PaymentMethod::VirtualAccount,
        _ => PaymentMethod::Card,
    });
    let virtual_account = v
        .get("virtualAccount")
        .filter(|va| va.is_object())
        .map(|va| IssuedAccount {
            bank_code: va["bankCode"].as_str().unwrap_or_default().to_owned(),
            account_number: va["accountNumber"].as_str().unwrap_or_default().to_owned(),
            holder: va["customerName"].as_str().unwrap_or_default().to_owned(),
            due_at: utc(&va["dueDate"]),
        });
    Ok(GatewayPayment {
        payment_key: v["paymentKey"]
            .as_str()
            .ok_or_else(|| bad("paymentKey"))?
            .to_owned(),
        order_id: v["orderId"]
            .as_str()
            .ok_or_else(|| bad("orderId"))?
            .to_owned(),
        status: v["status"]
            .as_str()
            .and_then(GatewayStatus::parse)
            .ok_or_else(|| bad("known status"))?,
        method,
        total_amount: v["totalAmount"]
            .as_i64()
            .ok_or_else(|| bad("totalAmount"))?,
        balance_amount: v["balanceAmount"]
            .as_i64()
            .or_else(|| v["totalAmount"].as_i64())
            .unwrap_or(0),
        approved_at: utc(&v["approvedAt"]),
        virtual_account,
        secret: v["secret"].as_str().map(str::to_owned),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DepositCallback {
    secret: String,
    status: String,
    transaction_key: String,
    order_id: String,
}

/// Reads a webhook in Toss's formats: `{eventType: "PAYMENT_STATUS_CHANGED", data: Payment}` or
/// the deposit callback `{createdAt, secret, status, transactionKey, orderId}`.
pub fn parse_toss_webhook(body: &str) -> Option<WebhookEvent> {
    let value: Value = serde_json::from_str(body).ok()?;
    if value["eventType"] == "PAYMENT_STATUS_CHANGED" {
        let data = &value["data"];
        let payment_key = data["paymentKey"].as_str()?;
        let status = data["status"].as_str()?;
        let stamp = data["lastTransactionKey"]
            .as_str()
            .or(value["createdAt"].as_str())
            .unwrap_or("");
        return Some(WebhookEvent {
            key: format!("status:{payment_key}:{status}:{stamp}"),
            order_id: data["orderId"].as_str()?.to_owned(),
            secret: None,
            status: Some(status.to_owned()),
        });
    }
    let callback: DepositCallback = serde_json::from_value(value).ok()?;
    Some(WebhookEvent {
        key: format!("deposit:{}:{}", callback.transaction_key, callback.status),
        order_id: callback.order_id,
        secret: Some(callback.secret),
        status: Some(callback.status),
    })
}

fn path_segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

impl PaymentGateway for TossGateway {
    fn session(&self) -> PaymentSession {
        PaymentSession {
            gateway: GatewayKind::Toss,
            client_key: Some(self.client_key.clone()),
            authorize_url: None,
            script_url: Some(self.sdk_url.clone()),
        }
    }

    async fn confirm(&self, r: Confirm<'_>) -> Result<GatewayPayment, GatewayError> {
        let body =
            json!({ "paymentKey": r.payment_key, "orderId": r.order_id, "amount": r.amount });
        match self
            .call(
                reqwest::Method::POST,
                "/v1/payments/confirm",
                Some(body),
                Some(r.idempotency_key),
            )
            .await
        {
            Ok(v) => parse_payment(&v),
            // Confirmed before (a retry whose first answer was lost): the payment says how.
            Err(GatewayError::Declined { code, .. }) if code == "ALREADY_PROCESSED_PAYMENT" => {
                let v = self
                    .call(
                        reqwest::Method::GET,
                        &format!("/v1/payments/{}", path_segment(r.payment_key)),
                        None,
                        None,
                    )
                    .await?;
                parse_payment(&v)
            }
            Err(e) => Err(e),
        }
    }

    async fn lookup(&self, order_id: &str) -> Result<Option<GatewayPayment>, GatewayError> {
        match self
            .call(
                reqwest::Method::GET,
                &format!("/v1/payments/orders/{}", path_segment(order_id)),
                None,
                None,
            )
            .await
        {
            Ok(v) => parse_payment(&v).map(Some),
            Err(GatewayError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn cancel(&self, r: Cancel<'_>) -> Result<GatewayPayment, GatewayError> {
        let mut body = json!({ "cancelReason": r.reason });
        if let Some(amount) = r.amount {
            body["cancelAmount"] = json!(amount);
        }
        if let Some(account) = r.refund_account {
            body["refundReceiveAccount"] = json!({
                "bank": account.bank,
                "accountNumber": account.account_number,
                "holderName": account.holder_name,
            });
        }
        let v = self
            .call(
                reqwest::Method::POST,
                &format!("/v1/payments/{}/cancel", path_segment(r.payment_key)),
                Some(body),
                Some(r.idempotency_key),
            )
            .await?;
        parse_payment(&v)
    }

    fn parse_webhook(&self, body: &str) -> Option<WebhookEvent> {
        parse_toss_webhook(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_virtual_account_payment() {
        let v = json!({
            "paymentKey": "tviva20261205", "orderId": "20261205-000001", "status": "WAITING_FOR_DEPOSIT",
            "method": "가상계좌", "totalAmount": 33300, "balanceAmount": 33300, "secret": "ps_abc",
            "approvedAt": null,
            "virtualAccount": { "accountNumber": "X6505636518308", "bankCode": "20", "customerName": "김지수",
                                "dueDate": "2026-12-06T14:00:00+09:00" }
        });
        let p = parse_payment(&v).unwrap();
        assert_eq!(p.status, GatewayStatus::WaitingForDeposit);
        assert_eq!(p.method, Some(PaymentMethod::VirtualAccount));
        let va = p.virtual_account.unwrap();
        assert_eq!(va.bank_code, "20");
        assert_eq!(
            va.due_at.unwrap().to_string(),
            "2026-12-06 05:00:00",
            "stored in UTC"
        );
        assert_eq!(p.secret.as_deref(), Some("ps_abc"));
    }

    #[test]
    fn reads_both_webhook_formats() {
        let deposit = r#"{"createdAt":"2026-12-05T15:00:00.000000","secret":"ps_abc","status":"DONE","transactionKey":"tx1","orderId":"20261205-000001"}"#;
        let e = parse_toss_webhook(deposit).unwrap();
        assert_eq!(e.key, "deposit:tx1:DONE");
        assert_eq!(e.order_id, "20261205-000001");
        assert_eq!(e.secret.as_deref(), Some("ps_abc"));
        let status = r#"{"eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2026-12-05T15:00:00.000000","data":{"paymentKey":"pk","orderId":"20261205-000002","status":"DONE","lastTransactionKey":"lt9"}}"#;
        let e = parse_toss_webhook(status).unwrap();
        assert_eq!(e.key, "status:pk:DONE:lt9");
        assert_eq!(e.secret, None);
        for bad in [
            "",
            "{",
            "[]",
            r#"{"eventType":"PAYMENT_STATUS_CHANGED"}"#,
            r#"{"orderId":"1"}"#,
        ] {
            assert!(parse_toss_webhook(bad).is_none(), "{bad}");
        }
    }
}
