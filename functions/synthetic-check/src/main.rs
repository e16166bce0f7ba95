//! The `synthetic-check` Lambda function, every 5 minutes: `/healthz`, the sign-in page and a canary user's
//! sign-in through the public address (see `mendan_aws::synthetic`); a failure is the function's error, which
//! its alarm reports.

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use mendan_aws::synthetic::{SyntheticSettings, handle_invocation};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let settings = SyntheticSettings::from_env()?;
    let http = reqwest::Client::builder().user_agent("mendan-synthetic-check").build()?;
    let (http, settings) = (&http, &settings);
    run(service_fn(move |event: LambdaEvent<serde_json::Value>| async move {
        handle_invocation(http, settings, event.payload).await.map_err(Error::from)
    }))
    .await
}
