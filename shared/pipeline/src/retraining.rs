//! Retraining on new expert ratings: each RatingSubmitted by an expert counts towards the
//! tenant's threshold (`ModelSettings`); the one that reaches it publishes a TrainingRequested,
//! which the training handler takes like an administrator's request.

use mendan_core::Ports;
use mendan_core::events::{HandlerError, RatingSubmitted, TrainingRequested};
use mendan_core::usecases::model_settings;

/// The training request this rating triggered, if any.
pub async fn handle(ports: &Ports, event: &RatingSubmitted) -> Result<Option<TrainingRequested>, HandlerError> {
    if !event.by_expert {
        // Interviewers' ratings are not training labels.
        return Ok(None);
    }
    Ok(model_settings::count_expert_rating(ports, &event.tenant).await?)
}
