//! The `snowflake-to-salesforce` example, run against a local server, sends exactly the
//! request bodies of the documented walkthrough (seed 004) and chains the returned ids.

mod support;

use serde_json::{json, Value};
use snowflake_to_salesforce::{run, Created, Settings};
use support::{Reply, Server};

fn seed(file: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/seeds")
        .join(file);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test]
async fn the_walkthrough_sends_the_documented_requests() {
    // Answer with the placeholder ids the documentation's later steps use.
    let server = Server::start(|_, request| {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let data = match (request.target.as_str(), body["type"].as_str()) {
            ("/api/connections", Some("snowflake")) => {
                json!({ "id": "YOUR-SNOWFLAKE-CONNECTION-ID", "name": "Snowflake Connection" })
            }
            ("/api/connections", _) => json!({
                "id": "YOUR-SALESFORCE-CONNECTION-ID",
                "auth_url": "https://app.polytomic.com/oauth/start"
            }),
            ("/api/models", _) => json!({ "id": "YOUR-MODEL-ID" }),
            ("/api/syncs", _) => json!({ "id": "sync-1" }),
            _ => return Reply::json(404, json!({ "message": "unexpected request" })),
        };
        Reply::json(200, json!({ "data": data }))
    })
    .await;
    let client = server.client().build().unwrap();

    let created = run(&client, &Settings::demo()).await.unwrap();

    assert_eq!(
        created,
        Created {
            snowflake_connection_id: "YOUR-SNOWFLAKE-CONNECTION-ID".to_owned(),
            salesforce_connection_id: "YOUR-SALESFORCE-CONNECTION-ID".to_owned(),
            salesforce_auth_url: Some("https://app.polytomic.com/oauth/start".to_owned()),
            model_id: "YOUR-MODEL-ID".to_owned(),
            sync_id: "sync-1".to_owned(),
        }
    );
    let received = server.received();
    let sent: Vec<(&str, &str, Value)> = received
        .iter()
        .map(|r| {
            let body = serde_json::from_slice(&r.body).unwrap();
            (r.method.as_str(), r.target.as_str(), body)
        })
        .collect();
    assert_eq!(
        sent,
        vec![
            (
                "POST",
                "/api/connections",
                seed("004_create_snowflake_connection_request.json")
            ),
            (
                "POST",
                "/api/connections",
                seed("004_create_salesforce_connection_request.json")
            ),
            (
                "POST",
                "/api/models",
                seed("004_create_snowflake_model_request.json")
            ),
            (
                "POST",
                "/api/syncs",
                seed("004_create_model_sync_request.json")
            ),
        ]
    );
}

#[tokio::test]
async fn a_failed_step_names_the_step_and_stops() {
    let server = Server::always(Reply::json(
        422,
        json!({ "message": "account is invalid", "status": 422 }),
    ))
    .await;
    let client = server.client().build().unwrap();

    let error = run(&client, &Settings::demo()).await.unwrap_err();

    let message = error.to_string();
    assert!(
        message.starts_with("create the Snowflake connection:"),
        "{message}"
    );
    assert!(message.contains("422"), "{message}");
    assert_eq!(server.received().len(), 1, "no step runs after a failure");
}
