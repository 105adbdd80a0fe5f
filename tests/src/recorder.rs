//! A local HTTP server standing in for an external provider (SMS gateway, payment gateway): it
//! records every request it receives and answers with the status the test chose, so the real
//! client code runs against the provider's protocol.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One recorded request.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Header names lower-cased.
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl Recorded {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

/// An answer: a status, a body and its type, and where a redirect goes.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub location: Option<String>,
    pub body: String,
}

impl Answer {
    /// A page or script for a browser.
    pub fn text(content_type: &'static str, body: String) -> Answer {
        Answer {
            status: 200,
            content_type,
            location: None,
            body,
        }
    }

    /// `302 Found` to `location`.
    pub fn redirect(location: String) -> Answer {
        Answer {
            status: 302,
            content_type: "text/plain",
            location: Some(location),
            body: String::new(),
        }
    }
}

/// A JSON answer.
impl From<(u16, String)> for Answer {
    fn from((status, body): (u16, String)) -> Answer {
        Answer {
            status,
            content_type: "application/json",
            location: None,
            body,
        }
    }
}

/// Answers a request (a provider's protocol, in a test).
pub type Handler = Arc<dyn Fn(&Recorded) -> Answer + Send + Sync>;

/// A running recorder.
pub struct Recorder {
    pub port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
    reply: Arc<Mutex<Reply>>,
    task: tokio::task::JoinHandle<()>,
}

enum Reply {
    Fixed(u16, String),
    Handler(Handler),
}

impl Recorder {
    /// Starts a recorder that answers `200 {"status":"accepted"}` until told otherwise.
    pub async fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let requests: Arc<Mutex<Vec<Recorded>>> = Arc::default();
        let reply = Arc::new(Mutex::new(Reply::Fixed(
            200,
            r#"{"status":"accepted"}"#.to_owned(),
        )));
        let (r, rep) = (requests.clone(), reply.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let (r, rep) = (r.clone(), rep.clone());
                tokio::spawn(async move {
                    let _ = serve(socket, r, rep).await;
                });
            }
        });
        Recorder {
            port,
            requests,
            reply,
            task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The status and body of every following answer.
    pub fn reply_with(&self, status: u16, body: &str) {
        *self.reply.lock().unwrap() = Reply::Fixed(status, body.to_owned());
    }

    /// Answers every following request with `handler`.
    pub fn handle_with(&self, handler: Handler) {
        *self.reply.lock().unwrap() = Reply::Handler(handler);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests arrived (up to 20 s).
    pub async fn wait_for(&self, n: usize) -> Vec<Recorded> {
        for _ in 0..200 {
            let got = self.requests();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected {n} requests, got {}", self.requests().len());
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    socket: tokio::net::TcpStream,
    requests: Arc<Mutex<Vec<Recorded>>>,
    reply: Arc<Mutex<Reply>>,
) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut reader = BufReader::new(read);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).await? == 0 {
            return Ok(());
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let path = parts.next().unwrap_or_default().to_owned();
        let mut headers = BTreeMap::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).await?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
            }
        }
        let length: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await?;
        let recorded = Recorded {
            method,
            path,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        requests.lock().unwrap().push(recorded.clone());
        let answer = match &*reply.lock().unwrap() {
            Reply::Fixed(status, body) => Ok(Answer::from((*status, body.clone()))),
            Reply::Handler(h) => Err(h.clone()),
        };
        let answer = match answer {
            Ok(fixed) => fixed,
            Err(handler) => handler(&recorded),
        };
        let location = answer
            .location
            .map(|l| format!("location: {l}\r\n"))
            .unwrap_or_default();
        let response = format!(
            "HTTP/1.1 {} X\r\ncontent-type: {}\r\n{location}content-length: {}\r\n\r\n{}",
            answer.status,
            answer.content_type,
            answer.body.len(),
            answer.body
        );
        write.write_all(response.as_bytes()).await?;
    }
}
