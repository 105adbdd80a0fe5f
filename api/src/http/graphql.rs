//! GraphQL over HTTP for both APIs, following the GraphQL-over-HTTP specification.
//!
//! - `POST` takes `Content-Type: application/json` only. Anything else (`text/plain`, forms,
//!   multipart) is refused with 415, so a cross-site HTML form can never reach a mutation.
//! - `GET` takes `query`, `operationName`, `variables` and `extensions` parameters and never
//!   executes a mutation (405, `Allow: POST`). A browser `GET` without a query gets GraphiQL.
//! - Bodies over `http.max_body_bytes` get 413; a body that is not one JSON GraphQL request gets
//!   400 (batches are not accepted).
//! - A client that accepts `application/graphql-response+json` gets that media type, and status
//!   400 for request errors (parse, validation, limits, unknown channel: no `data` key). Legacy
//!   `application/json` clients get 200 for every well-formed request, as the spec says.
//! - Every error carries `extensions.code`. A panic while executing becomes a 500 with the opaque
//!   `INTERNAL` error; nothing answers with an HTML error page.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, HttpResponseBuilder, web};
use async_graphql::Name;
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use async_graphql::{Executor, ServerError, Variables};
use futures_util::{FutureExt, StreamExt};
use serde::Deserialize;
use serde_json::{Value, json};

use super::document_cache::{Checked, DocumentCache};
use super::request_id::RequestId;
use crate::access::Auth;
use crate::channel::{ChannelError, ChannelSelector, service as channels};
use crate::config::GraphqlConfig;
use crate::db::Db;
use crate::graphql::error::{codes, internal_server_error};
use crate::graphql::limits::{self, DocumentLimits};
use crate::graphql::{AdminSchema, ApiKind, ExecutionStarted, ShopSchema};

/// The request header that picks a channel by code.
pub const CHANNEL_HEADER: &str = "jangteo-channel";
const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

/// Everything the two endpoints need, shared by all workers.
pub struct GraphqlState {
    pub db: Db,
    pub shop: ShopSchema,
    pub admin: AdminSchema,
    pub auth: Arc<Auth>,
    pub payments: Arc<crate::payment::Payments>,
    pub trust_forwarded_for: bool,
    pub graphql: GraphqlConfig,
    pub max_body_bytes: usize,
    /// Largest file a multipart upload to the Admin API may carry.
    pub max_upload_bytes: usize,
    /// Documents that passed every check, by text.
    pub documents: DocumentCache,
}

/// Registers `/graphql` (Shop API) and `/admin-api/graphql` (Admin API).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/graphql")
            .route(web::post().to(shop_post))
            .route(web::get().to(shop_get))
            .route(web::method(Method::OPTIONS).to(shop_preflight))
            .default_service(web::to(|req: HttpRequest| async move {
                cors(method_not_allowed(&req, "GET, POST, OPTIONS"))
            })),
    )
    .service(web::resource("/graphql/schema.graphql").route(web::get().to(shop_sdl)))
    .service(web::resource("/admin-api/schema.graphql").route(web::get().to(admin_sdl)))
    .service(
        web::resource("/admin-api/graphql")
            .route(web::post().to(admin_post))
            .route(web::get().to(admin_get))
            .default_service(web::to(|req: HttpRequest| async move {
                method_not_allowed(&req, "GET, POST")
            })),
    );
}

// ---------------------------------------------------------------------------------------------
// Handlers

async fn shop_post(
    state: web::Data<GraphqlState>,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let gql = read_post(&req, payload, &state, None).await;
    cors(handle(&state, &req, gql, Api::Shop, false).await)
}

async fn shop_get(state: web::Data<GraphqlState>, req: HttpRequest) -> HttpResponse {
    let gql = read_get(&req, &state.graphql, "/graphql", "Jangteo Shop API");
    cors(handle(&state, &req, gql, Api::Shop, true).await)
}

async fn admin_post(
    state: web::Data<GraphqlState>,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    // An upload's body is large: its credentials are checked before it is read.
    let multipart = header_str(&req, header::CONTENT_TYPE.as_str())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("multipart/form-data"));
    if multipart && header_str(&req, header::AUTHORIZATION.as_str()).is_some() {
        let media = ResponseMedia::negotiate(&req);
        let ready = admin_context(&state, &req, media, async_graphql::Request::new("")).await;
        if let Err(refused) = ready {
            return refused;
        }
    }
    let gql = read_post(&req, payload, &state, Some(state.max_upload_bytes)).await;
    handle(&state, &req, gql, Api::Admin, false).await
}

async fn admin_get(state: web::Data<GraphqlState>, req: HttpRequest) -> HttpResponse {
    let gql = read_get(
        &req,
        &state.graphql,
        "/admin-api/graphql",
        "Jangteo Admin API",
    );
    handle(&state, &req, gql, Api::Admin, true).await
}

/// The Shop API's schema as SDL (the committed `schema/shop.graphql`), for tools that would
/// rather not introspect.
async fn shop_sdl() -> HttpResponse {
    static SDL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    cors(sdl_response(
        SDL.get_or_init(|| crate::graphql::sdl(ApiKind::Shop)),
    ))
}

/// The Admin API's schema as SDL: anonymous callers get no introspection, so this is how
/// third-party developers read it before they have a key.
async fn admin_sdl() -> HttpResponse {
    static SDL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    sdl_response(SDL.get_or_init(|| crate::graphql::sdl(ApiKind::Admin)))
}

fn sdl_response(sdl: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(sdl.to_owned())
}

/// CORS preflight for the Shop API: any origin may call it, without credentials (it is public
/// and cookie-free; a member's access token is an `Authorization` header, which may be sent), so
/// third-party storefronts work from the browser.
async fn shop_preflight() -> HttpResponse {
    cors(
        HttpResponse::NoContent()
            .insert_header(("access-control-allow-methods", "GET, POST, OPTIONS"))
            .insert_header((
                "access-control-allow-headers",
                "content-type, accept, authorization, jangteo-channel, x-request-id",
            ))
            .insert_header(("access-control-max-age", "86400"))
            .finish(),
    )
}

fn cors(mut resp: HttpResponse) -> HttpResponse {
    resp.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    resp.headers_mut().insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("x-request-id"),
    );
    resp
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    Shop,
    Admin,
}

impl Api {
    /// The API's part of a [`DocumentCache`] key.
    fn key(self) -> u8 {
        self as u8
    }
}

/// The request's id, as the middleware assigned it.
fn request_id(req: &HttpRequest) -> String {
    req.extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default()
}

/// One GraphQL request, in order: transport checks (already done by the readers), parse and
/// operation selection, the endpoint's context (channel or identity), then execution. Parsing
/// comes first so a malformed request costs no database round trip.
async fn handle(
    state: &GraphqlState,
    req: &HttpRequest,
    gql: Result<async_graphql::Request, HttpResponse>,
    api: Api,
    is_get: bool,
) -> HttpResponse {
    let mut gql = match gql {
        Ok(gql) => gql,
        Err(resp) => return resp,
    };
    let media = ResponseMedia::negotiate(req);
    let operation_name = gql.operation_name.clone();
    let cached = state
        .documents
        .get(api.key(), &gql.query, operation_name.as_deref());
    let (checked, fresh) = match cached {
        Some(checked) => {
            gql.set_parsed_query(checked.document.clone());
            (checked, false)
        }
        None => match check_document(state, req, media, api, &mut gql, operation_name.as_deref()) {
            Ok(checked) => (checked, true),
            Err(refused) => return refused,
        },
    };
    if !fresh
        && checked.introspection
        && let Err(refused) = introspection_allowed(req, media, api)
    {
        return refused;
    }
    // Kept to key the cache once the document has passed validation.
    let query = fresh.then(|| gql.query.clone());
    let gql = gql.data(ClientIp(client_ip(req, state.trust_forwarded_for)));
    if is_get && checked.operation == OperationType::Mutation {
        return media
            .respond(StatusCode::METHOD_NOT_ALLOWED)
            .insert_header((header::ALLOW, "POST"))
            .json(error_body(
                codes::METHOD_NOT_ALLOWED,
                "Mutations are not executed over GET; send them with POST",
            ));
    }
    let (response, started) = match api {
        Api::Shop => match shop_context(state, req, media, gql).await {
            Ok(gql) => execute(&state.shop, req, media, gql).await,
            Err(resp) => return resp,
        },
        Api::Admin => match admin_context(state, req, media, gql).await {
            Ok(gql) => execute(&state.admin, req, media, gql).await,
            Err(resp) => return resp,
        },
    };
    // Validation passed: the next request with this document skips parsing and the checks.
    if fresh && started {
        state.documents.insert(
            api.key(),
            query.as_deref().unwrap_or_default(),
            operation_name.as_deref(),
            checked,
        );
    }
    response
}

/// Parses the request's document and runs every check that depends on the document alone:
/// size and nesting on the bytes (the parser recurses), parsing, operation selection (the
/// document is reduced to the selected operation), data depth, fragments spread out,
/// introspection cost and sensitive fields. What passes may be cached ([`DocumentCache`]).
#[expect(
    clippy::result_large_err,
    reason = "the error is the finished response, built at most once per request"
)]
fn check_document(
    state: &GraphqlState,
    req: &HttpRequest,
    media: ResponseMedia,
    api: Api,
    gql: &mut async_graphql::Request,
    operation_name: Option<&str>,
) -> Result<Arc<Checked>, HttpResponse> {
    let limits = DocumentLimits::from(&state.graphql);
    if let Err(refusal) = limits::prescan_document(&gql.query, &limits) {
        let status = match refusal {
            limits::Refusal::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::BAD_REQUEST,
        };
        return Err(media
            .respond(status)
            .json(error_body(refusal.code(), &refusal.message())));
    }
    if let Err(e) = gql.parsed_query() {
        return Err(graphql_response(
            media,
            vec![e],
            None,
            codes::GRAPHQL_PARSE_FAILED,
        ));
    }
    // Only the selected operation is validated and costed: the executor would otherwise check
    // every operation of the document, refusing e.g. GraphiQL's multi-operation documents for
    // variables that only an unselected operation declares.
    if let (Some(name), Ok(doc)) = (operation_name, gql.parsed_query())
        && let Some(pruned) = only_operation(doc, name)
    {
        gql.set_parsed_query(pruned);
    }
    let doc = gql
        .parsed_query()
        .map_err(|e| graphql_response(media, vec![e], None, codes::GRAPHQL_PARSE_FAILED))?;
    let Some(op) = limits::operation(doc, operation_name) else {
        return Err(request_error(
            media,
            codes::GRAPHQL_VALIDATION_FAILED,
            match operation_name {
                Some(name) => format!("The document has no operation named {name:?}"),
                None => {
                    "The document has several operations: name the one to run in `operationName`"
                        .to_owned()
                }
            },
        ));
    };
    if limits::data_depth(doc, op) > state.graphql.max_depth {
        return Err(request_error(
            media,
            codes::QUERY_TOO_DEEP,
            format!(
                "The query is nested too deeply: at most {} levels of fields (graphql.max_depth)",
                state.graphql.max_depth
            ),
        ));
    }
    // Fragments spread inside fragments multiply; validation would walk every copy.
    let expanded = limits::expanded_size(doc, op);
    if expanded > state.graphql.max_tokens.saturating_mul(2) {
        return Err(request_error(
            media,
            codes::QUERY_TOO_COMPLEX,
            format!(
                "The query has too many fields once its fragments are spread ({}, at most {})",
                if expanded == usize::MAX {
                    "unbounded".to_owned()
                } else {
                    expanded.to_string()
                },
                state.graphql.max_tokens.saturating_mul(2)
            ),
        ));
    }
    let introspection = limits::uses_introspection(doc, op);
    if introspection {
        introspection_allowed(req, media, api)?;
        let budget = limits::introspection_budget();
        let roots = limits::introspection_roots(doc, op);
        let cost = limits::introspection_cost(doc, op);
        if roots > limits::MAX_INTROSPECTION_ROOTS || cost > budget {
            return Err(request_error(
                media,
                codes::QUERY_TOO_COMPLEX,
                format!(
                    "The query asks for too much of the schema ({roots} introspection fields, at most {}; cost {cost}, at most {budget}): ask for it once; the SDL is published at {}",
                    limits::MAX_INTROSPECTION_ROOTS,
                    match api {
                        Api::Shop => "/graphql/schema.graphql",
                        Api::Admin => "/admin-api/schema.graphql",
                    }
                ),
            ));
        }
    }
    let sensitive = sensitive_fields(doc, operation_name);
    if sensitive.len() > 1 {
        return Err(request_error(
            media,
            codes::TOO_MANY_SENSITIVE_OPERATIONS,
            format!(
                "A request may contain at most one sign-in or token operation; this one has {} ({}). Send them one per request.",
                sensitive.len(),
                sensitive.join(", ")
            ),
        ));
    }
    Ok(Arc::new(Checked {
        operation: op.ty,
        introspection,
        document: doc.clone(),
    }))
}

/// The Admin API answers introspection only to signed-in callers.
#[expect(
    clippy::result_large_err,
    reason = "the error is the finished response, built at most once per request"
)]
fn introspection_allowed(
    req: &HttpRequest,
    media: ResponseMedia,
    api: Api,
) -> Result<(), HttpResponse> {
    if api == Api::Admin && header_str(req, header::AUTHORIZATION.as_str()).is_none() {
        return Err(request_error(
            media,
            codes::INTROSPECTION_DISABLED,
            "The Admin API answers introspection only to signed-in callers; its schema is published at /admin-api/schema.graphql".to_owned(),
        ));
    }
    Ok(())
}

/// Resolves the Shop API request's channel (header, host, default).
async fn shop_context(
    state: &GraphqlState,
    req: &HttpRequest,
    media: ResponseMedia,
    gql: async_graphql::Request,
) -> Result<async_graphql::Request, HttpResponse> {
    let selector = ChannelSelector {
        code: header_str(req, CHANNEL_HEADER).map(str::to_owned),
        host: Some(req.connection_info().host().to_owned()),
    };
    let viewer = match header_str(req, header::AUTHORIZATION.as_str()) {
        None => ShopViewer::Anonymous,
        Some(value) => match value.strip_prefix("Bearer ").map(str::trim) {
            Some(token) if !token.is_empty() => {
                match state
                    .auth
                    .jwt
                    .verify(token, state.auth.clock.now_utc().timestamp())
                {
                    Ok(claims) => ShopViewer::Member(claims),
                    Err(e) => ShopViewer::Invalid(e),
                }
            }
            _ => ShopViewer::Invalid(crate::access::jwt::TokenError::Invalid),
        },
    };
    let gql = gql.data(viewer).data(state.auth.clone());
    match state.db.run(move |c| channels::resolve(c, &selector)).await {
        Ok(channel) => Ok(gql.data(channel)),
        Err(ChannelError::UnknownCode(code)) => Err(request_error(
            media,
            codes::CHANNEL_NOT_FOUND,
            format!("There is no channel with code {code:?} (from the Jangteo-Channel header)"),
        )),
        Err(e) => Err(internal_response(req, media, Some(&e))),
    }
}

/// Resolves the Admin API caller; wrong credentials are refused here with 401.
async fn admin_context(
    state: &GraphqlState,
    req: &HttpRequest,
    media: ResponseMedia,
    gql: async_graphql::Request,
) -> Result<async_graphql::Request, HttpResponse> {
    let authorization = header_str(req, header::AUTHORIZATION.as_str());
    let gql = gql.data(state.auth.clone());
    match state.auth.authenticate(&state.db, authorization).await {
        Ok(Some(identity)) => Ok(gql.data(identity)),
        Ok(None) => Ok(gql),
        Err(e @ crate::access::AuthError::InvalidCredentials) => Err(media
            .respond(StatusCode::UNAUTHORIZED)
            .insert_header((header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\""))
            .json(error_body(codes::UNAUTHENTICATED, &e.to_string()))),
        Err(crate::access::AuthError::Db(e)) => Err(internal_response(req, media, Some(&e))),
    }
}

/// Who is calling the Shop API: nobody, a signed-in member, or someone whose access token was
/// refused (public fields still answer; member fields report why).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShopViewer {
    Anonymous,
    /// A valid access token: the member and the session (refresh-token family) it belongs to.
    Member(crate::access::jwt::AccessClaims),
    Invalid(crate::access::jwt::TokenError),
}

/// The client's IP address, for login throttling and the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIp(pub Option<String>);

fn client_ip(req: &HttpRequest, trust_forwarded_for: bool) -> Option<String> {
    if trust_forwarded_for
        && let Some(last) = header_str(req, "x-forwarded-for")
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| v.parse::<std::net::IpAddr>().is_ok())
    {
        return Some(last.to_owned());
    }
    req.peer_addr().map(|a| a.ip().to_string())
}

/// Root fields that check a password, a code, a token or a guest's order number and phone: at most one per request, so aliases
/// cannot multiply guesses within the throttle.
pub const SENSITIVE_FIELDS: &[&str] = &[
    "accountRegister",
    "login",
    "tokenRefresh",
    "passwordChange",
    "passwordResetRequest",
    "passwordReset",
    "emailVerify",
    "staffLogin",
    "staffLoginVerify",
    "staffPasswordSet",
    "orderLookup",
];

/// The sensitive root fields the selected operation would run (through fragments too).
fn sensitive_fields(doc: &ExecutableDocument, name: Option<&str>) -> Vec<String> {
    let Some(op) = limits::operation(doc, name) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut seen_fragments = std::collections::HashSet::new();
    let mut stack = vec![&op.selection_set.node];
    while let Some(set) = stack.pop() {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let name = field.node.name.node.as_str();
                    if SENSITIVE_FIELDS.contains(&name) {
                        found.push(name.to_owned());
                    }
                }
                Selection::InlineFragment(inline) => stack.push(&inline.node.selection_set.node),
                Selection::FragmentSpread(spread) => {
                    let fragment = &spread.node.fragment_name.node;
                    if seen_fragments.insert(fragment.clone())
                        && let Some(def) = doc.fragments.get(fragment)
                    {
                        stack.push(&def.node.selection_set.node);
                    }
                }
            }
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// Reading requests

/// Reads a POST body: a JSON GraphQL request, or (where `max_upload_bytes` is given: the Admin
/// API) a `multipart/form-data` request following the GraphQL multipart request spec.
async fn read_post(
    req: &HttpRequest,
    mut payload: web::Payload,
    state: &GraphqlState,
    max_upload_bytes: Option<usize>,
) -> Result<async_graphql::Request, HttpResponse> {
    let max_body_bytes = state.max_body_bytes;
    let max_value_depth = state.graphql.max_value_depth;
    let media = ResponseMedia::negotiate(req);
    let content_type = header_str(req, header::CONTENT_TYPE.as_str()).unwrap_or("");
    // Multipart (a type an HTML form can send cross-site) only with an `Authorization`
    // header, which no form can add: uploads are always signed-in operations.
    let multipart = max_upload_bytes.filter(|_| {
        content_type
            .to_ascii_lowercase()
            .starts_with("multipart/form-data")
            && header_str(req, header::AUTHORIZATION.as_str()).is_some()
    });
    let max_body_bytes = match multipart {
        Some(file_limit) => max_body_bytes.saturating_add(file_limit),
        None => max_body_bytes,
    };
    if multipart.is_none() && !is_json_content_type(content_type) {
        let got = if content_type.is_empty() {
            "no Content-Type".to_owned()
        } else {
            format!("`{}`", content_type.chars().take(100).collect::<String>())
        };
        return Err(media
            .respond(StatusCode::UNSUPPORTED_MEDIA_TYPE)
            .json(error_body(
                codes::UNSUPPORTED_MEDIA_TYPE,
                &format!("Send GraphQL requests with `Content-Type: application/json` (got {got})"),
            )));
    }
    let too_large = || {
        media
            .respond(StatusCode::PAYLOAD_TOO_LARGE)
            .json(error_body(
                codes::PAYLOAD_TOO_LARGE,
                &format!("The request body is larger than the limit of {max_body_bytes} bytes"),
            ))
    };
    let declared =
        header_str(req, header::CONTENT_LENGTH.as_str()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > max_body_bytes) {
        return Err(too_large());
    }
    let mut body = web::BytesMut::with_capacity(declared.unwrap_or(1024).min(max_body_bytes));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|e| bad_request(media, &format!("The request body could not be read: {e}")))?;
        if body.len() + chunk.len() > max_body_bytes {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    if let Some(file_limit) = multipart {
        let options = async_graphql::http::MultipartOptions::default()
            .max_file_size(file_limit)
            .max_num_files(10);
        let gql = async_graphql::http::receive_body(Some(content_type), &body[..], options)
            .await
            .map_err(|e| match e {
                async_graphql::ParseRequestError::PayloadTooLarge => media
                    .respond(StatusCode::PAYLOAD_TOO_LARGE)
                    .json(error_body(
                        codes::PAYLOAD_TOO_LARGE,
                        &format!("The uploaded file is larger than the limit of {file_limit} bytes"),
                    )),
                async_graphql::ParseRequestError::UnsupportedBatch => bad_request(
                    media,
                    "Batched requests are not supported: send one GraphQL operation per request",
                ),
                e => bad_request(
                    media,
                    &format!("The multipart request is malformed (see the GraphQL multipart request spec): {e}"),
                ),
            })?;
        if gql.query.trim().is_empty() {
            return Err(bad_request(media, "The request has no `query`"));
        }
        if gql
            .variables
            .values()
            .any(|v| limits::value_nesting_exceeds(v, max_value_depth))
        {
            return Err(value_too_deep(media, max_value_depth));
        }
        return Ok(gql);
    }
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        return Err(bad_request(
            media,
            "Batched requests are not supported: send one GraphQL operation per request",
        ));
    }
    // The body object, then `variables`, then the values: checked before the (recursive) JSON
    // parser runs.
    if limits::json_nesting_exceeds(&body, max_value_depth + 2) {
        return Err(value_too_deep(media, max_value_depth));
    }
    let gql: async_graphql::Request = serde_json::from_slice(&body).map_err(|e| {
        bad_request(
            media,
            &format!(
                "The request body is not a GraphQL request (a JSON object with `query`, and \
                 optionally `operationName` and `variables`): {e}"
            ),
        )
    })?;
    if gql.query.trim().is_empty() {
        return Err(bad_request(media, "The request has no `query`"));
    }
    Ok(gql)
}

#[derive(Deserialize)]
struct GetParams {
    query: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

#[expect(
    clippy::result_large_err,
    reason = "the error is the finished response, built at most once per request"
)]
fn read_get(
    req: &HttpRequest,
    config: &GraphqlConfig,
    endpoint: &str,
    title: &str,
) -> Result<async_graphql::Request, HttpResponse> {
    let media = ResponseMedia::negotiate(req);
    let params = web::Query::<GetParams>::from_query(req.query_string())
        .map_err(|e| bad_request(media, &format!("Malformed query string: {e}")))?
        .into_inner();
    let Some(query) = params.query.filter(|q| !q.trim().is_empty()) else {
        if config.graphiql && accepts_html(req) {
            return Err(HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .body(graphiql_page(endpoint, title, &config.graphiql_assets_url)));
        }
        return Err(bad_request(
            media,
            "A GET request needs a `query` parameter",
        ));
    };
    let mut gql = async_graphql::Request::new(query);
    if let Some(name) = params.operation_name.filter(|n| !n.is_empty()) {
        gql = gql.operation_name(name);
    }
    for param in [&params.variables, &params.extensions]
        .into_iter()
        .flatten()
    {
        if limits::json_nesting_exceeds(param.as_bytes(), config.max_value_depth + 1) {
            return Err(value_too_deep(media, config.max_value_depth));
        }
    }
    if let Some(vars) = params.variables.filter(|v| !v.trim().is_empty()) {
        let value: Value = serde_json::from_str(&vars)
            .map_err(|e| bad_request(media, &format!("`variables` is not valid JSON: {e}")))?;
        if !value.is_object() {
            return Err(bad_request(media, "`variables` must be a JSON object"));
        }
        gql = gql.variables(Variables::from_json(value));
    }
    if let Some(ext) = params.extensions.filter(|v| !v.trim().is_empty()) {
        let ext = serde_json::from_str(&ext).map_err(|e| {
            bad_request(
                media,
                &format!("`extensions` is not a valid JSON object: {e}"),
            )
        })?;
        gql.extensions = ext;
    }
    Ok(gql)
}

fn is_json_content_type(value: &str) -> bool {
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return false;
    }
    parts.all(|param| match param.split_once('=') {
        Some((k, v)) if k.trim().eq_ignore_ascii_case("charset") => {
            v.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        }
        _ => true,
    })
}

fn accepts_html(req: &HttpRequest) -> bool {
    header_str(req, header::ACCEPT.as_str()).is_some_and(|a| a.contains("text/html"))
}

fn header_str<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

// ---------------------------------------------------------------------------------------------
// Executing

async fn execute<E: Executor>(
    executor: &E,
    req: &HttpRequest,
    media: ResponseMedia,
    gql: async_graphql::Request,
) -> (HttpResponse, bool) {
    let request_id = request_id(req);
    let started = ExecutionStarted::default();
    let gql = gql
        .data(RequestId(request_id.clone()))
        .data(started.clone());
    let outcome = AssertUnwindSafe(executor.execute(gql)).catch_unwind().await;
    let response = match outcome {
        Ok(response) => response,
        // The panic hook has logged it, inside this request's span.
        Err(_) => return (internal_response(req, media, None), started.get()),
    };
    let mut errors = response.errors;
    let data = if started.get() {
        // An error from execution without a code did not come from our resolvers (which always
        // set one): treat it as unexpected, log it, and give the client the opaque error.
        for e in &mut errors {
            // Variables are coerced while the operation runs: a value its type refuses (an
            // amount beyond ±2^53 − 1, an unknown enum value) is the caller's mistake.
            if e.extensions.as_ref().and_then(|x| x.get("code")).is_none()
                && [
                    "Failed to parse",
                    "Invalid value for argument",
                    "Expected input type",
                ]
                .iter()
                .any(|p| e.message.starts_with(p))
            {
                e.extensions
                    .get_or_insert_with(Default::default)
                    .set("code", crate::graphql::error::codes::BAD_USER_INPUT);
                continue;
            }
            if e.extensions.as_ref().and_then(|x| x.get("code")).is_none() {
                tracing::error!(request.id = %request_id, error = %e.message, path = ?e.path, "uncoded GraphQL error");
                let opaque = internal_server_error(&request_id, e.locations.first().copied());
                e.message = opaque.message;
                e.extensions = opaque.extensions;
            }
        }
        Some(response.data)
    } else {
        None
    };
    let mut resp = graphql_response(media, errors, data, codes::GRAPHQL_VALIDATION_FAILED);
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    (resp, started.get())
}

/// The document reduced to the operation `name` and the fragments it uses (transitively);
/// `None` when there is nothing to remove or no such operation (execution then reports it).
fn only_operation(doc: &ExecutableDocument, name: &str) -> Option<ExecutableDocument> {
    let DocumentOperations::Multiple(ops) = &doc.operations else {
        return None;
    };
    if ops.len() < 2 {
        return None;
    }
    let (op_name, op) = ops.iter().find(|(n, _)| n.as_str() == name)?;
    let mut used = std::collections::HashSet::new();
    let mut pending = Vec::new();
    collect_spreads(&op.node.selection_set.node, &mut pending);
    while let Some(fragment) = pending.pop() {
        if used.insert(fragment.clone())
            && let Some(def) = doc.fragments.get(&fragment)
        {
            collect_spreads(&def.node.selection_set.node, &mut pending);
        }
    }
    Some(ExecutableDocument {
        operations: DocumentOperations::Multiple(
            [(op_name.clone(), op.clone())].into_iter().collect(),
        ),
        fragments: doc
            .fragments
            .iter()
            .filter(|(n, _)| used.contains(*n))
            .map(|(n, f)| (n.clone(), f.clone()))
            .collect(),
    })
}

fn collect_spreads(set: &SelectionSet, out: &mut Vec<Name>) {
    for selection in &set.items {
        match &selection.node {
            Selection::Field(f) => collect_spreads(&f.node.selection_set.node, out),
            Selection::FragmentSpread(s) => out.push(s.node.fragment_name.node.clone()),
            Selection::InlineFragment(i) => collect_spreads(&i.node.selection_set.node, out),
        }
    }
}

/// Builds the response of an executed (or refused) GraphQL request. `data` is `None` when the
/// request never reached execution; those errors get `fallback_code` unless they have one.
fn graphql_response(
    media: ResponseMedia,
    mut errors: Vec<ServerError>,
    data: Option<async_graphql::Value>,
    fallback_code: &str,
) -> HttpResponse {
    let executed = data.is_some();
    if !executed {
        for e in &mut errors {
            let ext = e.extensions.get_or_insert_with(Default::default);
            if ext.get("code").is_some() {
                continue;
            }
            // async-graphql reports its limits in these words; give them codes and advice.
            let (code, message) = match e.message.as_str() {
                "Query is too complex." => (
                    codes::QUERY_TOO_COMPLEX,
                    Some(
                        "The query is too complex: ask for fewer items (lower `first`) or fewer nested lists",
                    ),
                ),
                "Query is nested too deep." => (
                    codes::QUERY_TOO_DEEP,
                    Some("The query is nested too deeply"),
                ),
                _ => (fallback_code, None),
            };
            ext.set("code", code);
            if let Some(message) = message {
                e.message = message.to_owned();
            }
        }
    }
    let mut body = serde_json::Map::new();
    if let Some(data) = data {
        body.insert(
            "data".into(),
            serde_json::to_value(data).unwrap_or(Value::Null),
        );
    }
    if !errors.is_empty() {
        body.insert(
            "errors".into(),
            serde_json::to_value(&errors).unwrap_or_else(|_| json!([])),
        );
    }
    let status = if executed || media == ResponseMedia::Json {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    media.respond(status).json(Value::Object(body))
}

/// A request error found before execution (no `data`): 400 for `graphql-response+json`
/// clients, 200 for legacy `application/json` ones.
fn request_error(media: ResponseMedia, code: &str, message: String) -> HttpResponse {
    let status = match media {
        ResponseMedia::GraphqlResponseJson => StatusCode::BAD_REQUEST,
        ResponseMedia::Json => StatusCode::OK,
    };
    media.respond(status).json(error_body(code, &message))
}

fn value_too_deep(media: ResponseMedia, limit: usize) -> HttpResponse {
    media.respond(StatusCode::BAD_REQUEST).json(error_body(
        codes::VALUE_TOO_DEEP,
        &format!("A value in the request is nested more than {limit} levels deep (graphql.max_value_depth)"),
    ))
}

fn bad_request(media: ResponseMedia, message: &str) -> HttpResponse {
    media
        .respond(StatusCode::BAD_REQUEST)
        .json(error_body(codes::BAD_REQUEST, message))
}

fn method_not_allowed(req: &HttpRequest, allow: &'static str) -> HttpResponse {
    ResponseMedia::negotiate(req)
        .respond(StatusCode::METHOD_NOT_ALLOWED)
        .insert_header((header::ALLOW, allow))
        .json(error_body(
            codes::METHOD_NOT_ALLOWED,
            &format!("{} is not supported here; use {allow}", req.method()),
        ))
}

/// The opaque 500 response; `cause` is logged unless it was logged already (`None`).
fn internal_response(
    req: &HttpRequest,
    media: ResponseMedia,
    cause: Option<&dyn std::fmt::Display>,
) -> HttpResponse {
    let id = request_id(req);
    if let Some(cause) = cause {
        tracing::error!(request.id = %id, error = %cause, "internal error");
    }
    let error = internal_server_error(&id, None);
    media
        .respond(StatusCode::INTERNAL_SERVER_ERROR)
        .json(json!({ "errors": [error] }))
}

fn error_body(code: &str, message: &str) -> Value {
    json!({ "errors": [{ "message": message, "extensions": { "code": code } }] })
}

/// The response media type the client asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResponseMedia {
    /// `application/graphql-response+json`: status codes carry request-error semantics.
    GraphqlResponseJson,
    /// Legacy `application/json`.
    Json,
}

impl ResponseMedia {
    fn negotiate(req: &HttpRequest) -> Self {
        let accept = header_str(req, header::ACCEPT.as_str()).unwrap_or("");
        let wants_new = accept.split(',').any(|item| {
            let mut parts = item.split(';');
            let essence = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.split_once('=').is_some_and(|(k, v)| {
                    k.trim() == "q" && v.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
                })
            });
            essence.eq_ignore_ascii_case(GRAPHQL_RESPONSE_JSON) && !refused
        });
        if wants_new {
            ResponseMedia::GraphqlResponseJson
        } else {
            ResponseMedia::Json
        }
    }

    fn respond(self, status: StatusCode) -> HttpResponseBuilder {
        let mut builder = HttpResponse::build(status);
        builder.content_type(match self {
            ResponseMedia::GraphqlResponseJson => {
                "application/graphql-response+json; charset=utf-8"
            }
            ResponseMedia::Json => "application/json; charset=utf-8",
        });
        builder
    }
}

fn graphiql_page(endpoint: &str, title: &str, assets: &str) -> String {
    include_str!("graphiql.html")
        .replace("{{title}}", title)
        .replace("{{endpoint}}", endpoint)
        .replace("{{assets}}", assets.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_utf8_json_bodies_are_accepted() {
        for ok in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON;charset=\"UTF-8\"",
        ] {
            assert!(is_json_content_type(ok), "{ok}");
        }
        for bad in [
            "",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json; charset=latin1",
            "application/jsonx",
            "application/graphql",
        ] {
            assert!(!is_json_content_type(bad), "{bad}");
        }
    }
}
