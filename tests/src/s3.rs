//! A real S3-compatible server for the media tests: moto's (`cargo xtask tools` installs it
//! under `target/tools/moto`), started on a free local port, with one bucket.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct S3Server {
    child: Child,
    pub endpoint: String,
    pub bucket: String,
}

fn executable() -> String {
    let local = crate::app::repo_path("target/tools/moto/bin/moto_server");
    if local.is_file() {
        return local.to_string_lossy().into_owned();
    }
    match Command::new("moto_server")
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(_) => "moto_server".into(),
        Err(_) => panic!("the S3 test server is not installed: run `cargo xtask tools`"),
    }
}

impl S3Server {
    /// Starts the server and creates `bucket`.
    pub async fn start(bucket: &str) -> S3Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("free port")
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(executable())
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let server = S3Server {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            bucket: bucket.to_owned(),
        };
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            // Creating the bucket doubles as the readiness probe.
            if let Ok(resp) = client
                .put(format!("{}/{bucket}", server.endpoint))
                .send()
                .await
                && resp.status().is_success()
            {
                return server;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "moto_server did not come up"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The keys stored in the bucket (ListObjectsV2).
    pub async fn keys(&self) -> Vec<String> {
        let xml = reqwest::get(format!("{}/{}?list-type=2", self.endpoint, self.bucket))
            .await
            .expect("list")
            .text()
            .await
            .unwrap();
        xml.split("<Key>")
            .skip(1)
            .filter_map(|s| s.split("</Key>").next())
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
