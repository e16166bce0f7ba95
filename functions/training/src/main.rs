//! The `training` Lambda function: checks a TrainingRequested (an admin's request, or new expert
//! ratings with retraining on) against the tenant's ratings and submits the AWS Batch training job.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    mendan_aws::lambda::run_envelope_function(mendan_pipeline::training_request::handle_envelope).await
}
