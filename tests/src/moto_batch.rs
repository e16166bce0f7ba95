//! An AWS Batch training queue in moto (compute environment, job queue, Fargate job definition), and the
//! AWS ports of a [`MotoBackend`] submitting to it. Moto records submitted jobs; it cannot run
//! them without a container runtime, so tests look at the submissions only.

use anyhow::{Context, Result, anyhow};
use aws_sdk_batch::types::{
    CeState, CeType, JobDefinitionType, JqState, PlatformCapability, ResourceRequirement, ResourceType,
};
use aws_sdk_batch::types::{ComputeEnvironmentOrder, ContainerProperties};
use mendan_aws::TrainingJobSettings;
use mendan_core::Ports;

use crate::moto::MotoBackend;

/// A Fargate queue and a job definition named after the backend's resources; the backend's ports
/// with `Jobs` submitting to them.
pub async fn with_training_queue(moto: &MotoBackend) -> Result<(Ports, TrainingJobSettings)> {
    let name = &moto.settings.table;
    let role = create_role(moto, name).await.context("creating the Batch service role")?;
    let batch = aws_sdk_batch::Client::new(&moto.sdk);
    let environment = batch
        .create_compute_environment()
        .compute_environment_name(name)
        // Unmanaged: a managed Fargate environment (as in the template) would need a VPC in moto's
        // EC2 too, and moto runs no job either way.
        .r#type(CeType::Unmanaged)
        .state(CeState::Enabled)
        .service_role(&role)
        .send()
        .await
        .context("CreateComputeEnvironment")?;
    let order = ComputeEnvironmentOrder::builder()
        .order(1)
        .compute_environment(environment.compute_environment_arn().context("no compute environment ARN")?)
        .build();
    batch
        .create_job_queue()
        .job_queue_name(name)
        .state(JqState::Enabled)
        .priority(1)
        .compute_environment_order(order)
        .send()
        .await
        .context("CreateJobQueue")?;
    let requirement = |kind, value: &str| ResourceRequirement::builder().r#type(kind).value(value).build();
    let container = ContainerProperties::builder()
        .image("mendan-training:test")
        .command("mendan")
        .resource_requirements(requirement(ResourceType::Vcpu, "2"))
        .resource_requirements(requirement(ResourceType::Memory, "4096"))
        .build();
    batch
        .register_job_definition()
        .job_definition_name(name)
        .r#type(JobDefinitionType::Container)
        .platform_capabilities(PlatformCapability::Fargate)
        .container_properties(container)
        .send()
        .await
        .context("RegisterJobDefinition")?;
    let training = TrainingJobSettings { job_queue: name.clone(), job_definition: name.clone() };
    let settings = mendan_aws::AwsSettings { training_jobs: Some(training.clone()), ..moto.settings.clone() };
    Ok((mendan_aws::ports_from(&moto.sdk, &settings), training))
}

/// Moto's Batch wants its service role to exist in IAM. One IAM call does not justify another SDK
/// crate: IAM's query protocol is a form POST, and moto routes it by the credential scope.
async fn create_role(moto: &MotoBackend, name: &str) -> Result<String> {
    let endpoint = moto.settings.endpoint_url.as_deref().context("no moto endpoint")?;
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"batch.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let form = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("Action", "CreateRole"), ("Version", "2010-05-08"), ("RoleName", name)])
        .append_pair("AssumeRolePolicyDocument", trust)
        .finish();
    let reply = reqwest::Client::new()
        .post(endpoint)
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await?;
    let status = reply.status();
    let body = reply.text().await?;
    if !status.is_success() {
        return Err(anyhow!("IAM CreateRole answered {status}: {body}"));
    }
    let arn = body.split("<Arn>").nth(1).and_then(|rest| rest.split("</Arn>").next());
    arn.map(str::to_owned).with_context(|| format!("no role ARN in {body}"))
}
