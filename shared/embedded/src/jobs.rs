//! The `Jobs` port in process: a job runs on a task of its own, and the submission returns when
//! it ends. So the in-process bus treats a job like any handler: its retries and dead letters
//! cover the job too, and `InProcessEvents::idle` also means "no job running".

use async_trait::async_trait;
use futures_util::future::BoxFuture;
use mendan_core::events::{HandlerError, TrainingRequested};
use mendan_core::ports::{JobId, Jobs, PortError, PortResult};
use std::sync::{Arc, OnceLock};

/// What runs a training job: `mendan_pipeline`'s training handler, wired by whoever builds the
/// backend (this crate does not know the pipeline).
pub type TrainingRunner = Arc<dyn Fn(TrainingRequested) -> BoxFuture<'static, Result<(), HandlerError>> + Send + Sync>;

#[derive(Default)]
pub struct LocalJobs {
    training: OnceLock<TrainingRunner>,
}

impl LocalJobs {
    /// Sets the training runner; the first one set stays.
    pub fn on_training(&self, runner: TrainingRunner) {
        let _ = self.training.set(runner);
    }
}

#[async_trait]
impl Jobs for LocalJobs {
    async fn submit_training(&self, request: &TrainingRequested) -> PortResult<JobId> {
        let runner = self
            .training
            .get()
            .cloned()
            .ok_or_else(|| PortError::Backend("no training runner is wired to the local jobs".into()))?;
        let job = tokio::spawn(runner(request.clone()));
        match job.await {
            Ok(Ok(())) => Ok(JobId(format!("local-{}", request.request_id))),
            // The runner recorded why; the caller sees the reason and does not retry.
            Ok(Err(HandlerError::Permanent(reason))) => Err(PortError::Invalid(reason)),
            Ok(Err(HandlerError::Retryable(reason))) => Err(PortError::Backend(reason)),
            Err(stopped) => Err(PortError::Backend(format!("the training job stopped: {stopped}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> TrainingRequested {
        TrainingRequested {
            tenant: mendan_core::domain::TenantSlug::parse("acme").unwrap(),
            request_id: uuid::Uuid::nil(),
            requested_by: None,
        }
    }

    #[tokio::test]
    async fn runs_the_job_and_passes_on_how_it_ended() {
        let jobs = LocalJobs::default();
        assert!(matches!(jobs.submit_training(&request()).await, Err(PortError::Backend(_))), "nothing wired");
        jobs.on_training(Arc::new(|r: TrainingRequested| {
            Box::pin(async move {
                match r.requested_by {
                    None => Err(HandlerError::Permanent("too few ratings".into())),
                    Some(_) => Ok(()),
                }
            })
        }));
        assert_eq!(jobs.submit_training(&request()).await, Err(PortError::Invalid("too few ratings".into())));
        let by_admin =
            TrainingRequested { requested_by: Some(mendan_core::domain::UserId(uuid::Uuid::nil())), ..request() };
        let id = jobs.submit_training(&by_admin).await.unwrap();
        assert_eq!(id.0, format!("local-{}", uuid::Uuid::nil()));
    }
}
