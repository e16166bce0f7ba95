//! Training requests: an administrator asks (or new expert ratings ask by themselves), the request
//! is kept as an item of the tenant with its state, and the training handlers move it on
//! (`queued → running → trained | refused`, `failed` when a retry may help). Administrators read
//! the recent requests and, before asking, whether the ratings are enough: by the rule the trainer
//! applies ([`readiness_of`]).

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::models::{TrainingInputs, training_inputs};
use super::store;
use crate::auth::Principal;
use crate::domain::training::{RatedItem, Refusal, TrainingReadiness, TrainingRequest, TrainingState, readiness};
use crate::domain::{ModelId, Role};
use crate::events::{DomainEvent, TrainingRequested};
use crate::ports::Write;
use crate::repo::{Entity, TenantStore, Versioned, keys};
use crate::{CoreResult, Ports};

/// The requests `GET models/training` answers, newest first.
pub const LIST_LIMIT: usize = 20;
/// Requests kept per tenant; older finished ones are removed when a new one is made.
const KEEP: usize = 50;
/// A request still queued or running after this long is taken as lost (a Batch job stops after
/// an hour), so it no longer stands in the way of a new one.
const STALE_AFTER: chrono::TimeDelta = chrono::TimeDelta::hours(2);

impl Entity for TrainingRequest {
    const NAME: &'static str = "training request";
    fn sort_key(&self) -> String {
        keys::training_request(self.id)
    }
}

/// The answer to a training request: the work runs in the background; `state` says where it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrainingAccepted {
    pub request_id: uuid::Uuid,
    pub state: TrainingState,
}

/// Asks for a new model (admin). While an earlier request is still queued or running, that one is
/// answered instead: one training per tenant at a time, and a second click changes nothing.
pub async fn request(ports: &Ports, principal: &Principal) -> CoreResult<TrainingAccepted> {
    principal.require(&[Role::Admin], "train models")?;
    let store = store(ports, principal);
    let now = ports.clock.now();
    let requests = store.list::<TrainingRequest>(keys::TRAINING_REQUEST_PREFIX).await?;
    if let Some(open) = requests.iter().rev().find(|r| is_open(r, now)) {
        return Ok(TrainingAccepted { request_id: open.id, state: open.state });
    }
    let event = TrainingRequested {
        tenant: principal.tenant.clone(),
        request_id: ports.ids.new_id(),
        requested_by: Some(principal.id()),
    };
    record_queued(ports, &event).await?;
    tracing::info!(request_id = %event.request_id, "training requested");
    forget_old(&store, requests).await;
    Ok(TrainingAccepted { request_id: event.request_id, state: TrainingState::Queued })
}

fn is_open(request: &TrainingRequest, now: DateTime<Utc>) -> bool {
    matches!(request.state, TrainingState::Queued | TrainingState::Running) && now - request.updated_at < STALE_AFTER
}

/// Keeps the request (queued) and publishes it; if the event cannot be published the request is
/// removed again, so no request waits for a training that will never come.
pub async fn record_queued(ports: &Ports, event: &TrainingRequested) -> CoreResult<()> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let request = queued(event, ports.clock.now());
    store.create(&request).await?;
    if let Err(e) = ports.events.publish(event.to_event()).await {
        store.undo_create(vec![request.sort_key()]).await?;
        return Err(e.into());
    }
    Ok(())
}

fn queued(event: &TrainingRequested, now: DateTime<Utc>) -> TrainingRequest {
    TrainingRequest {
        id: event.request_id,
        state: TrainingState::Queued,
        requested_by: event.requested_by,
        requested_at: now,
        updated_at: now,
        model_id: None,
        version: None,
        refusal: None,
    }
}

/// Removes the oldest finished requests beyond [`KEEP`]; best effort (a failure only keeps more).
async fn forget_old(store: &TenantStore<'_>, requests: Vec<TrainingRequest>) {
    let excess = (requests.len() + 1).saturating_sub(KEEP);
    for old in requests.iter().filter(|r| r.state.is_final()).take(excess) {
        if let Err(e) = store.remove(&old.sort_key(), None).await {
            tracing::warn!(error = %e, "an old training request was not removed");
        }
    }
}

/// The tenant's recent requests, newest first (admin).
pub async fn list(ports: &Ports, principal: &Principal) -> CoreResult<Vec<TrainingRequest>> {
    principal.require(&[Role::Admin], "see training requests")?;
    let mut requests = store(ports, principal).list::<TrainingRequest>(keys::TRAINING_REQUEST_PREFIX).await?;
    // Ids are time-ordered, so the partition lists them oldest first.
    requests.reverse();
    requests.truncate(LIST_LIMIT);
    Ok(requests)
}

/// Whether training would succeed now, with each item's progress (admin).
pub async fn readiness_view(ports: &Ports, principal: &Principal) -> CoreResult<TrainingReadiness> {
    principal.require(&[Role::Admin], "see training readiness")?;
    Ok(readiness_of(&training_inputs(ports, &principal.tenant).await?))
}

/// The trainer's rule applied to what it would train on.
pub fn readiness_of(inputs: &TrainingInputs) -> TrainingReadiness {
    let items: Vec<_> = inputs.items.iter().map(|i| (i.id, i.name.clone())).collect();
    let rated: Vec<RatedItem> = inputs
        .labels
        .iter()
        .map(|l| RatedItem { interview_id: l.interview_id, item_id: l.item_id, score: l.score })
        .collect();
    readiness(&items, inputs.interviews.len(), &rated)
}

/// Where a training handler moves a request.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Waiting for the job again after a failed attempt to start it.
    Queued,
    Running,
    Trained {
        model_id: ModelId,
        version: u32,
    },
    Refused(Refusal),
    /// Trouble a retry may mend.
    Failed,
}

impl Step {
    fn state(&self) -> TrainingState {
        match self {
            Step::Queued => TrainingState::Queued,
            Step::Running => TrainingState::Running,
            Step::Trained { .. } => TrainingState::Trained,
            Step::Refused(_) => TrainingState::Refused,
            Step::Failed => TrainingState::Failed,
        }
    }
}

/// The conditional write that moves the event's request to `step`, or `None` when it may not
/// move (already final, or already there): a redelivered event changes nothing. A request with
/// no item yet (published before requests were kept) gets one.
pub async fn step_write(ports: &Ports, event: &TrainingRequested, step: Step) -> CoreResult<Option<Write>> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let now = ports.clock.now();
    let found: Option<Versioned<TrainingRequest>> = store.find(&keys::training_request(event.request_id)).await?;
    let (mut next, version) = match found {
        Some(read) if !read.value.state.may_become(step.state()) => return Ok(None),
        Some(read) => (read.value, Some(read.version)),
        None => (queued(event, now), None),
    };
    next.state = step.state();
    next.updated_at = now;
    match step {
        Step::Trained { model_id, version } => (next.model_id, next.version) = (Some(model_id), Some(version)),
        Step::Refused(refusal) => next.refusal = Some(refusal),
        Step::Queued | Step::Running | Step::Failed => {}
    }
    Ok(Some(match version {
        Some(read) => store.update_write(&next, read)?,
        None => store.create_write(&next)?,
    }))
}

/// Moves the event's request to `step` (see [`step_write`]); a lost race is a `Conflict`, which
/// the handlers retry.
pub async fn advance(ports: &Ports, event: &TrainingRequested, step: Step) -> CoreResult<()> {
    match step_write(ports, event, step).await? {
        Some(write) => TenantStore::new(ports.items.as_ref(), &event.tenant).commit(vec![write]).await,
        None => Ok(()),
    }
}

/// Marks the request `failed` on the way out of a retryable error; the error itself is what the
/// caller returns, so a failure to mark is only logged.
pub async fn note_failure(ports: &Ports, event: &TrainingRequested) {
    if let Err(e) = advance(ports, event, Step::Failed).await {
        tracing::warn!(request_id = %event.request_id, error = %e, "the training request was not marked failed");
    }
}
