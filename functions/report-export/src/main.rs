//! The `report-export` Lambda function: on ReportRequested (Mendan's bus) classifies the stored
//! transcript into the tenant's report items, writes the Excel workbook to S3, marks the report
//! ready and publishes ReportReady.

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use mendan_pipeline::report_export::handle_envelope;
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
