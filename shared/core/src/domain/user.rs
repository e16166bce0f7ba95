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
    /// Free text as the person declared it (e.g. "female", "male", "non_binary", "undisclosed").
    pub gender: Option<String>,
    /// An age band such as "20-29"; never a birth date.
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

impl ProtectedAttributes {
    pub fn validate(&self) -> Result<(), crate::CoreError> {
        let ok = |v: &Option<String>| v.as_ref().is_none_or(|s| !s.trim().is_empty() && s.chars().count() <= 40);
        for (field, value) in [("gender", &self.gender), ("age_band", &self.age_band)] {
            if let Some(value) = value {
                super::text::check_plain_text(field, value)?;
            }
        }
        if !ok(&self.gender) {
            return Err(crate::CoreError::invalid(
                "gender",
                "性別は 40 文字以内で入力するか、空欄にしてください。",
                "1-40 characters, or leave it out.",
            ));
        }
        if !ok(&self.age_band) {
            return Err(crate::CoreError::invalid(
                "age_band",
                "年代は 20-29 のように 40 文字以内で入力するか、空欄にしてください。",
                "1-40 characters such as 20-29, or leave it out.",
            ));
        }
        Ok(())
    }
}
