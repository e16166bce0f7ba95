//! The `prediction` Lambda function: runs the tenant's active model on an interview when its
//! features arrive (FeaturesExtracted on Mendan's bus), stores the Prediction, publishes PredictionReady.

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use mendan_pipeline::prediction::{PredictorCache, handle_envelope};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let settings = mendan_aws::AwsSettings::from_env()?;
    let ports = mendan_aws::ports(&settings).await;
    // Kept across invocations of a warm instance: each model is read from S3 and parsed once.
    let cache = PredictorCache::default();
    let (ports, cache) = (&ports, &cache);
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        handle_envelope(ports, cache, event.payload).await.map_err(Error::from)
    }))
    .await
}
