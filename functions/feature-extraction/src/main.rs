//! The `feature-extraction` Lambda function: analyses each uploaded recording (S3 "Object Created"
//! through EventBridge) into features, a timeline and a FeaturesExtracted event.

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use mendan_pipeline::FeatureExtractor;
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let settings = mendan_aws::AwsSettings::from_env()?;
    let ports = mendan_aws::ports(&settings).await;
    let extractor = FeatureExtractor::from_env();
    let (ports, extractor) = (&ports, &extractor);
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        extractor.handle_envelope(ports, event.payload).await.map_err(Error::from)
    }))
    .await
}
