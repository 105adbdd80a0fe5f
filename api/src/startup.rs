//! Building and running the server as a value: connect the database, migrate, prepare the
//! schemas, bind the listener. `jangteo serve` and the test harness both start the shop this way.

use crate::access::{Auth, Clock};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
pub use actix_web::dev::ServerHandle;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};

use crate::channel::service as channels;
use crate::config::Config;
use crate::db::{DatabaseTarget, Db};
use crate::graphql;
use crate::http::graphql::GraphqlState;
use crate::http::{self, health, request_id};
use crate::jobs::{self, Background};
use crate::notify::Notifier;
use crate::seed;

/// Why the server could not start, in one line.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StartupError(String);

impl StartupError {
    fn new(msg: impl Into<String>) -> Self {
        StartupError(msg.into())
    }
}

/// Opens the configured database and applies pending migrations, off the async executor.
pub async fn open_database(config: &Config) -> Result<(Db, DatabaseTarget), StartupError> {
    let url = config.database.url.as_ref().map(|s| s.expose().clone());
    let target = DatabaseTarget::from_config(url.as_deref(), &config.data_dir)
        .map_err(|e| StartupError::new(e.to_string()))?;
    let db_config = config.database.clone();
    let t = target.clone();
    let db = tokio::task::spawn_blocking(move || Db::connect(&t, &db_config))
        .await
        .map_err(|e| StartupError::new(format!("database start-up task failed: {e}")))?
        .map_err(|e| StartupError::new(e.to_string()))?;
    Ok((db, target))
}

/// A built, bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    db: Db,
    background: Background,
}

impl Application {
    /// Prepares everything the shop needs; fails with one clear line if something is wrong.
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        Self::build_with_clock(config, Clock::system()).await
    }

    /// [`Application::build`] with the clock sign-in rules read (tests move it forward).
    pub async fn build_with_clock(
        config: Config,
        clock: Clock,
    ) -> Result<Application, StartupError> {
        // Claim the port first: a port conflict should fail before any database work.
        let listener = TcpListener::bind(&config.bind)
            .map_err(|e| StartupError::new(format!("cannot listen on {}: {e}", config.bind)))?;
        let port = listener
            .local_addr()
            .map_err(|e| StartupError::new(e.to_string()))?
            .port();
        let (db, target) = open_database(&config).await?;
        tracing::info!(
            database = %target.describe(),
            migrations_applied = db.migrations_applied(),
            "database ready"
        );
        db.run(channels::ensure_default)
            .await
            .map_err(|e| StartupError::new(format!("cannot prepare the default channel: {e}")))?;
        let indexed = db
            .run(crate::catalog::search::index_missing)
            .await
            .map_err(|e| StartupError::new(format!("cannot index the product names: {e}")))?;
        if indexed > 0 {
            tracing::info!(products = indexed, "indexed product names for search");
        }
        let notifier = Arc::new(Notifier::from_config(&config).map_err(StartupError::new)?);
        let media = crate::media::MediaStore::from_config(&config).map_err(StartupError::new)?;
        let payments = crate::payment::Payments::from_config(&config.payments, &db)
            .map_err(StartupError::new)?;
        warn_about_development_senders(&config);
        // Checked here even when this process runs no scheduler: a bad schedule must not wait for
        // the one process that does.
        jobs::schedule::configured(&config.jobs).map_err(StartupError::new)?;
        // Reads or creates the key file and computes the dummy password hash: off the executor.
        let auth_config = config.clone();
        let auth = tokio::task::spawn_blocking(move || Auth::new(&auth_config, clock))
            .await
            .map_err(|e| StartupError::new(format!("sign-in set-up task failed: {e}")))?
            .map(Arc::new)
            .map_err(StartupError::new)?;
        if config.demo {
            let outcome = db
                .run(seed::run)
                .await
                .map_err(|e| StartupError::new(format!("cannot load the demo data: {e}")))?;
            tracing::info!("{outcome}");
            seed::demo_accounts(&auth, &db)
                .await
                .map_err(|e| StartupError::new(format!("cannot create the demo accounts: {e}")))?;
            if config.demo_images {
                let pictures = seed::demo_images(&db, &media)
                    .await
                    .map_err(|e| StartupError::new(format!("cannot draw the demo images: {e}")))?;
                if pictures > 0 {
                    tracing::info!(pictures, "drew the demo product images");
                }
            }
        }
        let server = serve(
            listener,
            db.clone(),
            notifier.clone(),
            media.clone(),
            payments.clone(),
            auth,
            &config,
        )?;
        let background = Background::start(db.clone(), notifier, media, payments, &config.jobs)
            .map_err(StartupError::new)?;
        Ok(Application {
            port,
            server,
            db,
            background,
        })
    }

    /// The port the server listens on (useful with `bind = "127.0.0.1:0"`).
    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// A handle that stops the server gracefully.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until a shutdown signal (SIGINT/SIGTERM) or [`ServerHandle::stop`]; in-flight
    /// requests get `http.shutdown_timeout_secs` to finish, running jobs
    /// `jobs.shutdown_grace_secs`.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        // The HTTP server has drained; now the in-process worker finishes or gives back its jobs.
        self.background.stop().await;
        served
    }
}

/// The default senders deliver nothing to customers: say so loudly, once, at start-up.
fn warn_about_development_senders(config: &Config) {
    use crate::config::{MailTransportKind, SmsProviderKind};
    if config.mail.transport == MailTransportKind::Outbox {
        let dir = config
            .mail
            .outbox_dir
            .clone()
            .unwrap_or_else(|| config.data_dir.join("outbox"));
        tracing::warn!(
            outbox = %dir.display(),
            "email is written to the outbox folder, not sent: set mail.transport = \"smtp\" to deliver it"
        );
    }
    if config.sms.provider == SmsProviderKind::Log {
        tracing::warn!(
            "SMS and AlimTalk messages are only logged: set sms.provider = \"http\" to deliver them"
        );
    }
}

fn serve(
    listener: TcpListener,
    db: Db,
    notifier: Arc<Notifier>,
    media: Arc<crate::media::MediaStore>,
    payments: Arc<crate::payment::Payments>,
    auth: Arc<Auth>,
    config: &Config,
) -> Result<Server, StartupError> {
    let media_dir = media.storage.local_dir().map(|d| d.to_owned());
    let media_data = web::Data::new(media.clone());
    let state = web::Data::new(GraphqlState {
        shop: graphql::shop::build(
            db.clone(),
            media.clone(),
            payments.clone(),
            &config.graphql,
            &config.web.postcode,
        ),
        admin: graphql::admin::build(db.clone(), notifier, media, payments.clone(), config),
        payments,
        db: db.clone(),
        auth,
        trust_forwarded_for: config.http.trust_forwarded_for,
        graphql: config.graphql.clone(),
        max_body_bytes: config.http.max_body_bytes,
        max_upload_bytes: config.media.max_upload_bytes,
        documents: http::document_cache::DocumentCache::new(config.graphql.document_cache_size),
    });
    let db = web::Data::new(db);
    let web_config = config.web.clone();
    // Toss's payment window runs in the storefront while Toss can take payments.
    let payment_sources = if config.payments.toss.secret_key.is_some() {
        config.payments.toss.csp_sources()
    } else {
        Vec::new()
    };
    let mut server = HttpServer::new(move || {
        App::new()
            .wrap(Compress::default())
            .wrap(from_fn(request_id::trace_requests))
            .app_data(state.clone())
            .app_data(db.clone())
            .app_data(media_data.clone())
            .route("/healthz", web::get().to(health::healthz))
            .route("/readyz", web::get().to(health::readyz))
            .route("/sitemap.xml", web::get().to(http::seo::sitemap_xml))
            .route("/robots.txt", web::get().to(http::seo::robots_txt))
            .configure(|cfg| http::web::media(cfg, media_dir.as_deref()))
            .configure(http::graphql::configure)
            .configure(http::payments::configure)
            .configure(|cfg| http::web::configure(cfg, &web_config, &payment_sources))
    })
    .shutdown_timeout(config.http.shutdown_timeout_secs)
    .keep_alive(match config.http.keep_alive_secs {
        0 => actix_web::http::KeepAlive::Disabled,
        secs => actix_web::http::KeepAlive::Timeout(Duration::from_secs(secs)),
    })
    .client_request_timeout(Duration::from_secs(30));
    if config.http.workers > 0 {
        server = server.workers(config.http.workers);
    }
    let server = server
        .listen(listener)
        .map_err(|e| StartupError::new(format!("cannot start the HTTP server: {e}")))?
        .run();
    Ok(server)
}
