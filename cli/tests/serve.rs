//! `mendan serve` as a user runs it: first start on an empty data directory creates the demo
//! tenant, prints how to sign in, and those credentials work.

use std::process::Command;

mod support;

use support::{LogLines, Server, Started, drain, start_serve};

/// Starts the binary and reads its stderr until it says where it runs; returns the URL and the
/// printed demo password.
fn start(data: &std::path::Path) -> (Server, String, Option<String>) {
    start_with_web(data, std::path::Path::new("does-not-exist"))
}

fn start_with_web(data: &std::path::Path, web: &std::path::Path) -> (Server, String, Option<String>) {
    let (server, url, password, log) = start_reading_log(data, web);
    drain(log);
    (server, url, password)
}

/// Starts `mendan serve` and reads its log up to the address line; the caller decides what
/// happens to the rest of the log.
fn start_reading_log(data: &std::path::Path, web: &std::path::Path) -> (Server, String, Option<String>, LogLines) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mendan"));
    command.env_remove("MENDAN_DEMO_PASSWORD");
    let Started { server, url, before, log } =
        start_serve(command, &["--web".as_ref(), web.as_os_str(), "--data".as_ref(), data.as_os_str()]);
    let password = before.iter().find_map(|line| Some(line.trim().strip_prefix("password:")?.trim().to_owned()));
    (server, url, password, log)
}

#[tokio::test]
async fn first_start_creates_a_demo_admin_who_can_sign_in() {
    let data = tempfile::tempdir().unwrap();
    let (server, url, password) = start(data.path());
    let password = password.expect("the first start prints the demo password");
    let http = reqwest::Client::new();
    let login = http
        .post(format!("{url}/t/demo/v1/auth/login"))
        .json(&serde_json::json!({"email": "admin@demo.example", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let token = login.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    let me: serde_json::Value =
        http.get(format!("{url}/t/demo/v1/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["role"], "admin");
    assert_eq!(http.get(format!("{url}/healthz")).send().await.unwrap().status(), 200);
    drop(server);

    // A second start on the same data keeps the tenant and prints no new password.
    let (_server, url, password) = start(data.path());
    assert_eq!(password, None);
    let again = http
        .post(format!("{url}/t/demo/v1/auth/login"))
        .json(&serde_json::json!({"email": "admin@demo.example", "password": "wrong-password-x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 401);
}

#[test]
fn tenant_create_prints_the_tenant_and_admin_as_json() {
    let data = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_mendan"))
        .args(["tenant", "create", "--name", "株式会社アクメ", "--slug", "acme", "--admin-email", "hr@acme.example"])
        .args(["--admin-password", "a-long-password-1", "--data"])
        .arg(data.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["tenant"]["slug"], "acme");
    assert!(printed["admin_user_id"].as_str().is_some_and(|id| id.len() == 36));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("weekdays 9:00-21:00") && said.contains("--plan always"),
        "the plan's hours are said: {said}"
    );

    let duplicate = Command::new(env!("CARGO_BIN_EXE_mendan"))
        .args(["tenant", "create", "--name", "x", "--slug", "acme", "--admin-email", "a@acme.example"])
        .args(["--admin-password", "a-long-password-1", "--data"])
        .arg(data.path())
        .output()
        .unwrap();
    assert!(!duplicate.status.success());
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("already exists"));
}

/// Issue 13: the web UI, the API and `/objects` carry security headers; objects are sandboxed.
#[tokio::test]
async fn every_response_carries_security_headers() {
    let data = tempfile::tempdir().unwrap();
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "<!doctype html><title>x</title>").unwrap();
    let (_server, url, _) = start_with_web(data.path(), web.path());
    let http = reqwest::Client::new();
    for path in ["/", "/interviews/some-client-route", "/healthz", "/t/demo/v1/me", "/objects/t/demo/x.webm?sig=00"] {
        let response = http.get(format!("{url}{path}")).send().await.unwrap();
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        if path.starts_with("/objects/") {
            assert!(csp.starts_with("sandbox"), "{path}: {csp}");
        } else {
            for directive in ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"] {
                assert!(csp.contains(directive), "{path}: {csp}");
            }
            assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{csp}");
        }
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert!(h["permissions-policy"].to_str().unwrap().contains("camera=(self), microphone=(self)"), "{path}");
    }
}

/// Issue 13: the data directory `mendan serve` creates is owner-only.
#[cfg(unix)]
#[test]
fn the_data_directory_is_created_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let data = parent.path().join("data");
    let (server, _, _) = start(&data);
    drop(server);
    assert_eq!(std::fs::metadata(&data).unwrap().permissions().mode() & 0o777, 0o700);
    for file in ["mendan.sqlite3", "secret.key"] {
        assert_eq!(std::fs::metadata(data.join(file)).unwrap().permissions().mode() & 0o777, 0o600, "{file}");
    }
}

/// Issue 13: a log reader that goes away (a closed stderr pipe) once made every request that logs
/// a line end without an answer; requests are answered all the same.
#[tokio::test]
async fn requests_are_answered_after_the_log_reader_went_away() {
    let data = tempfile::tempdir().unwrap();
    let (_server, url, _, lines) = start_reading_log(data.path(), std::path::Path::new("no-web"));
    drop(lines);
    let http = reqwest::Client::new();
    for _ in 0..3 {
        // An unauthenticated call logs a line (why it was refused).
        let response = http.get(format!("{url}/t/demo/v1/me")).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::UNAUTHORIZED);
    }
}
