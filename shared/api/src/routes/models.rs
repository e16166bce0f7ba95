//! Models (train, list, activate, retraining settings) and an interview's prediction.

use axum::extract::State;
use axum::http::StatusCode;
use mendan_core::domain::model::ModelSettings;
use mendan_core::domain::training::{TrainingReadiness, TrainingRequest};
use mendan_core::domain::{InterviewId, ModelId};
use mendan_core::usecases::model_bundles::{self, CheckFuture, ModelBundle};
use mendan_core::usecases::model_settings;
use mendan_core::usecases::model_statistics::{self, StatisticsView};
use mendan_core::usecases::models::{self, ModelView, PredictionView};
use mendan_core::usecases::training::{self, TrainingAccepted};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::IdPath;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_training, training_requests))
        .routes(routes!(readiness))
        .routes(routes!(list))
        .routes(routes!(activate))
        .routes(routes!(prediction))
        .routes(routes!(settings, put_settings))
        .routes(routes!(statistics))
        .routes(routes!(export_bundle))
        .routes(routes!(import_bundle))
}

/// Train a new model version from the experts' ratings (admin). Runs in the background: the request
/// is kept with its state (`GET models/training`); while one is queued or running, that one is
/// answered. The first model becomes active at once, later versions when an administrator activates them.
#[utoipa::path(post, path = "/t/{tenant}/v1/models/training", tag = "models", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 202, body = TrainingAccepted), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn request_training(
    State(s): State<AppState>,
    Caller(c): Caller,
) -> Result<(StatusCode, Json<TrainingAccepted>), ApiError> {
    Ok((StatusCode::ACCEPTED, Json(training::request(&s.ports, &c).await?)))
}

/// The recent training requests, newest first (at most 20), each with its state: queued, running,
/// trained (with the version), refused (with a stable code and the counts) or failed (admin).
#[utoipa::path(get, path = "/t/{tenant}/v1/models/training", tag = "models", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = Vec<TrainingRequest>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn training_requests(
    State(s): State<AppState>,
    Caller(c): Caller,
) -> Result<Json<Vec<TrainingRequest>>, ApiError> {
    Ok(Json(training::list(&s.ports, &c).await?))
}

/// Whether training can succeed now: each evaluation item's rated, analysed interviews against the
/// minimum, by the rule the trainer applies, and the refusal training would give (admin).
#[utoipa::path(get, path = "/t/{tenant}/v1/models/readiness", tag = "models", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = TrainingReadiness), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn readiness(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<TrainingReadiness>, ApiError> {
    Ok(Json(training::readiness_view(&s.ports, &c).await?))
}

/// Every model version with its card (cross-validated figures, rater agreement, warnings), newest first.
#[utoipa::path(get, path = "/t/{tenant}/v1/models", tag = "models", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = Vec<ModelView>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn list(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<Vec<ModelView>>, ApiError> {
    Ok(Json(models::list(&s.ports, &c).await?))
}

/// Make a model version the one that predicts (admin); activating an older version rolls back.
#[utoipa::path(post, path = "/t/{tenant}/v1/models/{id}/activate", tag = "models", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = ModelView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn activate(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<ModelView>, ApiError> {
    Ok(Json(models::activate(&s.ports, &c, ModelId(p.id)).await?))
}

/// The model's reference scores for an interview, or why there are none (no model yet, no
/// consent to AI evaluation, not analysed yet). Admins and the interview's interviewer.
#[utoipa::path(get, path = "/t/{tenant}/v1/interviews/{id}/prediction", tag = "models", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = PredictionView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn prediction(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<PredictionView>, ApiError> {
    Ok(Json(models::prediction(&s.ports, &c, InterviewId(p.id)).await?))
}

/// Whether the tenant retrains by itself after new expert ratings, and after how many (admin).
#[utoipa::path(get, path = "/t/{tenant}/v1/models/settings", tag = "models", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = ModelSettings), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn settings(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<ModelSettings>, ApiError> {
    Ok(Json(model_settings::get(&s.ports, &c).await?))
}

/// Turn retraining after new expert ratings on or off (admin). New versions still wait for an
/// administrator to activate them.
#[utoipa::path(put, path = "/t/{tenant}/v1/models/settings", tag = "models", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = ModelSettings,
    responses((status = 200, body = ModelSettings), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn put_settings(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(input): Json<ModelSettings>,
) -> Result<Json<ModelSettings>, ApiError> {
    Ok(Json(model_settings::put(&s.ports, &c, input).await?))
}

/// The statistics option on a model's training data: every feature against every item's ratings
/// (Pearson, Spearman, BH q-values, top-vs-bottom-third Welch test) and a link to the Excel
/// workbook (admin).
#[utoipa::path(get, path = "/t/{tenant}/v1/models/{id}/statistics", tag = "models", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = StatisticsView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn statistics(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<StatisticsView>, ApiError> {
    Ok(Json(model_statistics::get(&s.ports, &c, ModelId(p.id)).await?))
}

/// The model as one JSON bundle (ONNX graph + model card) for the pre-trained model option (admin).
#[utoipa::path(get, path = "/t/{tenant}/v1/models/{id}/bundle", tag = "models", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = ModelBundle), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn export_bundle(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<ModelBundle>, ApiError> {
    Ok(Json(model_bundles::export(&s.ports, &c, ModelId(p.id)).await?))
}

/// Import a bundle exported from another tenant as a new, provided model version (admin). The
/// graph must load and predict with its card; it becomes active only if the tenant has no model.
#[utoipa::path(post, path = "/t/{tenant}/v1/models/import", tag = "models", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = ModelBundle,
    responses((status = 201, body = ModelView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn import_bundle(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(bundle): Json<ModelBundle>,
) -> Result<(StatusCode, Json<ModelView>), ApiError> {
    let view = model_bundles::import(&s.ports, &c, bundle, &checked_off_thread).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Imported graphs checked at once: each loads a model and runs it (CPU and memory).
const MODEL_CHECKS: usize = 2;
static CHECK_PERMITS: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(MODEL_CHECKS));

fn checked_off_thread(onnx: Vec<u8>, card: serde_json::Value) -> CheckFuture {
    Box::pin(off_request_thread(move || loads_and_predicts(&onnx, &card).map(|()| (onnx, card))))
}

/// Runs `work` on the blocking threads, [`MODEL_CHECKS`] at a time, so requests keep being served.
async fn off_request_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    let _permit = CHECK_PERMITS.acquire().await.map_err(|e| format!("the model check is closed: {e}"))?;
    tokio::task::spawn_blocking(work).await.map_err(|e| format!("the model check stopped: {e}"))?
}

/// The graph and card load into the model runtime and give one finite score per item for a
/// recording with every feature at its training mean.
fn loads_and_predicts(onnx: &[u8], card: &serde_json::Value) -> Result<(), String> {
    let card: mendan_ml::ModelCard =
        serde_json::from_value(card.clone()).map_err(|e| format!("not a model card: {e}"))?;
    let row: Vec<f64> = card.features.iter().map(|f| f.mean).collect();
    let items = card.items.len();
    let predictor = mendan_ml::Predictor::load(onnx, card).map_err(|e| e.to_string())?;
    let scores = predictor.scores(&row).map_err(|e| e.to_string())?;
    if scores.len() != items || !scores.iter().all(|s| s.is_finite()) {
        return Err(format!("the graph gives {} scores for {items} items", scores.len()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// On a one-thread runtime (like a request's), checks run elsewhere and at most two at once,
    /// and the runtime keeps answering while they block.
    #[tokio::test(flavor = "current_thread")]
    async fn model_checks_run_off_the_request_thread_two_at_a_time() {
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let request_thread = std::thread::current().id();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let released = Arc::new(std::sync::Mutex::new(released));
        let checks: Vec<_> = (0..6)
            .map(|_| {
                let (running, most, released) = (running.clone(), most.clone(), released.clone());
                tokio::spawn(off_request_thread(move || {
                    assert_ne!(std::thread::current().id(), request_thread);
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    // Blocks until the test, running on the request thread, lets it go.
                    let _ = released.lock().unwrap().recv();
                    running.fetch_sub(1, Ordering::SeqCst);
                    Ok(())
                }))
            })
            .collect();
        for _ in 0..6 {
            // The request thread is free: it gets here while checks block, and releases them.
            while running.load(Ordering::SeqCst) == 0 {
                tokio::task::yield_now().await;
            }
            release.send(()).unwrap();
        }
        for check in checks {
            check.await.unwrap().unwrap();
        }
        assert!((1..=MODEL_CHECKS).contains(&most.load(Ordering::SeqCst)), "never more than {MODEL_CHECKS} at once");
    }
}
