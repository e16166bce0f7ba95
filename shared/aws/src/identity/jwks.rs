//! The user pool's public signing keys, fetched from its JWKS URL and kept in memory.

use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::JwkSet;
use mendan_core::ports::{PortError, PortResult};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

/// A token naming an unknown key triggers a refetch (the pool may have rotated its keys), but at
/// most this often, so tokens with made-up key ids cannot turn us into a JWKS flood.
const REFETCH_AFTER: Duration = Duration::from_secs(30);
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) struct JwksCache {
    url: String,
    http: reqwest::Client,
    state: RwLock<State>,
}

#[derive(Default)]
struct State {
    keys: HashMap<String, DecodingKey>,
    fetched_at: Option<Instant>,
}

impl JwksCache {
    pub(crate) fn new(url: String) -> Self {
        Self {
            url,
            http: reqwest::Client::new(),
            state: RwLock::new(State::default()),
        }
    }

    /// The key with this id; fetches the key set the first time and once more for an unknown id.
    pub(crate) async fn key(&self, kid: &str) -> PortResult<DecodingKey> {
        if let Some(key) = self.state.read().await.keys.get(kid) {
            return Ok(key.clone());
        }
        let mut state = self.state.write().await;
        // Another request may have refreshed the set while we waited for the lock.
        let fresh = state
            .fetched_at
            .is_some_and(|at| at.elapsed() < REFETCH_AFTER);
        if !state.keys.contains_key(kid) && !fresh {
            state.keys = self.fetch().await?;
            state.fetched_at = Some(Instant::now());
        }
        state.keys.get(kid).cloned().ok_or_else(|| {
            PortError::Unauthenticated(
                "the token is signed with a key the user pool does not publish".into(),
            )
        })
    }

    /// A failed fetch is a backend fault (the token may be fine), so it is not `Unauthenticated`.
    async fn fetch(&self) -> PortResult<HashMap<String, DecodingKey>> {
        let fail = |e: reqwest::Error| {
            PortError::Backend(format!(
                "fetching the user pool's keys from {}: {e}",
                self.url
            ))
        };
        let set: JwkSet = self
            .http
            .get(&self.url)
            .timeout(FETCH_TIMEOUT)
            .send()
            .await
            .map_err(fail)?
            .error_for_status()
            .map_err(fail)?
            .json()
            .await
            .map_err(fail)?;
        // Keys we cannot use (no id, another type) are skipped rather than failing the whole set.
        Ok(set
            .keys
            .iter()
            .filter_map(|jwk| Some((jwk.common.key_id.clone()?, DecodingKey::from_jwk(jwk).ok()?)))
            .collect())
    }
}
