//! `Client::raw`, the documented request to an endpoint the spec does not have, end to
//! end against a loopback server: it carries the client's auth and version header, is
//! retried like an operation and decodes typed bodies and errors.

use polytomic::runtime::{Error, Method};
use serde_json::json;

mod support;
use support::{Reply, Server};

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Job {
    id: String,
    state: String,
}

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Problem {
    message: String,
}

#[tokio::test]
async fn a_raw_request_is_authenticated_retried_and_typed() {
    let server = Server::start(|i, _| match i {
        0 => Reply::raw(503, "busy").header("retry-after", "0"),
        _ => Reply::json(201, json!({ "id": "j1", "state": "queued" }))
            .header("x-request-id", "raw-1"),
    })
    .await;
    let client = server.client().build().unwrap();
    let job = client
        .raw(Method::POST, "/api/unlisted/jobs")
        .query_param("dry_run", "true")
        .query_param("tag", "a b")
        .json_body(&json!({ "kind": "export" }))
        .idempotency_key("key-1")
        .response_type::<Job>()
        .error_type::<Problem>()
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(job.status(), 201);
    assert_eq!(job.request_id(), Some("raw-1"));
    assert_eq!(
        job.into_body(),
        Job {
            id: "j1".into(),
            state: "queued".into()
        }
    );
    let received = server.received();
    // The 503 was retried (the POST carries an idempotency key), with the same request.
    assert_eq!(received.len(), 2);
    for r in &received {
        assert_eq!(r.method, "POST");
        assert_eq!(r.target, "/api/unlisted/jobs?dry_run=true&tag=a+b");
        assert_eq!(r.header("authorization"), Some("Bearer secret-api-key"));
        assert_eq!(r.header("idempotency-key"), Some("key-1"));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert!(r.header("x-polytomic-version").is_some());
        assert_eq!(r.body, br#"{"kind":"export"}"#);
    }
}

#[tokio::test]
async fn a_raw_error_is_decoded_into_the_type_asked_for() {
    let server = Server::always(
        Reply::json(404, json!({ "message": "no such thing" })).header("x-request-id", "r-9"),
    )
    .await;
    let client = server.client().build().unwrap();
    let error = client
        .raw(Method::GET, "api/unlisted/thing")
        .error_type::<Problem>()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.request_id(), Some("r-9"));
    assert_eq!(
        error.body(),
        Some(&Problem {
            message: "no such thing".into()
        })
    );
    assert_eq!(server.received()[0].target, "/api/unlisted/thing");
}

#[tokio::test]
async fn untyped_raw_requests_give_json_values() {
    let server = Server::start(|i, _| match i {
        0 => Reply::json(200, json!({ "state": "ok" })),
        _ => Reply::raw(500, "not json"),
    })
    .await;
    let client = server.client().max_attempts(1).build().unwrap();
    let value = client.raw(Method::GET, "/api/status").await.unwrap();
    assert_eq!(value["state"], "ok");
    match client.raw(Method::GET, "/api/status").await.unwrap_err() {
        Error::Api {
            status, raw, body, ..
        } => {
            assert_eq!((status, raw.as_str(), body), (500, "not json", None));
        }
        other => panic!("{other:?}"),
    }
}
