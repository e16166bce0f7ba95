//! Personal feedback scenarios run on both backends.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{Fixture, Reply, TestApp};

const BASE: &str = "/t/acme/v1";

async fn upload_transcript(app: &TestApp, fx: &Fixture, body: Value) -> Reply {
    let path = format!("{BASE}/interviews/{}/transcript", fx.interview);
    app.call(Method::PUT, &path, Some(&fx.interviewer.1), Some(body)).await
}

/// Issue 14 item 2: answers that plainly showed both content criteria were drafted as 「あまり触れ
/// られていませんでした」 with those very sentences quoted under "not found", no strength, and the
/// approved page counted 0 of 2. Now both are found with their sentences as evidence, listed as
/// strengths; a Japanese candidate's feedback is approved without an English body, an English
/// candidate's needs one.
pub async fn criteria_shown_are_found_and_only_the_candidates_language_is_required(app: &TestApp) {
    let fx = app.fixture("acme").await;
    for (name, description) in [
        ("リーダーシップ", "周囲を巻き込み、先頭に立って物事を進めた経験"),
        ("協調性", "周囲と協力して仕事を進めた経験"),
    ] {
        let item = json!({"name": name, "description": description, "scale_min": 1, "scale_max": 5, "kind": "content"});
        let created = app.call(Method::POST, &format!("{BASE}/evaluation-items"), Some(&fx.admin), Some(item)).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    }
    let text = "面接官: チームで取り組んだ経験を教えてください。\n\
        候補者: 学生時代は飲食店でアルバイトをしていました。リーダーとして新メニューのキャンペーンを企画しました。\
        人手が足りない日が続いたので、店長と相談して分担表を作りました。\n\
        面接官: ありがとうございました。\n";
    assert_eq!(upload_transcript(app, &fx, json!({"format": "text", "text": text})).await.status, StatusCode::OK);
    let path = format!("{BASE}/interviews/{}/feedback", fx.interview);
    let draft = app.call(Method::POST, &path, Some(&fx.interviewer.1), None).await;
    assert_eq!(draft.status, StatusCode::OK, "{:?}", draft.body);
    assert_eq!(draft.body["language"], "ja");
    let criteria = draft.body["criteria"].as_array().unwrap();
    let evidence = |name: &str| criteria.iter().find(|c| c["name"] == name).unwrap().clone();
    for (name, quote) in [
        ("リーダーシップ", "リーダーとして新メニューのキャンペーンを企画しました。"),
        ("協調性", "人手が足りない日が続いたので、店長と相談して分担表を作りました。"),
    ] {
        let c = evidence(name);
        assert!(matches!(c["coverage"].as_str(), Some("found" | "partly")), "{c}");
        assert_eq!((c["met"].as_bool(), c["evidence"].as_str()), (Some(true), Some(quote)), "{c}");
    }
    let ja = draft.body["ja"].to_string();
    assert!(!ja.contains("確認できませんでした") && ja.contains("良かった点は"), "{ja}");

    // Japanese answers: the English body is optional, the Japanese one is not.
    let approve = format!("{path}/approve");
    let no_ja = app.call(Method::POST, &approve, Some(&fx.interviewer.1), Some(json!({"ja": [], "en": ["Thanks."]})));
    let no_ja = no_ja.await;
    assert_eq!((no_ja.status, no_ja.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ja")));
    let body = json!({"ja": draft.body["ja"], "en": []});
    let approved = app.call(Method::POST, &approve, Some(&fx.interviewer.1), Some(body)).await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);
    let read = app.call(Method::GET, &path, Some(&fx.interviewee.1), None).await;
    assert_eq!((read.body["en"].clone(), read.body["criteria"].clone()), (json!([]), draft.body["criteria"].clone()));

    // An interviewee who answered in English must get English.
    let other = app.fixture("other").await;
    let english = "Interviewer: Tell me about a team project.\n\
        Candidate: I led the team as captain and we planned a new menu together with the store manager.\n";
    let path = format!("{BASE}/interviews/{}/transcript", other.interview).replace("acme", "other");
    let put =
        app.call(Method::PUT, &path, Some(&other.interviewer.1), Some(json!({"format": "text", "text": english})));
    assert_eq!(put.await.status, StatusCode::OK);
    let path = format!("/t/other/v1/interviews/{}/feedback", other.interview);
    let draft = app.call(Method::POST, &path, Some(&other.interviewer.1), None).await;
    assert_eq!(draft.body["language"], "en", "{:?}", draft.body);
    let only_ja = json!({"ja": ["ありがとうございました。"]});
    let refused = app.call(Method::POST, &format!("{path}/approve"), Some(&other.interviewer.1), Some(only_ja)).await;
    assert_eq!((refused.status, refused.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("en")));
}
