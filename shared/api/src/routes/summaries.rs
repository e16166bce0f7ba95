//! An interview's transcript upload and its summary (面談要約).

use axum::extract::State;
use mendan_core::domain::InterviewId;
use mendan_core::domain::summary::InterviewSummary;
use mendan_core::usecases::summaries::{self, SpeakerInput, SummaryState, TranscriptInput};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::IdPath;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(put_transcript)).routes(routes!(put_speaker)).routes(routes!(summary))
}

/// Upload the meeting's transcript (WebVTT from Teams or Zoom, SubRip, plain text, or Amazon Transcribe JSON) and get
/// the summary of what the interviewee said, per question (admin, the interview's interviewer).
#[utoipa::path(put, path = "/t/{tenant}/v1/interviews/{id}/transcript", tag = "summaries", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = TranscriptInput,
    responses((status = 200, body = InterviewSummary), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn put_transcript(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(input): Json<TranscriptInput>,
) -> Result<Json<InterviewSummary>, ApiError> {
    Ok(Json(summaries::put_transcript(&s.ports, &c, InterviewId(p.id), input).await?))
}

/// Say which speaker is the interviewee when Mendan guessed wrong; the summary is made again
/// (admin, the interview's interviewer).
#[utoipa::path(put, path = "/t/{tenant}/v1/interviews/{id}/transcript/speaker", tag = "summaries", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = SpeakerInput,
    responses((status = 200, body = InterviewSummary), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn put_speaker(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(input): Json<SpeakerInput>,
) -> Result<Json<InterviewSummary>, ApiError> {
    Ok(Json(summaries::set_interviewee(&s.ports, &c, InterviewId(p.id), input).await?))
}

/// The summary of what the interviewee said, per question (admin, the interview's interviewer, experts):
/// `{"state": "none"}` before a transcript is uploaded, `{"state": "ready", …}` after; 404 only for an interview
/// the caller cannot see.
#[utoipa::path(get, path = "/t/{tenant}/v1/interviews/{id}/summary", tag = "summaries", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = SummaryState), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn summary(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<SummaryState>, ApiError> {
    Ok(Json(summaries::get(&s.ports, &c, InterviewId(p.id)).await?))
}
