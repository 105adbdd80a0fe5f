//! [`TestApp`]: one running server per test, torn down (server stopped, database dropped) when
//! the value is dropped.

use std::path::PathBuf;

use diesel::{Connection, PgConnection, RunQueryDsl};
use jangteo::config::{Config, Secret};
use jangteo::db::Db;
use jangteo::startup::Application;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::{Value, json};

/// Environment variable with a PostgreSQL URL; each test gets its own schema in that database.
pub const TEST_DATABASE_URL: &str = "TEST_DATABASE_URL";
/// Accept header of a current GraphQL-over-HTTP client.
pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server for one test.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    pub port: u16,
    pub client: reqwest::Client,
    /// The operator token configured for the Admin API.
    pub operator_token: String,
    pub db: Db,
    pub backend: Backend,
    /// The clock the server's sign-in rules read; `advance` it to expire tokens or wait out
    /// back-off without sleeping.
    pub clock: jangteo::access::Clock,
    handle: jangteo::startup::ServerHandle,
    database: Option<TestDatabase>,
}

/// A fresh, empty database for one test: a SQLite file in a temporary directory, or a private
/// schema in the PostgreSQL database of `TEST_DATABASE_URL`. Dropped with the value.
pub struct TestDatabase {
    pub(crate) dir: tempfile::TempDir,
    pg_schema: Option<PgSchema>,
}

impl TestDatabase {
    pub fn new(backend: Backend) -> TestDatabase {
        TestDatabase {
            dir: tempfile::tempdir().expect("temp dir"),
            pg_schema: (backend == Backend::Postgres).then(PgSchema::create),
        }
    }

    /// A server configuration over this database: a free port, one worker, demo data, the
    /// built app bundles, and `operator_token` for the Admin API.
    pub fn config(&self, operator_token: &str) -> Config {
        let mut config = Config {
            bind: "127.0.0.1:0".into(),
            data_dir: self.dir.path().to_path_buf(),
            demo: true,
            // The demo's pictures cost seconds per server; media tests upload their own.
            demo_images: false,
            ..Config::default()
        };
        config.http.workers = 1;
        config.http.shutdown_timeout_secs = 1;
        config.database.pool_size = 4;
        config.database.url = self
            .pg_schema
            .as_ref()
            .map(|schema| Secret::new(schema.url.clone()));
        config.admin.operator_token = Some(Secret::new(operator_token.to_owned()));
        config.web.storefront_dir = repo_path("storefront/dist");
        config.web.admin_dir = repo_path("admin/dist");
        config
    }
}

impl TestApp {
    /// A server with the demo shop loaded.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    /// A server whose configuration `customize` may change first (demo data is on by default).
    pub async fn spawn_with(backend: Backend, customize: impl FnOnce(&mut Config)) -> TestApp {
        // `TEST_LOG=debug` (any filter) shows the servers' logs, for a failing test.
        static LOGS: std::sync::Once = std::sync::Once::new();
        if let Ok(filter) = std::env::var("TEST_LOG") {
            LOGS.call_once(|| {
                let config = jangteo::config::LogConfig {
                    filter,
                    ..jangteo::config::LogConfig::default()
                };
                let _ = jangteo::telemetry::init(&config);
            });
        }
        let database = TestDatabase::new(backend);
        let operator_token = format!("test-operator-{}", uuid::Uuid::new_v4().simple());
        let mut config = database.config(&operator_token);
        customize(&mut config);
        let clock = jangteo::access::Clock::system();
        let app = Application::build_with_clock(config, clock.clone())
            .await
            .expect("server starts");
        let port = app.port();
        let db = app.db().clone();
        let handle = app.handle();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address: format!("http://127.0.0.1:{port}"),
            port,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                // Well under the server's keep-alive, so the client never reuses a connection
                // the server is closing at that moment.
                .pool_idle_timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("http client"),
            operator_token,
            db,
            backend,
            clock,
            handle,
            database: Some(database),
        }
    }

    /// The server's data directory (SQLite file, outbox).
    pub fn data_dir(&self) -> &std::path::Path {
        self.database
            .as_ref()
            .map(|d| d.dir.path())
            .expect("the database lives as long as the app")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Waits (up to 30 s) until job `id` satisfies `done`, and returns it.
    pub async fn wait_for_job(
        &self,
        id: i64,
        done: impl Fn(&jangteo::jobs::model::JobRow) -> bool,
    ) -> jangteo::jobs::model::JobRow {
        let mut last = None;
        for _ in 0..300 {
            let job = self
                .db
                .run(move |c| jangteo::jobs::store::get(c, id))
                .await
                .expect("job exists");
            if done(&job) {
                return job;
            }
            last = Some(job);
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("job {id} did not get there: {last:?}");
    }

    /// POSTs a GraphQL request to the Shop API; returns the status and the JSON body.
    pub async fn shop_raw(&self, query: &str, variables: Value) -> (u16, Value) {
        self.post_json(
            "/graphql",
            json!({ "query": query, "variables": variables }),
            &[],
        )
        .await
    }

    /// POSTs a GraphQL request to the Shop API and returns the JSON body, expecting HTTP 200.
    pub async fn shop(&self, query: &str, variables: Value) -> Value {
        let (status, body) = self.shop_raw(query, variables).await;
        assert_eq!(status, 200, "Shop API answered {status}: {body}");
        body
    }

    /// POSTs a GraphQL request to the Admin API with the operator token; expects HTTP 200.
    pub async fn admin(&self, query: &str, variables: Value) -> Value {
        let auth = format!("Bearer {}", self.operator_token);
        let (status, body) = self
            .post_json(
                "/admin-api/graphql",
                json!({ "query": query, "variables": variables }),
                &[("authorization", auth.as_str())],
            )
            .await;
        assert_eq!(status, 200, "Admin API answered {status}: {body}");
        body
    }

    /// POSTs a GraphQL request to the Admin API with `Authorization: Bearer token` (or none);
    /// returns the status and the JSON body.
    pub async fn admin_as(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        self.graphql_as("/admin-api/graphql", token, query, variables)
            .await
    }

    /// POSTs a GraphQL multipart request (the GraphQL multipart request spec) to the Admin API
    /// with `Authorization: Bearer token` (or none), `file` being the variable `f`.
    pub async fn admin_multipart_as(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
        file: &[u8],
        file_name: &str,
    ) -> (u16, Value) {
        let (content_type, body) = multipart_request(query, variables, file, file_name);
        let mut req = self
            .client
            .post(self.url("/admin-api/graphql"))
            .header(CONTENT_TYPE, content_type)
            .body(body);
        if let Some(token) = token {
            req = req.header("authorization", format!("Bearer {token}"));
        }
        let resp = req.send().await.expect("request sent");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("response is not JSON ({e}); status {status}: {text}"));
        (status, json)
    }

    /// POSTs a GraphQL request to the Shop API with `Authorization: Bearer token` (or none).
    pub async fn shop_as(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        self.graphql_as("/graphql", token, query, variables).await
    }

    async fn graphql_as(
        &self,
        path: &str,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        let auth = token.map(|t| format!("Bearer {t}"));
        let headers: Vec<(&str, &str)> = auth
            .as_deref()
            .map(|a| vec![("authorization", a)])
            .unwrap_or_default();
        self.post_json(
            path,
            json!({ "query": query, "variables": variables }),
            &headers,
        )
        .await
    }

    /// Moves the server's clock to one second into the next 30-second TOTP step, so a test that
    /// computes codes has the whole step before a boundary shifts the window.
    pub fn align_to_totp_step(&self) {
        let ms = self.clock.now_utc().timestamp_millis().rem_euclid(30_000);
        self.clock
            .advance(chrono::Duration::milliseconds(30_000 - ms + 1_000));
    }

    /// Waits (up to 30 s) for an email to `to` in the outbox whose text contains `needle`, and
    /// returns its plain-text body.
    pub async fn wait_for_email(&self, to: &str, needle: &str) -> String {
        self.wait_for_emails(to, needle, 1).await.swap_remove(0)
    }

    /// Waits (up to 30 s) for `count` emails to `to` in the outbox whose text contains `needle`,
    /// and returns the plain-text bodies of all those there are then.
    pub async fn wait_for_emails(&self, to: &str, needle: &str, count: usize) -> Vec<String> {
        let outbox = self.data_dir().join("outbox");
        for _ in 0..300 {
            let mut found = Vec::new();
            if let Ok(dir) = std::fs::read_dir(&outbox) {
                for entry in dir.flatten() {
                    let Ok(raw) = std::fs::read(entry.path()) else {
                        continue;
                    };
                    let Ok(mail) = mailparse::parse_mail(&raw) else {
                        continue;
                    };
                    let addressed = mail.headers.iter().any(|h| {
                        h.get_key_ref().eq_ignore_ascii_case("to") && h.get_value().contains(to)
                    });
                    let text = mail
                        .subparts
                        .iter()
                        .find(|p| p.ctype.mimetype == "text/plain")
                        .and_then(|p| p.get_body().ok())
                        .unwrap_or_default();
                    if addressed && text.contains(needle) {
                        found.push(text);
                    }
                }
            }
            if found.len() >= count {
                return found;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("fewer than {count} emails to {to} containing {needle:?} arrived");
    }

    /// POSTs `body` as `application/json` to `path` with extra headers, asking for
    /// `application/graphql-response+json`.
    pub async fn post_json(
        &self,
        path: &str,
        body: Value,
        headers: &[(&str, &str)],
    ) -> (u16, Value) {
        let mut req = self
            .client
            .post(self.url(path))
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, GRAPHQL_RESPONSE_JSON)
            .body(body.to_string());
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let resp = req.send().await.expect("request sent");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("response is not JSON ({e}); status {status}: {text}"));
        (status, json)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Sends the stop command at once; the returned future only waits for completion.
        drop(self.handle.stop(false));
        drop(self.database.take());
    }
}

/// A path in the repository (the tests crate lives one level below its root).
pub fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(rel)
}

/// A PostgreSQL schema private to one test, dropped afterwards.
struct PgSchema {
    base_url: String,
    name: String,
    url: String,
}

impl PgSchema {
    fn create() -> PgSchema {
        let base_url = std::env::var(TEST_DATABASE_URL).unwrap_or_else(|_| {
            panic!(
                "{TEST_DATABASE_URL} is not set: PostgreSQL tests need a database, e.g. \
                 {TEST_DATABASE_URL}=postgres://postgres@127.0.0.1:5432/test"
            )
        });
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::establish(&base_url)
            .unwrap_or_else(|e| panic!("cannot connect to {TEST_DATABASE_URL}: {e}"));
        diesel::sql_query(format!("CREATE SCHEMA {name}"))
            .execute(&mut conn)
            .expect("create test schema");
        let sep = if base_url.contains('?') { '&' } else { '?' };
        let url = format!("{base_url}{sep}options=-csearch_path%3D{name}");
        PgSchema {
            base_url,
            name,
            url,
        }
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut conn) = PgConnection::establish(&self.base_url) {
            let _ = diesel::sql_query(format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name))
                .execute(&mut conn);
        }
    }
}

/// A GraphQL multipart request (the GraphQL multipart request spec) whose one file is the
/// variable `f`: its content type (with the boundary) and body.
pub fn multipart_request(
    query: &str,
    variables: Value,
    file: &[u8],
    file_name: &str,
) -> (String, Vec<u8>) {
    let boundary = "jangteo-test-boundary-7d1f";
    let operations = json!({ "query": query, "variables": variables });
    let mut body = Vec::new();
    let mut part = |headers: &str, content: &[u8]| {
        body.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n\r\n").as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    };
    part(
        "Content-Disposition: form-data; name=\"operations\"",
        operations.to_string().as_bytes(),
    );
    part(
        "Content-Disposition: form-data; name=\"map\"",
        br#"{"0":["variables.f"]}"#,
    );
    part(
        &format!(
            "Content-Disposition: form-data; name=\"0\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream"
        ),
        file,
    );
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
