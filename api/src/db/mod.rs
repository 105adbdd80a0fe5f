//! The data layer: one diesel connection type over SQLite and PostgreSQL, the pool, migrations,
//! and [`Db::run`], the single place where blocking diesel work leaves the async executor.

pub mod page;
pub mod schema;

use std::path::Path;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::DatabaseConfig;

/// A connection to either backend. Queries are written once against this type; diesel's
/// `MultiConnection` dispatches them. Keep PostgreSQL first: `establish` tries variants in order.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Which database a URL points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl DatabaseTarget {
    /// Reads `database.url`; no URL means the SQLite file `DATA_DIR/jangteo.db`.
    pub fn from_config(url: Option<&str>, data_dir: &Path) -> Result<Self, DbError> {
        match url.map(str::trim) {
            None | Some("") => Ok(DatabaseTarget::Sqlite(data_dir.join("jangteo.db"))),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(DatabaseTarget::Postgres(url.to_owned()))
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
            DatabaseTarget::Postgres(url) => format!("PostgreSQL at {}", redact_url(url)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Removes the password from `scheme://user:password@host/…`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    // The authority ends at the first '/', '?' or '#'; the credentials end at its last '@'.
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            let masked = if userinfo.contains(':') {
                format!("{user}:***")
            } else {
                user.to_owned()
            };
            format!("{scheme}://{masked}@{host}{tail}")
        }
        None => url.to_owned(),
    }
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
            c.batch_execute(
                "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                 PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
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
            DatabaseTarget::Postgres(url) => with_connect_timeout(url, config.connect_timeout_secs),
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
    let connect_err = |reason: String| DbError::Connect {
        target: target.describe(),
        reason: reason.trim().replace('\n', " "),
    };
    match target {
        DatabaseTarget::Postgres(_) => PgConnection::establish(url)
            .map(AnyConnection::Postgresql)
            .map_err(|e| connect_err(e.to_string())),
        DatabaseTarget::Sqlite(_) => {
            let mut c = SqliteConnection::establish(url).map_err(|e| connect_err(e.to_string()))?;
            c.batch_execute("PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;")
                .map_err(|e| connect_err(e.to_string()))?;
            Ok(AnyConnection::Sqlite(c))
        }
    }
}

/// Applies the pending migrations of the connection's backend; returns how many ran.
pub fn run_migrations(conn: &mut AnyConnection) -> Result<usize, DbError> {
    let ran = match conn {
        AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        AnyConnection::Postgresql(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
    };
    ran.map_err(|e| DbError::Migration(e.to_string()))
}

/// True when a diesel error is a unique-constraint violation (a taken slug, code or host name).
pub fn is_unique_violation(err: &diesel::result::Error) -> bool {
    matches!(
        err,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
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
