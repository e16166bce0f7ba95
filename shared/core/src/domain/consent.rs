use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

use super::{InterviewId, Role, UserId};

/// The separate purposes a person consents to (spec: explicit, recorded consent for each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    /// The interviewee allows the interview to be recorded.
    Recording,
    /// The interviewee allows an AI model to be applied to the recording.
    AiEvaluation,
    /// Training use: the interviewee allows their recording, and an expert their ratings, to be
    /// used to train the tenant's model. Both must have granted it for an interview to be learned from.
    TrainingUse,
}

impl ConsentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recording => "recording",
            Self::AiEvaluation => "ai_evaluation",
            Self::TrainingUse => "training_use",
        }
    }

    /// Who may give this consent: it is always the person concerned, never someone on their behalf.
    pub fn may_be_given_by(self, role: Role) -> bool {
        match self {
            Self::Recording | Self::AiEvaluation => role == Role::Interviewee,
            Self::TrainingUse => matches!(role, Role::Interviewee | Role::Expert),
        }
    }
}

impl fmt::Display for ConsentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One decision, kept for ever as part of the consent history; the newest per kind and person counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Consent {
    pub interview_id: InterviewId,
    pub kind: ConsentKind,
    pub granted: bool,
    /// Version of the consent text the person was shown.
    pub text_version: String,
    pub by: UserId,
    pub at: DateTime<Utc>,
}
