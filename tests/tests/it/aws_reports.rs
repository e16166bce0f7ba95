//! Reports on the AWS adapters (S3, DynamoDB, EventBridge in moto): the API stores the transcript
//! and publishes ReportRequested; the report-export function's handler, fed the sample envelope
//! as Lambda would deliver it, writes the workbook to S3 once.

use mendan_pipeline::report_export::handle_envelope;
use mendan_tests::app::spawn_app_with;
use mendan_tests::moto::moto_backend;
use mendan_tests::reports::{post_report, report_item_names, workbook_text};
use mendan_tests::samples::sample_event;
use reqwest::{Method, StatusCode};
use serde_json::Value;

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
