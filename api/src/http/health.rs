//! Liveness and readiness probes for load balancers and orchestrators.

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::db::Db;

/// `GET /healthz`: the process is up and serving HTTP.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// `GET /readyz`: the database answers; 503 (with the reason logged) when it does not.
pub async fn readyz(db: web::Data<Db>) -> HttpResponse {
    let ping = tokio::time::timeout(std::time::Duration::from_secs(3), db.ping()).await;
    match ping {
        Ok(Ok(())) => HttpResponse::Ok().json(json!({ "status": "ready", "database": "ok" })),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            HttpResponse::ServiceUnavailable()
                .json(json!({ "status": "unavailable", "database": "unreachable" }))
        }
        Err(_) => {
            tracing::warn!("readiness check timed out");
            HttpResponse::ServiceUnavailable()
                .json(json!({ "status": "unavailable", "database": "timeout" }))
        }
    }
}
