//! The `ethics-monitoring` Lambda function, on the 1st of each month: analyses every monitored tenant's
//! predictions of the month before by group and alerts its admins beyond their limits (see
//! `mendan_pipeline::ethics_monitoring`).

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    mendan_aws::lambda::run_envelope_function(mendan_pipeline::ethics_monitoring::handle_invocation).await
}
