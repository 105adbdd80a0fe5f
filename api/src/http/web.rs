//! Hosting of the two browser apps' static bundles: the storefront at `/`, the admin at
//! `/admin/`. Client-side routes fall back to each app's `index.html` for page navigations
//! (requests that accept HTML); a missing asset is still a 404. Fingerprinted assets are cached
//! for a year, `index.html` is revalidated on every load so a deploy shows at once.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::middleware::{DefaultHeaders, Next, from_fn};
use actix_web::{Error, HttpResponse, web};

use crate::catalog::pages::Route;
use crate::config::WebConfig;

/// Registers the admin (under `/admin`) and the storefront (everything else). Call last: the
/// storefront's mount at `/` catches every path no other service claimed. `payment_sources` are
/// the origins the storefront's payment window needs (Toss's SDK), allowed by its
/// Content-Security-Policy; the postal-code search's origins are allowed on the pages of the
/// channels that use it.
pub fn configure(cfg: &mut web::ServiceConfig, config: &WebConfig, payment_sources: &[String]) {
    cfg.route(
        "/admin",
        web::get().to(|| async {
            HttpResponse::PermanentRedirect()
                .insert_header((header::LOCATION, "/admin/"))
                .finish()
        }),
    );
    mount(cfg, "/admin", &config.admin_dir, "admin", &[], None);
    let postcode = config.postcode.csp_sources();
    mount(
        cfg,
        "/",
        &config.storefront_dir,
        "storefront",
        payment_sources,
        Some(&postcode),
    );
}

/// Serves the local media directory under `/media/` (nothing when media live in S3). File names
/// are unique per upload, so browsers may cache them for a year.
pub fn media(cfg: &mut web::ServiceConfig, dir: Option<&Path>) {
    let Some(dir) = dir else {
        return;
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        tracing::warn!(dir = %dir.display(), error = %e, "cannot create the media directory");
    }
    cfg.service(
        web::scope("/media")
            .wrap(
                DefaultHeaders::new()
                    .add((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
                    .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                    .add((header::CONTENT_SECURITY_POLICY, "default-src 'none'")),
            )
            .service(Files::new("", dir)),
    );
}

fn mount(
    cfg: &mut web::ServiceConfig,
    at: &str,
    dir: &Path,
    app: &'static str,
    extra_sources: &[String],
    postcode: Option<&(String, Vec<String>)>,
) {
    let index = dir.join("index.html");
    if !index.is_file() {
        tracing::warn!(dir = %dir.display(), "the {app} bundle is not built; serving a notice instead");
        let scope_path = if at == "/" { "" } else { at };
        cfg.service(
            web::scope(scope_path).default_service(web::to(move || async move {
                HttpResponse::ServiceUnavailable()
                    .content_type("text/html; charset=utf-8")
                    .body(format!(
                        "<!doctype html><meta charset=utf-8><title>Jangteo</title>\
                     <h1>The {app} is not built yet</h1>\
                     <p>Build it with <code>cargo xtask web</code>, or start the whole shop with \
                     <code>cargo xtask run</code>.</p>"
                    ))
            })),
        );
        return;
    }
    // Read once: the CSP's script hashes come from it, so a rebuilt bundle is served after a
    // restart either way, and catalog pages are made from it without touching the disk.
    let index = std::sync::Arc::new(AppIndex {
        html: std::fs::read_to_string(&index).unwrap_or_default(),
        path: index,
    });
    let csp = content_security_policy(&index.html, extra_sources, None);
    // Pages of channels with the postal-code search also allow its origins.
    let policies = std::sync::Arc::new(Policies {
        plain: HeaderValue::from_str(&csp)
            .unwrap_or(HeaderValue::from_static("default-src 'self'")),
        address_search: postcode.and_then(|sources| {
            HeaderValue::from_str(&content_security_policy(
                &index.html,
                extra_sources,
                Some(sources),
            ))
            .ok()
        }),
    });
    let files_dir = dir.to_path_buf();
    let variants = std::sync::Arc::new(precompressed_variants(dir));
    let storefront = app == "storefront";
    let mut scope = web::scope(if at == "/" { "" } else { at })
        .wrap(from_fn(move |req, next| {
            precompressed(files_dir.clone(), variants.clone(), req, next)
        }))
        .wrap(from_fn(move |req, next| {
            document_policy(policies.clone(), req, next)
        }))
        .wrap(from_fn(cache_headers))
        .wrap(
            DefaultHeaders::new()
                .add((header::CONTENT_SECURITY_POLICY, csp))
                .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .add((header::REFERRER_POLICY, "strict-origin-when-cross-origin")),
        );
    if storefront {
        // `/` itself is the files service's index: the home page's head is added here.
        scope = scope
            .app_data(web::Data::from(index.clone()))
            .route("/", web::get().to(storefront_home))
            .route("/", web::head().to(storefront_home));
    }
    cfg.service(
        scope.service(
            Files::new("/", dir)
                .index_file("index.html")
                .prefer_utf8(true)
                .default_handler(fn_service(move |req: ServiceRequest| {
                    let index = index.clone();
                    async move { spa_fallback(req, &index, storefront).await }
                })),
        ),
    );
}

/// An app's two Content-Security-Policies: the plain one, and the one of the pages of a channel
/// that offers the postal-code search (`None` for the admin, which has none).
struct Policies {
    plain: HeaderValue,
    address_search: Option<HeaderValue>,
}

/// Whether the channel of a page offers the postal-code search, as the page found it (so the
/// channel is looked up once per page).
#[derive(Debug, Clone, Copy)]
struct AddressSearch(bool);

/// Gives a page (an HTML answer, or its `304 Not Modified`) the policy of its channel: with the
/// postal-code search's origins where the channel uses it. Other answers get the plain policy
/// from the scope's default headers. A channel that cannot be looked up gets the plain policy:
/// the search then fails to load and the address is typed.
async fn document_policy(
    policies: std::sync::Arc<Policies>,
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut res = next.call(req).await?;
    let Some(widened) = &policies.address_search else {
        return Ok(res);
    };
    let page = res.status() == actix_web::http::StatusCode::NOT_MODIFIED
        || res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
    if !page {
        return Ok(res);
    }
    let known = res.response().extensions().get::<AddressSearch>().copied();
    let on = match known {
        Some(AddressSearch(on)) => on,
        None => channel_address_search(res.request()).await,
    };
    let value = if on { widened } else { &policies.plain };
    res.headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, value.clone());
    Ok(res)
}

/// Whether the channel the request's host selects offers the postal-code search (`false` when it
/// cannot be told).
async fn channel_address_search(req: &actix_web::HttpRequest) -> bool {
    use crate::channel::{ChannelSelector, service as channels};
    let Some(db) = req.app_data::<web::Data<crate::db::Db>>() else {
        return false;
    };
    let selector = ChannelSelector {
        code: None,
        host: Some(req.connection_info().host().to_owned()),
    };
    match db.run(move |c| channels::resolve(c, &selector)).await {
        Ok(channel) => channel.address_search,
        Err(e) => {
            tracing::warn!(error = %e, "channel of a page not found; the plain policy is used");
            false
        }
    }
}

/// The Content-Security-Policy of an app: scripts only from this origin plus the exact inline
/// bootstrap scripts of its `index.html` (by hash), WebAssembly allowed, no plugins, no framing,
/// API calls only to this origin. An injected script cannot run, and could not send anything
/// elsewhere if it did. `extra_sources` (a payment gateway's origins) may also serve scripts,
/// styles and frames and be called. `postcode` (the postal-code search's script origin and
/// frame origins) may serve a script and frames, nothing else.
pub fn content_security_policy(
    index_html: &str,
    extra_sources: &[String],
    postcode: Option<&(String, Vec<String>)>,
) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut hashes = String::new();
    let mut rest = index_html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_and_rest = &after[open_end + 1..];
        let Some(close) = body_and_rest.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            let digest = Sha256::digest(&body_and_rest.as_bytes()[..close]);
            let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
            hashes.push_str(&format!(" 'sha256-{b64}'"));
        }
        rest = &body_and_rest[close..];
    }
    let extra: String = extra_sources.iter().map(|s| format!(" {s}")).collect();
    let (postcode_script, postcode_frames) = match postcode {
        Some((script, frames)) => (
            format!(" {script}"),
            frames.iter().map(|s| format!(" {s}")).collect::<String>(),
        ),
        None => (String::new(), String::new()),
    };
    let frames = if extra.is_empty() && postcode_frames.is_empty() {
        String::new()
    } else {
        format!(" frame-src 'self'{extra}{postcode_frames};")
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{extra}{postcode_script}{hashes}; \
         style-src 'self'{extra}; img-src 'self' data: https:; font-src 'self'; \
         connect-src 'self'{extra};{frames} object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Whether a request is a page navigation (a GET or HEAD that accepts HTML).
fn is_navigation(req: &actix_web::HttpRequest) -> bool {
    matches!(
        *req.method(),
        actix_web::http::Method::GET | actix_web::http::Method::HEAD
    ) && req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
}

/// Unknown path: a page navigation gets the app (its router shows the page or its own 404);
/// anything else (a missing script, image, API typo) gets a plain 404. A storefront catalog
/// page comes with its own head ([`super::shell`]), or as a 404 when its slug names nothing.
async fn spa_fallback(
    req: ServiceRequest,
    index: &AppIndex,
    storefront: bool,
) -> Result<ServiceResponse, Error> {
    let (req, _) = req.into_parts();
    let navigation = is_navigation(&req);
    if storefront
        && navigation
        && let Some(route) = Route::parse(req.path(), req.query_string())
        && let Some(res) = catalog_page(&req, &route, index).await
    {
        return Ok(ServiceResponse::new(req, res));
    }
    let res = if navigation {
        let mut res = NamedFile::open_async(&index.path)
            .await?
            .into_response(&req);
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        res
    } else {
        HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("not found")
    };
    Ok(ServiceResponse::new(req, res))
}

/// The storefront's home page: with its head for a navigation, else `index.html` as a file.
async fn storefront_home(
    req: actix_web::HttpRequest,
    index: web::Data<AppIndex>,
) -> Result<HttpResponse, Error> {
    if is_navigation(&req)
        && let Some(res) = catalog_page(&req, &Route::Home, &index).await
    {
        return Ok(res);
    }
    let mut res = NamedFile::open_async(&index.path)
        .await?
        .into_response(&req);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(res)
}

/// An app's `index.html`: where it is, and what it held when the app was mounted.
struct AppIndex {
    path: PathBuf,
    html: String,
}

/// A catalog page with its head, a 404 shell for a slug that names nothing on sale in the
/// host's shop, or `None` (the plain shell) when the page cannot be made.
async fn catalog_page(
    req: &actix_web::HttpRequest,
    route: &Route,
    index: &AppIndex,
) -> Option<HttpResponse> {
    use crate::channel::{ChannelSelector, service as channels};
    let db = req.app_data::<web::Data<crate::db::Db>>()?.clone();
    let media = req
        .app_data::<web::Data<std::sync::Arc<crate::media::MediaStore>>>()?
        .clone();
    let info = req.connection_info().clone();
    let base = format!("{}://{}", info.scheme(), info.host());
    let selector = ChannelSelector {
        code: None,
        host: Some(info.host().to_owned()),
    };
    struct Failed(String);
    impl From<crate::db::DbError> for Failed {
        fn from(e: crate::db::DbError) -> Self {
            Failed(e.to_string())
        }
    }
    let route = route.clone();
    let found = db
        .run(move |c| {
            let channel = channels::resolve(c, &selector).map_err(|e| Failed(e.to_string()))?;
            let page = crate::catalog::pages::load(c, &channel, &route)
                .map_err(|e| Failed(e.to_string()))?;
            Ok::<_, Failed>((channel, page))
        })
        .await;
    let template = &index.html;
    let html = |status: actix_web::http::StatusCode, body: String, address_search: bool| {
        let mut res = validated(req, status, body);
        res.extensions_mut().insert(AddressSearch(address_search));
        res
    };
    match found {
        Ok((channel, Some(loaded))) => {
            let stored_url = |m: &crate::media::Media, size| media.storage.url(&m.key(Some(size)));
            let absolute_url = |m: &crate::media::Media, size| {
                let url = stored_url(m, size);
                if url.starts_with('/') {
                    format!("{base}{url}")
                } else {
                    url
                }
            };
            let shell = super::shell::Shell {
                channel: &channel,
                base: &base,
                image_url: &absolute_url,
            };
            // A listing the shopper filtered or sorted is drawn by the app alone.
            let filtered = url::form_urlencoded::parse(req.query_string().as_bytes())
                .any(|(k, _)| ["sort", "min", "max", "in_stock"].contains(&k.as_ref()));
            let body = (!filtered)
                .then(|| super::prerender::Prerender {
                    channel: &channel,
                    text: shared::text::storefront::for_locale(&channel.locale),
                    categories: &loaded.categories,
                    seller: &loaded.seller,
                    image_url: &stored_url,
                })
                .and_then(|p| p.render(&loaded.page));
            Some(html(
                actix_web::http::StatusCode::OK,
                shell.render(template, &loaded.page, body.as_deref()),
                channel.address_search,
            ))
        }
        Ok((channel, None)) => Some(html(
            actix_web::http::StatusCode::NOT_FOUND,
            template.clone(),
            channel.address_search,
        )),
        Err(Failed(e)) => {
            tracing::warn!(error = %e, "catalog page head not rendered");
            None
        }
    }
}

/// A drawn page as an answer that browsers and caches revalidate: its (weak) `ETag` is a digest
/// of the bytes, so any change to what the page shows (a price, a name, stock, the app's shell)
/// gives a new one; a request whose `If-None-Match` names the current one gets `304 Not
/// Modified` without the body. `no-cache` makes every use ask first, so a change is seen on the
/// next visit.
fn validated(
    req: &actix_web::HttpRequest,
    status: actix_web::http::StatusCode,
    body: String,
) -> HttpResponse {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body.as_bytes());
    let tag: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    // Weak: the same page is also sent gzip-compressed, and a strong tag names one encoding.
    let quoted = format!("\"{tag}\"");
    let fresh = status.is_success()
        && req
            .headers()
            .get_all(header::IF_NONE_MATCH)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == quoted || t == "*");
    let mut res = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::build(status)
    };
    res.insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::ETAG, format!("W/{quoted}")));
    if fresh {
        res.finish()
    } else {
        res.content_type("text/html; charset=utf-8").body(body)
    }
}

/// The names of a bundle's precompressed variants (`NAME.br`, `NAME.gz` beside `NAME`), read
/// once when the app is mounted, so serving an asset costs no file-system lookups. Files of a
/// bundle rebuilt while the server runs are served as they are (and compressed per response)
/// until the next start.
fn precompressed_variants(dir: &Path) -> std::collections::HashSet<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Default::default();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| {
            [".br", ".gz"].iter().any(|ext| {
                name.strip_suffix(ext)
                    .is_some_and(|original| dir.join(original).is_file())
            })
        })
        .collect()
}

/// The encodings a request accepts, of those assets are precompressed in (`.br` by brotli,
/// `.gz` by gzip, written next to each asset by `cargo xtask web`), best first.
fn accepted_encodings(req: &ServiceRequest) -> Vec<(&'static str, ContentEncoding)> {
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let accepts = |name: &str| {
        accept.split(',').any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.split_once('=').is_some_and(|(k, v)| {
                    k.trim() == "q" && v.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
                })
            });
            coding.eq_ignore_ascii_case(name) && !refused
        })
    };
    [
        ("br", ContentEncoding::Brotli),
        ("gz", ContentEncoding::Gzip),
    ]
    .into_iter()
    .filter(|(ext, _)| accepts(if *ext == "br" { "br" } else { "gzip" }))
    .collect()
}

/// Serves an asset's precompressed variant when the browser accepts it: the same bytes every
/// time, compressed once at build time at the highest level (brotli 11), with the asset's own
/// `Content-Type` (`application/wasm` lets the browser compile while downloading) and
/// `Vary: Accept-Encoding`. Everything else (no variant, HTML navigations, ranges of other
/// encodings) goes on to the files service, which the response compressor still covers.
async fn precompressed(
    dir: PathBuf,
    variants: std::sync::Arc<std::collections::HashSet<String>>,
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<
    ServiceResponse<actix_web::body::EitherBody<actix_web::body::BoxBody, impl MessageBody>>,
    Error,
> {
    let rel = req
        .match_info()
        .unprocessed()
        .trim_start_matches('/')
        .to_owned();
    let eligible = matches!(
        *req.method(),
        actix_web::http::Method::GET | actix_web::http::Method::HEAD
    ) && !rel.is_empty()
        && !rel.contains("..")
        && !rel.contains('%')
        && !rel.contains('\\')
        && !rel.ends_with(".br")
        && !rel.ends_with(".gz");
    if eligible {
        let original = dir.join(&rel);
        for (ext, encoding) in accepted_encodings(&req) {
            let name = format!("{rel}.{ext}");
            if !variants.contains(&name) {
                continue;
            }
            let variant = dir.join(name);
            let Ok(file) = NamedFile::open_async(&variant).await else {
                continue;
            };
            let file = file
                .set_content_type(actix_files::file_extension_to_mime(
                    original.extension().and_then(|e| e.to_str()).unwrap_or(""),
                ))
                .set_content_encoding(encoding)
                .use_etag(true)
                .use_last_modified(true);
            let (http_req, _) = req.into_parts();
            let mut res = file.into_response(&http_req);
            res.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            return Ok(ServiceResponse::new(http_req, res).map_into_left_body());
        }
    }
    Ok(next.call(req).await?.map_into_right_body())
}

/// Long-lived caching for fingerprinted assets (`app-1a2b3c4d5e6f7a8b.js`), revalidation for the
/// rest.
async fn cache_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let fingerprinted = req.path().rsplit('/').next().is_some_and(is_fingerprinted);
    let mut res = next.call(req).await?;
    if res.status().is_success() && !res.headers().contains_key(header::CACHE_CONTROL) {
        let value = if fingerprinted {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    Ok(res)
}

/// Trunk names assets `name-<16 hex digits>[_bg].ext`.
fn is_fingerprinted(file: &str) -> bool {
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_fingerprinted;

    #[test]
    fn inline_bootstrap_scripts_are_allowed_by_hash_only() {
        let csp = super::content_security_policy(
            "<html><script type=module>import init from '/app.js'; await init();</script>\
             <script src=\"/other.js\"></script></html>",
            &[],
            None,
        );
        // echo -n "import init from '/app.js'; await init();" | openssl dgst -sha256 -binary | base64
        assert!(
            csp.contains("'sha256-KlG4CKAhEwOaotkp3rUpdbFezrNrqW7nWrxT35mBelw='"),
            "{csp}"
        );
        assert_eq!(
            csp.matches("'sha256-").count(),
            1,
            "external scripts need no hash"
        );
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("connect-src 'self';"), "{csp}");
        assert!(
            !csp.contains("frame-src"),
            "frames fall back to default-src: {csp}"
        );
    }

    #[test]
    fn a_payment_window_origin_may_load_scripts_frames_and_be_called() {
        let sources = [
            "https://js.tosspayments.com".to_owned(),
            "https://*.toss.im".to_owned(),
        ];
        let csp = super::content_security_policy("<html></html>", &sources, None);
        let directive = |name: &str| {
            csp.split(';')
                .map(str::trim)
                .find(|d| d.starts_with(&format!("{name} ")))
                .unwrap_or_else(|| panic!("no {name} in {csp}"))
                .to_owned()
        };
        for name in ["script-src", "style-src", "connect-src", "frame-src"] {
            let d = directive(name);
            assert!(d.contains("'self'"), "{d}");
            for s in &sources {
                assert!(d.contains(s.as_str()), "{d}");
            }
        }
        assert_eq!(directive("form-action"), "form-action 'self'");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
    }

    #[test]
    fn the_postal_code_search_may_load_its_script_and_frames_only() {
        let postcode = (
            "https://t1.kakaocdn.net".to_owned(),
            vec!["https://postcode.map.kakao.com".to_owned()],
        );
        let csp = super::content_security_policy("<html></html>", &[], Some(&postcode));
        let directive = |name: &str| {
            csp.split(';')
                .map(str::trim)
                .find(|d| d.starts_with(&format!("{name} ")))
                .unwrap_or_else(|| panic!("no {name} in {csp}"))
                .to_owned()
        };
        assert!(
            directive("script-src").contains(" https://t1.kakaocdn.net"),
            "{csp}"
        );
        assert!(!directive("script-src").contains("postcode.map"), "{csp}");
        assert_eq!(
            directive("frame-src"),
            "frame-src 'self' https://postcode.map.kakao.com"
        );
        for name in ["connect-src", "style-src", "default-src"] {
            assert_eq!(directive(name), format!("{name} 'self'"), "{csp}");
        }
    }

    #[test]
    fn recognises_trunk_fingerprints() {
        assert!(is_fingerprinted("storefront-3f2a9c1b7d6e5f40.js"));
        assert!(is_fingerprinted("storefront-3f2a9c1b7d6e5f40_bg.wasm"));
        assert!(is_fingerprinted("style-0123456789abcdef.css"));
        assert!(!is_fingerprinted("index.html"));
        assert!(!is_fingerprinted("robots.txt"));
        assert!(!is_fingerprinted("my-logo.png"));
    }
}
