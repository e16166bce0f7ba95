//! Sessions users keep: a short-lived access token (the identity's, ~15 minutes) and a refresh
//! token of Mendan's own that rotates on every use, stored in the items table so both backends
//! behave alike (one code, one conformance suite).
//!
//! Rotation with reuse detection: a session remembers the hash of its current refresh token and
//! of the one before it. Presenting the current one rotates; presenting the previous one within
//! [`RETRY_GRACE_SECS`] of its rotation is a client retrying a lost answer and rotates again (the
//! unused successor dies); presenting any other token of the session means a copy is in someone
//! else's hands, and the whole session ends.
//!
//! The identity's own long-lived credential (Cognito's refresh token) stays in the session item
//! and never reaches the client.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::refresh_token::RefreshToken;
use crate::domain::service_hours::Feature;
use crate::domain::user::User;
use crate::domain::{TenantSlug, UserId};
use crate::ports::{IssuedTokens, PortError};
use crate::repo::{Entity, TenantStore, Versioned, keys};
use crate::usecases::contract::{self, Access};
use crate::{CoreError, CoreResult, Ports};

/// A session unused this long ends (a working week with its weekend).
pub const IDLE_SECS: i64 = 7 * 24 * 3600;
/// However busy, a session ends this long after the password was given.
pub const LIFETIME_SECS: i64 = 30 * 24 * 3600;
/// How long after a rotation the previous token may be presented again (a lost answer).
pub const RETRY_GRACE_SECS: i64 = 30;
/// Sessions a user may have at once (devices, browsers); signing in beyond it ends the oldest.
pub const MAX_SESSIONS_PER_USER: usize = 20;
/// Concurrent refreshes of one session retry their conditional write at most this often.
const MAX_WRITE_TRIES: usize = 8;

/// What a signed-in client holds.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionTokens {
    /// Send as `Authorization: Bearer <token>`.
    pub access_token: String,
    pub expires_in_secs: u32,
    /// Present it to `auth/refresh` for the next access token; it changes every time.
    pub refresh_token: String,
}

impl std::fmt::Debug for SessionTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionTokens").field("expires_in_secs", &self.expires_in_secs).finish_non_exhaustive()
    }
}

#[derive(Clone, Serialize, Deserialize)]
struct StoredSession {
    user_id: UserId,
    session_id: Uuid,
    started_at: DateTime<Utc>,
    /// The end of [`LIFETIME_SECS`].
    ends_at: DateTime<Utc>,
    /// Moves on with every refresh.
    idle_until: DateTime<Utc>,
    current_hash: String,
    previous_hash: Option<String>,
    rotated_at: DateTime<Utc>,
    renewal: Option<String>,
}

impl Entity for StoredSession {
    const NAME: &'static str = "session";
    fn sort_key(&self) -> String {
        keys::session(self.user_id, self.session_id)
    }
}

impl StoredSession {
    fn is_over(&self, now: DateTime<Utc>) -> bool {
        now >= self.ends_at || now >= self.idle_until
    }
}

/// What presenting a token of a live session means.
#[derive(Debug, PartialEq, Eq)]
enum Presented {
    /// The current token: rotate.
    Current,
    /// The previous token again, soon after its rotation: the client lost the answer.
    Retry,
    /// Any other token of this session: a copy is loose.
    Reused,
}

fn classify(session: &StoredSession, hash: &str, now: DateTime<Utc>) -> Presented {
    if session.current_hash == hash {
        Presented::Current
    } else if session.previous_hash.as_deref() == Some(hash)
        && now - session.rotated_at <= Duration::seconds(RETRY_GRACE_SECS)
    {
        Presented::Retry
    } else {
        Presented::Reused
    }
}

fn ended(why: &str) -> CoreError {
    CoreError::Unauthenticated(why.to_owned())
}

fn tokens(issued: IssuedTokens, refresh: &RefreshToken) -> SessionTokens {
    SessionTokens {
        access_token: issued.access_token,
        expires_in_secs: issued.expires_in_secs,
        refresh_token: refresh.to_string(),
    }
}

/// Starts a session after a correct password (or a chosen one).
pub async fn start(
    ports: &Ports,
    tenant: &TenantSlug,
    user_id: UserId,
    issued: IssuedTokens,
) -> CoreResult<SessionTokens> {
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    let now = ports.clock.now();
    make_room(&store, user_id, now).await?;
    let session_id = Uuid::new_v4();
    let refresh = RefreshToken::generate(user_id, session_id);
    let session = StoredSession {
        user_id,
        session_id,
        started_at: now,
        ends_at: now + Duration::seconds(LIFETIME_SECS),
        idle_until: now + Duration::seconds(IDLE_SECS),
        current_hash: refresh.secret_hash(),
        previous_hash: None,
        rotated_at: now,
        renewal: issued.renewal.clone(),
    };
    store.create(&session).await?;
    Ok(tokens(issued, &refresh))
}

/// Deletes the user's sessions that are over, and the oldest live ones beyond the limit, so a
/// new one fits (and nothing grows without bound however often someone signs in).
async fn make_room(store: &TenantStore<'_>, user_id: UserId, now: DateTime<Utc>) -> CoreResult<()> {
    let mut sessions = store.list::<StoredSession>(&keys::sessions_of(user_id)).await?;
    sessions.sort_by_key(|s| s.started_at);
    let live = sessions.iter().filter(|s| !s.is_over(now)).count();
    let mut surplus = (live + 1).saturating_sub(MAX_SESSIONS_PER_USER);
    for session in sessions {
        let oldest_live = !session.is_over(now) && surplus > 0;
        if session.is_over(now) || oldest_live {
            surplus -= usize::from(oldest_live);
            store.remove(&session.sort_key(), None).await?;
        }
    }
    Ok(())
}

/// The next access token and refresh token for a presented refresh token. Every way a session can
/// have ended (expired, signed out, revoked, reused, account disabled) is `Unauthenticated`.
pub async fn refresh(ports: &Ports, tenant: &str, presented: &str) -> CoreResult<SessionTokens> {
    let tenant = TenantSlug::parse(tenant).map_err(|_| ended("no such tenant"))?;
    let token = RefreshToken::parse(presented).ok_or_else(|| ended("not a refresh token"))?;
    let store = TenantStore::new(ports.items.as_ref(), &tenant);
    let key = keys::session(token.user_id, token.session_id);
    let hash = token.secret_hash();
    for _ in 0..MAX_WRITE_TRIES {
        let Some(Versioned { value: session, version }) = store.find::<StoredSession>(&key).await? else {
            return Err(ended("the session has ended"));
        };
        let now = ports.clock.now();
        if session.is_over(now) {
            store.remove(&key, Some(version)).await.ok();
            return Err(ended("the session expired"));
        }
        let presented = classify(&session, &hash, now);
        if presented == Presented::Reused {
            store.remove(&key, None).await?;
            tracing::warn!(user_id = %token.user_id, session_id = %token.session_id,
                "a rotated refresh token was presented again: the session is revoked");
            return Err(ended("a rotated refresh token was presented again"));
        }
        let user = store.find::<User>(&keys::user(token.user_id)).await?;
        let Some(user) = user.filter(|u| !u.value.disabled) else {
            store.remove(&key, None).await?;
            return Err(ended("the account is disabled or gone"));
        };
        contract::check(ports, &store, user.value.role, Access::of(Feature::Account)).await?;
        let issued = match ports.identity.renew(&tenant, token.user_id, session.renewal.as_deref()).await {
            Ok(issued) => issued,
            Err(PortError::Unauthenticated(why)) => {
                store.remove(&key, None).await?;
                return Err(CoreError::Unauthenticated(why));
            }
            Err(e) => return Err(e.into()),
        };
        let next = RefreshToken::generate(token.user_id, token.session_id);
        let rotated = StoredSession {
            idle_until: now + Duration::seconds(IDLE_SECS),
            current_hash: next.secret_hash(),
            // A retry replaces the unused successor; the grace still counts from the first rotation.
            previous_hash: if presented == Presented::Current { Some(hash.clone()) } else { session.previous_hash },
            rotated_at: if presented == Presented::Current { now } else { session.rotated_at },
            renewal: issued.renewal.clone().or(session.renewal),
            ..session
        };
        match store.update(&rotated, version).await {
            Ok(()) => return Ok(tokens(issued, &next)),
            // Another refresh of this session won the write: decide again on what it left.
            Err(CoreError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(CoreError::Backend("the session is being refreshed by too many requests at once".into()))
}

/// Signs out: ends the session the token belongs to (whichever of its tokens it is), or with
/// `everywhere` every session of the user, which only the current or previous token may ask.
/// A token that names no live session changes nothing; the answer is the same either way.
pub async fn end(ports: &Ports, tenant: &str, presented: &str, everywhere: bool) -> CoreResult<()> {
    let (Ok(tenant), Some(token)) = (TenantSlug::parse(tenant), RefreshToken::parse(presented)) else {
        return Ok(());
    };
    let store = TenantStore::new(ports.items.as_ref(), &tenant);
    let key = keys::session(token.user_id, token.session_id);
    let Some(session) = store.find::<StoredSession>(&key).await? else {
        return Ok(());
    };
    let now = ports.clock.now();
    if everywhere
        && !session.value.is_over(now)
        && classify(&session.value, &token.secret_hash(), now) != Presented::Reused
    {
        return end_all(ports, &tenant, token.user_id).await;
    }
    store.remove(&key, None).await
}

/// The renewal of the user's newest live session (what Cognito's adapter needs to act for the user).
pub(crate) async fn newest_renewal(ports: &Ports, tenant: &TenantSlug, user_id: UserId) -> CoreResult<Option<String>> {
    let now = ports.clock.now();
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    let sessions = store.list::<StoredSession>(&keys::sessions_of(user_id)).await?;
    Ok(sessions.into_iter().filter(|s| !s.is_over(now)).max_by_key(|s| s.started_at).and_then(|s| s.renewal))
}

/// Ends every session of a user: on disabling the account, on a password reset, on "sign out
/// everywhere". Access tokens already issued live out their few minutes, but every request
/// re-reads the account, so a disabled one is refused at once.
pub async fn end_all(ports: &Ports, tenant: &TenantSlug, user_id: UserId) -> CoreResult<()> {
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    for session in store.list::<StoredSession>(&keys::sessions_of(user_id)).await? {
        store.remove(&session.sort_key(), None).await?;
    }
    match ports.identity.sign_out_everywhere(tenant, user_id).await {
        Ok(()) | Err(PortError::NotFound) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(now: DateTime<Utc>) -> StoredSession {
        StoredSession {
            user_id: UserId(Uuid::now_v7()),
            session_id: Uuid::new_v4(),
            started_at: now,
            ends_at: now + Duration::seconds(LIFETIME_SECS),
            idle_until: now + Duration::seconds(IDLE_SECS),
            current_hash: "current".into(),
            previous_hash: Some("previous".into()),
            rotated_at: now,
            renewal: None,
        }
    }

    #[test]
    fn the_current_token_rotates_the_previous_one_only_just_after_and_any_other_is_reuse() {
        let now = Utc::now();
        let s = session(now);
        assert_eq!(classify(&s, "current", now + Duration::days(3)), Presented::Current);
        assert_eq!(classify(&s, "previous", now + Duration::seconds(RETRY_GRACE_SECS)), Presented::Retry);
        assert_eq!(classify(&s, "previous", now + Duration::seconds(RETRY_GRACE_SECS + 1)), Presented::Reused);
        assert_eq!(classify(&s, "older", now), Presented::Reused);
        let first = StoredSession { previous_hash: None, ..s };
        assert_eq!(classify(&first, "previous", now), Presented::Reused);
    }

    #[test]
    fn a_session_ends_when_idle_or_at_its_lifetime() {
        let now = Utc::now();
        let s = session(now);
        assert!(!s.is_over(now + Duration::seconds(IDLE_SECS - 1)));
        assert!(s.is_over(now + Duration::seconds(IDLE_SECS)));
        let busy = StoredSession { idle_until: now + Duration::seconds(LIFETIME_SECS + 10), ..s };
        assert!(busy.is_over(now + Duration::seconds(LIFETIME_SECS)));
    }
}
