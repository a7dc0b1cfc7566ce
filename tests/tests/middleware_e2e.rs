//! The client on a `reqwest_middleware::ClientWithMiddleware` (the `middleware` feature),
//! end to end against a loopback server: middleware sees each attempt with its
//! credentials already set, the runtime's retries wrap the whole stack, a middleware's
//! own error is `Error::Middleware` and not retried, and a middleware may answer by
//! itself.

use polytomic::runtime::{Error, Method};
use reqwest_middleware::{ClientBuilder as StackBuilder, ClientWithMiddleware, Middleware, Next};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

mod support;
use support::{Reply, Server};

/// The path and `Authorization` header of each request a middleware saw.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// Records what each attempt looked like on its way out and adds a header of its own.
#[derive(Default, Clone)]
struct Recorder {
    seen: Seen,
}

#[async_trait::async_trait]
impl Middleware for Recorder {
    async fn handle(
        &self,
        mut req: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let auth = req
            .headers()
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_owned());
        self.seen
            .lock()
            .unwrap()
            .push((req.url().path().to_owned(), auth));
        req.headers_mut()
            .insert("x-from-middleware", "traced".parse().unwrap());
        next.run(req, extensions).await
    }
}

/// Fails every request before it is sent, counting them.
#[derive(Default, Clone)]
struct Refuse {
    calls: Arc<Mutex<u32>>,
}

#[async_trait::async_trait]
impl Middleware for Refuse {
    async fn handle(
        &self,
        _req: reqwest::Request,
        _extensions: &mut http::Extensions,
        _next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        *self.calls.lock().unwrap() += 1;
        Err(reqwest_middleware::Error::middleware(
            std::io::Error::other("signing key unavailable"),
        ))
    }
}

/// Answers every request itself, as a recording replayed in a test would.
struct Replay;

#[async_trait::async_trait]
impl Middleware for Replay {
    async fn handle(
        &self,
        req: reqwest::Request,
        _extensions: &mut http::Extensions,
        _next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let body = json!({ "replayed": req.url().path() }).to_string();
        let response = http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .header("x-request-id", "replay-1")
            .body(body)
            .unwrap();
        Ok(reqwest::Response::from(response))
    }
}

fn stack(middleware: impl Middleware) -> ClientWithMiddleware {
    StackBuilder::new(reqwest::Client::new())
        .with(middleware)
        .build()
}

#[tokio::test]
async fn each_attempt_runs_the_stack_with_its_credentials_set() {
    let server = Server::start(|i, _| match i {
        0 => Reply::raw(503, "busy").header("retry-after", "0"),
        _ => Reply::json(200, json!({ "ok": true })),
    })
    .await;
    let recorder = Recorder::default();
    let client = server
        .client()
        .middleware(stack(recorder.clone()))
        .build()
        .unwrap();
    let body: Value = client
        .raw(Method::GET, "/api/unlisted")
        .response_type::<Value>()
        .await
        .unwrap();
    assert_eq!(body, json!({ "ok": true }));

    // The runtime retried the 503 through the whole stack: two attempts, both seen.
    let seen = recorder.seen.lock().unwrap().clone();
    let bearer = Some("Bearer secret-api-key".to_owned());
    assert_eq!(
        seen,
        [
            ("/api/unlisted".to_owned(), bearer.clone()),
            ("/api/unlisted".to_owned(), bearer)
        ]
    );
    let received = server.received();
    assert_eq!(received.len(), 2);
    for r in &received {
        assert_eq!(r.header("x-from-middleware"), Some("traced"));
    }
}

#[tokio::test]
async fn typed_operations_go_through_the_stack_too() {
    let server = Server::always(Reply::json(200, json!({ "data": [] }))).await;
    let recorder = Recorder::default();
    let client = server
        .client()
        .middleware(stack(recorder.clone()))
        .build()
        .unwrap();
    client.bulk_sync().list().await.unwrap();
    assert_eq!(recorder.seen.lock().unwrap().len(), 1);
    assert_eq!(
        server.received()[0].header("x-from-middleware"),
        Some("traced")
    );
}

#[tokio::test]
async fn a_middleware_error_is_its_own_and_not_retried() {
    let server = Server::always(Reply::json(200, json!({}))).await;
    let refuse = Refuse::default();
    let client = server
        .client()
        .middleware(stack(refuse.clone()))
        .build()
        .unwrap();
    let error = client
        .raw(Method::POST, "/api/unlisted")
        .idempotency_key("k-1")
        .response_type::<Value>()
        .await
        .unwrap_err();
    match &error {
        Error::Middleware(source) => assert_eq!(source.to_string(), "signing key unavailable"),
        other => panic!("expected Error::Middleware, got {other:?}"),
    }
    assert!(error.to_string().contains("signing key unavailable"));
    assert!(std::error::Error::source(&error).is_some());
    assert!(server.received().is_empty());
    // Idempotent (it has a key) and the policy allows 3 attempts, yet one was made.
    assert_eq!(*refuse.calls.lock().unwrap(), 1);
}

#[tokio::test]
async fn a_connection_failure_under_the_stack_is_retried_like_any_other() {
    let server = Server::start(|i, _| match i {
        0 => Reply::hang_up(),
        _ => Reply::json(200, json!({ "ok": true })),
    })
    .await;
    let recorder = Recorder::default();
    let client = server
        .client()
        .middleware(stack(recorder.clone()))
        .build()
        .unwrap();
    let body: Value = client
        .raw(Method::GET, "/api/unlisted")
        .response_type::<Value>()
        .await
        .unwrap();
    assert_eq!(body, json!({ "ok": true }));
    assert_eq!(recorder.seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_middleware_may_answer_by_itself() {
    // No server: the stack never reaches the network.
    let client = polytomic::Client::builder()
        .base_url("http://127.0.0.1:9")
        .api_key("k")
        .middleware(stack(Replay))
        .build()
        .unwrap();
    let response = client
        .raw(Method::GET, "/api/recorded")
        .response_type::<Value>()
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.request_id(), Some("replay-1"));
    assert_eq!(response.body(), &json!({ "replayed": "/api/recorded" }));
}
