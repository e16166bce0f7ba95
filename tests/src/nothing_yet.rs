//! "Nothing yet" is a state, not an error (issue 14 item 13): an interview's summary and feedback that do not exist
//! yet answer 200 `{"state": "none"}`; 404 stays for an interview that is unknown or not the caller's to see.

use reqwest::{Method, StatusCode};

use crate::app::TestApp;

/// An id no tenant has.
const UNKNOWN: &str = "01a21500-0000-7000-8000-00000000dead";

pub async fn nothing_yet_is_a_state(app: &TestApp) {
    let fx = app.fixture("acme").await;
    let other = app.fixture("beta").await;
    let summary = fx.path("/t/{tenant}/v1/interviews/{recorded}/summary");
    let feedback = fx.path("/t/{tenant}/v1/interviews/{recorded}/feedback");

    // No transcript and no feedback yet: every role that may read them gets the state, not a 404.
    for role in ["admin", "interviewer", "expert"] {
        let reply = app.call(Method::GET, &summary, Some(fx.token(role)), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{role} reads the summary: {:?}", reply.body);
        assert_eq!(reply.body, serde_json::json!({"state": "none"}), "{role}");
    }
    for role in ["admin", "interviewer", "interviewee"] {
        let reply = app.call(Method::GET, &feedback, Some(fx.token(role)), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{role} reads the feedback: {:?}", reply.body);
        assert_eq!(reply.body, serde_json::json!({"state": "none"}), "{role}");
    }

    // An unknown interview, another tenant's, and one the expert may not rate yet are still 404.
    for route in ["summary", "feedback"] {
        for id in [UNKNOWN, other.recorded.as_str()] {
            let path = format!("/t/{}/v1/interviews/{id}/{route}", fx.tenant);
            let reply = app.call(Method::GET, &path, Some(&fx.admin), None).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{route} of {id}: {:?}", reply.body);
            assert_eq!(reply.content_type, "application/problem+json");
        }
    }
    let unrated = fx.path("/t/{tenant}/v1/interviews/{interview}/summary");
    let reply = app.call(Method::GET, &unrated, Some(&fx.expert.1), None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "an interview not open for rating is not the expert's to see");

    // Once there is one, the summary says it is ready (its fields beside the state); a draft stays "none" for the
    // interviewee.
    let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v A>前職では営業を担当していました。</v>\n";
    let put = fx.path("/t/{tenant}/v1/interviews/{recorded}/transcript");
    let done = app
        .call(Method::PUT, &put, Some(&fx.interviewer.1), Some(serde_json::json!({"format": "vtt", "text": vtt})))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let ready = app.call(Method::GET, &summary, Some(&fx.interviewer.1), None).await;
    assert_eq!((ready.status, ready.body["state"].as_str()), (StatusCode::OK, Some("ready")), "{:?}", ready.body);
    assert_eq!(ready.body["interviewee_speaker"], "A");
    let drafted = app.call(Method::POST, &feedback, Some(&fx.interviewer.1), None).await;
    assert_eq!(drafted.status, StatusCode::OK, "{:?}", drafted.body);
    let staff = app.call(Method::GET, &feedback, Some(&fx.interviewer.1), None).await;
    assert_eq!(staff.body["state"], "draft");
    let interviewee = app.call(Method::GET, &feedback, Some(&fx.interviewee.1), None).await;
    assert_eq!((interviewee.status, interviewee.body.clone()), (StatusCode::OK, serde_json::json!({"state": "none"})));
}
