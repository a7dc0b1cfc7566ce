//! Decoding that never loses data: Polytomic's events typed by their `type` (from the
//! events endpoint and from a webhook delivery), unions that pick the variant that fits,
//! and unknown keys that survive a read-modify-write, against a loopback server.

use polytomic::models::{Event, EventKind};
use serde_json::{json, Value};

mod support;
use support::{roundtrip, Received, Reply, Server};

/// One event of each documented type, with every field of its payload.
fn events() -> Vec<(&'static str, Value)> {
    let model_sync = json!({
        "execution_id": "ex-1", "organization_id": "org-1", "sync_id": "sy-1",
        "sync_name": "Accounts", "target_connection_id": "co-2"
    });
    let bulk_sync = json!({
        "destination_connection_id": "co-3", "execution_id": "ex-2", "organization_id": "org-1",
        "source_connection_id": "co-4", "sync_id": "bs-1", "sync_name": "Warehouse"
    });
    let with = |base: &Value, extra: Value| {
        let mut out = base.as_object().unwrap().clone();
        out.extend(extra.as_object().unwrap().clone());
        Value::Object(out)
    };
    vec![
        ("sync.running", model_sync.clone()),
        (
            "sync.completed",
            with(
                &model_sync,
                json!({
                    "deleted_records": ["d1"], "error_count": 1, "errored_records": ["e1"],
                    "inserted_count": 2, "inserted_records": ["i1", "i2"], "record_count": 5,
                    "status": "completed", "total_records": ["i1", "i2", "u1", "d1", "e1"],
                    "trigger": "schedule", "updated_count": 1, "updated_records": ["u1"],
                    "upserted_count": 0, "warning_count": 1, "warnings": ["slow"]
                }),
            ),
        ),
        (
            "sync.failed",
            with(&model_sync, json!({"error": "bad key"})),
        ),
        (
            "sync.canceled",
            with(&model_sync, json!({"status": "canceled"})),
        ),
        (
            "sync.completed_with_errors",
            with(
                &model_sync,
                json!({"error": "3 rejected", "number_of_errors": 3, "number_of_warnings": 2}),
            ),
        ),
        ("bulk_sync.running", bulk_sync.clone()),
        (
            "bulk_sync.completed",
            with(&bulk_sync, json!({"trigger_source": "api"})),
        ),
        ("bulk_sync.canceled", bulk_sync.clone()),
        (
            "bulk_sync.failed",
            with(
                &bulk_sync,
                json!({"error": "gone", "trigger_source": "api"}),
            ),
        ),
        (
            "bulk_sync.completed_with_error",
            with(&bulk_sync, json!({"trigger_source": "schedule"})),
        ),
    ]
}

fn event(kind: &str, payload: &Value) -> Value {
    json!({
        "id": format!("evt-{kind}"), "organization_id": "org-1",
        "created_at": "2025-01-02T03:04:05Z", "type": kind, "event": payload
    })
}

/// The variant's payload as JSON, which must be the payload as sent.
fn payload_of(kind: &EventKind) -> Value {
    match kind {
        EventKind::SyncRunning(p) => serde_json::to_value(p),
        EventKind::SyncCompleted(p) => serde_json::to_value(p),
        EventKind::SyncFailed(p) => serde_json::to_value(p),
        EventKind::SyncCanceled(p) => serde_json::to_value(p),
        EventKind::SyncCompletedWithErrors(p) => serde_json::to_value(p),
        EventKind::BulkSyncRunning(p) => serde_json::to_value(p),
        EventKind::BulkSyncCompleted(p) => serde_json::to_value(p),
        EventKind::BulkSyncCanceled(p) => serde_json::to_value(p),
        EventKind::BulkSyncFailed(p) => serde_json::to_value(p),
        EventKind::BulkSyncCompletedWithError(p) => serde_json::to_value(p),
        EventKind::Unknown { payload, .. } => Ok(payload.clone().unwrap_or(Value::Null)),
    }
    .unwrap()
}

/// The variant the event's `type` names, by its Debug name.
fn variant_name(kind: &EventKind) -> String {
    format!("{kind:?}")
        .split(['(', ' '])
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn each_event_type_decodes_to_its_own_variant_with_every_field() {
    let expected = [
        "SyncRunning",
        "SyncCompleted",
        "SyncFailed",
        "SyncCanceled",
        "SyncCompletedWithErrors",
        "BulkSyncRunning",
        "BulkSyncCompleted",
        "BulkSyncCanceled",
        "BulkSyncFailed",
        "BulkSyncCompletedWithError",
    ];
    for ((kind, payload), variant) in events().iter().zip(expected) {
        let decoded: Event = roundtrip(event(kind, payload));
        assert_eq!(variant_name(&decoded.kind), variant, "{kind}");
        assert_eq!(decoded.kind.tag(), Some(*kind));
        // Every key of the payload is a typed field: nothing was left over or dropped.
        assert_eq!(&payload_of(&decoded.kind), payload, "{kind}");
        assert!(decoded.unknown_fields.is_empty(), "{kind}");
    }
}

#[test]
fn a_completed_sync_keeps_its_counts() {
    let (kind, payload) = &events()[1];
    let decoded: Event = roundtrip(event(kind, payload));
    let EventKind::SyncCompleted(done) = decoded.kind else {
        panic!("not a completed sync: {decoded:?}");
    };
    assert_eq!(done.total_records.map(|r| r.len()), Some(5));
    assert_eq!(done.inserted_records.map(|r| r.len()), Some(2));
    assert_eq!(done.record_count, Some(5));
}

#[test]
fn an_unknown_event_type_and_new_keys_are_kept_raw() {
    let sent = json!({
        "id": "evt-9", "type": "model.deleted", "event": {"model_id": "m-1"},
        "delivery_attempt": 2
    });
    let decoded: Event = roundtrip(sent);
    assert_eq!(decoded.kind.tag(), Some("model.deleted"));
    assert!(matches!(
        &decoded.kind,
        EventKind::Unknown { payload: Some(p), .. } if p["model_id"] == "m-1"
    ));
    assert_eq!(decoded.unknown_fields["delivery_attempt"], 2);
    // A known type with a new payload key keeps it in the payload's own map.
    let decoded: Event = roundtrip(json!({
        "type": "sync.failed", "event": {"error": "x", "retry_in": 30}
    }));
    let EventKind::SyncFailed(failed) = decoded.kind else {
        panic!("not a failed sync");
    };
    assert_eq!(failed.unknown_fields["retry_in"], 30);
    // No type, no payload: nothing is invented on the way back.
    let decoded: Event = roundtrip(json!({"id": "evt-10"}));
    assert_eq!(
        decoded.kind,
        EventKind::Unknown {
            tag: None,
            payload: None
        }
    );
}

#[tokio::test]
async fn the_events_endpoint_types_every_event() {
    let list: Vec<Value> = events().iter().map(|(k, p)| event(k, p)).collect();
    let server = Server::always(Reply::json(200, json!({ "data": list }))).await;
    let client = server.client().build().unwrap();
    let page = client.events().list().await.unwrap();
    let got = page.data.unwrap();
    assert_eq!(got.len(), 10);
    for (decoded, (kind, payload)) in got.iter().zip(events()) {
        assert_eq!(decoded.kind.tag(), Some(kind));
        assert_eq!(payload_of(&decoded.kind), payload, "{kind}");
        assert!(!matches!(decoded.kind, EventKind::Unknown { .. }), "{kind}");
    }
}

/// The receiving side of a webhook, as the README shows it: decode the delivery body into
/// an `Event` and match on its kind.
fn receive(body: &[u8]) -> Result<String, serde_json::Error> {
    let event: Event = serde_json::from_slice(body)?;
    Ok(match &event.kind {
        EventKind::SyncCompleted(done) => format!(
            "sync {} wrote {} records",
            done.sync_id.as_deref().unwrap_or("?"),
            done.record_count.unwrap_or(0)
        ),
        EventKind::SyncFailed(failed) => {
            format!("sync failed: {}", failed.error.as_deref().unwrap_or("?"))
        }
        other => format!("{} event", other.tag().unwrap_or("untyped")),
    })
}

#[tokio::test]
async fn a_webhook_delivery_decodes_into_its_event_kind() {
    // The loopback server is the webhook receiver: it answers 200 with what it understood
    // (400 when the body is not an event), as a receiving endpoint would.
    let server = Server::start(|_, req: &Received| match receive(&req.body) {
        Ok(summary) => Reply::json(200, json!({ "ok": summary })),
        Err(e) => Reply::json(400, json!({ "error": e.to_string() })),
    })
    .await;
    let http = reqwest::Client::new();
    let mut answers = Vec::new();
    for (kind, payload) in [&events()[1], &events()[2], &events()[6]] {
        let delivery = event(kind, payload);
        let reply = http
            .post(format!("{}/hooks/polytomic", server.url()))
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&delivery).unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 200);
        let body: Value = serde_json::from_slice(&reply.bytes().await.unwrap()).unwrap();
        answers.push(body["ok"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        answers,
        [
            "sync sy-1 wrote 5 records",
            "sync failed: bad key",
            "bulk_sync.completed event"
        ]
    );
    // Every delivery the receiver got decodes back to exactly what was sent.
    for (req, (kind, payload)) in
        server
            .received()
            .iter()
            .zip([&events()[1], &events()[2], &events()[6]])
    {
        let decoded: Event = serde_json::from_slice(&req.body).unwrap();
        assert_eq!(
            serde_json::to_value(&decoded).unwrap(),
            event(kind, payload)
        );
    }
}

#[tokio::test]
async fn read_modify_write_sends_back_what_the_server_added() {
    use fixture_outputs::openapi::decoding::models::Settings;
    use fixture_outputs::openapi::decoding::Client;
    // The server knows keys this SDK's spec does not: at the top and inside `limits`.
    let stored = json!({
        "name": "nightly",
        "limits": {"daily": 10, "burst": 3},
        "retention_days": 30,
        "notify": {"email": "ops@example.com"}
    });
    let reply = stored.clone();
    let server = Server::start(move |i, req: &Received| match i {
        0 => Reply::json(200, reply.clone()),
        _ => Reply::json(200, serde_json::from_slice(&req.body).unwrap()),
    })
    .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let mut settings: Settings = client.get_settings("s-1").await.unwrap();
    settings.name = "hourly".into();
    client.put_settings("s-1", &settings).await.unwrap();
    let put = &server.received()[1];
    let sent: Value = serde_json::from_slice(&put.body).unwrap();
    let mut expected = stored;
    expected["name"] = json!("hourly");
    assert_eq!(sent, expected, "only the changed field differs");
    // Built from scratch, a request carries only what was set.
    let fresh = serde_json::to_value(Settings::new("fresh")).unwrap();
    assert_eq!(fresh, json!({"name": "fresh"}));
}

#[test]
fn untagged_unions_pick_the_variant_that_fits() {
    use fixture_outputs::openapi::decoding::models::*;
    // All-optional objects: the one that knows every key, not the first that parses.
    let p: Progress = roundtrip(json!({"job": "j", "total": 4}));
    assert!(matches!(p, Progress::Finished(_)), "{p:?}");
    let p: Progress = roundtrip(json!({"job": "j"}));
    assert!(matches!(p, Progress::Started(_)), "{p:?}");
    // Unknown keys go to the variant that knows the most of the others, and are kept.
    let p: Progress = roundtrip(json!({"job": "j", "errors": [], "retry": true}));
    let Progress::Finished(f) = &p else {
        panic!("{p:?}")
    };
    assert_eq!(f.unknown_fields["retry"], true);
    // Overlapping objects: the required `email` decides.
    let a: Account = roundtrip(json!({"id": "1", "email": "a@b.c"}));
    assert!(matches!(a, Account::Member(_)), "{a:?}");
    let a: Account = roundtrip(json!({"id": "1", "name": "n"}));
    assert!(matches!(a, Account::Person(_)), "{a:?}");
    // Scalars, enums and arrays by JSON type and fit.
    let cases = [
        (json!("low"), "Level"),
        (json!("other"), "String"),
        (json!(3), "Integer"),
        (json!(2.5), "Number"),
        (json!(true), "Bool"),
        (json!([1, 2]), "Array"),
        (json!(["a"]), "Array2"),
        (json!({"daily": 1}), "Limits"),
    ];
    for (value, variant) in cases {
        let s: Setting = roundtrip(value.clone());
        let shown = format!("{s:?}");
        assert!(
            shown.starts_with(&format!("{variant}(")),
            "{value}: {shown}"
        );
    }
    // What fits no variant is kept raw rather than failing.
    let s: Setting = roundtrip(json!([{"nested": 1}]));
    assert!(matches!(s, Setting::Unknown(_)), "{s:?}");
    let a: Account = roundtrip(json!({"name": "no id"}));
    assert!(matches!(a, Account::Unknown(_)), "{a:?}");
}

#[test]
fn a_selected_union_in_a_fixture_follows_its_selector() {
    use fixture_outputs::openapi::decoding::models::*;
    // `kind: started` selects `Started` even with keys `Finished` would know better.
    let n: Notice = roundtrip(json!({"kind": "started", "detail": {"job": "j", "total": 1}}));
    let NoticeKind::Started(s) = &n.kind else {
        panic!("{n:?}")
    };
    assert_eq!(s.unknown_fields["total"], 1);
    let n: Notice = roundtrip(json!({"id": "n", "kind": "finished", "detail": {"total": 2}}));
    assert!(matches!(n.kind, NoticeKind::Finished(_)));
}
