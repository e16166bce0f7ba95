//! The feature-extraction function on the AWS adapters (S3, DynamoDB, EventBridge in moto), fed the
//! sample EventBridge envelopes of `events/` as Lambda would deliver them.

use mendan_analysis::analyze::DEFAULT_FPS;
use mendan_pipeline::FeatureExtractor;
use mendan_tests::app::{models_dir, spawn_app_with};
use mendan_tests::media::{WEBM, interview_video};
use mendan_tests::moto::moto_backend;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn sample_event(name: &str, key: &str) -> Value {
    mendan_tests::samples::sample_event(name, &[("RECORDING_KEY", key)])
}

#[tokio::test]
async fn the_function_analyses_an_s3_upload_once_and_marks_a_corrupt_one_failed() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let fx = app.fixture("acme").await;
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(interview_video(dir.path(), "answer.webm", WEBM)).unwrap();
    let recordings = fx.path("/t/{tenant}/v1/interviews/{interview}/recordings");
    let body = json!({"content_type": "video/webm", "size_bytes": bytes.len()});
    let ticket = app.call(Method::POST, &recordings, Some(&fx.interviewee.1), Some(body)).await;
    let mut put = app.http.put(ticket.body["upload_url"].as_str().unwrap()).body(bytes);
    for (name, value) in ticket.body["headers"].as_object().unwrap() {
        put = put.header(name, value.as_str().unwrap());
    }
    assert!(put.send().await.unwrap().status().is_success());
    let id = ticket.body["recording_id"].as_str().unwrap();
    let key = format!("t/acme/interviews/{}/recordings/{id}.webm", fx.interview);

    let extractor = FeatureExtractor::new(models_dir(), DEFAULT_FPS);
    let envelope = sample_event("feature-extraction-s3-object-created.json", &key);
    let report = extractor.handle_envelope(&moto.ports, envelope.clone()).await.unwrap();
    assert_eq!(report["status"], "done", "{report}");
    let listed = app.call(Method::GET, &recordings, Some(&fx.admin), None).await;
    let rec = listed.body.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(rec["status"], "analysed", "{rec}");
    let features = moto.ports.objects.get(rec["analysis"]["features_key"].as_str().unwrap()).await.unwrap().unwrap();
    let features: Value = serde_json::from_slice(&features).unwrap();
    assert!(features["face"]["present_ratio"].as_f64().unwrap() > 0.75, "{features}");

    // Lambda may deliver the same event again: nothing is done twice.
    assert_eq!(extractor.handle_envelope(&moto.ports, envelope).await.unwrap()["status"], "done");
    // The function's own output lands in the same bucket; the rule filters it, the handler ignores it.
    let own =
        sample_event("feature-extraction-s3-object-created.json", rec["analysis"]["features_key"].as_str().unwrap());
    assert_eq!(extractor.handle_envelope(&moto.ports, own).await.unwrap()["status"], "ignored");

    // The fixture's `recorded` interview holds a 3-byte "video": failed, with the reason, no retry.
    let recorded = fx.path("/t/{tenant}/v1/interviews/{recorded}/recordings");
    let corrupt = app.call(Method::GET, &recorded, Some(&fx.admin), None).await.body[0].clone();
    let bad = sample_event("feature-extraction-s3-object-created.json", corrupt["object_key"].as_str().unwrap());
    let report = extractor.handle_envelope(&moto.ports, bad).await.expect("not retried: Ok with status failed");
    assert_eq!(report["status"], "failed", "{report}");
    let after = app.call(Method::GET, &recorded, Some(&fx.admin), None).await;
    assert_eq!(after.status, StatusCode::OK);
    assert_eq!(
        (after.body[0]["status"].as_str(), after.body[0]["failure_code"].as_str()),
        (Some("failed"), Some("unreadable"))
    );

    // A malformed envelope is refused for good (Ok, so Lambda does not retry it), changing nothing.
    let rejected = extractor.handle_envelope(&moto.ports, json!({"detail": 1})).await.unwrap();
    assert_eq!(rejected["status"], "rejected");

    let events = moto.received_events(usize::MAX).await;
    let extracted: Vec<_> = events.iter().filter(|e| e.detail_type == "FeaturesExtracted").collect();
    assert_eq!(extracted.len(), 1, "announced once: {extracted:?}");
    assert_eq!(extracted[0].detail["recording_id"], id);
}

/// The upload rule on AWS: S3 bytes for a recording whose interview was recorded before they came
/// are deleted by the handler instead of analysed, and the recording stays pending.
#[tokio::test]
async fn the_function_deletes_an_upload_the_rule_no_longer_allows() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let fx = app.fixture("acme").await;
    let recordings = fx.path("/t/{tenant}/v1/interviews/{interview}/recordings");
    let body = json!({"content_type": "video/webm", "size_bytes": 5});
    let ticket = app.call(Method::POST, &recordings, Some(&fx.interviewee.1), Some(body)).await;
    let id = ticket.body["recording_id"].as_str().unwrap().to_owned();
    let status = fx.path("/t/{tenant}/v1/interviews/{interview}/status");
    let done = app.call(Method::POST, &status, Some(&fx.interviewee.1), Some(json!({"status": "recorded"}))).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    // The link is still signed for its hour: S3 takes the bytes, the handler must not.
    let mut put = app.http.put(ticket.body["upload_url"].as_str().unwrap()).body(b"01234".to_vec());
    for (name, value) in ticket.body["headers"].as_object().unwrap() {
        put = put.header(name, value.as_str().unwrap());
    }
    assert!(put.send().await.unwrap().status().is_success());
    let key = format!("t/acme/interviews/{}/recordings/{id}.webm", fx.interview);
    let mut envelope = sample_event("feature-extraction-s3-object-created.json", &key);
    envelope["time"] = json!(chrono::Utc::now());

    let extractor = FeatureExtractor::new(models_dir(), DEFAULT_FPS);
    extractor.handle_envelope(&moto.ports, envelope).await.unwrap();
    assert_eq!(moto.ports.objects.head(&key).await.unwrap(), None, "the refused bytes are deleted");
    let listed = app.call(Method::GET, &recordings, Some(&fx.admin), None).await.body;
    let rec = listed.as_array().unwrap().iter().find(|r| r["id"] == id.as_str()).unwrap().clone();
    assert_eq!(rec["status"], "pending", "{rec}");
}
