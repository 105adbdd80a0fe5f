//! The browser side of the GraphQL API, shared by the storefront and the admin (feature `web`,
//! wasm32 only). Queries are typed at compile time by `graphql_client` against the committed SDL
//! in `schema/`; this module only moves them over `fetch`.

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
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    let request_headers = Headers::new().map_err(js_error)?;
    request_headers
        .set("content-type", "application/json")
        .map_err(js_error)?;
    request_headers
        .set(
            "accept",
            "application/graphql-response+json, application/json",
        )
        .map_err(js_error)?;
    for (name, value) in headers {
        request_headers.set(name, value).map_err(js_error)?;
    }
    init.set_headers(&request_headers);
    let request = Request::new_with_str_and_init(endpoint, &init).map_err(js_error)?;
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

/// Money from a typed response's `amount` and generated `CurrencyCode` enum value.
pub fn money<C: Serialize>(amount: i64, currency: &C) -> Option<Money> {
    let code = serde_json::to_value(currency).ok()?;
    let currency: Currency = code.as_str()?.parse().ok()?;
    Money::try_new(amount, currency).ok()
}

/// A UI language of the storefront and admin. Korean is the default, English the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    /// BCP 47 code, as in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (what a language switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }

    /// The language saved under `key` in `localStorage`, if any.
    pub fn saved(key: &str) -> Option<Lang> {
        let storage = web_sys::window()?.local_storage().ok()??;
        Lang::from_code(&storage.get_item(key).ok()??)
    }

    /// Saves the choice under `key` and sets `<html lang>` so assistive technology follows.
    pub fn apply(self, key: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item(key, self.code());
        }
        self.set_document_lang();
    }

    /// Sets `<html lang>` to this language.
    pub fn set_document_lang(self) {
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", self.code());
        }
    }
}
