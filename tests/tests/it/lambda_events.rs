//! The sample API Gateway (HTTP API, payload 2.0) events in `events/`, fed through lambda_http's
//! own request conversion to the routers the Lambda functions run.

use mendan_tests::app::{Fixture, PASSWORD, spawn_app};
use tower::ServiceExt;

fn load(name: &str, fx: &Fixture, role_token: &str, interview: &str) -> lambda_http::Request {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../events").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text
        .replace("PLACEHOLDER", role_token)
        .replace("PASSWORD", PASSWORD)
        .replace("INTERVIEWEE_ID", &fx.interviewee.0)
        .replace("INTERVIEWER_ID", &fx.interviewer.0)
        .replace("QS_ID", &fx.question_set)
        .replace("ITEM_ID", &fx.item)
        .replace("INTERVIEW_ID", interview);
    lambda_http::request::from_str(&text).unwrap_or_else(|e| panic!("{name} is not an API Gateway request: {e}"))
}

#[tokio::test]
async fn every_sample_event_is_answered_by_its_function() {
    let app = spawn_app().await;
    let fx = app.fixture("demo").await;
    let api = mendan_api::api_router(app.ports.clone());
    let uploads = mendan_api::upload_router(app.ports.clone());

    // (file, router, caller token, interview id, expected status)
    let cases = [
        ("api-healthz.json", &api, "", fx.interview.as_str(), 200),
        ("api-login.json", &api, "", &fx.interview, 200),
        ("api-me.json", &api, &fx.admin, &fx.interview, 200),
        ("api-users-create.json", &api, &fx.admin, &fx.interview, 201),
        ("api-evaluation-items-create.json", &api, &fx.admin, &fx.interview, 201),
        ("api-question-sets-create.json", &api, &fx.admin, &fx.interview, 201),
        ("api-interviews-create.json", &api, &fx.admin, &fx.interview, 201),
        ("api-consents-create.json", &api, &fx.interviewee.1, &fx.interview, 201),
        ("api-ratings-put.json", &api, &fx.interviewer.1, &fx.recorded, 200),
        ("upload-signing-create.json", &uploads, &fx.interviewee.1, &fx.interview, 201),
    ];
    for (file, router, token, interview, expected) in cases {
        let request = load(file, &fx, token, interview);
        let response = (*router).clone().oneshot(request).await.unwrap();
        assert_eq!(response.status().as_u16(), expected, "{file}");
    }
    // The upload-signing function serves only its own route.
    let other = load("api-me.json", &fx, &fx.admin, &fx.interview);
    assert_eq!(uploads.clone().oneshot(other).await.unwrap().status().as_u16(), 404);
}

/// On AWS the client address is API Gateway's `sourceIp`, never the X-Forwarded-For header a
/// client writes itself: rotating that header does not escape the per-address limit, and another
/// source address is not affected.
#[tokio::test]
async fn sign_in_throttling_counts_api_gateways_source_ip() {
    let app = spawn_app().await;
    app.tenant("demo").await;
    let api = mendan_api::api_router(app.ports.clone());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../events/api-login.json");
    let template = std::fs::read_to_string(path).unwrap();
    let login = |i: usize, source: &str| {
        let text = template
            .replace("\"sourceIp\": \"192.0.2.10\"", &format!("\"sourceIp\": \"{source}\""))
            .replace("\"x-forwarded-for\": \"192.0.2.10\"", &format!("\"x-forwarded-for\": \"198.51.100.{}\"", i % 250))
            .replace("admin@demo.example", &format!("guess{i}@demo.example"))
            .replace("PASSWORD", "wrong-password-1");
        lambda_http::request::from_str(&text).unwrap()
    };
    let mut statuses = Vec::new();
    for i in 0..51 {
        statuses.push(api.clone().oneshot(login(i, "203.0.113.7")).await.unwrap().status().as_u16());
    }
    assert!(statuses[..50].iter().all(|s| *s == 401), "{statuses:?}");
    assert_eq!(statuses[50], 429, "the 51st failure from one source address waits");
    let elsewhere = api.clone().oneshot(login(99, "203.0.113.8")).await.unwrap();
    assert_eq!(elsewhere.status().as_u16(), 401, "another address has its own budget");
}
