//! The generated client against misbehaving servers and hostile input on 127.0.0.1:
//! path parameters that would leave their segment, connections dropped mid-request,
//! redirects to other origins, base URLs that cannot take a path, and header injection
//! through the per-request API version.

use polytomic::runtime::{Client, Error};

mod support;
use support::{Reply, Server};

fn id() -> uuid::Uuid {
    uuid::Uuid::from_u128(0xabc)
}

fn identity() -> serde_json::Value {
    serde_json::json!({ "data": { "email": "ops@example.com" } })
}

fn execution() -> serde_json::Value {
    serde_json::json!({ "data": { "id": id(), "status": "running" } })
}

// ----- path parameters -----

#[tokio::test]
async fn dot_segments_and_empty_path_parameters_are_refused_before_sending() {
    let server = Server::always(Reply::json(200, serde_json::json!({}))).await;
    let client = server.client().build().unwrap();
    for (schema, field, bad, reason) in [
        ("..", "..", "schema_id", "`..`"),
        (".", "f", "schema_id", "`.`"),
        ("", "f", "schema_id", "empty"),
        ("s", "..", "field_id", "`..`"),
        ("s", "", "field_id", "empty"),
    ] {
        let err = client
            .schemas()
            .delete_field(id(), schema, field)
            .await
            .unwrap_err();
        match &err {
            Error::InvalidPathParameter { name, reason: why } => {
                assert_eq!(*name, bad, "{schema:?}/{field:?}");
                assert!(why.contains(reason), "{why}");
            }
            other => panic!("{schema:?}/{field:?}: expected InvalidPathParameter, got {other}"),
        }
        assert!(err.to_string().contains("nothing was sent"), "{err}");
    }
    let err = client
        .bulk_sync()
        .schemas()
        .get(id(), "..")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidPathParameter {
                name: "schema_id",
                ..
            }
        ),
        "{err}"
    );
    assert!(server.received().is_empty(), "{:?}", server.received());
}

#[tokio::test]
async fn path_parameters_address_exactly_their_own_segment() {
    let server = Server::always(Reply::raw(204, "")).await;
    let client = server.client().build().unwrap();
    // Slashes, query and fragment marks, percent signs, dots inside a value and text that
    // looks like another placeholder all stay inside the one segment.
    let cases = [
        ("a/b", "%2E%2E", "a%2Fb", "%252E%252E"),
        ("q?x=1", "h#f", "q%3Fx%3D1", "h%23f"),
        ("...", ".a.", "...", ".a."),
        ("{field_id}", "x", "%7Bfield_id%7D", "x"),
        ("ünï", " ", "%C3%BCn%C3%AF", "%20"),
    ];
    for (schema, field, _, _) in cases {
        client
            .schemas()
            .delete_field(id(), schema, field)
            .await
            .unwrap();
    }
    let received = server.received();
    assert_eq!(received.len(), cases.len());
    for (req, (_, _, schema, field)) in received.iter().zip(cases) {
        assert_eq!(req.method, "DELETE");
        assert_eq!(
            req.target,
            format!("/api/connections/{}/schemas/{schema}/fields/{field}", id())
        );
    }
}

// ----- dropped connections -----

#[tokio::test]
async fn a_get_whose_connection_closes_before_the_response_is_retried() {
    let server = Server::start(|i, _| {
        if i == 0 {
            Reply::hang_up()
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
async fn a_get_whose_body_is_cut_off_is_retried() {
    let server = Server::start(|i, _| {
        if i == 0 {
            Reply::json(200, identity()).cut_after(10)
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
async fn dropped_connections_exhaust_retries_with_a_transport_error() {
    let server = Server::always(Reply::hang_up()).await;
    let client = server.client().build().unwrap();
    let err = client.identity().get().await.unwrap_err();
    assert_eq!(err.attempts(), Some(3), "{err}");
    assert!(matches!(err.last(), Error::Transport(_)), "{err}");
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn a_post_without_idempotency_key_is_not_repeated_after_a_drop() {
    let server = Server::always(Reply::hang_up()).await;
    let client = server.client().build().unwrap();
    let err = client.bulk_sync().start(id()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_post_with_idempotency_key_is_repeated_after_a_drop() {
    let server = Server::start(|i, _| {
        if i == 0 {
            Reply::hang_up()
        } else {
            Reply::json(200, execution())
        }
    })
    .await;
    let client = server.client().build().unwrap();
    client
        .bulk_sync()
        .start(id())
        .idempotency_key("key-1")
        .await
        .unwrap();
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert!(received
        .iter()
        .all(|r| r.header("idempotency-key") == Some("key-1")));
}

// ----- redirects -----

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed() {
    let elsewhere = Server::always(Reply::json(200, identity())).await;
    let target = format!("{}/api/me", elsewhere.url());
    let server = Server::always(
        Reply::raw(307, "")
            .header("location", &target)
            .header("x-request-id", "req-7"),
    )
    .await;
    let client = server.client().build().unwrap();
    let err = client
        .identity()
        .get()
        .header("X-Custom-Secret", "s3cr3t")
        .await
        .unwrap_err();
    match &err {
        Error::Redirect {
            status,
            request_id,
            location,
        } => {
            assert_eq!(*status, 307);
            assert_eq!(request_id.as_deref(), Some("req-7"));
            assert_eq!(location, &target);
        }
        other => panic!("expected Redirect, got {other}"),
    }
    assert!(err.to_string().contains(&target), "{err}");
    assert_eq!(err.status(), Some(307));
    assert!(elsewhere.received().is_empty());
    // The same for a POST with a body: it never reaches the other origin.
    let body = polytomic::models::StartBulkSyncRequest::default();
    let err = client
        .bulk_sync()
        .start(id())
        .body(&body)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Redirect { status: 307, .. }), "{err}");
    assert!(elsewhere.received().is_empty());
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_headers_and_body() {
    let server = Server::start(|_, req| {
        if req.target.starts_with("/moved") {
            Reply::json(200, execution())
        } else {
            Reply::raw(307, "").header("location", "/moved")
        }
    })
    .await;
    let client = server.client().build().unwrap();
    let body = polytomic::models::StartBulkSyncRequest::default();
    client
        .bulk_sync()
        .start(id())
        .body(&body)
        .header("X-Trace", "t-1")
        .await
        .unwrap();
    let [first, second] = server.received().try_into().unwrap();
    assert_eq!(second.target, "/moved");
    assert_eq!(second.method, "POST");
    assert_eq!(second.body, first.body);
    assert_eq!(second.header("x-trace"), Some("t-1"));
    assert_eq!(
        second.header("authorization"),
        Some("Bearer secret-api-key")
    );
}

// ----- base URL and headers -----

#[test]
fn base_urls_with_query_fragment_or_user_info_are_refused() {
    for (url, reason) in [
        ("http://host/prefix?x=1", "query"),
        ("http://host/prefix?", "query"),
        ("http://host/prefix#frag", "fragment"),
        ("http://user:pass@host", "user info"),
        ("http://user@host/api", "user info"),
    ] {
        let err = Client::builder()
            .api_key("k")
            .base_url(url)
            .build()
            .unwrap_err();
        let text = err.to_string();
        assert!(
            matches!(err, polytomic::BuildError::InvalidBaseUrl { .. }),
            "{url}: {text}"
        );
        assert!(text.contains(reason), "{url}: {text}");
        // The message never repeats a password.
        assert!(!text.contains(":pass@"), "{text}");
    }
    // A path prefix (with or without a trailing slash) stays allowed.
    for url in [
        "http://host/prefix",
        "http://host/prefix/",
        "https://host:8443",
    ] {
        Client::builder()
            .api_key("k")
            .base_url(url)
            .build()
            .unwrap();
    }
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = Server::always(Reply::json(200, identity())).await;
    let client = server
        .client()
        .base_url(format!("{}/prefix/", server.url()))
        .build()
        .unwrap();
    client.identity().get().await.unwrap();
    assert_eq!(server.received()[0].target, "/prefix/api/me");
}

#[tokio::test]
async fn a_per_request_api_version_with_a_line_break_is_an_invalid_header() {
    let server = Server::always(Reply::json(200, identity())).await;
    let client = server.client().build().unwrap();
    let err = client
        .identity()
        .get()
        .api_version("2025-09-18\r\nX-Injected: 1")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidHeader(name) if name == "X-Polytomic-Version"),
        "{err}"
    );
    assert!(server.received().is_empty());
}
