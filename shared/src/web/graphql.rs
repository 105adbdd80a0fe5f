//! The GraphQL transport over `fetch`. Queries are typed at compile time by `graphql_client`
//! against the committed SDL in `schema/`; this module only moves them.

use graphql_client::GraphQLQuery;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

use crate::money::{Currency, Money};

/// Why a GraphQL call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// The server could not be reached (offline, DNS, CORS).
    Network(String),
    /// The server answered with an HTTP error and no GraphQL errors.
    Status(u16),
    /// The server answered with GraphQL errors (`code` is `extensions.code`).
    Graphql(Vec<ApiError>),
    /// The answer was not what the typed query expected.
    Decode(String),
}

/// One GraphQL error as the API reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub message: String,
    pub code: Option<String>,
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::Network(e) => write!(f, "network error: {e}"),
            ClientError::Status(s) => write!(f, "HTTP {s}"),
            ClientError::Graphql(errors) => {
                let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
                f.write_str(&messages.join("; "))
            }
            ClientError::Decode(e) => write!(f, "unexpected response: {e}"),
        }
    }
}

fn js_error(e: JsValue) -> ClientError {
    ClientError::Network(e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// Runs a typed query or mutation against `endpoint` (e.g. `/graphql`). `headers` are added to
/// the request (e.g. `Authorization`).
pub async fn graphql<Q: GraphQLQuery>(
    endpoint: &str,
    variables: Q::Variables,
    headers: &[(&str, &str)],
) -> Result<Q::ResponseData, ClientError> {
    let body = serde_json::to_string(&Q::build_query(variables))
        .map_err(|e| ClientError::Decode(e.to_string()))?;
    let mut all = vec![(
        "accept",
        "application/graphql-response+json, application/json",
    )];
    all.extend_from_slice(headers);
    let (status, text) = post(endpoint, &body, &all).await?;
    let parsed: graphql_client::Response<Q::ResponseData> = match serde_json::from_str(&text) {
        Ok(parsed) => parsed,
        Err(_) if !(200..300).contains(&status) => return Err(ClientError::Status(status)),
        Err(e) => return Err(ClientError::Decode(e.to_string())),
    };
    match (parsed.data, parsed.errors) {
        (Some(data), None) => Ok(data),
        (_, Some(errors)) if !errors.is_empty() => Err(ClientError::Graphql(
            errors
                .into_iter()
                .map(|e| ApiError {
                    code: e
                        .extensions
                        .as_ref()
                        .and_then(|x| x.get("code"))
                        .and_then(|c| c.as_str())
                        .map(str::to_owned),
                    message: e.message,
                })
                .collect(),
        )),
        (Some(data), _) => Ok(data),
        (None, _) => Err(ClientError::Status(status)),
    }
}

/// POSTs a JSON `body` to `url`: the status and the text of the answer.
async fn post(
    url: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> Result<(u16, String), ClientError> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    let request_headers = Headers::new().map_err(js_error)?;
    request_headers
        .set("content-type", "application/json")
        .map_err(js_error)?;
    for (name, value) in headers {
        request_headers.set(name, value).map_err(js_error)?;
    }
    init.set_headers(&request_headers);
    let request = Request::new_with_str_and_init(url, &init).map_err(js_error)?;
    let window = web_sys::window().ok_or_else(|| ClientError::Network("no window".into()))?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    let status = response.status();
    let text = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .as_string()
        .unwrap_or_default();
    Ok((status, text))
}

/// POSTs JSON to a plain HTTP endpoint (not GraphQL): its status and JSON answer (`null` when
/// the answer is not JSON).
pub async fn post_json(
    url: &str,
    body: &serde_json::Value,
) -> Result<(u16, serde_json::Value), ClientError> {
    let body = serde_json::to_string(body).map_err(|e| ClientError::Decode(e.to_string()))?;
    let (status, text) = post(url, &body, &[("accept", "application/json")]).await?;
    Ok((
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    ))
}

/// Money from a typed response's `amount` and generated `CurrencyCode` enum value.
pub fn money<C: Serialize>(amount: i64, currency: &C) -> Option<Money> {
    let code = serde_json::to_value(currency).ok()?;
    let currency: Currency = code.as_str()?.parse().ok()?;
    Money::try_new(amount, currency).ok()
}
