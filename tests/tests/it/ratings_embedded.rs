//! Experts rating the same interview at the same moment: every submission is stored and answered
//! 200, and each stored rating is announced exactly once (the retraining count depends on it).

use mendan_tests::app::spawn_app;
use mendan_tests::ratings::analysed_interview;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_experts_rating_at_once_both_succeed_and_each_rating_is_announced_once() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let (_, second_expert) = app.user("acme", &fx.admin, "expert", "expert2").await;
    let backend = app.embedded.as_ref().unwrap();
    const ROUNDS: usize = 20;
    let mut interviews = Vec::with_capacity(ROUNDS);
    for n in 0..ROUNDS {
        interviews.push(analysed_interview(&app, &fx, 2.0 + n as f64 / 10.0, 0.5, false).await.0);
    }
    backend.events.idle().await;
    let before = backend.events.published().iter().filter(|e| e.detail_type == "RatingSubmitted").count();

    for id in &interviews {
        let path = format!("/t/acme/v1/interviews/{id}/ratings");
        let body = json!({"scores": [{"item_id": fx.item, "score": 3}]});
        let (a, b) = tokio::join!(
            app.call(Method::PUT, &path, Some(&fx.expert.1), Some(body.clone())),
            app.call(Method::PUT, &path, Some(&second_expert), Some(body.clone())),
        );
        assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK), "{:?} {:?}", a.body, b.body);
        let interview = app.call(Method::GET, &format!("/t/acme/v1/interviews/{id}"), Some(&fx.admin), None).await;
        assert_eq!(interview.body["status"], "rated", "{:?}", interview.body);
    }
    backend.events.idle().await;
    let announced: Vec<_> =
        backend.events.published().into_iter().filter(|e| e.detail_type == "RatingSubmitted").skip(before).collect();
    for id in &interviews {
        let per_interview = announced.iter().filter(|e| e.detail["interview_id"] == id.as_str()).count();
        assert_eq!(per_interview, 2, "one RatingSubmitted per stored rating of {id}");
    }
    assert_eq!(announced.len(), 2 * ROUNDS);
}
