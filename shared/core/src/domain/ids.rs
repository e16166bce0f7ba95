//! Identifiers. Entity ids are UUIDs (v7, so they sort by creation time); a tenant is named by its
//! slug, which appears in URLs and storage keys and therefore has a strict alphabet.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

use crate::error::CoreError;

macro_rules! entity_id {
    ($(#[$doc:meta])* $name:ident, $label:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(transparent)]
        #[schema(value_type = String, format = Uuid)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn parse(input: &str) -> Result<Self, CoreError> {
                Uuid::parse_str(input)
                    .map(Self)
                    .map_err(|_| CoreError::invalid($label, "ID の形式が正しくありません。", "must be a UUID"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = CoreError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }
    };
}

entity_id!(UserId, "user_id");
entity_id!(ItemId, "item_id");
entity_id!(QuestionSetId, "question_set_id");
entity_id!(InterviewId, "interview_id");
entity_id!(RecordingId, "recording_id");
entity_id!(ConsentId, "consent_id");
entity_id!(ModelId, "model_id");
entity_id!(ReportId, "report_id");
entity_id!(ExportId, "export_id");

/// A tenant's slug: 3-32 characters of a-z, 0-9 and '-', starting with a letter.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(transparent)]
#[schema(value_type = String, pattern = "^[a-z][a-z0-9-]{2,31}$")]
pub struct TenantSlug(String);

impl TenantSlug {
    pub fn parse(input: &str) -> Result<Self, CoreError> {
        let valid_len = (3..=32).contains(&input.len());
        let mut chars = input.chars();
        let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok = input.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if valid_len && starts_with_letter && rest_ok && !input.ends_with('-') {
            Ok(Self(input.to_owned()))
        } else {
            Err(CoreError::invalid(
                "tenant",
                "テナント名（URL 用）は英小文字で始まる 3〜32 文字の a-z、0-9、'-' で入力してください。",
                "a tenant slug has 3-32 characters a-z, 0-9 or '-', and starts with a letter",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TenantSlug {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_slug_accepts_only_url_safe_names() {
        assert!(TenantSlug::parse("acme").is_ok());
        assert!(TenantSlug::parse("acme-2026").is_ok());
        for bad in ["ab", "Acme", "1acme", "acme-", "ac me", "a/b", "t#x", &"a".repeat(33)] {
            assert!(TenantSlug::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn ids_parse_uuids_only() {
        assert!(UserId::parse("0190c5a4-9a55-7b7e-8c1e-2f1a5b6c7d8e").is_ok());
        assert!(UserId::parse("not-an-id").is_err());
    }
}
