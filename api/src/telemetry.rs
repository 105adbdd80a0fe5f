//! Structured logs with `tracing`: human-readable text by default, JSON lines for collectors.
//! `RUST_LOG`, when set, overrides the configured filter.

use tracing_subscriber::EnvFilter;

use crate::config::{LogConfig, LogFormat};

/// Installs the global subscriber. Call once, at process start.
pub fn init(config: &LogConfig) -> Result<(), String> {
    let filter = match std::env::var("RUST_LOG") {
        Ok(v) if !v.trim().is_empty() => {
            EnvFilter::try_new(&v).map_err(|e| format!("RUST_LOG: {e}"))?
        }
        _ => EnvFilter::try_new(&config.filter).map_err(|e| format!("log.filter: {e}"))?,
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let result = match config.format {
        LogFormat::Text => builder.with_target(false).try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
    result.map_err(|e| format!("cannot install the logger: {e}"))?;
    log_panics();
    Ok(())
}

/// Panics are logged through `tracing` (one line, JSON when configured, inside the span of the
/// request or job that panicked) instead of the default multi-line message on stderr.
fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("unknown panic");
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(panic.message = message, panic.location = %location, "panic");
    }));
}
