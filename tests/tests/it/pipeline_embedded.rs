//! The analysis of uploads on the embedded backend: the same handler the feature-extraction
//! function runs, started by the upload itself.

use mendan_tests::app::{Fixture, TestApp, spawn_app};
use mendan_tests::media::{WEBM, interview_video, silent_video};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::path::Path;

async fn upload(app: &TestApp, fx: &Fixture, file: &Path) -> String {
    app.upload_recording(fx, file).await
}

async fn recording(app: &TestApp, fx: &Fixture, id: &str) -> Value {
    let path = fx.path("/t/{tenant}/v1/interviews/{interview}/recordings");
    let list = app.call(Method::GET, &path, Some(&fx.admin), None).await.body;
    list.as_array().unwrap().iter().find(|r| r["id"] == id).cloned().expect("recording listed")
}

async fn object(app: &TestApp, key: &str) -> Vec<u8> {
    app.ports.objects.get(key).await.unwrap().unwrap_or_else(|| panic!("{key} stored"))
}

fn count(app: &TestApp, detail_type: &str) -> usize {
    app.embedded.as_ref().unwrap().events.published().iter().filter(|e| e.detail_type == detail_type).count()
}

#[tokio::test]
async fn an_upload_is_analysed_once_and_the_interview_moves_on() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let dir = tempfile::tempdir().unwrap();
    let id = upload(&app, &fx, &interview_video(dir.path(), "answer.webm", WEBM)).await;
    let backend = app.embedded.as_ref().unwrap();
    backend.events.idle().await;

    let rec = recording(&app, &fx, &id).await;
    assert_eq!(rec["status"], "analysed", "{rec}");
    assert_eq!(rec["analysis"]["sufficient"], true, "{rec}");
    let features_key = rec["analysis"]["features_key"].as_str().unwrap();
    assert_eq!(features_key, format!("t/acme/interviews/{}/features/{id}.json", fx.interview));
    let features: Value = serde_json::from_slice(&object(&app, features_key).await).unwrap();
    let present = features["face"]["present_ratio"].as_f64().unwrap();
    assert!((present - 10.0 / 12.0).abs() <= 0.05, "face in 10 of 12 s, measured {present}");
    assert!(features["voice"]["speech_ratio"].as_f64().unwrap() > 0.2);
    let timeline: Value =
        serde_json::from_slice(&object(&app, rec["analysis"]["timeline_key"].as_str().unwrap()).await).unwrap();
    assert_eq!(timeline["face_present"].as_array().unwrap().len(), 12);
    assert_eq!(count(&app, "FeaturesExtracted"), 1);

    // Finishing the self-interview finds its only recording analysed: straight on to `analysed`.
    let status = app
        .call(
            Method::POST,
            &fx.path("/t/{tenant}/v1/interviews/{interview}/status"),
            Some(&fx.interviewee.1),
            Some(json!({"status": "recorded"})),
        )
        .await;
    assert_eq!(status.status, StatusCode::OK, "{:?}", status.body);
    assert_eq!(status.body["status"], "analysed");

    // The same upload event again: no second analysis, no second announcement.
    let event = backend.events.published().into_iter().find(|e| e.detail_type == "RecordingUploaded").unwrap();
    let uploads = count(&app, "RecordingUploaded");
    mendan_core::ports::Events::publish(backend.events.as_ref(), event).await.unwrap();
    backend.events.idle().await;
    assert_eq!(count(&app, "RecordingUploaded"), uploads + 1);
    assert_eq!(count(&app, "FeaturesExtracted"), 1);
    // The same record (its links are signed afresh on each read, and may name the next second as their expiry).
    let unsigned = |mut r: serde_json::Value| {
        for link in ["download_url", "timeline_url"] {
            r.as_object_mut().unwrap().remove(link);
        }
        r
    };
    assert_eq!(unsigned(recording(&app, &fx, &id).await), unsigned(rec));
    // The fixture's own 3-byte upload is the only failure.
    assert_eq!(backend.events.dead_letters().len(), 1);
}

#[tokio::test]
async fn a_silent_recording_is_marked_failed_and_not_retried() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let dir = tempfile::tempdir().unwrap();
    let id = upload(&app, &fx, &silent_video(dir.path(), "muted.webm", WEBM)).await;
    let backend = app.embedded.as_ref().unwrap();
    backend.events.idle().await;

    let rec = recording(&app, &fx, &id).await;
    assert_eq!((rec["status"].as_str(), rec["failure_code"].as_str()), (Some("failed"), Some("no_speech")), "{rec}");
    assert!(rec["failure"].as_str().unwrap().contains("マイク"), "tells the user what to check");
    assert!(rec.get("analysis").is_none());
    assert_eq!(count(&app, "FeaturesExtracted"), 0);
    let dead = backend.events.dead_letters();
    assert!(dead.iter().all(|d| d.attempts == 1), "permanent failures are not retried: {dead:?}");
    let features = app.ports.objects.list(&format!("t/acme/interviews/{}/features/", fx.interview)).await.unwrap();
    assert!(features.is_empty(), "nothing written for a failed recording: {features:?}");
}
