//! Peak memory of a response body at the size limit, as README's runtime section quotes.
//!
//! `cargo run --release -p polytomic-tests --example response_memory -- [padding|users]`
//!
//! A loopback server streams a body of exactly the default limit (64 MiB) without keeping
//! it: `padding` is one small JSON object followed by whitespace (what the client holds is
//! the body itself), `users` a list of users (the body and the decoded list). Prints the
//! process's peak resident memory before and after the call (Linux `VmHWM`).

use polytomic::runtime::{Client, DEFAULT_MAX_RESPONSE_SIZE};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The body's pieces: a start, a middle repeated to fill the limit, an end.
fn pieces(kind: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    match kind {
        "users" => {
            let user = r#"{"email":"someone@example.com","id":"0b6b6f2e-5f5e-4a39-9b55-0d9c3c1f0a11","organization_id":"1c1c6d0b-7f65-4c1b-8a0f-3f7d0f1e2b3c","role":"admin"},"#;
            (
                b"{\"data\":[".to_vec(),
                user.as_bytes().to_vec(),
                b"{}]}".to_vec(),
            )
        }
        _ => (
            br#"{"data":{"email":"ops@example.com"}}"#.to_vec(),
            vec![b' '; 4096],
            Vec::new(),
        ),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let kind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "padding".to_owned());
    let limit = DEFAULT_MAX_RESPONSE_SIZE;
    let (start, middle, end) = pieces(&kind);
    let repeats = (limit - (start.len() + end.len()) as u64) / middle.len() as u64;
    let length = start.len() as u64 + repeats * middle.len() as u64 + end.len() as u64;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 4096];
        let _ = stream.read(&mut buf).await;
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(&start).await.unwrap();
        for _ in 0..repeats {
            stream.write_all(&middle).await.unwrap();
        }
        stream.write_all(&end).await.unwrap();
    });
    let client = Client::builder()
        .base_url(url)
        .api_key("k")
        .build()
        .unwrap();
    let before = peak_kib();
    let count = if kind == "users" {
        let users = client.users().list_current_org_users().await.unwrap();
        users.data.map_or(0, |d| d.len())
    } else {
        client.identity().get().await.unwrap();
        1
    };
    let after = peak_kib();
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "{kind}: body {:.1} MiB ({count} items); peak RSS {:.1} MiB before, {:.1} MiB after: +{:.1} MiB = {:.2}x the body",
        length as f64 / (1024.0 * 1024.0),
        mib(before),
        mib(after),
        mib(after - before),
        (after - before) as f64 * 1024.0 / length as f64
    );
}
