//! Building a request: path, query, headers, bodies and per-request options, checked on
//! what would be sent, without a socket.

use super::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn client() -> Client {
    Client::builder()
        .base_url("https://api.example.com/v1")
        .build()
        .unwrap()
}

fn decode_value(_status: u16, bytes: &[u8]) -> Option<Result<Value, serde_json::Error>> {
    decode_error(bytes)
}

/// A request of an operation with two path parameters, as generated code starts one.
fn request(client: &Client) -> Request<'_, Value, Value> {
    client.request(
        Method::GET,
        "getRun",
        "/syncs/{id}/runs/{run}",
        decode_value,
    )
}

/// What would be sent: the typeless request, or why nothing would be.
fn transmit<T, O>(request: Request<'_, T, Value, O>) -> Result<Transmission<'_>, Error<Value>> {
    request.transmission(false).map(|(t, ..)| t)
}

/// The URL a request goes to, with its query pairs.
fn url_of<T, O>(request: Request<'_, T, Value, O>) -> (String, Vec<(String, String)>) {
    let t = transmit(request).unwrap();
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

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn path_parameters_are_encoded_into_exactly_their_own_segment() {
    let client = client();
    let (url, query) = url_of(
        request(&client)
            .path_param("id", "a/b c?#%2E")
            .path_param("run", &42u32),
    );
    assert_eq!(
        url,
        "https://api.example.com/v1/syncs/a%2Fb%20c%3F%23%252E/runs/42"
    );
    assert!(query.is_empty());
    // Unreserved characters stay as they are.
    let req = request(&client).path_param("id", "x-y_z.~1");
    assert_eq!(req.path, "/syncs/x-y_z.~1/runs/{run}");
}

#[test]
fn a_path_value_cannot_fill_another_placeholder() {
    let client = client();
    let req = request(&client)
        .path_param("id", "{run}")
        .path_param("run", "7");
    assert_eq!(req.path, "/syncs/%7Brun%7D/runs/7");
}

#[test]
fn a_path_value_that_would_address_another_path_fails_before_sending() {
    let client = client();
    for bad in ["", ".", ".."] {
        let req = request(&client)
            .path_param("id", bad)
            .path_param("run", "1");
        // The template is left unfilled where the value was refused.
        assert_eq!(req.path, "/syncs/{id}/runs/1", "{bad:?}");
        match transmit(req) {
            Err(Error::InvalidPathParameter { name, .. }) => assert_eq!(name, "id"),
            other => panic!("{bad:?}: {:?}", other.map(|_| ())),
        }
    }
    // Dots that URL normalisation leaves alone are values like any other.
    let req = request(&client)
        .path_param("id", "...")
        .path_param("run", ".a");
    assert_eq!(req.path, "/syncs/.../runs/.a");
    assert!(transmit(req).is_ok());
}

#[test]
fn the_first_refused_path_value_is_the_one_reported() {
    let client = client();
    let req = request(&client)
        .path_param("run", "")
        .path_param("id", "..");
    match transmit(req) {
        Err(Error::InvalidPathParameter { name, reason }) => {
            assert_eq!((name, reason), ("run", "is empty"));
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[test]
fn styled_path_values_are_written_per_style_and_refused_when_empty() {
    let client = client();
    let req = request(&client)
        .path_param_styled("id", Style::Label, true, &json!([3, 4]))
        .path_param_styled("run", Style::Matrix, false, &json!("a b"));
    assert_eq!(req.path, "/syncs/.3.4/runs/;run=a%20b");
    assert!(req.invalid_path.is_none());
    for empty in [json!([]), json!(""), json!(".")] {
        let req = request(&client).path_param_styled("id", Style::Simple, false, &empty);
        assert_eq!(req.path, "/syncs/{id}/runs/{run}", "{empty}");
        assert!(
            matches!(
                transmit(req),
                Err(Error::InvalidPathParameter { name: "id", .. })
            ),
            "{empty}"
        );
    }
}

#[test]
fn query_adds_pairs_and_leaves_out_absent_values() {
    let client = client();
    let req = request(&client)
        .query("tag", Some("a"))
        .query::<str>("cursor", None)
        .query("tag", Some("b"))
        .query("ids", Some(&vec![1u32, 2]))
        .query("active", Some(&true));
    assert_eq!(
        req.query,
        pairs(&[
            ("tag", "a"),
            ("tag", "b"),
            ("ids", "1"),
            ("ids", "2"),
            ("active", "true")
        ])
    );
}

#[test]
fn set_query_replaces_every_pair_of_the_parameter_and_only_those() {
    let client = client();
    let filter = |k: &str, v: &str| BTreeMap::from([(k.to_owned(), v.to_owned())]);
    let req = request(&client)
        .query("tag", Some("a"))
        .query("tag", Some("b"))
        .query("filter", Some(&filter("a", "1")))
        .query("filter_by", Some("name"))
        .query("filterx", Some("x"))
        .query("limit", Some(&10u32))
        .set_query("tag", "c")
        .set_query("filter", &filter("b", "2"))
        .set_query("limit", &50u32);
    assert_eq!(
        req.query,
        pairs(&[
            ("filter_by", "name"),
            ("filterx", "x"),
            ("tag", "c"),
            ("filter[b]", "2"),
            ("limit", "50"),
        ])
    );
}

#[test]
fn styled_query_setters_replace_the_whole_parameter() {
    let client = client();
    let req = request(&client)
        .query_styled("created", Style::DeepObject, true, Some(&json!({"gte": 1})))
        .query_styled::<Value>("none", Style::Form, true, None)
        .query("created_by", Some("me"))
        .set_query_styled("created", Style::DeepObject, true, &json!({"lt": 9}))
        .set_query_styled("ids", Style::Form, false, &json!([1, 2]));
    assert_eq!(
        req.query,
        pairs(&[("created_by", "me"), ("created[lt]", "9"), ("ids", "1,2")])
    );
}

#[test]
fn set_header_replaces_whatever_the_case_and_header_adds() {
    let client = client();
    let req = request(&client)
        .header("X-Trace", "a")
        .header("X-Other", "o")
        .header("x-trace", "b")
        .set_header("X-TRACE", "c")
        .set_header_styled("X-Ids", Style::Simple, false, &json!([1, 2]))
        .set_header_styled("x-ids", Style::Simple, false, &json!([3]));
    assert_eq!(
        req.options.headers,
        pairs(&[("X-Other", "o"), ("X-TRACE", "c"), ("x-ids", "3")])
    );
}

#[test]
fn caller_headers_and_the_idempotency_key_are_sent_after_the_defaults() {
    let client = client();
    let t = transmit(
        request(&client)
            .header("X-Trace", "abc")
            .header("Idempotency-Key", "from-header")
            .idempotency_key("from-option"),
    )
    .unwrap();
    let headers = extra_headers(&t.options).unwrap();
    let shown: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
        .collect();
    // Sent in this order; the key set with `idempotency_key` is the only one sent.
    assert_eq!(
        shown,
        [("x-trace", "abc"), ("idempotency-key", "from-option")]
    );
    assert!(headers.iter().all(|(_, v)| v.is_sensitive()));
    // A header that cannot be sent is named, and its value is not repeated.
    let t = transmit(request(&client).header("Bad Name", "s3cret")).unwrap();
    assert_eq!(extra_headers(&t.options).unwrap_err(), "Bad Name");
    let t = transmit(request(&client).header("X-Ok", "line\nbreak")).unwrap();
    assert_eq!(extra_headers(&t.options).unwrap_err(), "X-Ok");
}

#[test]
fn per_request_options_reach_what_is_sent() {
    let client = client();
    let t = transmit(
        request(&client)
            .timeout(Duration::from_secs(5))
            .api_version("2030-01-01")
            .max_attempts(0)
            .max_response_size(10),
    )
    .unwrap();
    assert_eq!(t.options.timeout, Some(Duration::from_secs(5)));
    assert_eq!(t.options.version.as_deref(), Some("2030-01-01"));
    // At least the one attempt that sends the request.
    assert_eq!(t.options.max_attempts, Some(1));
    assert_eq!(t.options.max_response_size, Some(10));
    assert_eq!(RequestOptions::new().max_attempts(0).max_attempts, Some(1));
    assert_eq!(RequestOptions::new().max_attempts(4).max_attempts, Some(4));
}

#[test]
fn options_given_at_once_win_over_earlier_ones_and_headers_add_up() {
    let client = client();
    let req = request(&client)
        .timeout(Duration::from_secs(5))
        .api_version("v1")
        .idempotency_key("k1")
        .max_attempts(2)
        .header("A", "1")
        .options(
            RequestOptions::new()
                .timeout(Duration::from_secs(9))
                .idempotency_key("k2")
                .max_response_size(7)
                .header("B", "2"),
        );
    let expected = RequestOptions::new()
        .timeout(Duration::from_secs(9))
        .header("A", "1")
        .header("B", "2")
        .idempotency_key("k2")
        .api_version("v1")
        .max_attempts(2)
        .max_response_size(7);
    assert_eq!(req.options, expected);
    // Empty options change nothing.
    let again = req.clone().options(RequestOptions::new());
    assert_eq!(again.options, expected);
}

#[test]
fn debug_output_names_headers_without_their_values() {
    let client = client();
    let req = request(&client)
        .path_param("id", "7")
        .header("Authorization", "Bearer s3cret")
        .options(RequestOptions::new().header("X-Api-Key", "k3y"));
    for shown in [format!("{req:?}"), format!("{:?}", req.options)] {
        assert!(shown.contains("Authorization"), "{shown}");
        assert!(shown.contains("X-Api-Key"), "{shown}");
        assert!(
            !shown.contains("s3cret") && !shown.contains("k3y"),
            "{shown}"
        );
    }
    assert!(format!("{req:?}").contains("/syncs/7/runs/{run}"));
}

#[test]
fn bodies_set_their_media_type() {
    let client = client();
    let t = transmit(request(&client).json(&json!({"name": "a"}))).unwrap();
    assert_eq!(t.payload.content_type, "application/json");
    let sent: Value = serde_json::from_slice(t.payload.body.as_deref().unwrap()).unwrap();
    assert_eq!(sent, json!({"name": "a"}));

    let t =
        transmit(request(&client).form(&json!({"q": "a b&c", "n": null, "ids": [1, 2]}))).unwrap();
    assert_eq!(t.payload.content_type, "application/x-www-form-urlencoded");
    let mut sent: Vec<&str> = std::str::from_utf8(t.payload.body.as_deref().unwrap())
        .unwrap()
        .split('&')
        .collect();
    sent.sort();
    assert_eq!(sent, ["ids=1", "ids=2", "q=a+b%26c"]);

    let t = transmit(request(&client).text_body("a,b\n", "text/csv")).unwrap();
    assert_eq!(
        (t.payload.content_type, t.payload.body.as_deref()),
        ("text/csv", Some(&b"a,b\n"[..]))
    );

    let t = transmit(request(&client).binary_body(vec![0u8, 255], "image/png")).unwrap();
    assert_eq!(
        (t.payload.content_type, t.payload.body.as_deref()),
        ("image/png", Some(&[0u8, 255][..]))
    );
}

#[test]
fn a_body_that_cannot_be_serialized_fails_before_sending() {
    let client = client();
    // JSON object keys must be strings.
    let map = BTreeMap::from([((1, 2), "v")]);
    assert!(matches!(
        transmit(request(&client).json(&map)),
        Err(Error::Serialize(_))
    ));
    match transmit(request(&client).form(&json!(["not", "an", "object"]))) {
        Err(Error::Serialize(e)) => assert!(e.to_string().contains("object"), "{e}"),
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[test]
fn a_streamed_body_is_sent_once_whichever_copy_sends_it() {
    let client = client();
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(vec![1, 2])];
    let req = request(&client)
        .json(&json!({"replaced": true}))
        .binary_body(
            BinaryBody::stream(futures_util::stream::iter(chunks)),
            "application/octet-stream",
        );
    let copy = req.clone();
    let t = transmit(copy).unwrap();
    assert!(t.payload.stream.is_some());
    // The stream replaced the JSON body.
    assert!(t.payload.body.is_none());
    assert_eq!(t.payload.content_type, "application/octet-stream");
    match transmit(req) {
        Err(Error::Serialize(e)) => assert!(e.to_string().contains("only once"), "{e}"),
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[test]
fn the_success_body_is_read_as_the_operation_says() {
    let client = client();
    let json = request(&client);
    assert_eq!(
        (json.accept, json.reading),
        ("application/json", Reading::Json)
    );
    let text = request(&client).text_response("text/csv");
    assert_eq!((text.accept, text.reading), ("text/csv", Reading::Text));
    let (t, _, _, reading) = request(&client)
        .binary_response("application/pdf")
        .transmission(true)
        .unwrap();
    assert_eq!((t.accept, reading), ("application/pdf", Reading::Binary));
    assert!(t.stream_success);
}

#[test]
fn a_next_page_link_replaces_the_path_and_the_query() {
    let client = client();
    let paged = || {
        request(&client)
            .path_param("id", "1")
            .path_param("run", "2")
            .query("limit", Some(&10u32))
    };
    assert_eq!(
        url_of(paged()),
        (
            "https://api.example.com/v1/syncs/1/runs/2".to_owned(),
            pairs(&[("limit", "10")])
        )
    );
    assert_eq!(
        url_of(paged().follow_link("?page=2")),
        (
            "https://api.example.com/v1/syncs/1/runs/2?page=2".to_owned(),
            Vec::new()
        )
    );
    assert_eq!(
        url_of(paged().follow_link("/v1/runs?after=x")).0,
        "https://api.example.com/v1/runs?after=x"
    );
    let t = transmit(paged().follow_link("https://elsewhere.example.com/v1/runs")).unwrap();
    match target(
        &t.client.inner.base_url,
        &t.path,
        t.link.as_deref(),
        &t.query,
    ) {
        Err((link, reason)) => {
            assert_eq!(link, "https://elsewhere.example.com/v1/runs");
            assert!(reason.contains("origin"), "{reason}");
        }
        Ok((url, _)) => panic!("a link to another origin was followed: {url}"),
    }
}

#[test]
fn a_request_carries_its_operation_and_the_security_it_is_given() {
    let client = client();
    let req = request(&client);
    assert_eq!(req.operation_id(), "getRun");
    assert_eq!(req.security, SECURITY);
    let t = transmit(request(&client).security(Security::AnyOf(&[&[]]))).unwrap();
    assert_eq!(t.security, Security::AnyOf(&[&[]]));
    assert_eq!(t.method, Method::GET);
}
