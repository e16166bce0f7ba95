//! Work in flight survives the process: `mendan serve` killed right after an upload answered 200
//! (SIGTERM, or SIGKILL with no chance to clean up) and started again ends with the recording
//! analysed and no bytes without a recording.

use mendan_core::usecases::recordings::parse_recording_key;
use mendan_tests::app::{Fixture, TestApp, spawn_app_in};
use mendan_tests::media::{WEBM, interview_video};
use reqwest::StatusCode;
use serde_json::json;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

mod support;

use support::{Server, Started, drain, start_serve};

/// Starts `mendan serve` on `data` and a free port; returns it with its address.
fn serve(data: &Path) -> (Server, String) {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../layers/models");
    let args = ["--web".as_ref(), "does-not-exist".as_ref(), "--models".as_ref(), models.as_os_str()];
    let Started { server, url, log, .. } = start_serve(
        Command::new(env!("CARGO_BIN_EXE_mendan")),
        &[&args[..], &["--data".as_ref(), data.as_os_str()]].concat(),
    );
    drain(log);
    (server, url)
}

/// Signs an upload as the fixture's interviewee on the server at `url` and sends `file`.
async fn upload(http: &reqwest::Client, url: &str, fx: &Fixture, file: &Path) -> String {
    let bytes = std::fs::read(file).unwrap();
    let ticket: serde_json::Value = http
        .post(format!("{url}{}", fx.path("/t/{tenant}/v1/interviews/{interview}/recordings")))
        .bearer_auth(&fx.interviewee.1)
        .json(&json!({"content_type": "video/webm", "size_bytes": bytes.len()}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let put = http.put(ticket["upload_url"].as_str().expect("a ticket")).header("content-type", "video/webm");
    assert_eq!(put.body(bytes).send().await.unwrap().status(), StatusCode::OK);
    ticket["recording_id"].as_str().unwrap().to_owned()
}

/// Waits (a hang guard, not a timing assertion) until the recording leaves pending and uploaded.
async fn settled_status(http: &reqwest::Client, url: &str, fx: &Fixture, id: &str) -> String {
    let path = format!("{url}{}", fx.path("/t/{tenant}/v1/interviews/{interview}/recordings"));
    for _ in 0..600 {
        let list: serde_json::Value =
            http.get(&path).bearer_auth(&fx.admin).send().await.unwrap().json().await.unwrap();
        let status = list.as_array().unwrap().iter().find(|r| r["id"] == id).map(|r| r["status"].clone());
        match status.as_ref().and_then(|s| s.as_str()) {
            Some("pending" | "uploaded") => tokio::time::sleep(Duration::from_millis(500)).await,
            Some(other) => return other.to_owned(),
            None => return "missing".to_owned(),
        }
    }
    panic!("the recording was not analysed within 5 minutes");
}

/// Every recording object still has its recording.
async fn assert_nothing_orphaned(app: &TestApp, tenant: &str) {
    let objects = app.ports.objects.list(&format!("t/{tenant}/")).await.unwrap();
    for object in objects {
        let Some((tenant, interview, recording)) = parse_recording_key(&object.key) else { continue };
        let store = mendan_core::repo::TenantStore::new(app.ports.items.as_ref(), &tenant);
        let record = store.raw_get(&mendan_core::repo::keys::recording(interview, recording)).await.unwrap();
        assert!(record.is_some(), "{} has no recording", object.key);
    }
}

async fn upload_then_kill(signal: &str) {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app_in(data.path()).await;
    let fx = app.fixture("acme").await;
    app.embedded.as_ref().unwrap().events.idle().await;
    let media = tempfile::tempdir().unwrap();
    let video = interview_video(media.path(), "answer.webm", WEBM);

    let (mut server, url) = serve(data.path());
    let id = upload(&app.http, &url, &fx, &video).await;
    let killed = Command::new("kill").args([signal, &server.0.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let stopped = server.0.wait().unwrap();
    if signal == "-TERM" {
        assert!(stopped.success(), "SIGTERM stops the server gracefully: {stopped:?}");
    }

    let (_server, url) = serve(data.path());
    assert_eq!(settled_status(&app.http, &url, &fx, &id).await, "analysed");
    assert_nothing_orphaned(&app, "acme").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_killed_by_sigterm_is_analysed_after_a_restart() {
    upload_then_kill("-TERM").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_killed_by_sigkill_is_analysed_after_a_restart() {
    upload_then_kill("-KILL").await;
}
