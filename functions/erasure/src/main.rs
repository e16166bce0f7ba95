//! The `erasure` Lambda function: on PersonErasureRequested and ConsentWithdrawn (Mendan's bus) deletes what the
//! request covers, with every stored version (see `mendan_pipeline::erasure`). The API accepts such requests but
//! may not delete stored files itself.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    mendan_aws::lambda::run_envelope_function(mendan_pipeline::erasure::handle_envelope).await
}
