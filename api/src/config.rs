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
    pub database: DatabaseConfig,
    pub http: HttpConfig,
    pub graphql: GraphqlConfig,
    pub web: WebConfig,
    pub log: LogConfig,
    pub admin: AdminConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            demo: false,
            database: DatabaseConfig::default(),
            http: HttpConfig::default(),
            graphql: GraphqlConfig::default(),
            web: WebConfig::default(),
            log: LogConfig::default(),
            admin: AdminConfig::default(),
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
    /// Largest accepted GraphQL request body, in bytes.
    #[serde(deserialize_with = "lenient")]
    pub max_body_bytes: usize,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            workers: 0,
            shutdown_timeout_secs: 30,
            max_body_bytes: 256 * 1024,
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
}

impl Default for GraphqlConfig {
    fn default() -> Self {
        GraphqlConfig {
            max_depth: 12,
            max_complexity: 5_000,
            graphiql: true,
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
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            storefront_dir: PathBuf::from("storefront/dist"),
            admin_dir: PathBuf::from("admin/dist"),
        }
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

/// Overrides given on the command line (highest precedence).
#[derive(Debug, Default, Clone)]
pub struct CliOverrides {
    pub bind: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub demo: bool,
}

/// A configuration problem, described in one line an operator can act on.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

impl Config {
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
        if self.database.pool_size == 0 {
            return Err(ConfigError(
                "invalid configuration: database.pool_size must be at least 1".into(),
            ));
        }
        if self.bind.trim().is_empty() {
            return Err(ConfigError("invalid configuration: bind is empty".into()));
        }
        Ok(())
    }
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
    fn zero_limits_are_refused() {
        let err = load(&[("JANGTEO_GRAPHQL__MAX_COMPLEXITY", "0")]).unwrap_err();
        assert!(err.to_string().contains("max_complexity"));
    }
}
