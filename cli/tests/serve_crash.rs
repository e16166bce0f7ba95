//! Work in flight survives the process: `mendan serve` killed right after an upload answered 200
//! (SIGTERM, or SIGKILL with no chance to clean up) and started again ends with the recording
//! analysed and no bytes without a recording.

use mendan_core::usecases::recordings::parse_recording_key;
use mendan_tests::app::TestApp;
use std::path::Path;
use std::process::Command;

mod support;

use support::{Server, Started, drain, prepare, settled_status, start_serve, upload};

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
    // Kept whole: its temporary directory holds the video.
    let prepared = prepare(data.path()).await;
    let (app, fx, video) = (&prepared.app, &prepared.fx, &prepared.video);

    let (mut server, url) = serve(data.path());
    let id = upload(&app.http, &url, fx, video).await;
    let killed = Command::new("kill").args([signal, &server.0.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let stopped = server.0.wait().unwrap();
    if signal == "-TERM" {
        assert!(stopped.success(), "SIGTERM stops the server gracefully: {stopped:?}");
    }

    let (_server, url) = serve(data.path());
    assert_eq!(settled_status(&app.http, &url, fx, &id).await, "analysed");
    assert_nothing_orphaned(app, "acme").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_killed_by_sigterm_is_analysed_after_a_restart() {
    upload_then_kill("-TERM").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_killed_by_sigkill_is_analysed_after_a_restart() {
    upload_then_kill("-KILL").await;
}
