//! The user pool's public signing keys, fetched from its JWKS URL and kept in memory.

use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::JwkSet;
use mendan_core::ports::{PortError, PortResult};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, RwLock};

/// A token naming an unknown key triggers a refetch (the pool may have rotated its keys), but at
/// most this often, so tokens with made-up key ids cannot turn us into a JWKS flood.
const REFETCH_AFTER: Duration = Duration::from_secs(30);
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) struct JwksCache {
    url: String,
    http: reqwest::Client,
    state: RwLock<State>,
    refetch_after: Duration,
    /// One fetch at a time; verifications with known keys never wait for it.
    fetching: Mutex<()>,
}

#[derive(Default)]
struct State {
    keys: HashMap<String, DecodingKey>,
    fetched_at: Option<Instant>,
}

fn unknown_key() -> PortError {
    PortError::Unauthenticated("the token is signed with a key the user pool does not publish".into())
}

impl JwksCache {
    pub(crate) fn new(url: String) -> Self {
        Self {
            url,
            http: reqwest::Client::new(),
            state: RwLock::new(State::default()),
            refetch_after: REFETCH_AFTER,
            fetching: Mutex::new(()),
        }
    }

    /// The key with this id; fetches the key set the first time and once more for an unknown id.
    pub(crate) async fn key(&self, kid: &str) -> PortResult<DecodingKey> {
        if let Some(key) = self.state.read().await.keys.get(kid) {
            return Ok(key.clone());
        }
        let _one_fetch = self.fetching.lock().await;
        {
            // Another request may have refreshed the set while we waited.
            let state = self.state.read().await;
            if let Some(key) = state.keys.get(kid) {
                return Ok(key.clone());
            }
            if state.fetched_at.is_some_and(|at| at.elapsed() < self.refetch_after) {
                return Err(unknown_key());
            }
        }
        let keys = self.fetch().await?;
        let mut state = self.state.write().await;
        state.keys = keys;
        state.fetched_at = Some(Instant::now());
        state.keys.get(kid).cloned().ok_or_else(unknown_key)
    }

    /// A failed fetch is a backend fault (the token may be fine), so it is not `Unauthenticated`.
    async fn fetch(&self) -> PortResult<HashMap<String, DecodingKey>> {
        let fail =
            |e: reqwest::Error| PortError::Backend(format!("fetching the user pool's keys from {}: {e}", self.url));
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Component values need only be valid base64url here: nothing is verified with them.
    const JWKS: &str = r#"{"keys":[{"kty":"RSA","kid":"k1","alg":"RS256","use":"sig","n":"AQAB","e":"AQAB"}]}"#;

    /// A one-route HTTP server that counts the key-set fetches.
    fn serve_jwks() -> (String, Arc<AtomicUsize>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let url = format!("http://{}/jwks.json", listener.local_addr().expect("local address"));
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        std::thread::spawn(move || {
            for mut socket in listener.incoming().flatten() {
                counter.fetch_add(1, Ordering::SeqCst);
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request);
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{JWKS}",
                    JWKS.len()
                );
                let _ = socket.write_all(response.as_bytes());
            }
        });
        (url, hits)
    }

    #[tokio::test]
    async fn fetches_once_and_again_only_for_an_unknown_key() {
        let (url, hits) = serve_jwks();
        let cache = JwksCache { refetch_after: Duration::ZERO, ..JwksCache::new(url) };
        assert!(cache.key("k1").await.is_ok());
        assert!(cache.key("k1").await.is_ok());
        assert_eq!(hits.load(Ordering::SeqCst), 1, "a known key is served from memory");
        assert!(matches!(cache.key("rotated").await, Err(PortError::Unauthenticated(_))));
        assert_eq!(hits.load(Ordering::SeqCst), 2, "an unknown key refetches the set once");
    }

    #[tokio::test]
    async fn unknown_keys_do_not_refetch_within_the_pause() {
        let (url, hits) = serve_jwks();
        let cache = JwksCache::new(url);
        assert!(cache.key("k1").await.is_ok());
        for made_up in ["a", "b", "c"] {
            assert!(matches!(cache.key(made_up).await, Err(PortError::Unauthenticated(_))));
        }
        assert_eq!(hits.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn an_unreachable_key_set_is_a_backend_fault() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        let cache = JwksCache::new(format!("http://127.0.0.1:{port}/jwks.json"));
        assert!(matches!(cache.key("k1").await, Err(PortError::Backend(_))));
    }
}
