//! Personal feedback for the interviewee (個別フィードバック): made by Mendan as a draft, edited and
//! approved by the interviewer before the interviewee can read it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{InterviewId, UserId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackState {
    Draft,
    Approved,
}

/// Who worded a text the interviewee reads: Mendan's templates, or the tenant's optional language
/// model (its answer checked against the templates' findings first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WrittenBy {
    #[default]
    Templates,
    LanguageModel,
}

/// Whether an answer addressed a content criterion, with the closest sentence as evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CriterionResult {
    pub name: String,
    pub met: bool,
    pub evidence: Option<String>,
    pub similarity: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct InterviewFeedback {
    pub interview_id: InterviewId,
    pub state: FeedbackState,
    /// Paragraphs in Japanese and in English (the interviewee reads their UI language).
    pub ja: Vec<String>,
    pub en: Vec<String>,
    pub criteria: Vec<CriterionResult>,
    /// Who worded the draft (the interviewer may have edited it since).
    #[serde(default)]
    pub written_by: WrittenBy,
    pub generated_at: DateTime<Utc>,
    pub approved_by: Option<UserId>,
    pub approved_at: Option<DateTime<Utc>>,
}
