//! Staff ask the candidate to answer a self-interview question again (issue 14 item 3): the
//! recording keeps its bytes but carries the request, and the interview takes recordings again.

use serde::Deserialize;
use utoipa::ToSchema;

use super::consent_texts::plain;
use super::interviews::load_visible;
use super::store;
use crate::auth::Principal;
use crate::domain::interview::{InterviewMode, InterviewStatus};
use crate::domain::recording::{Recording, RetakeRequest};
use crate::domain::{InterviewId, RecordingId, Role};
use crate::repo::keys;
use crate::{CoreError, CoreResult, Ports};

const MAX_REASON_CHARS: usize = 500;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetakeInput {
    /// Shown to the candidate as written: plain text, 1-500 characters.
    pub reason: String,
}

/// Marks the recording as to be answered again and reopens the interview. Asking again for the
/// same recording changes nothing (the first request stands).
pub async fn request(
    ports: &Ports,
    principal: &Principal,
    interview_id: InterviewId,
    recording_id: RecordingId,
    input: RetakeInput,
) -> CoreResult<Recording> {
    principal.require(&[Role::Admin, Role::Interviewer], "ask for a new recording")?;
    let store = store(ports, principal);
    // Interviewers see only their own interviews; anything else is NotFound, as for reads.
    let interview = load_visible(&store, principal, interview_id).await?;
    let found = store
        .find::<Recording>(&keys::recording(interview_id, recording_id))
        .await?
        .ok_or(CoreError::NotFound { entity: "recording" })?;
    if found.value.retake_request.is_some() {
        return Ok(found.value);
    }
    let reason = plain("reason", &input.reason, MAX_REASON_CHARS)?;
    let Some(question) = &found.value.question else {
        return Err(not_a_question());
    };
    if interview.value.mode != InterviewMode::SelfInterview || question.follow_up.is_some() {
        return Err(not_a_question());
    }
    // A rating already made was of the answers as they are; reopening would pull them from under it.
    if !matches!(
        interview.value.status,
        InterviewStatus::InProgress | InterviewStatus::Recorded | InterviewStatus::Analysed
    ) {
        return Err(CoreError::invalid(
            "status",
            "この面談は評価済みか中止のため、撮り直しを依頼できません。",
            "This interview is rated or cancelled; a new recording can no longer be asked for.",
        ));
    }
    let now = ports.clock.now();
    let mut recording = found.value.clone();
    recording.retake_request = Some(RetakeRequest { reason, requested_by: principal.id(), requested_at: now });
    let mut reopened = interview.value.clone();
    // Not a status change a person may make by hand (see `change_status`), so set here directly.
    reopened.status = InterviewStatus::InProgress;
    reopened.updated_at = now;
    store
        .commit(vec![store.update_write(&recording, found.version)?, store.update_write(&reopened, interview.version)?])
        .await?;
    tracing::info!(%interview_id, %recording_id, "new recording requested");
    Ok(recording)
}

fn not_a_question() -> CoreError {
    CoreError::invalid(
        "recording_id",
        "撮り直しを依頼できるのは、自己面談の質問への回答の録画だけです。",
        "Only a self-interview answer to a question can be asked for again.",
    )
}
