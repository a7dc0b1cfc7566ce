//! The request span and its events, end to end against a real HTTP server on 127.0.0.1.
//!
//! A binary of its own: the capturing subscriber is installed per thread, and tracing
//! caches per call site whether anyone listens, so another test that reaches the same call
//! site first (with no subscriber) could hide the span from this one.

use std::sync::{Arc, Mutex};

mod support;
use support::{Reply, Server};

fn sync_id() -> uuid::Uuid {
    uuid::Uuid::from_u128(0x1234)
}

/// A subscriber that writes every span, field update and event into lines of text.
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: std::sync::atomic::AtomicU64,
}

struct Line(String);

impl tracing::field::Visit for Line {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut line = Line(format!("span {}", span.metadata().name()));
        span.record(&mut line);
        self.lines.lock().unwrap().push(line.0);
        let id = self
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tracing::span::Id::from_u64(id)
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut line = Line("record".to_owned());
        values.record(&mut line);
        self.lines.lock().unwrap().push(line.0);
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = Line("event".to_owned());
        event.record(&mut line);
        self.lines.lock().unwrap().push(line.0);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn requests_are_traced_with_template_attempt_and_status_but_no_secrets() {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let _guard = tracing::subscriber::set_default(Capture {
        lines: lines.clone(),
        next_id: std::sync::atomic::AtomicU64::new(1),
    });
    let server = Server::start(|i, _| {
        if i == 0 {
            Reply::json(500, serde_json::json!({}))
        } else {
            Reply::json(200, serde_json::json!({ "data": { "id": "e1" } }))
        }
    })
    .await;
    let client = server.client().build().unwrap();
    let exec_id = uuid::Uuid::from_u128(0xabc);
    client
        .model_sync()
        .executions()
        .get(sync_id(), exec_id)
        .header("X-Custom-Token", "custom-secret")
        .await
        .unwrap();
    let lines = lines.lock().unwrap().clone();
    let all = lines.join("\n");
    assert!(
        all.contains(
            r#"span api.request operation_id="modelSyncExecutionsGet" method=GET path="/api/syncs/{sync_id}/executions/{id}""#
        ),
        "{all}"
    );
    assert!(all.contains("record attempt=1"), "{all}");
    assert!(all.contains("record status=500"), "{all}");
    assert!(all.contains("record attempt=2"), "{all}");
    assert!(all.contains("record status=200"), "{all}");
    assert!(all.contains("retrying after a retryable status"), "{all}");
    for secret in ["secret-api-key", "custom-secret", &exec_id.to_string()] {
        assert!(
            !all.contains(secret),
            "`{secret}` leaked into traces:\n{all}"
        );
    }
}
