//! Planned maintenance windows (issue 18 item 3): announced through the public notices a set number of hours
//! before, enforced during the window (503 `maintenance` with the window's message and a Retry-After until its
//! end, the liveness check and the notices still answering), and gone after it.

use std::sync::Arc;

use chrono::{Duration, Utc};
use mendan_core::Ports;
use mendan_core::usecases::maintenance::{self, NewWindow};
use mendan_tests::app::{TestApp, spawn_app, spawn_app_with};
use mendan_tests::clock::SetClock;
use reqwest::{Method, StatusCode};

async fn at(app: &TestApp, hours_from_now: i64) -> TestApp {
    let clock = SetClock::at_utc(Utc::now() + Duration::hours(hours_from_now));
    spawn_app_with(Ports { clock: Arc::new(clock), ..app.ports.clone() }).await
}

#[tokio::test]
async fn a_window_is_announced_before_enforced_during_and_gone_after() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let start = Utc::now() + Duration::hours(48);
    let window = NewWindow {
        start,
        end: start + Duration::hours(2),
        message_ja: "システム更新のため停止します".into(),
        message_en: "Stopped for a system update".into(),
        notice_hours: 24,
    };
    maintenance::add(&app.ports, window).await.unwrap();

    let before_notice = at(&app, 12).await;
    let notices = before_notice.call(Method::GET, "/t/acme/v1/notices", None, None).await;
    assert_eq!(notices.body["maintenance"], serde_json::json!([]), "not yet announced");

    let announced = at(&app, 30).await;
    let notices = announced.call(Method::GET, "/t/acme/v1/notices", None, None).await;
    assert_eq!(notices.body["maintenance"][0]["active"], false, "{:?}", notices.body);
    assert_eq!(notices.body["maintenance"][0]["message_ja"], "システム更新のため停止します");
    let me = announced.call(Method::GET, "/t/acme/v1/me", Some(&fx.admin), None).await;
    assert_eq!(me.status, StatusCode::OK, "still working before the window");

    let during = at(&app, 49).await;
    let me = during.call(Method::GET, "/t/acme/v1/me", Some(&fx.admin), None).await;
    assert_eq!((me.status, me.problem_type()), (StatusCode::SERVICE_UNAVAILABLE, "maintenance"));
    assert!(me.body["detail"].as_str().unwrap().contains("システム更新のため停止します"), "{:?}", me.body);
    let login = serde_json::json!({"email": "admin@acme.example", "password": mendan_tests::app::PASSWORD});
    let refused = during.call(Method::POST, "/t/acme/v1/auth/login", None, Some(login)).await;
    assert_eq!(refused.problem_type(), "maintenance", "nobody signs in during the window");
    let retry = during.http.get(format!("{}/t/acme/v1/me", during.url)).bearer_auth(&fx.admin).send().await.unwrap();
    let seconds: i64 = retry.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((3000..=3700).contains(&seconds), "until the window's end: {seconds}");
    let notices = during.call(Method::GET, "/t/acme/v1/notices", None, None).await;
    assert_eq!(notices.body["maintenance"][0]["active"], true);
    assert_eq!(during.call(Method::GET, "/healthz", None, None).await.status, StatusCode::OK);

    let after = at(&app, 51).await;
    assert_eq!(after.call(Method::GET, "/t/acme/v1/me", Some(&fx.admin), None).await.status, StatusCode::OK);
    let notices = after.call(Method::GET, "/t/acme/v1/notices", None, None).await;
    assert_eq!(notices.body["maintenance"], serde_json::json!([]));
}
