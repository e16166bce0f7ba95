//! Reports (帳票作成): the tenant's report items, and reports made from meeting transcripts.

use axum::extract::State;
use axum::http::StatusCode;
use mendan_core::domain::ReportId;
use mendan_core::domain::report::ReportItems;
use mendan_core::usecases::reports::{self, ReportInput, ReportList, ReportView, RequestedReport};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::IdPath;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(items, put_items))
        .routes(routes!(create_report, list_reports))
        .routes(routes!(get_report))
}

/// The items sentences are sorted under (admin, interviewer); an empty list when none are set.
#[utoipa::path(get, path = "/t/{tenant}/v1/reports/items", tag = "reports", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = ReportItems), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn items(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<ReportItems>, ApiError> {
    Ok(Json(reports::get_items(&s.ports, &c).await?))
}

/// Replace the report items (admin): 1-50 items with distinct names.
#[utoipa::path(put, path = "/t/{tenant}/v1/reports/items", tag = "reports", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = ReportItems,
    responses((status = 200, body = ReportItems), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn put_items(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(input): Json<ReportItems>,
) -> Result<Json<ReportItems>, ApiError> {
    Ok(Json(reports::put_items(&s.ports, &c, input).await?))
}

/// Make a report from a meeting transcript (admin, interviewer). The transcript is checked now;
/// the workbook is written in the background, and the report becomes `ready` or `failed`. With
/// `recording` instead (AWS only), the answer's `upload` says where to PUT the meeting recording,
/// which is transcribed first.
#[utoipa::path(post, path = "/t/{tenant}/v1/reports", tag = "reports", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = ReportInput,
    responses((status = 202, body = RequestedReport), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn create_report(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(input): Json<ReportInput>,
) -> Result<(StatusCode, Json<RequestedReport>), ApiError> {
    Ok((StatusCode::ACCEPTED, Json(reports::request(&s.ports, &c, input).await?)))
}

/// Reports, newest first: an administrator's lists the tenant's, an interviewer's their own.
#[utoipa::path(get, path = "/t/{tenant}/v1/reports", tag = "reports", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = ReportList), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn list_reports(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<ReportList>, ApiError> {
    Ok(Json(reports::list(&s.ports, &c).await?))
}

/// One report; when ready, with a download link to its workbook valid for 15 minutes.
#[utoipa::path(get, path = "/t/{tenant}/v1/reports/{id}", tag = "reports", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = ReportView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn get_report(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<ReportView>, ApiError> {
    Ok(Json(reports::get(&s.ports, &c, ReportId(p.id)).await?))
}
