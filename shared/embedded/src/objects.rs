//! The `Objects` port on the file system. Presigned URLs point at `mendan serve`'s `/objects/...`
//! route and carry an HMAC-SHA256 signature over the method, key, expiry, content type and length,
//! so a URL cannot be stretched to another object, a later time or a larger upload.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use mendan_core::ports::{ObjectInfo, Objects, PortError, PortResult, PresignedRequest, check_object_key};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

type HmacSha256 = Hmac<Sha256>;

/// The URL path under which `mendan serve` answers signed object requests.
pub const OBJECTS_ROUTE: &str = "/objects/";

pub struct FsObjects {
    root: PathBuf,
    public_url: String,
    key: Vec<u8>,
}

/// What a verified signed URL allows.
#[derive(Debug, PartialEq, Eq)]
pub struct SignedAccess {
    pub key: String,
    pub content_type: Option<String>,
    pub max_len: Option<u64>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("the link is incomplete or malformed")]
    Malformed,
    #[error("the link has expired; ask for a new one")]
    Expired,
    #[error("the link's signature does not match")]
    BadSignature,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Meta {
    content_type: String,
    etag: String,
}

fn backend(e: impl std::fmt::Display) -> PortError {
    PortError::Backend(format!("objects: {e}"))
}

/// Objects under `prefix`, leaving out metadata sidecars and unfinished uploads.
fn is_listed_object(rel: &str, prefix: &str) -> bool {
    rel.starts_with(prefix) && check_object_key(rel).is_ok() && !rel.ends_with(".meta") && !rel.contains(".part-")
}

impl FsObjects {
    pub fn new(root: PathBuf, public_url: &str, secret: &[u8]) -> Self {
        // A key of its own, derived from the data directory's secret, so JWT and URL keys differ.
        let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(b"mendan object urls");
        let key = mac.finalize().into_bytes().to_vec();
        Self { root, public_url: public_url.trim_end_matches('/').to_owned(), key }
    }

    fn path(&self, key: &str) -> PortResult<PathBuf> {
        check_object_key(key)?;
        Ok(self.root.join(key))
    }

    fn meta_path(path: &Path) -> PathBuf {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".meta");
        path.with_file_name(name)
    }

    /// The MAC over everything a signed URL grants.
    fn mac(&self, method: &str, key: &str, expires: i64, content_type: &str, len: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(format!("{method}\n{key}\n{expires}\n{content_type}\n{len}").as_bytes());
        mac
    }

    fn presign(
        &self,
        method: &str,
        key: &str,
        content_type: Option<&str>,
        len: Option<u64>,
        ttl: Duration,
    ) -> PortResult<PresignedRequest> {
        check_object_key(key)?;
        let expires_at = Utc::now() + chrono::Duration::from_std(ttl).map_err(backend)?;
        let expires = expires_at.timestamp();
        let ct = content_type.unwrap_or("");
        let len_s = len.map(|l| l.to_string()).unwrap_or_default();
        let sig = hex::encode(self.mac(method, key, expires, ct, &len_s).finalize().into_bytes());
        let mut url = url::Url::parse(&format!("{}{OBJECTS_ROUTE}{key}", self.public_url)).map_err(backend)?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("method", method).append_pair("expires", &expires.to_string());
            if let Some(ct) = content_type {
                q.append_pair("content_type", ct);
            }
            if let Some(len) = len {
                q.append_pair("max_len", &len.to_string());
            }
            q.append_pair("sig", &sig);
        }
        let mut headers = BTreeMap::new();
        if let Some(ct) = content_type {
            headers.insert("content-type".to_owned(), ct.to_owned());
        }
        Ok(PresignedRequest { url: url.into(), method: method.to_owned(), headers, expires_at })
    }

    /// Checks a signed URL's query for `method` on `key` at time `now`.
    pub fn verify(
        &self,
        method: &str,
        key: &str,
        query: &str,
        now: DateTime<Utc>,
    ) -> Result<SignedAccess, SignatureError> {
        let pairs: BTreeMap<String, String> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let get = |name: &str| pairs.get(name).map(String::as_str);
        if get("method") != Some(method) || check_object_key(key).is_err() {
            return Err(SignatureError::Malformed);
        }
        let expires: i64 = get("expires").and_then(|e| e.parse().ok()).ok_or(SignatureError::Malformed)?;
        let sig = get("sig").and_then(|s| hex::decode(s).ok()).ok_or(SignatureError::Malformed)?;
        let ct = get("content_type").unwrap_or("");
        let len = get("max_len").unwrap_or("");
        self.mac(method, key, expires, ct, len).verify_slice(&sig).map_err(|_| SignatureError::BadSignature)?;
        if now.timestamp() > expires {
            return Err(SignatureError::Expired);
        }
        Ok(SignedAccess {
            key: key.to_owned(),
            content_type: (!ct.is_empty()).then(|| ct.to_owned()),
            max_len: len.parse().ok(),
        })
    }

    /// Stores an upload from a stream of chunks without holding it in memory; the object appears
    /// whole or not at all (written to a temporary file, then renamed). Refuses more than `max_len`.
    pub async fn put_stream<S, E>(
        &self,
        key: &str,
        content_type: &str,
        max_len: Option<u64>,
        mut chunks: S,
    ) -> PortResult<ObjectInfo>
    where
        S: futures_util::Stream<Item = Result<bytes::Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        use futures_util::StreamExt;
        let path = self.path(key)?;
        let dir = path.parent().ok_or_else(|| backend("key has no parent"))?;
        tokio::fs::create_dir_all(dir).await.map_err(backend)?;
        let tmp = path.with_extension(format!("part-{}", uuid::Uuid::new_v4()));
        let result = async {
            let mut file = tokio::fs::File::create(&tmp).await.map_err(backend)?;
            let mut hasher = Sha256::new();
            let mut size = 0u64;
            while let Some(chunk) = chunks.next().await {
                let chunk = chunk.map_err(|e| PortError::Invalid(format!("upload interrupted: {e}")))?;
                size += chunk.len() as u64;
                if max_len.is_some_and(|max| size > max) {
                    return Err(PortError::Invalid(format!(
                        "the upload is larger than the {} bytes announced",
                        max_len.unwrap_or(0)
                    )));
                }
                hasher.update(&chunk);
                file.write_all(&chunk).await.map_err(backend)?;
            }
            file.sync_all().await.map_err(backend)?;
            Ok((size, hex::encode(hasher.finalize())))
        }
        .await;
        let (size, etag) = match result {
            Ok(done) => done,
            Err(e) => {
                let _ = tokio::fs::remove_file(&tmp).await;
                return Err(e);
            }
        };
        let meta =
            serde_json::to_vec(&Meta { content_type: content_type.to_owned(), etag: etag.clone() }).map_err(backend)?;
        tokio::fs::write(Self::meta_path(&path), meta).await.map_err(backend)?;
        tokio::fs::rename(&tmp, &path).await.map_err(backend)?;
        Ok(ObjectInfo { key: key.to_owned(), size, etag })
    }

    async fn read_meta(path: &Path) -> Option<Meta> {
        let bytes = tokio::fs::read(Self::meta_path(path)).await.ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The stored content type of an object, for serving it.
    pub async fn content_type(&self, key: &str) -> Option<String> {
        Self::read_meta(&self.path(key).ok()?).await.map(|m| m.content_type)
    }

    /// The file behind an object, for streaming it out.
    pub fn file_path(&self, key: &str) -> PortResult<PathBuf> {
        self.path(key)
    }
}

#[async_trait]
impl Objects for FsObjects {
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> PortResult<ObjectInfo> {
        let once = futures_util::stream::iter([Ok::<_, std::convert::Infallible>(bytes::Bytes::from(bytes))]);
        self.put_stream(key, content_type, None, once).await
    }

    async fn get(&self, key: &str) -> PortResult<Option<Vec<u8>>> {
        match tokio::fs::read(self.path(key)?).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(backend(e)),
        }
    }

    async fn download_to(&self, key: &str, dest: &Path) -> PortResult<Option<ObjectInfo>> {
        let Some(info) = self.head(key).await? else { return Ok(None) };
        match tokio::fs::copy(self.path(key)?, dest).await {
            Ok(_) => Ok(Some(info)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(backend(e)),
        }
    }

    async fn head(&self, key: &str) -> PortResult<Option<ObjectInfo>> {
        let path = self.path(key)?;
        let Ok(stat) = tokio::fs::metadata(&path).await else { return Ok(None) };
        let etag = Self::read_meta(&path).await.map(|m| m.etag).unwrap_or_default();
        Ok(Some(ObjectInfo { key: key.to_owned(), size: stat.len(), etag }))
    }

    async fn delete(&self, key: &str) -> PortResult<()> {
        let path = self.path(key)?;
        for p in [Self::meta_path(&path), path] {
            match tokio::fs::remove_file(&p).await {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(backend(e)),
            }
        }
        Ok(())
    }

    async fn list(&self, prefix: &str) -> PortResult<Vec<ObjectInfo>> {
        let mut found = Vec::new();
        let mut dirs = vec![self.root.clone()];
        while let Some(dir) = dirs.pop() {
            let Ok(mut entries) = tokio::fs::read_dir(&dir).await else { continue };
            while let Some(entry) = entries.next_entry().await.map_err(backend)? {
                let path = entry.path();
                let kind = entry.file_type().await.map_err(backend)?;
                let rel = path.strip_prefix(&self.root).map_err(backend)?.to_string_lossy().replace('\\', "/");
                if kind.is_dir() {
                    if prefix.starts_with(&format!("{rel}/")) || rel.starts_with(prefix) || prefix.is_empty() {
                        dirs.push(path);
                    }
                } else if is_listed_object(&rel, prefix)
                    && let Some(info) = self.head(&rel).await?
                {
                    found.push(info);
                }
            }
        }
        found.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(found)
    }

    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        ttl: Duration,
    ) -> PortResult<PresignedRequest> {
        self.presign("PUT", key, Some(content_type), Some(size), ttl)
    }

    async fn presign_get(&self, key: &str, ttl: Duration) -> PortResult<PresignedRequest> {
        self.presign("GET", key, None, None, ttl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, FsObjects) {
        let dir = tempfile::tempdir().unwrap();
        let objects =
            FsObjects::new(dir.path().join("objects"), "http://127.0.0.1:9", b"0123456789abcdef0123456789abcdef");
        (dir, objects)
    }

    fn query_of(url: &str) -> String {
        url::Url::parse(url).unwrap().query().unwrap().to_owned()
    }

    #[tokio::test]
    async fn signed_urls_are_checked_for_tampering_and_expiry() {
        let (_dir, objects) = store();
        let key = "t/acme/interviews/x/recordings/r.webm";
        let signed = objects.presign_put(key, "video/webm", 100, Duration::from_secs(60)).await.unwrap();
        let q = query_of(&signed.url);
        let ok = objects.verify("PUT", key, &q, Utc::now()).unwrap();
        assert_eq!(ok.max_len, Some(100));
        assert_eq!(ok.content_type.as_deref(), Some("video/webm"));

        assert_eq!(objects.verify("PUT", "t/other/x.webm", &q, Utc::now()), Err(SignatureError::BadSignature));
        assert_eq!(
            objects.verify("PUT", key, &q.replace("max_len=100", "max_len=999999"), Utc::now()),
            Err(SignatureError::BadSignature)
        );
        assert_eq!(objects.verify("GET", key, &q, Utc::now()), Err(SignatureError::Malformed));
        let later = Utc::now() + chrono::Duration::seconds(120);
        assert_eq!(objects.verify("PUT", key, &q, later), Err(SignatureError::Expired));
        let forged_expiry = q.replace(&format!("expires={}", signed.expires_at.timestamp()), "expires=99999999999");
        assert_eq!(objects.verify("PUT", key, &forged_expiry, later), Err(SignatureError::BadSignature));
    }

    #[test]
    fn keys_cannot_escape_the_root() {
        for bad in ["../etc/passwd", "/abs", "a//b", "a/./b", "a/b/..", "", "a b"] {
            assert!(check_object_key(bad).is_err(), "{bad:?}");
        }
        assert!(check_object_key("t/acme/interviews/0190/recordings/0191.webm").is_ok());
    }
}
