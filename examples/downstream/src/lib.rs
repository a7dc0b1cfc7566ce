//! A downstream crate that generates its Polytomic SDK at build time.
//!
//! `build.rs` runs `polytomic_codegen::Builder` over this crate's own `spec/`, and the
//! line below pulls the result in: models in [`models`], operations reached through
//! [`Client`], and the runtime they share. Everything else here is ordinary code written
//! against the generated types.

include!(concat!(env!("OUT_DIR"), "/polytomic.rs"));

/// The name of the organization the client's API key acts in, when the API reports one.
pub async fn organization_name(client: &Client) -> Result<Option<String>, Error<models::ApiError>> {
    let identity = client.identity().get().await?;
    Ok(identity.data.and_then(|who| who.organization_name))
}

/// The request body that creates an S3 connection named `name`: the typed configuration
/// (generated from `spec/connectors/s3.yaml`) becomes the flat JSON object the API takes.
pub fn new_s3_connection(
    name: &str,
    configuration: connectors::S3ConnectionConfiguration,
) -> Result<models::CreateConnectionRequestSchema, connectors_runtime::ConfigError> {
    Ok(models::CreateConnectionRequestSchema {
        configuration: configuration.try_into()?,
        healthcheck_interval: None,
        name: name.to_owned(),
        organization_id: None,
        policies: None,
        redirect_url: None,
        type_: "s3".to_owned(),
        validate: Some(true),
    })
}
