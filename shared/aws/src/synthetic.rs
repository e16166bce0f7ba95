//! The synthetic check (issue 20 item 3): what a person does first, tried from outside every 5 minutes through the
//! public address — the API answers `/healthz`, the sign-in page loads, and a canary user of an operations tenant
//! signs in. A failing step fails the invocation, so the function's error alarm tells the operators; the report
//! names the step, never the password.

use std::time::Duration;

use serde::Serialize;

const STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// Where to look and who signs in (environment: `MENDAN_SYNTHETIC_SITE_URL`, `..._TENANT`, `..._EMAIL`,
/// `..._PASSWORD`).
#[derive(Clone)]
pub struct SyntheticSettings {
    /// The site's origin, e.g. `https://mendan.example.co.jp` (CloudFront).
    pub site_url: String,
    pub tenant: String,
    pub email: String,
    pub password: String,
}

impl SyntheticSettings {
    pub fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
        Ok(SyntheticSettings {
            site_url: var("MENDAN_SYNTHETIC_SITE_URL")?.trim_end_matches('/').to_owned(),
            tenant: var("MENDAN_SYNTHETIC_TENANT")?,
            email: var("MENDAN_SYNTHETIC_EMAIL")?,
            password: var("MENDAN_SYNTHETIC_PASSWORD")?,
        })
    }
}

/// Each step's outcome and time.
#[derive(Debug, Serialize)]
pub struct StepResult {
    pub step: &'static str,
    pub ok: bool,
    pub millis: u128,
    /// Why it failed (a status or a transport error; never a body, which could echo a credential).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// Runs the three steps in order (all of them, so one report tells every broken part); `Err` with the report
/// when any failed.
pub async fn check(http: &reqwest::Client, settings: &SyntheticSettings) -> Result<Vec<StepResult>, String> {
    let site = &settings.site_url;
    let mut results = Vec::new();
    results
        .push(step("healthz", async { expect_ok(http.get(format!("{site}/healthz")).send().await, None).await }).await);
    let page = format!("{site}/t/{}/", settings.tenant);
    results
        .push(step("sign-in page", async { expect_ok(http.get(&page).send().await, Some("text/html")).await }).await);
    let login = format!("{site}/t/{}/v1/auth/login", settings.tenant);
    let body = serde_json::json!({"email": settings.email, "password": settings.password});
    results.push(step("canary sign-in", async { signed_in(http.post(&login).json(&body).send().await).await }).await);
    if results.iter().all(|r| r.ok) { Ok(results) } else { Err(serde_json::to_string(&results).unwrap_or_default()) }
}

async fn step(name: &'static str, work: impl Future<Output = Result<(), String>>) -> StepResult {
    let started = std::time::Instant::now();
    let outcome = match tokio::time::timeout(STEP_TIMEOUT, work).await {
        Ok(outcome) => outcome,
        Err(_) => Err(format!("no answer within {} s", STEP_TIMEOUT.as_secs())),
    };
    StepResult { step: name, ok: outcome.is_ok(), millis: started.elapsed().as_millis(), problem: outcome.err() }
}

async fn expect_ok(reply: reqwest::Result<reqwest::Response>, content_type: Option<&str>) -> Result<(), String> {
    let reply = reply.map_err(|e| format!("request failed: {e}"))?;
    if !reply.status().is_success() {
        return Err(format!("status {}", reply.status()));
    }
    let kind = reply.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    match content_type {
        Some(wanted) if !kind.starts_with(wanted) => Err(format!("content type {kind:?}, expected {wanted}")),
        _ => Ok(()),
    }
}

async fn signed_in(reply: reqwest::Result<reqwest::Response>) -> Result<(), String> {
    let reply = reply.map_err(|e| format!("request failed: {e}"))?;
    let status = reply.status();
    if !status.is_success() {
        return Err(format!("status {status}"));
    }
    let body: serde_json::Value = reply.json().await.map_err(|_| "the answer is not JSON".to_owned())?;
    if body["token"].as_str().is_some_and(|t| !t.is_empty()) {
        Ok(())
    } else {
        Err("no token in the answer (a challenge? the canary must have a permanent password)".into())
    }
}

/// The Lambda function's entry: any invocation (the 5-minute schedule) is one check.
pub async fn handle_invocation(
    http: &reqwest::Client,
    settings: &SyntheticSettings,
    _event: serde_json::Value,
) -> Result<serde_json::Value, String> {
    let results = check(http, settings).await?;
    serde_json::to_value(&results).map_err(|e| e.to_string())
}
