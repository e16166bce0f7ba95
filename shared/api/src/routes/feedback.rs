//! Personal feedback (個別フィードバック) and self-interview follow-up questions.

use axum::extract::State;
use mendan_core::domain::InterviewId;
use mendan_core::domain::feedback::InterviewFeedback;
use mendan_core::usecases::feedback::{self, ApproveFeedback, FeedbackView};
use mendan_core::usecases::follow_ups::{self, FollowUpRequest, FollowUps};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::IdPath;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_feedback, generate_feedback))
        .routes(routes!(approve_feedback))
        .routes(routes!(ask_follow_ups))
}

/// The interview's feedback: drafts for admins and its interviewer; the interviewee sees it once approved.
/// `{"state": "none"}` while there is none (for the interviewee: none approved); 404 only for an interview the
/// caller cannot see.
#[utoipa::path(get, path = "/t/{tenant}/v1/interviews/{id}/feedback", tag = "feedback", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = FeedbackView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn get_feedback(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<FeedbackView>, ApiError> {
    Ok(Json(feedback::get(&s.ports, &c, InterviewId(p.id)).await?))
}

/// Draft the feedback (again) from the transcript and the reference prediction (admin, interviewer).
#[utoipa::path(post, path = "/t/{tenant}/v1/interviews/{id}/feedback", tag = "feedback", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = InterviewFeedback), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn generate_feedback(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<InterviewFeedback>, ApiError> {
    Ok(Json(feedback::generate(&s.ports, &c, InterviewId(p.id)).await?))
}

/// Approve the feedback as edited; the interviewee can read it from now on (admin, interviewer).
#[utoipa::path(post, path = "/t/{tenant}/v1/interviews/{id}/feedback/approve", tag = "feedback", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = ApproveFeedback,
    responses((status = 200, body = InterviewFeedback), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn approve_feedback(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(input): Json<ApproveFeedback>,
) -> Result<Json<InterviewFeedback>, ApiError> {
    Ok(Json(feedback::approve(&s.ports, &c, InterviewId(p.id), input).await?))
}

/// Follow-up questions about what an answer left out (the interviewee, admin, interviewer).
#[utoipa::path(post, path = "/t/{tenant}/v1/interviews/{id}/follow-ups", tag = "feedback", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = FollowUpRequest,
    responses((status = 200, body = FollowUps), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn ask_follow_ups(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(input): Json<FollowUpRequest>,
) -> Result<Json<FollowUps>, ApiError> {
    Ok(Json(follow_ups::ask(&s.ports, &c, InterviewId(p.id), input).await?))
}
