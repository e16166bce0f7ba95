//! Reports on the AWS adapters (S3, DynamoDB, EventBridge in moto): the API stores the transcript
//! and publishes ReportRequested; the report-export function's handler, fed the sample envelope
//! as Lambda would deliver it, writes the workbook to S3 once.

use mendan_core::ports::PresignedRequest;
use mendan_pipeline::report_export::handle_envelope;
use mendan_pipeline::transcription;
use mendan_tests::app::spawn_app_with;
use mendan_tests::conformance::put_presigned;
use mendan_tests::moto::moto_backend;
use mendan_tests::reports::{post_report, report_item_names, workbook_text};
use mendan_tests::samples::sample_event;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn the_report_export_function_writes_the_workbook_to_s3_once() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let fx = app.fixture("acme").await;
    let created = post_report(&app, &fx, &fx.interviewer.1, "最終面接", "interview-30min.vtt").await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{:?}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let transcript = moto.ports.objects.head(&format!("t/acme/reports/{id}/transcript.json")).await.unwrap();
    assert!(transcript.is_some(), "the parsed transcript is in S3");

    let envelope = sample_event("report-export-report-requested.json", &[("TENANT", "acme"), ("REPORT_ID", &id)]);
    let report = handle_envelope(&moto.ports, envelope.clone()).await.expect("not retried");
    assert_eq!(report["status"], "ready", "{report}");
    let view = app.call(Method::GET, &format!("/t/acme/v1/reports/{id}"), Some(&fx.interviewer.1), None).await;
    assert_eq!(view.body["state"], "ready", "{:?}", view.body);
    let key = format!("t/acme/reports/{id}/report.xlsx");
    let stored = moto.ports.objects.get(&key).await.unwrap().expect("the workbook is in S3");
    let text = workbook_text(&stored);
    assert!(report_item_names().iter().all(|name| text.contains(name.as_str())), "every item is a heading");
    // The presigned link serves the same bytes.
    let link = view.body["download"]["url"].as_str().unwrap();
    let downloaded = app.http.get(link).send().await.unwrap();
    assert_eq!(downloaded.status(), StatusCode::OK);
    assert_eq!(downloaded.bytes().await.unwrap().as_ref(), stored.as_slice());

    // Lambda may deliver the same event again: nothing is written or announced twice.
    let again = handle_envelope(&moto.ports, envelope).await.unwrap();
    assert_eq!(again["status"], "unchanged", "{again}");
    let events = moto.received_events(usize::MAX).await;
    for detail_type in ["ReportRequested", "ReportReady"] {
        let seen: Vec<&Value> = events.iter().filter(|e| e.detail_type == detail_type).map(|e| &e.detail).collect();
        assert_eq!(seen.len(), 1, "{detail_type} once: {seen:?}");
        assert_eq!((seen[0]["tenant"].as_str(), seen[0]["report_id"].as_str()), (Some("acme"), Some(id.as_str())));
    }

    // An unknown report is refused for good (Ok with `failed`, so Lambda does not retry it).
    let unknown = uuid::Uuid::now_v7().to_string();
    let stray = sample_event("report-export-report-requested.json", &[("TENANT", "acme"), ("REPORT_ID", &unknown)]);
    assert_eq!(handle_envelope(&moto.ports, stray).await.unwrap()["status"], "failed");
}

/// 帳票 from a Teams/Zoom recording on AWS: the API answers with an upload link; the upload's S3
/// event starts an Amazon Transcribe job named after the report; its end stores the transcript and
/// requests the report, which the export handler writes as usual. A failed job fails the report
/// with the reason. moto writes no transcript, so the test puts the fixture's Transcribe JSON
/// where the job's output goes.
#[tokio::test]
async fn a_meeting_recording_is_transcribed_into_a_report() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let fx = app.fixture("acme").await;
    let reports = fx.path("/t/{tenant}/v1/reports");
    let body = json!({"title": "営業会議", "recording": {"content_type": "video/mp4", "size_bytes": 16}});
    let created = app.call(Method::POST, &reports, Some(&fx.interviewer.1), Some(body.clone())).await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{:?}", created.body);
    assert_eq!((created.body["state"].as_str(), created.body["source"].as_str()), (Some("pending"), Some("recording")));
    let id = created.body["id"].as_str().unwrap().to_owned();
    let upload: PresignedRequest = serde_json::from_value(created.body["upload"].clone()).unwrap();
    put_presigned(&app.http, &upload, b"\0\0\0\x18ftypmp42 meet".to_vec()).await;

    let key = format!("t/acme/reports/{id}/meeting.mp4");
    let uploaded = sample_event("transcribe-hooks-s3-object-created.json", &[("RECORDING_KEY", &key)]);
    assert_eq!(transcription::handle_envelope(&moto.ports, uploaded.clone()).await.unwrap()["status"], "started");
    let job = format!("mendan.acme.report.{id}");
    let transcriber = moto.ports.transcriber.as_ref().unwrap();
    assert_eq!(transcriber.failure_reason(&job).await.unwrap(), None, "moto knows the job");
    assert_eq!(transcription::handle_envelope(&moto.ports, uploaded).await.unwrap()["status"], "started");

    let output = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../events/transcribe-output-interview-30min.json"),
    )
    .unwrap();
    moto.ports.objects.put(&format!("t/acme/reports/{id}/transcribe.json"), output, "application/json").await.unwrap();
    let ended = sample_event("transcribe-hooks-job-completed.json", &[("JOB_NAME", &job)]);
    assert_eq!(transcription::handle_envelope(&moto.ports, ended).await.unwrap()["status"], "done");
    let requested: Vec<Value> = moto
        .received_events(1)
        .await
        .into_iter()
        .filter(|e| e.detail_type == "ReportRequested")
        .map(|e| e.detail)
        .collect();
    assert_eq!(requested, [json!({"tenant": "acme", "report_id": id})]);

    let export = sample_event("report-export-report-requested.json", &[("TENANT", "acme"), ("REPORT_ID", &id)]);
    assert_eq!(handle_envelope(&moto.ports, export).await.unwrap()["status"], "ready");
    let stored = moto.ports.objects.get(&format!("t/acme/reports/{id}/report.xlsx")).await.unwrap().unwrap();
    let text = workbook_text(&stored);
    assert!(report_item_names().iter().all(|name| text.contains(name.as_str())), "every item is a heading");
    assert!(text.contains("御社を志望した理由"), "the interviewee's words are in the workbook");

    // A job that fails: the report says why and waits no more.
    let second = app.call(Method::POST, &reports, Some(&fx.interviewer.1), Some(body)).await.body;
    let second_id = second["id"].as_str().unwrap();
    let second_key = format!("t/acme/reports/{second_id}/meeting.mp4");
    let second_upload = sample_event("transcribe-hooks-s3-object-created.json", &[("RECORDING_KEY", &second_key)]);
    assert_eq!(transcription::handle_envelope(&moto.ports, second_upload).await.unwrap()["status"], "started");
    let failed_job = format!("mendan.acme.report.{second_id}");
    let failed = sample_event("transcribe-hooks-job-failed.json", &[("JOB_NAME", &failed_job)]);
    assert_eq!(transcription::handle_envelope(&moto.ports, failed).await.unwrap()["status"], "done");
    let view = app.call(Method::GET, &format!("{reports}/{second_id}"), Some(&fx.interviewer.1), None).await.body;
    assert_eq!(view["state"], "failed", "{view}");
    assert!(view["error"].as_str().unwrap().contains("transcribed"), "{view}");
}
