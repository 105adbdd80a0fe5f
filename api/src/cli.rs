//! The `jangteo` command line: `serve` (default), `worker`, `migrate`, `seed`, `schema`,
//! `mail`, `staff`, `sandbox`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use std::sync::Arc;

use crate::channel::{ChannelSelector, service as channels};
use crate::config::{CliOverrides, Config};
use crate::db::Db;
use crate::graphql::{self, ApiKind};
use crate::jobs::Background;
use crate::notify::Notifier;
use crate::notify::mail::{self, Mailer};
use crate::startup::{Application, open_database};
use crate::{seed, telemetry};

#[derive(Parser, Debug)]
#[command(
    name = "jangteo",
    version,
    about = "Jangteo: a headless commerce platform"
)]
struct Cli {
    /// Configuration file (TOML). Also `JANGTEO_CONFIG`.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Directory for the SQLite database and local files [default: ./data]. Also `JANGTEO_DATA_DIR`.
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the server: Shop API, Admin API, storefront and admin (the default command).
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080]. Also `JANGTEO_BIND`.
        #[arg(long, value_name = "ADDR:PORT")]
        bind: Option<String>,
        /// Load the demo shop into an empty database first. Also `JANGTEO_DEMO=true`.
        #[arg(long)]
        demo: bool,
        /// Run no background jobs here: leave them to `jangteo worker` processes.
        #[arg(long)]
        no_worker: bool,
    },
    /// Run background jobs and schedules only (no HTTP), until SIGINT/SIGTERM.
    Worker,
    /// Email templates.
    Mail {
        #[command(subcommand)]
        command: MailCommand,
    },
    /// Staff accounts.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// The sandbox payment gateway (development and demos).
    Sandbox {
        #[command(subcommand)]
        command: SandboxCommand,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo shop into an empty database (does nothing if it has a catalog).
    Seed,
    /// Print the GraphQL schema (SDL) of an API.
    Schema {
        #[arg(value_enum)]
        api: SchemaApi,
    },
}

#[derive(Subcommand, Debug)]
enum StaffCommand {
    /// Create a staff account (e.g. the first owner) and print a one-time set-password link
    /// (valid 72 hours). The person sets a password there, then enrols a TOTP app at sign-in.
    Create {
        #[arg(long)]
        email: String,
        /// owner, manager, catalog-editor, order-handler or cs-agent.
        #[arg(long)]
        role: String,
        /// Display name [default: the email's local part].
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum SandboxCommand {
    /// Simulate the shopper's bank deposit into an order's sandbox virtual account; the sandbox
    /// sends the deposit webhook a real gateway would, and a running server (or worker) marks
    /// the order paid.
    Deposit {
        /// The order number, e.g. 20261205-000001.
        order_number: String,
    },
}

#[derive(Subcommand, Debug)]
enum MailCommand {
    /// Render a template with its sample data into an `.eml` file (and print the path).
    Preview {
        /// Template name (see `jangteo mail list`).
        template: String,
        /// Where to write the message [default: DATA_DIR/outbox/preview-TEMPLATE.eml].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List the email templates.
    List,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SchemaApi {
    Shop,
    Admin,
}

/// Runs the command line; errors are printed as one `error:` line.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let command = cli.command.unwrap_or(Command::Serve {
        bind: None,
        demo: false,
        no_worker: false,
    });
    if let Command::Schema { api } = command {
        let kind = match api {
            SchemaApi::Shop => ApiKind::Shop,
            SchemaApi::Admin => ApiKind::Admin,
        };
        print!("{}", graphql::sdl(kind));
        return Ok(());
    }
    let overrides = match &command {
        Command::Serve {
            bind,
            demo,
            no_worker,
        } => CliOverrides {
            bind: bind.clone(),
            data_dir: cli.data_dir.clone(),
            demo: *demo,
            no_worker: *no_worker,
        },
        _ => CliOverrides {
            data_dir: cli.data_dir.clone(),
            ..CliOverrides::default()
        },
    };
    let config = Config::load(cli.config.as_deref(), &overrides).map_err(|e| e.to_string())?;
    telemetry::init(&config.log)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async move {
        match command {
            Command::Serve { .. } => {
                tracing::debug!(?config, "configuration");
                let app = Application::build(config.clone()).await.map_err(|e| e.to_string())?;
                tracing::info!(
                    url = %format!("http://{}", display_addr(&config.bind, app.port())),
                    "Jangteo is serving: storefront /, admin /admin/, Shop API /graphql, Admin API /admin-api/graphql"
                );
                app.run_until_stopped()
                    .await
                    .map_err(|e| format!("server error: {e}"))?;
                tracing::info!("stopped");
                Ok(())
            }
            Command::Migrate => {
                let (db, target) = open_database(&config).await.map_err(|e| e.to_string())?;
                println!(
                    "{}: {} migration(s) applied; schema is up to date",
                    target.describe(),
                    db.migrations_applied()
                );
                Ok(())
            }
            Command::Staff {
                command: StaffCommand::Create { email, role, name },
            } => {
                let role = crate::access::Role::parse(&role).ok_or_else(|| {
                    format!(
                        "--role {role:?} is not a role: use owner, manager, catalog-editor, order-handler or cs-agent"
                    )
                })?;
                let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
                let (db, _) = prepare(&config).await?;
                let public_url = config.public_base().to_owned();
                let now = crate::db::now();
                let (row, link) = db
                    .run(move |c| {
                        crate::access::staff::create_with_link(c, &email, &name, role, now, &public_url)
                    })
                    .await
                    .map_err(|e| e.to_string())?;
                println!(
                    "created {} ({}) as {}; set the password within 72 hours at:\n{link}",
                    row.email,
                    shared::StaffId(row.id),
                    role.as_str()
                );
                Ok(())
            }
            Command::Sandbox {
                command: SandboxCommand::Deposit { order_number },
            } => {
                let (db, _) = prepare(&config).await?;
                let number = order_number.trim().to_owned();
                let n = number.clone();
                db.run(move |c| {
                    let order = crate::order::service::by_number(c, &n)?
                        .ok_or(crate::order::OrderError::NotFound)?;
                    crate::payment::service::simulate_deposit(
                        c,
                        order.id,
                        None,
                        &crate::access::audit::Actor::system("jangteo sandbox deposit"),
                    )
                })
                .await
                .map_err(|e| format!("order {number}: {e}"))?;
                println!(
                    "deposited into the virtual account of order {number}; the deposit webhook is queued and a running server or worker marks the order paid"
                );
                Ok(())
            }
            Command::Seed => {
                let (db, _) = open_database(&config).await.map_err(|e| e.to_string())?;
                let outcome = db.run(seed::run).await.map_err(|e| e.to_string())?;
                println!("{outcome}");
                Ok(())
            }
            Command::Worker => {
                let mut jobs = config.jobs.clone();
                jobs.worker = true;
                let (db, notifier) = prepare(&config).await?;
                let media = crate::media::MediaStore::from_config(&config)?;
                let payments = crate::payment::Payments::from_config(&config.payments, &db)?;
                let background = Background::start(db, notifier, media, payments, &jobs)?;
                shutdown_signal().await;
                tracing::info!("stopping: finishing running jobs");
                background.stop().await;
                tracing::info!("stopped");
                Ok(())
            }
            Command::Mail {
                command: MailCommand::List,
            } => {
                let mailer = Mailer::from_config(&config.mail, &config.data_dir)?;
                for name in mailer.templates().names() {
                    println!("{name}");
                }
                Ok(())
            }
            Command::Mail {
                command: MailCommand::Preview { template, out },
            } => {
                let (db, _) = prepare(&config).await?;
                let shop = db
                    .run(|c| channels::resolve(c, &ChannelSelector::default()))
                    .await
                    .map_err(|e| e.to_string())?;
                let mailer = Mailer::from_config(&config.mail, &config.data_dir)?;
                let eml = mail::preview(&mailer, &template, &shop.name, "customer@example.com")?;
                let path = out.unwrap_or_else(|| {
                    config.data_dir.join("outbox").join(format!("preview-{template}.eml"))
                });
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                std::fs::write(&path, eml).map_err(|e| format!("{}: {e}", path.display()))?;
                println!("{}", path.display());
                Ok(())
            }
            // Printed before the configuration was loaded.
            Command::Schema { .. } => Ok(()),
        }
    })
}

/// Opens the database (migrating it), makes sure the default channel exists, builds the
/// notification senders.
async fn prepare(config: &Config) -> Result<(Db, Arc<Notifier>), String> {
    let (db, _) = open_database(config).await.map_err(|e| e.to_string())?;
    db.run(channels::ensure_default)
        .await
        .map_err(|e| format!("cannot prepare the default channel: {e}"))?;
    let notifier = Notifier::from_config(config)?;
    Ok((db, Arc::new(notifier)))
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

/// `127.0.0.1:0` → `127.0.0.1:<actual port>`.
fn display_addr(bind: &str, port: u16) -> String {
    match bind.rsplit_once(':') {
        Some((host, _)) => format!("{host}:{port}"),
        None => format!("{bind}:{port}"),
    }
}
