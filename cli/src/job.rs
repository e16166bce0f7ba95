//! `mendan job ...`: the batch jobs, run with the AWS ports from the environment (the same
//! variables as the Lambda functions). AWS Batch runs them in the training image.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use mendan_core::domain::{TenantSlug, UserId};
use mendan_core::events::{HandlerError, TrainingRequested};

/// The exit status of a refusal: the job definition tells Batch not to retry it.
pub const REFUSED: u8 = 3;

#[derive(Subcommand)]
pub enum JobCommand {
    /// Train the model one TrainingRequested asked for: writes model.onnx and model.json to S3,
    /// stores the version, publishes ModelTrained. Exits 0 when done (or done before), 3 when the
    /// data cannot be trained on (the reason is kept with the request), 1 when retrying may help.
    Train(TrainJobArgs),
}

#[derive(Args)]
pub struct TrainJobArgs {
    /// The tenant's slug.
    #[arg(long)]
    tenant: String,
    /// The request id of the TrainingRequested event.
    #[arg(long)]
    request: uuid::Uuid,
    /// The administrator who asked, if one did.
    #[arg(long)]
    requested_by: Option<uuid::Uuid>,
}

pub async fn run(command: JobCommand) -> anyhow::Result<ExitCode> {
    let JobCommand::Train(args) = command;
    let tenant = TenantSlug::parse(&args.tenant).map_err(|e| anyhow::anyhow!("--tenant: {e}"))?;
    let request = TrainingRequested { tenant, request_id: args.request, requested_by: args.requested_by.map(UserId) };
    let settings = mendan_aws::AwsSettings::from_env()?;
    let ports = mendan_aws::ports(&settings).await;
    match mendan_pipeline::training::handle(&ports, &request).await {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(HandlerError::Permanent(reason)) => {
            tracing::warn!(request_id = %request.request_id, %reason, "training refused");
            Ok(ExitCode::from(REFUSED))
        }
        Err(HandlerError::Retryable(reason)) => Err(anyhow::anyhow!("training failed, retrying may help: {reason}")),
    }
}
