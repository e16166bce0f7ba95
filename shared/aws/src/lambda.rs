//! The shell of an EventBridge-triggered Lambda function: tracing, the AWS ports from the environment, and each
//! event's envelope handed to the function's handler, whose report is the invocation's answer.

use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use mendan_core::Ports;
use serde_json::Value;
use std::future::Future;

/// Runs until the Lambda runtime stops; `handle` gets the ports (built once per cold start) and an envelope.
pub async fn run_envelope_function<H, F>(handle: H) -> Result<(), Error>
where
    H: Fn(&'static Ports, Value) -> F,
    F: Future<Output = Result<Value, String>>,
{
    lambda_runtime::tracing::init_default_subscriber();
    let settings = crate::AwsSettings::from_env()?;
    // Lives as long as the process: every invocation of this instance shares one set of clients.
    let ports: &'static Ports = Box::leak(Box::new(crate::ports(&settings).await));
    let handle = &handle;
    run(service_fn(
        move |event: LambdaEvent<Value>| async move { handle(ports, event.payload).await.map_err(Error::from) },
    ))
    .await
}
