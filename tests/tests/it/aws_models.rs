//! Learning and predicting on the AWS adapters (S3, DynamoDB, EventBridge in moto): the prediction
//! function's handler fed the sample FeaturesExtracted envelope as Lambda would deliver it.

use mendan_core::domain::TenantSlug;
use mendan_core::events::TrainingRequested;
use mendan_pipeline::prediction::{PredictorCache, handle_envelope};
use mendan_tests::app::{Fixture, TestApp, spawn_app_with};
use mendan_tests::moto::moto_backend;
use mendan_tests::ratings::{analysed_interview, expert_rates};
use mendan_tests::samples::sample_event;
use reqwest::Method;
use serde_json::Value;

/// Twelve analysed interviews, each rated by the expert with training-use consent.
async fn rated_interviews(app: &TestApp, fx: &Fixture) {
    for i in 0..12 {
        let (rate, happy) = (2.0 + 3.0 * ((i * 7) % 11) as f64 / 10.0, ((i * 5) % 9) as f64 / 8.0);
        let (id, _) = analysed_interview(app, fx, rate, happy, true).await;
        expert_rates(app, fx, &id, rate, happy, true).await;
    }
}

fn training_request(fx: &Fixture) -> TrainingRequested {
    TrainingRequested {
        tenant: TenantSlug::parse(&fx.tenant).unwrap(),
        request_id: uuid::Uuid::now_v7(),
        requested_by: None,
    }
}

#[tokio::test]
async fn the_prediction_function_predicts_with_the_model_in_s3_once() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let fx = app.fixture("acme").await;
    rated_interviews(&app, &fx).await;
    mendan_pipeline::training::handle(&moto.ports, &training_request(&fx)).await.expect("trained");

    let (fresh, extracted) = analysed_interview(&app, &fx, 4.5, 0.9, true).await;
    let envelope = sample_event(
        "prediction-features-extracted.json",
        &[
            ("TENANT", &fx.tenant),
            ("INTERVIEW_ID", &fresh),
            ("RECORDING_ID", &extracted.recording_id.to_string()),
            ("FEATURES_KEY", &extracted.features_key),
        ],
    );
    // A fresh cache, as in a cold Lambda: the model is read from S3.
    let cache = PredictorCache::default();
    let report = handle_envelope(&moto.ports, &cache, envelope.clone()).await.expect("not retried");
    assert_eq!(report["status"], "done", "{report}");
    let path = format!("/t/{}/v1/interviews/{fresh}/prediction", fx.tenant);
    let view = app.call(Method::GET, &path, Some(&fx.interviewer.1), None).await.body;
    assert_eq!(view["status"], "ready", "{view}");
    let score = view["prediction"]["result"]["items"][0]["score"].as_f64().unwrap();
    assert!(score >= 3.5, "fast speech and many smiles are rated high: {score}");

    // Lambda may deliver the same event again: nothing is stored or announced twice.
    let first = view["prediction"]["created_at"].clone();
    assert_eq!(handle_envelope(&moto.ports, &cache, envelope).await.unwrap()["status"], "done");
    let again = app.call(Method::GET, &path, Some(&fx.interviewer.1), None).await.body;
    assert_eq!(again["prediction"]["created_at"], first, "the stored prediction is untouched");

    // Another event type, or a malformed one, is refused for good (Ok, so Lambda does not retry).
    let stranger = sample_event("feature-extraction-recording-uploaded.json", &[]);
    assert_eq!(handle_envelope(&moto.ports, &cache, stranger).await.unwrap()["status"], "failed");

    let events = moto.received_events(usize::MAX).await;
    let ready: Vec<&Value> = events.iter().filter(|e| e.detail_type == "PredictionReady").map(|e| &e.detail).collect();
    assert_eq!(ready.len(), 1, "announced once: {ready:?}");
    assert_eq!(ready[0]["interview_id"], fresh.as_str());
}
