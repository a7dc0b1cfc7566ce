//! End-to-end tests of the generated client against a real HTTP server on 127.0.0.1:
//! authentication, the version header, retries, idempotency, timeouts, errors and
//! pagination, each through real operations of the Polytomic spec.

use futures_util::StreamExt;
use polytomic::models;
use polytomic::runtime::{Client, Error, RequestOptions};
use std::time::{Duration, Instant};

mod support;
use support::{fast_retries, Received, Reply, Server};

fn identity() -> serde_json::Value {
    serde_json::json!({ "data": { "email": "ops@example.com", "organization_id": "org-1" } })
}

fn sync_id() -> uuid::Uuid {
    uuid::Uuid::from_u128(0x1234)
}

// ----- authentication and headers -----

#[tokio::test]
async fn api_key_is_sent_as_bearer_with_version_accept_and_user_agent() {
    let server = Server::always(Reply::json(200, identity())).await;
    let client = server.client().build().unwrap();
    let me = client.identity().get().await.unwrap();
    assert_eq!(
        me.data.and_then(|d| d.email).as_deref(),
        Some("ops@example.com")
    );
    let [req] = server.received().try_into().unwrap();
    assert_eq!(req.method, "GET");
    assert_eq!(req.target, "/api/me");
    assert_eq!(req.header("authorization"), Some("Bearer secret-api-key"));
    assert_eq!(req.header("x-polytomic-version"), Some("2025-09-18"));
    assert_eq!(req.header("accept"), Some("application/json"));
    assert_eq!(
        req.header("user-agent"),
        Some(polytomic::runtime::DEFAULT_USER_AGENT)
    );
}

#[tokio::test]
async fn deployment_key_is_sent_with_basic_auth() {
    let server = Server::always(Reply::json(200, identity())).await;
    let client = Client::builder()
        .base_url(server.url())
        .deployment_key("dk-secret")
        .build()
        .unwrap();
    client.identity().get().await.unwrap();
    let [req] = server.received().try_into().unwrap();
    // base64("dk-secret:"): the key as user name, an empty password.
    assert_eq!(req.header("authorization"), Some("Basic ZGstc2VjcmV0Og=="));
}

#[tokio::test]
async fn deployment_key_with_organization_sends_it_as_the_password() {
    let server = Server::always(Reply::json(200, identity())).await;
    let client = Client::builder()
        .base_url(server.url())
        .deployment_key("dk-secret")
        .organization_id("org-42")
        .build()
        .unwrap();
    client.identity().get().await.unwrap();
    let [req] = server.received().try_into().unwrap();
    // base64("dk-secret:org-42")
    assert_eq!(
        req.header("authorization"),
        Some("Basic ZGstc2VjcmV0Om9yZy00Mg==")
    );
}

#[tokio::test]
async fn organization_without_deployment_key_is_refused() {
    let err = Client::builder()
        .api_key("k")
        .organization_id("org")
        .build()
        .unwrap_err();
    assert!(matches!(
        err,
        polytomic::BuildError::OrganizationWithoutDeploymentKey
    ));
}

#[test]
fn invalid_settings_are_refused_at_build_time() {
    let err = Client::builder().base_url("not a url").build().unwrap_err();
    assert!(
        err.to_string().contains("invalid base URL `not a url`"),
        "{err}"
    );
    let err = Client::builder()
        .base_url("ftp://example.com")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("http or https"), "{err}");
    let err = Client::builder().api_key("a\nb").build().unwrap_err();
    assert!(matches!(err, polytomic::BuildError::InvalidCredential));
    // The message never repeats the key.
    assert!(!err.to_string().contains("a\nb"));
}

#[test]
fn credentials_are_redacted_in_debug() {
    let client = Client::builder().api_key("secret-api-key").build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains("secret-api-key"), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
    let client = Client::builder()
        .deployment_key("dk-secret")
        .organization_id("org-42")
        .build()
        .unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains("dk-secret"), "{debug}");
    assert!(
        !debug.contains("org-42"),
        "the organization id is the basic-auth password: {debug}"
    );
    let options = RequestOptions::new().header("X-Custom-Auth", "hidden-value");
    let debug = format!("{options:?}");
    assert!(debug.contains("X-Custom-Auth") && !debug.contains("hidden-value"));
}

#[tokio::test]
async fn version_header_is_overridable_per_client_and_per_request() {
    let server = Server::always(Reply::json(200, identity())).await;
    let client = server.client().api_version("2024-02-08").build().unwrap();
    client.identity().get().await.unwrap();
    client
        .identity()
        .get()
        .api_version("2023-04-25")
        .await
        .unwrap();
    let received = server.received();
    assert_eq!(
        received[0].header("x-polytomic-version"),
        Some("2024-02-08")
    );
    assert_eq!(
        received[1].header("x-polytomic-version"),
        Some("2023-04-25")
    );
}

#[tokio::test]
async fn user_agent_and_extra_headers_are_sent() {
    let server = Server::always(Reply::json(200, identity())).await;
    let client = server.client().user_agent("my-app/1.0").build().unwrap();
    client
        .identity()
        .get()
        .header("X-Trace", "t-1")
        .options(RequestOptions::new().header("X-Other", "o-1"))
        .await
        .unwrap();
    let [req] = server.received().try_into().unwrap();
    assert_eq!(req.header("user-agent"), Some("my-app/1.0"));
    assert_eq!(req.header("x-trace"), Some("t-1"));
    assert_eq!(req.header("x-other"), Some("o-1"));
}

#[tokio::test]
async fn an_invalid_per_request_header_is_an_error_naming_it() {
    let server = Server::always(Reply::json(200, identity())).await;
    let client = server.client().build().unwrap();
    let err = client
        .identity()
        .get()
        .header("X-Bad", "line\nbreak")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidHeader(name) if name == "X-Bad"),
        "{err}"
    );
    assert!(server.received().is_empty());
}

// ----- retries -----

#[tokio::test]
async fn a_500_then_200_succeeds_after_one_retry() {
    let server = Server::start(|i, _| {
        if i == 0 {
            Reply::json(500, serde_json::json!({ "message": "boom" }))
        } else {
            Reply::json(200, identity())
        }
    })
    .await;
    let client = server.client().build().unwrap();
    let me = client.identity().get().await.unwrap();
    assert!(me.data.is_some());
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_429_with_retry_after_waits_then_succeeds() {
    let server = Server::start(|i, _| {
        if i == 0 {
            Reply::json(429, serde_json::json!({ "message": "slow down" }))
                .header("retry-after", "1")
        } else {
            Reply::json(200, identity())
        }
    })
    .await;
    // Backoff alone would retry after a few milliseconds: the wait must come from Retry-After.
    let client = server.client().build().unwrap();
    let started = Instant::now();
    client.identity().get().await.unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "retried after {waited:?}");
    assert!(waited < Duration::from_secs(3), "took {waited:?}");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_is_returned_at_once() {
    let server = Server::always(
        Reply::json(503, serde_json::json!({ "message": "maintenance" }))
            .header("retry-after", "3600"),
    )
    .await;
    let client = server.client().build().unwrap();
    let started = Instant::now();
    let err = client.identity().get().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.attempts(), None);
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn repeated_503_gives_up_after_the_configured_attempts() {
    let server = Server::always(
        Reply::json(503, serde_json::json!({ "message": "unavailable" }))
            .header("x-request-id", "req-503"),
    )
    .await;
    let client = server.client().max_attempts(4).build().unwrap();
    let err = client.identity().get().await.unwrap_err();
    assert_eq!(server.received().len(), 4);
    assert!(
        matches!(&err, Error::RetriesExhausted { attempts: 4, last } if matches!(**last, Error::Api { status: 503, .. })),
        "{err:?}"
    );
    assert_eq!(err.attempts(), Some(4));
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.request_id(), Some("req-503"));
    let message = err.to_string();
    assert!(message.starts_with("gave up after 4 attempts"), "{message}");
    assert!(message.contains("503"), "{message}");
}

#[tokio::test]
async fn max_attempts_per_request_overrides_the_client() {
    let server = Server::always(Reply::json(503, serde_json::json!({}))).await;
    let client = server.client().max_attempts(5).build().unwrap();
    let err = client.identity().get().max_attempts(1).await.unwrap_err();
    assert_eq!(server.received().len(), 1);
    assert!(matches!(err, Error::Api { status: 503, .. }), "{err:?}");
}

#[tokio::test]
async fn a_post_without_idempotency_key_is_not_retried() {
    let server = Server::always(Reply::json(500, serde_json::json!({ "message": "boom" }))).await;
    let client = server.client().build().unwrap();
    let err = client.bulk_sync().start(sync_id()).await.unwrap_err();
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method, "POST");
    assert!(matches!(err, Error::Api { status: 500, .. }), "{err:?}");
}

#[tokio::test]
async fn a_post_with_idempotency_key_is_retried_with_the_same_key() {
    let server = Server::start(|i, _| {
        if i == 0 {
            Reply::json(500, serde_json::json!({ "message": "boom" }))
        } else {
            Reply::json(200, serde_json::json!({ "data": { "status": "running" } }))
        }
    })
    .await;
    let client = server.client().build().unwrap();
    let key = polytomic::idempotency_key();
    let body = models::StartBulkSyncRequest {
        test: Some(true),
        ..Default::default()
    };
    client
        .bulk_sync()
        .start(sync_id())
        .body(&body)
        .idempotency_key(key.clone())
        .await
        .unwrap();
    let received = server.received();
    assert_eq!(received.len(), 2);
    for req in &received {
        assert_eq!(req.method, "POST");
        assert_eq!(
            req.target,
            format!("/api/bulk/syncs/{}/executions", sync_id())
        );
        assert_eq!(req.header("idempotency-key"), Some(key.as_str()));
        assert_eq!(req.header("content-type"), Some("application/json"));
        let sent: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
        assert_eq!(sent, serde_json::json!({ "test": true }));
    }
}

#[test]
fn idempotency_keys_are_fresh_uuids() {
    let a = polytomic::idempotency_key();
    let b = polytomic::idempotency_key();
    assert_ne!(a, b);
    assert_eq!(uuid::Uuid::parse_str(&a).unwrap().get_version_num(), 4);
}

// ----- transport failures -----

#[tokio::test]
async fn a_slow_response_times_out() {
    let server = Server::always(Reply::json(200, identity()).after(Duration::from_secs(3))).await;
    let client = server
        .client()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.identity().get().await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(err.is_timeout());
    // Timeouts are not retried: one attempt, well before the server would answer.
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_per_request_timeout_overrides_the_client() {
    let server =
        Server::always(Reply::json(200, identity()).after(Duration::from_millis(400))).await;
    let client = server
        .client()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let err = client
        .identity()
        .get()
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    // And a generous one lets the same slow response through.
    client
        .identity()
        .get()
        .timeout(Duration::from_secs(5))
        .await
        .unwrap();
}

#[tokio::test]
async fn connection_refused_is_retried_then_reported() {
    // Bind, note the port, close: nothing listens there any more.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key("k")
        .retry_policy(fast_retries(2))
        .build()
        .unwrap();
    let err = client.identity().get().await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(err.attempts(), Some(2));
    assert!(matches!(err.last(), Error::Transport(_)));
    assert_eq!(err.status(), None);
    assert!(
        err.to_string().starts_with("gave up after 2 attempts"),
        "{err}"
    );
}

// ----- decoding -----

#[tokio::test]
async fn malformed_success_body_names_the_field() {
    let server = Server::always(
        Reply::json(
            200,
            serde_json::json!({ "data": [ { "id": "e1", "status": "completed" }, { "id": "e2", "status": 17 } ] }),
        )
        .header("x-request-id", "req-decode"),
    )
    .await;
    let client = server.client().build().unwrap();
    let err = client
        .model_sync()
        .executions()
        .list(sync_id())
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            status,
            request_id,
            path,
            snippet,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(request_id.as_deref(), Some("req-decode"));
            assert_eq!(path, "data[1].status");
            assert!(snippet.starts_with(r#"{"data":[{"id":"e1""#), "{snippet}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(err.to_string().contains("data[1].status"), "{err}");
    assert_eq!(server.received().len(), 1, "decode errors are not retried");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_decode_error() {
    let server = Server::always(Reply::raw(200, "<html>gateway</html>")).await;
    let client = server.client().build().unwrap();
    let err = client.identity().get().await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { snippet, .. } if snippet == "<html>gateway</html>"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_404_body_decodes_into_the_declared_error_type() {
    let server = Server::always(
        Reply::json(
            404,
            serde_json::json!({ "status": 404, "message": "sync not found", "key": "not_found" }),
        )
        .header("x-request-id", "req-404"),
    )
    .await;
    let client = server.client().build().unwrap();
    let err = client
        .model_sync()
        .executions()
        .get(sync_id(), sync_id())
        .await
        .unwrap_err();
    let body: &models::ApiError = err.body().expect("a decoded ApiError");
    assert_eq!(body.message.as_deref(), Some("sync not found"));
    assert_eq!(body.status, Some(404));
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.request_id(), Some("req-404"));
    assert!(err.to_string().contains("sync not found"), "{err}");
}

#[tokio::test]
async fn a_422_body_decodes_into_the_declared_error_type() {
    let server = Server::always(Reply::json(
        422,
        serde_json::json!({
            "status": 422,
            "message": "invalid destination configuration",
            "metadata": { "field": "schema" }
        }),
    ))
    .await;
    let client = server.client().build().unwrap();
    let body: models::CreateBulkSyncRequest = serde_json::from_value(serde_json::json!({
        "name": "nightly",
        "source_connection_id": "src",
        "destination_connection_id": "dst",
        "destination_configuration": {},
        "default_schedule": { "frequency": "manual" }
    }))
    .unwrap();
    let err = client.bulk_sync().create(&body).await.unwrap_err();
    let Error::Api {
        status,
        body: Some(api_error),
        raw,
        ..
    } = &err
    else {
        panic!("expected a decoded API error, got {err:?}");
    };
    assert_eq!(*status, 422);
    assert_eq!(
        api_error.message.as_deref(),
        Some("invalid destination configuration")
    );
    assert_eq!(
        api_error.metadata.as_ref().and_then(|m| m.get("field")),
        Some(&serde_json::json!("schema"))
    );
    assert!(raw.contains("invalid destination configuration"));
    let sent: serde_json::Value = serde_json::from_slice(&server.received()[0].body).unwrap();
    assert_eq!(sent["name"], "nightly");
}

#[tokio::test]
async fn an_error_body_that_does_not_decode_is_kept_raw() {
    let server = Server::always(Reply::raw(404, "no such route")).await;
    let client = server.client().build().unwrap();
    let err = client
        .model_sync()
        .executions()
        .get(sync_id(), sync_id())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 404, body: None, raw, .. } if raw == "no such route"),
        "{err:?}"
    );
    assert_eq!(err.raw_body(), Some("no such route"));
}

// ----- pagination -----

/// Three pages of executions, chained by `page_token`; the last page has no token.
fn three_pages(_: usize, req: &Received) -> Reply {
    let (ids, next) = match req.query("page_token").as_deref() {
        None => (vec!["e1", "e2"], Some("t2")),
        Some("t2") => (vec!["e3", "e4"], Some("t3")),
        Some("t3") => (vec!["e5"], None),
        Some(other) => panic!("unexpected token {other}"),
    };
    let data: Vec<_> = ids
        .iter()
        .map(|id| serde_json::json!({ "id": id }))
        .collect();
    let mut body = serde_json::json!({ "data": data });
    if let Some(t) = next {
        body["pagination"] = serde_json::json!({ "next_page_token": t });
    }
    Reply::json(200, body)
}

fn ids(items: &[models::GetExecutionResponseSchema]) -> Vec<&str> {
    items.iter().filter_map(|e| e.id.as_deref()).collect()
}

#[tokio::test]
async fn pagination_over_three_pages_returns_every_item_once_in_order() {
    let server = Server::start(three_pages).await;
    let client = server.client().build().unwrap();
    let all = client
        .model_sync()
        .executions()
        .list(sync_id())
        .only_completed(true)
        .stream()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(ids(&all), ["e1", "e2", "e3", "e4", "e5"]);
    let received = server.received();
    assert_eq!(received.len(), 3);
    let tokens: Vec<Option<String>> = received.iter().map(|r| r.query("page_token")).collect();
    assert_eq!(tokens, [None, Some("t2".to_owned()), Some("t3".to_owned())]);
    // The other arguments go with every page.
    for r in &received {
        assert!(r
            .target
            .starts_with(&format!("/api/syncs/{}/executions?", sync_id())));
        assert_eq!(r.query("only_completed").as_deref(), Some("true"));
    }
}

#[tokio::test]
async fn pagination_is_a_futures_stream_and_fetches_lazily() {
    let server = Server::start(three_pages).await;
    let client = server.client().build().unwrap();
    let mut stream = client.model_sync().executions().list(sync_id()).stream();
    let first_two: Vec<_> = stream.by_ref().take(2).collect().await;
    assert_eq!(first_two.len(), 2);
    // Only the first page was needed so far.
    assert_eq!(server.received().len(), 1);
    let mut rest = Vec::new();
    while let Some(item) = stream.try_next().await.unwrap() {
        rest.push(item);
    }
    assert_eq!(ids(&rest), ["e3", "e4", "e5"]);
    assert_eq!(stream.pages_fetched(), 3);
    assert!(stream.next().await.is_none());
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn pagination_stops_on_an_empty_token() {
    let server = Server::start(|_, req| {
        let body = match req.query("page_token").as_deref() {
            None => serde_json::json!({
                "data": [{ "id": "a" }],
                "pagination": { "next_page_token": "t2" }
            }),
            _ => serde_json::json!({
                "data": [{ "id": "b" }],
                "pagination": { "next_page_token": "" }
            }),
        };
        Reply::json(200, body)
    })
    .await;
    let client = server.client().build().unwrap();
    let all = client
        .model_sync()
        .executions()
        .list(sync_id())
        .stream()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(ids(&all), ["a", "b"]);
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn pagination_stops_when_the_server_repeats_a_token() {
    let server = Server::always(Reply::json(
        200,
        serde_json::json!({ "data": [{ "id": "x" }], "pagination": { "next_page_token": "same" } }),
    ))
    .await;
    let client = server.client().build().unwrap();
    let all = client
        .model_sync()
        .executions()
        .list(sync_id())
        .stream()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(ids(&all), ["x", "x"]);
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = Server::start(|_, req| match req.query("page_token") {
        None => Reply::json(
            200,
            serde_json::json!({ "data": [{ "id": "a" }], "pagination": { "next_page_token": "t2" } }),
        ),
        Some(_) => Reply::json(404, serde_json::json!({ "message": "gone" })),
    })
    .await;
    let client = server.client().build().unwrap();
    let mut stream = client
        .model_sync()
        .executions()
        .list(sync_id())
        .stream()
        .header("X-Trace", "paged");
    assert_eq!(
        stream
            .try_next()
            .await
            .unwrap()
            .and_then(|e| e.id)
            .as_deref(),
        Some("a")
    );
    let err = stream.try_next().await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.body().and_then(|b| b.message.as_deref()), Some("gone"));
    assert!(stream.try_next().await.unwrap().is_none());
    // Options given to the stream go with every page request.
    for r in server.received() {
        assert_eq!(r.header("x-trace"), Some("paged"));
    }
}

#[tokio::test]
async fn pagination_with_borrowed_arguments_and_page_retries() {
    // `model_sync().list` takes borrowed filters; a 503 on page two is retried.
    let server = Server::start(|i, req| {
        if i == 1 {
            return Reply::json(503, serde_json::json!({}));
        }
        let body = match req.query("page_token").as_deref() {
            None => serde_json::json!({
                "data": [{ "id": "s1" }],
                "pagination": { "next_page_token": "p2" }
            }),
            _ => serde_json::json!({ "data": [{ "id": "s2" }] }),
        };
        Reply::json(200, body)
    })
    .await;
    let client = server.client().build().unwrap();
    let target = String::from("conn-9");
    let all = client
        .model_sync()
        .list()
        .target_connection_id(&target)
        .limit(1)
        .stream()
        .collect_all()
        .await
        .unwrap();
    let names: Vec<_> = all.iter().filter_map(|s| s.id.as_deref()).collect();
    assert_eq!(names, ["s1", "s2"]);
    let received = server.received();
    assert_eq!(received.len(), 3);
    assert!(received
        .iter()
        .all(|r| r.query("target_connection_id").as_deref() == Some("conn-9")));
}

// ----- configuration from the environment -----

#[tokio::test]
async fn from_lookup_prefers_the_deployment_key_and_reads_the_url() {
    use polytomic::ClientBuilder;
    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    let client = ClientBuilder::from_lookup(env(&[
        ("POLYTOMIC_API_KEY", "api-key"),
        ("POLYTOMIC_DEPLOYMENT_KEY", "dk"),
        ("POLYTOMIC_DEPLOYMENT_URL", "polytomic.acme.internal"),
    ]))
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(client.base_url(), "https://polytomic.acme.internal");
    // On the wire: with both keys set, the deployment key (basic auth) is sent.
    let server = Server::always(Reply::json(200, identity())).await;
    let both = ClientBuilder::from_lookup(env(&[
        ("POLYTOMIC_API_KEY", "api-key"),
        ("POLYTOMIC_DEPLOYMENT_KEY", "dk"),
    ]))
    .unwrap();
    let client = both.base_url(server.url()).build().unwrap();
    client.identity().get().await.unwrap();
    let blank = ClientBuilder::from_lookup(env(&[
        ("POLYTOMIC_API_KEY", "api-key"),
        ("POLYTOMIC_DEPLOYMENT_KEY", "  "),
    ]))
    .unwrap();
    assert_eq!(
        Some(blank.build().unwrap().base_url()),
        polytomic::runtime::DEFAULT_BASE_URL
    );
    let blank = ClientBuilder::from_lookup(env(&[
        ("POLYTOMIC_API_KEY", "api-key"),
        ("POLYTOMIC_DEPLOYMENT_KEY", "  "),
    ]))
    .unwrap();
    let client = blank.base_url(server.url()).build().unwrap();
    client.identity().get().await.unwrap();
    let [deployment, api] = server.received().try_into().unwrap();
    // base64("dk:")
    assert_eq!(deployment.header("authorization"), Some("Basic ZGs6"));
    assert_eq!(api.header("authorization"), Some("Bearer api-key"));
    let err = ClientBuilder::from_lookup(env(&[])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no credentials: set POLYTOMIC_DEPLOYMENT_KEY or POLYTOMIC_API_KEY"
    );
}

#[tokio::test]
async fn from_env_reads_the_process_environment() {
    // The only test that touches the process environment.
    let server = Server::always(Reply::json(200, identity())).await;
    std::env::remove_var("POLYTOMIC_DEPLOYMENT_KEY");
    std::env::set_var("POLYTOMIC_API_KEY", "env-api-key");
    std::env::set_var("POLYTOMIC_DEPLOYMENT_URL", server.url());
    let client = Client::from_env().unwrap();
    client.identity().get().await.unwrap();
    let [req] = server.received().try_into().unwrap();
    assert_eq!(req.header("authorization"), Some("Bearer env-api-key"));
}

// ----- connector configurations from the server -----

/// Lists connections from a loopback server that returns S3 connections with these
/// configurations.
async fn list_s3_connections(
    configurations: &[serde_json::Value],
) -> Vec<models::ConnectionResponseSchema> {
    let listed: Vec<_> = configurations
        .iter()
        .enumerate()
        .map(|(i, c)| {
            serde_json::json!({
                "id": format!("c{i}"), "name": "S3", "type": {"id": "s3", "name": "S3"},
                "configuration": c
            })
        })
        .collect();
    let server = Server::always(Reply::json(200, serde_json::json!({ "data": listed }))).await;
    let client = Client::builder()
        .base_url(server.url())
        .api_key("k")
        .build()
        .unwrap();
    client.connections().list().await.unwrap().data.unwrap()
}

/// A list whose second connection carries a setting the S3 table does not know, a new
/// authentication mode with a setting of its own, and a redacted secret: the call
/// succeeds, every connection is typed, and what the table does not list is kept and
/// written back as it came (a read-modify-write loses nothing).
#[tokio::test]
async fn connections_with_settings_the_tables_do_not_know_still_decode() {
    use polytomic::connectors::{
        ConnectionConfigurationResponse as Config, S3AuthModeResponse as S3AuthMode,
    };
    let first = serde_json::json!({
        "auth_mode": "access_key_and_secret", "aws_access_key_id": "AKIA1",
        "is_single_table": false, "s3_bucket_name": "s3://a", "s3_bucket_region": "us-east-1"
    });
    let second = serde_json::json!({
        "auth_mode": "iam_role", "iam_role_arn": "arn:aws:iam::1:role/r",
        "is_single_table": false, "s3_bucket_name": "s3://b", "s3_bucket_region": "us-east-1",
        "kms_key_arn": "arn:aws:kms:us-east-1:1:key/k"
    });
    let third = serde_json::json!({
        "auth_mode": "web_identity", "web_identity_token_file": "/var/run/token",
        "is_single_table": false, "s3_bucket_name": "s3://c", "s3_bucket_region": "us-east-1"
    });
    let configs = [first.clone(), second.clone(), third.clone()];
    let data = list_s3_connections(&configs).await;
    assert_eq!(data.len(), 3);
    for (connection, wire) in data.iter().zip(&configs) {
        let Some(Config::S3(c)) = &connection.configuration else {
            panic!("not typed: {connection:?}");
        };
        let written = serde_json::to_value(connection).unwrap();
        assert_eq!(&written["configuration"], wire);
        match c.auth_mode {
            S3AuthMode::AccessKeyAndSecret {
                ref aws_secret_access_key,
                ..
            } => {
                assert!(aws_secret_access_key.is_redacted());
            }
            S3AuthMode::IamRole { .. } => {
                assert_eq!(c.undocumented.keys().collect::<Vec<_>>(), ["kms_key_arn"]);
            }
            S3AuthMode::Other(ref mode) => {
                assert_eq!(mode.as_str(), "web_identity");
                assert_eq!(
                    c.undocumented.get("web_identity_token_file"),
                    Some(&serde_json::json!("/var/run/token"))
                );
            }
        }
    }
}

/// A list in which one connection's configuration breaks its table (the server left out
/// the region its docs require) still succeeds: that connection is kept raw, says why,
/// and the others are typed.
#[tokio::test]
async fn one_configuration_that_breaks_its_table_does_not_fail_a_list() {
    use polytomic::connectors::ConnectionConfigurationResponse as Config;
    let good = serde_json::json!({
        "auth_mode": "iam_role", "iam_role_arn": "arn:aws:iam::1:role/r",
        "is_single_table": false, "s3_bucket_name": "s3://a", "s3_bucket_region": "us-east-1"
    });
    let broken = serde_json::json!({
        "auth_mode": "iam_role", "iam_role_arn": "arn:aws:iam::1:role/r", "s3_bucket_name": "s3://b"
    });
    let data = list_s3_connections(&[good, broken.clone()]).await;
    assert!(matches!(data[0].configuration, Some(Config::S3(_))));
    let Some(Config::Other(raw)) = &data[1].configuration else {
        panic!("{:?}", data[1]);
    };
    assert_eq!(raw.connector_type(), Some("s3"));
    assert_eq!(raw.configuration(), &broken);
    let why = raw.mismatch().map(ToString::to_string).unwrap_or_default();
    assert!(why.contains("missing field `s3_bucket_region`"), "{why}");
}
