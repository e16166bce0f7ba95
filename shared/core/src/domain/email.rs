use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

use crate::error::CoreError;

/// An e-mail address, trimmed and lower-cased so that look-ups do not depend on how it was typed.
/// The check is deliberately simple (one '@', a dotted domain, no spaces): the real proof is the
/// invitation mail arriving.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(transparent)]
#[schema(value_type = String, format = "email")]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, CoreError> {
        let value = input.trim().to_lowercase();
        let invalid = || {
            CoreError::invalid(
                "email",
                "メールアドレスを name@example.co.jp のような形で入力してください。",
                "Enter an e-mail address such as name@example.co.jp.",
            )
        };
        let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
        let ok = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && value.len() <= 254
            && !value.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok { Ok(Self(value)) } else { Err(invalid()) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn domain(&self) -> &str {
        self.0.split_once('@').map(|(_, d)| d).unwrap_or_default()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_rejects() {
        assert_eq!(Email::parse(" Taro@Example.CO.JP ").unwrap().as_str(), "taro@example.co.jp");
        for bad in ["", "taro", "taro@", "@example.com", "taro@example", "ta ro@example.com", "a@b@c.com"] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
