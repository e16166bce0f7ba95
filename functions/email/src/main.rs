//! The `email` Lambda function: tells the people in an interview that it was scheduled, moved or
//! cancelled (InterviewChanged), one mail each through SES, once per notice and person.

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use mendan_core::usecases::interview_mail::SiteUrl;
use mendan_pipeline::mail::handle_envelope;
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let settings = mendan_aws::AwsSettings::from_env()?;
    let site = SiteUrl(std::env::var("MENDAN_SITE_URL").map_err(|_| "MENDAN_SITE_URL must name the web UI's origin")?);
    let ports = mendan_aws::ports(&settings).await;
    let (ports, site) = (&ports, &site);
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        handle_envelope(ports, site, event.payload).await.map_err(Error::from)
    }))
    .await
}
