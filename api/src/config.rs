//! Typed configuration: defaults that run the demo, an optional TOML file, `JANGTEO_*`
//! environment overrides, then command-line flags (each layer overrides the one before).
//!
//! Unknown keys are rejected in every layer, so a typo never silently falls back to a default.
//! Environment variables map onto keys with `__` between sections:
//! `JANGTEO_GRAPHQL__MAX_DEPTH=12` sets `[graphql] max_depth = 12`. `DATABASE_URL` is accepted as
//! an alias of `JANGTEO_DATABASE__URL`. Secrets are wrapped in [`Secret`], whose `Debug` output is
//! redacted, so logging the whole configuration is safe.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Deserializer};

/// Environment variable prefix for configuration overrides.
pub const ENV_PREFIX: &str = "JANGTEO_";
/// Environment variable naming the configuration file (also `--config`).
pub const CONFIG_FILE_ENV: &str = "JANGTEO_CONFIG";

/// The whole server configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address the HTTP server listens on.
    pub bind: String,
    /// Directory for the SQLite database and local files.
    pub data_dir: PathBuf,
    /// Load the demo shop (two channels, a healthy-food catalog) into an empty database at start.
    #[serde(deserialize_with = "lenient")]
    pub demo: bool,
    /// With `demo`: draw a picture for each demo product (stored through the media library).
    #[serde(deserialize_with = "lenient")]
    pub demo_images: bool,
    /// Where people reach this installation (scheme, host, port; no path), for links in emails.
    pub public_url: String,
    pub database: DatabaseConfig,
    pub http: HttpConfig,
    pub graphql: GraphqlConfig,
    pub web: WebConfig,
    pub log: LogConfig,
    pub admin: AdminConfig,
    pub auth: AuthConfig,
    pub jobs: JobsConfig,
    pub mail: MailConfig,
    pub sms: SmsConfig,
    pub media: MediaConfig,
    pub payments: PaymentsConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            demo: false,
            demo_images: true,
            public_url: "http://127.0.0.1:8080".into(),
            database: DatabaseConfig::default(),
            http: HttpConfig::default(),
            graphql: GraphqlConfig::default(),
            web: WebConfig::default(),
            log: LogConfig::default(),
            admin: AdminConfig::default(),
            auth: AuthConfig::default(),
            jobs: JobsConfig::default(),
            media: MediaConfig::default(),
            mail: MailConfig::default(),
            sms: SmsConfig::default(),
            payments: PaymentsConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `postgres://…` for PostgreSQL, `sqlite://PATH` for a SQLite file; unset means
    /// `DATA_DIR/jangteo.db`.
    pub url: Option<Secret<String>>,
    /// Connections in the pool.
    #[serde(deserialize_with = "lenient")]
    pub pool_size: u32,
    /// Seconds to wait for a free connection (and for PostgreSQL to answer at start-up).
    #[serde(deserialize_with = "lenient")]
    pub connect_timeout_secs: u64,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            url: None,
            pool_size: 8,
            connect_timeout_secs: 5,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Worker threads; 0 means one per CPU core.
    #[serde(deserialize_with = "lenient")]
    pub workers: usize,
    /// Seconds in-flight requests get to finish after a shutdown signal.
    #[serde(deserialize_with = "lenient")]
    pub shutdown_timeout_secs: u64,
    /// Seconds an idle keep-alive connection stays open; 0 closes each connection after its
    /// response. Keep it above a reverse proxy's own idle timeout (60 s for many), so the proxy
    /// never sends a request on a connection the server is closing.
    #[serde(deserialize_with = "lenient")]
    pub keep_alive_secs: u64,
    /// Largest accepted GraphQL request body, in bytes.
    #[serde(deserialize_with = "lenient")]
    pub max_body_bytes: usize,
    /// Behind a reverse proxy: take the client's address from the last `X-Forwarded-For` entry
    /// (the one the proxy added) for login throttling, webhook limits and the audit log. Leave
    /// off when clients connect directly, or they could claim any address.
    #[serde(deserialize_with = "lenient")]
    pub trust_forwarded_for: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            workers: 0,
            shutdown_timeout_secs: 30,
            keep_alive_secs: 75,
            max_body_bytes: 256 * 1024,
            trust_forwarded_for: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GraphqlConfig {
    /// Deepest selection nesting a query may have.
    #[serde(deserialize_with = "lenient")]
    pub max_depth: usize,
    /// Largest query cost: each field costs 1, a list field costs `first` × its items' cost.
    #[serde(deserialize_with = "lenient")]
    pub max_complexity: usize,
    /// Serve the GraphiQL explorer on `GET` from a browser.
    #[serde(deserialize_with = "lenient")]
    pub graphiql: bool,
    /// Where GraphiQL's page loads its pinned scripts and styles (`graphiql@3.8.3`,
    /// `react@18.3.1`, `react-dom@18.3.1`, laid out as unpkg.com does; Subresource Integrity
    /// checks every byte): a mirror for networks without unpkg.com.
    pub graphiql_assets_url: String,
    /// Largest GraphQL document (the `query` text), refused before parsing.
    #[serde(deserialize_with = "lenient")]
    pub max_document_bytes: usize,
    /// Most tokens a document may have, refused before parsing.
    #[serde(deserialize_with = "lenient")]
    pub max_tokens: usize,
    /// Deepest nesting of a list or object value (arguments, variable defaults, variables).
    #[serde(deserialize_with = "lenient")]
    pub max_value_depth: usize,
    /// Most parsed and checked documents kept for reuse (least recently used first out);
    /// 0 parses every request's document.
    #[serde(deserialize_with = "lenient")]
    pub document_cache_size: usize,
}

impl Default for GraphqlConfig {
    fn default() -> Self {
        GraphqlConfig {
            max_depth: 12,
            max_complexity: 5_000,
            graphiql: true,
            graphiql_assets_url: "https://unpkg.com".into(),
            max_document_bytes: 32 * 1024,
            max_tokens: 5_000,
            max_value_depth: 32,
            document_cache_size: 512,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebConfig {
    /// The storefront's built bundle (Trunk's `dist`), served at `/`.
    pub storefront_dir: PathBuf,
    /// The admin's built bundle, served at `/admin/`.
    pub admin_dir: PathBuf,
    /// The postal-code search checkout offers where a channel turns it on.
    pub postcode: PostcodeConfig,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            storefront_dir: PathBuf::from("storefront/dist"),
            admin_dir: PathBuf::from("admin/dist"),
            postcode: PostcodeConfig::default(),
        }
    }
}

/// Kakao's postcode service (우편번호 서비스): a script the storefront loads when the shopper
/// opens the search, which draws its search in a frame of its own origin and hands back the
/// chosen address (`new kakao.Postcode({ oncomplete }).embed(element)`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PostcodeConfig {
    /// The service's script.
    pub script_url: String,
    /// Origins the service's frames load from, allowed by the storefront's
    /// Content-Security-Policy in channels that use the search; `script_url`'s origin is always
    /// allowed. From the environment: separated by commas.
    #[serde(deserialize_with = "string_list")]
    pub frame_sources: Vec<String>,
}

impl Default for PostcodeConfig {
    fn default() -> Self {
        PostcodeConfig {
            script_url: "https://t1.kakaocdn.net/mapjsapi/bundle/postcode/prod/postcode.v2.js"
                .into(),
            // The search moved from postcode.map.daum.net, which still redirects to it.
            frame_sources: vec![
                "https://postcode.map.kakao.com".into(),
                "https://postcode.map.daum.net".into(),
            ],
        }
    }
}

impl PostcodeConfig {
    /// What the Content-Security-Policy must allow for the search: `script_url`'s origin (its
    /// script) and `frame_sources` (its frames).
    pub fn csp_sources(&self) -> (String, Vec<String>) {
        let script = url::Url::parse(&self.script_url)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default();
        (script, self.frame_sources.clone())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// `tracing` filter directives, e.g. `info,jangteo=debug`. `RUST_LOG` overrides it.
    pub filter: String,
    pub format: LogFormat,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            filter: "info".into(),
            format: LogFormat::Text,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminConfig {
    /// A bearer token that gives full Admin API access to operators' scripts. Unset (the default)
    /// disables it. Staff sign in through their own accounts instead.
    pub operator_token: Option<Secret<String>>,
}

/// Sign-in of shoppers and staff.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    /// The installation's secret (at least 32 characters) from which the JWT signing key and
    /// the key that encrypts staff TOTP secrets are derived. Unset: a random one is created once
    /// in `DATA_DIR/secret.key`. Every server process of one shop must share it.
    pub secret_key: Option<Secret<String>>,
    /// Lifetime of a shopper's access token (JWT), in seconds; at most 900.
    #[serde(deserialize_with = "lenient")]
    pub access_token_secs: u32,
    /// Lifetime of a shopper's refresh token, in days.
    #[serde(deserialize_with = "lenient")]
    pub refresh_token_days: u32,
    /// A refresh token presented again within this many seconds of its own rotation (two tabs
    /// refreshing at once, a retried request) gets a session of the same family instead of
    /// revoking it as a copied token; `0` turns the grace off. At most 60.
    #[serde(deserialize_with = "lenient")]
    pub refresh_grace_secs: u32,
    /// Lifetime of a staff session, in hours.
    #[serde(deserialize_with = "lenient")]
    pub staff_session_hours: u32,
    /// Failed logins from one IP address allowed before that address is slowed down too.
    #[serde(deserialize_with = "lenient")]
    pub ip_free_failures: u32,
    /// Longest wait imposed after failed logins, in seconds.
    #[serde(deserialize_with = "lenient")]
    pub max_backoff_secs: u32,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            secret_key: None,
            access_token_secs: 600,
            refresh_token_days: 30,
            refresh_grace_secs: 10,
            staff_session_hours: 12,
            ip_free_failures: 20,
            max_backoff_secs: 3600,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JobsConfig {
    /// Run a worker inside `jangteo serve` (`serve --no-worker` turns it off).
    #[serde(deserialize_with = "lenient")]
    pub worker: bool,
    /// Run the scheduler wherever a worker runs (several schedulers fire each due time once).
    #[serde(deserialize_with = "lenient")]
    pub scheduler: bool,
    /// Jobs one worker runs at the same time.
    #[serde(deserialize_with = "lenient")]
    pub concurrency: usize,
    /// How often an idle worker looks for jobs, in milliseconds.
    #[serde(deserialize_with = "lenient")]
    pub poll_interval_ms: u64,
    /// How long a claimed job stays reserved without a heartbeat; a worker that died releases
    /// its jobs when this runs out.
    #[serde(deserialize_with = "lenient")]
    pub lease_secs: u64,
    /// Longest a single run may take before it counts as failed.
    #[serde(deserialize_with = "lenient")]
    pub job_timeout_secs: u64,
    /// First retry delay in milliseconds; it doubles with every failure (with jitter).
    #[serde(deserialize_with = "lenient")]
    pub retry_base_ms: u64,
    /// Longest retry delay, in seconds.
    #[serde(deserialize_with = "lenient")]
    pub retry_cap_secs: u64,
    /// On shutdown, how long running jobs may finish before they are given back to the queue.
    #[serde(deserialize_with = "lenient")]
    pub shutdown_grace_secs: u64,
    /// Finished jobs are deleted by housekeeping after this many days.
    #[serde(deserialize_with = "lenient")]
    pub retention_days: u32,
    /// IANA time zone of the schedules.
    pub time_zone: String,
    /// Per-schedule overrides, by schedule name (`[jobs.schedules.housekeeping]`).
    pub schedules: BTreeMap<String, ScheduleConfig>,
}

impl Default for JobsConfig {
    fn default() -> Self {
        JobsConfig {
            worker: true,
            scheduler: true,
            concurrency: 4,
            poll_interval_ms: 1000,
            lease_secs: 300,
            job_timeout_secs: 600,
            retry_base_ms: 10_000,
            retry_cap_secs: 3600,
            shutdown_grace_secs: 20,
            retention_days: 14,
            time_zone: "Asia/Seoul".into(),
            schedules: BTreeMap::new(),
        }
    }
}

impl JobsConfig {
    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.poll_interval_ms.max(10))
    }
    pub fn lease(&self) -> Duration {
        Duration::from_secs(self.lease_secs.max(3))
    }
    pub fn job_timeout(&self) -> Duration {
        Duration::from_secs(self.job_timeout_secs.max(1))
    }
    pub fn retry_base(&self) -> Duration {
        Duration::from_millis(self.retry_base_ms)
    }
    pub fn retry_cap(&self) -> Duration {
        Duration::from_secs(self.retry_cap_secs)
    }
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScheduleConfig {
    /// Cron expression: `sec min hour day-of-month month day-of-week`, or the usual five fields
    /// without seconds. Unset keeps the built-in timing.
    pub cron: Option<String>,
    /// `false` switches the schedule off.
    #[serde(deserialize_with = "lenient_opt")]
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransportKind {
    /// Write each message as an `.eml` file into the outbox folder.
    Outbox,
    /// Hand each message to an SMTP server.
    Smtp,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    pub transport: MailTransportKind,
    /// Sender of every message, e.g. `바른한끼 <shop@example.com>`.
    pub from: String,
    /// Where the outbox transport writes; unset means `DATA_DIR/outbox`.
    pub outbox_dir: Option<PathBuf>,
    pub smtp: SmtpConfig,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            transport: MailTransportKind::Outbox,
            from: "Jangteo <no-reply@jangteo.localhost>".into(),
            outbox_dir: None,
            smtp: SmtpConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or in tests.
    None,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(deserialize_with = "lenient")]
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<Secret<String>>,
    /// Longest one delivery may take (connecting, the greeting, sending); then it is retried.
    #[serde(deserialize_with = "lenient")]
    pub timeout_secs: u64,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        SmtpConfig {
            host: "localhost".into(),
            port: 587,
            security: SmtpSecurity::Starttls,
            username: None,
            password: None,
            timeout_secs: 15,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsProviderKind {
    /// Log each message instead of sending it.
    Log,
    /// A bulk-messaging HTTP API (SMS/LMS and KakaoTalk AlimTalk).
    Http,
}

/// Where product images are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaBackend {
    /// A local directory (`media.dir`, default `DATA_DIR/media`), served under `/media/`.
    Local,
    /// An S3-compatible object store (`[media.s3]`).
    S3,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MediaConfig {
    pub backend: MediaBackend,
    /// The local directory; default `DATA_DIR/media`.
    pub dir: Option<PathBuf>,
    /// Where browsers fetch the files (a CDN in production), without a trailing slash. Default:
    /// `/media` for the local directory, the bucket's URL for S3.
    pub public_base_url: Option<String>,
    /// Largest upload accepted, in bytes.
    #[serde(deserialize_with = "lenient")]
    pub max_upload_bytes: usize,
    /// Most pixels (width × height) an image may have: bigger ones are refused before they are
    /// decoded (decompression bombs).
    #[serde(deserialize_with = "lenient")]
    pub max_pixels: u64,
    pub s3: S3Config,
}

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            backend: MediaBackend::Local,
            dir: None,
            public_base_url: None,
            max_upload_bytes: 10 * 1024 * 1024,
            max_pixels: 40_000_000,
            s3: S3Config::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct S3Config {
    /// e.g. `https://s3.ap-northeast-2.amazonaws.com` or a compatible service's URL.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key_id: Option<Secret<String>>,
    pub secret_access_key: Option<Secret<String>>,
    /// `https://endpoint/bucket/key` (true) or `https://bucket.endpoint/key` (false).
    #[serde(deserialize_with = "lenient")]
    pub path_style: bool,
    #[serde(deserialize_with = "lenient")]
    pub timeout_secs: u64,
    /// A canned ACL set on every object (e.g. `public-read` when browsers load files straight
    /// from a bucket that uses ACLs); leave out when a CDN or bucket policy grants reads.
    pub acl: Option<String>,
}

impl Default for S3Config {
    fn default() -> Self {
        S3Config {
            endpoint: String::new(),
            bucket: String::new(),
            region: "ap-northeast-2".into(),
            access_key_id: None,
            secret_access_key: None,
            path_style: true,
            timeout_secs: 30,
            acl: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmsConfig {
    pub provider: SmsProviderKind,
    /// The registered sender number, e.g. `02-1234-5678`.
    pub sender: String,
    pub http: SmsHttpConfig,
}

impl Default for SmsConfig {
    fn default() -> Self {
        SmsConfig {
            provider: SmsProviderKind::Log,
            sender: "02-0000-0000".into(),
            http: SmsHttpConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmsHttpConfig {
    /// The provider's send endpoint (`POST`, JSON).
    pub endpoint: String,
    /// Sent as `Authorization: Bearer …`.
    pub api_key: Option<Secret<String>>,
    /// The KakaoTalk channel's sender key for AlimTalk.
    pub kakao_sender_key: Option<Secret<String>>,
    #[serde(deserialize_with = "lenient")]
    pub timeout_secs: u64,
}

impl Default for SmsHttpConfig {
    fn default() -> Self {
        SmsHttpConfig {
            endpoint: String::new(),
            api_key: None,
            kakao_sender_key: None,
            timeout_secs: 10,
        }
    }
}

/// Which payment gateway new orders are paid through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GatewayKind {
    /// The built-in sandbox: test cards and simulated virtual-account deposits, no real money.
    Sandbox,
    /// Toss Payments (`[payments.toss]`).
    Toss,
}

impl GatewayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GatewayKind::Sandbox => "sandbox",
            GatewayKind::Toss => "toss",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PaymentsConfig {
    pub gateway: GatewayKind,
    /// Minutes a shopper has to pay an order before it expires and its stock is released.
    #[serde(deserialize_with = "lenient")]
    pub payment_minutes: u32,
    /// Hours a virtual account waits for its deposit (the gateway's deadline wins if earlier).
    #[serde(deserialize_with = "lenient")]
    pub deposit_hours: u32,
    pub toss: TossConfig,
    pub webhooks: WebhooksConfig,
}

impl Default for PaymentsConfig {
    fn default() -> Self {
        PaymentsConfig {
            gateway: GatewayKind::Sandbox,
            payment_minutes: 30,
            deposit_hours: 24,
            toss: TossConfig::default(),
            webhooks: WebhooksConfig::default(),
        }
    }
}

/// Limits on the gateways' webhook notifications that carry no secret (Toss's
/// `PAYMENT_STATUS_CHANGED`): anyone can send one, and each may make the server look the payment
/// up at the gateway, so they are counted before they cost anything. Notifications that prove
/// themselves (a deposit callback with its payment's secret) are never limited.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebhooksConfig {
    /// Unauthenticated notifications one client address (an IPv6 address by its /64) may send
    /// per window; beyond it they are answered 429 and the gateway delivers them again later.
    #[serde(deserialize_with = "lenient")]
    pub per_ip_limit: u32,
    /// Unauthenticated notifications naming one order accepted per window, from all addresses
    /// together; beyond it, 429.
    #[serde(deserialize_with = "lenient")]
    pub per_order_limit: u32,
    /// The fixed window both limits count in, in seconds.
    #[serde(deserialize_with = "lenient")]
    pub window_secs: u32,
    /// After a notification queued a lookup of a payment, further ones within this many seconds
    /// queue none (the reconciliation task still asks the gateway about unpaid orders); 0 keeps
    /// only the coalescing into a lookup that is still pending.
    #[serde(deserialize_with = "lenient")]
    pub dedupe_secs: u32,
}

impl Default for WebhooksConfig {
    fn default() -> Self {
        WebhooksConfig {
            per_ip_limit: 300,
            per_order_limit: 20,
            window_secs: 60,
            dedupe_secs: 60,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TossConfig {
    /// The API's address (Toss's own by default; a local server in tests).
    pub api_base: String,
    /// The client key the storefront's payment widget uses (`test_ck_…` / `live_ck_…`).
    pub client_key: String,
    /// The secret key the server authenticates with (`test_sk_…` / `live_sk_…`).
    pub secret_key: Option<Secret<String>>,
    #[serde(deserialize_with = "lenient")]
    pub timeout_secs: u64,
    /// The payment SDK the storefront loads to open Toss's payment window.
    pub sdk_url: String,
    /// Origins Toss's payment window loads from and talks to, allowed by the storefront's
    /// Content-Security-Policy (scripts, frames, requests, styles) while Toss is the gateway;
    /// `sdk_url`'s origin is always allowed. From the environment: separated by commas.
    #[serde(deserialize_with = "string_list")]
    pub web_sources: Vec<String>,
}

impl Default for TossConfig {
    fn default() -> Self {
        TossConfig {
            api_base: "https://api.tosspayments.com".into(),
            client_key: String::new(),
            secret_key: None,
            timeout_secs: 15,
            sdk_url: "https://js.tosspayments.com/v2/standard".into(),
            web_sources: vec![
                "https://*.tosspayments.com".into(),
                "https://*.toss.im".into(),
            ],
        }
    }
}

impl TossConfig {
    /// What the storefront's Content-Security-Policy must allow for Toss's payment window:
    /// `sdk_url`'s origin and `web_sources`.
    pub fn csp_sources(&self) -> Vec<String> {
        let mut sources = Vec::new();
        if let Ok(url) = url::Url::parse(&self.sdk_url) {
            let origin = url.origin().ascii_serialization();
            if origin != "null" {
                sources.push(origin);
            }
        }
        for s in &self.web_sources {
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
        sources
    }
}

/// A value that must never appear in logs: its `Debug` output is `[redacted]`, and it has no
/// `Display`.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The secret itself; call only where it is used, never to log it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Accepts a value either in its native TOML form or as a string (environment variables are
/// always strings), e.g. `max_depth = 12` and `JANGTEO_GRAPHQL__MAX_DEPTH=12`.
fn lenient<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + std::str::FromStr,
    T::Err: fmt::Display,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either<T> {
        Native(T),
        Text(String),
    }
    match Either::<T>::deserialize(d)? {
        Either::Native(v) => Ok(v),
        Either::Text(s) => s
            .trim()
            .parse::<T>()
            .map_err(|e| serde::de::Error::custom(format_args!("invalid value {s:?}: {e}"))),
    }
}

/// A list of strings in its TOML form or, from the environment, separated by commas.
fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Native(Vec<String>),
        Text(String),
    }
    Ok(match Either::deserialize(d)? {
        Either::Native(v) => v,
        Either::Text(s) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

/// [`lenient`] for an optional value.
fn lenient_opt<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + std::str::FromStr,
    T::Err: fmt::Display,
{
    lenient(d).map(Some)
}

/// Overrides given on the command line (highest precedence).
#[derive(Debug, Default, Clone)]
pub struct CliOverrides {
    pub bind: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub demo: bool,
    /// `serve --no-worker`: leave the jobs to separate `jangteo worker` processes.
    pub no_worker: bool,
}

/// A configuration problem, described in one line an operator can act on.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

impl Config {
    /// `public_url` without a trailing slash, for building links.
    pub fn public_base(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }

    /// Loads the configuration: defaults, then `file` (or `JANGTEO_CONFIG`), then the process
    /// environment, then `cli`.
    pub fn load(file: Option<&Path>, cli: &CliOverrides) -> Result<Config, ConfigError> {
        let env: BTreeMap<String, String> = std::env::vars().collect();
        Self::load_from(file, &env, cli)
    }

    /// [`Config::load`] with an explicit environment (for tests).
    pub fn load_from(
        file: Option<&Path>,
        env: &BTreeMap<String, String>,
        cli: &CliOverrides,
    ) -> Result<Config, ConfigError> {
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| env.get(CONFIG_FILE_ENV).map(PathBuf::from));
        let mut table = match &file {
            Some(path) => read_file(path)?,
            None => toml::Table::new(),
        };
        apply_env(&mut table, env)?;
        let origin = match &file {
            Some(path) => format!("{} or the environment", path.display()),
            None => "the environment".to_owned(),
        };
        let mut config: Config = serde_path_to_error::deserialize(toml::Value::Table(table))
            .map_err(|e| {
                let path = e.path().to_string();
                // toml appends its own "in `key`" line; the path above already says where.
                let inner = e.into_inner().to_string();
                let reason = inner.lines().next().unwrap_or_default().to_owned();
                ConfigError(format!(
                    "invalid configuration in {origin}: {}{reason}",
                    if path == "." {
                        String::new()
                    } else {
                        format!("`{path}`: ")
                    },
                ))
            })?;
        if let Some(bind) = &cli.bind {
            config.bind.clone_from(bind);
        }
        if let Some(dir) = &cli.data_dir {
            config.data_dir.clone_from(dir);
        }
        config.demo |= cli.demo;
        if cli.no_worker {
            config.jobs.worker = false;
        }
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let g = &self.graphql;
        if g.max_depth == 0 || g.max_complexity == 0 {
            return Err(ConfigError(
                "invalid configuration: graphql.max_depth and graphql.max_complexity must be at least 1"
                    .into(),
            ));
        }
        if !(g.graphiql_assets_url.starts_with("https://")
            || g.graphiql_assets_url.starts_with("http://"))
            || url::Url::parse(&g.graphiql_assets_url).is_err()
            || g.graphiql_assets_url.contains(['"', '<', '>', '\'', ' '])
        {
            return Err(ConfigError(
                "invalid configuration: graphql.graphiql_assets_url must be an http(s) URL".into(),
            ));
        }
        if g.max_document_bytes == 0
            || g.max_tokens == 0
            || g.max_value_depth == 0
            || g.max_value_depth > crate::graphql::limits::MAX_VALUE_DEPTH_SETTING
        {
            return Err(ConfigError(format!(
                "invalid configuration: graphql.max_document_bytes and graphql.max_tokens must be at least 1, graphql.max_value_depth between 1 and {}",
                crate::graphql::limits::MAX_VALUE_DEPTH_SETTING
            )));
        }
        let a = &self.auth;
        if a.access_token_secs == 0 || a.access_token_secs > 900 {
            return Err(ConfigError(
                "invalid configuration: auth.access_token_secs must be between 1 and 900 (15 minutes)"
                    .into(),
            ));
        }
        if a.refresh_grace_secs > 60 {
            return Err(ConfigError(
                "invalid configuration: auth.refresh_grace_secs must be between 0 and 60 (a replay within it is not treated as theft)"
                    .into(),
            ));
        }
        if a.refresh_token_days == 0 || a.staff_session_hours == 0 || a.max_backoff_secs == 0 {
            return Err(ConfigError(
                "invalid configuration: auth.refresh_token_days, auth.staff_session_hours and auth.max_backoff_secs must be at least 1"
                    .into(),
            ));
        }
        if a.secret_key
            .as_ref()
            .is_some_and(|k| k.expose().trim().len() < 32)
        {
            return Err(ConfigError(
                "invalid configuration: auth.secret_key must be at least 32 characters (e.g. `openssl rand -hex 32`)"
                    .into(),
            ));
        }
        if self.database.pool_size == 0 {
            return Err(ConfigError(
                "invalid configuration: database.pool_size must be at least 1".into(),
            ));
        }
        if self.jobs.time_zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(ConfigError(format!(
                "invalid configuration: jobs.time_zone {:?} is not an IANA time zone (e.g. Asia/Seoul)",
                self.jobs.time_zone
            )));
        }
        let public = self.public_url.trim_end_matches('/');
        if !(public.starts_with("http://") || public.starts_with("https://"))
            || public.len() <= "https://".len()
        {
            return Err(ConfigError(format!(
                "invalid configuration: public_url {:?} must be an http(s) URL such as https://shop.example.com",
                self.public_url
            )));
        }
        if self.jobs.concurrency == 0 {
            return Err(ConfigError(
                "invalid configuration: jobs.concurrency must be at least 1".into(),
            ));
        }
        let p = &self.payments;
        if p.payment_minutes == 0 || p.deposit_hours == 0 {
            return Err(ConfigError(
                "invalid configuration: payments.payment_minutes and payments.deposit_hours must be at least 1"
                    .into(),
            ));
        }
        let w = &p.webhooks;
        if w.per_ip_limit == 0 || w.per_order_limit == 0 || w.window_secs == 0 {
            return Err(ConfigError(
                "invalid configuration: payments.webhooks.per_ip_limit, payments.webhooks.per_order_limit and payments.webhooks.window_secs must be at least 1"
                    .into(),
            ));
        }
        if p.gateway == GatewayKind::Toss
            && (p.toss.secret_key.is_none() || p.toss.client_key.trim().is_empty())
        {
            return Err(ConfigError(
                "invalid configuration: payments.gateway = \"toss\" needs payments.toss.client_key and payments.toss.secret_key (JANGTEO_PAYMENTS__TOSS__SECRET_KEY)"
                    .into(),
            ));
        }
        if !matches!(url::Url::parse(&p.toss.sdk_url), Ok(u) if u.scheme() == "https" || u.scheme() == "http")
        {
            return Err(ConfigError(format!(
                "invalid configuration: payments.toss.sdk_url {:?} must be an http(s) URL such as https://js.tosspayments.com/v2/standard",
                p.toss.sdk_url
            )));
        }
        if let Some(bad) = p.toss.web_sources.iter().find(|s| !is_csp_source(s)) {
            return Err(ConfigError(format!(
                "invalid configuration: payments.toss.web_sources entry {bad:?} must be an origin such as https://*.tosspayments.com"
            )));
        }
        let postcode = &self.web.postcode;
        if !matches!(url::Url::parse(&postcode.script_url), Ok(u) if u.scheme() == "https" || u.scheme() == "http")
        {
            return Err(ConfigError(format!(
                "invalid configuration: web.postcode.script_url {:?} must be an http(s) URL such as https://t1.kakaocdn.net/mapjsapi/bundle/postcode/prod/postcode.v2.js",
                postcode.script_url
            )));
        }
        if let Some(bad) = postcode.frame_sources.iter().find(|s| !is_csp_source(s)) {
            return Err(ConfigError(format!(
                "invalid configuration: web.postcode.frame_sources entry {bad:?} must be an origin such as https://postcode.map.kakao.com"
            )));
        }
        if self.bind.trim().is_empty() {
            return Err(ConfigError("invalid configuration: bind is empty".into()));
        }
        Ok(())
    }
}

/// A Content-Security-Policy host source: `https://host[:port]`, the host's first label may be
/// `*`; nothing that could end the directive or add another.
fn is_csp_source(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.strip_prefix("*.").unwrap_or(rest);
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
}

fn read_file(path: &Path) -> Result<toml::Table, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError(format!(
            "cannot read configuration file {}: {e}",
            path.display()
        ))
    })?;
    text.parse::<toml::Table>().map_err(|e| {
        // toml's message spans several lines with a source excerpt; keep the first line and the
        // location so start-up fails with one line.
        let msg = e.message().to_owned();
        let at = e
            .span()
            .map(|s| {
                let line = text[..s.start].lines().count().max(1);
                format!(" (line {line})")
            })
            .unwrap_or_default();
        ConfigError(format!(
            "invalid configuration file {}{at}: {msg}",
            path.display()
        ))
    })
}

/// Puts `JANGTEO_SECTION__KEY=value` (and `DATABASE_URL`) into the table as strings.
fn apply_env(table: &mut toml::Table, env: &BTreeMap<String, String>) -> Result<(), ConfigError> {
    let mut set = |path: Vec<String>, value: &str, var: &str| -> Result<(), ConfigError> {
        let (last, sections) = path.split_last().expect("non-empty path");
        let mut cur = &mut *table;
        for section in sections {
            let entry = cur
                .entry(section.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            cur = entry.as_table_mut().ok_or_else(|| {
                ConfigError(format!("{var}: `{section}` is a value, not a section"))
            })?;
        }
        cur.insert(last.clone(), toml::Value::String(value.to_owned()));
        Ok(())
    };
    if let Some(url) = env.get("DATABASE_URL") {
        set(vec!["database".into(), "url".into()], url, "DATABASE_URL")?;
    }
    for (var, value) in env {
        let Some(key) = var.strip_prefix(ENV_PREFIX) else {
            continue;
        };
        if var == CONFIG_FILE_ENV {
            continue;
        }
        let path: Vec<String> = key.split("__").map(str::to_ascii_lowercase).collect();
        if path.iter().any(String::is_empty) {
            return Err(ConfigError(format!(
                "{var}: malformed name (use JANGTEO_SECTION__KEY)"
            )));
        }
        set(path, value, var)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn load(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::load_from(None, &env(pairs), &CliOverrides::default())
    }

    #[test]
    fn defaults_run_the_demo_locally() {
        let c = load(&[]).unwrap();
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert_eq!(c.data_dir, PathBuf::from("./data"));
        assert!(c.database.url.is_none());
        assert!(c.admin.operator_token.is_none());
    }

    #[test]
    fn environment_overrides_nested_keys_with_native_types() {
        let c = load(&[
            ("JANGTEO_BIND", "0.0.0.0:9000"),
            ("JANGTEO_GRAPHQL__MAX_DEPTH", "7"),
            ("JANGTEO_GRAPHQL__GRAPHIQL", "false"),
            ("JANGTEO_LOG__FORMAT", "json"),
            ("DATABASE_URL", "postgres://u:p@db/shop"),
            ("UNRELATED", "x"),
        ])
        .unwrap();
        assert_eq!(c.bind, "0.0.0.0:9000");
        assert_eq!(c.graphql.max_depth, 7);
        assert!(!c.graphql.graphiql);
        assert_eq!(c.log.format, LogFormat::Json);
        assert_eq!(c.database.url.unwrap().expose(), "postgres://u:p@db/shop");
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_path() {
        let err = load(&[("JANGTEO_GRAPHQL__MAX_DEPHT", "7")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("graphql"), "{err}");
        assert!(err.contains("max_depht"), "{err}");
        let err = load(&[("JANGTEO_NOPE", "1")]).unwrap_err().to_string();
        assert!(err.contains("nope"), "{err}");
    }

    #[test]
    fn bad_values_name_the_key() {
        let err = load(&[("JANGTEO_GRAPHQL__MAX_DEPTH", "deep")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("graphql.max_depth"), "{err}");
        assert!(err.contains("deep"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
    }

    #[test]
    fn file_then_env_then_cli() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        writeln!(f, "bind = \"127.0.0.1:1\"\ndata_dir = \"/srv/a\"\n[graphql]\nmax_depth = 5\nmax_complexity = 50").unwrap();
        let cli = CliOverrides {
            bind: Some("127.0.0.1:3".into()),
            ..Default::default()
        };
        let c = Config::load_from(
            Some(f.path()),
            &env(&[
                ("JANGTEO_BIND", "127.0.0.1:2"),
                ("JANGTEO_DATA_DIR", "/srv/b"),
            ]),
            &cli,
        )
        .unwrap();
        assert_eq!(c.graphql.max_depth, 5);
        assert_eq!(c.graphql.max_complexity, 50);
        assert_eq!(c.data_dir, PathBuf::from("/srv/b"));
        assert_eq!(c.bind, "127.0.0.1:3");
    }

    #[test]
    fn broken_files_fail_in_one_line() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        writeln!(f, "bind = \"ok\"\n[graphql\nmax_depth = 5").unwrap();
        let err = Config::load_from(Some(f.path()), &env(&[]), &CliOverrides::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2"), "{err}");
        assert!(!err.contains('\n'), "{err}");
        let err = Config::load_from(
            Some(Path::new("/definitely/not/here.toml")),
            &env(&[]),
            &CliOverrides::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("cannot read configuration file"), "{err}");
    }

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let c = load(&[
            ("DATABASE_URL", "postgres://u:hunter2@db/shop"),
            ("JANGTEO_ADMIN__OPERATOR_TOKEN", "tok-very-secret"),
        ])
        .unwrap();
        let printed = format!("{c:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(!printed.contains("tok-very-secret"), "{printed}");
        assert!(printed.contains("[redacted]"));
    }

    #[test]
    fn public_url_must_be_http() {
        assert!(load(&[("JANGTEO_PUBLIC_URL", "shop.example.com")]).is_err());
        let c = load(&[("JANGTEO_PUBLIC_URL", "https://shop.example.com/")]).unwrap();
        assert_eq!(c.public_base(), "https://shop.example.com");
    }

    #[test]
    fn toss_window_sources_are_origins_only() {
        let c = load(&[]).unwrap();
        assert_eq!(
            c.payments.toss.csp_sources(),
            [
                "https://js.tosspayments.com",
                "https://*.tosspayments.com",
                "https://*.toss.im"
            ]
        );
        let mut f = tempfile::NamedTempFile::new().unwrap();
        writeln!(
            f,
            "[payments.toss]\nsdk_url = \"http://127.0.0.1:4000/v2/standard\"\nweb_sources = []"
        )
        .unwrap();
        let c = Config::load_from(Some(f.path()), &env(&[]), &CliOverrides::default()).unwrap();
        assert_eq!(c.payments.toss.csp_sources(), ["http://127.0.0.1:4000"]);
        // Anything that could widen the policy beyond an origin is refused at start-up.
        for bad in [
            "'unsafe-inline'",
            "https://a.example; script-src *",
            "*",
            "data:",
        ] {
            let mut f = tempfile::NamedTempFile::new().unwrap();
            writeln!(f, "[payments.toss]\nweb_sources = [{bad:?}]").unwrap();
            let err = Config::load_from(Some(f.path()), &env(&[]), &CliOverrides::default())
                .unwrap_err()
                .to_string();
            assert!(err.contains("payments.toss.web_sources"), "{bad}: {err}");
        }
        let c = load(&[(
            "JANGTEO_PAYMENTS__TOSS__WEB_SOURCES",
            "https://*.tosspayments.com, https://pay.example.com",
        )])
        .unwrap();
        assert_eq!(
            c.payments.toss.web_sources,
            ["https://*.tosspayments.com", "https://pay.example.com"]
        );
        let err = load(&[("JANGTEO_PAYMENTS__TOSS__SDK_URL", "js.tosspayments.com")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("payments.toss.sdk_url"), "{err}");
    }

    #[test]
    fn postcode_search_sources_are_origins_only() {
        let c = load(&[]).unwrap();
        assert_eq!(
            c.web.postcode.csp_sources(),
            (
                "https://t1.kakaocdn.net".to_owned(),
                vec![
                    "https://postcode.map.kakao.com".to_owned(),
                    "https://postcode.map.daum.net".to_owned()
                ]
            )
        );
        let c = load(&[
            (
                "JANGTEO_WEB__POSTCODE__SCRIPT_URL",
                "http://127.0.0.1:4100/postcode.v2.js",
            ),
            (
                "JANGTEO_WEB__POSTCODE__FRAME_SOURCES",
                "http://127.0.0.1:4100",
            ),
        ])
        .unwrap();
        assert_eq!(
            c.web.postcode.csp_sources(),
            (
                "http://127.0.0.1:4100".to_owned(),
                vec!["http://127.0.0.1:4100".to_owned()]
            )
        );
        for bad in ["'unsafe-inline'", "https://a.example; script-src *", "*"] {
            let err = load(&[("JANGTEO_WEB__POSTCODE__FRAME_SOURCES", bad)])
                .unwrap_err()
                .to_string();
            assert!(err.contains("web.postcode.frame_sources"), "{bad}: {err}");
        }
        let err = load(&[("JANGTEO_WEB__POSTCODE__SCRIPT_URL", "postcode.v2.js")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("web.postcode.script_url"), "{err}");
    }

    #[test]
    fn zero_limits_are_refused() {
        let err = load(&[("JANGTEO_GRAPHQL__MAX_COMPLEXITY", "0")]).unwrap_err();
        assert!(err.to_string().contains("max_complexity"));
        let err = load(&[("JANGTEO_PAYMENTS__WEBHOOKS__PER_IP_LIMIT", "0")]).unwrap_err();
        assert!(err.to_string().contains("payments.webhooks.per_ip_limit"));
        let c = load(&[
            ("JANGTEO_PAYMENTS__WEBHOOKS__PER_ORDER_LIMIT", "5"),
            ("JANGTEO_PAYMENTS__WEBHOOKS__DEDUPE_SECS", "0"),
        ])
        .unwrap();
        assert_eq!(c.payments.webhooks.per_order_limit, 5);
        assert_eq!(c.payments.webhooks.dedupe_secs, 0);
        assert_eq!(c.payments.webhooks.window_secs, 60);
    }

    #[test]
    fn refresh_grace_is_ten_seconds_at_most_a_minute() {
        assert_eq!(load(&[]).unwrap().auth.refresh_grace_secs, 10);
        let c = load(&[("JANGTEO_AUTH__REFRESH_GRACE_SECS", "0")]).unwrap();
        assert_eq!(c.auth.refresh_grace_secs, 0);
        let err = load(&[("JANGTEO_AUTH__REFRESH_GRACE_SECS", "61")]).unwrap_err();
        assert!(err.to_string().contains("auth.refresh_grace_secs"), "{err}");
    }
}
