//! Command 1 on a fresh machine: no ffmpeg on PATH and started from outside the repository,
//! `mendan serve` finds the repository's models, web UI and the pinned static ffmpeg that
//! `layers/ffmpeg/ensure-local.sh` fetched from its PyPI package, says so at start-up, and an
//! upload is analysed.

use std::path::Path;
use std::process::Command;

mod support;

use support::{Started, drain, prepare, settled_status, start_serve, upload};

#[tokio::test(flavor = "multi_thread")]
async fn without_ffmpeg_on_path_and_away_from_the_repository_an_upload_is_analysed() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let ensured = Command::new(repo.join("layers/ffmpeg/ensure-local.sh")).arg("--force").status().unwrap();
    assert!(ensured.success(), "the pinned ffmpeg is in place");

    let data = tempfile::tempdir().unwrap();
    // Kept whole: its temporary directory holds the video.
    let prepared = prepare(data.path()).await;
    let (app, fx, video) = (&prepared.app, &prepared.fx, &prepared.video);

    let (elsewhere, no_tools) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut command = Command::new(env!("CARGO_BIN_EXE_mendan"));
    command
        .current_dir(elsewhere.path())
        .env("PATH", no_tools.path())
        .env_remove("MENDAN_MODELS_DIR")
        .env_remove("MENDAN_FFMPEG");
    let Started { server: _server, url, before, log } =
        start_serve(command, &["--data".as_ref(), data.path().as_os_str()]);
    drain(log);
    let said = before.join("\n");
    assert!(said.contains("ffmpeg found") && said.contains(".mendan-tools/bin/ffmpeg"), "{said}");
    assert!(!said.contains("cannot be analysed"), "{said}");

    if repo.join("web/dist/index.html").is_file() {
        let home = reqwest::get(format!("{url}/")).await.unwrap().text().await.unwrap();
        assert!(home.contains("<div id=\"root\">"), "the repository's web UI is served: {home}");
    }
    let id = upload(&app.http, &url, fx, video).await;
    assert_eq!(settled_status(&app.http, &url, fx, &id).await, "analysed");
}
