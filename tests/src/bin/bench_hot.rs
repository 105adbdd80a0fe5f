//! The storefront's hot path as a load test measures it: the five operations of the hot-path
//! table (listing, product page, search, add to cart, view cart; the documents are below), each
//! by 32 connections in a closed loop (every connection sends its next request when the answer
//! to the last arrives) for 5 s of warm-up and 20 s of measure, against the release server run as
//! its own process (`jangteo serve --demo`, the demo shop grown to 53 products / 86 variants;
//! adds spread over 2,048 one-line carts so none reaches its cap, views over 128 of them), so
//! the CPU per request is the server's own, read from `/proc/PID/stat`, and the peak RSS from
//! `/proc/PID/status` (beside the RSS before the load: start-up's share). Then the listing and
//! the search again after one CSV import has grown the catalog to 10,000 products. SQLite, and
//! PostgreSQL too with `TEST_DATABASE_URL`.
//!
//! Run it with `cargo xtask bench` (which builds the release server first), or directly with
//! `JANGTEO_BIN=target/release/jangteo cargo run --release -p jangteo-tests --bin bench-hot`.
//! `BENCH_SECONDS=N` shortens the measure (for a quick look).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use jangteo_tests::Backend;
use jangteo_tests::app::{TestDatabase, repo_path};
use serde_json::{Value, json};

const CONNECTIONS: usize = 32;
const WARM_UP: Duration = Duration::from_secs(5);
const TOKEN: &str = "bench-operator-token";
/// The catalog's size in the hot-path table: the demo plus products up to this many.
const PRODUCTS: usize = 53;
/// The large catalog's size, for the listing and the search again.
const LARGE_CATALOG: usize = 10_000;
/// The carts viewed, one line each.
const CARTS: usize = 128;
/// The carts added to: so many that no line reaches its cap of 99 units during a run (128 carts
/// would refuse every add after about 12,500, which the warm-up alone sends).
const ADD_CARTS: usize = 2_048;
/// The kernel's clock ticks per second in `/proc/PID/stat` (`USER_HZ`, 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

const LISTING: &str = "query ProductList { products(first: 20) { nodes { id name slug \
    thumbnail { id url(size: LISTING) } variants { id sku price { amount currency } availability } } } }";
const PRODUCT: &str = "query ProductBySlug($slug: String!) { product(slug: $slug) { id name slug \
    description thumbnail { id url(size: DETAIL) } images { id url(size: DETAIL) } \
    categories { id slug name } variants { id sku price { amount currency } availability \
    selectedOptions { name value } } } }";
const SEARCH: &str = "query Search($term: String!) { products(first: 20, filter: { search: $term }) { \
    nodes { id name slug thumbnail { id url(size: LISTING) } price { amount currency } available } } }";
const CART_ADD: &str = "mutation AddToCart($cartToken: String!, $variantId: ID!, $quantity: Int!) { \
    cartLinesAdd(cartToken: $cartToken, lines: [{ variantId: $variantId, quantity: $quantity }]) { \
    cart { quantity subtotal { amount } total { amount } lines { id quantity lineTotal { amount } \
    variantId productName } } userErrors { code message } } }";
const CART_VIEW: &str = "query ActiveOrder($cartToken: String!) { cart(cartToken: $cartToken) { \
    quantity subtotal { amount } shippingFee { amount } total { amount } lines { id quantity \
    unitPrice { amount } lineTotal { amount } image { url(size: THUMBNAIL) } variantId productName sku } } }";
/// Korean words the demo's product names contain.
const WORDS: [&str; 5] = ["현미", "단백질", "차", "샐러드", "수프"];

/// `BENCH_ONLY=listing,search` runs only those rows (names as printed, spaces as `-`).
fn selected(name: &str) -> bool {
    std::env::var("BENCH_ONLY").map_or(true, |only| {
        only.split(',').any(|o| o.trim() == name.replace(' ', "-"))
    })
}

fn measure_for() -> Duration {
    Duration::from_secs(
        std::env::var("BENCH_SECONDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20),
    )
}

/// The server process, stopped (by its PID) when dropped.
struct Server {
    child: Child,
    base: String,
    _database: TestDatabase,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(backend: Backend) -> Server {
        let bin = std::env::var_os("JANGTEO_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo_path("target/release/jangteo"));
        assert!(
            bin.is_file(),
            "{} is missing: build it with `cargo build --release -p jangteo` (cargo xtask bench does)",
            bin.display()
        );
        let database = TestDatabase::new(backend);
        let config = database.config(TOKEN);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut command = Command::new(&bin);
        command
            .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(&config.data_dir)
            // The benchmark's own setting, not the server's (its `JANGTEO_` settings are strict).
            .env_remove("JANGTEO_BIN")
            .env("JANGTEO_ADMIN__OPERATOR_TOKEN", TOKEN)
            .env("JANGTEO_LOG__FILTER", "warn")
            .current_dir(repo_path(""))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(url) = &config.database.url {
            command.env("DATABASE_URL", url.expose());
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _database: database,
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's CPU time so far (user + system), from `/proc/PID/stat`.
    fn cpu(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).expect("stat");
        // The fields after the command name (which may hold spaces, inside parentheses).
        let fields: Vec<&str> = stat[stat.rfind(')').expect("comm") + 2..]
            .split(' ')
            .collect();
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        Duration::from_secs_f64(ticks as f64 / TICKS_PER_SECOND)
    }

    /// A number field of `/proc/PID/status` (`VmHWM`, `Threads`).
    fn status(&self, field: &str) -> f64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("status");
        status
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("{field} in /proc/PID/status"))
    }

    /// The server's peak resident memory in MB (`VmHWM`).
    fn peak_rss_mb(&self) -> f64 {
        self.status("VmHWM") / 1024.0
    }

    /// The server's resident memory now, in MB (`VmRSS`).
    fn rss_mb(&self) -> f64 {
        self.status("VmRSS") / 1024.0
    }
}

/// Sends a GraphQL request to `url` (with the operator's token when `as_operator`).
async fn post(
    client: &reqwest::Client,
    url: &str,
    as_operator: bool,
    query: &str,
    variables: Value,
) -> Value {
    let mut request = client
        .post(url)
        .json(&json!({ "query": query, "variables": variables }));
    if as_operator {
        request = request.bearer_auth(TOKEN);
    }
    request
        .send()
        .await
        .expect("an answer")
        .json()
        .await
        .expect("JSON")
}

/// Waits until the server answers, grows the catalog, waits for the pictures, and returns the
/// product slugs and the carts (token, variant) of the load.
async fn prepare(
    server: &Server,
    client: &reqwest::Client,
) -> (Vec<String>, Vec<(String, String)>) {
    let started = Instant::now();
    while client
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .map(|r| !r.status().is_success())
        .unwrap_or(true)
    {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the server did not become ready (run it by hand to see why)"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let shop = format!("{}/graphql", server.base);
    let admin = format!("{}/admin-api/graphql", server.base);
    let channels = post(client, &admin, true, "{ channels { id code } }", json!({})).await;
    let channel = channels["data"]["channels"][0]["id"].clone();
    let listed = post(
        client,
        &shop,
        false,
        "{ products(first: 100) { nodes { slug } } }",
        json!({}),
    )
    .await;
    let have = listed["data"]["products"]["nodes"]
        .as_array()
        .map_or(0, Vec::len);
    for n in have..PRODUCTS {
        // Two variants for every other product: 53 products, about 86 variants in all.
        let variants: Vec<Value> = (0..1 + n % 2 + usize::from(n % 5 == 0))
            .map(|k| {
                json!({ "sku": format!("BENCH-{n}-{k}"), "stock": 500,
                    "optionValues": [format!("{}개입", 10 * (k + 1))],
                    "prices": [{ "channel": channel, "amount": 9_900 + 100 * (n as i64) }] })
            })
            .collect();
        let answer = post(client, &admin, true, "mutation($input: ProductCreateInput!) { productCreate(input: $input) { userErrors { message } } }",
            json!({ "input": {
                "name": format!("벤치 현미 단백질 차 {n}"), "status": "ACTIVE",
                "options": ["구성"],
                "channels": [{ "channel": channel }],
                "variants": variants,
            }}),
        )
        .await;
        assert_eq!(
            answer["data"]["productCreate"]["userErrors"],
            json!([]),
            "{answer}"
        );
    }
    // The demo's pictures are resized in the background: wait for them, off the measure.
    loop {
        let media = post(
            client,
            &admin,
            true,
            "{ mediaLibrary(first: 100) { nodes { status } } }",
            json!({}),
        )
        .await;
        let nodes = media["data"]["mediaLibrary"]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if nodes.iter().all(|n| n["status"] != "PROCESSING") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "pictures not resized"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let listed = post(
        client,
        &shop,
        false,
        "{ products(first: 100) { nodes { slug variants { id sku } } } }",
        json!({}),
    )
    .await;
    let nodes = listed["data"]["products"]["nodes"]
        .as_array()
        .expect("products")
        .clone();
    let slugs: Vec<String> = nodes
        .iter()
        .take(10)
        .map(|p| p["slug"].as_str().unwrap().to_owned())
        .collect();
    let variants: Vec<String> = nodes
        .iter()
        .flat_map(|p| p["variants"].as_array().cloned().unwrap_or_default())
        // The benchmark's own variants, 500 in stock: an add is never refused for stock.
        .filter(|v| v["sku"].as_str().is_some_and(|s| s.starts_with("BENCH-")))
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    let mut carts = Vec::with_capacity(ADD_CARTS);
    let cart_rows = selected("add to cart") || selected("view cart");
    for i in 0..if cart_rows { ADD_CARTS } else { 0 } {
        let variant = variants[i % variants.len()].clone();
        let answer = post(client, &shop, false, "mutation($v: ID!) { cartLinesAdd(lines: [{ variantId: $v, quantity: 1 }]) { cartToken userErrors { message } } }",
            json!({ "v": variant }),
        )
        .await;
        let token = answer["data"]["cartLinesAdd"]["cartToken"]
            .as_str()
            .unwrap_or_else(|| panic!("a new cart: {answer}"))
            .to_owned();
        carts.push((token, variant));
    }
    (slugs, carts)
}

struct Row {
    name: &'static str,
    per_second: f64,
    p99_ms: f64,
    cpu_ms: f64,
    /// The server's threads at the end of the measure.
    threads: usize,
    /// Answers with GraphQL errors (none expected).
    errors: usize,
    /// Answers with user errors: a cart line at its cap of 99 refuses the next unit.
    refused: usize,
}

/// Runs `variables(i)` with `query` from every connection in a closed loop: a warm-up, then the
/// measure. Answers with GraphQL errors count as errors.
async fn run(
    server: &Server,
    client: &reqwest::Client,
    name: &'static str,
    query: &'static str,
    variables: Arc<dyn Fn(usize) -> Value + Send + Sync>,
) -> Row {
    let url = Arc::new(format!("{}/graphql", server.base));
    let counter = Arc::new(AtomicUsize::new(0));
    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (client, url, counter, measuring, stop, variables) = (
            client.clone(),
            url.clone(),
            counter.clone(),
            measuring.clone(),
            stop.clone(),
            variables.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let (mut errors, mut refused) = (0, 0);
            while !stop.load(Ordering::Relaxed) {
                let i = counter.fetch_add(1, Ordering::Relaxed);
                let body = json!({ "query": query, "variables": variables(i) });
                let sent = Instant::now();
                let answer = match client.post(url.as_str()).json(&body).send().await {
                    Ok(resp) => resp.bytes().await.ok(),
                    Err(_) => None,
                };
                let has = |needle: &[u8]| {
                    answer
                        .as_ref()
                        .is_some_and(|b| b.windows(needle.len()).any(|w| w == needle))
                };
                if measuring.load(Ordering::Relaxed) && !stop.load(Ordering::Relaxed) {
                    latencies.push(sent.elapsed());
                    if answer.is_none() || has(b"\"errors\":") {
                        errors += 1;
                    } else if has(b"\"userErrors\":[{") {
                        refused += 1;
                    }
                }
            }
            (latencies, errors, refused)
        }));
    }
    tokio::time::sleep(WARM_UP).await;
    let cpu_before = server.cpu();
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(measure_for()).await;
    stop.store(true, Ordering::Relaxed);
    let elapsed = started.elapsed();
    let cpu = server.cpu() - cpu_before;
    let threads = server.status("Threads") as usize;
    let mut latencies = Vec::new();
    let (mut errors, mut refused) = (0, 0);
    for task in tasks {
        let (l, e, r) = task.await.expect("a connection");
        latencies.extend(l);
        errors += e;
        refused += r;
    }
    latencies.sort();
    let count = latencies.len().max(1);
    let p99 = latencies[(count * 99 / 100).min(count - 1)];
    Row {
        name,
        per_second: count as f64 / elapsed.as_secs_f64(),
        p99_ms: p99.as_secs_f64() * 1e3,
        cpu_ms: cpu.as_secs_f64() * 1e3 / count as f64,
        threads,
        errors,
        refused,
    }
}

async fn bench(backend: Backend) {
    let server = Server::start(backend);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()
        .expect("client");
    let (slugs, carts) = prepare(&server, &client).await;
    // Before any load: what start-up (the demo's pictures drawn and resized) left resident.
    let idle_rss = server.rss_mb();
    let slugs = Arc::new(slugs);
    let carts = Arc::new(carts);
    type Variables = Arc<dyn Fn(usize) -> Value + Send + Sync>;
    let (s, c, v) = (slugs.clone(), carts.clone(), carts.clone());
    let operations: [(&'static str, &'static str, Variables); 5] = [
        ("listing", LISTING, Arc::new(|_| json!({}))),
        (
            "product page",
            PRODUCT,
            Arc::new(move |i| json!({ "slug": s[i % s.len()] })),
        ),
        (
            "search",
            SEARCH,
            Arc::new(|i| json!({ "term": WORDS[i % WORDS.len()] })),
        ),
        (
            "add to cart",
            CART_ADD,
            Arc::new(move |i| {
                let (token, variant) = &c[i % c.len()];
                json!({ "cartToken": token, "variantId": variant, "quantity": 1 })
            }),
        ),
        (
            "view cart",
            CART_VIEW,
            Arc::new(move |i| json!({ "cartToken": v[i % CARTS].0 })),
        ),
    ];
    let mut rows = Vec::new();
    for (name, query, variables) in &operations {
        if selected(name) {
            rows.push(run(&server, &client, name, query, variables.clone()).await);
        }
    }
    let backend_name = match backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    print_table(
        &format!("{backend_name}: {PRODUCTS} products, RSS before the load {idle_rss:.0} MB"),
        &server,
        &rows,
    );
    // The listing and the search again on a catalog of 10,000 products.
    if selected("listing") || selected("search") {
        grow(&server, &client).await;
        let mut rows = Vec::new();
        for (name, query, variables) in &operations {
            if matches!(*name, "listing" | "search") && selected(name) {
                rows.push(run(&server, &client, name, query, variables.clone()).await);
            }
        }
        print_table(
            &format!("{backend_name}: {LARGE_CATALOG} products"),
            &server,
            &rows,
        );
    }
}

fn print_table(title: &str, server: &Server, rows: &[Row]) {
    println!(
        "\n{title}, {CONNECTIONS} connections, {}s warm-up + {}s each, peak RSS {:.0} MB",
        WARM_UP.as_secs(),
        measure_for().as_secs(),
        server.peak_rss_mb()
    );
    println!(
        "{:<14} {:>9} {:>9} {:>16} {:>8} {:>7} {:>8}",
        "operation", "req/s", "p99 ms", "CPU ms/request", "threads", "errors", "refused"
    );
    for r in rows {
        println!(
            "{:<14} {:>9.0} {:>9.1} {:>16.3} {:>8} {:>7} {:>8}",
            r.name, r.per_second, r.p99_ms, r.cpu_ms, r.threads, r.errors, r.refused
        );
    }
}

/// Grows the catalog to [`LARGE_CATALOG`] products with one CSV import (the Admin API's
/// `productImportCsv`, a GraphQL multipart request). Names are drawn from a small vocabulary, so
/// each search word matches a share of them (a few hundred to a thousand), as in a real shop.
async fn grow(server: &Server, client: &reqwest::Client) {
    const ORIGIN: [&str; 10] = [
        "국산",
        "유기농",
        "제주",
        "강원",
        "해남",
        "무농약",
        "프리미엄",
        "데일리",
        "홈메이드",
        "전통",
    ];
    const ITEM: [&str; 20] = [
        "현미",
        "귀리",
        "단백질 바",
        "녹차",
        "보리차",
        "샐러드",
        "토마토 수프",
        "두유",
        "그래놀라",
        "견과",
        "사과",
        "배",
        "고구마",
        "감자",
        "김치",
        "된장",
        "고추장",
        "참기름",
        "들기름",
        "쌀",
    ];
    const FORM: [&str; 8] = [
        "선물세트",
        "1kg",
        "500g",
        "10개입",
        "30포",
        "대용량",
        "소포장",
        "실속형",
    ];
    let admin = format!("{}/admin-api/graphql", server.base);
    let channels = post(client, &admin, true, "{ channels { code } }", json!({})).await;
    let code = channels["data"]["channels"][0]["code"]
        .as_str()
        .expect("a channel")
        .to_owned();
    let mut csv = format!("slug,name,status,channels,sku,stock,price:{code}\n");
    for n in 0..LARGE_CATALOG - PRODUCTS {
        let name = format!(
            "{} {} {} {n}",
            ORIGIN[n % ORIGIN.len()],
            ITEM[(n / ORIGIN.len()) % ITEM.len()],
            FORM[(n * 7) % FORM.len()]
        );
        csv.push_str(&format!(
            "bulk-{n},{name},active,{code},BULK-{n},100,{}\n",
            1_000 + 10 * (n % 5_000)
        ));
    }
    let (content_type, body) = jangteo_tests::app::multipart_request(
        "mutation($f: Upload!) { productImportCsv(file: $f) { applied created rowErrors { row message } userErrors { message } } }",
        json!({ "f": null }),
        csv.as_bytes(),
        "products.csv",
    );
    let answer: Value = client
        .post(&admin)
        .bearer_auth(TOKEN)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("an answer")
        .json()
        .await
        .expect("JSON");
    let report = &answer["data"]["productImportCsv"];
    assert_eq!(report["applied"], true, "{answer}");
    assert_eq!(
        report["created"].as_u64(),
        Some((LARGE_CATALOG - PRODUCTS) as u64),
        "{answer}"
    );
    // Every search word finds a full page.
    let shop = format!("{}/graphql", server.base);
    for word in WORDS {
        let found = post(client, &shop, false, SEARCH, json!({ "term": word })).await;
        let nodes = found["data"]["products"]["nodes"]
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(nodes, 20, "{word}: {found}");
    }
}

#[tokio::main]
async fn main() {
    bench(Backend::Sqlite).await;
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        bench(Backend::Postgres).await;
    } else {
        println!("(TEST_DATABASE_URL is not set: SQLite only)");
    }
}
