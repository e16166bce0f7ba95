//! Face-to-face video calls (issue 16): who may join an interview's call and when, and (under
//! `mendan serve`) the signaling relay that introduces the browsers, speaking KVS's framing.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use futures_util::{SinkExt, StreamExt};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::app::{TestApp, id_of};

/// Schedules a face-to-face interview at `at`; returns its id.
pub async fn face_to_face(
    app: &TestApp,
    base: &str,
    admin: &str,
    interviewer: &str,
    interviewee: &str,
    at: DateTime<Utc>,
) -> String {
    let body = json!({"mode": "face_to_face", "interviewee_id": interviewee, "interviewer_id": interviewer,
        "scheduled_at": at.to_rfc3339()});
    id_of(&app.call(Method::POST, &format!("{base}/interviews"), Some(admin), Some(body)).await)
}

pub(crate) async fn decide_recording(app: &TestApp, base: &str, id: &str, token: &str, granted: bool) {
    let body = json!({"kind": "recording", "granted": granted, "text_version": "2026-12"});
    let reply = app.call(Method::POST, &format!("{base}/interviews/{id}/consents"), Some(token), Some(body)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
}

pub(crate) async fn join(app: &TestApp, base: &str, id: &str, token: &str) -> crate::app::Reply {
    app.call(Method::POST, &format!("{base}/interviews/{id}/call"), Some(token), Some(json!({}))).await
}

/// The interviewer's browser records the call with the voices apart: the upload says so, the analysis describes
/// the candidate's voice and face and adds who spoke how much; a self-interview cannot claim such a recording.
pub async fn a_call_recording_is_analysed_with_the_voices_apart(app: &TestApp) {
    let fx = app.fixture("acme").await;
    let base = fx.path("/t/{tenant}/v1");
    let id = face_to_face(app, &base, &fx.admin, &fx.interviewer.0, &fx.interviewee.0, Utc::now()).await;
    decide_recording(app, &base, &id, &fx.interviewee.1, true).await;
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(crate::media::call_video(dir.path(), "call.webm", crate::media::WEBM)).unwrap();
    let sign = async |interview: &str, token: &str| {
        let body = json!({"content_type": "video/webm", "size_bytes": bytes.len(), "audio": "interviewee_left_interviewer_right"});
        app.call(Method::POST, &format!("{base}/interviews/{interview}/recordings"), Some(token), Some(body)).await
    };
    let refused = sign(&fx.interview, &fx.interviewee.1).await;
    assert_eq!(
        (refused.status, refused.problem_type()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        "{:?}",
        refused.body
    );
    let ticket = sign(&id, &fx.interviewer.1).await;
    assert_eq!(ticket.status, StatusCode::CREATED, "{:?}", ticket.body);
    let put =
        app.http.put(ticket.body["upload_url"].as_str().unwrap()).header("content-type", "video/webm").body(bytes);
    assert_eq!(put.send().await.unwrap().status(), StatusCode::OK);
    app.embedded.as_ref().unwrap().events.idle().await;

    let list =
        app.call(Method::GET, &format!("{base}/interviews/{id}/recordings"), Some(&fx.interviewer.1), None).await;
    let rec = &list.body.as_array().unwrap()[0];
    assert_eq!(
        (rec["status"].as_str(), rec["audio"].as_str()),
        (Some("analysed"), Some("interviewee_left_interviewer_right")),
        "{rec}"
    );
    let key = rec["analysis"]["features_key"].as_str().unwrap();
    let features: Value = serde_json::from_slice(&app.ports.objects.get(key).await.unwrap().unwrap()).unwrap();
    assert!(features["face"]["present_ratio"].as_f64().unwrap() > 0.7, "{features}");
    let (share, other) = (&features["call"]["interviewee_speech_share"], &features["call"]["interviewer_speech_share"]);
    assert!(share.as_f64().unwrap() > 0.6 && other.as_f64().unwrap() > 0.1, "{features}");
    let latency = features["call"]["answer_latency_s"].as_f64().unwrap();
    assert!((0.3..2.0).contains(&latency), "the candidate answers about 1 s after the question: {latency}");
    // The candidate's voice alone: its speaking share is the left channel's (about 6 of 12 s), not both voices'.
    let speech = features["voice"]["speech_ratio"].as_f64().unwrap();
    assert!((0.35..0.65).contains(&speech), "{features}");
    // The timeline under the player has each side's speaking per second: the question first, then the answer.
    let key = rec["analysis"]["timeline_key"].as_str().unwrap();
    let timeline: Value = serde_json::from_slice(&app.ports.objects.get(key).await.unwrap().unwrap()).unwrap();
    let second = |series: &str, at: usize| timeline[series][at].as_f64().unwrap();
    assert!(second("interviewer_speaking", 1) > 0.5 && second("speaking", 1) < 0.1, "{timeline}");
    assert!(second("speaking", 6) > 0.5 && second("interviewer_speaking", 6) < 0.1, "{timeline}");
}

pub async fn only_the_interviews_people_join_while_it_is_open(app: &TestApp) {
    let fx = app.fixture("acme").await;
    let other = app.fixture("beta").await;
    let base = fx.path("/t/{tenant}/v1");
    let id = face_to_face(app, &base, &fx.admin, &fx.interviewer.0, &fx.interviewee.0, Utc::now()).await;

    // The interviewee decides about the recording first; declining still allows the call.
    let undecided = join(app, &base, &id, &fx.interviewee.1).await;
    assert_eq!(
        (undecided.status, undecided.problem_type()),
        (StatusCode::CONFLICT, "call_closed"),
        "{:?}",
        undecided.body
    );
    decide_recording(app, &base, &id, &fx.interviewee.1, false).await;
    let candidate = join(app, &base, &id, &fx.interviewee.1).await;
    assert_eq!(candidate.status, StatusCode::OK, "{:?}", candidate.body);
    assert_eq!(
        (candidate.body["role"].as_str(), candidate.body["seat"].as_str()),
        (Some("viewer"), Some("interviewee"))
    );
    assert_eq!(candidate.body["recording_consented"], false);
    let interviewer = join(app, &base, &id, &fx.interviewer.1).await;
    assert_eq!(
        (interviewer.body["role"].as_str(), interviewer.body["seat"].as_str()),
        (Some("master"), Some("interviewer"))
    );
    let admin = join(app, &base, &id, &fx.admin).await;
    assert_eq!((admin.body["role"].as_str(), admin.body["seat"].as_str()), (Some("viewer"), Some("observer")));
    for reply in [&candidate, &interviewer, &admin] {
        let url = reply.body["signaling_url"].as_str().unwrap();
        assert!(url.starts_with("ws://") && url.contains(&id), "{url}");
    }
    assert_ne!(candidate.body["client_id"], admin.body["client_id"], "viewers are told apart");

    // Staff read who joined and when: one line per person, a rejoin counted on it, a leave noted.
    assert_eq!(join(app, &base, &id, &fx.interviewee.1).await.status, StatusCode::OK);
    let attendance = format!("{base}/interviews/{id}/call");
    let left = app.call(Method::DELETE, &attendance, Some(&fx.interviewee.1), None).await;
    assert_eq!(left.status, StatusCode::NO_CONTENT, "{:?}", left.body);
    let (_, stranger) = app.user(&fx.tenant, &fx.admin, "interviewer", "stranger").await;
    assert_eq!(app.call(Method::DELETE, &attendance, Some(&stranger), None).await.status, StatusCode::NOT_FOUND);
    let seen = app.call(Method::GET, &attendance, Some(&fx.interviewer.1), None).await;
    assert_eq!(seen.status, StatusCode::OK, "{:?}", seen.body);
    let lines = seen.body.as_array().unwrap();
    let line = |seat: &str| lines.iter().find(|l| l["seat"] == seat).unwrap_or_else(|| panic!("{seat} in {lines:?}"));
    assert_eq!(lines.len(), 3);
    assert_eq!(
        (line("interviewee")["joins"].as_u64(), line("interviewee")["user_id"].as_str()),
        (Some(2), Some(fx.interviewee.0.as_str()))
    );
    assert_eq!((line("interviewer")["joins"].as_u64(), line("observer")["joins"].as_u64()), (Some(1), Some(1)));
    assert!(line("interviewee")["left_at"].is_string() && line("interviewer")["left_at"].is_null(), "{lines:?}");
    assert_eq!(app.call(Method::GET, &attendance, Some(&fx.interviewee.1), None).await.status, StatusCode::FORBIDDEN);

    // Nobody else: another interviewer of the tenant, an expert, another tenant's admin.
    assert_eq!(join(app, &base, &id, &stranger).await.status, StatusCode::NOT_FOUND);
    assert_eq!(join(app, &base, &id, &fx.expert.1).await.status, StatusCode::NOT_FOUND);
    let foreign = base.replace(&format!("/t/{}/", fx.tenant), &format!("/t/{}/", other.tenant));
    assert_eq!(join(app, &foreign, &id, &other.admin).await.status, StatusCode::NOT_FOUND);
    assert_eq!(join(app, &base, &id, &other.admin).await.status, StatusCode::NOT_FOUND, "a token of another tenant");

    // Only an open face-to-face interview, within its window.
    let self_interview = fx.path("{interview}");
    let closed = join(app, &base, &self_interview, &fx.interviewer.1).await;
    assert_eq!(closed.problem_type(), "call_closed", "{:?}", closed.body);
    let tomorrow =
        face_to_face(app, &base, &fx.admin, &fx.interviewer.0, &fx.interviewee.0, Utc::now() + Duration::days(1)).await;
    let early = join(app, &base, &tomorrow, &fx.interviewer.1).await;
    assert_eq!((early.status, early.problem_type()), (StatusCode::CONFLICT, "call_closed"), "{:?}", early.body);
    let last_week =
        face_to_face(app, &base, &fx.admin, &fx.interviewer.0, &fx.interviewee.0, Utc::now() - Duration::days(7)).await;
    assert_eq!(join(app, &base, &last_week, &fx.interviewer.1).await.problem_type(), "call_closed");
    let cancel = json!({"status": "cancelled"});
    let cancelled =
        app.call(Method::POST, &format!("{base}/interviews/{id}/status"), Some(&fx.admin), Some(cancel)).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(join(app, &base, &id, &fx.interviewer.1).await.problem_type(), "call_closed");
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(url: &str) -> Socket {
    tokio_tungstenite::connect_async(url).await.expect("the relay accepts its own join URL").0
}

/// The next text message, or `None` when the socket closed first.
async fn next_text(socket: &mut Socket) -> Option<Value> {
    let wait = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while let Some(message) = socket.next().await {
            match message {
                Ok(Message::Text(text)) => return Some(serde_json::from_str(&text).unwrap()),
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => continue,
            }
        }
        None
    });
    wait.await.expect("an answer within the hang guard")
}

fn signal(action: &str, payload: Value, recipient: Option<&str>) -> Message {
    let encoded = base64::engine::general_purpose::STANDARD.encode(payload.to_string());
    let mut message = json!({"action": action, "messagePayload": encoded});
    if let Some(r) = recipient {
        message["recipientClientId"] = json!(r);
    }
    Message::Text(message.to_string().into())
}

/// Waits until the relay has seated `n` browsers in the interview's channel (the upgrade finishes
/// after the client sees the handshake's answer).
async fn seated(app: &TestApp, tenant: &str, id: &str, n: usize) {
    let relay = &app.embedded.as_ref().expect("the embedded backend").calls;
    let tenant = mendan_core::domain::TenantSlug::parse(tenant).unwrap();
    let id = mendan_core::domain::InterviewId::parse(id).unwrap();
    for _ in 0..200 {
        if relay.connected(&tenant, id) == n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("expected {n} browsers in the channel, found {}", relay.connected(&tenant, id));
}

pub async fn the_relay_introduces_the_calls_people(app: &TestApp) {
    let fx = app.fixture("acme").await;
    let base = fx.path("/t/{tenant}/v1");
    let id = face_to_face(app, &base, &fx.admin, &fx.interviewer.0, &fx.interviewee.0, Utc::now()).await;
    let other = face_to_face(app, &base, &fx.admin, &fx.interviewer.0, &fx.interviewee.0, Utc::now()).await;
    decide_recording(app, &base, &id, &fx.interviewee.1, true).await;
    let master_join = join(app, &base, &id, &fx.interviewer.1).await.body;
    let viewer_join = join(app, &base, &id, &fx.interviewee.1).await.body;
    let viewer_id = viewer_join["client_id"].as_str().unwrap().to_owned();
    let viewer_url = viewer_join["signaling_url"].as_str().unwrap().to_owned();

    // A changed URL is refused before any WebSocket opens: another role, another interview.
    let as_master = viewer_url.replace("role=viewer", "role=master");
    let elsewhere = viewer_url.replace(&id, &other);
    for (url, why) in [(&as_master, "another role"), (&elsewhere, "another interview")] {
        match tokio_tungstenite::connect_async(url.as_str()).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                assert_eq!(response.status(), 403, "{why}");
            }
            other => panic!("{why}: expected a 403 refusal, got {other:?}"),
        }
    }

    let mut master = connect(master_join["signaling_url"].as_str().unwrap()).await;
    let mut viewer = connect(&viewer_url).await;
    seated(app, &fx.tenant, &id, 2).await;
    let offer = json!({"type": "offer", "sdp": "v=0\r\n"});
    viewer.send(signal("SDP_OFFER", offer.clone(), None)).await.unwrap();
    let got = next_text(&mut master).await.expect("the offer");
    assert_eq!(
        (got["messageType"].as_str(), got["senderClientId"].as_str()),
        (Some("SDP_OFFER"), Some(viewer_id.as_str()))
    );
    let payload = base64::engine::general_purpose::STANDARD.decode(got["messagePayload"].as_str().unwrap()).unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&payload).unwrap(), offer);
    master.send(signal("SDP_ANSWER", json!({"type": "answer", "sdp": "v=0\r\n"}), Some(&viewer_id))).await.unwrap();
    assert_eq!(next_text(&mut viewer).await.expect("the answer")["messageType"], "SDP_ANSWER");

    // A malformed message is answered with KVS's status response and relayed to nobody.
    viewer.send(Message::Text("{\"action\":\"SDP_OFFER\",\"messagePayload\":\"***\"}".into())).await.unwrap();
    assert_eq!(next_text(&mut viewer).await.expect("a refusal")["messageType"], "STATUS_RESPONSE");

    // Joining again replaces the first connection; the call's end tells everyone still there.
    let again = join(app, &base, &id, &fx.interviewee.1).await.body;
    let mut viewer_again = connect(again["signaling_url"].as_str().unwrap()).await;
    assert!(next_text(&mut viewer).await.is_none(), "the first connection is closed");
    seated(app, &fx.tenant, &id, 2).await;
    let cancel = json!({"status": "cancelled"});
    let cancelled =
        app.call(Method::POST, &format!("{base}/interviews/{id}/status"), Some(&fx.admin), Some(cancel)).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(next_text(&mut master).await.expect("go away")["messageType"], "GO_AWAY");
    assert_eq!(next_text(&mut viewer_again).await.expect("go away")["messageType"], "GO_AWAY");
    seated(app, &fx.tenant, &id, 0).await;
}

/// An app whose calls go to KVS through the real SDK, at the KVS test double; the embedded app lends it its other
/// ports (and must outlive it).
pub(crate) async fn app_on_kvs_double() -> (crate::kvs_double::KvsDouble, TestApp, TestApp) {
    let double = crate::kvs_double::KvsDouble::start().await;
    let sdk = crate::moto::local_sdk_config(&double.url).await;
    let settings = mendan_aws::calls::CallSettings { channel_prefix: "mendan-test".into(), media_endpoint: None };
    let embedded = crate::app::spawn_app().await;
    let calls = std::sync::Arc::new(mendan_aws::calls::KvsCalls::new(&sdk, settings));
    let app = crate::app::spawn_app_with(mendan_core::Ports { calls, ..embedded.ports.clone() }).await;
    (double, app, embedded)
}

/// The AWS adapter through the real SDK against the KVS test double: the first join makes the
/// channel, later ones find it; each answers a presigned WSS URL for its role (a viewer's names
/// its client) with KVS's STUN and the channel's TURN servers; the call's end deletes the channel.
pub async fn kvs_channels_are_made_presigned_and_removed() {
    let (double, app, _embedded) = app_on_kvs_double().await;
    let fx = app.fixture("acme").await;
    let base = fx.path("/t/{tenant}/v1");
    let id = face_to_face(&app, &base, &fx.admin, &fx.interviewer.0, &fx.interviewee.0, Utc::now()).await;
    decide_recording(&app, &base, &id, &fx.interviewee.1, true).await;

    let master = join(&app, &base, &id, &fx.interviewer.1).await;
    assert_eq!(master.status, StatusCode::OK, "{:?}", master.body);
    let viewer = join(&app, &base, &id, &fx.interviewee.1).await;
    assert_eq!(viewer.status, StatusCode::OK, "{:?}", viewer.body);
    let channel = format!("mendan-test-acme-{id}");
    let arn = double.state.lock().unwrap().channels.get(&channel).cloned().expect("the channel was created");
    let query = |reply: &crate::app::Reply| -> std::collections::HashMap<String, String> {
        let url = url::Url::parse(reply.body["signaling_url"].as_str().unwrap()).unwrap();
        assert_eq!(url.scheme(), "wss");
        url.query_pairs().into_owned().collect()
    };
    let (m, v) = (query(&master), query(&viewer));
    assert_eq!((m["X-Amz-ChannelARN"].as_str(), v["X-Amz-ChannelARN"].as_str()), (arn.as_str(), arn.as_str()));
    assert!(!m.contains_key("X-Amz-ClientId"), "the master is named by the channel alone");
    assert_eq!(v["X-Amz-ClientId"], viewer.body["client_id"].as_str().unwrap());
    for q in [&m, &v] {
        assert!(q["X-Amz-Credential"].ends_with("/ap-northeast-1/kinesisvideo/aws4_request"), "{q:?}");
        assert_eq!(q["X-Amz-Expires"].parse::<u64>().map(|s| s > 0 && s <= 300), Ok(true), "{q:?}");
        assert_eq!(q["X-Amz-Signature"].len(), 64);
    }
    let ice = &viewer.body["ice_servers"];
    assert_eq!(ice[0]["urls"][0], "stun:stun.kinesisvideo.ap-northeast-1.amazonaws.com:443");
    assert_eq!(ice[1]["urls"][0], "turn:198.51.100.7:443?transport=udp");
    assert_eq!(ice[1]["credential"], "double-password");
    assert!(ice[1]["username"].as_str().unwrap().ends_with(viewer.body["client_id"].as_str().unwrap()));

    let ops = double.operations();
    assert_eq!(ops.iter().filter(|o| *o == "CreateSignalingChannel").count(), 1, "one channel for both: {ops:?}");
    let roles: Vec<Value> = double
        .state
        .lock()
        .unwrap()
        .calls
        .iter()
        .filter(|c| c.0 == "GetSignalingChannelEndpoint")
        .map(|c| c.1["SingleMasterChannelEndpointConfiguration"]["Role"].clone())
        .collect();
    assert_eq!(roles, [json!("MASTER"), json!("VIEWER")]);
    assert!(
        double.state.lock().unwrap().calls.iter().all(|c| c.2.contains("/kinesisvideo/aws4_request")),
        "SigV4 for kinesisvideo"
    );

    let cancel = json!({"status": "cancelled"});
    let cancelled =
        app.call(Method::POST, &format!("{base}/interviews/{id}/status"), Some(&fx.admin), Some(cancel)).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert!(double.state.lock().unwrap().channels.is_empty(), "the call's end deleted its channel");
    assert_eq!(join(&app, &base, &id, &fx.interviewer.1).await.problem_type(), "call_closed");
}

/// The kinesis-ingest function through the real SDK: the video stream's control plane (CreateStream, GetDataEndpoint,
/// DescribeStream, DeleteStream) in moto, GetClip in the KVS test double (moto's server cannot route archived media:
/// both services sign as `kinesisvideo` and its dispatcher picks the control plane). A call whose browser recording
/// is missing is exported from the server's copy into recordings (once, however often the event comes) and the
/// stream is deleted; a call the browser recorded only loses its stream.
pub async fn the_servers_copy_of_a_call_is_exported_only_when_the_browser_sent_nothing() {
    let Some(moto) = crate::moto::moto_backend().await else { return };
    let double = crate::kvs_double::KvsDouble::start().await;
    let mut ports = moto.ports.clone();
    let settings = mendan_aws::calls::CallSettings {
        channel_prefix: "mendan-test".into(),
        media_endpoint: Some(double.url.clone()),
    };
    ports.calls = std::sync::Arc::new(mendan_aws::calls::KvsCalls::new(&moto.sdk, settings));
    let app = crate::app::spawn_app_with(ports.clone()).await;
    let fx = app.fixture("acme").await;
    let base = fx.path("/t/{tenant}/v1");
    let kvs = aws_sdk_kinesisvideo::Client::new(&moto.sdk);
    let stream_of = |id: &str| format!("mendan-test-acme-{id}");
    let ended = |id: &str| {
        let at = (Utc::now() + Duration::minutes(25)).to_rfc3339();
        crate::samples::sample_event(
            "kinesis-ingest-call-ended.json",
            &[("TENANT", "acme"), ("INTERVIEW_ID", id), ("ENDED_AT", at.as_str())],
        )
    };

    // The interviewer's network failed: nothing came from the browser, KVS kept the call.
    let id = face_to_face(&app, &base, &fx.admin, &fx.interviewer.0, &fx.interviewee.0, Utc::now()).await;
    decide_recording(&app, &base, &id, &fx.interviewee.1, true).await;
    kvs.create_stream().stream_name(stream_of(&id)).data_retention_in_hours(24).send().await.unwrap();
    double.state.lock().unwrap().clips.insert(stream_of(&id), b"sample-mp4-video".to_vec());
    let report = mendan_pipeline::call_copy::handle_envelope(&ports, ended(&id)).await.unwrap();
    assert_eq!(report["status"], "exported", "{report}");
    // Nobody's join is on record (no signaling here), so the copy runs from when the call opened, 15 minutes before
    // the start, to its end 25 minutes after: 40 minutes, eight pieces (the double answers each with the same file).
    let made = report["recordings"].as_array().unwrap().clone();
    assert_eq!(made.len(), 8, "{report}");
    let clips = double.operations().iter().filter(|o| *o == "GetClip").count();
    assert_eq!(clips, 8);
    let list = app.call(Method::GET, &format!("{base}/interviews/{id}/recordings"), Some(&fx.admin), None).await;
    let first = list.body.as_array().unwrap().iter().find(|r| r["id"] == made[0]).unwrap().clone();
    assert_eq!(
        (first["server_copy"].as_bool(), first["content_type"].as_str()),
        (Some(true), Some("video/mp4")),
        "{first}"
    );
    let key = first["object_key"].as_str().unwrap();
    assert_eq!(ports.objects.get(key).await.unwrap().as_deref(), Some(&b"sample-mp4-video"[..]));
    let gone = kvs.describe_stream().stream_name(stream_of(&id)).send().await;
    assert!(gone.is_err(), "the stream is deleted after the export");
    // The same event again: the same recordings, no new ones.
    let again = mendan_pipeline::call_copy::handle_envelope(&ports, ended(&id)).await.unwrap();
    assert_eq!(again["recordings"].as_array(), Some(&made));

    // The browser sent its recording: the server's copy is only deleted.
    let recorded = face_to_face(&app, &base, &fx.admin, &fx.interviewer.0, &fx.interviewee.0, Utc::now()).await;
    decide_recording(&app, &base, &recorded, &fx.interviewee.1, true).await;
    let body = json!({"content_type": "video/webm", "size_bytes": 3, "audio": "interviewee_left_interviewer_right"});
    let ticket = app
        .call(Method::POST, &format!("{base}/interviews/{recorded}/recordings"), Some(&fx.interviewer.1), Some(body))
        .await;
    let mut put = app.http.put(ticket.body["upload_url"].as_str().unwrap()).body(vec![1u8, 2, 3]);
    for (name, value) in ticket.body["headers"].as_object().unwrap() {
        put = put.header(name, value.as_str().unwrap());
    }
    assert!(put.send().await.unwrap().status().is_success());
    let key = ticket.body["recording_id"]
        .as_str()
        .map(|r| format!("t/acme/interviews/{recorded}/recordings/{r}.webm"))
        .unwrap();
    let uploaded =
        crate::samples::sample_event("feature-extraction-s3-object-created.json", &[("RECORDING_KEY", key.as_str())]);
    let event = mendan_pipeline::envelope::recording_uploaded(uploaded).unwrap().expect("a recording's upload");
    let noted = mendan_core::usecases::recordings::on_uploaded(&ports, &event).await;
    assert!(noted.is_ok(), "{noted:?}");
    kvs.create_stream().stream_name(stream_of(&recorded)).data_retention_in_hours(24).send().await.unwrap();
    let report = mendan_pipeline::call_copy::handle_envelope(&ports, ended(&recorded)).await.unwrap();
    assert_eq!(report["status"], "browser_recorded", "{report}");
    assert!(kvs.describe_stream().stream_name(stream_of(&recorded)).send().await.is_err());
}
