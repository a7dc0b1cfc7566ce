//! Model sync (reverse ETL) from a Snowflake query to Salesforce, step by step:
//!
//! 1. create a Snowflake connection,
//! 2. create a Salesforce connection (OAuth: the response holds the URL that finishes it),
//! 3. create a model over a SQL query on the Snowflake connection,
//! 4. create a model sync that writes the model's rows into Salesforce contacts, matching
//!    on email.
//!
//! [`run`] does the four calls through any [`Client`], so the same code runs against the
//! real API (see `src/main.rs`) and against a local test server.

use polytomic::connectors::{SalesforceConnectionConfiguration, SnowflakeConnectionConfiguration};
use polytomic::models::{
    CreateConnectionRequestSchema, CreateModelRequest, CreateSyncRequest, Identity,
    ModelsyncSyncTargetMode, Schedule, ScheduleFrequency, SchemaIdentityFunction, Source,
    SyncField, Target,
};
use polytomic::Client;

/// Settings of the walkthrough; [`Settings::demo`] has the documentation's values.
#[derive(Debug, Clone)]
pub struct Settings {
    pub snowflake_account: String,
    pub snowflake_user: String,
    pub snowflake_password: String,
    pub snowflake_database: String,
    pub salesforce_domain: String,
    pub query: String,
}

impl Settings {
    /// The values of the documented example.
    pub fn demo() -> Self {
        Settings {
            snowflake_account: "uc193736182".to_owned(),
            snowflake_user: "user".to_owned(),
            snowflake_password: "secret".to_owned(),
            snowflake_database: "database".to_owned(),
            salesforce_domain: "https://example.my.salesforce.com".to_owned(),
            query: "SELECT MAX(last_activity_date) AS last_activity_date, plan, first_name, \
                    last_name, email FROM users GROUP BY plan, first_name, last_name, email"
                .to_owned(),
        }
    }
}

/// What the walkthrough created.
#[derive(Debug, Clone, PartialEq)]
pub struct Created {
    pub snowflake_connection_id: String,
    pub salesforce_connection_id: String,
    /// Open this URL in a browser to finish the Salesforce OAuth flow.
    pub salesforce_auth_url: Option<String>,
    pub model_id: String,
    pub sync_id: String,
}

/// Errors of the walkthrough: a failed call, or a response without the id the next step needs.
#[derive(Debug)]
pub enum StepError {
    Api {
        step: &'static str,
        // Boxed: API errors carry the whole response (body, raw text, unknown keys).
        error: Box<polytomic::Error<polytomic::models::ApiError>>,
    },
    MissingId {
        step: &'static str,
    },
}

impl std::fmt::Display for StepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StepError::Api { step, error } => write!(f, "{step}: {error}"),
            StepError::MissingId { step } => write!(f, "{step}: the response has no id"),
        }
    }
}

impl std::error::Error for StepError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StepError::Api { error, .. } => Some(error.as_ref()),
            StepError::MissingId { .. } => None,
        }
    }
}

/// Runs the four steps and returns the ids of what they created.
pub async fn run(client: &Client, settings: &Settings) -> Result<Created, StepError> {
    // 1. Snowflake: typed connection configuration; a missing required setting does not compile.
    let step = "create the Snowflake connection";
    let mut snowflake = SnowflakeConnectionConfiguration::new(
        &settings.snowflake_account,
        &settings.snowflake_user,
        &settings.snowflake_database,
    );
    snowflake.password = Some(settings.snowflake_password.as_str().into());
    let body = CreateConnectionRequestSchema::new(snowflake.into(), "Snowflake Connection");
    let created = client
        .connections()
        .create(&body)
        .await
        .map_err(|error| StepError::Api {
            step,
            error: Box::new(error),
        })?;
    let snowflake_connection_id = created
        .data
        .and_then(|c| c.id)
        .ok_or(StepError::MissingId { step })?;

    // 2. Salesforce: only the domain is needed; the OAuth flow finishes in a browser.
    let step = "create the Salesforce connection";
    let salesforce = SalesforceConnectionConfiguration::new(&settings.salesforce_domain);
    let body = CreateConnectionRequestSchema::new(salesforce.into(), "Salesforce Connection");
    let created = client
        .connections()
        .create(&body)
        .await
        .map_err(|error| StepError::Api {
            step,
            error: Box::new(error),
        })?
        .data
        .ok_or(StepError::MissingId { step })?;
    let salesforce_auth_url = created.auth_url;
    let salesforce_connection_id = created.id.ok_or(StepError::MissingId { step })?;

    // 3. A model over a query on the Snowflake connection.
    let step = "create the model";
    let mut configuration = serde_json::Map::new();
    configuration.insert("query".to_owned(), settings.query.clone().into());
    let body = CreateModelRequest::new(configuration, &snowflake_connection_id, "Active Users");
    let model_id = client
        .models()
        .create(&body)
        .await
        .map_err(|error| StepError::Api {
            step,
            error: Box::new(error),
        })?
        .data
        .and_then(|m| m.id)
        .ok_or(StepError::MissingId { step })?;

    // 4. The sync: match contacts on email, write first and last name, run continuously.
    let step = "create the model sync";
    let source = |field: &str| Source::new(field, &model_id);
    let field = |from: &str, to: &str| SyncField {
        source: Some(source(from)),
        ..SyncField::new(to)
    };
    let mut target = Target::new(&salesforce_connection_id);
    target.object = Some("Contact".to_owned());
    let schedule = Schedule {
        frequency: Some(ScheduleFrequency::Continuous),
        ..Schedule::default()
    };
    let mut body = CreateSyncRequest::new(
        vec![
            field("first_name", "FirstName"),
            field("last_name", "LastName"),
        ],
        ModelsyncSyncTargetMode::Create,
        "Snowflake to Salesforce Sync",
        schedule,
        target,
    );
    body.identity = Some(Identity::new(
        SchemaIdentityFunction::Equality,
        source("email"),
        "Email",
    ));
    let sync_id = client
        .model_sync()
        .create(&body)
        .await
        .map_err(|error| StepError::Api {
            step,
            error: Box::new(error),
        })?
        .data
        .and_then(|s| s.id)
        .ok_or(StepError::MissingId { step })?;

    Ok(Created {
        snowflake_connection_id,
        salesforce_connection_id,
        salesforce_auth_url,
        model_id,
        sync_id,
    })
}
