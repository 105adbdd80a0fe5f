//! A local mirror of unpkg.com for the packages `cargo xtask tools` installs under
//! `target/tools/npm` (GraphiQL and React): `GET /NAME@VERSION/PATH` serves
//! `node_modules/NAME/PATH` when the installed package has that version. It answers with CORS
//! headers, as unpkg.com does, so pages may load the files with Subresource Integrity.

use std::path::PathBuf;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A running mirror; stops when dropped.
pub struct NpmMirror {
    /// `http://127.0.0.1:<port>`
    pub url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for NpmMirror {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn resolve(root: &std::path::Path, path: &str) -> Option<PathBuf> {
    let path = path.trim_start_matches('/');
    let (spec, rest) = path.split_once('/')?;
    let (name, version) = spec.rsplit_once('@')?;
    if [name, rest].iter().any(|p| p.contains("..")) || name.is_empty() {
        return None;
    }
    let package = root.join("node_modules").join(name);
    let manifest = std::fs::read_to_string(package.join("package.json")).ok()?;
    let installed: serde_json::Value = serde_json::from_str(&manifest).ok()?;
    (installed["version"] == version).then(|| package.join(rest))
}

impl NpmMirror {
    /// Serves the packages installed under `target/tools/npm`.
    pub async fn start() -> NpmMirror {
        let root = crate::app::repo_path("target/tools/npm");
        assert!(
            root.join("node_modules/graphiql/package.json").is_file(),
            "GraphiQL is not installed under {}: run `cargo xtask tools`",
            root.display()
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let root = root.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
                        match stream.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&head);
                    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                    let file = resolve(&root, path.split('?').next().unwrap_or(""));
                    let (status, body) =
                        match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
                            Some((file, body)) => {
                                let kind = match file.extension().and_then(|e| e.to_str()) {
                                    Some("js") => "application/javascript; charset=utf-8",
                                    Some("css") => "text/css; charset=utf-8",
                                    _ => "application/octet-stream",
                                };
                                (format!("200 OK\r\ncontent-type: {kind}"), body)
                            }
                            None => (
                                "404 Not Found\r\ncontent-type: text/plain".to_owned(),
                                b"not found".to_vec(),
                            ),
                        };
                    let response = format!(
                        "HTTP/1.1 {status}\r\naccess-control-allow-origin: *\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(response.as_bytes()).await;
                    let _ = stream.write_all(&body).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        NpmMirror { url, task }
    }
}
