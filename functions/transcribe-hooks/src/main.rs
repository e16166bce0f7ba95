//! The `transcribe-hooks` Lambda function: starts an Amazon Transcribe job for each uploaded
//! recording (and each report's meeting recording), and stores the transcript (summary, conversation
//! features; or the report's request) when the job is done.

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let settings = mendan_aws::AwsSettings::from_env()?;
    let sdk = mendan_aws::sdk_config(&settings).await;
    let ports = &mendan_aws::ports_from(&sdk, &settings);
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        mendan_pipeline::transcription::handle_envelope(ports, event.payload).await.map_err(Error::from)
    }))
    .await
}
