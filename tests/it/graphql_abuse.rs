//! Requests written to hurt the server: values nested thousands deep in every position,
//! introspection under hundreds of aliases, fragments that spread each other, documents of
//! hundreds of kilobytes, batches, foreign content types. Each is refused with a 4xx and a code
//! before anything recursive or costly reads it, and the server keeps answering everyone else.
//! `cargo xtask bench` prints what each refusal costs.

use std::collections::BTreeMap;

use jangteo::graphql::limits::STANDARD_INTROSPECTION_QUERY;
use jangteo_tests::app::{GRAPHQL_RESPONSE_JSON, repo_path};
use jangteo_tests::{Backend, TestApp, backend_tests, both_backends};
use serde_json::{Value, json};

const DEEP: usize = 10_000;
/// GET carries the document in the URL, which HTTP clients cap at 64 KiB: 3,000 levels still fit
/// and are well past where the parser used to overflow (about 500 in debug builds).
const DEEP_GET: usize = 3_000;

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

/// Sends a raw request: POST with a hand-written JSON body (no serializer recursion on this
/// side either), or GET with the query string built by the URL encoder.
async fn send(
    app: &TestApp,
    get: bool,
    path: &str,
    query: &str,
    variables: Option<&str>,
    auth: Option<&str>,
) -> (u16, Value) {
    let mut req = if get {
        let mut params = vec![("query", query.to_owned())];
        if let Some(v) = variables {
            params.push(("variables", v.to_owned()));
        }
        app.client.get(app.url(path)).query(&params)
    } else {
        let mut body = format!("{{\"query\":{}", serde_json::to_string(query).unwrap());
        if let Some(v) = variables {
            body.push_str(",\"variables\":");
            body.push_str(v);
        }
        body.push('}');
        app.client
            .post(app.url(path))
            .header("content-type", "application/json")
            .body(body)
    };
    req = req.header("accept", GRAPHQL_RESPONSE_JSON);
    if let Some(token) = auth {
        req = req.header("authorization", format!("Bearer {token}"));
    }
    let resp = req.send().await.expect("the server answers");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}), status {status}: {}",
            &text[..text.len().min(300)]
        )
    });
    (status, body)
}

/// The server still answers an ordinary query.
async fn still_serving(app: &TestApp) {
    let (status, body) = app.shop_raw("{ shop { name } }", json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["shop"]["name"], "바른한끼");
}

fn nested(open: &str, close: &str, n: usize, inner: &str) -> String {
    let mut s = String::with_capacity((open.len() + close.len()) * n + inner.len());
    for _ in 0..n {
        s.push_str(open);
    }
    s.push_str(inner);
    for _ in 0..n {
        s.push_str(close);
    }
    s
}

/// 10,000 levels of nesting in every place a document or its variables can nest, on both APIs,
/// over POST and GET, signed in and not: each a 400 with a code, and the process lives on.
/// The document limits are raised here so that the nesting check, not the size, refuses.
async fn nesting_in_every_position(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| {
        c.graphql.max_document_bytes = 200_000;
        c.graphql.max_tokens = 1_000_000;
    })
    .await;
    let cases = |depth: usize| -> Vec<(&str, String, Option<String>, &str)> {
        let list = nested("[", "]", depth, "1");
        let object = nested("{a: ", "}", depth, "1");
        let json_list = nested("[", "]", depth, "1");
        vec![
            (
                "argument",
                format!("{{ products(first: {list}) {{ nodes {{ id }} }} }}"),
                None,
                "VALUE_TOO_DEEP",
            ),
            (
                "input object",
                format!("{{ products(filter: {object}) {{ nodes {{ id }} }} }}"),
                None,
                "VALUE_TOO_DEEP",
            ),
            (
                "variable default",
                format!("query($v: [Int] = {list}) {{ __typename }}"),
                None,
                "VALUE_TOO_DEEP",
            ),
            (
                "directive argument",
                format!("{{ __typename @include(if: {list}) }}"),
                None,
                "VALUE_TOO_DEEP",
            ),
            (
                "variables JSON",
                "query($v: [Int]) { __typename }".to_owned(),
                Some(format!("{{\"v\":{json_list}}}")),
                "VALUE_TOO_DEEP",
            ),
            (
                "selection set",
                nested("{a", "}", depth, ""),
                None,
                "QUERY_TOO_DEEP",
            ),
        ]
    };
    let operator = app.operator_token.clone();
    for get in [false, true] {
        for (position, query, variables, expected) in &cases(if get { DEEP_GET } else { DEEP }) {
            for (path, auth) in [
                ("/graphql", None),
                ("/admin-api/graphql", None),
                ("/admin-api/graphql", Some(operator.as_str())),
            ] {
                {
                    let (status, body) =
                        send(&app, get, path, query, variables.as_deref(), auth).await;
                    let how = format!(
                        "{position} on {path} ({}, signed in: {})",
                        if get { "GET" } else { "POST" },
                        auth.is_some()
                    );
                    assert_eq!(status, 400, "{how}: {body}");
                    assert_eq!(code(&body), *expected, "{how}: {body}");
                    assert!(body.get("data").is_none(), "{how}");
                }
            }
            still_serving(&app).await;
        }
    }

    // The limit, not the stack, decides: values nested exactly to the limit are read, answered
    // and refused only by the type system.
    let at_limit = nested("[", "]", 32, "1");
    let (status, body) = send(
        &app,
        false,
        "/graphql",
        &format!("query($v: [Int] = {at_limit}) {{ shop {{ name }} }}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
    let (status, body) = send(
        &app,
        false,
        "/graphql",
        "query($v: [Int]) { shop { name } }",
        Some(&format!("{{\"v\":{}}}", nested("[", "]", 31, "1"))),
        None,
    )
    .await;
    assert!(status == 200 || status == 400, "{status} {body}");
    assert_ne!(code(&body), "VALUE_TOO_DEEP", "{body}");

    // Twenty senders of the worst requests at once, while a shopper browses.
    let abuse = format!(
        "{{ products(first: {}) {{ nodes {{ id }} }} }}",
        nested("[", "]", DEEP_GET, "1")
    );
    let attackers = (0..20).map(|i| {
        let (app, abuse) = (&app, &abuse);
        async move {
            for _ in 0..5 {
                let (status, body) = send(app, i % 2 == 0, "/graphql", abuse, None, None).await;
                assert_eq!((status, code(&body)), (400, "VALUE_TOO_DEEP"));
            }
        }
    });
    let shopper = async {
        for _ in 0..10 {
            still_serving(&app).await;
        }
    };
    futures_util::join!(futures_util::future::join_all(attackers), shopper);
    still_serving(&app).await;
}
both_backends!(
    nesting_in_every_position_is_refused,
    nesting_in_every_position
);

/// Deep data selections are refused at `graphql.max_depth`; introspection is not held to it (the
/// standard introspection query needs 13 levels).
async fn data_depth(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.graphql.max_depth = 3).await;
    let (status, body) = app
        .shop_raw(
            "{ products(first: 1) { nodes { price { amount } } } }",
            json!({}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body), "QUERY_TOO_DEEP");
    // Fragments do not hide depth.
    let (status, body) = app
        .shop_raw("{ products(first: 1) { ...P } } fragment P on ProductConnection { nodes { ... on Product { price { amount } } } }", json!({}))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body), "QUERY_TOO_DEEP");
    let (status, body) = app
        .shop_raw("{ products(first: 1) { nodes { name } } }", json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.shop_raw(STANDARD_INTROSPECTION_QUERY, json!({})).await;
    assert_eq!(status, 200, "{body}");
}
both_backends!(depth_limits_data_not_introspection, data_depth);

/// A GraphQL type reference written as SDL (`[String!]!`), from introspection JSON.
fn type_ref(t: &Value) -> String {
    match t["kind"].as_str().unwrap() {
        "NON_NULL" => format!("{}!", type_ref(&t["ofType"])),
        "LIST" => format!("[{}]", type_ref(&t["ofType"])),
        _ => t["name"].as_str().unwrap().to_owned(),
    }
}

/// Every type of a schema as comparable lines: kind, then each field with its arguments and
/// type, each input field, enum value, union member and interface.
type Shape = BTreeMap<String, Vec<String>>;

fn shape_from_introspection(schema: &Value) -> Shape {
    let mut out = Shape::new();
    for t in schema["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("__") || ["String", "Int", "Float", "Boolean", "ID"].contains(&name) {
            continue;
        }
        let mut lines = vec![t["kind"].as_str().unwrap().to_owned()];
        for f in t["fields"].as_array().into_iter().flatten() {
            let args: Vec<String> = f["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| format!("{}: {}", a["name"].as_str().unwrap(), type_ref(&a["type"])))
                .collect();
            lines.push(format!(
                "field {}({}): {}",
                f["name"].as_str().unwrap(),
                args.join(", "),
                type_ref(&f["type"])
            ));
        }
        for f in t["inputFields"].as_array().into_iter().flatten() {
            lines.push(format!(
                "input {}: {}",
                f["name"].as_str().unwrap(),
                type_ref(&f["type"])
            ));
        }
        for v in t["enumValues"].as_array().into_iter().flatten() {
            lines.push(format!("value {}", v["name"].as_str().unwrap()));
        }
        for i in t["interfaces"].as_array().into_iter().flatten() {
            lines.push(format!("implements {}", i["name"].as_str().unwrap()));
        }
        for p in t["possibleTypes"].as_array().into_iter().flatten() {
            lines.push(format!("member {}", p["name"].as_str().unwrap()));
        }
        lines[1..].sort();
        out.insert(name.to_owned(), lines);
    }
    out
}

fn fields_and_interfaces(
    fields: &[async_graphql::Positioned<async_graphql::parser::types::FieldDefinition>],
    implements: &[async_graphql::Positioned<async_graphql::Name>],
) -> Vec<String> {
    let mut lines: Vec<String> = fields
        .iter()
        .map(|f| {
            let args: Vec<String> = f
                .node
                .arguments
                .iter()
                .map(|a| format!("{}: {}", a.node.name.node, a.node.ty.node))
                .collect();
            format!(
                "field {}({}): {}",
                f.node.name.node,
                args.join(", "),
                f.node.ty.node
            )
        })
        .collect();
    lines.extend(implements.iter().map(|i| format!("implements {}", i.node)));
    lines
}

fn shape_from_sdl(sdl: &str) -> Shape {
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};
    let doc = async_graphql::parser::parse_schema(sdl).expect("the committed SDL parses");
    let mut out = Shape::new();
    for def in doc.definitions {
        let TypeSystemDefinition::Type(t) = def else {
            continue;
        };
        let t = t.node;
        let (kind, mut lines) = match &t.kind {
            TypeKind::Scalar => ("SCALAR", vec![]),
            TypeKind::Object(o) => ("OBJECT", fields_and_interfaces(&o.fields, &o.implements)),
            TypeKind::Interface(o) => {
                ("INTERFACE", fields_and_interfaces(&o.fields, &o.implements))
            }
            TypeKind::Union(u) => (
                "UNION",
                u.members
                    .iter()
                    .map(|m| format!("member {}", m.node))
                    .collect(),
            ),
            TypeKind::Enum(e) => (
                "ENUM",
                e.values
                    .iter()
                    .map(|v| format!("value {}", v.node.value.node))
                    .collect(),
            ),
            TypeKind::InputObject(i) => (
                "INPUT_OBJECT",
                i.fields
                    .iter()
                    .map(|f| format!("input {}: {}", f.node.name.node, f.node.ty.node))
                    .collect(),
            ),
        };
        lines.sort();
        lines.insert(0, kind.to_owned());
        out.insert(t.name.node.to_string(), lines);
    }
    out
}

backend_tests! {
    /// graphql-js's `getIntrospectionQuery()` text, as GraphiQL, codegen, Apollo and Postman
    /// send it, answers on the Shop API (anyone) and the Admin API (signed-in callers), and the
    /// answer rebuilds the committed SDL type for type, field for field. Anonymous Admin API
    /// callers get no introspection, and the SDL is published for them instead.
    async fn the_standard_introspection_query_rebuilds_the_schema(app) {
        for (path, auth, file) in [
            ("/graphql", None, "schema/shop.graphql"),
            ("/admin-api/graphql", Some(app.operator_token.as_str()), "schema/admin.graphql"),
        ] {
            for get in [false, true] {
                let (status, body) = send(&app, get, path, STANDARD_INTROSPECTION_QUERY, None, auth).await;
                assert_eq!(status, 200, "{path}: {body}");
                assert!(body.get("errors").is_none(), "{path}: {body}");
                let committed = std::fs::read_to_string(repo_path(file)).unwrap();
                let rebuilt = shape_from_introspection(&body["data"]["__schema"]);
                let expected = shape_from_sdl(&committed);
                assert!(expected.len() > 20, "{file} has its types");
                for (name, lines) in &expected {
                    assert_eq!(rebuilt.get(name), Some(lines), "{path}: type {name}");
                }
                assert_eq!(rebuilt.len(), expected.len(), "{path}: the same set of types");
            }
        }

        for get in [false, true] {
            let (status, body) = send(&app, get, "/admin-api/graphql", STANDARD_INTROSPECTION_QUERY, None, None).await;
            assert_eq!(status, 400, "{body}");
            assert_eq!(code(&body), "INTROSPECTION_DISABLED");
            assert!(body["errors"][0]["message"].as_str().unwrap().contains("/admin-api/schema.graphql"));
            // A single `__type` through a fragment is introspection too.
            let (status, body) = send(&app, get, "/admin-api/graphql", "{ ...F } fragment F on Query { __type(name: \"Query\") { name } }", None, None).await;
            assert_eq!((status, code(&body)), (400, "INTROSPECTION_DISABLED"), "{body}");
        }
        // `__typename` is not introspection.
        let (status, body) = send(&app, false, "/admin-api/graphql", "{ __typename }", None, None).await;
        assert_eq!(status, 200, "{body}");

        for (path, file) in [("/admin-api/schema.graphql", "schema/admin.graphql"), ("/graphql/schema.graphql", "schema/shop.graphql")] {
            let resp = app.client.get(app.url(path)).send().await.unwrap();
            assert_eq!(resp.status().as_u16(), 200, "{path}");
            assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
            assert_eq!(resp.text().await.unwrap(), std::fs::read_to_string(repo_path(file)).unwrap(), "{path}");
        }
    }

    /// Introspection costs by what it returns: hundreds of aliases of `__schema`, many `__type`s,
    /// or a type's fields' types' fields recursively, are refused before execution.
    async fn introspection_is_costed_like_data(app) {
        let one = "__schema { types { name fields { name args { name } type { name } } } }";
        let aliases = |n: usize| -> String { format!("{{ {} }}", (0..n).map(|i| format!("a{i}: {one} ")).collect::<String>()) };
        let operator = app.operator_token.clone();

        // 300 aliases (23 KB): too many tokens to even parse, on both APIs, signed in or not.
        let huge = aliases(300);
        assert!(huge.len() > 20_000);
        for (path, auth) in [("/graphql", None), ("/admin-api/graphql", None), ("/admin-api/graphql", Some(operator.as_str()))] {
            let (status, body) = send(&app, false, path, &huge, None, auth).await;
            assert_eq!((status, code(&body)), (400, "TOO_MANY_TOKENS"), "{path}: {body}");
        }
        // 100 aliases parse, and are refused by their cost.
        for (path, auth, expected) in [
            ("/graphql", None, "QUERY_TOO_COMPLEX"),
            ("/admin-api/graphql", None, "INTROSPECTION_DISABLED"),
            ("/admin-api/graphql", Some(operator.as_str()), "QUERY_TOO_COMPLEX"),
        ] {
            let (status, body) = send(&app, false, path, &aliases(100), None, auth).await;
            assert_eq!((status, code(&body)), (400, expected), "{path}: {body}");
            assert!(body.get("data").is_none());
        }
        // Two copies are fine.
        let (status, body) = send(&app, false, "/graphql", &aliases(2), None, None).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["data"]["a1"]["types"].as_array().unwrap().len() > 20);

        // Eleven `__type`s are refused; three answer.
        let types = |n: usize| format!("{{ {} }}", (0..n).map(|i| format!("t{i}: __type(name: \"Product\") {{ name }} ")).collect::<String>());
        let (status, body) = send(&app, false, "/graphql", &types(11), None, None).await;
        assert_eq!((status, code(&body)), (400, "QUERY_TOO_COMPLEX"), "{body}");
        let (status, body) = send(&app, false, "/graphql", &types(3), None, None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["t2"]["name"], "Product");

        // Fields' types' fields, six times over: refused, through fragments too.
        let recursive = "{ __type(name: \"Query\") { fields { type { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } } }";
        let (status, body) = send(&app, false, "/graphql", recursive, None, None).await;
        assert_eq!((status, code(&body)), (400, "QUERY_TOO_COMPLEX"), "{body}");
        let via_fragments = "{ __type(name: \"Query\") { ...A } } fragment A on __Type { fields { type { ...B } } } fragment B on __Type { fields { type { ...C } } } fragment C on __Type { fields { type { ...D } } } fragment D on __Type { fields { type { ...E } } } fragment E on __Type { fields { type { fields { name } } } }";
        let (status, body) = send(&app, false, "/graphql", via_fragments, None, None).await;
        assert_eq!((status, code(&body)), (400, "QUERY_TOO_COMPLEX"), "{body}");
        still_serving(&app).await;
    }

    /// Documents too large or with too many tokens are refused before parsing; fragments that
    /// spread each other twice over are measured without spreading them; batches and foreign
    /// content types are refused at the door.
    async fn huge_documents_fragments_batches_and_content_types(app) {
        // 225 KB under the 256 KB body limit: refused for its size.
        let big = format!("{{ {} }}", (0..12_000).map(|i| format!("a{i}: __typename ")).collect::<String>());
        assert!(big.len() > 200_000 && big.len() < 250_000, "{}", big.len());
        let (status, body) = send(&app, false, "/graphql", &big, None, None).await;
        assert_eq!((status, code(&body)), (413, "DOCUMENT_TOO_LARGE"), "{body}");
        // 30 KB of short tokens: refused for their number.
        let many = format!("{{ {} }}", "a ".repeat(6_000));
        assert!(many.len() < 32 * 1024);
        let (status, body) = send(&app, false, "/graphql", &many, None, None).await;
        assert_eq!((status, code(&body)), (400, "TOO_MANY_TOKENS"), "{body}");
        // Comments are not tokens: a well-commented query of the same size is fine.
        let commented = format!("# {}\n{{ shop {{ name }} }}", "x".repeat(30_000));
        let (status, body) = send(&app, false, "/graphql", &commented, None, None).await;
        assert_eq!(status, 200, "{body}");

        // Fragments doubling 40 times: 2^40 fields once spread.
        let mut bomb = String::from("{ ...F0 }");
        for i in 0..40 {
            bomb.push_str(&format!(" fragment F{i} on Query {{ ...F{} ...F{} }}", i + 1, i + 1));
        }
        bomb.push_str(" fragment F40 on Query { shop { name } }");
        let started = std::time::Instant::now();
        let (status, body) = send(&app, false, "/graphql", &bomb, None, None).await;
        assert_eq!((status, code(&body)), (400, "QUERY_TOO_COMPLEX"), "{body}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "measured without expanding: {:?}", started.elapsed());
        // Beside harmless operations, under a name that matches none of them (or none at all),
        // the bomb is refused before validation walks every operation.
        let mut hidden = String::from("query A { ...F0 } query B { __typename } query C { __typename }");
        for i in 0..31 {
            hidden.push_str(&format!(" fragment F{i} on Query {{ ...F{} ...F{} }}", i + 1, i + 1));
        }
        hidden.push_str(" fragment F31 on Query { __typename }");
        for name in [Some("X"), None] {
            let started = std::time::Instant::now();
            let mut body = json!({ "query": hidden });
            if let Some(name) = name {
                body["operationName"] = json!(name);
            }
            let (status, body) = app.post_json("/graphql", body, &[]).await;
            assert_eq!((status, code(&body)), (400, "GRAPHQL_VALIDATION_FAILED"), "{name:?}: {body}");
            assert!(started.elapsed() < std::time::Duration::from_secs(5), "{name:?}: {:?}", started.elapsed());
        }
        let (status, body) = app
            .post_json("/graphql", json!({ "query": hidden, "operationName": "A" }), &[])
            .await;
        assert_eq!((status, code(&body)), (400, "QUERY_TOO_COMPLEX"), "{body}");
        // A fragment cycle is refused by validation, not by the stack.
        let (status, body) = send(&app, false, "/graphql", "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }", None, None).await;
        assert_eq!(status, 400, "{body}");

        // Batches and other content types.
        let (status, body) = app.client.post(app.url("/graphql")).header("content-type", "application/json")
            .body(r#"[{"query":"{ shop { name } }"},{"query":"{ shop { name } }"}]"#).send().await
            .map(|r| (r.status().as_u16(), r)).unwrap();
        assert_eq!(status, 400);
        assert_eq!(code(&body.json::<Value>().await.unwrap()), "BAD_REQUEST");
        for content_type in ["text/plain", "application/x-www-form-urlencoded", "application/graphql"] {
            let resp = app.client.post(app.url("/graphql")).header("content-type", content_type)
                .body("{ shop { name } }").send().await.unwrap();
            assert_eq!(resp.status().as_u16(), 415, "{content_type}");
        }
        // A JSON body nested 10,000 deep outside `variables` (in `extensions`) is refused too.
        let body = format!("{{\"query\":\"{{ shop {{ name }} }}\",\"extensions\":{}}}", nested("[", "]", DEEP, ""));
        let resp = app.client.post(app.url("/graphql")).header("content-type", "application/json").body(body).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 400);
        assert_eq!(code(&resp.json::<Value>().await.unwrap()), "VALUE_TOO_DEEP");
        still_serving(&app).await;
    }

    /// Documents that passed every check are kept and reused (`graphql.document_cache_size`),
    /// but what depends on the request is checked on every one: the same introspection document
    /// signed in and then anonymous, the same mutation over POST and then GET, the same query
    /// with good and then bad variables (refused exactly as a document never seen before), and
    /// a document that failed validation is refused every time it comes.
    async fn cached_documents_are_checked_again_for_each_request(app) {
        let types = "query Types { __schema { types { name } } }";
        let (status, body) = send(&app, false, "/admin-api/graphql", types, None, Some(app.operator_token.as_str())).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["data"]["__schema"]["types"].as_array().is_some_and(|t| t.len() > 20), "{body}");
        for get in [false, true] {
            let (status, body) = send(&app, get, "/admin-api/graphql", types, None, None).await;
            assert_eq!((status, code(&body)), (400, "INTROSPECTION_DISABLED"), "{body}");
        }

        let clear = "mutation Clear { cartClear { __typename } }";
        for _ in 0..2 {
            let (status, body) = send(&app, false, "/graphql", clear, None, None).await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(body["data"]["cartClear"]["__typename"], "CartPayload", "{body}");
        }
        let (status, body) = send(&app, true, "/graphql", clear, None, None).await;
        assert_eq!((status, code(&body)), (405, "METHOD_NOT_ALLOWED"), "{body}");

        let listing = "query List($first: Int!) { products(first: $first) { nodes { id } } }";
        let (status, body) = send(&app, false, "/graphql", listing, Some(r#"{"first":2}"#), None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["products"]["nodes"].as_array().map(Vec::len), Some(2), "{body}");
        for bad in [r#"{"first":"two"}"#, r#"{"first":100000}"#, r#"{}"#] {
            let cached = send(&app, false, "/graphql", listing, Some(bad), None).await;
            // One more space: a text never seen, parsed and checked from scratch.
            let fresh = send(&app, false, "/graphql", &format!("{listing} "), Some(bad), None).await;
            assert_ne!(code(&cached.1), "<none>", "{bad}: {}", cached.1);
            assert_eq!((cached.0, code(&cached.1)), (fresh.0, code(&fresh.1)), "{bad}: {} / {}", cached.1, fresh.1);
            assert_eq!(cached.1["data"], fresh.1["data"], "{bad}");
        }

        for _ in 0..3 {
            let (status, body) = send(&app, false, "/graphql", "query Nope { shop { nope } }", None, None).await;
            assert_eq!((status, code(&body)), (400, "GRAPHQL_VALIDATION_FAILED"), "{body}");
        }
        still_serving(&app).await;
    }
}
