//! The server's copy of a call (issue 16 item 5): the tenant's call settings, and the interviewee's browser as the
//! producer of the copy through KVS WebRTC ingestion (stream, storage-enabled channel, JoinStorageSession), tested
//! through the real SDK against the KVS test double (moto has no signaling channels nor WebRTC storage).

use chrono::Utc;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::app::{Reply, TestApp};
use crate::calls::{app_on_kvs_double, decide_recording, face_to_face, join};

async fn copy(app: &TestApp, base: &str, id: &str, token: &str, what: &str) -> Reply {
    app.call(Method::POST, &format!("{base}/interviews/{id}/call/{what}"), Some(token), Some(json!({}))).await
}

async fn set_policy(app: &TestApp, base: &str, token: &str, policy: serde_json::Value) -> Reply {
    app.call(Method::PUT, &format!("{base}/calls/settings"), Some(token), Some(policy)).await
}

/// Admins alone read and change the call settings; the limit is bounded; what joins carry follows them.
pub async fn call_settings_are_the_admins_and_reach_the_join(app: &TestApp) {
    let fx = app.fixture("acme").await;
    let base = fx.path("/t/{tenant}/v1");
    let read = app.call(Method::GET, &format!("{base}/calls/settings"), Some(&fx.admin), None).await;
    assert_eq!(read.body, json!({"server_copy": false, "talk_share_limit": 50}), "the defaults");
    let by_interviewer =
        set_policy(app, &base, &fx.interviewer.1, json!({"server_copy": true, "talk_share_limit": 40}));
    assert_eq!(by_interviewer.await.status, StatusCode::FORBIDDEN);
    for bad in [json!({"server_copy": true, "talk_share_limit": 90}), json!({"server_copy": true})] {
        assert_eq!(set_policy(app, &base, &fx.admin, bad).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let saved = set_policy(app, &base, &fx.admin, json!({"server_copy": true, "talk_share_limit": 40})).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);

    let id = face_to_face(app, &base, &fx.admin, &fx.interviewer.0, &fx.interviewee.0, Utc::now()).await;
    decide_recording(app, &base, &id, &fx.interviewee.1, true).await;
    let joined = join(app, &base, &id, &fx.interviewer.1).await;
    assert_eq!(
        (joined.body["talk_share_limit"].as_u64(), joined.body["server_copy"].as_bool()),
        (Some(40), Some(false))
    );
    // This backend keeps no copies: nobody is asked to send one, and asking answers why.
    let candidate = join(app, &base, &id, &fx.interviewee.1).await;
    assert_eq!(candidate.body["server_copy"], false, "{:?}", candidate.body);
    assert_eq!(copy(app, &base, &id, &fx.interviewee.1, "copy").await.problem_type(), "call_copy_not_kept");
    // Another tenant's settings are its own.
    let other = app.fixture("globex").await;
    let theirs = app.call(Method::GET, &other.path("/t/{tenant}/v1/calls/settings"), Some(&other.admin), None).await;
    assert_eq!(theirs.body["talk_share_limit"], 50);
}

/// On AWS, with the tenant's setting on and the interviewee's consent, the interviewee's browser is the copy's
/// master: the first join makes the stream and the storage-enabled channel, later ones reuse them; the session is
/// joined on the channel's WEBRTC endpoint; the call's end deletes both channels. Nobody else produces it.
pub async fn the_interviewees_browser_feeds_the_servers_copy() {
    let (double, app, _embedded) = app_on_kvs_double().await;
    let fx = app.fixture("acme").await;
    let base = fx.path("/t/{tenant}/v1");
    let id = face_to_face(&app, &base, &fx.admin, &fx.interviewer.0, &fx.interviewee.0, Utc::now()).await;
    decide_recording(&app, &base, &id, &fx.interviewee.1, true).await;

    // Off by default: no copy.
    assert_eq!(join(&app, &base, &id, &fx.interviewee.1).await.body["server_copy"], false);
    assert_eq!(copy(&app, &base, &id, &fx.interviewee.1, "copy").await.problem_type(), "call_copy_not_kept");
    let on = json!({"server_copy": true, "talk_share_limit": 50});
    assert_eq!(set_policy(&app, &base, &fx.admin, on).await.status, StatusCode::OK);
    assert_eq!(join(&app, &base, &id, &fx.interviewee.1).await.body["server_copy"], true);
    assert_eq!(
        join(&app, &base, &id, &fx.interviewer.1).await.body["server_copy"],
        false,
        "only the candidate sends it"
    );
    assert_eq!(copy(&app, &base, &id, &fx.interviewer.1, "copy").await.status, StatusCode::FORBIDDEN);
    assert_eq!(copy(&app, &base, &id, &fx.interviewee.1, "copy/session").await.problem_type(), "call_closed");

    let first = copy(&app, &base, &id, &fx.interviewee.1, "copy").await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!(first.body["role"], "master");
    let again = copy(&app, &base, &id, &fx.interviewee.1, "copy").await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
    let copy_channel = format!("mendan-test-acme-{id}-copy");
    let (channel_arn, stream_arn) = {
        let s = double.state.lock().unwrap();
        let channel = s.channels.get(&copy_channel).cloned().expect("the copy's channel");
        let stream = s.streams.get(&format!("mendan-test-acme-{id}")).cloned().expect("the call's stream");
        assert_eq!(s.storage.get(&channel), Some(&stream), "the channel stores into the call's stream");
        (channel, stream)
    };
    let url = url::Url::parse(first.body["signaling_url"].as_str().unwrap()).unwrap();
    let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(query["X-Amz-ChannelARN"], channel_arn);
    assert!(!query.contains_key("X-Amz-ClientId"), "the producer is the copy channel's master");
    let ops = double.operations();
    let count = |op: &str| ops.iter().filter(|o| *o == op).count();
    assert_eq!((count("CreateStream"), count("UpdateMediaStorageConfiguration")), (1, 1), "made once: {ops:?}");

    let started = copy(&app, &base, &id, &fx.interviewee.1, "copy/session").await;
    assert_eq!(started.status, StatusCode::NO_CONTENT, "{:?}", started.body);
    let joined: Vec<_> =
        double.state.lock().unwrap().calls.iter().filter(|c| c.0 == "JoinStorageSession").cloned().collect();
    assert_eq!(joined.len(), 1);
    assert_eq!(joined[0].1["channelArn"], channel_arn.as_str());
    assert!(joined[0].2.contains("/kinesisvideo/aws4_request"), "signed for kinesisvideo: {}", joined[0].2);
    assert!(!stream_arn.is_empty());

    // Another tenant's candidate cannot reach it; a declined recording sends no copy.
    let other = app.fixture("globex").await;
    let theirs = copy(&app, &other.path("/t/{tenant}/v1"), &id, &other.interviewee.1, "copy").await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    let declined = face_to_face(&app, &base, &fx.admin, &fx.interviewer.0, &fx.interviewee.0, Utc::now()).await;
    decide_recording(&app, &base, &declined, &fx.interviewee.1, false).await;
    assert_eq!(join(&app, &base, &declined, &fx.interviewee.1).await.body["server_copy"], false);
    assert_eq!(copy(&app, &base, &declined, &fx.interviewee.1, "copy").await.problem_type(), "call_copy_not_kept");

    let cancel = json!({"status": "cancelled"});
    let cancelled =
        app.call(Method::POST, &format!("{base}/interviews/{id}/status"), Some(&fx.admin), Some(cancel)).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    let left: Vec<String> = double.state.lock().unwrap().channels.keys().cloned().collect();
    assert!(left.iter().all(|c| !c.contains(&id)), "the call's end deleted both its channels: {left:?}");
}
