use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

use super::{InterviewId, QuestionSetId, UserId};
use crate::CoreError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InterviewMode {
    FaceToFace,
    /// 自己面談: an avatar reads the questions and the interviewee answers alone.
    #[serde(rename = "self")]
    SelfInterview,
}

/// scheduled → in_progress → recorded → analysed → rated, plus cancelled before recording.
/// A rating may arrive before the analysis finishes, so recorded → rated is allowed too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InterviewStatus {
    Scheduled,
    InProgress,
    Recorded,
    Analysed,
    Rated,
    Cancelled,
}

impl InterviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::InProgress => "in_progress",
            Self::Recorded => "recorded",
            Self::Analysed => "analysed",
            Self::Rated => "rated",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn can_become(self, next: Self) -> bool {
        use InterviewStatus::*;
        matches!(
            (self, next),
            (Scheduled, InProgress)
                | (InProgress, Recorded)
                | (Recorded, Analysed)
                | (Recorded, Rated)
                | (Analysed, Rated)
                | (Scheduled, Cancelled)
                | (InProgress, Cancelled)
        )
    }

    pub fn transition(self, next: Self) -> Result<Self, CoreError> {
        if self.can_become(next) {
            Ok(next)
        } else {
            Err(CoreError::InvalidTransition { from: self.to_string(), to: next.to_string() })
        }
    }

    /// Whether the interview has a recording that can be rated.
    pub fn is_rateable(self) -> bool {
        matches!(self, Self::Recorded | Self::Analysed | Self::Rated)
    }
}

impl fmt::Display for InterviewStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Interview {
    pub id: InterviewId,
    pub mode: InterviewMode,
    pub interviewee_id: UserId,
    pub interviewer_id: Option<UserId>,
    pub question_set_id: Option<QuestionSetId>,
    pub scheduled_at: DateTime<Utc>,
    pub status: InterviewStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Raised by each reschedule or cancellation: the SEQUENCE of its calendar invitations.
    #[serde(default)]
    pub revision: u32,
    /// Self-interviews only: the candidate answers between `scheduled_at` and this time.
    #[serde(default)]
    pub deadline: Option<DateTime<Utc>>,
}

/// The longest a self-interview may stay open.
pub const MAX_OPEN_DAYS: i64 = 90;

/// A self-interview's deadline: after it opens, within [`MAX_OPEN_DAYS`]; none for face-to-face.
pub fn check_deadline(
    mode: InterviewMode,
    opens: DateTime<Utc>,
    deadline: Option<DateTime<Utc>>,
) -> Result<(), crate::CoreError> {
    let Some(deadline) = deadline else { return Ok(()) };
    if mode != InterviewMode::SelfInterview {
        return Err(crate::CoreError::invalid(
            "deadline",
            "回答期限はセルフ面談にだけ設定できます。",
            "Only a self-interview has a deadline.",
        ));
    }
    if deadline <= opens || deadline - opens > chrono::Duration::days(MAX_OPEN_DAYS) {
        return Err(crate::CoreError::invalid(
            "deadline",
            format!("回答期限は開始日時より後、{MAX_OPEN_DAYS} 日以内にしてください。"),
            format!("The deadline must come after the start, within {MAX_OPEN_DAYS} days."),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::InterviewStatus::*;

    #[test]
    fn follows_the_status_machine() {
        let path = [Scheduled, InProgress, Recorded, Analysed, Rated];
        for pair in path.windows(2) {
            assert!(pair[0].transition(pair[1]).is_ok(), "{:?} -> {:?}", pair[0], pair[1]);
        }
        assert!(Recorded.can_become(Rated));
        for (from, to) in [
            (Scheduled, Recorded),
            (Rated, Scheduled),
            (Analysed, Recorded),
            (Cancelled, InProgress),
            (Recorded, Cancelled),
        ] {
            let err = from.transition(to).unwrap_err();
            assert!(err.to_string().contains(from.as_str()), "{err}");
        }
    }
}
