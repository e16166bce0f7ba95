//! The training function's handler: TrainingRequested → a cheap check that the tenant has enough
//! rated interviews (refused with the reason kept, like the job would) → the training job through
//! the `Jobs` port, the request item staying `queued` until the job runs. One request submits one job: the submission is recorded with its job id, and
//! a request the job already finished is not submitted again.

use mendan_core::Ports;
use mendan_core::events::{DomainEvent, HandlerError, RatingSubmitted, TrainingRequested};
use mendan_core::repo::{TenantStore, keys};
use mendan_core::usecases::models;
use mendan_core::usecases::training::{self, Step};

use crate::envelope::{detail_type, mendan_event, report};
use crate::retraining;
use crate::training::{done_key, refuse, trainable_items};

/// What became of a request.
#[derive(Clone, Debug, PartialEq)]
pub enum Submission {
    /// The job was submitted now, or earlier (a redelivery), under this id.
    Submitted { job_id: String },
    /// The job has already finished (trained or refused); nothing to submit.
    Finished,
}

fn submitted_key(event: &TrainingRequested) -> String {
    keys::processed("training-job", &event.request_id.to_string())
}

pub async fn handle(ports: &Ports, event: &TrainingRequested) -> Result<Submission, HandlerError> {
    let result = submit(ports, event).await;
    if let Err(HandlerError::Retryable(_)) = &result {
        training::note_failure(ports, event).await;
    }
    result
}

async fn submit(ports: &Ports, event: &TrainingRequested) -> Result<Submission, HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    if let Some(earlier) = store.raw_get(&submitted_key(event)).await? {
        let job_id = earlier["job_id"].as_str().unwrap_or_default().to_owned();
        return Ok(Submission::Submitted { job_id });
    }
    if store.raw_get(&done_key(event)).await?.is_some() {
        return Ok(Submission::Finished);
    }
    // Only the ratings are read here; the job reads the features and may still refuse.
    let inputs = models::training_inputs(ports, &event.tenant).await?;
    if let Err(refusal) = trainable_items(&inputs) {
        refuse(ports, event, refusal).await?;
    }
    // Queued again after a failed submission: it waits for the job now.
    training::advance(ports, event, Step::Queued).await?;
    let job = ports.jobs.submit_training(event).await?;
    tracing::info!(tenant = %event.tenant, request_id = %event.request_id, job_id = %job, "training job submitted");
    // A concurrent delivery that recorded first makes this a retryable conflict; the retry then
    // finds the record. (Batch has no idempotency token: that rare race starts two jobs for one
    // request, and both may store a version. Redeliveries after the record are harmless.)
    let record = serde_json::json!({ "job_id": job.0 });
    store.commit(vec![store.raw_create_write(submitted_key(event), record)]).await?;
    Ok(Submission::Submitted { job_id: job.0 })
}

/// One Lambda invocation of the training function, a short report out: a TrainingRequested
/// submits the job; a RatingSubmitted counts towards automatic retraining.
pub async fn handle_envelope(ports: &Ports, envelope: serde_json::Value) -> Result<serde_json::Value, String> {
    report(
        async {
            if detail_type(&envelope) == Some(RatingSubmitted::DETAIL_TYPE) {
                let rated: RatingSubmitted = mendan_event(envelope)?;
                return Ok(match retraining::handle(ports, &rated).await? {
                    Some(request) => serde_json::json!({ "status": "retraining", "request_id": request.request_id }),
                    None => serde_json::json!({ "status": "counted" }),
                });
            }
            let event: TrainingRequested = mendan_event(envelope)?;
            Ok(match handle(ports, &event).await? {
                Submission::Submitted { job_id } => {
                    serde_json::json!({ "status": "submitted", "request_id": event.request_id, "job_id": job_id })
                }
                Submission::Finished => serde_json::json!({ "status": "finished", "request_id": event.request_id }),
            })
        }
        .await,
    )
}
