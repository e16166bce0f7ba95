//! Staff ask the candidate to answer a self-interview question again (issue 14 item 3): the request is kept on the
//! recording for the candidate to read, the interview takes a new recording, bad requests change nothing, and
//! neither the candidate nor another tenant may ask.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::TestApp;

pub async fn staff_ask_for_a_new_recording(app: &TestApp) {
    let fx = app.fixture("acme").await;
    let other = app.fixture("beta").await;
    let base = fx.path("/t/{tenant}/v1");
    let id = app.interview(&base, &fx.admin, &fx.interviewer.0, &fx.interviewee, &fx.question_set).await;
    let first = upload_answer(app, &base, &id, &fx.interviewee.1).await;
    finish_answering(app, &base, &id, &fx.interviewee.1).await;
    let ask = format!("{base}/interviews/{id}/recordings/{first}/retake-request");

    // Bad requests are refused with the field named, in both languages, and change nothing.
    for (reason, why) in
        [(json!(" "), "empty"), (json!("<b>もう一度</b>"), "markup"), (json!("あ".repeat(501)), "too long")]
    {
        let reply = app.call(Method::POST, &ask, Some(&fx.admin), Some(json!({"reason": reason}))).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}: {:?}", reply.body);
        assert_eq!((reply.problem_type(), reply.body["field"].as_str()), ("invalid", Some("reason")), "{why}");
    }
    let no_question = recordings(app, &fx.path("/t/{tenant}/v1/interviews/{recorded}/recordings"), &fx.admin).await;
    let unanswerable = fx.path(&format!(
        "/t/{{tenant}}/v1/interviews/{{recorded}}/recordings/{}/retake-request",
        no_question[0]["id"].as_str().unwrap()
    ));
    let reply = app.call(Method::POST, &unanswerable, Some(&fx.admin), Some(json!({"reason": "声が小さい"}))).await;
    assert_eq!((reply.status, reply.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("recording_id")));
    let reason = json!({"reason": "声が小さく聞き取れませんでした。"});
    let candidate = app.call(Method::POST, &ask, Some(&fx.interviewee.1), Some(reason.clone())).await;
    assert_eq!(candidate.status, StatusCode::FORBIDDEN, "{:?}", candidate.body);
    let foreign = ask.replace(&format!("/t/{}/", fx.tenant), &format!("/t/{}/", other.tenant));
    let reply = app.call(Method::POST, &foreign, Some(&other.admin), Some(reason.clone())).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "another tenant's ids: {:?}", reply.body);
    assert_eq!(status_of(app, &base, &id, &fx.admin).await, "recorded", "nothing changed yet");

    // The interview's interviewer asks; the interview takes recordings again.
    let asked = app.call(Method::POST, &ask, Some(&fx.interviewer.1), Some(reason.clone())).await;
    assert_eq!(asked.status, StatusCode::OK, "{:?}", asked.body);
    assert_eq!(asked.body["retake_request"]["reason"], "声が小さく聞き取れませんでした。");
    assert_eq!(status_of(app, &base, &id, &fx.admin).await, "in_progress");
    // Asking again changes nothing: the first request stands.
    let again = app.call(Method::POST, &ask, Some(&fx.admin), Some(json!({"reason": "別の理由"}))).await;
    assert_eq!((again.status, &again.body["retake_request"]), (StatusCode::OK, &asked.body["retake_request"]));

    // The candidate reads the reason, answers question 1 again and finishes.
    let listed = recordings(app, &format!("{base}/interviews/{id}/recordings"), &fx.interviewee.1).await;
    let mine = listed.iter().find(|r| r["id"] == first.as_str()).unwrap();
    assert_eq!(mine["retake_request"]["reason"], "声が小さく聞き取れませんでした。");
    let second = upload_answer(app, &base, &id, &fx.interviewee.1).await;
    assert_ne!(second, first);
    finish_answering(app, &base, &id, &fx.interviewee.1).await;
    let listed = recordings(app, &format!("{base}/interviews/{id}/recordings"), &fx.admin).await;
    let newest = listed.iter().find(|r| r["id"] == second.as_str()).unwrap();
    assert!(newest["retake_request"].is_null(), "the new answer carries no request: {newest}");
}

/// The candidate's "all answered": the interview is marked recorded.
async fn finish_answering(app: &TestApp, base: &str, id: &str, token: &str) {
    let body = json!({"status": "recorded"});
    let finish = app.call(Method::POST, &format!("{base}/interviews/{id}/status"), Some(token), Some(body)).await;
    assert_eq!(finish.status, StatusCode::OK, "{:?}", finish.body);
}

/// Signs and uploads an answer to question 1; returns the recording's id.
async fn upload_answer(app: &TestApp, base: &str, id: &str, token: &str) -> String {
    let ticket = app
        .call(
            Method::POST,
            &format!("{base}/interviews/{id}/recordings"),
            Some(token),
            Some(json!({"content_type": "video/webm", "size_bytes": 3, "question_index": 0})),
        )
        .await;
    assert_eq!(ticket.status, StatusCode::CREATED, "{:?}", ticket.body);
    let put = app.http.put(ticket.body["upload_url"].as_str().unwrap()).header("content-type", "video/webm");
    assert!(put.body(vec![1u8, 2, 3]).send().await.unwrap().status().is_success());
    ticket.body["recording_id"].as_str().unwrap().to_owned()
}

async fn recordings(app: &TestApp, path: &str, token: &str) -> Vec<Value> {
    let reply = app.call(Method::GET, path, Some(token), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body.as_array().unwrap().clone()
}

async fn status_of(app: &TestApp, base: &str, id: &str, token: &str) -> String {
    let reply = app.call(Method::GET, &format!("{base}/interviews/{id}"), Some(token), None).await;
    reply.body["status"].as_str().unwrap().to_owned()
}
