//! The data layer: one diesel connection type over SQLite and PostgreSQL, the pool, migrations,
//! and [`Db::run`], the single place where blocking diesel work leaves the async executor.

pub mod ids;
pub mod page;
pub mod schema;

use std::path::Path;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::{DatabaseConfig, Secret};

/// A connection to either backend. Queries are written once against this type; diesel's
/// `MultiConnection` dispatches them. Keep PostgreSQL first: `establish` tries variants in order.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Which database a URL points at. The PostgreSQL URL may hold a password, so it stays a
/// [`Secret`]; use [`DatabaseTarget::describe`] for logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    Sqlite(std::path::PathBuf),
    Postgres(Secret<String>),
}

impl DatabaseTarget {
    /// Reads `database.url`; no URL means the SQLite file `DATA_DIR/jangteo.db`.
    pub fn from_config(url: Option<&str>, data_dir: &Path) -> Result<Self, DbError> {
        match url.map(str::trim) {
            None | Some("") => Ok(DatabaseTarget::Sqlite(data_dir.join("jangteo.db"))),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(DatabaseTarget::Postgres(Secret::new(url.to_owned())))
            }
            Some(url) => match url.strip_prefix("sqlite://") {
                Some(path) if !path.is_empty() => Ok(DatabaseTarget::Sqlite(path.into())),
                _ => Err(DbError::Config(format!(
                    "DATABASE_URL must start with postgres:// or sqlite:// (got {:?})",
                    redact_url(url)
                ))),
            },
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseTarget::Sqlite(_) => Backend::Sqlite,
            DatabaseTarget::Postgres(_) => Backend::Postgres,
        }
    }

    /// The target without credentials, for logs and error messages.
    pub fn describe(&self) -> String {
        match self {
            DatabaseTarget::Sqlite(path) => format!("SQLite database {}", path.display()),
            DatabaseTarget::Postgres(url) => format!("PostgreSQL at {}", redact_url(url.expose())),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Removes the password from `scheme://user:password@host/…`. The credentials end at the last
/// `@`, so a password holding `/`, `?`, `#` or `@` is masked whole.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.rsplit_once('@') {
        Some((userinfo, host)) => {
            let masked = match userinfo.split_once(':') {
                Some((user, _)) => format!("{user}:***"),
                None => userinfo.to_owned(),
            };
            format!("{scheme}://{masked}@{host}")
        }
        None => url.to_owned(),
    }
}

/// The password of a URL, raw and percent-decoded, to scrub from driver error messages (libpq
/// quotes the offending part of a malformed URL).
fn url_passwords(url: &str) -> Vec<String> {
    let Some((_, rest)) = url.split_once("://") else {
        return Vec::new();
    };
    let Some((userinfo, _)) = rest.rsplit_once('@') else {
        return Vec::new();
    };
    let Some((_, password)) = userinfo.split_once(':') else {
        return Vec::new();
    };
    if password.is_empty() {
        return Vec::new();
    }
    let mut decoded = Vec::with_capacity(password.len());
    let bytes = password.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                decoded.push(b);
                i += 3;
            }
            (b, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    let mut out = vec![password.to_owned()];
    let decoded = String::from_utf8_lossy(&decoded).into_owned();
    if decoded != password {
        out.push(decoded);
    }
    out
}

/// Errors of the data layer. Domain errors wrap this in their opaque "internal" variant.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{0}")]
    Config(String),
    #[error("cannot open {target}: {reason}")]
    Connect { target: String, reason: String },
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("no database connection available: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("database task failed: {0}")]
    Task(String),
    /// A stored value breaks an invariant the schema cannot express (edited by hand?).
    #[error("unexpected data in the database: {0}")]
    Corrupt(String),
}

pub type ConnectionPool = Pool<ConnectionManager<AnyConnection>>;
pub type PooledConn = PooledConnection<ConnectionManager<AnyConnection>>;

/// Per-connection settings: SQLite needs foreign keys switched on, a busy timeout so concurrent
/// writers wait instead of failing, and WAL so readers never block the writer.
#[derive(Debug)]
struct ConnectionSetup;

impl CustomizeConnection<AnyConnection, diesel::r2d2::Error> for ConnectionSetup {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), diesel::r2d2::Error> {
        if let AnyConnection::Sqlite(c) = conn {
            sqlite_setup(c).map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// SQLite settings for every connection. Switching a new database to WAL needs an exclusive
/// lock, and SQLite answers "database is locked" at once (without waiting) when another process
/// holds the write lock, e.g. several processes starting on one new file: retry for a while.
fn sqlite_setup(c: &mut SqliteConnection) -> Result<(), diesel::result::Error> {
    c.batch_execute(
        "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
    )?;
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        match c.batch_execute("PRAGMA journal_mode = WAL;") {
            Ok(()) => return Ok(()),
            Err(e) if e.to_string().contains("locked") && std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(e) => return Err(e),
        }
    }
}

/// The database handle every service call goes through. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: ConnectionPool,
    backend: Backend,
    migrations_applied: usize,
}

impl Db {
    /// Opens the database, runs pending migrations and builds the pool. Every failure is one
    /// line naming the database (without its password) and the reason.
    pub fn connect(target: &DatabaseTarget, config: &DatabaseConfig) -> Result<Db, DbError> {
        let url = match target {
            DatabaseTarget::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| DbError::Connect {
                        target: target.describe(),
                        reason: format!("cannot create directory {}: {e}", dir.display()),
                    })?;
                }
                path.to_string_lossy().into_owned()
            }
            DatabaseTarget::Postgres(url) => {
                with_connect_timeout(url.expose(), config.connect_timeout_secs)
            }
        };
        // Establish one connection directly first: the pool would only report a generic
        // "Invalid connection url for multiconnection" instead of the driver's real reason.
        let mut first = establish(target, &url)?;
        let migrations_applied = run_migrations(&mut first)?;
        drop(first);

        let manager = ConnectionManager::<AnyConnection>::new(url);
        let pool = Pool::builder()
            .max_size(config.pool_size)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(config.connect_timeout_secs.max(1)))
            .connection_customizer(Box::new(ConnectionSetup))
            .build(manager)
            .map_err(|e| DbError::Connect {
                target: target.describe(),
                reason: e.to_string(),
            })?;
        Ok(Db {
            pool,
            backend: target.backend(),
            migrations_applied,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// How many migrations [`Db::connect`] applied (0 when the schema was up to date).
    pub fn migrations_applied(&self) -> usize {
        self.migrations_applied
    }

    /// Runs blocking diesel work on the blocking thread pool, never on the async executor.
    /// The pool checkout happens there too, so an exhausted pool never stalls a request thread.
    /// A panic inside `f` becomes an error, not a crashed worker.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(DbError::from)?;
            f(&mut conn)
        })
        .await
        .map_err(|e| E::from(DbError::Task(e.to_string())))?
    }

    /// `SELECT 1` through the pool: is the database reachable right now?
    pub async fn ping(&self) -> Result<(), DbError> {
        self.run(|conn| {
            conn.batch_execute("SELECT 1")?;
            Ok::<_, DbError>(())
        })
        .await
    }
}

fn with_connect_timeout(url: &str, secs: u64) -> String {
    if url.contains("connect_timeout=") {
        return url.to_owned();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}connect_timeout={}", secs.max(1))
}

fn establish(target: &DatabaseTarget, url: &str) -> Result<AnyConnection, DbError> {
    let connect_err = |reason: String| {
        let mut reason = reason.trim().replace('\n', " ");
        for password in url_passwords(url) {
            reason = reason.replace(&password, "***");
        }
        DbError::Connect {
            target: target.describe(),
            reason,
        }
    };
    match target {
        DatabaseTarget::Postgres(_) => PgConnection::establish(url)
            .map(AnyConnection::Postgresql)
            .map_err(|e| connect_err(e.to_string())),
        DatabaseTarget::Sqlite(_) => {
            let mut c = SqliteConnection::establish(url).map_err(|e| connect_err(e.to_string()))?;
            sqlite_setup(&mut c).map_err(|e| connect_err(e.to_string()))?;
            Ok(AnyConnection::Sqlite(c))
        }
    }
}

/// Applies the pending migrations of the connection's backend; returns how many ran.
///
/// Several processes may start at once on one database (servers behind a load balancer,
/// workers): migrations run inside one transaction that first takes a lock — a PostgreSQL
/// advisory lock, SQLite's write lock — so the others wait and then find nothing to do.
pub fn run_migrations(conn: &mut AnyConnection) -> Result<usize, DbError> {
    #[derive(Debug)]
    enum Failure {
        Db(diesel::result::Error),
        Migration(String),
    }
    impl From<diesel::result::Error> for Failure {
        fn from(e: diesel::result::Error) -> Self {
            Failure::Db(e)
        }
    }
    let ran = match conn {
        AnyConnection::Sqlite(c) => c.immediate_transaction(|c| {
            c.run_pending_migrations(SQLITE_MIGRATIONS)
                .map(|v| v.len())
                .map_err(|e| Failure::Migration(e.to_string()))
        }),
        AnyConnection::Postgresql(c) => c.transaction(|c| {
            diesel::sql_query("SELECT pg_advisory_xact_lock(7245921001)").execute(c)?;
            c.run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.len())
                .map_err(|e| Failure::Migration(e.to_string()))
        }),
    };
    ran.map_err(|e| match e {
        Failure::Db(e) => DbError::Migration(e.to_string()),
        Failure::Migration(e) => DbError::Migration(e),
    })
}

/// Runs `f` in a transaction that is going to write.
///
/// On SQLite it begins with `BEGIN IMMEDIATE`, taking the write lock up front: a deferred
/// transaction that reads first and writes later fails at once with `SQLITE_BUSY` when another
/// connection committed in between, while an immediate one waits its turn (`busy_timeout`). On
/// PostgreSQL it is an ordinary transaction. Must be the outermost transaction; nested
/// `transaction` calls inside `f` become savepoints as usual.
pub fn write_transaction<T, E, F>(conn: &mut AnyConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    match conn {
        AnyConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
        }
        AnyConnection::Postgresql(_) => return conn.transaction(f),
    }
    let result = f(conn);
    if let AnyConnection::Sqlite(inner) = conn {
        match &result {
            Ok(_) => AnsiTransactionManager::commit_transaction(inner)?,
            Err(_) => AnsiTransactionManager::rollback_transaction(inner)?,
        }
    }
    result
}

/// True when a diesel error is a unique-constraint violation (a taken slug, code or host name).
pub fn is_unique_violation(err: &diesel::result::Error) -> bool {
    matches!(
        err,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// True when a diesel error is a `CHECK` constraint violation (e.g. stock below zero).
pub fn is_check_violation(err: &diesel::result::Error) -> bool {
    match err {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::CheckViolation,
            _,
        ) => true,
        // SQLite reports a failed CHECK as a generic constraint failure.
        diesel::result::Error::DatabaseError(_, info) => {
            info.message().starts_with("CHECK constraint failed")
        }
        _ => false,
    }
}

/// The current time as stored in the database: UTC, without zone (`TIMESTAMP` on both backends).
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted() {
        assert_eq!(
            redact_url("postgres://shop:s3cret@db.internal:5432/shop?sslmode=require"),
            "postgres://shop:***@db.internal:5432/shop?sslmode=require"
        );
        assert_eq!(redact_url("postgres://shop@db/x"), "postgres://shop@db/x");
        assert_eq!(redact_url("postgres://db/x"), "postgres://db/x");
        assert_eq!(
            redact_url("postgres://u:p@ss@db/x"),
            "postgres://u:***@db/x",
            "passwords may contain '@'"
        );
        for url in [
            "postgres://u:pa/ss@db/x",
            "postgres://u:pa?ss@db/x",
            "postgres://u:pa#ss@db/x",
            "postgresql://u:p%zz@db:5432/x?sslmode=disable",
        ] {
            let redacted = redact_url(url);
            assert!(
                !redacted.contains("pa") && !redacted.contains("p%zz"),
                "{url} -> {redacted}"
            );
            assert!(redacted.contains("u:***@db"), "{url} -> {redacted}");
        }
    }

    #[test]
    fn passwords_are_scrubbed_from_driver_errors() {
        let dir = tempfile::tempdir().unwrap();
        for url in [
            "postgres://shop:hunter2%zz@127.0.0.1:1/x",
            "postgres://shop:hunter%202@127.0.0.1:1/x",
            "postgres://shop:hunter2@127.0.0.1:1/x?bogus_option=1",
        ] {
            let target = DatabaseTarget::from_config(Some(url), dir.path()).unwrap();
            let config = DatabaseConfig {
                connect_timeout_secs: 1,
                ..DatabaseConfig::default()
            };
            let message = Db::connect(&target, &config)
                .err()
                .expect("cannot connect")
                .to_string();
            assert!(!message.contains("hunter"), "{url}: {message}");
            assert!(!format!("{target:?}").contains("hunter"));
            assert!(!message.contains('\n'), "{message}");
        }
    }

    #[test]
    fn targets_are_chosen_by_scheme() {
        let dir = Path::new("/srv/jangteo");
        assert_eq!(
            DatabaseTarget::from_config(None, dir).unwrap(),
            DatabaseTarget::Sqlite(dir.join("jangteo.db"))
        );
        assert_eq!(
            DatabaseTarget::from_config(Some("sqlite:///tmp/x.db"), dir).unwrap(),
            DatabaseTarget::Sqlite("/tmp/x.db".into())
        );
        assert!(matches!(
            DatabaseTarget::from_config(Some("postgresql://db/x"), dir).unwrap(),
            DatabaseTarget::Postgres(_)
        ));
        let err = DatabaseTarget::from_config(Some("mysql://root:pw@db/x"), dir).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("postgres://") && !msg.contains("pw"), "{msg}");
    }

    #[tokio::test]
    async fn a_panic_in_database_work_is_an_error_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let target = DatabaseTarget::Sqlite(dir.path().join("x.db"));
        let db = Db::connect(&target, &DatabaseConfig::default()).unwrap();
        assert!(db.migrations_applied() > 0);
        let result: Result<(), DbError> = db.run(|_| panic!("boom")).await;
        assert!(matches!(result, Err(DbError::Task(_))), "{result:?}");
        // The pool still serves the next call.
        db.ping().await.unwrap();
    }

    #[test]
    fn connect_timeout_is_added_once() {
        assert_eq!(
            with_connect_timeout("postgres://db/x", 5),
            "postgres://db/x?connect_timeout=5"
        );
        assert_eq!(
            with_connect_timeout("postgres://db/x?sslmode=disable", 3),
            "postgres://db/x?sslmode=disable&connect_timeout=3"
        );
        assert_eq!(
            with_connect_timeout("postgres://db/x?connect_timeout=9", 3),
            "postgres://db/x?connect_timeout=9"
        );
    }
}
