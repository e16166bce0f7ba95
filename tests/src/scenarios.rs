//! Scenarios run against both backends: the embedded one and the AWS adapters on moto.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;

const ID_ROUTES: [(&str, &str); 29] = [
    ("GET", "/users/{user}"),
    ("PATCH", "/users/{user}"),
    ("POST", "/users/{user}/disable"),
    ("POST", "/users/{user}/reset-password"),
    ("GET", "/users/{user}/attributes"),
    ("GET", "/evaluation-items/{item}"),
    ("GET", "/question-sets/{question_set}"),
    ("GET", "/interviews/{interview}"),
    ("PATCH", "/interviews/{interview}"),
    ("GET", "/interviews/{interview}/consents"),
    ("GET", "/interviews/{recorded}/recordings"),
    ("POST", "/interviews/{interview}/recordings"),
    ("GET", "/interviews/{recorded}/ratings"),
    ("GET", "/interviews/{recorded}/prediction"),
    ("DELETE", "/evaluation-items/{item}"),
    ("DELETE", "/question-sets/{question_set}"),
    ("DELETE", "/interviews/{interview}"),
    ("POST", "/interviews/{interview}/call"),
    ("GET", "/interviews/{interview}/call"),
    ("DELETE", "/interviews/{interview}/call"),
    ("POST", "/interviews/{interview}/call/copy"),
    ("POST", "/interviews/{interview}/call/copy/session"),
    // Issues 14, 18 and 20: transcripts, summaries, feedback, the status, an authenticator reset, an erasure.
    ("PUT", "/interviews/{recorded}/transcript"),
    ("GET", "/interviews/{recorded}/summary"),
    ("GET", "/interviews/{recorded}/feedback"),
    ("POST", "/interviews/{recorded}/feedback"),
    ("POST", "/interviews/{interview}/status"),
    ("POST", "/users/{user}/mfa/reset"),
    ("POST", "/users/{user}/erase"),
];

fn body_for(method: &str, path: &str) -> Option<serde_json::Value> {
    match (method, path) {
        ("PATCH", p) if p.starts_with("/users") => Some(json!({"display_name": "x"})),
        ("PATCH", _) => Some(json!({"scheduled_at": "2026-12-03T01:00:00Z"})),
        ("POST", p) if p.ends_with("/recordings") => Some(json!({"content_type": "video/webm", "size_bytes": 10})),
        ("PUT", p) if p.ends_with("/transcript") => {
            Some(json!({"format": "text", "text": "面接官: 質問です。\n候補者: 答えです。"}))
        }
        ("POST", p) if p.ends_with("/status") => Some(json!({"status": "recorded"})),
        _ => None,
    }
}

/// Tenant A's admin reaches nothing of tenant B, by B's path or by B's ids, and lists stay inside.
pub async fn tenant_isolation(app: &TestApp) {
    let a = app.fixture("acme").await;
    let b = app.fixture("beta").await;

    // B's base path with A's token: 404 on every route, even /me.
    for path in [
        "/me",
        "/users",
        "/interviews",
        "/evaluation-items",
        "/question-sets",
        "/audit",
        "/mfa/policy",
        "/tenant",
        "/usage",
    ] {
        let reply = app.call(Method::GET, &format!("/t/beta/v1{path}"), Some(&a.admin), None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "/t/beta/v1{path}");
        assert_eq!(reply.content_type, "application/problem+json");
    }
    // B's ids inside A's own path: 404, and nothing changes.
    for (method, template) in ID_ROUTES {
        let path = format!("/t/acme/v1{}", b.path(template));
        let reply = app.call(method.parse().unwrap(), &path, Some(&a.admin), body_for(method, template)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {template} with tenant B's id: {:?}", reply.body);
    }
    // Ids of B in bodies are refused as unknown, too.
    let cross = app
        .call(Method::POST, "/t/acme/v1/interviews", Some(&a.admin),
            Some(json!({"mode": "self", "interviewee_id": b.interviewee.0, "question_set_id": b.question_set, "scheduled_at": "2026-12-01T01:00:00Z"})))
        .await;
    assert_eq!(cross.status, StatusCode::UNPROCESSABLE_ENTITY);
    let rating = app
        .call(
            Method::PUT,
            &format!("/t/acme/v1/interviews/{}/ratings", a.recorded),
            Some(&a.interviewer.1),
            Some(json!({"scores": [{"item_id": b.item, "score": 3}]})),
        )
        .await;
    assert_eq!(rating.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Lists in A hold only A's things.
    let b_ids = [
        &b.interviewee.0,
        &b.interviewer.0,
        &b.expert.0,
        &b.other_user,
        &b.item,
        &b.question_set,
        &b.interview,
        &b.recorded,
    ];
    for path in ["/users", "/interviews", "/evaluation-items", "/question-sets"] {
        let reply = app.call(Method::GET, &format!("/t/acme/v1{path}"), Some(&a.admin), None).await;
        assert_eq!(reply.status, StatusCode::OK);
        let text = reply.body.to_string();
        assert!(!reply.body.as_array().unwrap().is_empty(), "{path} lists A's own items");
        for id in b_ids {
            assert!(!text.contains(id.as_str()), "{path} leaked tenant B's id");
        }
    }
    // A's activity log holds A's invitations only, also below a cursor taken from B's log.
    let b_log = app.call(Method::GET, "/t/beta/v1/audit", Some(&b.admin), None).await.body;
    let b_entry = b_log["entries"][0]["id"].as_str().expect("B's invitations are logged").to_owned();
    for query in [String::new(), format!("?before={b_entry}")] {
        let reply = app.call(Method::GET, &format!("/t/acme/v1/audit{query}"), Some(&a.admin), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        let text = reply.body.to_string();
        assert!(!text.contains(&b_entry), "A's log leaked B's entry");
        for id in b_ids {
            assert!(!text.contains(id.as_str()), "A's log leaked tenant B's id");
        }
    }
    let a_log = app.call(Method::GET, "/t/acme/v1/audit", Some(&a.admin), None).await.body;
    assert!(!a_log["entries"].as_array().unwrap().is_empty(), "A's own invitations are logged");

    // B is untouched by all of the above.
    let b_user = app.call(Method::GET, &format!("/t/beta/v1/users/{}", b.other_user), Some(&b.admin), None).await;
    assert_eq!(b_user.body["disabled"], false);
    assert_eq!(b_user.body["display_name"], "other");
}

/// Upload signing refuses until the interviewee grants `recording` consent; then the presigned
/// PUT uploads. Returns (interview id, upload URL, object key) for backend-specific checks.
pub async fn consent_gates_upload(app: &TestApp) -> (String, String, String) {
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

    let put = app.http.put(url).header("content-type", "video/webm").body(b"hello".to_vec()).send().await.unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    (id.clone(), url.to_owned(), key_hint)
}
