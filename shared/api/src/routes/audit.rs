//! The activity log (admin): consequential admin actions, newest first, page by page.

use axum::extract::State;
use mendan_core::domain::audit::AuditPage;
use mendan_core::usecases::audit;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::extract::{Json, Query};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
struct PageQuery {
    /// The `next_before` of the previous page: entries older than that one.
    before: Option<uuid::Uuid>,
    /// Entries per page, 1-100 (default 50).
    limit: Option<u32>,
}

/// The activity log (admin): who changed a role, disabled an account, reset a password, invited
/// someone, renamed them or changed their protected attributes, newest first.
#[utoipa::path(get, path = "/t/{tenant}/v1/audit", tag = "audit", security(("bearer" = [])),
    params(("tenant" = String, Path), PageQuery),
    responses((status = 200, body = AuditPage), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn list(
    State(s): State<AppState>,
    Caller(c): Caller,
    Query(q): Query<PageQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    Ok(Json(audit::list(&s.ports, &c, q.before, q.limit).await?))
}
