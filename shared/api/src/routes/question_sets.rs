//! Question sets (admin manages; interviewers list; anyone reads one by id).

use axum::extract::State;
use axum::http::StatusCode;
use mendan_core::domain::QuestionSetId;
use mendan_core::domain::question_set::QuestionSet;
use mendan_core::usecases::question_sets::{self, QuestionSetInput};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::IdPath;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create, list)).routes(routes!(get, replace, delete))
}

/// Create a question set (admin).
#[utoipa::path(post, path = "/t/{tenant}/v1/question-sets", tag = "question-sets", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = QuestionSetInput,
    responses((status = 201, body = QuestionSet), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn create(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(body): Json<QuestionSetInput>,
) -> Result<(StatusCode, Json<QuestionSet>), ApiError> {
    Ok((StatusCode::CREATED, Json(question_sets::create(&s.ports, &c, body).await?)))
}

/// List question sets (admin, interviewer).
#[utoipa::path(get, path = "/t/{tenant}/v1/question-sets", tag = "question-sets", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = Vec<QuestionSet>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn list(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<Vec<QuestionSet>>, ApiError> {
    Ok(Json(question_sets::list(&s.ports, &c).await?))
}

/// Read a question set (any signed-in user: interviewees read their interview's questions).
#[utoipa::path(get, path = "/t/{tenant}/v1/question-sets/{id}", tag = "question-sets", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = QuestionSet), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn get(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<QuestionSet>, ApiError> {
    Ok(Json(question_sets::get(&s.ports, &c, QuestionSetId(p.id)).await?))
}

/// Replace a question set (admin).
#[utoipa::path(put, path = "/t/{tenant}/v1/question-sets/{id}", tag = "question-sets", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = QuestionSetInput,
    responses((status = 200, body = QuestionSet), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn replace(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(body): Json<QuestionSetInput>,
) -> Result<Json<QuestionSet>, ApiError> {
    Ok(Json(question_sets::replace(&s.ports, &c, QuestionSetId(p.id), body).await?))
}

/// Delete a question set no interview uses except cancelled ones (admin); one in use answers 409 `in_use`.
#[utoipa::path(delete, path = "/t/{tenant}/v1/question-sets/{id}", tag = "question-sets", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 204), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn delete(State(s): State<AppState>, Caller(c): Caller, Path(p): Path<IdPath>) -> Result<StatusCode, ApiError> {
    question_sets::delete(&s.ports, &c, QuestionSetId(p.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
