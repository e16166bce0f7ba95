//! The `scheduling` Lambda function: keeps an interview's reminders (EventBridge Scheduler
//! one-time schedules, 24 hours and 1 hour before) in step with its InterviewChanged events.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    mendan_aws::lambda::run_envelope_function(mendan_pipeline::scheduling::handle_envelope).await
}
