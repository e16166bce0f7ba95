//! The `training` Lambda function: checks a TrainingRequested (an admin's request, or new expert
//! ratings with retraining on) against the tenant's ratings and submits the AWS Batch training job.

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use mendan_pipeline::training_request::handle_envelope;
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let settings = mendan_aws::AwsSettings::from_env()?;
    let ports = mendan_aws::ports(&settings).await;
    let ports = &ports;
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        handle_envelope(ports, event.payload).await.map_err(Error::from)
    }))
    .await
}
