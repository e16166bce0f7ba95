//! The `Jobs` port on AWS Batch: a training request becomes one job on the training queue, whose
//! container runs `mendan job train --tenant T --request R [--requested-by U]`.

use async_trait::async_trait;
use aws_sdk_batch::Client;
use aws_sdk_batch::types::ContainerOverrides;
use mendan_core::events::TrainingRequested;
use mendan_core::ports::{JobId, Jobs, PortError, PortResult};

use crate::config::TrainingJobSettings;
use crate::error::backend;

pub struct BatchJobs {
    client: Client,
    settings: TrainingJobSettings,
}

impl BatchJobs {
    pub fn new(client: Client, settings: TrainingJobSettings) -> Self {
        Self { client, settings }
    }
}

/// The job's name: the tenant and the request id, so an operator recognises a resubmission
/// (Batch allows 128 letters, digits, `-` and `_`; a slug has at most 32 of them).
pub fn training_job_name(request: &TrainingRequested) -> String {
    format!("mendan-train-{}-{}", request.tenant, request.request_id)
}

/// The container command of a training job (the image's `mendan` binary).
pub fn training_command(request: &TrainingRequested) -> Vec<String> {
    let mut command =
        ["mendan", "job", "train", "--tenant", request.tenant.as_str(), "--request"].map(str::to_owned).to_vec();
    command.push(request.request_id.to_string());
    if let Some(user) = request.requested_by {
        command.extend(["--requested-by".to_owned(), user.to_string()]);
    }
    command
}

#[async_trait]
impl Jobs for BatchJobs {
    async fn submit_training(&self, request: &TrainingRequested) -> PortResult<JobId> {
        let overrides = ContainerOverrides::builder().set_command(Some(training_command(request))).build();
        let out = self
            .client
            .submit_job()
            .job_name(training_job_name(request))
            .job_queue(&self.settings.job_queue)
            .job_definition(&self.settings.job_definition)
            .container_overrides(overrides)
            .tags("mendan:tenant", request.tenant.as_str())
            .tags("mendan:request", request.request_id.to_string())
            .send()
            .await
            .map_err(|e| backend("batch SubmitJob", &e))?;
        let id = out.job_id().ok_or_else(|| PortError::Backend("batch SubmitJob answered without a job id".into()))?;
        Ok(JobId(id.to_owned()))
    }
}

/// Stands in where no training queue is configured (every function but training): submitting
/// says what to set.
pub struct NoJobs;

#[async_trait]
impl Jobs for NoJobs {
    async fn submit_training(&self, _request: &TrainingRequested) -> PortResult<JobId> {
        Err(PortError::Backend(
            "no training job queue is configured: set MENDAN_TRAINING_JOB_QUEUE and MENDAN_TRAINING_JOB_DEFINITION"
                .into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_and_name_carry_tenant_and_request() {
        let request = TrainingRequested {
            tenant: mendan_core::domain::TenantSlug::parse("acme").unwrap(),
            request_id: uuid::Uuid::nil(),
            requested_by: Some(mendan_core::domain::UserId(uuid::Uuid::max())),
        };
        let nil = uuid::Uuid::nil().to_string();
        let max = uuid::Uuid::max().to_string();
        assert_eq!(
            training_command(&request),
            ["mendan", "job", "train", "--tenant", "acme", "--request", &nil, "--requested-by", &max]
        );
        let name = training_job_name(&request);
        assert!(name.len() <= 128 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{name}");
        assert!(name.contains("acme") && name.contains(&nil));
    }
}
