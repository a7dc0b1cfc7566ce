//! The accessors of a success response.

use super::*;

fn response() -> Response<Vec<u32>> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-request-id", "req-1".parse().unwrap());
    headers.insert("ETag", "\"v7\"".parse().unwrap());
    headers.insert("set-cookie", "session=secret".parse().unwrap());
    Response {
        status: 201,
        headers,
        body: vec![1, 2],
    }
}

#[test]
fn headers_are_found_in_any_case() {
    let r = response();
    assert_eq!(r.status(), 201);
    assert_eq!(r.request_id(), Some("req-1"));
    assert_eq!(r.header("etag"), Some("\"v7\""));
    assert_eq!(r.header("ETAG"), Some("\"v7\""));
    assert_eq!(r.header("location"), None);
    assert_eq!(r.headers().len(), 3);
}

#[test]
fn the_body_comes_out_whole_or_changed() {
    let r = response().map(|items| items.len());
    assert_eq!(*r.body(), 2);
    let (status, headers, body) = r.into_parts();
    assert_eq!((status, headers.len(), body), (201, 3, 2));
    assert_eq!(response().into_body(), [1, 2]);
}

#[test]
fn debug_shows_header_names_only() {
    let shown = format!("{:?}", response());
    assert!(
        shown.contains("set-cookie") && shown.contains("201"),
        "{shown}"
    );
    assert!(!shown.contains("secret"), "{shown}");
}
