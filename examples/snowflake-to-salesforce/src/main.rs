//! Creates a Snowflake connection, a Salesforce connection, a model over a query and a
//! model sync in the Polytomic organization of `POLYTOMIC_API_KEY`.
//!
//! ```sh
//! export POLYTOMIC_API_KEY=...   # an organization API key
//! cargo run -p snowflake-to-salesforce
//! ```

use polytomic::Client;
use snowflake_to_salesforce::{run, Settings};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let key = match std::env::var("POLYTOMIC_API_KEY") {
        Ok(key) if !key.trim().is_empty() => key,
        _ => {
            eprintln!(
                "POLYTOMIC_API_KEY is not set. This example creates real connections, a model \
                 and a sync, so it needs an API key of your Polytomic organization:\n\n    \
                 export POLYTOMIC_API_KEY=<your key>\n    cargo run -p snowflake-to-salesforce"
            );
            return ExitCode::from(2);
        }
    };
    let client = match Client::new(key.trim()) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("cannot build the client: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run(&client, &Settings::demo()).await {
        Ok(created) => {
            println!("Snowflake connection: {}", created.snowflake_connection_id);
            println!(
                "Salesforce connection: {}",
                created.salesforce_connection_id
            );
            if let Some(url) = &created.salesforce_auth_url {
                println!("  finish Salesforce authorization at {url}");
            }
            println!("model: {}", created.model_id);
            println!("model sync: {}", created.sync_id);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
