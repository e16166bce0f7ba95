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
