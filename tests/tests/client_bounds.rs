//! The generated client stays bounded when a server misbehaves, on 127.0.0.1: pagination
//! that would never end, bodies of any size (compressed or not), error text meant for a
//! terminal or a log, `Retry-After` dates, oversize headers and odd redirects. Every
//! hostile case is bounded in requests and bytes, not left to a timeout.

use polytomic::runtime::{Client, Error};
use serde_json::json;
use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod support;
use support::{Received, Reply, Server};

const MIB: u64 = 1024 * 1024;

fn identity() -> serde_json::Value {
    json!({ "data": { "email": "ops@example.com" } })
}

// ----- pagination -----

mod pagination {
    use super::*;
    use fixture_outputs::openapi::pagination::models;
    use fixture_outputs::openapi::pagination::runtime::{Client, Error, PaginationStop};

    pub(super) fn client(server: &Server) -> Client {
        Client::builder().base_url(server.url()).build().unwrap()
    }

    fn page(names: &[&str], next: Option<&str>) -> Reply {
        let items: Vec<_> = names.iter().map(|n| json!({ "name": n })).collect();
        Reply::json(200, json!({ "items": items, "next_page": next }))
    }

    fn names(items: &[models::Project]) -> Vec<&str> {
        items.iter().map(|p| p.name.as_str()).collect()
    }

    #[tokio::test]
    async fn tokens_that_go_round_in_a_circle_end_the_stream_with_an_error() {
        // A, B, A, B, ...: each token differs from the one before it.
        let server = Server::start(
            |_, req: &Received| match req.query("page_token").as_deref() {
                None => page(&["p0"], Some("A")),
                Some("A") => page(&["pa"], Some("B")),
                Some(_) => page(&["pb"], Some("A")),
            },
        )
        .await;
        let client = client(&server);
        let mut stream = client.list_projects().stream();
        let mut items = Vec::new();
        let err = loop {
            match stream.try_next().await {
                Ok(Some(item)) => items.push(item),
                Ok(None) => panic!("the stream ended without an error"),
                Err(e) => break e,
            }
        };
        // Every item received is delivered before the error.
        assert_eq!(names(&items), ["p0", "pa", "pb"]);
        match &err {
            Error::Pagination { pages, reason } => {
                assert_eq!(*pages, 3);
                assert_eq!(*reason, PaginationStop::RepeatedToken);
            }
            other => panic!("expected a pagination error, got {other}"),
        }
        assert!(err.to_string().contains("earlier page"), "{err}");
        assert_eq!(server.received().len(), 3);
        // The stream is over.
        assert!(stream.try_next().await.unwrap().is_none());
    }

    #[tokio::test]
    async fn empty_pages_with_fresh_tokens_stop_after_the_limit() {
        let server = Server::start(|i, _: &Received| page(&[], Some(&format!("t{i}")))).await;
        let client = client(&server);
        // A single `try_next` returns.
        let err = client
            .list_projects()
            .stream()
            .try_next()
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Pagination {
                    pages: 100,
                    reason: PaginationStop::TooManyEmptyPages { limit: 100 }
                }
            ),
            "{err}"
        );
        assert_eq!(server.received().len(), 100);

        let server = Server::start(|i, _: &Received| page(&[], Some(&format!("t{i}")))).await;
        let client = super::pagination::client(&server);
        let err = client
            .list_projects()
            .stream()
            .max_empty_pages(5)
            .collect_all()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Pagination { pages: 5, .. }), "{err}");
        assert_eq!(server.received().len(), 5);
    }

    #[tokio::test]
    async fn an_empty_page_between_full_ones_is_followed() {
        let server = Server::start(
            |_, req: &Received| match req.query("page_token").as_deref() {
                None => page(&["a"], Some("t1")),
                Some("t1") => page(&[], Some("t2")),
                Some(_) => page(&["b"], None),
            },
        )
        .await;
        let client = client(&server);
        let all = client
            .list_projects()
            .stream()
            .max_empty_pages(1)
            .collect_all()
            .await;
        // One empty page is the limit here: it ends the stream.
        assert!(matches!(all, Err(Error::Pagination { pages: 2, .. })));
        let all = client
            .list_projects()
            .stream()
            .max_empty_pages(2)
            .collect_all()
            .await
            .unwrap();
        assert_eq!(names(&all), ["a", "b"]);
    }

    #[tokio::test]
    async fn a_stream_fetches_at_most_its_page_limit() {
        let server =
            Server::start(|i, _: &Received| page(&[&format!("p{i}")], Some(&format!("t{i}"))))
                .await;
        let client = client(&server);
        let mut stream = client.list_projects().stream().max_pages(10);
        let mut count = 0;
        let err = loop {
            match stream.try_next().await {
                Ok(Some(_)) => count += 1,
                Ok(None) => panic!("no error"),
                Err(e) => break e,
            }
        };
        assert_eq!(count, 10);
        assert!(
            matches!(
                err,
                Error::Pagination {
                    pages: 10,
                    reason: PaginationStop::TooManyPages { limit: 10 }
                }
            ),
            "{err}"
        );
        assert_eq!(server.received().len(), 10);
    }

    #[tokio::test]
    async fn a_link_back_to_an_earlier_page_is_a_repeat_however_it_is_spelled() {
        let first = "/Accounts/AC1/Calls.json?PageSize=1";
        let server = Server::start(move |_, req: &Received| {
            let next = if req.target == first {
                "/Accounts/AC1/Calls.json?PageSize=1&Page=1".to_owned()
            } else {
                // Back to the first page, as an absolute URL.
                let host = req.header("host").unwrap_or_default();
                format!("http://{host}{first}")
            };
            Reply::json(
                200,
                json!({"calls": [{"sid": req.target}], "next_page_uri": next}),
            )
        })
        .await;
        let client = client(&server);
        let err = client
            .list_call("AC1")
            .page_size(1)
            .stream()
            .collect_all()
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Pagination {
                    pages: 2,
                    reason: PaginationStop::RepeatedToken
                }
            ),
            "{err}"
        );
        assert_eq!(server.received().len(), 2);
    }
}

// ----- response size -----

/// A server that answers every request with `head` and then body bytes from `chunk`
/// until the client stops reading (or `cap` bytes), counting what it managed to send.
struct Streaming {
    url: String,
    sent: Arc<AtomicU64>,
    requests: Arc<AtomicU64>,
}

async fn streaming(head: String, chunk: Vec<u8>, cap: u64) -> Streaming {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let sent = Arc::new(AtomicU64::new(0));
    let requests = Arc::new(AtomicU64::new(0));
    let (total, count) = (sent.clone(), requests.clone());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (head, chunk, total, count) =
                (head.clone(), chunk.clone(), total.clone(), count.clone());
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                count.fetch_add(1, Ordering::SeqCst);
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let mut written = 0;
                while written < cap {
                    if stream.write_all(&chunk).await.is_err() {
                        return;
                    }
                    written += chunk.len() as u64;
                    total.fetch_add(chunk.len() as u64, Ordering::SeqCst);
                }
            });
        }
    });
    Streaming {
        url,
        sent,
        requests,
    }
}

fn client_for(url: &str) -> polytomic::ClientBuilder {
    Client::builder()
        .base_url(url)
        .api_key("k")
        .retry_policy(support::fast_retries(3))
}

#[tokio::test]
async fn an_endless_success_body_is_read_only_up_to_the_limit() {
    // No length: the body goes on as long as the client reads (up to 1 GiB).
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
    let server = streaming(head.to_owned(), vec![b' '; 64 * 1024], 1024 * MIB).await;
    let client = client_for(&server.url)
        .max_response_size(MIB)
        .build()
        .unwrap();
    let err = client.identity().get().await.unwrap_err();
    match &err {
        Error::ResponseTooLarge { status, limit, .. } => {
            assert_eq!((*status, *limit), (200, MIB));
        }
        other => panic!("expected ResponseTooLarge, got {other}"),
    }
    assert!(err.to_string().contains("larger than the limit"), "{err}");
    // What the server got out before the client hung up: the limit and what the sockets'
    // buffers hold, nowhere near the gigabyte on offer.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let sent = server.sent.load(Ordering::SeqCst);
    assert!(sent < 64 * MIB, "the server sent {sent} bytes");
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_announced_length_over_the_limit_is_refused_before_reading() {
    let server = Server::always(Reply::bytes(200, vec![b' '; 2 * MIB as usize])).await;
    let client = server.client().max_response_size(MIB).build().unwrap();
    let err = client.identity().get().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err}");
    // Per request, the limit can be raised (here lifted) again.
    let err = client
        .identity()
        .get()
        .max_response_size(u64::MAX)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err}");
    // A body at the limit is read whole.
    let body = identity().to_string();
    let server = Server::always(Reply::json(200, identity())).await;
    let client = server
        .client()
        .max_response_size(body.len() as u64)
        .build()
        .unwrap();
    assert!(client.identity().get().await.unwrap().data.is_some());
}

#[tokio::test]
async fn a_large_error_body_is_kept_up_to_a_cap_and_not_downloaded_on_each_retry() {
    // 50 MiB per answer, with its length announced.
    let head = format!(
        "HTTP/1.1 500 Internal Server Error\r\ncontent-length: {}\r\n\r\n",
        50 * MIB
    );
    let server = streaming(head, vec![b'e'; 64 * 1024], 50 * MIB).await;
    let client = client_for(&server.url).build().unwrap();
    let err = client.identity().get().await.unwrap_err();
    assert_eq!(err.attempts(), Some(3), "{err}");
    match err.last() {
        Error::Api { raw, truncated, .. } => {
            assert_eq!(raw.len(), 64 * 1024);
            assert!(*truncated);
        }
        other => panic!("expected an API error, got {other}"),
    }
    assert!(err.to_string().len() < 600, "{}", err.to_string().len());
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.requests.load(Ordering::SeqCst), 3);
    let sent = server.sent.load(Ordering::SeqCst);
    assert!(
        sent < 50 * MIB,
        "the server sent {sent} bytes over 3 attempts"
    );
}

// ----- compression -----

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[tokio::test]
async fn gzip_is_asked_for_and_decoded() {
    let body = gzip(identity().to_string().as_bytes());
    let server = Server::always(
        Reply::bytes(200, body)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip"),
    )
    .await;
    let client = server.client().build().unwrap();
    let me = client.identity().get().await.unwrap();
    assert_eq!(
        me.data.and_then(|d| d.email).as_deref(),
        Some("ops@example.com")
    );
    let accept = server.received()[0]
        .header("accept-encoding")
        .unwrap_or_default()
        .to_owned();
    assert!(accept.contains("gzip"), "{accept}");
}

#[tokio::test]
async fn a_compression_bomb_is_stopped_at_the_limit_of_decoded_bytes() {
    // 64 MiB of JSON whitespace, about 64 KiB compressed.
    let bomb = gzip(&vec![b' '; 64 * MIB as usize]);
    assert!(bomb.len() < MIB as usize);
    let server = Server::always(
        Reply::bytes(200, bomb)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip"),
    )
    .await;
    let client = server.client().max_response_size(MIB).build().unwrap();
    let err = client.identity().get().await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit, .. } if limit == MIB),
        "{err}"
    );
}

// ----- error text -----

#[tokio::test]
async fn error_text_from_the_server_cannot_forge_log_lines_or_escape_sequences() {
    let hostile = "denied\nlevel=INFO msg=\"all good\"\r\u{1b}[2J\u{7}";
    let server = Server::always(
        Reply::raw(403, &format!("{hostile}{}", "x".repeat(100_000)))
            .header("x-request-id", "req-1"),
    )
    .await;
    let client = server.client().build().unwrap();
    let err = client.identity().get().await.unwrap_err();
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(
            !shown.chars().any(|c| c.is_control()),
            "control characters in {shown:?}"
        );
        assert!(shown.len() < 1000, "{} bytes", shown.len());
        assert!(shown.contains("level=INFO"), "{shown}");
    }
    // All of it stays available.
    assert!(err.raw_body().unwrap().starts_with(hostile));
}

// ----- smaller items -----

#[tokio::test]
async fn retry_after_in_rfc_850_and_asctime_form_is_understood() {
    let in_an_hour = std::time::SystemTime::now() + Duration::from_secs(3600);
    let imf = httpdate::fmt_http_date(in_an_hour);
    // "Sun, 06 Nov 1994 08:49:37 GMT" -> "Sunday, 06-Nov-94 08:49:37 GMT" and
    // "Sun Nov  6 08:49:37 1994".
    let parsed = httpdate::parse_http_date(&imf).unwrap();
    let text: Vec<&str> = imf.split([' ', ',']).filter(|s| !s.is_empty()).collect();
    let (day, date, month, year, time) = (text[0], text[1], text[2], text[3], text[4]);
    let weekday = match day {
        "Mon" => "Monday",
        "Tue" => "Tuesday",
        "Wed" => "Wednesday",
        "Thu" => "Thursday",
        "Fri" => "Friday",
        "Sat" => "Saturday",
        _ => "Sunday",
    };
    let rfc850 = format!("{weekday}, {date}-{month}-{} {time} GMT", &year[2..]);
    let asctime = format!(
        "{day} {month} {:>2} {time} {year}",
        date.trim_start_matches('0')
    );
    for form in [imf.clone(), rfc850, asctime] {
        assert_eq!(
            httpdate::parse_http_date(&form).ok(),
            Some(parsed),
            "{form}"
        );
        let server = Server::always(Reply::raw(503, "").header("retry-after", &form)).await;
        // An hour is more than the policy waits for: understood, the client gives up at
        // once instead of retrying after its own backoff.
        let client = server
            .client()
            .retry_policy(support::fast_retries(3).max_retry_after(Duration::from_secs(1)))
            .build()
            .unwrap();
        let err = client.identity().get().await.unwrap_err();
        assert_eq!(err.status(), Some(503));
        assert_eq!(server.received().len(), 1, "{form}");
    }
    // Not a date: the client's own backoff applies.
    let server = Server::always(Reply::raw(503, "").header("retry-after", "later")).await;
    let client = server.client().build().unwrap();
    assert!(client.identity().get().await.is_err());
    assert_eq!(server.received().len(), 3);
}

#[test]
fn the_organization_id_is_not_printed() {
    let builder = Client::builder()
        .deployment_key("deployment-secret")
        .organization_id("org-secret-7");
    let shown = format!("{builder:?}");
    assert!(!shown.contains("org-secret-7") && !shown.contains("deployment-secret"));
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("org-secret-7") && !shown.contains("deployment-secret"));
    assert!(shown.contains("<redacted>"), "{shown}");
}

#[tokio::test]
async fn a_header_block_too_large_is_named_and_not_retried() {
    let server =
        Server::always(Reply::json(200, identity()).header("x-huge", &"h".repeat(1 << 20))).await;
    let client = server.client().build().unwrap();
    let err = client.identity().get().await.unwrap_err();
    assert!(matches!(err, Error::HeadersTooLarge(_)), "{err:?}");
    assert!(err.to_string().contains("headers are larger"), "{err}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_redirect_whose_location_is_not_ascii_is_still_a_redirect() {
    let server =
        Server::always(Reply::raw(302, "").header("location", "http://other.invalid/ü")).await;
    let client = server.client().build().unwrap();
    let err = client.identity().get().await.unwrap_err();
    match &err {
        Error::Redirect {
            status, location, ..
        } => {
            assert_eq!(*status, 302);
            assert_eq!(location, "http://other.invalid/ü");
        }
        other => panic!("expected a redirect, got {other:?}"),
    }
}
