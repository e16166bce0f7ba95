//! The synthetic check (issue 20 item 3) against the API on the AWS adapters (moto, Cognito for the canary's
//! sign-in) with a page where CloudFront would serve the web UI: with the scheduled sample event it passes; with a
//! wrong password or an unreachable site it fails naming the step, never echoing the password.

use axum::response::Html;
use mendan_aws::synthetic::{SyntheticSettings, handle_invocation};
use mendan_tests::app::{PASSWORD, spawn_app_with};
use mendan_tests::moto::moto_backend;
use mendan_tests::samples::sample_event;

#[tokio::test]
async fn the_synthetic_check_passes_through_the_site_and_names_a_failing_step() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    app.tenant("ops-canary").await;
    // The site: the web UI's page beside the API, as the distribution serves them under one origin.
    let site = axum::Router::new()
        .route("/t/{tenant}/", axum::routing::get(|| async { Html("<!doctype html><div id=\"root\"></div>") }))
        .merge(mendan_api::router(moto.ports.clone()))
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, site).await });

    let http = reqwest::Client::new();
    let settings = SyntheticSettings {
        site_url: url,
        tenant: "ops-canary".into(),
        email: "admin@ops-canary.example".into(),
        password: PASSWORD.into(),
    };
    let event = sample_event("synthetic-check-scheduled.json", &[]);
    let passed = handle_invocation(&http, &settings, event.clone()).await.expect("the check passes");
    let steps: Vec<&str> = passed.as_array().unwrap().iter().filter_map(|s| s["step"].as_str()).collect();
    assert_eq!(steps, ["healthz", "sign-in page", "canary sign-in"]);

    let wrong = SyntheticSettings { password: "Not-The-Password-99".into(), ..settings.clone() };
    let failed = handle_invocation(&http, &wrong, event.clone()).await.expect_err("a wrong password fails");
    assert!(failed.contains("\"step\":\"canary sign-in\",\"ok\":false") && failed.contains("status 401"), "{failed}");
    assert!(!failed.contains("Not-The-Password-99"), "the password is never in the report");
    assert!(failed.contains("\"step\":\"healthz\",\"ok\":true"), "the other steps still ran: {failed}");

    let gone = SyntheticSettings { site_url: "http://127.0.0.1:9".into(), ..settings };
    let failed = handle_invocation(&http, &gone, event).await.expect_err("an unreachable site fails");
    assert_eq!(failed.matches("\"ok\":false").count(), 3, "{failed}");
}
