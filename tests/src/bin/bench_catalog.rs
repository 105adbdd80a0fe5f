//! Storefront catalog load: requests per second and p50/p99 latency of the listing query (20
//! products with name, price, availability and a thumbnail URL) and the product-page query, and
//! beside them the drawn HTML pages a browser navigates to (the product page and the home page,
//! with head and body from the same domain queries), over HTTP against a catalog of 10,000
//! products, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL. Run it with `cargo xtask bench` (a release build); `BENCH_CLIENTS=N` sets the
//! number of concurrent clients (default 16).

use std::sync::Arc;
use std::time::{Duration, Instant};

use jangteo::access::audit::Actor;
use jangteo::catalog::ProductStatus;
use jangteo::catalog::editor;
use jangteo::catalog::input::{ChannelDraft, PriceDraft, ProductDraft, VariantDraft};
use jangteo::startup::Application;
use jangteo_tests::Backend;
use jangteo_tests::app::TestDatabase;
use serde_json::{Value, json};

const PRODUCTS: usize = 10_000;
/// Concurrent clients (`BENCH_CLIENTS` overrides).
fn clients() -> usize {
    std::env::var("BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16)
}
const RUN_FOR: Duration = Duration::from_secs(10);

const LISTING: &str = "query($after: String) { products(first: 20, after: $after) {
    nodes { slug name price { amount formatted } available thumbnail { url(size: LISTING) alt } }
    pageInfo { endCursor } } }";
const DETAIL: &str = "query($slug: String!) { product(slug: $slug) { name description contentHtml options
    price { formatted } variants { id sku selectedOptions { name value } price { formatted } availability }
    images { url alt } categories { slug name } } }";

/// Adds `PRODUCTS` products (two variants each, in the default channel) in batches.
async fn load_catalog(app: &Application) -> Vec<String> {
    let channel = app
        .db()
        .run(|c| jangteo::channel::service::resolve(c, &Default::default()))
        .await
        .expect("default channel");
    let actor = Actor {
        kind: "system",
        id: None,
        name: "bench".into(),
        ip: None,
    };
    let mut slugs = Vec::with_capacity(PRODUCTS);
    let started = Instant::now();
    for batch in 0..PRODUCTS / 500 {
        let drafts: Vec<ProductDraft> = (0..500)
            .map(|i| {
                let n = batch * 500 + i;
                let variant = |k: usize, amount: i64| VariantDraft {
                    id: None,
                    sku: format!("BENCH-{n}-{k}"),
                    option_values: vec![format!("{}개입", 10 * k)],
                    weight_grams: Some(300),
                    stock_quantity: (n % 7) as i64,
                    expected_stock: None,
                    sell_when_out_of_stock: false,
                    prices: vec![PriceDraft {
                        channel_id: channel.id,
                        amount,
                        compare_at: None,
                    }],
                    image: None,
                };
                ProductDraft {
                    name: format!("벤치 상품 {n} 현미 단백질 바"),
                    slug: Some(format!("bench-{n}")),
                    description: "부하 측정용 상품입니다.".into(),
                    status: ProductStatus::Active,
                    option_names: vec!["구성".into()],
                    category_ids: vec![],
                    channels: vec![ChannelDraft {
                        channel_id: channel.id,
                        published: true,
                    }],
                    variants: vec![
                        variant(1, 1_000 + (n as i64 * 37) % 50_000),
                        variant(2, 60_000),
                    ],
                    images: vec![],
                }
            })
            .collect();
        slugs.extend(drafts.iter().filter_map(|d| d.slug.clone()));
        let actor = actor.clone();
        app.db()
            .run(move |c| {
                editor::create_many(c, drafts, &actor)
                    .map_err(|e| jangteo::db::DbError::Corrupt(format!("{:?}", e.error)))
            })
            .await
            .expect("products load");
    }
    // Fresh statistics, as the database's own maintenance (PostgreSQL's autovacuum) would
    // gather after a bulk load; without them the planner guesses tiny tables.
    app.db()
        .run(|c| {
            use diesel::connection::SimpleConnection;
            c.batch_execute("ANALYZE")?;
            Ok::<_, jangteo::db::DbError>(())
        })
        .await
        .expect("analyze");
    eprintln!("loaded {PRODUCTS} products in {:.1?}", started.elapsed());
    slugs
}

/// What a benchmark client asks for.
enum Ask {
    /// A GraphQL request to the Shop API.
    Graphql(Value),
    /// A page navigation (`Accept: text/html`) to this path.
    Page(String),
}

/// Runs `clients()` clients for `RUN_FOR`, each sending the request `make(i)` makes; returns the
/// requests per second and the p50 and p99 latency in milliseconds.
async fn hammer(base: &str, make: Arc<dyn Fn(usize) -> Ask + Send + Sync>) -> (f64, f64, f64) {
    let client = reqwest::Client::new();
    let started = Instant::now();
    let clients = clients();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let (client, base, make) = (client.clone(), base.to_owned(), make.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut i = c;
                while started.elapsed() < RUN_FOR {
                    let t = Instant::now();
                    match make(i) {
                        Ask::Graphql(request) => {
                            let resp = client
                                .post(format!("{base}/graphql"))
                                .json(&request)
                                .send()
                                .await
                                .expect("request");
                            assert_eq!(resp.status(), 200);
                            let body: Value = resp.json().await.expect("json");
                            assert!(body.get("errors").is_none(), "{body}");
                        }
                        Ask::Page(path) => {
                            let resp = client
                                .get(format!("{base}{path}"))
                                .header("accept", "text/html")
                                .send()
                                .await
                                .expect("request");
                            assert_eq!(resp.status(), 200, "{path}");
                            let body = resp.text().await.expect("html");
                            assert!(body.contains("id=\"prerender\""), "{path}: not drawn");
                        }
                    }
                    latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                    i += clients;
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("client"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    (all.len() as f64 / elapsed, pct(0.50), pct(0.99))
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let mut backends = vec![("SQLite", Backend::Sqlite)];
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        backends.push(("PostgreSQL", Backend::Postgres));
    } else {
        eprintln!("TEST_DATABASE_URL is not set: SQLite only");
    }
    let mut rows = Vec::new();
    for (name, backend) in backends {
        let database = TestDatabase::new(backend);
        let mut config = database.config("unused");
        config.demo = false;
        config.http.workers = 0;
        config.database.pool_size = 16;
        config.jobs.worker = false;
        // The app shell the drawn pages are written into (the built bundle's `index.html` is
        // only its template).
        let shell = tempfile::tempdir().expect("temporary directory");
        std::fs::write(
            shell.path().join("index.html"),
            "<!doctype html><html lang=ko><head><meta charset=utf-8><title>Jangteo</title></head><body></body></html>",
        )
        .expect("shell written");
        config.web.storefront_dir = shell.path().to_path_buf();
        let app = Application::build(config).await.expect("server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        let url = format!("{base}/graphql");
        let slugs = Arc::new(load_catalog(&app).await);
        let server = tokio::spawn(app.run_until_stopped());
        // Cursors of the first 50 pages, so clients read across the catalog, not one page.
        let client = reqwest::Client::new();
        let mut cursors: Vec<Value> = vec![Value::Null];
        for _ in 0..50 {
            let body: Value = client
                .post(&url)
                .json(&json!({ "query": LISTING, "variables": { "after": cursors.last() } }))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            cursors.push(body["data"]["products"]["pageInfo"]["endCursor"].clone());
        }
        let cursors = Arc::new(cursors);
        let listing = hammer(
            &base,
            Arc::new(move |i| Ask::Graphql(json!({ "query": LISTING, "variables": { "after": cursors[i % cursors.len()] } }))),
        )
        .await;
        let detail_slugs = slugs.clone();
        let detail = hammer(
            &base,
            Arc::new(move |i| {
                let slug = &detail_slugs[(i * 7919) % detail_slugs.len()];
                Ask::Graphql(json!({ "query": DETAIL, "variables": { "slug": slug } }))
            }),
        )
        .await;
        let page_slugs = slugs.clone();
        let product_html = hammer(
            &base,
            Arc::new(move |i| {
                Ask::Page(format!(
                    "/products/{}",
                    page_slugs[(i * 7919) % page_slugs.len()]
                ))
            }),
        )
        .await;
        let home_html = hammer(&base, Arc::new(|_| Ask::Page("/".into()))).await;
        rows.push((name, "listing (20)", listing));
        rows.push((name, "product page", detail));
        rows.push((name, "HTML product", product_html));
        rows.push((name, "HTML home", home_html));
        server.abort();
    }
    println!(
        "\n{:<11} {:<13} {:>8} {:>9} {:>9}   ({} products, {} concurrent clients, {}s each)",
        "database",
        "query",
        "req/s",
        "p50 ms",
        "p99 ms",
        PRODUCTS,
        clients(),
        RUN_FOR.as_secs()
    );
    for (db, query, (rps, p50, p99)) in rows {
        println!("{db:<11} {query:<13} {rps:>8.0} {p50:>9.1} {p99:>9.1}");
    }
}
