//! Interviews, with their consents and ratings.

use axum::extract::State;
use axum::http::StatusCode;
use mendan_core::domain::InterviewId;
use mendan_core::domain::call::{CallAttendance, CallJoin, CallPolicy};
use mendan_core::domain::consent::Consent;
use mendan_core::domain::interview::{Interview, InterviewStatus};
use mendan_core::domain::rating::Rating;
use mendan_core::usecases::consents::{self, ConsentInput};
use mendan_core::usecases::interviews::{self, InterviewFilter, InterviewPatch, NewInterview};
use mendan_core::usecases::ratings::{self, RatingInput};
use mendan_core::usecases::{call_policy, calls};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::IdPath;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(get, update, delete))
        .routes(routes!(change_status))
        .routes(routes!(give_consent, list_consents))
        .routes(routes!(put_rating, list_ratings))
        .routes(routes!(join_call, call_attendance, leave_call))
        .routes(routes!(join_call_copy))
        .routes(routes!(start_call_copy))
        .routes(routes!(call_settings, put_call_settings))
}

/// The tenant's video call settings (admin): the server's copy of calls, the live hints' talk share limit.
#[utoipa::path(get, path = "/t/{tenant}/v1/calls/settings", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = CallPolicy), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn call_settings(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<CallPolicy>, ApiError> {
    Ok(Json(call_policy::get(&s.ports, &c).await?))
}

/// Change the tenant's video call settings (admin); the whole object, `talk_share_limit` 20..=80.
#[utoipa::path(put, path = "/t/{tenant}/v1/calls/settings", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = CallPolicy,
    responses((status = 200, body = CallPolicy), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn put_call_settings(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(input): Json<CallPolicy>,
) -> Result<Json<CallPolicy>, ApiError> {
    Ok(Json(call_policy::put(&s.ports, &c, input).await?))
}

/// The interviewee's browser joins the server's copy of the call as its producer (when `join_call` answered
/// `server_copy: true`): the master URL of the interview's storage-enabled channel. 409 `call_copy_not_kept`
/// when the tenant, the consent or the installation keeps no copy.
#[utoipa::path(post, path = "/t/{tenant}/v1/interviews/{id}/call/copy", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = InterviewId, Path)),
    responses((status = 200, body = CallJoin), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn join_call_copy(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<CallJoin>, ApiError> {
    Ok(Json(calls::join_copy(&s.ports, &c, InterviewId(p.id)).await?))
}

/// Once connected to the copy's channel, the producer asks the service to start storing (again after a
/// reconnection); 204.
#[utoipa::path(post, path = "/t/{tenant}/v1/interviews/{id}/call/copy/session", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = InterviewId, Path)),
    responses((status = 204), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn start_call_copy(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<StatusCode, ApiError> {
    calls::start_copy(&s.ports, &c, InterviewId(p.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who joined the interview's video call and when (admins, the interview's interviewer): one
/// line per person with their first and last join and how often they joined.
#[utoipa::path(get, path = "/t/{tenant}/v1/interviews/{id}/call", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = InterviewId, Path)),
    responses((status = 200, body = Vec<CallAttendance>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn call_attendance(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<Vec<CallAttendance>>, ApiError> {
    Ok(Json(calls::attendance(&s.ports, &c, InterviewId(p.id)).await?))
}

/// Note that the caller left the interview's video call (the call's duration on the interview page);
/// answers 204 also when they never joined.
#[utoipa::path(delete, path = "/t/{tenant}/v1/interviews/{id}/call", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = InterviewId, Path)),
    responses((status = 204), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn leave_call(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<StatusCode, ApiError> {
    calls::leave(&s.ports, &c, InterviewId(p.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Join the interview's video call (its interviewer, its interviewee once they decided about the
/// recording, admins; face-to-face, from 15 minutes before the start to 3 hours after): the
/// signaling WebSocket URL for this channel, role and person (valid 5 minutes to connect) and the
/// ICE servers. 409 `call_closed` says why it cannot be joined now.
#[utoipa::path(post, path = "/t/{tenant}/v1/interviews/{id}/call", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = InterviewId, Path)),
    responses((status = 200, body = CallJoin), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn join_call(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<CallJoin>, ApiError> {
    Ok(Json(calls::join(&s.ports, &c, InterviewId(p.id)).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub status: InterviewStatus,
}

/// Schedule an interview (admin, interviewer).
#[utoipa::path(post, path = "/t/{tenant}/v1/interviews", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = NewInterview,
    responses((status = 201, body = Interview), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn create(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(body): Json<NewInterview>,
) -> Result<(StatusCode, Json<Interview>), ApiError> {
    Ok((StatusCode::CREATED, Json(interviews::create(&s.ports, &c, body).await?)))
}

/// List the interviews the caller may see, with filters.
#[utoipa::path(get, path = "/t/{tenant}/v1/interviews", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path), InterviewFilter),
    responses((status = 200, body = Vec<Interview>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn list(
    State(s): State<AppState>,
    Caller(c): Caller,
    Query(f): Query<InterviewFilter>,
) -> Result<Json<Vec<Interview>>, ApiError> {
    Ok(Json(interviews::list(&s.ports, &c, &f).await?))
}

/// Read an interview.
#[utoipa::path(get, path = "/t/{tenant}/v1/interviews/{id}", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Interview), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn get(State(s): State<AppState>, Caller(c): Caller, Path(p): Path<IdPath>) -> Result<Json<Interview>, ApiError> {
    Ok(Json(interviews::get(&s.ports, &c, InterviewId(p.id)).await?))
}

/// Reschedule or reassign a scheduled interview (admin, its interviewer).
#[utoipa::path(patch, path = "/t/{tenant}/v1/interviews/{id}", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = InterviewPatch,
    responses((status = 200, body = Interview), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn update(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(body): Json<InterviewPatch>,
) -> Result<Json<Interview>, ApiError> {
    Ok(Json(interviews::update(&s.ports, &c, InterviewId(p.id), body).await?))
}

/// Delete a scheduled or cancelled interview nothing was recorded about (admin, its interviewer);
/// one with consents, recordings or a transcript answers 409 `in_use` (cancel it instead).
#[utoipa::path(delete, path = "/t/{tenant}/v1/interviews/{id}", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 204), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn delete(State(s): State<AppState>, Caller(c): Caller, Path(p): Path<IdPath>) -> Result<StatusCode, ApiError> {
    interviews::delete(&s.ports, &c, InterviewId(p.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start, finish or cancel an interview.
#[utoipa::path(post, path = "/t/{tenant}/v1/interviews/{id}/status", tag = "interviews", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = StatusChange,
    responses((status = 200, body = Interview), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn change_status(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(body): Json<StatusChange>,
) -> Result<Json<Interview>, ApiError> {
    Ok(Json(interviews::change_status(&s.ports, &c, InterviewId(p.id), body.status).await?))
}

/// Record the caller's own consent decision (interviewee: recording, ai_evaluation, training_use; expert: training_use).
#[utoipa::path(post, path = "/t/{tenant}/v1/interviews/{id}/consents", tag = "consents", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = ConsentInput,
    responses((status = 201, body = Consent), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn give_consent(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(body): Json<ConsentInput>,
) -> Result<(StatusCode, Json<Consent>), ApiError> {
    Ok((StatusCode::CREATED, Json(consents::give(&s.ports, &c, InterviewId(p.id), body).await?)))
}

/// The current consent decisions of an interview.
#[utoipa::path(get, path = "/t/{tenant}/v1/interviews/{id}/consents", tag = "consents", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Vec<Consent>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn list_consents(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<Vec<Consent>>, ApiError> {
    Ok(Json(consents::list(&s.ports, &c, InterviewId(p.id)).await?))
}

/// Save the caller's rating of an interview, replacing an earlier one (interviewer, expert).
#[utoipa::path(put, path = "/t/{tenant}/v1/interviews/{id}/ratings", tag = "ratings", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = RatingInput,
    responses((status = 200, body = Rating), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn put_rating(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(body): Json<RatingInput>,
) -> Result<Json<Rating>, ApiError> {
    Ok(Json(ratings::put(&s.ports, &c, InterviewId(p.id), body).await?))
}

/// Ratings of an interview (an expert sees only their own).
#[utoipa::path(get, path = "/t/{tenant}/v1/interviews/{id}/ratings", tag = "ratings", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Vec<Rating>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn list_ratings(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<Vec<Rating>>, ApiError> {
    Ok(Json(ratings::list(&s.ports, &c, InterviewId(p.id)).await?))
}
