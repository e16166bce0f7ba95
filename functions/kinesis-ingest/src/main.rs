//! The `kinesis-ingest` Lambda function: when a face-to-face interview's call ends (`CallEnded`), exports the
//! server's copy of the call (its Kinesis video stream) into recordings if the interviewer's browser sent none,
//! then deletes the stream.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    mendan_aws::lambda::run_envelope_function(mendan_pipeline::call_copy::handle_envelope).await
}
