//! Waiters and ids against a loopback server: `wait` polls an execution until its status
//! is terminal (the statuses come from `x-waiters` in spec/openapi.yaml), and ids read
//! from one response pass straight into the next call.

use polytomic::models::{BulkExecutionStatus, UtilExecutionStatus};
use polytomic::runtime::Error;
use serde_json::json;
use std::time::Duration;

mod support;
use support::{Received, Reply, Server};

const SYNC: &str = "248df4b7-aa70-47b8-a036-33ac447e668d";
const EXECUTION: &str = "11111111-2222-3333-4444-555555555555";

fn execution(status: &str) -> serde_json::Value {
    json!({ "data": { "id": EXECUTION, "status": status } })
}

/// A server that answers the execution polls with `statuses` in turn (the last one again
/// once they run out) and records every request.
async fn polled(statuses: &'static [&'static str]) -> Server {
    Server::start(move |i, _: &Received| {
        let status = statuses
            .get(i)
            .or(statuses.last())
            .copied()
            .unwrap_or("running");
        Reply::json(200, execution(status))
    })
    .await
}

fn fast<T, E>(wait: polytomic::runtime::Wait<'_, T, E>) -> polytomic::runtime::Wait<'_, T, E> {
    wait.interval(Duration::from_millis(5))
        .max_interval(Duration::from_millis(20))
}

#[tokio::test]
async fn wait_polls_until_a_terminal_status_and_returns_the_execution() {
    let server = polled(&["created", "running", "running", "completed"]).await;
    let client = server.client().build().unwrap();
    let done = fast(client.model_sync().executions().wait(SYNC, EXECUTION))
        .await
        .unwrap();
    let status = done.data.and_then(|d| d.status).unwrap();
    assert_eq!(status, UtilExecutionStatus::Completed);
    assert!(status.is_terminal());
    let received = server.received();
    assert_eq!(received.len(), 4);
    assert!(received
        .iter()
        .all(|r| r.target == format!("/api/syncs/{SYNC}/executions/{EXECUTION}")));
}

#[tokio::test]
async fn a_failure_status_ends_the_wait_and_is_returned() {
    let server = polled(&["running", "interrupted"]).await;
    let client = server.client().build().unwrap();
    let done = fast(client.model_sync().executions().wait(SYNC, EXECUTION))
        .await
        .unwrap();
    assert_eq!(
        done.data.and_then(|d| d.status),
        Some(UtilExecutionStatus::Interrupted)
    );
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_wait_that_never_ends_times_out_with_the_last_status() {
    let server = polled(&["running"]).await;
    let client = server.client().build().unwrap();
    let err = fast(client.bulk_sync().executions().wait(SYNC, EXECUTION))
        .timeout(Duration::from_millis(60))
        .await
        .unwrap_err();
    match &err {
        Error::WaitTimedOut { last_status, .. } => {
            assert_eq!(last_status.as_deref(), Some("running"))
        }
        other => panic!("expected WaitTimedOut, got {other}"),
    }
    assert!(err.to_string().contains("`running`"), "{err}");
    assert!(server.received().len() >= 2);
}

#[tokio::test]
async fn a_transient_503_while_polling_does_not_end_the_wait() {
    let server = Server::start(|i, _: &Received| match i {
        0 => Reply::json(200, execution("running")),
        1 => Reply::json(503, json!({ "message": "unavailable" })),
        _ => Reply::json(200, execution("errors")),
    })
    .await;
    let client = server.client().build().unwrap();
    let done = fast(client.bulk_sync().executions().wait(SYNC, EXECUTION))
        .await
        .unwrap();
    let status = done.data.and_then(|d| d.status).unwrap();
    assert_eq!(status, BulkExecutionStatus::Errors);
    assert!(status.is_terminal());
    assert_eq!(server.received().len(), 3);
}

#[test]
fn is_terminal_follows_the_declared_statuses() {
    assert!(!UtilExecutionStatus::Running.is_terminal());
    assert!(UtilExecutionStatus::Canceled.is_terminal());
    assert!(!UtilExecutionStatus::Unknown("paused".into()).is_terminal());
    assert!(BulkExecutionStatus::Errors.is_terminal());
    assert!(!BulkExecutionStatus::Exporting.is_terminal());
}

#[tokio::test]
async fn an_id_from_a_response_passes_straight_into_the_next_call() {
    let server = Server::start(|_, req: &Received| {
        if req.method == "POST" {
            Reply::json(
                200,
                json!({ "data": { "id": EXECUTION, "status": "created" } }),
            )
        } else {
            Reply::json(200, execution("completed"))
        }
    })
    .await;
    let client = server.client().build().unwrap();
    // The sync id as a `uuid::Uuid` (re-exported), the execution id as the response's text.
    let sync: polytomic::uuid::Uuid = SYNC.parse().unwrap();
    let started = client.model_sync().start(sync).await.unwrap();
    let execution_id = started.data.and_then(|d| d.id).unwrap();
    client
        .model_sync()
        .executions()
        .get(sync, &execution_id)
        .await
        .unwrap();
    fast(
        client
            .model_sync()
            .executions()
            .wait(sync, execution_id.as_str()),
    )
    .await
    .unwrap();
    let received = server.received();
    assert_eq!(
        received[1].target,
        format!("/api/syncs/{SYNC}/executions/{EXECUTION}")
    );
    assert_eq!(received[2].target, received[1].target);
}
