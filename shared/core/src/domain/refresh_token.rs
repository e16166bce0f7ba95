//! The refresh token a signed-in client keeps: `mr1.{user id}.{session id}.{secret}`.
//!
//! The ids say where the session lives (so one read finds it); only the secret proves possession.
//! The server stores nothing but the secret's SHA-256, which is enough for 256 random bits: a
//! stolen table cannot be replayed, and no slow hash is needed.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::UserId;

const VERSION: &str = "mr1";
const SECRET_BYTES: usize = 32;
/// Longer than any token this code makes; anything longer is refused before it is parsed.
pub const MAX_LEN: usize = 128;

#[derive(Clone, PartialEq, Eq)]
pub struct RefreshToken {
    pub user_id: UserId,
    pub session_id: Uuid,
    secret: [u8; SECRET_BYTES],
}

// The secret never reaches a log through Debug.
impl std::fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshToken").field("user_id", &self.user_id).field("session_id", &self.session_id).finish()
    }
}

impl RefreshToken {
    /// A fresh secret for the session.
    pub fn generate(user_id: UserId, session_id: Uuid) -> Self {
        let mut secret = [0u8; SECRET_BYTES];
        // A server that cannot draw randomness must not hand out credentials.
        getrandom::fill(&mut secret).expect("the operating system provides randomness");
        Self { user_id, session_id, secret }
    }

    /// Parses what a client presented; `None` for anything this code did not make.
    pub fn parse(presented: &str) -> Option<Self> {
        if presented.len() > MAX_LEN {
            return None;
        }
        let mut parts = presented.split('.');
        let (version, user, session, secret) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        if version != VERSION || parts.next().is_some() {
            return None;
        }
        let user_id = UserId::parse(user).ok()?;
        let session_id = Uuid::try_parse(session).ok()?;
        let secret: [u8; SECRET_BYTES] = URL_SAFE_NO_PAD.decode(secret).ok()?.try_into().ok()?;
        // Only the canonical spelling: one token, one string.
        let token = Self { user_id, session_id, secret };
        (token.to_string() == presented).then_some(token)
    }

    /// What the store keeps in place of the secret.
    pub fn secret_hash(&self) -> String {
        hex::encode(Sha256::digest(self.secret))
    }
}

impl std::fmt::Display for RefreshToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{VERSION}.{}.{}.{}", self.user_id, self.session_id, URL_SAFE_NO_PAD.encode(self.secret))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> RefreshToken {
        RefreshToken::generate(UserId(Uuid::now_v7()), Uuid::now_v7())
    }

    #[test]
    fn a_token_parses_back_to_itself_and_fresh_secrets_differ() {
        let t = token();
        let text = t.to_string();
        assert!(text.len() <= MAX_LEN);
        assert_eq!(RefreshToken::parse(&text), Some(t.clone()));
        let other = RefreshToken::generate(t.user_id, t.session_id);
        assert_ne!(other.secret_hash(), t.secret_hash());
        assert!(!format!("{t:?}").contains(&text[text.len() - 20..]), "Debug does not show the secret");
    }

    #[test]
    fn anything_else_is_refused() {
        let text = token().to_string();
        let upper = text.to_uppercase();
        let padded = format!("{text}=");
        let extra = format!("{text}.x");
        let short_secret = text[..text.len() - 2].to_owned();
        let other_version = text.replacen("mr1", "mr2", 1);
        let long = "a".repeat(10_000);
        for bad in ["", "mr1", "mr1...", &upper, &padded, &extra, &short_secret, &other_version, &long] {
            assert_eq!(RefreshToken::parse(bad), None, "{bad:?}");
        }
    }
}
