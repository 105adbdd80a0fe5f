//! Payment HTTP endpoints: the gateways' webhooks (`POST /webhooks/payments/{provider}`) and the
//! sandbox gateway's stand-in for a payment window (`POST /sandbox-gateway/v1/authorize`).

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use serde_json::json;

use super::graphql::GraphqlState;
use crate::payment::gateway::GatewayError;
use crate::payment::webhook::{self, Origin, Receipt};
use crate::payment::webhook_limits::Scope;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/webhooks/payments/{provider}",
        web::post().to(receive_webhook),
    )
    .service(
        web::resource(crate::payment::sandbox::AUTHORIZE_PATH)
            .route(web::post().to(sandbox_authorize))
            .route(web::method(actix_web::http::Method::OPTIONS).to(sandbox_preflight)),
    );
}

async fn read_body(mut payload: web::Payload, limit: usize) -> Result<String, HttpResponse> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            HttpResponse::BadRequest()
                .json(json!({ "error": format!("the body could not be read: {e}") }))
        })?;
        if body.len() + chunk.len() > limit {
            return Err(HttpResponse::PayloadTooLarge()
                .json(json!({ "error": format!("the body is larger than {limit} bytes") })));
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body.to_vec())
        .map_err(|_| HttpResponse::BadRequest().json(json!({ "error": "the body is not UTF-8" })))
}

/// The client's address: the last `X-Forwarded-For` entry (the one the proxy added) when
/// `http.trust_forwarded_for` is on, else the connection's peer (as the GraphQL endpoints read it).
fn client_ip(req: &HttpRequest, trust_forwarded_for: bool) -> Option<String> {
    if trust_forwarded_for
        && let Some(last) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| v.parse::<std::net::IpAddr>().is_ok())
    {
        return Some(last.to_owned());
    }
    req.peer_addr().map(|a| a.ip().to_string())
}

/// A gateway's webhook delivery: checked, stored, answered (see [`webhook::receive`]).
///
/// - 200 `{"status": "accepted" | "duplicate" | "ignored" | "coalesced"}` for new, repeated,
///   unknown-order or settled-payment, and already-covered notifications, so the gateway stops
///   resending;
/// - 400 for a body that is not an event, 401 for a deposit notification whose secret does not
///   match, 404 for an unknown provider;
/// - 429 `{"status": "limited", "code": "RATE_LIMITED", "limit": "ip" | "order",
///   "retryAfterSeconds": n}` with `Retry-After` when unauthenticated notifications from one
///   address or about one order exceed `payments.webhooks`' limits. Toss counts every answer but
///   200 as a failed delivery and sends it again later (after 1, 4, 16… minutes), which is what
///   a genuine notification refused in a burst needs; a forged one just costs its sender;
/// - 503 when it could not be stored (the gateway delivers it again).
async fn receive_webhook(
    state: web::Data<GraphqlState>,
    req: HttpRequest,
    provider: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let body = match read_body(payload, webhook::MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let payments = state.payments.clone();
    let provider = provider.into_inner();
    let p = provider.clone();
    let origin = Origin {
        ip: client_ip(&req, state.trust_forwarded_for),
        now: state.auth.clock.now(),
    };
    let receipt = state
        .db
        .run(move |c| webhook::receive(c, &payments, &p, &body, &origin))
        .await;
    match receipt {
        Ok(Some(Receipt::Limited {
            scope,
            retry_after_secs,
        })) => HttpResponse::TooManyRequests()
            .insert_header(("retry-after", retry_after_secs.to_string()))
            .json(json!({
                "status": "limited",
                "code": webhook::RATE_LIMITED,
                "limit": scope.as_str(),
                "retryAfterSeconds": retry_after_secs,
                "message": format!(
                    "too many notifications without a secret {}; deliver again in {retry_after_secs} s",
                    match scope {
                        Scope::Ip => "from this address",
                        Scope::Order => "about this order",
                    }
                ),
            })),
        Ok(Some(receipt)) => {
            let status = StatusCode::from_u16(receipt.http_status()).unwrap_or(StatusCode::OK);
            HttpResponse::build(status).json(json!({ "status": receipt.word() }))
        }
        Ok(None) => HttpResponse::NotFound()
            .json(json!({ "error": format!("no payment gateway {provider:?} is configured") })),
        Err(e) => {
            tracing::error!(provider = %provider, error = %e, "webhook could not be stored");
            // Not 200: the gateway will deliver it again.
            HttpResponse::ServiceUnavailable().json(json!({ "error": "try again later" }))
        }
    }
}

fn cors(mut resp: HttpResponse) -> HttpResponse {
    use actix_web::http::header::{self, HeaderValue};
    resp.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    resp
}

async fn sandbox_preflight() -> HttpResponse {
    cors(
        HttpResponse::NoContent()
            .insert_header(("access-control-allow-methods", "POST, OPTIONS"))
            .insert_header(("access-control-allow-headers", "content-type"))
            .insert_header(("access-control-max-age", "86400"))
            .finish(),
    )
}

/// The sandbox's payment window: `{orderId, amount, method, cardNumber | bank}` → `{paymentKey}`,
/// or `{code, message}` with 400 (as a gateway's window reports to its fail URL).
async fn sandbox_authorize(
    state: web::Data<GraphqlState>,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let json_body = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/json"));
    if !json_body {
        return cors(HttpResponse::UnsupportedMediaType()
            .json(json!({ "code": "UNSUPPORTED_MEDIA_TYPE", "message": "send JSON (Content-Type: application/json)" })));
    }
    let body = match read_body(payload, 16 * 1024).await {
        Ok(b) => b,
        Err(resp) => return cors(resp),
    };
    let request: crate::payment::sandbox::Authorize = match serde_json::from_str(&body) {
        Ok(r) => r,
        Err(e) => {
            return cors(HttpResponse::BadRequest()
                .json(json!({ "code": "INVALID_REQUEST", "message": format!("the request is malformed: {e}") })));
        }
    };
    let sandbox: Arc<crate::payment::sandbox::SandboxGateway> =
        state.payments.gateways.sandbox.clone();
    match sandbox.authorize(request).await {
        Ok(key) => cors(HttpResponse::Ok().json(json!({ "paymentKey": key }))),
        Err(GatewayError::Declined { code, message }) => {
            cors(HttpResponse::BadRequest().json(json!({ "code": code, "message": message })))
        }
        Err(e) => {
            tracing::error!(error = %e, "sandbox authorisation failed");
            cors(
                HttpResponse::ServiceUnavailable()
                    .json(json!({ "code": "UNAVAILABLE", "message": "try again later" })),
            )
        }
    }
}
