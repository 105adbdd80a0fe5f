//! The test harness every black-box test builds on: a real Jangteo server on a free port over a
//! fresh database (a SQLite file, or a PostgreSQL schema of its own when `TEST_DATABASE_URL` is
//! set), spoken to over HTTP as a third-party developer would, and a real headless Chromium for
//! the browser apps.

pub mod app;
pub mod browser;
pub mod commerce;
pub mod npm_mirror;
pub mod postcode;
pub mod recorder;
pub mod s3;
pub mod smtp;
pub mod toss;

pub use app::{Backend, TestApp};
pub use browser::Browser;
pub use npm_mirror::NpmMirror;
pub use postcode::PostcodeServer;
pub use recorder::Recorder;
pub use s3::S3Server;
pub use smtp::{SmtpBehaviour, SmtpServer};
pub use toss::TossServer;

/// Declares each test twice, as `<name>::sqlite` and `<name>::postgres`, both running the same
/// body against a freshly started, demo-seeded server of that backend. The PostgreSQL variants
/// need `TEST_DATABASE_URL`; `cargo xtask test` skips them (by name) when it is not set.
#[macro_export]
macro_rules! backend_tests {
    ($(
        $(#[$meta:meta])*
        async fn $name:ident($app:ident) $body:block
    )*) => {$(
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let $app = $crate::TestApp::spawn($crate::Backend::Sqlite).await;
                $body
            }

            #[tokio::test]
            async fn postgres() {
                let $app = $crate::TestApp::spawn($crate::Backend::Postgres).await;
                $body
            }
        }
    )*};
}

/// Declares `<name>::sqlite` and `<name>::postgres`, each calling the async function `$body`
/// (a sibling of the module) with its [`Backend`], on a two-thread runtime: for tests that start
/// their own server, workers or processes.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$body($crate::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$body($crate::Backend::Postgres).await;
            }
        }
    };
}

/// The `token` query parameter of the first link in `text` that contains `path`.
pub fn link_token(text: &str, path: &str) -> String {
    let start = text
        .find(path)
        .unwrap_or_else(|| panic!("no link to {path} in: {text}"));
    let rest = &text[start..];
    let t = rest
        .find("token=")
        .unwrap_or_else(|| panic!("the link has no token: {rest}"));
    rest[t + "token=".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}
