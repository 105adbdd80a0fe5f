//! The GraphQL transport over `fetch`: [`call`] runs a [`crate::client`] operation.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

use crate::client::{self, Operation, Request as GraphqlRequest};
pub use crate::client::{ApiError, ClientError};

fn js_error(e: JsValue) -> ClientError {
    ClientError::Network(e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// Runs operation `O` against `endpoint` (e.g. `/graphql`): its root field's value. `headers`
/// are added to the request (e.g. `Authorization`).
pub async fn call<O: Operation>(
    endpoint: &str,
    variables: &O::Variables,
    headers: &[(&str, &str)],
) -> Result<O::Data, ClientError> {
    let body = serde_json::to_string(&GraphqlRequest::new::<O>(variables))
        .map_err(|e| ClientError::Decode(e.to_string()))?;
    let mut all = vec![(
        "accept",
        "application/graphql-response+json, application/json",
    )];
    all.extend_from_slice(headers);
    let (status, text) = post(endpoint, &body, &all).await?;
    client::decode::<O>(status, &text)
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
