//! Upload signing: consent first, then only accepted types and sizes, and the signed URL works.

use mendan_tests::app::spawn_app;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn upload_needs_the_interviewees_recording_consent_and_then_uploads() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let base = "/t/acme/v1";
    // A fresh interview whose interviewee has not consented.
    let created = app
        .call(Method::POST, &format!("{base}/interviews"), Some(&fx.admin),
            Some(json!({"mode": "self", "interviewee_id": fx.interviewee.0, "question_set_id": fx.question_set, "scheduled_at": "2026-12-01T01:00:00Z"})))
        .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let sign = |token: String| {
        let (app, path) = (&app, format!("{base}/interviews/{id}/recordings"));
        async move {
            app.call(Method::POST, &path, Some(&token), Some(json!({"content_type": "video/webm", "size_bytes": 5})))
                .await
        }
    };

    let refused = sign(fx.interviewee.1.clone()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.problem_type(), "consent_missing");
    assert_eq!(refused.body["field"], "recording");
    assert!(refused.body["detail"].as_str().unwrap().contains("同意"), "the detail is in Japanese by default");

    // A refusal is recorded and still blocks.
    let consent = |granted: bool| json!({"kind": "recording", "granted": granted, "text_version": "2026-11"});
    app.call(Method::POST, &format!("{base}/interviews/{id}/consents"), Some(&fx.interviewee.1), Some(consent(false)))
        .await;
    assert_eq!(sign(fx.interviewee.1.clone()).await.status, StatusCode::FORBIDDEN);
    // Nobody may consent on the interviewee's behalf.
    let proxy =
        app.call(Method::POST, &format!("{base}/interviews/{id}/consents"), Some(&fx.admin), Some(consent(true))).await;
    assert_eq!(proxy.status, StatusCode::FORBIDDEN);

    let granted = app
        .call(Method::POST, &format!("{base}/interviews/{id}/consents"), Some(&fx.interviewee.1), Some(consent(true)))
        .await;
    assert_eq!(granted.status, StatusCode::CREATED);
    let ticket = sign(fx.interviewee.1.clone()).await;
    assert_eq!(ticket.status, StatusCode::CREATED, "{:?}", ticket.body);
    let key_hint = format!("t/acme/interviews/{id}/recordings/{}.webm", ticket.body["recording_id"].as_str().unwrap());
    let url = ticket.body["upload_url"].as_str().unwrap();
    assert!(url.contains(&key_hint), "the key is derived under the tenant prefix: {url}");

    // The wrong content type or too many bytes are refused by the signed URL.
    let wrong_type =
        app.http.put(url).header("content-type", "video/mp4").body(b"hello".to_vec()).send().await.unwrap();
    assert_eq!(wrong_type.status(), StatusCode::FORBIDDEN);
    let too_long =
        app.http.put(url).header("content-type", "video/webm").body(b"hello world".to_vec()).send().await.unwrap();
    assert_eq!(too_long.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let tampered = app
        .http
        .put(url.replace("max_len=5", "max_len=50"))
        .header("content-type", "video/webm")
        .body(b"hello".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(tampered.status(), StatusCode::FORBIDDEN);

    let put = app.http.put(url).header("content-type", "video/webm").body(b"hello".to_vec()).send().await.unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    app.backend.events.idle().await;
    let recordings = app.call(Method::GET, &format!("{base}/interviews/{id}/recordings"), Some(&fx.admin), None).await;
    assert_eq!(recordings.body[0]["status"], "uploaded");
    assert_eq!(recordings.body[0]["size_bytes"], 5);
    assert_eq!(app.backend.objects.as_ref().file_path(&key_hint).map(|p| std::fs::read(p).unwrap()).unwrap(), b"hello");

    // The same upload event delivered again changes nothing.
    let event = app.backend.events.published().into_iter().find(|e| e.detail_type == "RecordingUploaded").unwrap();
    mendan_core::ports::Events::publish(app.backend.events.as_ref(), event).await.unwrap();
    app.backend.events.idle().await;
    assert!(app.backend.events.dead_letters().is_empty());
}

#[tokio::test]
async fn refuses_other_types_and_oversized_uploads() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let path = format!("/t/acme/v1/interviews/{}/recordings", fx.interview);
    let call = |body: serde_json::Value| app.call(Method::POST, &path, Some(&fx.interviewee.1), Some(body));
    let png = call(json!({"content_type": "image/png", "size_bytes": 10})).await;
    assert_eq!(png.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = call(json!({"content_type": "video/mp4", "size_bytes": 2u64 * 1024 * 1024 * 1024 + 1})).await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    let chosen_key = call(json!({"content_type": "video/mp4", "size_bytes": 10, "object_key": "t/beta/x.mp4"})).await;
    assert_eq!(chosen_key.status, StatusCode::UNPROCESSABLE_ENTITY, "the client cannot choose the key");
    for ok in ["video/webm;codecs=vp8,opus", "video/mp4", "audio/webm", "audio/mp4", "audio/mpeg", "audio/wav"] {
        assert_eq!(call(json!({"content_type": ok, "size_bytes": 10})).await.status, StatusCode::CREATED, "{ok}");
    }
}
