//! The optional language model for wording, through the real Bedrock adapter. Bedrock cannot run
//! here and moto has no Bedrock runtime, so a test double answers the Converse API
//! (`POST /model/{id}/converse`) on loopback with scripted replies and keeps what it was sent.
//! Follow-ups and feedback are reworded only when the tenant allows it and the reply passes the
//! checks; otherwise (off, a bad reply, no reply in time) the templates stand.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::routing::post;
use mendan_aws::BedrockLanguageModel;
use mendan_core::Ports;
use mendan_tests::app::{Fixture, TestApp, spawn_app, spawn_app_with};
use mendan_tests::moto::local_sdk_config;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::text_embedded::{fixture_vtt, upload_transcript};

const BASE: &str = "/t/acme/v1";
const MODEL_ID: &str = "test-double.model-v1";

/// What the double answers next.
enum Scripted {
    Text(String),
    /// Answers only after every deadline has passed.
    TooLate,
}

#[derive(Default)]
struct BedrockDouble {
    script: Mutex<VecDeque<Scripted>>,
    /// (model id from the path, request body) of each call.
    received: Mutex<Vec<(String, Value)>>,
}

impl BedrockDouble {
    fn next(&self, reply: Scripted) {
        self.script.lock().unwrap().push_back(reply);
    }

    fn calls(&self) -> usize {
        self.received.lock().unwrap().len()
    }
}

async fn converse(
    State(double): State<Arc<BedrockDouble>>,
    Path(model): Path<String>,
    Json(body): Json<Value>,
) -> Json<Value> {
    double.received.lock().unwrap().push((model, body));
    let next = double.script.lock().unwrap().pop_front();
    let text = match next {
        Some(Scripted::Text(text)) => text,
        Some(Scripted::TooLate) => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            "{}".into()
        }
        None => "unscripted".into(),
    };
    Json(json!({
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": "end_turn",
        "usage": {"inputTokens": 10, "outputTokens": 10, "totalTokens": 20},
        "metrics": {"latencyMs": 5}
    }))
}

/// The app over the embedded backend plus the Bedrock adapter pointed at a fresh double.
async fn app_with_language_model() -> (TestApp, TestApp, Fixture, Arc<BedrockDouble>) {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let double = Arc::new(BedrockDouble::default());
    let router = axum::Router::new().route("/model/{model}/converse", post(converse)).with_state(double.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let model = BedrockLanguageModel::new(&local_sdk_config(&url).await, MODEL_ID);
    let worded = spawn_app_with(Ports { language_model: Some(Arc::new(model)), ..app.ports.clone() }).await;
    (app, worded, fx, double)
}

async fn allow_wording(app: &TestApp, fx: &Fixture, on: bool) {
    let settings = json!({"auto_retrain": false, "retrain_after_ratings": 10, "language_model_wording": on});
    let put = app.call(Method::PUT, &format!("{BASE}/models/settings"), Some(&fx.admin), Some(settings)).await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
}

#[tokio::test]
async fn follow_ups_are_reworded_only_when_allowed_and_only_if_the_reply_passes() {
    let (_, app, fx, double) = app_with_language_model().await;
    let set = json!({"name": "一次面接", "questions": [{"text": "これまでのご経験を教えてください。", "answer_seconds": 60}],
        "practice_question": null, "retake_limit": 1, "follow_ups": true});
    // A set of its own: the fixture's set was answered already, so its question's wording is fixed.
    let set = app.call(Method::POST, &format!("{BASE}/question-sets"), Some(&fx.admin), Some(set)).await;
    let use_set = json!({"question_set_id": mendan_tests::app::id_of(&set)});
    let interview = format!("{BASE}/interviews/{}", fx.interview);
    assert_eq!(app.call(Method::PATCH, &interview, Some(&fx.admin), Some(use_set)).await.status, StatusCode::OK);
    let path = format!("{BASE}/interviews/{}/follow-ups", fx.interview);
    let answer_text = "前職では営業チームにいました。提案資料のひな形を作りました。";
    let ask = || {
        app.call(
            Method::POST,
            &path,
            Some(&fx.interviewee.1),
            Some(json!({"question_index": 0, "answer_text": answer_text})),
        )
    };

    let templates = ask().await.body;
    assert_eq!(templates["written_by"], "templates");
    assert_eq!(double.calls(), 0, "nothing leaves Mendan until the admin allows it");

    allow_wording(&app, &fx, true).await;
    let probes: Vec<&str> =
        templates["follow_ups"].as_array().unwrap().iter().map(|f| f["probes"].as_str().unwrap()).collect();
    let reworded = json!({"follow_ups": [
        {"probes": probes[0], "ja": "そのひな形を使って、どのような成果が出ましたか。", "en": "What came of the template?"},
        {"probes": probes[1], "ja": "ひな形づくりでは、ご自身がどのような役割を担われたのか教えてください。", "en": "What was your part in making it?"}
    ]});
    double.next(Scripted::Text(format!("```json\n{reworded}\n```")));
    let worded = ask().await.body;
    assert_eq!(worded["written_by"], "language_model", "{worded}");
    assert_eq!(worded["follow_ups"][0]["ja"], "そのひな形を使って、どのような成果が出ましたか。");
    assert_eq!(worded["follow_ups"][1]["probes"], probes[1]);
    let (model, sent) = double.received.lock().unwrap()[0].clone();
    assert_eq!(model, MODEL_ID);
    assert!(sent["system"][0]["text"].as_str().unwrap().contains("JSON only"), "{sent}");
    let prompt = sent["messages"][0]["content"][0]["text"].as_str().unwrap();
    assert!(prompt.contains(answer_text) && prompt.contains("これまでのご経験"), "{prompt}");
    assert_eq!(sent["inferenceConfig"]["temperature"], 0.0);

    // A reply that is no question, or none in time: the interviewee gets the templates all the same.
    double.next(Scripted::Text(reworded.to_string().replace("教えてください。", "素晴らしいですね。")));
    assert_eq!(ask().await.body, templates);
    double.next(Scripted::TooLate);
    assert_eq!(ask().await.body, templates, "the 2-second deadline passed");
    assert_eq!(double.calls(), 3);
}

#[tokio::test]
async fn a_feedback_draft_is_reworded_but_never_given_invented_scores() {
    let (_, app, fx, double) = app_with_language_model().await;
    let criterion = json!({"name": "志望動機", "description": "当社を志望した理由を具体的に述べている",
        "scale_min": 1, "scale_max": 5, "kind": "content"});
    app.call(Method::POST, &format!("{BASE}/evaluation-items"), Some(&fx.admin), Some(criterion)).await;
    assert_eq!(
        upload_transcript(&app, &fx, json!({"format": "vtt", "text": fixture_vtt()})).await.status,
        StatusCode::OK
    );
    let path = format!("{BASE}/interviews/{}/feedback", fx.interview);
    let draft = || app.call(Method::POST, &path, Some(&fx.interviewer.1), None);

    let template = draft().await.body;
    assert_eq!(template["written_by"], "templates");
    allow_wording(&app, &fx, true).await;
    let ja: Vec<String> = serde_json::from_value(template["ja"].clone()).unwrap();
    let en: Vec<String> = serde_json::from_value(template["en"].clone()).unwrap();
    let mut warmer = ja.clone();
    warmer[0] = "本日はお忙しいところ、面談にご参加いただき誠にありがとうございました。".into();
    double.next(Scripted::Text(json!({"ja": warmer, "en": en}).to_string()));
    let worded = draft().await.body;
    assert_eq!(worded["written_by"], "language_model", "{worded}");
    assert_eq!(worded["ja"][0], warmer[0]);
    assert_eq!(worded["criteria"], template["criteria"], "the findings are Mendan's, not the model's");

    let mut scored = warmer.clone();
    scored[0].push_str("総合評価は4.5点です。");
    double.next(Scripted::Text(json!({"ja": scored, "en": en}).to_string()));
    let refused = draft().await.body;
    assert_eq!((refused["written_by"].as_str(), &refused["ja"]), (Some("templates"), &template["ja"]));
}
