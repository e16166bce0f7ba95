//! Bad input gets a clear 4xx problem and changes nothing.

use mendan_tests::app::spawn_app;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn malformed_bodies_are_refused_with_problems() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let items = format!("{}/evaluation-items", app.url.clone() + "/t/acme/v1");

    let broken = app
        .send(
            app.http.post(&items).bearer_auth(&fx.admin).header("content-type", "application/json").body("{\"name\": "),
        )
        .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert_eq!(broken.content_type, "application/problem+json");

    let not_json =
        app.send(app.http.post(&items).bearer_auth(&fx.admin).header("content-type", "text/plain").body("{}")).await;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let unknown = app
        .call(
            Method::POST,
            "/t/acme/v1/evaluation-items",
            Some(&fx.admin),
            Some(json!({"name": "x", "scale_min": 1, "scale_max": 5, "kind": "behaviour", "weight": 3})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A screen never sends unknown fields: the Japanese words say what to do, the English ones
    // (for API clients) name the field.
    assert!(unknown.body["detail"].as_str().unwrap().contains("入力内容の形式"), "{:?}", unknown.body);
    let body = json!({"name": "x", "scale_min": 1, "scale_max": 5, "kind": "behaviour", "weight": 3});
    let request = app.http.post(format!("{}/t/acme/v1/evaluation-items", app.url)).bearer_auth(&fx.admin);
    let english = app.send(request.header("accept-language", "en").json(&body)).await;
    assert!(english.body["detail"].as_str().unwrap().contains("weight"), "names the unknown field: {:?}", english.body);

    let bad_scale = app
        .call(
            Method::POST,
            "/t/acme/v1/evaluation-items",
            Some(&fx.admin),
            Some(json!({"name": "x", "scale_min": 5, "scale_max": 1, "kind": "behaviour"})),
        )
        .await;
    assert_eq!(bad_scale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_scale.body["field"], "scale");

    let list = app.call(Method::GET, "/t/acme/v1/evaluation-items", Some(&fx.admin), None).await;
    assert_eq!(list.body.as_array().unwrap().len(), 1, "nothing was created by the refused requests");
}

#[tokio::test]
async fn out_of_scale_scores_and_wrong_transitions_change_nothing() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let ratings = format!("/t/acme/v1/interviews/{}/ratings", fx.recorded);
    for score in [0.0, 5.5, -1.0] {
        let reply = app
            .call(
                Method::PUT,
                &ratings,
                Some(&fx.expert.1),
                Some(json!({"scores": [{"item_id": fx.item, "score": score}]})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "score {score}");
        assert_eq!(reply.body["field"], "scores[0].score");
    }
    let twice = app
        .call(
            Method::PUT,
            &ratings,
            Some(&fx.expert.1),
            Some(json!({"scores": [{"item_id": fx.item, "score": 3}, {"item_id": fx.item, "score": 4}]})),
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    let stored = app.call(Method::GET, &ratings, Some(&fx.admin), None).await;
    assert_eq!(stored.body, json!([]), "no rating was stored");

    // scheduled -> recorded skips in_progress.
    let status = format!("/t/acme/v1/interviews/{}/status", fx.interview);
    let jump = app.call(Method::POST, &status, Some(&fx.admin), Some(json!({"status": "recorded"}))).await;
    assert_eq!(jump.status, StatusCode::CONFLICT);
    assert_eq!(jump.problem_type(), "invalid_transition");
    // Only the pipeline sets `analysed`.
    let by_hand = app.call(Method::POST, &status, Some(&fx.admin), Some(json!({"status": "analysed"}))).await;
    assert_eq!(by_hand.status, StatusCode::FORBIDDEN);
    let unknown = app.call(Method::POST, &status, Some(&fx.admin), Some(json!({"status": "done"}))).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let interview =
        app.call(Method::GET, &format!("/t/acme/v1/interviews/{}", fx.interview), Some(&fx.admin), None).await;
    assert_eq!(interview.body["status"], "scheduled");

    // A rating moves a recorded interview to rated.
    let rated = app
        .call(Method::PUT, &ratings, Some(&fx.expert.1), Some(json!({"scores": [{"item_id": fx.item, "score": 4.5}]})))
        .await;
    assert_eq!(rated.status, StatusCode::OK, "{:?}", rated.body);
    let interview =
        app.call(Method::GET, &format!("/t/acme/v1/interviews/{}", fx.recorded), Some(&fx.admin), None).await;
    assert_eq!(interview.body["status"], "rated");
}

#[tokio::test]
async fn bad_tokens_answer_401_and_problems_speak_the_callers_language() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    for token in ["garbage", "a.b.c", &format!("{}x", fx.admin)] {
        let reply = app.call(Method::GET, "/t/acme/v1/me", Some(token), None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{token}");
    }
    let wrong_password = app
        .call(
            Method::POST,
            "/t/acme/v1/auth/login",
            None,
            Some(json!({"email": "admin@acme.example", "password": "nope-nope-nope"})),
        )
        .await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    let unknown_tenant = app
        .call(
            Method::POST,
            "/t/nowhere/v1/auth/login",
            None,
            Some(json!({"email": "admin@acme.example", "password": "x"})),
        )
        .await;
    assert_eq!(unknown_tenant.status, StatusCode::UNAUTHORIZED, "no hint whether a tenant exists");

    let english = app
        .send(
            app.http
                .get(format!("{}/t/acme/v1/users", app.url))
                .bearer_auth(&fx.interviewee.1)
                .header("accept-language", "en-US,en;q=0.9"),
        )
        .await;
    assert_eq!(english.status, StatusCode::FORBIDDEN);
    assert!(english.body["detail"].as_str().unwrap().starts_with("The role interviewee may not"), "{:?}", english.body);
    let japanese = app.call(Method::GET, "/t/acme/v1/users", Some(&fx.interviewee.1), None).await;
    assert!(japanese.body["detail"].as_str().unwrap().contains("権限"), "{:?}", japanese.body);

    // A disabled user's token stops working at once.
    app.call(Method::POST, &format!("/t/acme/v1/users/{}/disable", fx.interviewer.0), Some(&fx.admin), None).await;
    let after = app.call(Method::GET, "/t/acme/v1/me", Some(&fx.interviewer.1), None).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn health_and_unknown_routes() {
    let app = spawn_app().await;
    let health = app.call(Method::GET, "/healthz", None, None).await;
    assert_eq!((health.status, health.body["status"].as_str()), (StatusCode::OK, Some("ok")));
    let unknown = app.call(Method::GET, "/t/acme/v1/nothing-here", None, None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.content_type, "application/problem+json");
    let preflight = app.send(app.http.request(Method::OPTIONS, format!("{}/t/acme/v1/users", app.url))).await;
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);
}
