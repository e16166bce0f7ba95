use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Email, Role, UserId};

/// A person in a tenant. Protected attributes live in [`ProtectedAttributes`], apart from this profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

/// Attributes used only for the AI-ethics (bias) analysis. Readable by admins only, stored in an
/// item of their own so that no profile read can leak them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProtectedAttributes {
    /// One of [`GENDERS`] ("undisclosed": 回答しない).
    pub gender: Option<String>,
    /// One of [`AGE_BANDS`]; never a birth date.
    pub age_band: Option<String>,
}

pub fn parse_display_name(input: &str) -> Result<String, crate::CoreError> {
    let name = input.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(crate::CoreError::invalid(
            "display_name",
            "表示名は 1〜100 文字で入力してください。",
            "Enter a name of 1-100 characters.",
        ));
    }
    super::text::check_plain_text("display_name", name)?;
    Ok(name.to_owned())
}

/// The answers a gender may take: fixed choices, always with "undisclosed" (回答しない).
pub const GENDERS: [&str; 5] = ["female", "male", "non_binary", "other", "undisclosed"];
/// The answers an age band may take (never a birth date), always with "undisclosed".
pub const AGE_BANDS: [&str; 7] = ["under_20", "20-29", "30-39", "40-49", "50-59", "60_and_over", "undisclosed"];

/// Where stored protected attributes came from (issue 19): the person, with their consent to that use only, or an
/// admin.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum AttributeBasis {
    /// Declared by the person, who consented (to the text of `text_version`) that they are used only to check
    /// the AI for bias.
    SelfDeclared { text_version: String, at: chrono::DateTime<chrono::Utc> },
    /// Entered by an admin.
    Admin { at: chrono::DateTime<chrono::Utc> },
}

impl ProtectedAttributes {
    /// Each value, when given, is one of the fixed choices: free text could hold anything (a name,
    /// a diagnosis), and the fairness analysis needs comparable groups.
    pub fn validate(&self) -> Result<(), crate::CoreError> {
        if self.gender.as_deref().is_some_and(|g| !GENDERS.contains(&g)) {
            return Err(crate::CoreError::invalid(
                "gender",
                "性別は選択肢（女性、男性、ノンバイナリー、その他、回答しない）から選ぶか、未入力にしてください。",
                format!("Choose one of {}, or leave it out.", GENDERS.join(", ")),
            ));
        }
        if self.age_band.as_deref().is_some_and(|a| !AGE_BANDS.contains(&a)) {
            return Err(crate::CoreError::invalid(
                "age_band",
                "年代は選択肢（20 歳未満、20 代〜50 代、60 歳以上、回答しない）から選ぶか、未入力にしてください。",
                format!("Choose one of {}, or leave it out.", AGE_BANDS.join(", ")),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes(gender: Option<&str>, age_band: Option<&str>) -> ProtectedAttributes {
        ProtectedAttributes { gender: gender.map(str::to_owned), age_band: age_band.map(str::to_owned) }
    }

    #[test]
    fn protected_attributes_take_fixed_choices_only() {
        assert!(attributes(None, None).validate().is_ok());
        assert!(attributes(Some("undisclosed"), Some("undisclosed")).validate().is_ok());
        assert!(attributes(Some("non_binary"), Some("60_and_over")).validate().is_ok());
        for (gender, age) in
            [(Some("女性"), None), (Some("Female"), None), (None, Some("1990-01-01")), (None, Some(""))]
        {
            assert!(attributes(gender, age).validate().is_err(), "{gender:?} {age:?}");
        }
    }
}
