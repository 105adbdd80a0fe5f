//! A request id for every HTTP request, and the tracing span every log line of the request
//! belongs to. A caller-supplied `X-Request-Id` (printable, up to 64 characters) is kept so ids
//! can follow a request across services; otherwise a new UUID is generated. The id is echoed in
//! the `X-Request-Id` response header and in every internal error message.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use tracing::Instrument;

pub const HEADER: &str = "x-request-id";

/// The current request's id (in actix request extensions and GraphQL request data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

fn incoming_id(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(HEADER)?.to_str().ok()?.trim();
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c));
    ok.then(|| value.to_owned())
}

/// Middleware: assigns the id, opens the request span, logs one line when the response is ready.
pub async fn trace_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = incoming_id(&req).unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!(
        "http.request",
        request.id = %id,
        http.method = %req.method(),
        http.path = %req.path(),
    );
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    let _entered = span.enter();
    match result {
        Ok(mut res) => {
            let status = res.status().as_u16();
            if status >= 500 {
                tracing::warn!(http.status = status, elapsed_ms, "request failed");
            } else {
                tracing::info!(http.status = status, elapsed_ms, "request");
            }
            if let Ok(value) = HeaderValue::from_str(&id) {
                res.headers_mut()
                    .insert(HeaderName::from_static(HEADER), value);
            }
            Ok(res)
        }
        Err(e) => {
            tracing::warn!(error = %e, elapsed_ms, "request error");
            Err(e)
        }
    }
}
