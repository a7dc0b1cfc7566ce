//! Requests to undescribed endpoints: their path, query, body and types, without a
//! socket.

use super::*;
use serde_json::{json, Value};

fn client() -> Client {
    Client::builder()
        .base_url("https://api.example.com/v1")
        .build()
        .unwrap()
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Job {
    id: String,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Problem {
    message: String,
}

/// A response to a request, as the transmission hands it over.
fn response(status: u16, body: &[u8]) -> Sent {
    Sent::Response {
        status,
        request_id: None,
        location: None,
        headers: reqwest::header::HeaderMap::new(),
        bytes: body.to_vec(),
        truncated: false,
        gave_up_after: None,
    }
}

/// The URL and query a request would be sent to.
fn url_of<T, E, O>(request: Request<'_, T, E, O>) -> (String, Vec<(String, String)>) {
    let Ok((t, ..)) = request.transmission(false) else {
        panic!("the request was refused before sending");
    };
    match target(
        &t.client.inner.base_url,
        &t.path,
        t.link.as_deref(),
        &t.query,
    ) {
        Ok((url, query)) => (url, query.to_vec()),
        Err((link, reason)) => panic!("the link {link} was refused: {reason}"),
    }
}

#[test]
fn a_raw_path_is_appended_to_the_base_url_as_given() {
    let client = client();
    for path in ["api/status", "/api/status"] {
        let (url, query) = url_of(client.raw(Method::GET, path));
        assert_eq!(url, "https://api.example.com/v1/api/status", "{path}");
        assert!(query.is_empty());
    }
    // Not encoded: the caller encodes what needs it.
    let req = client.raw(Method::DELETE, "/api/jobs/a%2Fb");
    assert_eq!(req.path, "/api/jobs/a%2Fb");
    assert_eq!(req.method, Method::DELETE);
}

#[test]
fn a_raw_request_is_traced_and_authenticated_like_an_operation() {
    let client = client();
    let req = client.raw(Method::GET, "/api/users/42/secrets");
    assert_eq!(req.operation_id(), "raw");
    // Traces record the template, never the path with its ids.
    assert_eq!(req.path_template, "(raw)");
    assert_eq!(req.security, SECURITY);
    assert_eq!(
        (req.accept, req.reading),
        ("application/json", Reading::Json)
    );
}

#[test]
fn query_params_add_up_in_order_and_are_encoded_only_when_sent() {
    let client = client();
    let req = client
        .raw(Method::GET, "/api/items")
        .query_param("tag", "a")
        .query_param("tag", "b")
        .query_param("q", "x y&z");
    let (_, query) = url_of(req);
    let expected: Vec<(String, String)> = [("tag", "a"), ("tag", "b"), ("q", "x y&z")]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(query, expected);
}

#[test]
fn a_json_body_is_sent_as_json() {
    let client = client();
    let req = client
        .raw(Method::POST, "/api/jobs")
        .json_body(&json!({"kind": "export"}));
    let (t, ..) = req.transmission(false).unwrap();
    assert_eq!(t.payload.content_type, "application/json");
    let body: Value = serde_json::from_slice(t.payload.body.as_deref().unwrap()).unwrap();
    assert_eq!(body, json!({"kind": "export"}));
}

#[test]
fn changing_the_types_keeps_everything_else() {
    let client = client();
    let req = client
        .raw(Method::POST, "jobs")
        .query_param("dry_run", "true")
        .json_body(&json!({"kind": "export"}))
        .idempotency_key("key-1")
        .header("X-Trace", "t")
        .timeout(Duration::from_secs(3))
        .text_response("text/plain");
    let before = req.clone();
    let after = req.response_type::<String>().error_type::<Problem>();
    assert_eq!(after.method, before.method);
    assert_eq!(after.path, before.path);
    assert_eq!(after.query, before.query);
    assert_eq!(after.body, before.body);
    assert_eq!(after.content_type, before.content_type);
    assert_eq!(after.options, before.options);
    assert_eq!(
        (after.accept, after.reading),
        (before.accept, before.reading)
    );
    assert_eq!(after.security, before.security);
}

#[test]
fn bodies_decode_as_json_values_unless_typed() {
    let client = client();
    let untyped = client.raw(Method::GET, "/api/jobs/1");
    let ok = response(200, br#"{"id": "j1"}"#)
        .decode::<Value, Value>(untyped.decode_error, untyped.reading);
    assert_eq!(ok.unwrap(), json!({"id": "j1"}));
    // An empty success body is `null`.
    let empty = response(204, b"").decode::<Value, Value>(untyped.decode_error, untyped.reading);
    assert_eq!(empty.unwrap(), Value::Null);
    match response(404, br#"{"message": "gone"}"#)
        .decode::<Value, Value>(untyped.decode_error, untyped.reading)
    {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!((status, body), (404, Some(json!({"message": "gone"}))));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn typed_bodies_decode_as_the_types_asked_for() {
    let client = client();
    let typed = client
        .raw(Method::GET, "/api/jobs/1")
        .response_type::<Job>()
        .error_type::<Problem>();
    let ok =
        response(200, br#"{"id": "j1"}"#).decode::<Job, Problem>(typed.decode_error, typed.reading);
    assert_eq!(ok.unwrap(), Job { id: "j1".into() });
    match response(409, br#"{"message": "busy"}"#)
        .decode::<Job, Problem>(typed.decode_error, typed.reading)
    {
        Err(Error::Api { body, raw, .. }) => {
            assert_eq!(
                body,
                Some(Problem {
                    message: "busy".into()
                })
            );
            assert_eq!(raw, r#"{"message": "busy"}"#);
        }
        other => panic!("{other:?}"),
    }
    // An error body that is not a `Problem` is kept raw only, at any status.
    for status in [400, 500] {
        assert!(matches!(
            (typed.decode_error)(status, br#"{"detail": 1}"#),
            Some(Err(_))
        ));
    }
    // Changing only the success type keeps decoding errors as JSON values.
    let value_errors = client.raw(Method::GET, "/x").response_type::<Job>();
    assert!(matches!(
        (value_errors.decode_error)(400, br#"{"detail": 1}"#),
        Some(Ok(v)) if v == json!({"detail": 1})
    ));
}
