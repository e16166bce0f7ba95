//! The transcription hook on the AWS adapters: Amazon Transcribe, S3, DynamoDB and EventBridge
//! in moto, fed the sample envelopes of `events/`. moto runs the job but writes no transcript,
//! so the test puts the realistic Transcribe JSON of `events/` where the job's output goes.

use mendan_aws::AmazonTranscribe;
use mendan_core::domain::transcription::{Transcription, output_key};
use mendan_core::domain::{InterviewId, RecordingId, TenantSlug};
use mendan_core::ports::Transcriber;
use mendan_core::repo::{TenantStore, keys};
use mendan_pipeline::transcription::handle_envelope;
use mendan_tests::app::{Fixture, TestApp, spawn_app_with};
use mendan_tests::moto::moto_backend;
use mendan_tests::samples::sample_event;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn transcribe_output() -> Vec<u8> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../events/transcribe-output-interview-30min.json");
    std::fs::read(path).unwrap()
}

/// The fixture's `recorded` interview's recording: its ids and the S3 envelope of its upload.
async fn recorded_upload(app: &TestApp, fx: &Fixture) -> (InterviewId, RecordingId, Value) {
    let recordings = fx.path("/t/{tenant}/v1/interviews/{recorded}/recordings");
    let recording = app.call(Method::GET, &recordings, Some(&fx.admin), None).await.body[0].clone();
    let key = recording["object_key"].as_str().unwrap();
    let envelope = sample_event("transcribe-hooks-s3-object-created.json", &[("RECORDING_KEY", key)]);
    let id = RecordingId::parse(recording["id"].as_str().unwrap()).unwrap();
    (InterviewId::parse(&fx.recorded).unwrap(), id, envelope)
}

#[tokio::test]
async fn an_uploaded_recording_is_transcribed_summarised_and_announced_once() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let fx = app.fixture("acme").await;
    let transcriber = AmazonTranscribe::new(&moto.sdk, &moto.settings.bucket);
    let tenant = TenantSlug::parse("acme").unwrap();
    let store = TenantStore::new(moto.ports.items.as_ref(), &tenant);

    let (interview, recording_id, uploaded) = recorded_upload(&app, &fx).await;
    let started = handle_envelope(&moto.ports, uploaded.clone()).await.unwrap();
    assert_eq!(started["status"], "started", "{started}");
    let job = store.get::<Transcription>(&keys::transcription(interview, recording_id)).await.unwrap().value;
    assert_eq!(transcriber.failure_reason(&job.job_name).await.unwrap(), None, "moto knows the job");
    assert_eq!(handle_envelope(&moto.ports, uploaded).await.unwrap()["status"], "started");

    // The job ends; its JSON is where the job was told to write it.
    moto.ports
        .objects
        .put(&output_key(&tenant, interview, recording_id), transcribe_output(), "application/json")
        .await
        .unwrap();
    let ended = sample_event("transcribe-hooks-job-completed.json", &[("JOB_NAME", &job.job_name)]);
    assert_eq!(handle_envelope(&moto.ports, ended.clone()).await.unwrap()["status"], "done");
    let summary = app
        .call(Method::GET, &fx.path("/t/{tenant}/v1/interviews/{recorded}/summary"), Some(&fx.interviewer.1), None)
        .await;
    assert_eq!(summary.status, StatusCode::OK, "{:?}", summary.body);
    assert_eq!(summary.body["interviewee_speaker"], "spk_1", "the one who answers the questions");
    assert_eq!(summary.body["created_by"], json!(null), "made by Amazon Transcribe");
    assert!(summary.body["answers"].as_array().unwrap().len() >= 5, "{:?}", summary.body);
    let features_key = format!("t/acme/interviews/{}/features/conversation.json", fx.recorded);
    assert!(moto.ports.objects.get(&features_key).await.unwrap().is_some());

    // Lambda may deliver the end again: nothing new happens.
    assert_eq!(handle_envelope(&moto.ports, ended).await.unwrap()["status"], "done");
    let ready: Vec<_> =
        moto.received_events(1).await.into_iter().filter(|e| e.detail_type == "TranscriptReady").collect();
    assert_eq!(ready.len(), 1, "{ready:?}");
    assert_eq!(ready[0].detail["recording_id"], recording_id.to_string());

    // Jobs that are not Mendan's are ignored; a malformed envelope is refused without a retry.
    let stranger = sample_event("transcribe-hooks-job-completed.json", &[("JOB_NAME", "someone-elses-job")]);
    assert_eq!(handle_envelope(&moto.ports, stranger).await.unwrap()["status"], "done");
    let malformed = json!({"source": "aws.transcribe", "detail-type": "Transcribe Job State Change", "detail": {}});
    assert_eq!(handle_envelope(&moto.ports, malformed).await.unwrap()["status"], "failed");
}

#[tokio::test]
async fn a_failed_job_is_recorded_with_its_reason_and_stores_nothing() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let fx = app.fixture("acme").await;
    let tenant = TenantSlug::parse("acme").unwrap();
    let store = TenantStore::new(moto.ports.items.as_ref(), &tenant);
    let (interview, recording_id, uploaded) = recorded_upload(&app, &fx).await;
    handle_envelope(&moto.ports, uploaded).await.unwrap();
    let job = store.get::<Transcription>(&keys::transcription(interview, recording_id)).await.unwrap().value;

    let failed = sample_event("transcribe-hooks-job-failed.json", &[("JOB_NAME", &job.job_name)]);
    assert_eq!(handle_envelope(&moto.ports, failed).await.unwrap()["status"], "done");
    let after = store.get::<Transcription>(&keys::transcription(interview, recording_id)).await.unwrap().value;
    assert_eq!(serde_json::to_value(after.state).unwrap(), "failed");
    assert!(after.failure.is_some());
    let summary = fx.path("/t/{tenant}/v1/interviews/{recorded}/summary");
    let none = app.call(Method::GET, &summary, Some(&fx.admin), None).await;
    assert_eq!(
        (none.status, none.body["state"].as_str()),
        (StatusCode::OK, Some("none")),
        "a failed job makes no summary"
    );
}
