//! Server-sent events end to end (tests/fixtures/openapi/sse.yaml), against a loopback
//! server that writes its body in pieces: events split across writes, comments,
//! multi-line data, `event`/`id`/`retry`, data that does not decode, and streams that
//! break off.

use fixture_outputs::openapi::sse::models;
use fixture_outputs::openapi::sse::runtime::{Client, Error, RetryPolicy};
use futures_util::StreamExt as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server does after the response head.
#[derive(Clone)]
enum Step {
    /// Writes these bytes as one chunk (one TCP write).
    Write(&'static str),
    /// Waits, so the client reads what came before on its own.
    Pause,
    /// Ends the body properly.
    End,
    /// Closes the connection without ending the body.
    Drop,
}

/// A server answering every request with `status`, `content_type` and a chunked body
/// written step by step; it records each request's head (and body).
struct Server {
    url: String,
    requests: Arc<Mutex<Vec<String>>>,
}

async fn serve(status: u16, content_type: &'static str, steps: Vec<Step>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let log = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let steps = steps.clone();
            let log = log.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let head_end = loop {
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                    let mut chunk = [0u8; 4096];
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse().unwrap());
                while buf.len() < head_end + length {
                    let mut chunk = [0u8; 4096];
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                log.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&buf).into_owned());
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\n\
                     x-request-id: sse-1\r\ntransfer-encoding: chunked\r\n\r\n"
                );
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                for step in steps {
                    match step {
                        Step::Write(text) => {
                            let chunk = format!("{:x}\r\n{text}\r\n", text.len());
                            let _ = stream.write_all(chunk.as_bytes()).await;
                            let _ = stream.flush().await;
                        }
                        Step::Pause => tokio::time::sleep(Duration::from_millis(30)).await,
                        Step::End => {
                            let _ = stream.write_all(b"0\r\n\r\n").await;
                        }
                        Step::Drop => return,
                    }
                }
                // Keeps the connection until the client is done with it.
                let _ = stream.read(&mut [0u8; 16]).await;
            });
        }
    });
    Server { url, requests }
}

fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(&server.url)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(5)),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn typed_events_arrive_whole_from_pieces_with_their_fields() {
    use Step::*;
    let server = serve(
        200,
        "text/event-stream; charset=utf-8",
        vec![
            Write(": keep-alive\n\n"),
            Pause,
            // One event over three writes, the second cutting a line and a CRLF.
            Write("event: progress\nid: 1\nretry: 2500\ndata: {\"step\":\"lo"),
            Pause,
            Write("ad\",\r"),
            Pause,
            Write("\ndata: \"percent\":50}\n\n"),
            Write(": keep-alive\n\ndata: {\"step\":\"done\",\"percent\":100}\n\n"),
            // Data the schema does not describe: kept as text.
            Write("event: note\ndata: [DONE]\n\n"),
            End,
        ],
    )
    .await;
    let client = client(&server);
    let mut events = client.job_events("j1").since(5).await.unwrap();
    assert_eq!(events.status(), 200);
    assert_eq!(events.request_id(), Some("sse-1"));
    assert!(events.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));

    let first = events.try_next().await.unwrap().unwrap();
    assert_eq!(first.event.as_deref(), Some("progress"));
    assert_eq!(first.id.as_deref(), Some("1"));
    assert_eq!(first.retry, Some(Duration::from_millis(2500)));
    let progress: models::Progress = first.data.unwrap();
    assert_eq!((progress.step.as_str(), progress.percent), ("load", 50));

    let second = events.try_next().await.unwrap().unwrap();
    assert_eq!(second.event, None);
    // The last id set stays with the events after it.
    assert_eq!(second.id.as_deref(), Some("1"));
    assert_eq!(second.retry, None);
    assert_eq!(second.data.unwrap().percent, 100);

    let third = events.try_next().await.unwrap().unwrap();
    assert_eq!(third.event.as_deref(), Some("note"));
    let undecoded = third.data.unwrap_err();
    assert_eq!(undecoded.raw(), "[DONE]");
    assert!(!undecoded.message().is_empty());

    assert!(events.try_next().await.unwrap().is_none());
    assert_eq!(events.last_event_id(), Some("1"));
    assert_eq!(events.retry(), Some(Duration::from_millis(2500)));

    let requests = server.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].starts_with("GET /jobs/j1/events?since=5 "));
    assert!(requests[0]
        .to_ascii_lowercase()
        .contains("accept: text/event-stream"));
}

#[tokio::test]
async fn text_events_then_a_dropped_connection_end_the_stream_with_an_error_and_no_resend() {
    use Step::*;
    let server = serve(
        200,
        "text/event-stream",
        vec![
            Write("data: Hel\n\n"),
            Write("data: lo\ndata: world\n\n"),
            Pause,
            Write("data: never fini"),
            Drop,
        ],
    )
    .await;
    let client = client(&server);
    let body = models::CompleteRequest::new("say hello");
    // Even with a key that makes the POST retryable, a stream that broke off is not
    // sent again.
    let events = client.complete(&body).idempotency_key("k-1").await.unwrap();
    let seen: Vec<_> = events.collect().await;
    assert_eq!(seen.len(), 3, "{seen:?}");
    let texts: Vec<String> = seen[..2]
        .iter()
        .map(|e| e.as_ref().unwrap().data.clone().unwrap())
        .collect();
    // Text data is taken as it is, lines joined with `\n`.
    assert_eq!(texts, ["Hel", "lo\nworld"]);
    let error = seen[2].as_ref().unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(server.requests.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_body_that_ends_inside_an_event_says_so() {
    use Step::*;
    let server = serve(
        200,
        "text/event-stream",
        vec![Write("data: one\n\ndata: cut sho"), End],
    )
    .await;
    let client = client(&server);
    let mut events = client.tail_logs().await.unwrap();
    let one = events.try_next().await.unwrap().unwrap();
    assert_eq!(one.data.unwrap(), "one");
    match events.try_next().await {
        Err(Error::Decode { snippet, .. }) => assert_eq!(snippet, "data: cut sho"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(events.try_next().await.unwrap().is_none());
}

#[tokio::test]
async fn an_event_larger_than_the_limit_ends_the_stream() {
    use Step::*;
    let server = serve(
        200,
        "text/event-stream",
        vec![
            Write("data: small\n\n"),
            Write("data: 0123456789012345678901234567890123456789\n\n"),
            End,
        ],
    )
    .await;
    let client = client(&server);
    let mut events = client.tail_logs().max_response_size(32).await.unwrap();
    assert_eq!(
        events.try_next().await.unwrap().unwrap().data.unwrap(),
        "small"
    );
    let error = events.try_next().await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 32, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_error_status_is_the_operations_typed_error() {
    let server = serve(
        429,
        "application/json",
        vec![Step::Write(r#"{"message":"slow down"}"#), Step::End],
    )
    .await;
    let client = client(&server);
    let body = models::CompleteRequest::new("hi");
    let error = client.complete(&body).await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.body().map(|p| p.message.as_str()), Some("slow down"));
    // A POST without an idempotency key is sent once.
    assert_eq!(server.requests.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_success_that_is_not_an_event_stream_is_reported_with_its_start() {
    let server = serve(
        200,
        "application/json",
        vec![Step::Write(r#"{"step":"load","percent":1}"#), Step::End],
    )
    .await;
    let client = client(&server);
    match client.job_events("j1").await {
        Err(Error::Decode {
            status, snippet, ..
        }) => {
            assert_eq!(status, 200);
            assert!(snippet.starts_with(r#"{"step""#), "{snippet}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}
