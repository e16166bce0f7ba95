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

/// How well the answers address a content criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    Found,
    Partly,
    NotFound,
}

/// Whether the answers addressed a content criterion, with the sentence that shows it as
/// evidence (none when not found: a sentence that does not show it is never quoted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(from = "StoredCriterionResult")]
pub struct CriterionResult {
    pub name: String,
    pub coverage: Coverage,
    /// Found or partly found (kept for older clients; `coverage` says which).
    pub met: bool,
    pub evidence: Option<String>,
    /// The criterion's words the evidence uses.
    #[serde(default)]
    pub matched: Vec<String>,
    /// The evidence's content-bigram cosine with the criterion (0..1).
    pub similarity: f64,
}

impl CriterionResult {
    pub fn new(
        name: String,
        coverage: Coverage,
        evidence: Option<String>,
        matched: Vec<String>,
        similarity: f64,
    ) -> Self {
        let met = coverage != Coverage::NotFound;
        let evidence = evidence.filter(|_| met);
        CriterionResult { name, coverage, met, evidence, matched, similarity }
    }
}

/// A result as stored: drafts made before the three states had only `met`, and quoted the
/// closest sentence even when it was not met; read back, that sentence is no evidence.
#[derive(Deserialize)]
struct StoredCriterionResult {
    name: String,
    #[serde(default)]
    coverage: Option<Coverage>,
    met: bool,
    evidence: Option<String>,
    #[serde(default)]
    matched: Vec<String>,
    similarity: f64,
}

impl From<StoredCriterionResult> for CriterionResult {
    fn from(s: StoredCriterionResult) -> Self {
        let coverage = s.coverage.unwrap_or(if s.met { Coverage::Found } else { Coverage::NotFound });
        CriterionResult::new(s.name, coverage, s.evidence, s.matched, s.similarity)
    }
}

/// The language the interviewee reads: the feedback must be written in it, the other is optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackLanguage {
    #[default]
    Ja,
    En,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct InterviewFeedback {
    pub interview_id: InterviewId,
    pub state: FeedbackState,
    /// Paragraphs in Japanese and in English (the interviewee reads their UI language, or the
    /// other one when that is empty). Only `language`'s must be written.
    pub ja: Vec<String>,
    pub en: Vec<String>,
    /// The interviewee's language, from the language of their answers (Japanese by default).
    #[serde(default)]
    pub language: FeedbackLanguage,
    pub criteria: Vec<CriterionResult>,
    /// Who worded the draft (the interviewer may have edited it since).
    #[serde(default)]
    pub written_by: WrittenBy,
    pub generated_at: DateTime<Utc>,
    pub approved_by: Option<UserId>,
    pub approved_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_draft_quotes_no_evidence_for_a_criterion_it_did_not_find() {
        let old = r#"{"name": "協調性", "met": false, "evidence": "店長と相談しました。", "similarity": 0.08}"#;
        let read: CriterionResult = serde_json::from_str(old).unwrap();
        assert_eq!((read.coverage, read.met, read.evidence), (Coverage::NotFound, false, None));
        let found = r#"{"name": "志望動機", "met": true, "evidence": "御社を志望しました。", "similarity": 0.5}"#;
        let read: CriterionResult = serde_json::from_str(found).unwrap();
        assert_eq!((read.coverage, read.evidence.as_deref()), (Coverage::Found, Some("御社を志望しました。")));
        let again: CriterionResult = serde_json::from_str(&serde_json::to_string(&read).unwrap()).unwrap();
        assert_eq!(again, read);
    }
}
