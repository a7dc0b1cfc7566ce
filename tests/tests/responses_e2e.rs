//! The status and headers of a success, end to end against a loopback server: a plain
//! operation, one without a body (204), and each page of a paginated stream.

use fixture_outputs::openapi::{pagination, responses};
use serde_json::json;

mod support;
use support::{Received, Reply, Server};

/// A client of `$fixture` (each fixture has its own runtime) talking to `server`.
macro_rules! client {
    ($fixture:ident, $server:expr) => {
        $fixture::Client::builder()
            .base_url($server.url())
            .build()
            .unwrap()
    };
}

#[tokio::test]
async fn a_success_comes_with_its_status_and_headers() {
    let server = Server::always(
        Reply::json(201, json!({ "name": "widget" }))
            .header("x-request-id", "req-42")
            .header("etag", "\"v1\"")
            .header("location", "/api/items/7")
            .header("x-ratelimit-remaining", "99"),
    )
    .await;
    let client = client!(responses, server);
    let body = responses::models::ItemsCreateRequest::new("widget");
    let created = client
        .items()
        .create(&body)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.request_id(), Some("req-42"));
    assert_eq!(created.header("ETag"), Some("\"v1\""));
    assert_eq!(created.header("location"), Some("/api/items/7"));
    assert_eq!(created.headers()["x-ratelimit-remaining"], "99");
    assert_eq!(created.body().name.as_deref(), Some("widget"));
    assert_eq!(created.into_body().name.as_deref(), Some("widget"));
}

#[tokio::test]
async fn a_response_without_a_body_has_its_status_and_headers_too() {
    let server = Server::always(Reply::raw(204, "").header("x-request-id", "gone-1")).await;
    let client = client!(responses, server);
    let deleted = client
        .items()
        .delete("7")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(deleted.request_id(), Some("gone-1"));
    let () = deleted.into_body();
}

#[tokio::test]
async fn a_failure_is_the_same_error_as_when_awaited() {
    let server = Server::always(
        Reply::json(404, json!({ "message": "no such item" })).header("x-request-id", "r-404"),
    )
    .await;
    let client = client!(responses, server);
    let error = client
        .items()
        .delete("7")
        .send_with_response()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.request_id(), Some("r-404"));
    let body: Option<&responses::models::ApiError> = error.body();
    assert_eq!(
        body.and_then(|b| b.message.as_deref()),
        Some("no such item")
    );
}

fn page_server() -> impl Fn(usize, &Received) -> Reply + Send + Sync + 'static {
    |i, req: &Received| {
        let remaining = (10 - i).to_string();
        match req.query("page_token").as_deref() {
            None => Reply::json(
                200,
                json!({"items": [{"name": "a"}, {"name": "b"}], "next_page": "t2"}),
            ),
            Some("t2") => Reply::json(200, json!({"items": [{"name": "c"}], "next_page": null})),
            Some(_) => Reply::json(400, json!({})),
        }
        .header("x-request-id", &format!("page-{i}"))
        .header("x-ratelimit-remaining", &remaining)
    }
}

#[tokio::test]
async fn each_page_comes_with_its_status_and_headers() {
    let server = Server::start(page_server()).await;
    let client = client!(pagination, server);
    let mut pages = client.list_projects().stream().pages();
    let mut seen = Vec::new();
    while let Some(page) = pages.try_next().await.unwrap() {
        let names: Vec<String> = page.body().iter().map(|p| p.name.clone()).collect();
        seen.push((
            page.status(),
            page.request_id().map(str::to_owned),
            page.header("x-ratelimit-remaining").map(str::to_owned),
            names,
        ));
    }
    assert_eq!(
        seen,
        [
            (
                200,
                Some("page-0".into()),
                Some("10".into()),
                vec!["a".into(), "b".into()]
            ),
            (
                200,
                Some("page-1".into()),
                Some("9".into()),
                vec!["c".into()]
            ),
        ]
    );
    assert_eq!(pages.pages_fetched(), 2);
}

#[tokio::test]
async fn pages_after_some_items_start_with_the_rest_of_the_page() {
    let server = Server::start(page_server()).await;
    let client = client!(pagination, server);
    let mut items = client.list_projects().stream();
    let first: pagination::models::Project = items.try_next().await.unwrap().unwrap();
    assert_eq!(first.name, "a");
    let mut pages = items.pages();
    let rest = pages.try_next().await.unwrap().unwrap();
    assert_eq!(rest.request_id(), Some("page-0"));
    assert_eq!(rest.body().len(), 1);
    assert_eq!(rest.body()[0].name, "b");
    let last = pages.try_next().await.unwrap().unwrap();
    assert_eq!(last.request_id(), Some("page-1"));
    assert!(pages.try_next().await.unwrap().is_none());
}
