//! The `scheduling` Lambda function: keeps an interview's reminders (EventBridge Scheduler
//! one-time schedules, 24 hours and 1 hour before) in step with its InterviewChanged events.

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use mendan_pipeline::scheduling::handle_envelope;
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
