//! The prediction handler: FeaturesExtracted → the tenant's active model (tract-onnx) over the
//! interview's analysed recordings → a stored Prediction → PredictionReady. One recording's
//! features are predicted once per active model: a redelivered event changes nothing and
//! announces nothing, while a new recording or another active model predicts afresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use mendan_core::Ports;
use mendan_core::domain::ModelId;
use mendan_core::domain::model::{ModelVersion, Prediction};
use mendan_core::domain::usage::Meter;
use mendan_core::events::{DomainEvent, FeaturesExtracted, HandlerError, PredictionReady};
use mendan_core::repo::{TenantStore, keys};
use mendan_core::usecases::models;
use mendan_core::usecases::usage;
use mendan_ml::{ModelCard, Predictor};

use crate::envelope::{mendan_event, report};
use crate::interview_features::of_interview;

/// Loaded models by id: a model version never changes, so it can be kept for the process' life.
#[derive(Default)]
pub struct PredictorCache {
    loaded: Mutex<HashMap<ModelId, Arc<Predictor>>>,
}

impl PredictorCache {
    async fn get(&self, ports: &Ports, model: &ModelVersion) -> Result<Arc<Predictor>, HandlerError> {
        if let Some(found) = self.loaded.lock().ok().and_then(|m| m.get(&model.id).cloned()) {
            return Ok(found);
        }
        let onnx = ports.objects.get(&model.onnx_key).await?.ok_or_else(|| missing(&model.onnx_key))?;
        let card: ModelCard = serde_json::from_value(model.card.clone())
            .map_err(|e| HandlerError::Permanent(format!("model {} has an unreadable card: {e}", model.id)))?;
        let predictor = tokio::task::spawn_blocking(move || Predictor::load(&onnx, card))
            .await
            .map_err(|e| HandlerError::Retryable(format!("loading the model stopped: {e}")))?
            .map_err(|e| HandlerError::Permanent(format!("model {} cannot be loaded: {e}", model.id)))?;
        let predictor = Arc::new(predictor);
        if let Ok(mut loaded) = self.loaded.lock() {
            loaded.insert(model.id, predictor.clone());
        }
        Ok(predictor)
    }
}

fn missing(key: &str) -> HandlerError {
    HandlerError::Permanent(format!("the model file {key} is missing"))
}

/// One Lambda invocation: a FeaturesExtracted envelope from Mendan's bus in, a short report out
/// (see [`report`] for what Lambda retries).
pub async fn handle_envelope(
    ports: &Ports,
    cache: &PredictorCache,
    envelope: serde_json::Value,
) -> Result<serde_json::Value, String> {
    report(
        async {
            let event: FeaturesExtracted = mendan_event(envelope)?;
            handle(ports, cache, &event).await?;
            Ok(serde_json::json!({ "status": "done", "interview_id": event.interview_id }))
        }
        .await,
    )
}

pub async fn handle(ports: &Ports, cache: &PredictorCache, event: &FeaturesExtracted) -> Result<(), HandlerError> {
    if !event.sufficient {
        return Ok(());
    }
    let Some((model, interview)) = models::prediction_inputs(ports, &event.tenant, event.interview_id).await? else {
        return Ok(());
    };
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let done = keys::processed("prediction", &format!("{}#{}", event.recording_id, model.id));
    if store.raw_get(&done).await?.is_some() {
        tracing::info!(recording_id = %event.recording_id, "already predicted with this model; nothing to do");
        return Ok(());
    }
    let feature_keys: Vec<String> = interview.recordings.iter().map(|(_, key)| key.clone()).collect();
    // The model takes the names it was trained on: conversation features are offered always and
    // used only by a model trained with them.
    let found = of_interview(ports, &event.tenant, event.interview_id, &feature_keys, true).await?;
    let Some(features) = found else { return Ok(()) };
    let predictor = cache.get(ports, &model).await?;
    let name = format!("interview {}", event.interview_id);
    let result = tokio::task::spawn_blocking(move || predictor.predict(&name, &features))
        .await
        .map_err(|e| HandlerError::Retryable(format!("prediction stopped: {e}")))?
        .map_err(|e| HandlerError::Permanent(e.to_string()))?;
    let prediction = Prediction {
        interview_id: event.interview_id,
        model_id: model.id,
        model_version: model.version,
        recordings: interview.recordings.iter().map(|(id, _)| *id).collect(),
        result: serde_json::to_value(&result).unwrap_or_default(),
        created_at: ports.clock.now(),
    };
    models::save_prediction(ports, &event.tenant, &prediction).await?;
    let what = format!("predicted:{}:{}", event.recording_id, model.id);
    usage::count(ports, &event.tenant, &what, Meter::Predictions, 1).await?;
    let ready = PredictionReady { tenant: event.tenant.clone(), interview_id: event.interview_id, model_id: model.id };
    ports.events.publish(ready.to_event()).await?;
    // Marked only once announced: a failed publish is retried and predicts (the same numbers) again.
    let record = serde_json::json!({ "interview_id": event.interview_id, "model_version": model.version });
    store.commit(vec![store.raw_create_write(done, record)]).await?;
    Ok(())
}
