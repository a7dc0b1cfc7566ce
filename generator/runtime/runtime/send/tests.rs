//! Reading bodies up to a limit, without a socket.

use super::*;

/// A response whose body arrives in `chunks`.
fn response(chunks: Vec<&'static [u8]>, length: Option<usize>) -> reqwest::Response {
    let stream = futures_util::stream::iter(
        chunks
            .into_iter()
            .map(|c| Ok::<_, std::io::Error>(bytes::Bytes::from_static(c))),
    );
    let mut builder = http::Response::builder().status(200);
    if let Some(n) = length {
        builder = builder.header("content-length", n);
    }
    reqwest::Response::from(builder.body(reqwest::Body::wrap_stream(stream)).unwrap())
}

#[tokio::test]
async fn a_body_within_the_limit_is_read_whole() {
    let (bytes, cut) = read_limited(response(vec![b"abc", b"def"], None), 6)
        .await
        .unwrap();
    assert_eq!((bytes.as_slice(), cut), (&b"abcdef"[..], false));
}

#[tokio::test]
async fn reading_stops_at_the_limit_and_says_so() {
    let chunks: Vec<&'static [u8]> = vec![b"abcd", b"efgh", b"ijkl"];
    let (bytes, cut) = read_limited(response(chunks, None), 6).await.unwrap();
    assert_eq!((bytes.as_slice(), cut), (&b"abcdef"[..], true));
    // The buffer never grew past the limit.
    assert!(bytes.capacity() <= 6, "{}", bytes.capacity());
}

#[tokio::test]
async fn an_announced_length_sizes_the_buffer_only_up_to_the_limit() {
    let body: &'static [u8] = &[b'x'; 64];
    let (bytes, cut) = read_limited(response(vec![body], Some(64)), 16)
        .await
        .unwrap();
    assert_eq!((bytes.len(), cut), (16, true));
    assert!(bytes.capacity() <= 16, "{}", bytes.capacity());
}

#[tokio::test]
async fn a_too_large_success_is_refused_and_an_error_body_is_cut() {
    let too_large = read_response(response(vec![b"0123456789"], Some(10)), 4)
        .await
        .unwrap();
    assert!(matches!(too_large, Sent::TooLarge { limit: 4, .. }));
    let error = http::Response::builder()
        .status(500)
        .body(reqwest::Body::from(vec![b'e'; 100_000]))
        .unwrap();
    match read_response(reqwest::Response::from(error), 4)
        .await
        .unwrap()
    {
        Sent::Response {
            status,
            bytes,
            truncated,
            ..
        } => {
            assert_eq!(status, 500);
            assert_eq!(bytes.len() as u64, ERROR_BODY_LIMIT);
            assert!(truncated);
        }
        _ => panic!("expected a response"),
    }
}

#[test]
fn next_page_links_resolve_on_the_origin_only() {
    let first = "https://api.example.com/v1/items";
    assert_eq!(
        resolve_link(first, "?page=2").unwrap(),
        "https://api.example.com/v1/items?page=2"
    );
    assert!(resolve_link(first, "https://elsewhere.example.com/").is_err());
}

#[test]
fn caller_headers_replace_the_clients_and_repeated_ones_are_all_sent() {
    use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
    let mut headers = HeaderMap::new();
    headers.insert("user-agent", HeaderValue::from_static("client/1"));
    headers.insert("x-kept", HeaderValue::from_static("k"));
    let pair = |n: &'static str, v: &'static str| {
        (HeaderName::from_static(n), HeaderValue::from_static(v))
    };
    apply_headers(
        &mut headers,
        &[
            pair("user-agent", "mine/2"),
            pair("x-a", "1"),
            pair("x-a", "2"),
        ],
    );
    let all = |name: &str| -> Vec<&str> {
        headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect()
    };
    assert_eq!(all("user-agent"), ["mine/2"]);
    assert_eq!(all("x-a"), ["1", "2"]);
    assert_eq!(all("x-kept"), ["k"]);
}
