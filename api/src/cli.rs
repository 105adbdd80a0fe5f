//! The `jangteo` command line: `serve` (default), `migrate`, `seed`, `schema`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{CliOverrides, Config};
use crate::graphql::{self, ApiKind};
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
        Command::Serve { bind, demo } => CliOverrides {
            bind: bind.clone(),
            data_dir: cli.data_dir.clone(),
            demo: *demo,
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
            Command::Seed => {
                let (db, _) = open_database(&config).await.map_err(|e| e.to_string())?;
                let outcome = db.run(seed::run).await.map_err(|e| e.to_string())?;
                println!("{outcome}");
                Ok(())
            }
            // Printed before the configuration was loaded.
            Command::Schema { .. } => Ok(()),
        }
    })
}

/// `127.0.0.1:0` → `127.0.0.1:<actual port>`.
fn display_addr(bind: &str, port: u16) -> String {
    match bind.rsplit_once(':') {
        Some((host, _)) => format!("{host}:{port}"),
        None => format!("{bind}:{port}"),
    }
}
