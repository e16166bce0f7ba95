//! The AI-ethics option's monthly run as both backends' tests drive it: a demonstration tenant seeded, the
//! function's entry invoked twice on the 1st of the month after its last predicted month (a clock port), and what
//! the admin then reads.

use std::sync::Arc;

use chrono::Datelike;
use mendan_core::Ports;
use mendan_core::domain::TenantSlug;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::TestApp;
use crate::clock::SetClock;
use crate::samples::sample_event;

/// Seeds `slug` (created with every option) with the demonstration, runs the monthly function twice through its
/// sample event and returns the two runs' outputs and the admin's token.
pub async fn seeded_monthly_runs(app: &TestApp, slug: &str, sample: &str) -> (Value, Value, String) {
    let admin = app.tenant(slug).await;
    let tenant = TenantSlug::parse(slug).unwrap();
    let seeded = mendan_pipeline::fairness_demo::seed(&app.ports, &tenant, 60).await.expect("seeded");
    // 03:00 on the 1st of this month in Japan: the run closes the month before, the demo's last.
    let today = mendan_core::domain::japan_time::japan_date(chrono::Utc::now());
    let clock = SetClock::at(&format!("{:04}-{:02}-01T03:00", today.year(), today.month()));
    let ports = Ports { clock: Arc::new(clock), ..app.ports.clone() };
    let event = sample_event(sample, &[("\"{month}\"", "null"), ("{tenant}", slug)]);
    let first = mendan_pipeline::ethics_monitoring::handle_invocation(&ports, event.clone()).await.expect("first run");
    assert_eq!(first["month"].as_str(), seeded.months.last().map(String::as_str), "the month before the clock's");
    let again = mendan_pipeline::ethics_monitoring::handle_invocation(&ports, event).await.expect("redelivery");
    app.settle().await;
    (first, again, admin)
}

/// What the admin reads after the runs: the month on the page with its flags, marked as announced.
pub async fn month_on_the_page(app: &TestApp, slug: &str, admin: &str, month: &str) -> Value {
    let months = app.call(Method::GET, &format!("/t/{slug}/v1/fairness/months"), Some(admin), None).await;
    assert_eq!(months.status, StatusCode::OK, "{:?}", months.body);
    let listed = months.body["months"].as_array().unwrap().iter().find(|m| m["month"] == month).cloned();
    let listed = listed.unwrap_or_else(|| panic!("{month} is listed: {}", months.body));
    assert_eq!(listed["report"], Value::Null, "the list leaves the whole reports out");
    assert!(!listed["flags"].as_array().unwrap().is_empty(), "{listed}");
    assert_eq!((listed["announced"].clone(), listed["predictions"].clone()), (json!(true), json!(40)));
    let whole = app.call(Method::GET, &format!("/t/{slug}/v1/fairness/months/{month}"), Some(admin), None).await;
    assert_eq!(whole.status, StatusCode::OK);
    whole.body
}
