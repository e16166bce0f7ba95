//! Service hours by plan: a business-hours tenant is closed on a Saturday (503
//! `outside_service_hours`, which the web UI turns into its page), while an always-open tenant is
//! not; a wrong password still answers like a wrong password.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use mendan_core::Ports;
use mendan_core::domain::TenantSlug;
use mendan_core::domain::tenant::{Plan, Tenant};
use mendan_core::ports::Clock;
use mendan_core::repo::{TenantStore, keys};
use mendan_tests::app::{PASSWORD, spawn_app, spawn_app_with};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Saturday 28 November 2026, noon in Japan.
struct SaturdayNoon;

impl Clock for SaturdayNoon {
    fn now(&self) -> DateTime<Utc> {
        "2026-11-28T03:00:00Z".parse().unwrap()
    }
}

#[tokio::test]
async fn a_business_hours_tenant_is_closed_on_a_saturday() {
    let app = spawn_app().await;
    let acme = app.fixture("acme").await;
    let other = app.fixture("other").await;
    let store_of_acme = TenantStore::new(app.ports.items.as_ref(), &TenantSlug::parse("acme").unwrap());
    let mut tenant = store_of_acme.get::<Tenant>(keys::TENANT).await.unwrap().value;
    tenant.plan = Plan::BusinessHours;
    store_of_acme.replace(&tenant).await.unwrap();

    let saturday = spawn_app_with(Ports { clock: Arc::new(SaturdayNoon), ..app.ports.clone() }).await;
    let closed = saturday.call(Method::GET, "/t/acme/v1/me", Some(&acme.admin), None).await;
    assert_eq!(closed.status, StatusCode::SERVICE_UNAVAILABLE, "{:?}", closed.body);
    assert_eq!(closed.problem_type(), "outside_service_hours");
    let login = |password: &str| json!({"email": "admin@acme.example", "password": password});
    let right = saturday.call(Method::POST, "/t/acme/v1/auth/login", None, Some(login(PASSWORD))).await;
    assert_eq!(right.problem_type(), "outside_service_hours");
    let wrong = saturday.call(Method::POST, "/t/acme/v1/auth/login", None, Some(login("wrong-password-1"))).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "hours are told only to who may sign in");

    let open = saturday.call(Method::GET, "/t/other/v1/me", Some(&other.admin), None).await;
    assert_eq!(open.status, StatusCode::OK, "the always plan never closes");
}
