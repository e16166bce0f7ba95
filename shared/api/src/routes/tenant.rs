//! The tenant's own contract, read-only (operators change it with `mendan tenant`), and its usage by month.

use axum::extract::State;
use mendan_core::domain::usage::MonthlyUsage;
use mendan_core::usecases::tenants::{self, ContractView};
use mendan_core::usecases::usage;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::extract::{Json, Query};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(contract)).routes(routes!(usage_of_month))
}

/// The tenant's contract: plan and options for everyone (the UI hides what is not contracted); the contract's
/// end, the day the data is deleted and the year-end closure for admins.
#[utoipa::path(get, path = "/t/{tenant}/v1/tenant", tag = "tenant", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = ContractView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn contract(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<ContractView>, ApiError> {
    Ok(Json(tenants::contract(&s.ports, &c).await?))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
struct MonthQuery {
    /// `YYYY-MM`.
    month: String,
}

/// The tenant's usage in a month (admin): each day's counts and the month's totals, minutes and storage.
#[utoipa::path(get, path = "/t/{tenant}/v1/usage", tag = "tenant", security(("bearer" = [])),
    params(("tenant" = String, Path), MonthQuery),
    responses((status = 200, body = MonthlyUsage), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn usage_of_month(
    State(s): State<AppState>,
    Caller(c): Caller,
    Query(q): Query<MonthQuery>,
) -> Result<Json<MonthlyUsage>, ApiError> {
    Ok(Json(usage::month(&s.ports, &c, &q.month).await?))
}
