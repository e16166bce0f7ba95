//! Learning and predicting on the AWS adapters (S3, DynamoDB, EventBridge, Batch in moto): the
//! training and prediction functions' handlers fed the sample envelopes as Lambda would deliver
//! them, and the training job (`mendan job train`) run directly, as the Batch container would.

use mendan_aws::TrainingJobSettings;
use mendan_core::Ports;
use mendan_core::domain::TenantSlug;
use mendan_core::events::TrainingRequested;
use mendan_core::repo::TenantStore;
use mendan_pipeline::prediction::{PredictorCache, handle_envelope};
use mendan_pipeline::training::done_key;
use mendan_pipeline::training_request;
use mendan_tests::app::{Fixture, TestApp, spawn_app_with};
use mendan_tests::moto::{MotoBackend, moto_backend};
use mendan_tests::moto_batch::with_training_queue;
use mendan_tests::ratings::{analysed_interview, expert_rates};
use mendan_tests::samples::sample_event;
use reqwest::Method;
use serde_json::{Value, json};

/// Twelve analysed interviews, each rated by the expert with training-use consent.
async fn rated_interviews(app: &TestApp, fx: &Fixture) {
    for i in 0..12 {
        let (rate, happy) = (2.0 + 3.0 * ((i * 7) % 11) as f64 / 10.0, ((i * 5) % 9) as f64 / 8.0);
        let (id, _) = analysed_interview(app, fx, rate, happy, true).await;
        expert_rates(app, fx, &id, rate, happy, true).await;
    }
}

fn new_request(fx: &Fixture) -> TrainingRequested {
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
    mendan_pipeline::training::handle(&moto.ports, &new_request(&fx)).await.expect("trained");

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

/// The API over the backend with a Batch training queue, and a tenant in it.
async fn with_tenant_and_queue(moto: &MotoBackend) -> (Ports, TrainingJobSettings, TestApp, Fixture) {
    let (ports, queue) = with_training_queue(moto).await.expect("a training queue in moto");
    let app = spawn_app_with(ports.clone()).await;
    let fx = app.fixture("acme").await;
    (ports, queue, app, fx)
}

fn training_envelope(fx: &Fixture, request_id: &str) -> Value {
    sample_event("training-requested.json", &[("TENANT", &fx.tenant), ("REQUEST_ID", request_id)])
}

#[tokio::test]
async fn the_training_function_submits_one_batch_job_and_the_job_trains() {
    let Some(moto) = moto_backend().await else { return };
    let (ports, queue, app, fx) = with_tenant_and_queue(&moto).await;
    rated_interviews(&app, &fx).await;

    let request_id = uuid::Uuid::now_v7().to_string();
    let envelope = training_envelope(&fx, &request_id);
    let report = training_request::handle_envelope(&ports, envelope.clone()).await.expect("not retried");
    assert_eq!(report["status"], "submitted", "{report}");
    let job_id = report["job_id"].as_str().unwrap().to_owned();
    // Lambda may deliver the same event again: the job is not submitted twice.
    let again = training_request::handle_envelope(&ports, envelope).await.unwrap();
    assert_eq!((again["status"].as_str(), again["job_id"].as_str()), (Some("submitted"), Some(job_id.as_str())));

    let batch = aws_sdk_batch::Client::new(&moto.sdk);
    let listed = batch.list_jobs().job_queue(&queue.job_queue).send().await.unwrap();
    let ours: Vec<_> =
        listed.job_summary_list().iter().filter(|j| j.job_name().unwrap_or_default().contains(&request_id)).collect();
    assert_eq!(ours.len(), 1, "one job for the request: {ours:?}");
    let described = batch.describe_jobs().jobs(&job_id).send().await.unwrap();
    let job = &described.jobs()[0];
    assert!(job.job_queue().unwrap_or_default().ends_with(&queue.job_queue), "{job:?}");
    assert!(job.job_definition().unwrap_or_default().contains(&queue.job_definition), "{job:?}");
    let command = job.container().map(|c| c.command().to_vec()).unwrap_or_default();
    let expected = ["mendan", "job", "train", "--tenant", "acme", "--request", request_id.as_str()];
    assert_eq!(&command[..7], expected, "{command:?}");

    // What the Batch container runs (`mendan job train`): the model lands in S3, ModelTrained is published.
    let request: TrainingRequested =
        serde_json::from_value(training_envelope(&fx, &request_id)["detail"].clone()).unwrap();
    let listed = app.call(Method::GET, &format!("/t/{}/v1/models/training", fx.tenant), Some(&fx.admin), None).await;
    assert_eq!(listed.body[0]["state"], "queued", "submitted, waiting for the job: {:?}", listed.body);
    mendan_pipeline::training::handle(&ports, &request).await.expect("trained");
    let listed = app.call(Method::GET, &format!("/t/{}/v1/models/training", fx.tenant), Some(&fx.admin), None).await;
    assert_eq!((&listed.body[0]["state"], &listed.body[0]["version"]), (&json!("trained"), &json!(1)));
    let mut files: Vec<String> = ports
        .objects
        .list(&format!("t/{}/models/", fx.tenant))
        .await
        .unwrap()
        .into_iter()
        .filter_map(|o| {
            o.key.split_once("/models/").and_then(|(_, rest)| rest.split_once('/')).map(|(_, f)| f.to_owned())
        })
        .collect();
    files.sort();
    // The training record for the ethics analysis in a folder of its own (an erasure rewrites it with its versions).
    assert_eq!(files, ["ethics/cv.json", "model.json", "model.onnx", "stats.json", "stats.xlsx"]);
    // A retried job (Batch's retry strategy) trains nothing more; the request is finished.
    mendan_pipeline::training::handle(&ports, &request).await.expect("already done");
    let models = app.call(Method::GET, &format!("/t/{}/v1/models", fx.tenant), Some(&fx.admin), None).await.body;
    assert_eq!(models.as_array().map(Vec::len), Some(1), "{models}");
    assert_eq!(models[0]["active"], true, "the tenant's first model is active");
    let trained: Vec<Value> = moto
        .received_events(usize::MAX)
        .await
        .into_iter()
        .filter(|e| e.detail_type == "ModelTrained")
        .map(|e| e.detail)
        .collect();
    assert_eq!(trained.len(), 1, "{trained:?}");
    assert_eq!(trained[0]["model_id"], models[0]["id"]);
}

#[tokio::test]
async fn the_training_function_refuses_too_few_ratings_without_a_job() {
    let Some(moto) = moto_backend().await else { return };
    let (ports, queue, app, fx) = with_tenant_and_queue(&moto).await;
    let (id, _) = analysed_interview(&app, &fx, 3.0, 0.5, true).await;
    expert_rates(&app, &fx, &id, 3.0, 0.5, true).await;

    // The administrator asks through the API: the request is kept, queued, in DynamoDB.
    let requests_path = format!("/t/{}/v1/models/training", fx.tenant);
    let accepted = app.call(Method::POST, &requests_path, Some(&fx.admin), None).await.body;
    assert_eq!(accepted["state"], "queued", "{accepted}");
    let request_id = accepted["request_id"].as_str().unwrap().to_owned();
    // Pressed again while it waits: the same request, not a second one.
    let again = app.call(Method::POST, &requests_path, Some(&fx.admin), None).await.body;
    assert_eq!(again["request_id"], accepted["request_id"], "{again}");
    let report = training_request::handle_envelope(&ports, training_envelope(&fx, &request_id)).await;
    let report = report.expect("refused for good: Ok, so Lambda does not retry");
    assert_eq!(report["status"], "failed", "{report}");
    assert!(report["reason"].as_str().unwrap().contains("10"), "{report}");
    let requests = app.call(Method::GET, &requests_path, Some(&fx.admin), None).await.body;
    assert_eq!((&requests[0]["id"], &requests[0]["state"]), (&accepted["request_id"], &json!("refused")), "{requests}");
    let expected = json!({"code": "too_few_rated_interviews", "have": 1, "need": 10});
    assert_eq!(requests[0]["refusal"], expected);
    let readiness =
        app.call(Method::GET, &format!("/t/{}/v1/models/readiness", fx.tenant), Some(&fx.admin), None).await;
    assert_eq!(readiness.body["refusal"], expected, "the page showed the same numbers");
    // The refusal is kept with the request, as the job would keep it.
    let request: TrainingRequested =
        serde_json::from_value(training_envelope(&fx, &request_id)["detail"].clone()).unwrap();
    let store = TenantStore::new(ports.items.as_ref(), &request.tenant);
    let kept = store.raw_get(&done_key(&request)).await.unwrap().expect("the outcome is recorded");
    assert_eq!(kept["status"], "refused", "{kept}");
    let batch = aws_sdk_batch::Client::new(&moto.sdk);
    let listed = batch.list_jobs().job_queue(&queue.job_queue).send().await.unwrap();
    assert!(listed.job_summary_list().is_empty(), "no job: {:?}", listed.job_summary_list());
    // Redelivered, it stays finished.
    let again = training_request::handle_envelope(&ports, training_envelope(&fx, &request_id)).await.unwrap();
    assert_eq!(again["status"], "finished", "{again}");
    assert_eq!(app.call(Method::GET, &requests_path, Some(&fx.admin), None).await.body, requests, "unchanged");
    // Once it is finished, asking again makes a new request.
    let next = app.call(Method::POST, &requests_path, Some(&fx.admin), None).await.body;
    assert_ne!(next["request_id"], accepted["request_id"], "{next}");
}
