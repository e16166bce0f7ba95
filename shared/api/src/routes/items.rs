//! Evaluation items (admin manages; raters read).

use axum::extract::State;
use axum::http::StatusCode;
use mendan_core::domain::ItemId;
use mendan_core::domain::item::EvaluationItem;
use mendan_core::usecases::items::{self, ItemInput};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::IdPath;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create, list)).routes(routes!(get, replace, delete))
}

/// Create an evaluation item (admin).
#[utoipa::path(post, path = "/t/{tenant}/v1/evaluation-items", tag = "evaluation-items", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = ItemInput,
    responses((status = 201, body = EvaluationItem), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn create(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(body): Json<ItemInput>,
) -> Result<(StatusCode, Json<EvaluationItem>), ApiError> {
    Ok((StatusCode::CREATED, Json(items::create(&s.ports, &c, body).await?)))
}

/// List evaluation items (admin, interviewer, expert).
#[utoipa::path(get, path = "/t/{tenant}/v1/evaluation-items", tag = "evaluation-items", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = Vec<EvaluationItem>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn list(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<Vec<EvaluationItem>>, ApiError> {
    Ok(Json(items::list(&s.ports, &c).await?))
}

/// Read an evaluation item (admin, interviewer, expert).
#[utoipa::path(get, path = "/t/{tenant}/v1/evaluation-items/{id}", tag = "evaluation-items", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = EvaluationItem), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn get(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<EvaluationItem>, ApiError> {
    Ok(Json(items::get(&s.ports, &c, ItemId(p.id)).await?))
}

/// Replace an evaluation item (admin).
#[utoipa::path(put, path = "/t/{tenant}/v1/evaluation-items/{id}", tag = "evaluation-items", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = ItemInput,
    responses((status = 200, body = EvaluationItem), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn replace(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(body): Json<ItemInput>,
) -> Result<Json<EvaluationItem>, ApiError> {
    Ok(Json(items::replace(&s.ports, &c, ItemId(p.id), body).await?))
}

/// Delete an evaluation item no rating uses yet (admin); one in use answers 409 `in_use`.
#[utoipa::path(delete, path = "/t/{tenant}/v1/evaluation-items/{id}", tag = "evaluation-items", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 204), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn delete(State(s): State<AppState>, Caller(c): Caller, Path(p): Path<IdPath>) -> Result<StatusCode, ApiError> {
    items::delete(&s.ports, &c, ItemId(p.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
