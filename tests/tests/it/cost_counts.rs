//! The table and bucket requests of one interview's life (issue 21 item 4): scheduled, consented to, recorded and
//! analysed, rated by an expert, its transcript posted, its summary read, feedback drafted, approved and read —
//! counted on ports that pass everything on to the embedded adapters. `tests/bench/cost.py` prices the printed
//! line (`MENDAN_COST_COUNTS_OUT` names a file to write it to). Counts, not time: nothing here is timed.

use mendan_tests::app::spawn_app_counting;
use mendan_tests::media::{WEBM, interview_video};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn one_interviews_requests_to_the_table_and_the_bucket_are_counted() {
    let (app, counter) = spawn_app_counting().await;
    let fx = app.fixture("acme").await;
    app.settle().await;
    let dir = tempfile::tempdir().unwrap();
    let video = interview_video(dir.path(), "answer.webm", WEBM);
    let before = counter.lock().unwrap().clone();

    let base = "/t/acme/v1";
    let interview = app.interview(base, &fx.admin, &fx.interviewer.0, &fx.interviewee, &fx.question_set).await;
    let at = |rest: &str| format!("{base}/interviews/{interview}{rest}");
    for kind in ["ai_evaluation", "training_use"] {
        let consent = json!({"kind": kind, "granted": true, "text_version": "2026-11"});
        let given = app.call(Method::POST, &at("/consents"), Some(&fx.interviewee.1), Some(consent)).await;
        assert!(given.status.is_success(), "{:?}", given.body);
    }
    let on_it = mendan_tests::app::Fixture { interview: interview.clone(), ..fx.clone() };
    app.upload_recording(&on_it, &video).await;
    let done =
        app.call(Method::POST, &at("/status"), Some(&fx.interviewee.1), Some(json!({"status": "recorded"}))).await;
    assert_eq!(done.status, StatusCode::OK);
    app.settle().await;
    for reading in ["", "/recordings"] {
        assert_eq!(app.call(Method::GET, &at(reading), Some(&fx.expert.1), None).await.status, StatusCode::OK);
    }
    let rating = json!({"scores": [{"item_id": fx.item, "score": 4}], "comment": "落ち着いて話せている"});
    let rated = app.call(Method::PUT, &at("/ratings"), Some(&fx.expert.1), Some(rating)).await;
    assert!(rated.status.is_success(), "{:?}", rated.body);
    let text =
        "面接官: 自己紹介をしてください。\n候補者: 大学では経済学を学び、飲食店でアルバイトリーダーをしていました。\n";
    let transcript = json!({"format": "text", "text": text});
    let posted = app.call(Method::PUT, &at("/transcript"), Some(&fx.interviewer.1), Some(transcript)).await;
    assert_eq!(posted.status, StatusCode::OK);
    assert_eq!(app.call(Method::GET, &at("/summary"), Some(&fx.interviewer.1), None).await.status, StatusCode::OK);
    let draft = app.call(Method::POST, &at("/feedback"), Some(&fx.interviewer.1), None).await;
    assert_eq!(draft.status, StatusCode::OK, "{:?}", draft.body);
    let approve = json!({"ja": draft.body["ja"], "en": []});
    let approved = app.call(Method::POST, &at("/feedback/approve"), Some(&fx.interviewer.1), Some(approve)).await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);
    assert_eq!(app.call(Method::GET, &at("/feedback"), Some(&fx.interviewee.1), None).await.status, StatusCode::OK);
    app.settle().await;

    let tally = counter.lock().unwrap().since(&before);
    let line = tally.to_json().to_string();
    println!("one interview: {line}");
    if let Ok(out) = std::env::var("MENDAN_COST_COUNTS_OUT") {
        std::fs::write(out, &line).unwrap();
    }
    assert!(tally.item_puts + tally.transactions > 10 && tally.object_puts >= 3, "{line}");
}
