//! Running the real `mendan serve` binary in the CLI's integration tests.

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use mendan_tests::app::{Fixture, TestApp, spawn_app_in};
use mendan_tests::media::{WEBM, interview_video};
use reqwest::StatusCode;
use serde_json::json;
use std::io::{BufRead, BufReader, Lines};
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server, killed when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The rest of the server's log, after the line that gave its address.
pub type LogLines = Lines<BufReader<ChildStderr>>;

/// A started server: its address, the log lines printed before it, and the rest of the log.
pub struct Started {
    pub server: Server,
    pub url: String,
    pub before: Vec<String>,
    pub log: LogLines,
}

/// Spawns `mendan serve --port 0` with `args` (and `command`'s environment) and reads its log up
/// to the line that says where it runs.
pub fn start_serve(mut command: Command, args: &[&std::ffi::OsStr]) -> Started {
    let mut child = command
        .args(["serve", "--port", "0"])
        .args(args)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("mendan starts");
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let mut log = BufReader::new(stderr).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut before = Vec::new();
    for line in log.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.split("Mendan is running at ").nth(1) {
            let url = rest.split_whitespace().next().unwrap().trim_end_matches('/').to_owned();
            return Started { server, url, before, log };
        }
        before.push(line);
        assert!(Instant::now() < deadline, "mendan serve did not start");
    }
    panic!("mendan serve exited without printing its address:\n{}", before.join("\n"));
}

/// Keeps reading the server's log, as a terminal would, so it never blocks on a full pipe.
pub fn drain(log: LogLines) {
    std::thread::spawn(move || log.for_each(drop));
}

/// Signs an upload as the fixture's interviewee on the server at `url` and sends `file`.
pub async fn upload(http: &reqwest::Client, url: &str, fx: &Fixture, file: &Path) -> String {
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
pub async fn settled_status(http: &reqwest::Client, url: &str, fx: &Fixture, id: &str) -> String {
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

/// A tenant fixture written into `data` (for a `mendan serve` started on it later) by the
/// in-process stack, settled, and a short interview video to upload.
pub struct Prepared {
    pub app: TestApp,
    pub fx: Fixture,
    pub video: std::path::PathBuf,
    _media: tempfile::TempDir,
}

pub async fn prepare(data: &Path) -> Prepared {
    let app = spawn_app_in(data).await;
    let fx = app.fixture("acme").await;
    app.embedded.as_ref().unwrap().events.idle().await;
    let media = tempfile::tempdir().unwrap();
    let video = interview_video(media.path(), "answer.webm", WEBM);
    Prepared { app, fx, video, _media: media }
}
