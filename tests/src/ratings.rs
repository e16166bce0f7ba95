//! Rated, analysed interviews for the learning tests (both backends): each interview's features
//! are written directly, with a known link between them and the expert's score, so a model can
//! learn it. The analysis itself is tested elsewhere.

use mendan_core::events::{FeaturesExtracted, RecordingUploaded};
use mendan_core::usecases::recording_analysis::{AnalysisOutcome, finish};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::app::{Fixture, TestApp};

/// An interview whose one recording is analysed with features `(rate, happy)`; the interviewee
/// grants training use, and AI evaluation when `ai_consent`. Returns (interview id, the
/// FeaturesExtracted event).
pub async fn analysed_interview(
    app: &TestApp,
    fx: &Fixture,
    rate: f64,
    happy: f64,
    ai_consent: bool,
) -> (String, FeaturesExtracted) {
    let base = format!("/t/{}/v1", fx.tenant);
    let id = app.interview(&base, &fx.admin, &fx.interviewer.0, &fx.interviewee, &fx.question_set).await;
    interviewee_decides(app, fx, &id, "training_use", true).await;
    if ai_consent {
        interviewee_decides(app, fx, &id, "ai_evaluation", true).await;
    }
    let ticket = app
        .call(
            Method::POST,
            &format!("{base}/interviews/{id}/recordings"),
            Some(&fx.interviewee.1),
            Some(json!({"content_type": "video/webm", "size_bytes": 1000})),
        )
        .await;
    let recording = ticket.body["recording_id"].as_str().unwrap().to_owned();
    let prefix = format!("t/{}/interviews/{id}", fx.tenant);
    let key = format!("{prefix}/recordings/{recording}.webm");
    let features = json!({
        "schema_version": 1, "duration_s": 300.0,
        "voice": {"rate_syllables_per_s": rate, "speech_ratio": 0.6, "pause_mean_s": 0.5 + happy / 3.0},
        "expression": {"happy_mean": happy, "neutral_mean": 1.0 - happy},
        "face": {"present_ratio": 0.95},
        "quality": {"sufficient": true, "reasons": []}
    });
    let features_key = format!("{prefix}/features/{recording}.json");
    app.ports.objects.put(&features_key, features.to_string().into_bytes(), "application/json").await.unwrap();
    let uploaded = RecordingUploaded {
        tenant: mendan_core::domain::TenantSlug::parse(&fx.tenant).unwrap(),
        interview_id: id.parse().unwrap(),
        recording_id: recording.parse().unwrap(),
        object_key: key,
        size: 1000,
        etag: "e".into(),
        uploaded_at: None,
    };
    finish(
        &app.ports,
        &uploaded,
        AnalysisOutcome::Analysed { sufficient: true, reasons: vec![], reasons_ja: vec![], duration_s: 60.0 },
    )
    .await
    .unwrap();
    let done = app
        .call(
            Method::POST,
            &format!("{base}/interviews/{id}/status"),
            Some(&fx.interviewee.1),
            Some(json!({"status": "recorded"})),
        )
        .await;
    assert_eq!(done.body["status"], "analysed", "{:?}", done.body);
    let event = FeaturesExtracted {
        tenant: uploaded.tenant,
        interview_id: uploaded.interview_id,
        recording_id: uploaded.recording_id,
        features_key,
        sufficient: true,
    };
    (id, event)
}

/// The fixture's interviewee grants or refuses one kind of consent for interview `id`.
pub async fn interviewee_decides(app: &TestApp, fx: &Fixture, id: &str, kind: &str, granted: bool) {
    let consent = json!({"kind": kind, "granted": granted, "text_version": "2026-11"});
    let path = format!("/t/{}/v1/interviews/{id}/consents", fx.tenant);
    let reply = app.call(Method::POST, &path, Some(&fx.interviewee.1), Some(consent)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
}

/// The expert allows training use and rates: the score follows speaking rate and smiling.
pub async fn expert_rates(app: &TestApp, fx: &Fixture, id: &str, rate: f64, happy: f64, consent: bool) {
    let base = format!("/t/{}/v1", fx.tenant);
    if consent {
        let allow = json!({"kind": "training_use", "granted": true, "text_version": "2026-11"});
        let path = format!("{base}/interviews/{id}/consents");
        let reply = app.call(Method::POST, &path, Some(&fx.expert.1), Some(allow)).await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    let score = (1.0 + (rate - 2.0) + 2.0 * happy).round().clamp(1.0, 5.0);
    let body = json!({"scores": [{"item_id": fx.item, "score": score}]});
    let reply = app.call(Method::PUT, &format!("{base}/interviews/{id}/ratings"), Some(&fx.expert.1), Some(body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
}
