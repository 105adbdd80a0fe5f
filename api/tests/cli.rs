//! The `jangteo` binary as an operator runs it: subcommands, flags and environment names that
//! scripts depend on, one-line start-up errors, graceful shutdown.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary with a clean environment: no stray JANGTEO_*, DATABASE_URL or RUST_LOG.
fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jangteo"));
    for (key, _) in std::env::vars() {
        if key.starts_with("JANGTEO_") || key == "DATABASE_URL" || key == "RUST_LOG" {
            cmd.env_remove(key);
        }
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

fn jangteo(data_dir: &Path) -> Command {
    let mut cmd = binary();
    cmd.arg("--data-dir").arg(data_dir);
    cmd
}

fn run(cmd: &mut Command) -> (Output, String, String) {
    let out = cmd.output().expect("jangteo runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

/// Asserts a failed start-up printed exactly one `error:` line containing `needle`.
fn assert_one_line_error(cmd: &mut Command, needle: &str) {
    let (out, _, stderr) = run(cmd);
    assert!(!out.status.success(), "expected failure, got success");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected: {stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    assert!(lines[0].contains(needle), "{needle:?} not in: {stderr}");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A minimal HTTP/1.1 GET; returns the status code and body.
fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Some((status, body))
}

fn wait_until_healthy(child: &mut Child, port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Some((200, _)) = http_get(port, "/healthz") {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("server exited with {status}: {err}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("server did not become healthy on port {port}");
}

#[test]
fn seed_is_idempotent_and_migrate_reports_an_up_to_date_schema() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout, stderr) = run(jangteo(dir.path()).arg("seed"));
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stdout.trim(),
        "loaded the demo shop: 2 channels, 15 products"
    );
    assert!(
        dir.path().join("jangteo.db").is_file(),
        "the SQLite file lives in --data-dir"
    );

    let (out, stdout, _) = run(jangteo(dir.path()).arg("seed"));
    assert!(out.status.success());
    assert_eq!(
        stdout.trim(),
        "the catalog already has products; demo data not loaded"
    );

    let (out, stdout, _) = run(jangteo(dir.path()).arg("migrate"));
    assert!(out.status.success());
    assert!(stdout.contains("0 migration(s) applied"), "{stdout}");
}

#[test]
fn bad_database_urls_stop_start_up_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    assert_one_line_error(
        jangteo(dir.path())
            .arg("migrate")
            .env("DATABASE_URL", "mysql://root:hunter2@db/shop"),
        "DATABASE_URL must start with postgres:// or sqlite://",
    );
    // Unreachable PostgreSQL: the reason, and never the password.
    let (out, _, stderr) = run(jangteo(dir.path())
        .arg("migrate")
        .env("DATABASE_URL", "postgres://shop:hunter2@127.0.0.1:1/shop"));
    assert!(!out.status.success());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: cannot open PostgreSQL at postgres://shop:***@127.0.0.1:1/shop"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[test]
fn bad_configuration_stops_start_up_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    assert_one_line_error(
        jangteo(dir.path()).args(["--config", "/no/such/jangteo.toml", "migrate"]),
        "cannot read configuration file /no/such/jangteo.toml",
    );
    let file = dir.path().join("jangteo.toml");
    std::fs::write(&file, "[graphql]\nmax_depht = 3\n").unwrap();
    assert_one_line_error(
        jangteo(dir.path())
            .arg("--config")
            .arg(&file)
            .arg("migrate"),
        "max_depht",
    );
    assert_one_line_error(
        jangteo(dir.path())
            .arg("migrate")
            .env("JANGTEO_HTTP__WORKERS", "many"),
        "http.workers",
    );
}

#[test]
fn serve_honours_bind_and_data_dir_and_stops_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = jangteo(dir.path())
        .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{port}")])
        .env("JANGTEO_LOG__FORMAT", "json")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_healthy(&mut child, port);
    let (status, body) = http_get(port, "/graphql?query=%7Bshop%7Bname%7D%7D").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("바른한끼"), "{body}");
    assert!(dir.path().join("jangteo.db").is_file());

    // A second server on the same port fails with one clear line.
    assert_one_line_error(
        jangteo(dir.path()).args(["serve", "--bind", &format!("127.0.0.1:{port}")]),
        &format!("cannot listen on 127.0.0.1:{port}"),
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "exit after SIGTERM: {:?}", out.status);
    let logs = String::from_utf8_lossy(&out.stderr);
    for line in logs.lines() {
        let json: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("log line is not JSON ({e}): {line}"));
        assert!(
            json.get("level").is_some() && json.get("timestamp").is_some(),
            "{line}"
        );
    }
    assert!(logs.contains("\"stopped\""), "{logs}");
    assert!(
        logs.contains("\"request.id\""),
        "request logs carry the request id: {logs}"
    );
}

#[test]
fn jangteo_bind_and_data_dir_environment_names_work() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = binary()
        .env("JANGTEO_BIND", format!("127.0.0.1:{port}"))
        .env("JANGTEO_DATA_DIR", dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_healthy(&mut child, port);
    assert!(dir.path().join("jangteo.db").is_file());
    // Without --demo the catalog starts empty.
    let (_, body) = http_get(port, "/graphql?query=%7Bproducts%7Bnodes%7Bname%7D%7D%7D").unwrap();
    assert!(body.contains("\"nodes\":[]"), "{body}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn staff_create_bootstraps_an_owner_with_a_set_password_link() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout, stderr) = run(jangteo(dir.path()).args([
        "staff",
        "create",
        "--email",
        "Owner@Example.com",
        "--role",
        "owner",
    ]));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.starts_with("created owner@example.com (gid://jangteo/Staff/1) as owner;"),
        "{stdout}"
    );
    let link = stdout.lines().last().unwrap();
    assert!(
        link.starts_with("http://127.0.0.1:8080/admin/set-password?token=") && link.len() > 80,
        "{link}"
    );
    // The same address again, a role that does not exist, a malformed address: one line each.
    assert_one_line_error(
        jangteo(dir.path()).args([
            "staff",
            "create",
            "--email",
            "owner@example.com",
            "--role",
            "owner",
        ]),
        "already has a staff account",
    );
    assert_one_line_error(
        jangteo(dir.path()).args([
            "staff",
            "create",
            "--email",
            "x@example.com",
            "--role",
            "boss",
        ]),
        "is not a role",
    );
    assert_one_line_error(
        jangteo(dir.path()).args([
            "staff",
            "create",
            "--email",
            "not-an-email",
            "--role",
            "manager",
        ]),
        "email",
    );
}
