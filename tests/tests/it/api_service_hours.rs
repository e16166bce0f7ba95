//! Service hours per feature (表5-1), route by route: every authenticated route of the OpenAPI document, at five
//! moments (a weekday at 10:00 and at 22:00, a Sunday, a national holiday, 12/30), on both plans. On the
//! business-hours plan only building and using the model (not looking at a prediction on screen) stay open
//! outside weekdays 9-21; on the 24-hour plan everything is open. Closed answers 503 `outside_service_hours`
//! before anything else is looked at; open answers anything else. Then: the year-end closure is the tenant's,
//! sign-in follows the caller's features, and options gate their routes with `option_not_contracted`.

use std::sync::Arc;

use mendan_core::Ports;
use mendan_core::domain::TenantSlug;
use mendan_core::domain::tenant::{ContractOption, Plan, Tenant};
use mendan_core::repo::{TenantStore, keys};
use mendan_tests::app::{PASSWORD, TestApp, spawn_app, spawn_app_with};
use mendan_tests::clock::SetClock;
use reqwest::{Method, StatusCode};
use serde_json::json;

/// The moments of the table, in Japan time, and whether a weekday-9-21 feature is open then.
const MOMENTS: [(&str, &str, bool); 5] = [
    ("weekday 10:00", "2026-12-02T10:00", true),
    ("weekday 22:00", "2026-12-02T22:00", false),
    ("Sunday", "2026-12-06T12:00", false),
    ("勤労感謝の日", "2026-11-23T12:00", false),
    ("12/30", "2026-12-30T12:00", false),
];

/// What 表5-1 keeps open around the clock on the business-hours plan: AI model building (rows 4: ratings,
/// evaluation items, training, versions) and model use (row 5, except a prediction on screen); and for the admin
/// who does that, their own account (`me`, `me/mail-preferences`, the contract and its usage).
fn served_all_day(route: &str) -> bool {
    let route = route.trim_start_matches("/t/{tenant}/v1/");
    matches!(
        route,
        "evaluation-items"
            | "evaluation-items/{id}"
            | "interviews/{id}/ratings"
            | "models"
            | "models/training"
            | "models/readiness"
            | "models/settings"
            | "models/{id}/activate"
            | "models/{id}/statistics"
            | "models/{id}/bundle"
            | "fairness/ratings"
            | "fairness/model"
            | "fairness/settings"
            | "fairness/predictions"
            | "fairness/months"
            | "fairness/months/{month}"
            | "fairness/months/{month}/workbook"
            | "fairness/months/{month}/audit"
            | "fairness/model/workbook"
            | "fairness/model/audit"
    ) || route.starts_with("me")
        || route == "tenant"
        || route == "usage"
        || route.starts_with("exports")
}

/// The route with its parameters filled: ids no tenant has, the tenant given.
fn concrete(route: &str, tenant: &str) -> String {
    let unknown = "01a21500-0000-7000-8000-000000000000";
    route
        .replace("{tenant}", tenant)
        .replace("{version}", "default-2026-12")
        .replace("{recording_id}", unknown)
        .replace("{month}", "2026-11")
        .replace("{id}", unknown)
}

async fn set_contract(app: &TestApp, slug: &str, change: impl FnOnce(&mut Tenant)) {
    let store = TenantStore::new(app.ports.items.as_ref(), &TenantSlug::parse(slug).unwrap());
    let mut tenant = store.get::<Tenant>(keys::TENANT).await.unwrap().value;
    change(&mut tenant);
    store.replace(&tenant).await.unwrap();
}

#[tokio::test]
async fn every_route_at_every_moment_on_both_plans_answers_as_the_service_menu_says() {
    let app = spawn_app().await;
    let business = app.fixture("acme").await;
    let always = app.fixture("other").await;
    set_contract(&app, "acme", |t| t.plan = Plan::BusinessHours).await;
    let clock = SetClock::at("2026-12-02T10:00");
    let timed = spawn_app_with(Ports { clock: Arc::new(clock.clone()), ..app.ports.clone() }).await;

    let routes = mendan_api::authenticated_routes();
    let mut checked = 0;
    for (moment, at, weekday_open) in MOMENTS {
        clock.set(at);
        for (method, route) in &routes {
            for (tenant, token, plan) in
                [("acme", &business.admin, Plan::BusinessHours), ("other", &always.admin, Plan::Always)]
            {
                let expect_open = plan == Plan::Always || weekday_open || served_all_day(route);
                let reply = timed.call(method.clone(), &concrete(route, tenant), Some(token), None).await;
                let closed =
                    reply.status == StatusCode::SERVICE_UNAVAILABLE && reply.problem_type() == "outside_service_hours";
                assert_eq!(
                    !closed, expect_open,
                    "{method} {route} on the {plan:?} plan at {moment}: {} {:?}",
                    reply.status, reply.body
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 600, "{checked} cases");
}

#[tokio::test]
async fn experts_rate_at_night_and_interviewees_wait_for_the_morning() {
    let app = spawn_app().await;
    let acme = app.fixture("acme").await;
    set_contract(&app, "acme", |t| t.plan = Plan::BusinessHours).await;
    let night = spawn_app_with(Ports { clock: Arc::new(SetClock::at("2026-12-05T23:00")), ..app.ports.clone() }).await;

    let expert = &acme.expert.1;
    let interviews = night.call(Method::GET, "/t/acme/v1/interviews", Some(expert), None).await;
    assert_eq!(interviews.status, StatusCode::OK, "the expert's list of what to rate: {:?}", interviews.body);
    let path = format!("/t/acme/v1/interviews/{}/ratings", acme.recorded);
    let rating = json!({"scores": [{"item_id": acme.item, "score": 4}], "comment": "夜に評価"});
    let rated = night.call(Method::PUT, &path, Some(expert), Some(rating)).await;
    assert!(rated.status.is_success(), "{:?}", rated.body);

    let login = |who: &str| json!({"email": format!("{who}@acme.example"), "password": PASSWORD});
    let expert_in = night.call(Method::POST, "/t/acme/v1/auth/login", None, Some(login("expert"))).await;
    assert_eq!(expert_in.status, StatusCode::OK, "{:?}", expert_in.body);
    let interviewee_in = night.call(Method::POST, "/t/acme/v1/auth/login", None, Some(login("interviewee"))).await;
    assert_eq!(interviewee_in.problem_type(), "outside_service_hours");
    let wrong = json!({"email": "interviewee@acme.example", "password": "wrong-password-1"});
    let wrong = night.call(Method::POST, "/t/acme/v1/auth/login", None, Some(wrong)).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "hours are told only to who may sign in");
    let list = night.call(Method::GET, "/t/acme/v1/interviews", Some(&acme.interviewee.1), None).await;
    assert_eq!(list.problem_type(), "outside_service_hours");
}

#[tokio::test]
async fn the_year_end_closure_is_the_tenants_to_choose() {
    let app = spawn_app().await;
    let acme = app.fixture("acme").await;
    set_contract(&app, "acme", |t| t.plan = Plan::BusinessHours).await;
    let year_end =
        spawn_app_with(Ports { clock: Arc::new(SetClock::at("2026-12-29T11:00")), ..app.ports.clone() }).await;
    let list = || year_end.call(Method::GET, "/t/acme/v1/question-sets", Some(&acme.admin), None);
    assert_eq!(list().await.problem_type(), "outside_service_hours", "closed by default");
    set_contract(&app, "acme", |t| t.year_end_closed = false).await;
    assert_eq!(list().await.status, StatusCode::OK, "open when the contract says so (a Tuesday)");
}

#[tokio::test]
async fn options_gate_their_routes_and_say_which_option() {
    let app = spawn_app().await;
    let acme = app.fixture("acme").await;
    set_contract(&app, "acme", |t| t.options.clear()).await;
    let statistics = "/t/acme/v1/models/01a21500-0000-7000-8000-000000000000/statistics";
    let refused = app.call(Method::GET, statistics, Some(&acme.admin), None).await;
    assert_eq!((refused.status, refused.problem_type()), (StatusCode::FORBIDDEN, "option_not_contracted"));
    assert_eq!(refused.body["option"], "video_analysis");
    let import = app.call(Method::POST, "/t/acme/v1/models/import", Some(&acme.admin), Some(json!({}))).await;
    assert_eq!(import.body["option"], "pretrained_model", "{:?}", import.body);
    let settings = json!({"auto_retrain": false, "retrain_after_ratings": 10, "conversation_features": true});
    let refused = app.call(Method::PUT, "/t/acme/v1/models/settings", Some(&acme.admin), Some(settings.clone())).await;
    assert_eq!(refused.body["option"], "conversation_analysis", "{:?}", refused.body);
    let unchanged = app.call(Method::GET, "/t/acme/v1/models/settings", Some(&acme.admin), None).await;
    assert_eq!(unchanged.body["conversation_features"], false, "nothing changed");

    set_contract(&app, "acme", |t| t.options = ContractOption::ALL.into_iter().collect()).await;
    let allowed = app.call(Method::GET, statistics, Some(&acme.admin), None).await;
    assert_eq!(allowed.status, StatusCode::NOT_FOUND, "contracted: the unknown model is what is left");
    let saved = app.call(Method::PUT, "/t/acme/v1/models/settings", Some(&acme.admin), Some(settings)).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
}

#[tokio::test]
async fn a_suspended_tenant_answers_nobody() {
    let app = spawn_app().await;
    let acme = app.fixture("acme").await;
    let other = app.fixture("other").await;
    set_contract(&app, "acme", |t| t.suspended = true).await;
    let me = app.call(Method::GET, "/t/acme/v1/me", Some(&acme.admin), None).await;
    assert_eq!((me.status, me.problem_type()), (StatusCode::FORBIDDEN, "tenant_suspended"));
    let login = json!({"email": "admin@acme.example", "password": PASSWORD});
    let refused = app.call(Method::POST, "/t/acme/v1/auth/login", None, Some(login)).await;
    assert_eq!(refused.problem_type(), "tenant_suspended");
    let other_me = app.call(Method::GET, "/t/other/v1/me", Some(&other.admin), None).await;
    assert_eq!(other_me.status, StatusCode::OK, "another tenant is untouched");
}
