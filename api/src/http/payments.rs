//! Payment HTTP endpoints: the gateways' webhooks (`POST /webhooks/payments/{provider}`) and the
//! sandbox gateway's stand-in for a payment window (`POST /sandbox-gateway/v1/authorize`).

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use serde_json::json;

use super::graphql::GraphqlState;
use crate::payment::gateway::GatewayError;
use crate::payment::webhook::{self, Receipt};

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

/// A gateway's webhook delivery: stored, checked, answered. 200 for new, repeated and ignored
/// events (so the gateway stops resending), 400 for a body that is not an event, 401 for a
/// deposit notification whose secret does not match, 404 for an unknown provider.
async fn receive_webhook(
    state: web::Data<GraphqlState>,
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
    let receipt = state
        .db
        .run(move |c| webhook::receive(c, &payments, &p, &body))
        .await;
    match receipt {
        Ok(Some(receipt)) => {
            let status = StatusCode::from_u16(receipt.http_status()).unwrap_or(StatusCode::OK);
            let word = match receipt {
                Receipt::Accepted => "accepted",
                Receipt::Duplicate => "duplicate",
                Receipt::Ignored => "ignored",
                Receipt::Rejected => "rejected",
                Receipt::Malformed => "malformed",
            };
            HttpResponse::build(status).json(json!({ "status": word }))
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
