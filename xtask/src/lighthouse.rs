//! `cargo xtask lighthouse`: Lighthouse (npm `lighthouse@12.2.3`, Debian's Chromium) on the
//! storefront's home, a category and a product page, mobile (Lighthouse's default throttling)
//! and desktop, against the demo shop served by the debug build `cargo xtask run` uses. Prints
//! the four category scores and LCP, CLS and TBT per page. A benchmark, not a test: nothing
//! fails on a low score.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Result, root, sh};

const LIGHTHOUSE: &str = "lighthouse@12.2.3";
const PAGES: [(&str, &str); 3] = [
    ("home", "/"),
    ("category", "/category/meal"),
    ("product", "/products/protein-shake-chocolate"),
];

fn lighthouse_dir() -> PathBuf {
    root().join("target/tools/lighthouse")
}

/// The demo shop on a free port, stopped (by its PID) when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn run() -> Result {
    let cli = lighthouse_dir().join("node_modules/lighthouse/cli/index.js");
    if !cli.is_file() {
        std::fs::create_dir_all(lighthouse_dir()).map_err(|e| e.to_string())?;
        sh(
            "npm",
            &[
                "install",
                "--prefix",
                &lighthouse_dir().to_string_lossy(),
                LIGHTHOUSE,
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ],
        )?;
    }
    sh(&crate::cargo(), &["build", "--package", "jangteo"])?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let data = root().join("target/lighthouse-data");
    let _ = std::fs::remove_dir_all(&data);
    let bind = format!("127.0.0.1:{port}");
    let server = Server(
        Command::new(root().join("target/debug/jangteo"))
            .args(["serve", "--demo", "--bind", &bind, "--data-dir"])
            .arg(&data)
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the shop: {e}"))?,
    );
    let base = format!("http://{bind}");
    let started = Instant::now();
    while !ready(port) {
        if started.elapsed() > Duration::from_secs(120) {
            return Err("the shop did not become ready in 2 minutes".into());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    // The demo's pictures are resized by background jobs after the start: measure once they
    // are done, not while they take the CPU and the pages still show the originals.
    while !pictures_resized(port) {
        if started.elapsed() > Duration::from_secs(300) {
            return Err("the demo's pictures were not resized in 5 minutes".into());
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    let reports = root().join("target/lighthouse");
    std::fs::create_dir_all(&reports).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    for form in ["mobile", "desktop"] {
        for (name, path) in PAGES {
            let out = reports.join(format!("{name}-{form}.json"));
            let mut args = vec![
                cli.to_string_lossy().into_owned(),
                format!("{base}{path}"),
                "--quiet".into(),
                "--output=json".into(),
                format!("--output-path={}", out.display()),
                "--only-categories=performance,accessibility,best-practices,seo".into(),
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu \
                 --disable-background-networking --disable-component-update --no-first-run"
                    .into(),
            ];
            if form == "desktop" {
                args.push("--preset=desktop".into());
            }
            let status = Command::new("node")
                .args(&args)
                .env("CHROME_PATH", chromium())
                .status()
                .map_err(|e| format!("node: {e}"))?;
            if !status.success() {
                eprintln!("xtask: lighthouse failed on {name} ({form}): {status}");
                continue;
            }
            let report: serde_json::Value = serde_json::from_slice(
                &std::fs::read(&out).map_err(|e| format!("{}: {e}", out.display()))?,
            )
            .map_err(|e| format!("{}: {e}", out.display()))?;
            rows.push((form, name, report));
        }
    }
    drop(server);
    println!(
        "{:<8} {:<9} {:>5} {:>5} {:>5} {:>5} {:>8} {:>6} {:>7}",
        "form", "page", "perf", "a11y", "bp", "seo", "LCP ms", "CLS", "TBT ms"
    );
    for (form, name, r) in rows {
        let score = |c: &str| {
            r["categories"][c]["score"]
                .as_f64()
                .map(|s| format!("{:.0}", s * 100.0))
                .unwrap_or_else(|| "-".into())
        };
        let audit = |a: &str, digits: usize| {
            r["audits"][a]["numericValue"]
                .as_f64()
                .map(|v| format!("{v:.digits$}"))
                .unwrap_or_else(|| "error".into())
        };
        println!(
            "{form:<8} {name:<9} {:>5} {:>5} {:>5} {:>5} {:>8} {:>6} {:>7}",
            score("performance"),
            score("accessibility"),
            score("best-practices"),
            score("seo"),
            audit("largest-contentful-paint", 0),
            audit("cumulative-layout-shift", 3),
            audit("total-blocking-time", 0),
        );
    }
    println!("reports: {}", reports.display());
    Ok(())
}

fn chromium() -> String {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).is_file())
        .unwrap_or("chromium")
        .to_owned()
}

/// Whether every listed product's picture is served in its listing size (not the original).
fn pictures_resized(port: u16) -> bool {
    use std::io::{Read, Write};
    let body =
        r#"{"query":"{ products(first: 100) { nodes { thumbnail { url(size: LISTING) } } } }"}"#;
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut answer = String::new();
    if stream.write_all(request.as_bytes()).is_err() || stream.read_to_string(&mut answer).is_err()
    {
        return false;
    }
    answer.contains("listing.") && !answer.contains("/original.")
}

/// Whether `GET /readyz` answers 200.
fn ready(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream
        .write_all(b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.ends_with(b"200")
}
