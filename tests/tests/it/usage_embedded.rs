//! Usage metering on the embedded backend (issue 18): what a self-interview does is counted — the interview held,
//! the minutes recorded and analysed, the mails sent — once, however often its events are delivered; storage is
//! sampled per day; the month reads back for the tenant's admin only, with another tenant's usage apart.

use mendan_core::domain::TenantSlug;
use mendan_core::usecases::usage;
use mendan_tests::app::spawn_app;
use mendan_tests::media::{WEBM, interview_video};
use mendan_tests::metering::{self, total};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_self_interview_is_counted_once_however_often_its_events_come() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let other = app.fixture("other").await;
    let dir = tempfile::tempdir().unwrap();
    app.upload_recording(&fx, &interview_video(dir.path(), "answer.webm", WEBM)).await;
    app.settle().await;
    let finish = json!({"status": "recorded"});
    let path = fx.path("/t/{tenant}/v1/interviews/{interview}/status");
    let done = app.call(Method::POST, &path, Some(&fx.interviewee.1), Some(finish)).await;
    assert_eq!(done.body["status"], "analysed", "{:?}", done.body);
    app.settle().await;

    let counted = metering::usage(&app, "acme", &fx.admin).await;
    // The fixture's own interview was finished too (its 3-byte recording could not be analysed: no minutes).
    assert_eq!(total(&counted, "self_interviews"), 2, "{counted}");
    assert_eq!(
        (total(&counted, "recorded_seconds"), total(&counted, "analysed_seconds")),
        (12, 12),
        "a 12-second answer"
    );
    assert_eq!(counted["minutes_analysed"], 0.2);
    let sent = app.call(Method::GET, "/t/acme/v1/mail/sent", Some(&fx.admin), None).await.body;
    let sent =
        sent["mails"].as_array().or(sent.as_array()).map_or(0, |m| m.iter().filter(|l| l["state"] == "sent").count());
    assert!(sent > 0, "the fixture's invitations and notices were mailed");
    assert_eq!(total(&counted, "mails_sent"), sent as u64, "every mail the log says was sent: {counted}");
    assert_eq!(counted["days"].as_array().unwrap().len(), 1, "one day of activity");

    let backend = app.embedded.as_ref().unwrap();
    for event in backend.events.published() {
        mendan_core::ports::Events::publish(backend.events.as_ref(), event).await.unwrap();
    }
    app.settle().await;
    let again = metering::usage(&app, "acme", &fx.admin).await;
    assert_eq!(again["totals"], counted["totals"], "redelivered events count nothing");

    let acme = TenantSlug::parse("acme").unwrap();
    let stored = usage::sample_storage(&app.ports, &acme).await.unwrap();
    assert!(stored > 100_000, "the recording is stored: {stored} bytes");
    usage::sample_storage(&app.ports, &acme).await.unwrap();
    let sampled = metering::usage(&app, "acme", &fx.admin).await;
    assert_eq!(sampled["days"][0]["counts"]["stored_bytes"], stored, "a level, not a sum: {sampled}");
    assert!(sampled["storage_gb_months"].as_f64().unwrap() > 0.0);

    let refused = app
        .call(Method::GET, &format!("/t/acme/v1/usage?month={}", metering::this_month()), Some(&fx.interviewer.1), None)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bad = app.call(Method::GET, "/t/acme/v1/usage?month=2026-13", Some(&fx.admin), None).await;
    assert_eq!((bad.status, bad.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("month")));
    let theirs = metering::usage(&app, "other", &other.admin).await;
    assert_eq!(total(&theirs, "recorded_seconds"), 0, "another tenant's usage is its own");
}
