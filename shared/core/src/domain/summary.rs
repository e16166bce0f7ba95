//! What the interviewee said, summarised (面談要約), kept with the interview. The transcript it was
//! made from lives in objects beside the recordings.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{InterviewId, UserId};

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
    pub answers: Vec<SummarisedAnswer>,
    /// Characters kept, of the interviewee's characters in the transcript.
    pub chars: usize,
    pub source_chars: usize,
    pub transcript_key: String,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
}
