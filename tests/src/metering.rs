//! Reading a tenant's usage back in tests (issue 18's metering).

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::app::TestApp;

/// This month in Japan, `YYYY-MM`, as usage is kept.
pub fn this_month() -> String {
    mendan_core::domain::usage::date_of(chrono::Utc::now()).format("%Y-%m").to_string()
}

/// The month's usage as the tenant's admin reads it.
pub async fn usage(app: &TestApp, tenant: &str, admin: &str) -> Value {
    let reply = app.call(Method::GET, &format!("/t/{tenant}/v1/usage?month={}", this_month()), Some(admin), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

/// One total of the month (0 when nothing was counted).
pub fn total(usage: &Value, meter: &str) -> u64 {
    usage["totals"][meter].as_u64().unwrap_or(0)
}
