//! `/sitemap.xml` and `/robots.txt` for the shop the request's host name serves.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::catalog::sitemap;
use crate::channel::{ChannelSelector, service as channels};
use crate::db::Db;

/// Why the sitemap could not be made (logged; the client gets a plain 503).
struct Failed(String);

impl From<crate::db::DbError> for Failed {
    fn from(e: crate::db::DbError) -> Self {
        Failed(e.to_string())
    }
}

/// Scheme and host the request came in on, e.g. `https://bareun.example`.
fn base(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

/// `GET /sitemap.xml`: the active products, categories and collections of the host's shop.
pub async fn sitemap_xml(req: HttpRequest, db: web::Data<Db>) -> HttpResponse {
    let selector = ChannelSelector {
        code: None,
        host: Some(req.connection_info().host().to_owned()),
    };
    let result = db
        .run(move |c| {
            let channel = channels::resolve(c, &selector).map_err(|e| Failed(e.to_string()))?;
            sitemap::entries(c, &channel).map_err(|e| Failed(e.to_string()))
        })
        .await;
    match result {
        Ok(entries) => HttpResponse::Ok()
            .content_type("application/xml; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
            .body(sitemap::render(&base(&req), &entries)),
        Err(Failed(e)) => {
            tracing::error!(error = %e, "sitemap failed");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain; charset=utf-8")
                .body("The sitemap is not available right now; try again later.\n")
        }
    }
}

/// `GET /robots.txt`.
pub async fn robots_txt(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(sitemap::robots(&base(&req)))
}
