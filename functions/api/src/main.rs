//! The `api` Lambda function: the per-tenant API router behind API Gateway (HTTP API).

use lambda_http::{Error, run, tracing};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let settings = mendan_aws::AwsSettings::from_env()?;
    let ports = mendan_aws::ports(&settings).await;
    run(mendan_api::maintenance::as_env_says(mendan_api::api_router(ports))).await
}
