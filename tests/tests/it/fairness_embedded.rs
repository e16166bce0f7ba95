//! The ethics analysis of the training data (issue 19, first slice) through the API: expert ratings by the
//! interviewee's protected attributes, small groups reported as too small, behind the ethics option.

use mendan_tests::app::spawn_app;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn expert_ratings_are_read_by_group_and_small_groups_keep_their_figures_back() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let attributes = json!({"gender": "female", "age_band": "20-29"});
    let path = format!("/t/acme/v1/users/{}/attributes", fx.interviewee.0);
    let set = app.call(Method::PUT, &path, Some(&fx.admin), Some(attributes)).await;
    assert!(set.status.is_success(), "{:?}", set.body);
    let rating = json!({"scores": [{"item_id": fx.item, "score": 4}], "comment": "落ち着いて話せている"});
    let rated = app
        .call(Method::PUT, &fx.path("/t/{tenant}/v1/interviews/{recorded}/ratings"), Some(&fx.expert.1), Some(rating))
        .await;
    assert!(rated.status.is_success(), "{:?}", rated.body);

    let report = app.call(Method::GET, "/t/acme/v1/fairness/ratings", Some(&fx.admin), None).await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert_eq!((report.body["ratings"].as_u64(), report.body["min_group"].as_u64()), (Some(1), Some(5)));
    let gender = report.body["items"].as_array().unwrap().iter().find(|i| i["attribute"] == "gender").unwrap();
    assert_eq!(gender["groups"], json!([{"group": "female", "n": 1, "mean": null, "sd": null, "too_small": true}]));
    assert_eq!(gender["comparisons"], json!([]), "nothing is compared below the minimum size");
    let refused = app.call(Method::GET, "/t/acme/v1/fairness/ratings", Some(&fx.expert.1), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_person_declares_their_own_attributes_with_their_own_consent_and_can_withdraw_it() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let me = &fx.interviewee.1;
    let missing = json!({"gender": "female", "age_band": "20-29", "consent": true, "text_version": " "});
    let refused = app.call(Method::PUT, "/t/acme/v1/me/attributes", Some(me), Some(missing)).await;
    assert_eq!(
        (refused.status, refused.body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("text_version"))
    );
    let free_text = json!({"gender": "女性です", "consent": true, "text_version": "2026-12"});
    let refused = app.call(Method::PUT, "/t/acme/v1/me/attributes", Some(me), Some(free_text)).await;
    assert_eq!(refused.body["field"], "gender", "fixed choices only");

    let declared = json!({"gender": "female", "age_band": "20-29", "consent": true, "text_version": "2026-12"});
    let saved = app.call(Method::PUT, "/t/acme/v1/me/attributes", Some(me), Some(declared)).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    assert_eq!(
        (saved.body["basis"]["by"].as_str(), saved.body["gender"].as_str()),
        (Some("self_declared"), Some("female"))
    );
    // Admins see them for the bias check; interviewers never.
    let path = format!("/t/acme/v1/users/{}/attributes", fx.interviewee.0);
    assert_eq!(app.call(Method::GET, &path, Some(&fx.admin), None).await.body["gender"], "female");
    assert_eq!(app.call(Method::GET, &path, Some(&fx.interviewer.1), None).await.status, StatusCode::FORBIDDEN);

    let withdraw = json!({"consent": false, "text_version": "2026-12"});
    let withdrawn = app.call(Method::PUT, "/t/acme/v1/me/attributes", Some(me), Some(withdraw)).await;
    assert_eq!(withdrawn.body["basis"], serde_json::Value::Null);
    let read = app.call(Method::GET, "/t/acme/v1/me/attributes", Some(me), None).await;
    assert_eq!(
        (read.body["gender"].clone(), read.body["basis"].clone()),
        (serde_json::Value::Null, serde_json::Value::Null),
        "deleted"
    );
}
