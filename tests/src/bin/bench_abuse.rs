//! What abusive GraphQL requests cost the server: the time to refuse each kind (over HTTP, and
//! for the document pre-scan alone), and the latency of an ordinary storefront query while 20
//! senders of abusive requests run. Run it with `cargo xtask bench` (a release build).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use jangteo::graphql::limits::{self, DocumentLimits};
use jangteo::startup::Application;
use jangteo_tests::Backend;
use jangteo_tests::app::TestDatabase;

const NORMAL: &str = "{ shop { name } products(first: 5) { nodes { name price { formatted } } } }";
const SENDERS: usize = 20;
const MEASURE_FOR: Duration = Duration::from_secs(5);

fn nested(open: &str, close: &str, n: usize, inner: &str) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

fn body(query: &str, variables: Option<&str>) -> String {
    let mut b = format!("{{\"query\":{}", serde_json::to_string(query).unwrap());
    if let Some(v) = variables {
        b.push_str(",\"variables\":");
        b.push_str(v);
    }
    b.push('}');
    b
}

/// The abusive requests, each with the code it must be refused with.
fn abuses() -> Vec<(&'static str, String, &'static str)> {
    let introspection = |n: usize| {
        format!(
            "{{ {} }}",
            (0..n)
                .map(|i| format!("a{i}: __schema {{ types {{ name fields {{ name args {{ name }} type {{ name }} }} }} }} "))
                .collect::<String>()
        )
    };
    let mut bomb = String::from("{ ...F0 }");
    for i in 0..40 {
        bomb.push_str(&format!(
            " fragment F{i} on Query {{ ...F{} ...F{} }}",
            i + 1,
            i + 1
        ));
    }
    bomb.push_str(" fragment F40 on Query { shop { name } }");
    let huge = format!(
        "{{ {} }}",
        (0..12_000)
            .map(|i| format!("a{i}: __typename "))
            .collect::<String>()
    );
    vec![
        (
            "list nested 10,000 deep in an argument (20 KB)",
            body(
                &format!(
                    "{{ products(first: {}) {{ nodes {{ id }} }} }}",
                    nested("[", "]", 10_000, "1")
                ),
                None,
            ),
            "VALUE_TOO_DEEP",
        ),
        (
            "variables JSON nested 10,000 deep",
            body(
                "query($v: [Int]) { __typename }",
                Some(&format!("{{\"v\":{}}}", nested("[", "]", 10_000, "1"))),
            ),
            "VALUE_TOO_DEEP",
        ),
        (
            "300 aliases of __schema (23 KB)",
            body(&introspection(300), None),
            "TOO_MANY_TOKENS",
        ),
        (
            "100 aliases of __schema (8 KB)",
            body(&introspection(100), None),
            "QUERY_TOO_COMPLEX",
        ),
        ("225 KB document", body(&huge, None), "DOCUMENT_TOO_LARGE"),
        (
            "fragments doubling 40 times",
            body(&bomb, None),
            "QUERY_TOO_COMPLEX",
        ),
    ]
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn post(client: &reqwest::Client, url: &str, body: String) -> (u16, String) {
    let resp = client
        .post(url)
        .header("content-type", "application/json")
        .header("accept", "application/graphql-response+json")
        .body(body)
        .send()
        .await
        .expect("the server answers");
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

/// Latencies (ms, sorted) of the ordinary query from one client for `MEASURE_FOR`.
async fn normal_latencies(client: &reqwest::Client, url: &str) -> Vec<f64> {
    let mut all = Vec::new();
    let started = Instant::now();
    while started.elapsed() < MEASURE_FOR {
        let t = Instant::now();
        let (status, text) = post(client, url, body(NORMAL, None)).await;
        assert_eq!(status, 200, "{text}");
        all.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    all.sort_by(f64::total_cmp);
    all
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    // The pre-scan alone, in process: what a refused document costs before any parsing.
    let config = jangteo::config::GraphqlConfig::default();
    let doc_limits = DocumentLimits::from(&config);
    let huge = format!("{{ {} }}", "a0: __typename ".repeat(15_000));
    let roomy = DocumentLimits {
        max_bytes: usize::MAX,
        ..doc_limits
    };
    for (what, doc, limits) in [
        ("225 KB document, size check", &huge, doc_limits),
        ("225 KB document, read to the token limit", &huge, roomy),
        (
            "standard introspection query (accepted)",
            &limits::STANDARD_INTROSPECTION_QUERY.to_owned(),
            doc_limits,
        ),
    ] {
        let runs = 2_000;
        let t = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(limits::prescan_document(std::hint::black_box(doc), &limits)).ok();
        }
        println!(
            "pre-scan: {what}: {:.4} ms",
            t.elapsed().as_secs_f64() * 1000.0 / runs as f64
        );
    }

    let database = TestDatabase::new(Backend::Sqlite);
    let mut config = database.config("unused");
    config.demo = true;
    config.demo_images = false;
    config.http.workers = 0;
    config.jobs.worker = false;
    let app = Application::build(config).await.expect("server starts");
    let url = Arc::new(format!("http://127.0.0.1:{}/graphql", app.port()));
    let server = tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();

    println!("\n| abusive request | code | refused in p50 ms | p95 ms |");
    println!("|---|---|---|---|");
    let abuses = Arc::new(abuses());
    for (what, request, expected) in abuses.iter() {
        let mut times = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            let (status, text) = post(&client, &url, request.clone()).await;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!((400..500).contains(&status), "{what}: {status} {text}");
            assert!(text.contains(expected), "{what}: {text}");
        }
        times.sort_by(f64::total_cmp);
        println!(
            "| {what} | {expected} | {:.2} | {:.2} |",
            pct(&times, 0.5),
            pct(&times, 0.95)
        );
    }

    let quiet = normal_latencies(&client, &url).await;
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let senders: Vec<_> = (0..SENDERS)
        .map(|i| {
            let (url, abuses, stop, sent) =
                (url.clone(), abuses.clone(), stop.clone(), sent.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut n = i;
                while !stop.load(Ordering::Relaxed) {
                    let (_, request, _) = &abuses[n % abuses.len()];
                    let (status, _) = post(&client, &url, request.clone()).await;
                    assert!((400..500).contains(&status));
                    sent.fetch_add(1, Ordering::Relaxed);
                    n += 1;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = sent.load(Ordering::Relaxed);
    let loaded = normal_latencies(&client, &url).await;
    let abusive_rate = (sent.load(Ordering::Relaxed) - before) as f64 / MEASURE_FOR.as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for s in senders {
        s.await.unwrap();
    }
    println!("\n| ordinary query | p50 ms | p95 ms | p99 ms |");
    println!("|---|---|---|---|");
    println!(
        "| alone | {:.2} | {:.2} | {:.2} |",
        pct(&quiet, 0.5),
        pct(&quiet, 0.95),
        pct(&quiet, 0.99)
    );
    println!(
        "| with {SENDERS} abusive senders ({abusive_rate:.0} refusals/s) | {:.2} | {:.2} | {:.2} |",
        pct(&loaded, 0.5),
        pct(&loaded, 0.95),
        pct(&loaded, 0.99)
    );
    server.abort();
    drop(database);
}
