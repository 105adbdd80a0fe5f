//! GraphQL over HTTP: every malformed, oversized, cross-site or abusive request gets a
//! spec-conformant JSON error with a code, and nothing executes that should not.

use jangteo_tests::app::GRAPHQL_RESPONSE_JSON;
use jangteo_tests::{TestApp, backend_tests};
use serde_json::{Value, json};

async fn raw(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut req = app.client.request(method, app.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(body) = body {
        req = req.body(body);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.text().await.unwrap())
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

async fn main_channel_name(app: &TestApp) -> String {
    let body = app.admin("{ channels { name } }", json!({})).await;
    body["data"]["channels"][0]["name"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A mutation that would rename the main channel.
fn rename_mutation() -> String {
    "mutation { channelUpdate(id: \"gid://jangteo/Channel/1\", input: { name: \"HACKED\" }) { userErrors { code } } }"
        .to_owned()
}

backend_tests! {
    /// Bodies that are not one JSON GraphQL request get 400 with a JSON error, never HTML.
    async fn malformed_bodies_get_400(app) {
        for body in [
            "{not json",
            "[{\"query\": \"{ shop { name } }\"}]",
            "{\"variables\": {}}",
            "{\"query\": 42}",
            "\"just a string\"",
            "{\"query\": \"{ shop { name } }\", \"variables\": [1, 2]}",
        ] {
            let (status, headers, text) = raw(
                &app,
                reqwest::Method::POST,
                "/graphql",
                &[("content-type", "application/json"), ("accept", GRAPHQL_RESPONSE_JSON)],
                Some(body.to_owned()),
            )
            .await;
            assert_eq!(status, 400, "{body}: {text}");
            assert!(headers["content-type"].to_str().unwrap().starts_with(GRAPHQL_RESPONSE_JSON));
            let json = json_of(&text);
            assert_eq!(code(&json), "BAD_REQUEST", "{body}");
            assert!(json.get("data").is_none());
        }
    }

    /// Parse and validation failures are request errors: no `data`, 400 for
    /// `application/graphql-response+json` clients, 200 for legacy `application/json` ones.
    async fn parse_and_validation_errors_follow_the_spec(app) {
        for (query, expected) in [
            ("{ products(", "GRAPHQL_PARSE_FAILED"),
            ("{ products { edges { node { nope } } } }", "GRAPHQL_VALIDATION_FAILED"),
            ("{ shop { name } } { shop { code } }", "GRAPHQL_PARSE_FAILED"),
            ("query($n: Int!) { products(first: $n) { nodes { name } } }", "GRAPHQL_VALIDATION_FAILED"),
        ] {
            let (status, body) = app.shop_raw(query, json!({})).await;
            assert_eq!(status, 400, "{query}: {body}");
            assert!(body.get("data").is_none(), "{query}: {body}");
            assert_eq!(code(&body), expected, "{query}: {body}");

            let (status, _, text) = raw(
                &app,
                reqwest::Method::POST,
                "/graphql",
                &[("content-type", "application/json"), ("accept", "application/json")],
                Some(json!({ "query": query }).to_string()),
            )
            .await;
            assert_eq!(status, 200, "legacy client, {query}");
            assert_eq!(code(&json_of(&text)), expected);
        }
    }

    /// A POST that is not `application/json` is refused before anything runs, so a cross-site
    /// HTML form (text/plain, urlencoded, multipart) can never trigger a mutation.
    async fn non_json_posts_cannot_mutate(app) {
        let auth = format!("Bearer {}", app.operator_token);
        let payload = json!({ "query": rename_mutation() }).to_string();
        for content_type in [
            "text/plain",
            "text/plain;charset=UTF-8",
            "application/x-www-form-urlencoded",
            "application/json; charset=latin1",
        ] {
            let (status, _, text) = raw(
                &app,
                reqwest::Method::POST,
                "/admin-api/graphql",
                &[("content-type", content_type), ("authorization", &auth)],
                Some(payload.clone()),
            )
            .await;
            assert_eq!(status, 415, "{content_type}: {text}");
            assert_eq!(code(&json_of(&text)), "UNSUPPORTED_MEDIA_TYPE");
        }
        let (status, _, _) = raw(&app, reqwest::Method::POST, "/admin-api/graphql", &[("authorization", &auth)], Some(payload.clone())).await;
        assert_eq!(status, 415, "no content type at all");
        // Multipart (for uploads) needs the Authorization header no HTML form can send, and the
        // GraphQL multipart request shape; the Shop API takes none.
        let multipart = "multipart/form-data; boundary=----x";
        let (status, _, text) = raw(&app, reqwest::Method::POST, "/admin-api/graphql", &[("content-type", multipart)], Some(payload.clone())).await;
        assert_eq!((status, code(&json_of(&text))), (415, "UNSUPPORTED_MEDIA_TYPE"), "{text}");
        let (status, _, text) = raw(&app, reqwest::Method::POST, "/admin-api/graphql", &[("content-type", multipart), ("authorization", &auth)], Some(payload.clone())).await;
        assert_eq!((status, code(&json_of(&text))), (400, "BAD_REQUEST"), "{text}");
        let (status, _, _) = raw(&app, reqwest::Method::POST, "/graphql", &[("content-type", multipart), ("authorization", &auth)], Some(payload)).await;
        assert_eq!(status, 415);
        assert_eq!(main_channel_name(&app).await, "바른한끼", "no mutation ran");
    }

    /// GET runs queries but never mutations (405, Allow: POST).
    async fn get_runs_queries_but_never_mutations(app) {
        let query = serde_urlencode(&[("query", "{ shop { name } }")]);
        let (status, _, text) = raw(&app, reqwest::Method::GET, &format!("/graphql?{query}"), &[], None).await;
        assert_eq!(status, 200, "{text}");
        assert_eq!(json_of(&text)["data"]["shop"]["name"], "바른한끼");

        let auth = format!("Bearer {}", app.operator_token);
        let mutation = rename_mutation();
        for params in [
            vec![("query", mutation.as_str())],
            vec![("query", "query Q { viewer { name } } mutation M { channelUpdate(id: \"gid://jangteo/Channel/1\", input: { name: \"HACKED\" }) { userErrors { code } } }"), ("operationName", "M")],
        ] {
            let qs = serde_urlencode(&params);
            let (status, headers, text) =
                raw(&app, reqwest::Method::GET, &format!("/admin-api/graphql?{qs}"), &[("authorization", &auth)], None).await;
            assert_eq!(status, 405, "{text}");
            assert_eq!(headers["allow"], "POST");
            assert_eq!(code(&json_of(&text)), "METHOD_NOT_ALLOWED");
        }
        assert_eq!(main_channel_name(&app).await, "바른한끼", "no mutation ran");

        let (status, headers, _) = raw(&app, reqwest::Method::PUT, "/graphql", &[], None).await;
        assert_eq!(status, 405);
        assert!(headers["allow"].to_str().unwrap().contains("POST"));
    }

    /// Bodies above the limit get 413 (declared or streamed).
    async fn oversized_bodies_get_413(app) {
        let padding = "x".repeat(300 * 1024);
        let body = json!({ "query": format!("{{ shop {{ name }} }} # {padding}") }).to_string();
        let (status, _, text) = raw(
            &app,
            reqwest::Method::POST,
            "/graphql",
            &[("content-type", "application/json")],
            Some(body),
        )
        .await;
        assert_eq!(status, 413, "{}", &text[..text.len().min(200)]);
        assert_eq!(code(&json_of(&text)), "PAYLOAD_TOO_LARGE");
    }

    /// A streamed (chunked) body without a declared length is cut off at the limit too.
    async fn oversized_streamed_bodies_get_413(app) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
        let head = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
                    Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        stream.write_all(head.as_bytes()).await.unwrap();
        let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
        for _ in 0..6 {
            // The server may answer and close before the whole body is sent.
            if stream.write_all(chunk.as_bytes()).await.is_err() {
                break;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response).await;
        let response = String::from_utf8_lossy(&response);
        assert!(response.starts_with("HTTP/1.1 413"), "{}", &response[..response.len().min(300)]);
        assert!(response.contains("PAYLOAD_TOO_LARGE"), "{response}");
    }

    /// Too deep or too costly queries are refused before any resolver runs; a list field costs
    /// `first` × its items, so a short query cannot fan out into a huge response.
    async fn depth_and_complexity_limits(app) {
        // Introspection's depth is bounded by the schema: type references 13 levels deep (as the
        // standard introspection query asks) are fine; data depth is tested in `graphql_abuse`.
        let deep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }";
        let (status, body) = app.shop_raw(deep, json!({})).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["data"]["__schema"]["types"].as_array().is_some_and(|t| t.len() > 10), "{body}");

        // 100 products × 7 fields is fine ...
        let one = "{ products(first: 100) { nodes { id slug name description price { amount currency formatted } } } }";
        let (status, body) = app.shop_raw(one, json!({})).await;
        assert_eq!(status, 200, "{body}");
        // ... the same list eight times under aliases is not: 8 × (100 × 9 + 1) > 5000.
        let fanout: String = (0..8)
            .map(|i| format!("a{i}: products(first: 100) {{ nodes {{ id slug name description price {{ amount currency formatted }} }} }} "))
            .collect();
        let (status, body) = app.shop_raw(&format!("{{ {fanout} }}"), json!({})).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.get("data").is_none());
        assert_eq!(code(&body), "QUERY_TOO_COMPLEX");

        // The cost follows `first` given as a variable, too.
        let via_variables: String = (0..8)
            .map(|i| format!("a{i}: products(first: $n) {{ nodes {{ id slug name description price {{ amount currency formatted }} }} }} "))
            .collect();
        let (status, body) = app
            .shop_raw(&format!("query($n: Int) {{ {via_variables} }}"), json!({ "n": 100 }))
            .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(code(&body), "QUERY_TOO_COMPLEX");
        let (status, body) = app
            .shop_raw(&format!("query($n: Int) {{ {via_variables} }}"), json!({ "n": 2 }))
            .await;
        assert_eq!(status, 200, "small pages are cheap: {body}");
    }

    /// A document with several operations runs the one named by `operationName`; only that
    /// operation's variables are required (as GraphiQL and code generators send documents).
    async fn multi_operation_documents_run_the_named_operation(app) {
        let doc = "query Products($first: Int!) { products(first: $first) { nodes { name } } ...Extra }
                   query Shop { shop { ...ShopFields } }
                   fragment ShopFields on Shop { name }
                   fragment Extra on Query { shop { code } }";
        let (status, body) = app
            .post_json("/graphql", json!({ "query": doc, "operationName": "Shop" }), &[])
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body, json!({ "data": { "shop": { "name": "바른한끼" } } }));
        let (status, body) = app
            .post_json("/graphql", json!({ "query": doc, "operationName": "Products", "variables": { "first": 2 } }), &[])
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["products"]["nodes"].as_array().unwrap().len(), 2);
        assert_eq!(body["data"]["shop"]["code"], "bareun");
        let (status, body) = app
            .post_json("/graphql", json!({ "query": doc, "operationName": "Nope" }), &[])
            .await;
        assert_eq!(status, 400, "{body}");
        assert!(body.get("data").is_none());
        let (status, body) = app.post_json("/graphql", json!({ "query": doc }), &[]).await;
        assert_eq!(status, 400, "an operation must be chosen: {body}");
    }

    /// A browser GET without a query gets GraphiQL; a script gets a JSON error.
    async fn graphiql_for_browsers(app) {
        for path in ["/graphql", "/admin-api/graphql"] {
            let (status, headers, text) = raw(&app, reqwest::Method::GET, path, &[("accept", "text/html,application/xhtml+xml")], None).await;
            assert_eq!(status, 200);
            assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
            assert!(text.contains("GraphiQL") && text.contains(path), "{path}");
            let (status, _, text) = raw(&app, reqwest::Method::GET, path, &[("accept", "application/json")], None).await;
            assert_eq!(status, 400);
            assert_eq!(code(&json_of(&text)), "BAD_REQUEST");
        }
    }

    /// Third-party storefronts may call the Shop API from browsers on other origins; the Admin
    /// API offers no CORS.
    async fn cors_for_the_shop_api_only(app) {
        let (status, headers, _) = raw(
            &app,
            reqwest::Method::OPTIONS,
            "/graphql",
            &[("origin", "https://shop.example.com"), ("access-control-request-method", "POST")],
            None,
        )
        .await;
        assert_eq!(status, 204);
        assert_eq!(headers["access-control-allow-origin"], "*");
        let allowed = headers["access-control-allow-headers"].to_str().unwrap();
        // A member's access token travels in `Authorization` (no cookies, so no credentials mode).
        assert!(allowed.contains("jangteo-channel") && allowed.contains("authorization"), "{allowed}");
        let (status, headers, _) = raw(&app, reqwest::Method::OPTIONS, "/admin-api/graphql", &[("origin", "https://evil.example")], None).await;
        assert_eq!(status, 405);
        assert!(headers.get("access-control-allow-origin").is_none());
    }
}

fn serde_urlencode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Sends `GET /healthz` on `stream` and reads one whole response; `None` when the server has
/// closed the connection.
async fn healthz_on(stream: &mut tokio::net::TcpStream) -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let request = "GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n";
    if stream.write_all(request.as_bytes()).await.is_err() {
        return None;
    }
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let n = stream.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            return None;
        }
        answer.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&answer).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap())
                })
                .expect("a content-length");
            if answer.len() >= end + 4 + length {
                return Some(text);
            }
        }
    }
}

/// An idle connection stays open for `http.keep_alive_secs` (so a reverse proxy that keeps its
/// own idle connections for less never sends a request on one the server is closing) and is
/// closed after it.
#[tokio::test]
async fn idle_connections_live_as_long_as_the_keep_alive_setting() {
    let pause = std::time::Duration::from_millis(2_500);
    let app = TestApp::spawn(jangteo_tests::Backend::Sqlite).await;
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", app.port))
        .await
        .unwrap();
    assert!(
        healthz_on(&mut stream)
            .await
            .expect("first answer")
            .starts_with("HTTP/1.1 200")
    );
    tokio::time::sleep(pause).await;
    let again = healthz_on(&mut stream)
        .await
        .expect("the idle connection is still open");
    assert!(again.starts_with("HTTP/1.1 200"), "{again}");

    let short = TestApp::spawn_with(jangteo_tests::Backend::Sqlite, |c| {
        c.http.keep_alive_secs = 1
    })
    .await;
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", short.port))
        .await
        .unwrap();
    assert!(
        healthz_on(&mut stream)
            .await
            .expect("first answer")
            .starts_with("HTTP/1.1 200")
    );
    tokio::time::sleep(pause).await;
    assert_eq!(
        healthz_on(&mut stream).await,
        None,
        "closed after a second of idleness"
    );
}
