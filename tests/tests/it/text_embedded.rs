//! Speech and text on the embedded backend: transcripts in every format, correcting who the
//! interviewee is, conversation features, feedback the interviewer approves before the
//! interviewee reads it, and follow-up questions in a self-interview.

use mendan_tests::app::{Fixture, TestApp, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const BASE: &str = "/t/acme/v1";

pub(crate) fn fixture_vtt() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/transcripts/interview-30min.vtt");
    std::fs::read_to_string(path).unwrap()
}

pub(crate) async fn upload_transcript(app: &TestApp, fx: &Fixture, body: Value) -> mendan_tests::app::Reply {
    let path = format!("{BASE}/interviews/{}/transcript", fx.interview);
    app.call(Method::PUT, &path, Some(&fx.interviewer.1), Some(body)).await
}

#[tokio::test]
async fn plain_text_transcripts_work_and_the_interviewee_can_be_corrected() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let text = "面接官: これまでのご経験を教えてください。\n\
        候補者: 前職では物流会社で倉庫の在庫管理を担当していました。当時は棚卸しの差異が毎月二百件ほど出ていました。\
        私はバーコードの読み取り手順を見直し、担当者向けの手順書を作りました。その結果、差異は半年で三割減りました。\n\
        面接官: ありがとうございます。当社を志望された理由は何ですか？\n\
        候補者: 御社の物流システムが地域の小売店を支えている点に魅力を感じました。現場の改善経験を活かしたいと考えています。\n";
    let done = upload_transcript(&app, &fx, json!({"format": "text", "text": text})).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body["interviewee_speaker"], "候補者");
    assert_eq!(done.body["speakers"], json!(["面接官", "候補者"]));

    // The conversation features sit beside the recordings' features, schema 2.
    let key = format!("t/acme/interviews/{}/features/conversation.json", fx.interview);
    let stored: Value = serde_json::from_slice(&app.ports.objects.get(&key).await.unwrap().unwrap()).unwrap();
    assert_eq!(stored["schema_version"], 2);
    assert!(stored["conversation"]["star_coverage_mean"].as_f64().unwrap() > 0.0, "{stored}");
    assert!(stored["conversation"].get("pause_before_answer_mean_s").is_none(), "plain text has no times");

    // Mendan guessed right, but an interviewer can say otherwise; the summary follows.
    let speaker = format!("{BASE}/interviews/{}/transcript/speaker", fx.interview);
    let wrong = app.call(Method::PUT, &speaker, Some(&fx.interviewer.1), Some(json!({"interviewee_speaker": "誰か"})));
    assert_eq!(wrong.await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let changed =
        app.call(Method::PUT, &speaker, Some(&fx.interviewer.1), Some(json!({"interviewee_speaker": "面接官"}))).await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["interviewee_speaker"], "面接官");
    let denied =
        app.call(Method::PUT, &speaker, Some(&fx.expert.1), Some(json!({"interviewee_speaker": "候補者"}))).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);

    let unknown = upload_transcript(&app, &fx, json!({"format": "docx", "text": text})).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.to_string().contains("srt"), "names the formats: {:?}", unknown.body);
}

/// Issue 13: 20,000 sentences once took the server's memory (an n×n table, on the request's
/// thread); now they are summarised like any interview, and what no interview has is refused.
#[tokio::test]
async fn a_huge_transcript_is_summarised_within_bounds_and_a_larger_one_refused() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let words =
        ["前職では", "営業", "チームの", "目標を", "顧客の", "声を", "提案資料を", "改善の", "売上が", "後輩を"];
    let mut text = String::new();
    for answer in 0..2_000 {
        text.push_str(&format!("面接官: {}について教えていただけますか？\n候補者: ", words[answer % words.len()]));
        for k in 0..10 {
            let sentence: String = (0..3).map(|w| words[(answer * 7 + k * 3 + w) % words.len()]).collect();
            text.push_str(&format!("{sentence}見直しました。"));
        }
        text.push('\n');
    }
    let done = upload_transcript(&app, &fx, json!({"format": "text", "text": text})).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let (chars, source) = (done.body["chars"].as_u64().unwrap(), done.body["source_chars"].as_u64().unwrap());
    assert!(chars > 0 && chars * 5 <= source, "{chars} of {source}");

    let too_many = format!("候補者: {}\n", "はい。".repeat(50_001));
    let refused = upload_transcript(&app, &fx, json!({"format": "text", "text": too_many})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", refused.body);
    assert_eq!(refused.body["field"], "text");
    assert!(refused.body["detail"].as_str().unwrap().contains("5 万文"), "says the bounds: {:?}", refused.body);

    // A Transcribe time of 1e308 once became a pause feature.
    let transcribe = r#"{"results": {"language_code": "ja-JP", "items": [{"type": "pronunciation",
        "start_time": "1e308", "end_time": "1e308", "speaker_label": "spk_0", "alternatives": [{"content": "はい"}]}]}}"#;
    let refused = upload_transcript(&app, &fx, json!({"format": "transcribe_json", "text": transcribe})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", refused.body);
    assert_eq!(refused.body["field"], "text", "{:?}", refused.body);
}

/// No summary or feedback yet is a 200 with `{"state": "none"}`; an unknown or invisible interview is still 404.
#[tokio::test]
async fn nothing_yet_is_a_state_not_a_404() {
    let app = spawn_app().await;
    mendan_tests::nothing_yet::nothing_yet_is_a_state(&app).await;
}

/// 個別フィードバック: drafted from the answers and content criteria, approved by the interviewer,
/// and only then visible to the interviewee.
#[tokio::test]
async fn feedback_is_drafted_approved_and_then_read_by_the_interviewee() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let path = format!("{BASE}/interviews/{}/feedback", fx.interview);
    let criterion = json!({"name": "志望動機", "description": "当社を志望した理由を具体的に述べている",
        "scale_min": 1, "scale_max": 5, "kind": "content"});
    let created = app.call(Method::POST, &format!("{BASE}/evaluation-items"), Some(&fx.admin), Some(criterion)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);

    let early = app.call(Method::POST, &path, Some(&fx.interviewer.1), None).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "no transcript yet: {:?}", early.body);
    assert_eq!(
        upload_transcript(&app, &fx, json!({"format": "vtt", "text": fixture_vtt()})).await.status,
        StatusCode::OK
    );

    let draft = app.call(Method::POST, &path, Some(&fx.interviewer.1), None).await;
    assert_eq!(draft.status, StatusCode::OK, "{:?}", draft.body);
    assert_eq!(draft.body["state"], "draft");
    let check = &draft.body["criteria"][0];
    assert_eq!((check["name"].as_str(), check["met"].as_bool()), (Some("志望動機"), Some(true)), "{check}");
    assert!(check["evidence"].as_str().unwrap().contains("御社"), "the evidence is the answer's sentence: {check}");
    let ja: Vec<String> = serde_json::from_value(draft.body["ja"].clone()).unwrap();
    assert!(ja.iter().any(|p| p.contains("志望動機")), "{ja:?}");
    assert!(!draft.body["en"].as_array().unwrap().is_empty());

    let hidden = app.call(Method::GET, &path, Some(&fx.interviewee.1), None).await;
    assert_eq!(
        (hidden.status, hidden.body.clone()),
        (StatusCode::OK, json!({"state": "none"})),
        "a draft is not the interviewee's to read"
    );
    let not_theirs = app.call(Method::POST, &path, Some(&fx.interviewee.1), None).await;
    assert_eq!(not_theirs.status, StatusCode::FORBIDDEN);

    let mut edited = ja.clone();
    edited.push("次回の面談も楽しみにしております。".into());
    let approve = format!("{path}/approve");
    let empty = app.call(Method::POST, &approve, Some(&fx.interviewer.1), Some(json!({"ja": [" "], "en": ["x"]})));
    assert_eq!(empty.await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = json!({"ja": edited, "en": draft.body["en"]});
    let approved = app.call(Method::POST, &approve, Some(&fx.interviewer.1), Some(body)).await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);
    assert_eq!(approved.body["state"], "approved");
    // The candidate is mailed where to read it (issue 15).
    let backend = app.embedded.as_ref().unwrap();
    backend.events.idle().await;
    let told = backend.events.published().iter().filter(|e| e.detail_type == "FeedbackPublished").count();
    assert_eq!(told, 1);

    let read = app.call(Method::GET, &path, Some(&fx.interviewee.1), None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["ja"].as_array().unwrap().last().unwrap(), "次回の面談も楽しみにしております。");
    let again = app.call(Method::POST, &path, Some(&fx.interviewer.1), None).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "approved feedback is not replaced");
}

/// Issue 14 item 2 (shared with the AWS backend's run): criteria the answers show are found.
#[tokio::test]
async fn criteria_the_answers_show_are_found_and_only_the_candidates_language_is_required() {
    let app = spawn_app().await;
    mendan_tests::feedback::criteria_shown_are_found_and_only_the_candidates_language_is_required(&app).await;
}

/// 深掘り質問: with follow-ups on, an answer that leaves out its result and task is asked for them.
#[tokio::test]
async fn a_self_interview_answer_gets_follow_up_questions_about_what_it_left_out() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let path = format!("{BASE}/interviews/{}/follow-ups", fx.interview);
    let answer =
        json!({"question_index": 0, "answer_text": "前職では営業チームにいました。提案資料のひな形を作りました。"});
    let off = app.call(Method::POST, &path, Some(&fx.interviewee.1), Some(answer.clone())).await;
    assert_eq!((off.status, off.body["follow_ups"].clone()), (StatusCode::OK, json!([])), "off in this question set");

    let set = json!({"name": "一次面接", "questions": [{"text": "自己紹介をしてください。", "answer_seconds": 60}],
        "practice_question": {"text": "今日の天気は？", "answer_seconds": 30}, "retake_limit": 1, "follow_ups": true});
    let set_path = format!("{BASE}/question-sets/{}", fx.question_set);
    assert_eq!(app.call(Method::PUT, &set_path, Some(&fx.admin), Some(set)).await.status, StatusCode::OK);
    let asked = app.call(Method::POST, &path, Some(&fx.interviewee.1), Some(answer)).await;
    assert_eq!(asked.status, StatusCode::OK, "{:?}", asked.body);
    let questions = asked.body["follow_ups"].as_array().unwrap();
    assert_eq!(questions.len(), 2);
    assert_eq!(questions[0]["probes"], "result");
    assert!(questions[0]["ja"].as_str().unwrap().ends_with("教えてください。"), "{questions:?}");

    let beyond = json!({"question_index": 5, "answer_text": "はい。"});
    assert_eq!(
        app.call(Method::POST, &path, Some(&fx.interviewee.1), Some(beyond)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let other_tenant = app.fixture("other").await;
    let foreign = app.call(
        Method::POST,
        &path,
        Some(&other_tenant.interviewee.1),
        Some(json!({"question_index": 0, "answer_text": "x"})),
    );
    assert!(matches!(foreign.await.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED));
}

/// With the tenant's option on, training learns from the conversation features too.
#[tokio::test]
async fn conversation_features_count_in_training_when_the_tenant_turns_them_on() {
    use mendan_tests::ratings::{analysed_interview, expert_rates};
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let backend = app.embedded.as_ref().unwrap();
    for i in 0..12 {
        let (rate, happy) = (2.0 + 3.0 * ((i * 7) % 11) as f64 / 10.0, ((i * 5) % 9) as f64 / 8.0);
        let (id, _) = analysed_interview(&app, &fx, rate, happy, true).await;
        expert_rates(&app, &fx, &id, rate, happy, true).await;
        let conversation =
            json!({"schema_version": 2, "conversation": {"chars_per_s": 2.0 + rate}, "quality": {"sufficient": true}});
        let key = format!("t/acme/interviews/{id}/features/conversation.json");
        app.ports.objects.put(&key, conversation.to_string().into_bytes(), "application/json").await.unwrap();
    }
    let settings = json!({"auto_retrain": false, "retrain_after_ratings": 10, "conversation_features": true,
        "feedback_shows_scores": false});
    let put = app.call(Method::PUT, &format!("{BASE}/models/settings"), Some(&fx.admin), Some(settings)).await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
    app.call(Method::POST, &format!("{BASE}/models/training"), Some(&fx.admin), None).await;
    backend.events.idle().await;
    let models = app.call(Method::GET, &format!("{BASE}/models"), Some(&fx.admin), None).await.body;
    let card = &models[0]["card"];
    assert_eq!(card["schema_version"], 2, "{card}");
    let names = card["features"].to_string();
    assert!(names.contains("conversation.chars_per_s"), "{names}");
}
