use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::QuestionSetId;
use crate::CoreError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub text: String,
    /// How long the interviewee may answer, in seconds (10..=600).
    pub answer_seconds: u32,
}

/// An ordered set of fixed questions for self-interviews (and a script for face-to-face ones).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct QuestionSet {
    pub id: QuestionSetId,
    pub name: String,
    pub questions: Vec<Question>,
    /// Asked first and never recorded for rating, so the interviewee can get used to the avatar.
    pub practice_question: Option<Question>,
    /// How many times each answer may be retaken (0 = no retakes).
    pub retake_limit: u32,
    /// Whether follow-up questions may be generated from the answers.
    pub follow_ups: bool,
}

impl Question {
    pub fn validate(&self, field: &str) -> Result<(), CoreError> {
        let len = self.text.trim().chars().count();
        if len == 0 || len > 500 {
            return Err(CoreError::invalid(
                field,
                "質問は 1〜500 文字で入力してください。",
                "A question has 1-500 characters.",
            ));
        }
        if !(10..=600).contains(&self.answer_seconds) {
            return Err(CoreError::invalid(
                field,
                "回答時間は 10〜600 秒にしてください。",
                "The answer time must be 10-600 seconds.",
            ));
        }
        Ok(())
    }
}

impl QuestionSet {
    pub fn validate(&self) -> Result<(), CoreError> {
        super::item::parse_item_name(&self.name)?;
        if self.questions.is_empty() || self.questions.len() > 50 {
            return Err(CoreError::invalid(
                "questions",
                "質問セットの質問は 1〜50 問にしてください。",
                "A question set has 1-50 questions.",
            ));
        }
        for (i, q) in self.questions.iter().enumerate() {
            q.validate(&format!("questions[{i}]"))?;
        }
        if let Some(p) = &self.practice_question {
            p.validate("practice_question")?;
        }
        if self.retake_limit > 10 {
            return Err(CoreError::invalid(
                "retake_limit",
                "撮り直しは 10 回までにしてください。",
                "At most 10 retakes.",
            ));
        }
        Ok(())
    }
}
