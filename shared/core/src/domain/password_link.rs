//! Links that let a person set their password from a mail: `pl1.{secret}` in the fragment of
//! `/t/{tenant}/set-password#…`, so it never reaches a server log or a Referer header. The server
//! keeps only the secret's SHA-256 (256 random bits need no slow hash), and each link works once.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::UserId;

const VERSION: &str = "pl1";
const SECRET_BYTES: usize = 32;
/// Longer than any link token this code makes; anything longer is refused before it is parsed.
pub const MAX_LEN: usize = 64;

/// Why the link was sent; it sets how long it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    /// In the invitation: the person sets their first password (7 days, like a temporary password).
    Invitation,
    /// Asked for on the sign-in page (1 hour).
    Reset,
}

impl LinkPurpose {
    pub fn lifetime(self) -> Duration {
        match self {
            Self::Invitation => Duration::days(7),
            Self::Reset => Duration::hours(1),
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken {
    secret: [u8; SECRET_BYTES],
}

// The secret never reaches a log through Debug.
impl std::fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkToken(..)")
    }
}

impl LinkToken {
    pub fn generate() -> Self {
        let mut secret = [0u8; SECRET_BYTES];
        // A server that cannot draw randomness must not hand out credentials.
        getrandom::fill(&mut secret).expect("the operating system provides randomness");
        Self { secret }
    }

    /// Parses what a browser presented; `None` for anything this code did not make.
    pub fn parse(presented: &str) -> Option<Self> {
        if presented.len() > MAX_LEN {
            return None;
        }
        let secret = presented.strip_prefix(VERSION)?.strip_prefix('.')?;
        let secret: [u8; SECRET_BYTES] = URL_SAFE_NO_PAD.decode(secret).ok()?.try_into().ok()?;
        let token = Self { secret };
        (token.to_string() == presented).then_some(token)
    }

    /// What the store keeps in place of the secret (and finds the link by).
    pub fn secret_hash(&self) -> String {
        hex::encode(Sha256::digest(self.secret))
    }
}

impl std::fmt::Display for LinkToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{VERSION}.{}", URL_SAFE_NO_PAD.encode(self.secret))
    }
}

/// A stored link: whose password it sets, until when, and whether it was used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PasswordLink {
    pub secret_hash: String,
    pub user_id: UserId,
    pub purpose: LinkPurpose,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

impl PasswordLink {
    pub fn usable(&self, now: DateTime<Utc>) -> bool {
        self.used_at.is_none() && now < self.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_only_canonical_ones_parse() {
        let token = LinkToken::generate();
        let text = token.to_string();
        assert_eq!(LinkToken::parse(&text), Some(token.clone()));
        assert_ne!(LinkToken::generate(), token);
        for bad in ["", "pl1.", "pl2.AAAA", &format!("{text}="), &format!("x{text}"), &"A".repeat(500)] {
            assert_eq!(LinkToken::parse(bad), None, "{bad}");
        }
        assert_eq!(token.secret_hash().len(), 64);
        assert!(!format!("{token:?}").contains(&text[4..]));
    }

    #[test]
    fn a_link_works_once_and_only_in_time() {
        let now = Utc::now();
        let mut link = PasswordLink {
            secret_hash: String::new(),
            user_id: UserId(uuid::Uuid::now_v7()),
            purpose: LinkPurpose::Reset,
            created_at: now,
            expires_at: now + LinkPurpose::Reset.lifetime(),
            used_at: None,
        };
        assert!(link.usable(now) && !link.usable(now + Duration::hours(2)));
        link.used_at = Some(now);
        assert!(!link.usable(now));
    }
}
