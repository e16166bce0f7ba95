//! Tenant isolation: tenant A's admin reaches nothing of tenant B, by B's path or by B's ids.

use mendan_tests::app::spawn_app;
use reqwest::{Method, StatusCode};
use serde_json::json;

const ID_ROUTES: [(&str, &str); 12] = [
    ("GET", "/users/{user}"),
    ("PATCH", "/users/{user}"),
    ("POST", "/users/{user}/disable"),
    ("GET", "/users/{user}/attributes"),
    ("GET", "/evaluation-items/{item}"),
    ("GET", "/question-sets/{question_set}"),
    ("GET", "/interviews/{interview}"),
    ("PATCH", "/interviews/{interview}"),
    ("GET", "/interviews/{interview}/consents"),
    ("GET", "/interviews/{recorded}/recordings"),
    ("POST", "/interviews/{interview}/recordings"),
    ("GET", "/interviews/{recorded}/ratings"),
];

fn body_for(method: &str, path: &str) -> Option<serde_json::Value> {
    match (method, path) {
        ("PATCH", p) if p.starts_with("/users") => Some(json!({"display_name": "x"})),
        ("PATCH", _) => Some(json!({"scheduled_at": "2026-12-03T01:00:00Z"})),
        ("POST", p) if p.ends_with("/recordings") => Some(json!({"content_type": "video/webm", "size_bytes": 10})),
        _ => None,
    }
}

#[tokio::test]
async fn another_tenants_paths_and_ids_answer_404_and_lists_stay_inside() {
    let app = spawn_app().await;
    let a = app.fixture("acme").await;
    let b = app.fixture("beta").await;

    // B's base path with A's token: 404 on every route, even /me.
    for path in ["/me", "/users", "/interviews", "/evaluation-items", "/question-sets"] {
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
    // B is untouched by all of the above.
    let b_user = app.call(Method::GET, &format!("/t/beta/v1/users/{}", b.other_user), Some(&b.admin), None).await;
    assert_eq!(b_user.body["disabled"], false);
    assert_eq!(b_user.body["display_name"], "other");
}
