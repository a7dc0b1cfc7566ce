//! Fixture clients end to end, against a loopback server:
//! - the pagination conventions (tests/fixtures/openapi/pagination.yaml), each stream
//!   against a server that pages the way the convention says;
//! - constrained and unsigned parameters (tests/fixtures/openapi/constraints.yaml);
//! - a response shared by several operations, handled by one function
//!   (tests/fixtures/openapi/shared_components.yaml).

use fixture_outputs::openapi::pagination::models;
use serde_json::json;

mod support;
use support::{Received, Reply, Server};

/// A client of one fixture (each has its own runtime, built with its spec) for `server`.
macro_rules! client {
    ($fixture:ident, $server:expr) => {
        fixture_outputs::openapi::$fixture::Client::builder()
            .base_url($server.url())
            .build()
            .unwrap()
    };
}

#[tokio::test]
async fn constrained_and_unsigned_parameters_are_sent_as_their_values() {
    use fixture_outputs::openapi::constraints::models::{AccountSid, PageSize};
    let sid = "AC0123456789abcdef0123456789abcdef";
    let server = Server::always(Reply::json(200, json!({ "sid": sid }))).await;
    let client = client!(constraints, &server);
    let account = client
        .get_account(&AccountSid::new(sid).unwrap())
        .page_size(PageSize::new(50).unwrap())
        .since(u64::MAX)
        .await
        .unwrap();
    assert_eq!(account.sid.as_str(), sid);
    assert_eq!(
        server.received()[0].target,
        format!("/accounts/{sid}?page_size=50&since=18446744073709551615")
    );
}

fn project(name: &str) -> serde_json::Value {
    json!({ "name": name })
}

#[tokio::test]
async fn dropshot_page_token_and_next_page() {
    let server = Server::start(
        |_, req: &Received| match req.query("page_token").as_deref() {
            None => Reply::json(
                200,
                json!({"items": [project("a"), project("b")], "next_page": "t2"}),
            ),
            Some("t2") => Reply::json(200, json!({"items": [project("c")], "next_page": null})),
            Some(other) => Reply::json(400, json!({ "unexpected": other })),
        },
    )
    .await;
    let client = client!(pagination, &server);
    let all = client
        .list_projects()
        .limit(2)
        .stream()
        .collect_all()
        .await
        .unwrap();
    let names: Vec<&str> = all
        .iter()
        .map(|p: &models::Project| p.name.as_str())
        .collect();
    assert_eq!(names, ["a", "b", "c"]);
    let received = server.received();
    assert_eq!(received.len(), 2);
    // Other arguments are sent with every page.
    assert!(received
        .iter()
        .all(|r| r.query("limit").as_deref() == Some("2")));
}

#[tokio::test]
async fn cursor_one_object_down() {
    let server = Server::start(|_, req: &Received| match req.query("cursor").as_deref() {
        None => Reply::json(
            200,
            json!({"messages": ["m1"], "response_metadata": {"next_cursor": "c2"}}),
        ),
        Some("c2") => Reply::json(
            200,
            json!({"messages": ["m2"], "response_metadata": {"next_cursor": ""}}),
        ),
        Some(_) => Reply::json(400, json!({})),
    })
    .await;
    let client = client!(pagination, &server);
    let all = client
        .list_messages("general")
        .stream()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all, ["m1", "m2"]);
    assert!(server
        .received()
        .iter()
        .all(|r| r.query("channel").as_deref() == Some("general")));
}

#[tokio::test]
async fn link_style_next_page_uri_replaces_path_and_query() {
    let server = Server::start(|_, req: &Received| {
        if req.target == "/Accounts/AC1/Calls.json?PageSize=1" {
            Reply::json(
                200,
                json!({"calls": [{"sid": "c1"}], "page": 0,
                       "next_page_uri": "/Accounts/AC1/Calls.json?PageSize=1&Page=1&PageToken=PA1"}),
            )
        } else if req.target == "/Accounts/AC1/Calls.json?PageSize=1&Page=1&PageToken=PA1" {
            Reply::json(200, json!({"calls": [{"sid": "c2"}], "page": 1, "next_page_uri": null}))
        } else {
            Reply::json(404, json!({ "target": req.target }))
        }
    })
    .await;
    let client = client!(pagination, &server);
    let all = client
        .list_call("AC1")
        .page_size(1)
        .stream()
        .collect_all()
        .await
        .unwrap();
    let sids: Vec<Option<&str>> = all.iter().map(|c| c.sid.as_deref()).collect();
    assert_eq!(sids, [Some("c1"), Some("c2")]);
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn link_style_absolute_url_one_object_down() {
    let server = Server::start(|i, req: &Received| match i {
        0 => {
            // An absolute URL on the same origin (the Host header names it).
            let host = req.header("host").unwrap_or_default().to_owned();
            Reply::json(
                200,
                json!({"services": ["s1"], "meta": {"next_page_url": format!("http://{host}/v2/Services?Page=1")}}),
            )
        }
        _ => Reply::json(200, json!({"services": ["s2"], "meta": {"next_page_url": null}})),
    })
    .await;
    let client = client!(pagination, &server);
    let all = client.list_service().stream().collect_all().await.unwrap();
    assert_eq!(all, ["s1", "s2"]);
    assert_eq!(server.received()[1].target, "/v2/Services?Page=1");
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_not_followed() {
    let server = Server::always(Reply::json(
        200,
        json!({"services": ["s1"], "meta": {"next_page_url": "http://127.0.0.1:9/v2/Services?Page=1"}}),
    ))
    .await;
    let client = client!(pagination, &server);
    let mut stream = client.list_service().stream();
    assert_eq!(stream.try_next().await.unwrap().as_deref(), Some("s1"));
    let err = stream.try_next().await.unwrap_err();
    assert!(
        matches!(
            &err,
            fixture_outputs::openapi::pagination::runtime::Error::InvalidNextLink { .. }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("origin"), "{err}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_convention_declared_at_the_root_picks_the_named_array() {
    let server = Server::start(|_, req: &Received| match req.query("offset").as_deref() {
        None => Reply::json(
            200,
            json!({"results": [1, 2], "warnings": ["w"], "paging": {"next_offset": "2"}}),
        ),
        Some("2") => Reply::json(200, json!({"results": [3], "paging": {}})),
        Some(_) => Reply::json(400, json!({})),
    })
    .await;
    let client = client!(pagination, &server);
    let all = client.list_results().stream().collect_all().await.unwrap();
    assert_eq!(all, [1, 2, 3]);
}

#[tokio::test]
async fn a_convention_declared_on_the_operation() {
    let server = Server::start(|_, req: &Received| match req.query("after").as_deref() {
        None => Reply::json(200, json!({"data": ["e1"], "cursors": {"after": "x"}})),
        Some("x") => Reply::json(200, json!({"data": ["e2"]})),
        Some(_) => Reply::json(400, json!({})),
    })
    .await;
    let client = client!(pagination, &server);
    let all = client.list_events().stream().collect_all().await.unwrap();
    assert_eq!(all, ["e1", "e2"]);
}

// ----- what the runtime takes from the spec (the `versioned` fixture) -----

#[tokio::test]
async fn the_version_header_and_its_value_come_from_the_spec() {
    let server = Server::start(|_, req: &Received| match req.method.as_str() {
        "DELETE" => Reply::raw(204, ""),
        _ => Reply::json(200, json!(["w"])),
    })
    .await;
    let client = client!(versioned, &server);
    let widgets = client.list_widgets().color("red").await.unwrap();
    assert_eq!(widgets, ["w"]);
    client
        .delete_widget("w1")
        .api_version("2031-06-30")
        .await
        .unwrap();
    let [list, delete] = server.received().try_into().unwrap();
    assert_eq!(list.header("acme-version"), Some("2030-01-01"));
    assert_eq!(list.header("x-polytomic-version"), None);
    assert_eq!(delete.header("acme-version"), Some("2031-06-30"));
}

#[test]
fn base_url_and_environment_variables_come_from_the_spec() {
    use fixture_outputs::openapi::versioned::{runtime::ClientBuilder, spec, Client};
    assert_eq!(spec::API_VERSION, "2030-01-01");
    assert_eq!(spec::SPEC_VERSION, "3.1.0");
    // The server URL with its variable at the default.
    let client = Client::builder().build().unwrap();
    assert_eq!(client.base_url(), "https://eu.acme.test/v2");
    assert_eq!(client.api_version(), "2030-01-01");
    let vars = [("ACME_WIDGETS_DEPLOYMENT_URL", "acme.internal")];
    let builder = ClientBuilder::from_lookup(|name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_owned())
    })
    .unwrap();
    assert_eq!(builder.build().unwrap().base_url(), "https://acme.internal");
    // The spec declares no security scheme: nothing to read, and nothing missing.
    assert!(spec::SECURITY_SCHEMES.is_empty());
    assert!(ClientBuilder::from_lookup(|_| None).is_ok());
}

#[tokio::test]
async fn optional_parameters_are_setters_and_the_last_value_wins() {
    let server = Server::always(Reply::json(200, json!({"items": []}))).await;
    let client = client!(pagination, &server);
    client
        .list_projects()
        .limit(1)
        .page_token("a")
        .limit(2)
        .await
        .unwrap();
    // Unset optional parameters are not sent at all.
    client.list_projects().await.unwrap();
    let [first, second] = server.received().try_into().unwrap();
    assert_eq!(first.target, "/projects?page_token=a&limit=2");
    assert_eq!(second.target, "/projects");
}

// ----- bodies other than JSON (tests/fixtures/openapi/bodies.yaml) -----

#[tokio::test]
async fn a_form_body_arrives_form_encoded_with_arrays_as_repeated_keys() {
    use fixture_outputs::openapi::bodies::models::CreateMessageRequest;
    let server = Server::always(Reply::json(201, json!({"sid": "SM1"}))).await;
    let client = client!(bodies, &server);
    let mut body = CreateMessageRequest::new("+1 555 0100", "héllo & bye");
    body.media_url = Some(vec![
        "https://a.test/1.png".into(),
        "https://a.test/2.png".into(),
    ]);
    body.attempt = Some(2);
    let created = client.create_message(&body).await.unwrap();
    assert_eq!(created.sid.as_deref(), Some("SM1"));
    let [req] = server.received().try_into().unwrap();
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(req.body).unwrap(),
        "To=%2B1+555+0100&Body=h%C3%A9llo+%26+bye\
         &MediaUrl=https%3A%2F%2Fa.test%2F1.png&MediaUrl=https%3A%2F%2Fa.test%2F2.png&Attempt=2"
    );
}

#[tokio::test]
async fn json_is_preferred_when_a_body_offers_several_media_types() {
    use fixture_outputs::openapi::bodies::models::PutNoteRequest;
    let server = Server::always(Reply::raw(204, "")).await;
    let client = client!(bodies, &server);
    let body = PutNoteRequest {
        text: Some("n".into()),
    };
    client.put_note().body(&body).await.unwrap();
    let [req] = server.received().try_into().unwrap();
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(req.body, br#"{"text":"n"}"#);
}

#[tokio::test]
async fn text_goes_up_and_comes_back_as_a_string() {
    let server = Server::start(|_, req: &Received| {
        Reply::raw(200, &String::from_utf8_lossy(&req.body)).header("content-type", "text/plain")
    })
    .await;
    let client = client!(bodies, &server);
    let echoed = client.echo_text("plain [text]\n").await.unwrap();
    assert_eq!(echoed, "plain [text]\n");
    let [req] = server.received().try_into().unwrap();
    assert_eq!(req.header("content-type"), Some("text/plain"));
    assert_eq!(req.header("accept"), Some("text/plain"));
}

#[tokio::test]
async fn bytes_go_up_and_come_down_unchanged() {
    // Every byte value, so nothing is treated as text on the way.
    let bytes: Vec<u8> = (0..=255u8).collect();
    let server = Server::start(|_, req: &Received| match req.method.as_str() {
        "PUT" => Reply::raw(204, ""),
        _ if req.target.ends_with("missing.png") => Reply::raw(404, "no such file"),
        _ => Reply::bytes(200, (0..=255u8).collect()).header("content-type", "image/png"),
    })
    .await;
    let client = client!(bodies, &server);
    client.upload_file("a.png", &bytes).await.unwrap();
    let [put] = server.received().try_into().unwrap();
    assert_eq!(put.header("content-type"), Some("application/octet-stream"));
    assert_eq!(put.body, bytes);
    let downloaded = client.download_file("a.png").await.unwrap();
    assert_eq!(downloaded.into_inner(), bytes);
    let err = client.download_file("missing.png").await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.raw_body(), Some("no such file"));
}

// ----- constructs from real-world specs (tests/fixtures/openapi/real_world.yaml) -----

#[tokio::test]
async fn a_union_of_plain_values_and_a_free_form_object_are_parameters() {
    use fixture_outputs::openapi::real_world::models::NameOrId;
    let server = Server::always(Reply::json(200, json!({"state": "detached"}))).await;
    let client = client!(real_world, &server);
    let mut data = serde_json::Map::new();
    data.insert("lookup".into(), json!({"mode": "full"}));
    data.insert("name".into(), json!("a b"));
    client
        .get_instance(&NameOrId::String("db-1".into()))
        .add_ons_data(data)
        .await
        .unwrap();
    let id = uuid::Uuid::from_u128(7);
    client.get_instance(&NameOrId::Uuid(id)).await.unwrap();
    let [by_name, by_id] = server.received().try_into().unwrap();
    assert_eq!(
        by_name.target,
        "/instances/db-1?AddOnsData%5Blookup%5D=%7B%22mode%22%3A%22full%22%7D&AddOnsData%5Bname%5D=a+b"
    );
    assert_eq!(by_id.target, format!("/instances/{id}"));
}

/// The parts of a multipart body as (name, file name, content type, bytes), read by an
/// independent parser.
async fn multipart_parts(req: &Received) -> Vec<(String, Option<String>, Option<String>, Vec<u8>)> {
    let content_type = req.header("content-type").expect("a content type");
    let boundary = multer::parse_boundary(content_type).expect("a multipart boundary");
    let body = bytes::Bytes::from(req.body.clone());
    let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(body)]);
    let mut form = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = form.next_field().await.unwrap() {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let media = field.content_type().map(|m| m.to_string());
        let data = field.bytes().await.unwrap().to_vec();
        parts.push((name, file_name, media, data));
    }
    parts
}

#[tokio::test]
async fn a_multipart_upload_arrives_as_its_parts() {
    use fixture_outputs::openapi::bodies::models::{UploadAvatarForm, UploadAvatarFormMeta};
    use fixture_outputs::openapi::bodies::runtime::FilePart;
    let server = Server::always(Reply::raw(204, "")).await;
    let client = client!(bodies, &server);
    let image: Vec<u8> = (0..=255u8).rev().collect();
    let mut form = UploadAvatarForm::new(
        "ann",
        FilePart::new(image.clone())
            .file_name("me.png")
            .content_type("image/png"),
    );
    form.thumbnails = Some(vec![FilePart::new(*b"t1"), FilePart::new(*b"t2")]);
    form.tags = Some(vec!["a".into(), "b c".into()]);
    form.meta = Some(UploadAvatarFormMeta {
        source: Some("camera".into()),
    });
    form.size = Some(256);
    client.upload_avatar(&form).await.unwrap();
    let [req] = server.received().try_into().unwrap();
    assert!(req
        .header("content-type")
        .unwrap()
        .starts_with("multipart/form-data; boundary="));
    let parts = multipart_parts(&req).await;
    let text = |name: &str, value: &str| (name.to_owned(), None, None, value.as_bytes().to_vec());
    let file = |name: &str, media: &str, data: &[u8]| {
        (name.to_owned(), None, Some(media.to_owned()), data.to_vec())
    };
    assert_eq!(
        parts,
        vec![
            text("user", "ann"),
            (
                "image".to_owned(),
                Some("me.png".to_owned()),
                Some("image/png".to_owned()),
                image
            ),
            file("thumbnails", "application/octet-stream", b"t1"),
            file("thumbnails", "application/octet-stream", b"t2"),
            text("tags", "a"),
            text("tags", "b c"),
            (
                "meta".to_owned(),
                None,
                Some("application/json".to_owned()),
                br#"{"source":"camera"}"#.to_vec()
            ),
            text("size", "256"),
        ]
    );
}

#[tokio::test]
async fn a_multipart_upload_is_sent_again_whole_when_retried() {
    use fixture_outputs::openapi::bodies::models::UploadAvatarForm;
    use fixture_outputs::openapi::bodies::runtime::FilePart;
    let server = Server::start(|n, _: &Received| match n {
        0 => Reply::raw(503, "busy"),
        _ => Reply::raw(204, ""),
    })
    .await;
    let client = client!(bodies, &server);
    let form = UploadAvatarForm::new("ann", FilePart::new(*b"img"));
    client
        .upload_avatar(&form)
        .idempotency_key("k1")
        .await
        .unwrap();
    let [first, second] = server.received().try_into().unwrap();
    let (a, b) = (
        multipart_parts(&first).await,
        multipart_parts(&second).await,
    );
    assert_eq!(a, b);
    assert_eq!(a.len(), 2);
}

#[tokio::test]
async fn a_download_streams_its_body_and_an_error_still_decodes() {
    // Larger than one read, so the body arrives in pieces.
    let big: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    let served = big.clone();
    let server = Server::start(move |_, req: &Received| {
        if req.target.ends_with("missing.png") {
            Reply::raw(404, "no such file")
        } else {
            Reply::bytes(200, served.clone()).header("content-type", "image/png")
        }
    })
    .await;
    let client = client!(bodies, &server);
    let mut download = client.download_file("big.png").download().await.unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.content_type(), Some("image/png"));
    assert_eq!(download.content_length(), Some(big.len() as u64));
    let mut received = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = download.chunk().await.unwrap() {
        chunks += 1;
        received.extend_from_slice(&chunk);
    }
    assert_eq!(received, big);
    assert!(chunks >= 1);
    let err = client
        .download_file("missing.png")
        .download()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.raw_body(), Some("no such file"));
}

#[tokio::test]
async fn a_streamed_upload_arrives_whole_and_is_sent_once() {
    use fixture_outputs::openapi::bodies::runtime::BinaryBody;
    let server = Server::always(Reply::raw(204, "")).await;
    let client = client!(bodies, &server);
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(b"first ".to_vec()),
        Ok(b"second ".to_vec()),
        Ok(b"third".to_vec()),
    ];
    let request = client.upload_file(
        "s.bin",
        BinaryBody::stream(futures_util::stream::iter(chunks)),
    );
    let copy = request.clone();
    request.await.unwrap();
    let [put] = server.received().try_into().unwrap();
    assert_eq!(put.header("content-type"), Some("application/octet-stream"));
    assert_eq!(put.body, b"first second third");
    // The stream was read by the first send; a copy cannot send it again.
    let err = copy.await.unwrap_err();
    assert!(err.to_string().contains("sent only once"), "{err}");
}

#[tokio::test]
async fn a_streamed_upload_is_not_retried() {
    use fixture_outputs::openapi::bodies::runtime::BinaryBody;
    let server = Server::always(Reply::raw(503, "busy")).await;
    let client = client!(bodies, &server);
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(b"once".to_vec())];
    let err = client
        .upload_file(
            "s.bin",
            BinaryBody::stream(futures_util::stream::iter(chunks)),
        )
        .idempotency_key("k")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.received().len(), 1);
}

/// Two operations declare the shared `Unauthorized` response: both error enums carry the
/// one `Unauthorized` type, so one function reads a 401 from either.
#[tokio::test]
async fn one_function_handles_the_shared_401_of_every_operation() {
    use fixture_outputs::openapi::shared_components::client::{AddToQueueError, ListItemsError};
    use fixture_outputs::openapi::shared_components::models::{ItemUris, Unauthorized};
    use fixture_outputs::openapi::shared_components::runtime::Error;

    fn explain(unauthorized: &Unauthorized) -> String {
        let e = &unauthorized.error;
        format!("{}: {}", e.status, e.message)
    }
    let body = json!({"error": {"status": 401, "message": "The access token expired"}});
    let server = Server::always(Reply::json(401, body)).await;
    let client = client!(shared_components, &server);

    let listed = client.list_items("p1").await;
    let Err(Error::Api {
        status: 401,
        body: Some(ListItemsError::Unauthorized(from_list)),
        ..
    }) = listed
    else {
        panic!("not the shared 401: {listed:?}");
    };
    let queued = client
        .add_to_queue(&ItemUris::new(vec!["track:1".into()]))
        .await;
    let Err(Error::Api {
        status: 401,
        body: Some(AddToQueueError::Unauthorized(from_queue)),
        ..
    }) = queued
    else {
        panic!("not the shared 401: {queued:?}");
    };
    assert_eq!(explain(&from_list), "401: The access token expired");
    assert_eq!(explain(&from_queue), explain(&from_list));
    let targets: Vec<String> = server.received().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/playlists/p1/items", "/queue"]);
}
