use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ItemId;
use crate::CoreError;

/// What an evaluation item judges: observable behaviour, or the content of the answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Behaviour,
    Content,
}

/// An inclusive integer rating scale such as 1..5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Scale {
    pub min: i32,
    pub max: i32,
}

impl Scale {
    pub fn new(min: i32, max: i32) -> Result<Self, CoreError> {
        // In i64: i32::MAX - i32::MIN overflows an i32 (a panic in debug builds).
        if min >= max || i64::from(max) - i64::from(min) > 100 {
            return Err(CoreError::invalid(
                "scale",
                "評価尺度は最小値を最大値より小さくし、差を 100 以内にしてください。",
                "scale_min must be below scale_max, at most 100 apart",
            ));
        }
        Ok(Self { min, max })
    }

    pub fn check(&self, score: f64) -> Result<f64, CoreError> {
        if score.is_finite() && score >= f64::from(self.min) && score <= f64::from(self.max) {
            Ok(score)
        } else {
            Err(CoreError::invalid(
                "score",
                format!("点数は {} から {} の間で付けてください。", self.min, self.max),
                format!("scores must lie within {}..{}", self.min, self.max),
            ))
        }
    }
}

/// One thing the tenant rates interviews on (評価項目).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EvaluationItem {
    pub id: ItemId,
    pub name: String,
    pub description: String,
    pub scale: Scale,
    pub kind: ItemKind,
    /// For content items: a few sentences that show the criterion, in the tenant's words (the judgement of answers
    /// reads them beside the name and description).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
}

/// At most this many example sentences per content item, each at most [`EXAMPLE_MAX_CHARS`].
pub const MAX_EXAMPLES: usize = 5;
pub const EXAMPLE_MAX_CHARS: usize = 200;

/// A content item's example sentences, trimmed, blank ones dropped; a behaviour item has none.
pub fn parse_examples(kind: ItemKind, input: &[String]) -> Result<Vec<String>, CoreError> {
    let examples: Vec<String> = input.iter().map(|e| e.trim().to_owned()).filter(|e| !e.is_empty()).collect();
    if kind == ItemKind::Behaviour && !examples.is_empty() {
        return Err(CoreError::invalid(
            "examples",
            "例文は「回答の内容」の項目にだけ設定できます。",
            "Example sentences are for content items only.",
        ));
    }
    if examples.len() > MAX_EXAMPLES || examples.iter().any(|e| e.chars().count() > EXAMPLE_MAX_CHARS) {
        return Err(CoreError::invalid(
            "examples",
            format!("例文は {MAX_EXAMPLES} 文まで、1 文 {EXAMPLE_MAX_CHARS} 文字までにしてください。"),
            format!("At most {MAX_EXAMPLES} example sentences of at most {EXAMPLE_MAX_CHARS} characters each."),
        ));
    }
    Ok(examples)
}

pub fn parse_item_name(input: &str) -> Result<String, CoreError> {
    let name = input.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(CoreError::invalid(
            "name",
            "名前は 1〜80 文字で入力してください。",
            "Enter a name of 1-80 characters.",
        ));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_checks_bounds() {
        let s = Scale::new(1, 5).unwrap();
        assert!(s.check(1.0).is_ok() && s.check(5.0).is_ok() && s.check(3.5).is_ok());
        assert!(s.check(0.0).is_err() && s.check(5.5).is_err() && s.check(f64::NAN).is_err());
        assert!(Scale::new(5, 5).is_err() && Scale::new(5, 1).is_err());
        assert!(Scale::new(i32::MIN, i32::MAX).is_err() && Scale::new(-50, 50).is_ok());
    }
}
