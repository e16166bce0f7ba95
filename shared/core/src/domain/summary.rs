//! What the interviewee said, summarised (面談要約), kept with the interview. The transcript it was
//! made from lives in objects beside the recordings.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{InterviewId, TenantSlug, UserId};

/// The summary of one answer: the question asked and the sentences kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SummarisedAnswer {
    pub question: Option<String>,
    pub sentences: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct InterviewSummary {
    pub interview_id: InterviewId,
    /// The transcript's name for the interviewee (found automatically unless given).
    pub interviewee_speaker: String,
    /// Every speaker in the transcript, to correct who the interviewee is.
    #[serde(default)]
    pub speakers: Vec<String>,
    pub answers: Vec<SummarisedAnswer>,
    /// Characters kept, of the interviewee's characters in the transcript.
    pub chars: usize,
    pub source_chars: usize,
    pub transcript_key: String,
    pub created_at: DateTime<Utc>,
    /// Who uploaded the transcript (or last chose its interviewee); `None` when it was made from
    /// the recordings (Amazon Transcribe, or the offline recogniser).
    pub created_by: Option<UserId>,
    /// The transcript is a file a person uploaded: transcribing the recordings never replaces it.
    #[serde(default)]
    pub uploaded: bool,
}

/// The interviewee's conversation features (`conversation.*`, features schema 2), beside the
/// recordings' features: `.../features/conversation.json`.
pub fn conversation_features_key(tenant: &TenantSlug, interview: InterviewId) -> String {
    format!("t/{tenant}/interviews/{interview}/features/conversation.json")
}

/// The transcript as utterances (JSON), beside the recordings.
pub fn transcript_key(tenant: &TenantSlug, interview: InterviewId) -> String {
    format!("t/{tenant}/interviews/{interview}/transcript.json")
}
