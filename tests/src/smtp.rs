//! A real SMTP server on 127.0.0.1 for tests: it speaks the protocol (RFC 5321: EHLO/HELO, MAIL,
//! RCPT, DATA with dot-stuffing, RSET, NOOP, QUIT) and keeps every message it accepts, so a test
//! checks what actually went over the wire. It can also refuse recipients, answer "try later",
//! or hang, to test how senders cope.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// How the server treats recipients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpBehaviour {
    Accept,
    /// `550` to every RCPT: a permanent refusal.
    RejectRecipients,
    /// `451` to every RCPT: a temporary failure.
    TemporaryFailure,
    /// Accepts the connection and never answers.
    Hang,
}

/// A message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as transmitted (headers and body, dot-stuffing removed).
    pub data: String,
}

impl Received {
    /// The parsed message.
    pub fn parsed(&self) -> mailparse::ParsedMail<'_> {
        mailparse::parse_mail(self.data.as_bytes()).expect("a well-formed message")
    }

    /// A header's decoded value.
    pub fn header(&self, name: &str) -> Option<String> {
        use mailparse::MailHeaderMap;
        self.parsed().headers.get_first_value(name)
    }

    /// The decoded body of the first part of this MIME type.
    pub fn part(&self, mime: &str) -> Option<String> {
        fn find(p: &mailparse::ParsedMail<'_>, mime: &str) -> Option<String> {
            if p.ctype.mimetype == mime {
                return p.get_body().ok();
            }
            p.subparts.iter().find_map(|s| find(s, mime))
        }
        find(&self.parsed(), mime)
    }
}

/// A running test SMTP server.
pub struct SmtpServer {
    pub port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
    behaviour: Arc<Mutex<SmtpBehaviour>>,
    task: tokio::task::JoinHandle<()>,
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let messages: Arc<Mutex<Vec<Received>>> = Arc::default();
        let behaviour = Arc::new(Mutex::new(SmtpBehaviour::Accept));
        let (m, b) = (messages.clone(), behaviour.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let (m, b) = (m.clone(), b.clone());
                tokio::spawn(async move {
                    let _ = session(socket, m, b).await;
                });
            }
        });
        SmtpServer {
            port,
            messages,
            behaviour,
            task,
        }
    }

    pub fn set_behaviour(&self, behaviour: SmtpBehaviour) {
        *self.behaviour.lock().unwrap() = behaviour;
    }

    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().unwrap().clone()
    }

    /// Waits until at least `n` messages arrived (up to 20 s) and returns them all.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected {n} messages, got {}", self.messages().len());
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn session(
    socket: tokio::net::TcpStream,
    messages: Arc<Mutex<Vec<Received>>>,
    behaviour: Arc<Mutex<SmtpBehaviour>>,
) -> std::io::Result<()> {
    let behaviour = *behaviour.lock().unwrap();
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    if behaviour == SmtpBehaviour::Hang {
        // Read and never answer, until the client gives up.
        while lines.next_line().await?.is_some() {}
        return Ok(());
    }
    write.write_all(b"220 jangteo-test ESMTP ready\r\n").await?;
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    while let Some(line) = lines.next_line().await? {
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-jangteo-test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if upper.starts_with("HELO") {
            b"250 jangteo-test\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            mail_from = address(&line[10..]);
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            match behaviour {
                SmtpBehaviour::RejectRecipients => b"550 5.1.1 No such mailbox\r\n",
                SmtpBehaviour::TemporaryFailure => b"451 4.3.0 Try again later\r\n",
                _ => {
                    rcpt_to.push(address(&line[8..]));
                    b"250 OK\r\n"
                }
            }
        } else if upper == "DATA" {
            write
                .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await?;
            let mut data = String::new();
            while let Some(l) = lines.next_line().await? {
                if l == "." {
                    break;
                }
                let l = l.strip_prefix('.').unwrap_or(&l);
                data.push_str(l);
                data.push_str("\r\n");
            }
            messages.lock().unwrap().push(Received {
                mail_from: mail_from.clone(),
                rcpt_to: std::mem::take(&mut rcpt_to),
                data,
            });
            b"250 OK queued\r\n"
        } else if upper == "RSET" {
            rcpt_to.clear();
            b"250 OK\r\n"
        } else if upper == "NOOP" {
            b"250 OK\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Command not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
    Ok(())
}

fn address(arg: &str) -> String {
    let arg = arg.trim();
    let inner = arg
        .strip_prefix('<')
        .and_then(|a| a.split('>').next())
        .unwrap_or(arg);
    inner.to_owned()
}
