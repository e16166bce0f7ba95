//! Exports of all the tenant's data (admin): ask for one, follow it, download the zip for 24 hours.

use axum::extract::State;
use axum::http::StatusCode;
use mendan_core::domain::ExportId;
use mendan_core::domain::export::TenantExport;
use mendan_core::usecases::exports::{self, ExportView};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::IdPath;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(request, list)).routes(routes!(get))
}

/// Ask for an export of all the tenant's data (admin): a zip of JSON, CSV and the stored files, prepared in the
/// background; one at a time (409 while one is being prepared).
#[utoipa::path(post, path = "/t/{tenant}/v1/exports", tag = "tenant", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 202, body = TenantExport), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn request(State(s): State<AppState>, Caller(c): Caller) -> Result<(StatusCode, Json<TenantExport>), ApiError> {
    Ok((StatusCode::ACCEPTED, Json(exports::request(&s.ports, &c).await?)))
}

/// The tenant's exports, newest first (admin).
#[utoipa::path(get, path = "/t/{tenant}/v1/exports", tag = "tenant", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = Vec<TenantExport>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn list(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<Vec<TenantExport>>, ApiError> {
    Ok(Json(exports::list(&s.ports, &c).await?))
}

/// One export, with its download link (valid 24 hours) once ready (admin).
#[utoipa::path(get, path = "/t/{tenant}/v1/exports/{id}", tag = "tenant", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = ExportView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn get(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<ExportView>, ApiError> {
    Ok(Json(exports::get(&s.ports, &c, ExportId(p.id)).await?))
}
