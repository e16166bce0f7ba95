//! Experts rating the same interview at the same moment: every submission is stored and answered
//! 200, and each stored rating is announced exactly once (the retraining count depends on it);
//! experts rate blind and their queue knows what they rated.

use mendan_tests::app::spawn_app;
use mendan_tests::ratings::{analysed_interview, expert_rates};
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

/// Issue 14 item 10: rating stays blind in the summary too (no speaker names for experts, who
/// see no interviewee names anywhere), and the expert's queue knows what they already rated.
#[tokio::test]
async fn experts_rate_blind_and_their_queue_knows_what_they_rated() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let text = "面接官: 自己紹介をお願いします。\n鈴木 花子: 前職では物流会社で在庫管理を担当しました。棚卸しの差異を毎月百件減らしました。\n";
    let put = fx.path("/t/{tenant}/v1/interviews/{recorded}/transcript");
    let body = json!({"format": "text", "text": text, "interviewee_speaker": "鈴木 花子"});
    let stored = app.call(Method::PUT, &put, Some(&fx.admin), Some(body)).await;
    assert_eq!(stored.status, StatusCode::OK, "{:?}", stored.body);
    let summary = fx.path("/t/{tenant}/v1/interviews/{recorded}/summary");
    let staff = app.call(Method::GET, &summary, Some(&fx.admin), None).await;
    assert_eq!(staff.body["interviewee_speaker"], "鈴木 花子");
    let blind = app.call(Method::GET, &summary, Some(&fx.expert.1), None).await;
    assert_eq!(blind.status, StatusCode::OK, "{:?}", blind.body);
    assert!(!blind.body.to_string().contains("鈴木"), "the expert sees no name: {}", blind.body);

    let queue = |rated: bool| {
        let path = fx.path(&format!("/t/{{tenant}}/v1/interviews?rated_by_me={rated}"));
        let token = fx.expert.1.clone();
        let app = &app;
        async move {
            let reply = app.call(Method::GET, &path, Some(&token), None).await;
            reply.body.as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        }
    };
    assert!(queue(false).await.contains(&fx.recorded) && !queue(true).await.contains(&fx.recorded));
    expert_rates(&app, &fx, &fx.recorded, 3.0, 0.5, false).await;
    assert!(!queue(false).await.contains(&fx.recorded), "rated: no longer to rate");
    assert!(queue(true).await.contains(&fx.recorded), "listed as rated by this expert");
}
