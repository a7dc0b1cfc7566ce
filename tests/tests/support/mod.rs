//! A minimal HTTP/1.1 server on 127.0.0.1 for end-to-end client tests: it answers from a
//! script and records every request it received.
// Each test binary uses a different part of this module.
#![allow(dead_code)]

use polytomic::runtime::{Client, RetryPolicy};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

mod files;
// Like the rest of this module, used by some test binaries only.
#[allow(unused_imports)]
pub use files::{ensure_file_contents, entries};

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn query(&self, name: &str) -> Option<String> {
        let query = self.target.split_once('?')?.1;
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
    pub fault: Fault,
}

/// How the server misbehaves instead of answering in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answers normally.
    None,
    /// Reads the request and closes the connection without a response.
    HangUp,
    /// Sends the head (with the full `content-length`) and this many body bytes, then
    /// closes the connection.
    CutBodyAfter(usize),
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Reply {
            status,
            headers: vec![("content-type", "application/json".to_owned())],
            body: body.to_string().into_bytes(),
            delay: Duration::ZERO,
            fault: Fault::None,
        }
    }

    pub fn raw(status: u16, body: &str) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
            fault: Fault::None,
        }
    }

    /// Closes the connection after reading the request, without answering.
    pub fn hang_up() -> Self {
        Reply {
            fault: Fault::HangUp,
            ..Reply::raw(500, "")
        }
    }

    /// Answers with these bytes, whatever they are.
    pub fn bytes(status: u16, body: Vec<u8>) -> Self {
        Reply {
            body,
            ..Reply::raw(status, "")
        }
    }

    /// Answers `self` but closes the connection after `keep` bytes of the body.
    pub fn cut_after(mut self, keep: usize) -> Self {
        self.fault = Fault::CutBodyAfter(keep);
        self
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

pub type Script = dyn Fn(usize, &Received) -> Reply + Send + Sync;

/// A minimal HTTP/1.1 server: answers each request with `script(index, request)` and
/// records what it received. Keeps connections alive, as reqwest pools them.
pub struct Server {
    pub addr: std::net::SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    pub async fn start(
        script: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let log = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, script.clone(), log.clone()));
            }
        });
        Server { addr, received }
    }

    /// A server that answers every request the same way.
    pub async fn always(reply: Reply) -> Server {
        Server::start(move |_, _| reply.clone()).await
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// A client for this server with quick retries.
    pub fn client(&self) -> polytomic::ClientBuilder {
        Client::builder()
            .base_url(self.url())
            .api_key("secret-api-key")
            .retry_policy(fast_retries(3))
    }
}

pub fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
}

/// A complete chunked body (streamed uploads) and the bytes it took, or `None` while more
/// is to come.
fn dechunk(data: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut body = Vec::new();
    let mut at = 0;
    loop {
        let line_end = at + data.get(at..)?.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[at..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        let chunk_start = line_end + 2;
        if size == 0 {
            // No trailers are sent by the client: the body ends with an empty line.
            return (data.len() >= chunk_start + 2).then_some((body, chunk_start + 2));
        }
        body.extend_from_slice(data.get(chunk_start..chunk_start + size)?);
        at = chunk_start + size + 2;
    }
}

async fn serve(mut stream: TcpStream, script: Arc<Script>, log: Arc<Mutex<Vec<Received>>>) {
    let mut buf = Vec::new();
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().unwrap_or_default().split(' ');
        let method = request_line.next().unwrap_or_default().to_owned();
        let target = request_line.next().unwrap_or_default().to_owned();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let length: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let body_start = head_end + 4;
        let chunked = headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
        let (body, end) = loop {
            let done = if chunked {
                dechunk(&buf[body_start..]).map(|(b, used)| (b, body_start + used))
            } else {
                (buf.len() >= body_start + length).then(|| {
                    (
                        buf[body_start..body_start + length].to_vec(),
                        body_start + length,
                    )
                })
            };
            if let Some(done) = done {
                break done;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        buf.drain(..end);
        let request = Received {
            method,
            target,
            headers,
            body,
        };
        let index = {
            let mut log = log.lock().unwrap();
            log.push(request.clone());
            log.len() - 1
        };
        let reply = script(index, &request);
        tokio::time::sleep(reply.delay).await;
        if reply.fault == Fault::HangUp {
            return;
        }
        let mut response = format!(
            "HTTP/1.1 {} X\r\ncontent-length: {}\r\n",
            reply.status,
            reply.body.len()
        );
        for (n, v) in &reply.headers {
            response.push_str(&format!("{n}: {v}\r\n"));
        }
        response.push_str("\r\n");
        let mut response = response.into_bytes();
        match reply.fault {
            Fault::CutBodyAfter(keep) => {
                response.extend_from_slice(reply.body.get(..keep).unwrap_or(&reply.body));
                let _ = stream.write_all(&response).await;
                return;
            }
            _ => response.extend_from_slice(&reply.body),
        }
        if stream.write_all(&response).await.is_err() {
            return;
        }
    }
}

/// The repository's root (the test crate lives in `tests/`).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Decodes `value` into `T` and checks that encoding it again gives the same JSON.
pub fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(
    value: serde_json::Value,
) -> T {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("does not deserialize: {e}\n{value:#}"));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, value, "round trip changed the JSON of {typed:?}");
    typed
}
