//! The `upload-signing` Lambda function: presigned S3 uploads for recordings, after the consent check.

use lambda_http::{Error, run, tracing};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let settings = mendan_aws::AwsSettings::from_env()?;
    let ports = mendan_aws::ports(&settings).await;
    run(mendan_api::maintenance::as_env_says(mendan_api::upload_router(ports))).await
}
