//! The `retention` Lambda function, once a day: samples every tenant's stored bytes for metering and purges the
//! tenants whose contract ended more than their grace ago (see `mendan_pipeline::retention`).

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    mendan_aws::lambda::run_envelope_function(mendan_pipeline::retention::handle_invocation).await
}
