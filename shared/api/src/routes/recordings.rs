//! Recordings: upload signing (its own Lambda function) and listing.

use axum::extract::State;
use axum::http::StatusCode;
use mendan_core::domain::recording::Recording;
use mendan_core::domain::{InterviewId, RecordingId};
use mendan_core::usecases::recordings::{self, RecordingView, UploadRequest, UploadTicket};
use mendan_core::usecases::retakes::{self, RetakeInput};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::IdPath;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn upload_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(sign_upload))
}

pub fn list_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(request_retake))
}

/// Get a presigned URL to upload a recording. Needs the interviewee's `recording` consent.
#[utoipa::path(post, path = "/t/{tenant}/v1/interviews/{id}/recordings", tag = "recordings", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = UploadRequest,
    responses((status = 201, body = UploadTicket), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn sign_upload(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(body): Json<UploadRequest>,
) -> Result<(StatusCode, Json<UploadTicket>), ApiError> {
    Ok((StatusCode::CREATED, Json(recordings::sign_upload(&s.ports, &c, InterviewId(p.id), body).await?)))
}

/// The recordings of an interview; staff get links to play each one and to its analysis timeline.
#[utoipa::path(get, path = "/t/{tenant}/v1/interviews/{id}/recordings", tag = "recordings", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Vec<RecordingView>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn list(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<Vec<RecordingView>>, ApiError> {
    Ok(Json(recordings::list(&s.ports, &c, InterviewId(p.id)).await?))
}

#[derive(Deserialize)]
struct RecordingPath {
    id: uuid::Uuid,
    recording_id: uuid::Uuid,
}

/// Ask the candidate to answer a self-interview question again (admins and the interview's
/// interviewer); the interview takes recordings again. Asking twice changes nothing.
#[utoipa::path(post, path = "/t/{tenant}/v1/interviews/{id}/recordings/{recording_id}/retake-request", tag = "recordings",
    security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path), ("recording_id" = uuid::Uuid, Path)), request_body = RetakeInput,
    responses((status = 200, body = Recording), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn request_retake(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<RecordingPath>,
    Json(body): Json<RetakeInput>,
) -> Result<Json<Recording>, ApiError> {
    Ok(Json(retakes::request(&s.ports, &c, InterviewId(p.id), RecordingId(p.recording_id), body).await?))
}
