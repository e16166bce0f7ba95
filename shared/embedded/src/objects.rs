//! The `Objects` port on the file system. Presigned URLs point at `mendan serve`'s `/objects/...`
//! route and carry an HMAC-SHA256 signature over the method, key, expiry, content type and length
//! ([`crate::signed_url`]), so a URL cannot be stretched to another object, a later time or a
//! larger upload. Files are owner-only ([`crate::private_files`]); an object and its metadata
//! each appear whole or not at all (temporary file, fsync, rename).

use crate::private_files;
use crate::signed_url::{Grant, UrlSigner};
pub use crate::signed_url::{SignatureError, SignedAccess};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mendan_core::ports::{
    ObjectInfo, Objects, PortError, PortResult, PresignedRequest, check_erasable_prefix, check_object_key,
};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use tokio::io::AsyncWriteExt;

/// The URL path under which `mendan serve` answers signed object requests.
pub const OBJECTS_ROUTE: &str = "/objects/";

/// Unfinished uploads (`.part-` files) untouched for this long are from a process that stopped
/// mid-upload and are removed when the data directory is opened. A live upload writes at least
/// every body read timeout (30 s in `mendan serve`), far within this.
pub const STALE_PART_AFTER: Duration = Duration::from_secs(15 * 60);

pub struct FsObjects {
    root: PathBuf,
    public_url: String,
    signer: UrlSigner,
}

/// Why a streamed upload was not stored; nothing of it is left behind.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the upload is larger than the {limit} bytes signed")]
    TooLarge { limit: u64 },
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    #[error(transparent)]
    Store(#[from] PortError),
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
    rel.starts_with(prefix) && check_object_key(rel).is_ok() && !rel.ends_with(".meta") && !is_part(rel)
}

fn is_part(name: &str) -> bool {
    name.contains(".part-")
}

/// A sibling of `path` to write into before renaming it over `path`.
fn temp_sibling(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".part-{}", uuid::Uuid::new_v4()));
    path.with_file_name(name)
}

/// Writes `bytes` to `path` atomically: a temporary file, flushed to disk, renamed over `path`.
async fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_sibling(path);
    let written = async {
        let mut file = private_files::async_file_options().write(true).create_new(true).open(&tmp).await?;
        file.write_all(bytes).await?;
        file.sync_all().await?;
        tokio::fs::rename(&tmp, path).await
    }
    .await;
    if written.is_err() {
        let _ = tokio::fs::remove_file(&tmp).await;
    }
    written
}

/// Makes renames in `dir` durable (a crash after the upload was answered must not lose it).
async fn sync_dir(dir: &Path) -> std::io::Result<()> {
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || std::fs::File::open(dir)?.sync_all()).await.map_err(std::io::Error::other)?
}

impl FsObjects {
    #[cfg(test)]
    pub(crate) fn signer(&self) -> &UrlSigner {
        &self.signer
    }

    pub fn new(root: PathBuf, public_url: &str, secret: &[u8]) -> Self {
        Self { root, public_url: public_url.trim_end_matches('/').to_owned(), signer: UrlSigner::new(secret) }
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

    fn presign(
        &self,
        method: &str,
        key: &str,
        content_type: Option<&str>,
        max_len: Option<u64>,
        ttl: Duration,
    ) -> PortResult<PresignedRequest> {
        check_object_key(key)?;
        let expires_at = Utc::now() + chrono::Duration::from_std(ttl).map_err(backend)?;
        let grant = Grant { method, key, expires: expires_at.timestamp(), content_type, max_len };
        let query = self.signer.sign(&grant).map_err(|e| PortError::Invalid(e.to_string()))?;
        // Keys may hold `#`, which a URL path must escape.
        let url = format!("{}{OBJECTS_ROUTE}{}?{query}", self.public_url, key.replace('#', "%23"));
        let mut headers = BTreeMap::new();
        if let Some(ct) = content_type {
            headers.insert("content-type".to_owned(), ct.to_owned());
        }
        Ok(PresignedRequest { url, method: method.to_owned(), headers, expires_at })
    }

    /// Checks a signed URL's query for `method` on `key` at time `now`.
    pub fn verify(
        &self,
        method: &str,
        key: &str,
        query: &str,
        now: DateTime<Utc>,
    ) -> Result<SignedAccess, SignatureError> {
        self.signer.verify(method, key, query, now.timestamp())
    }

    /// Stores an upload from a stream of chunks without holding it in memory; the object appears
    /// whole or not at all (written to a temporary file, then renamed). Refuses more than
    /// `max_len` as soon as the stream passes it.
    pub async fn put_stream<S, E>(
        &self,
        key: &str,
        content_type: &str,
        max_len: Option<u64>,
        mut chunks: S,
    ) -> Result<ObjectInfo, UploadError>
    where
        S: futures_util::Stream<Item = Result<bytes::Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        use futures_util::StreamExt;
        let path = self.path(key)?;
        let dir = path.parent().ok_or_else(|| backend("key has no parent"))?.to_path_buf();
        let made = tokio::task::spawn_blocking(move || private_files::create_dir_all(&dir).and(Ok(dir)));
        let dir = made.await.map_err(backend)?.map_err(backend)?;
        let tmp = temp_sibling(&path);
        let result = async {
            let mut file =
                private_files::async_file_options().write(true).create_new(true).open(&tmp).await.map_err(backend)?;
            let mut hasher = Sha256::new();
            let mut size = 0u64;
            while let Some(chunk) = chunks.next().await {
                let chunk = chunk.map_err(|e| UploadError::Interrupted(e.to_string()))?;
                size += chunk.len() as u64;
                if let Some(limit) = max_len.filter(|max| size > *max) {
                    return Err(UploadError::TooLarge { limit });
                }
                hasher.update(&chunk);
                file.write_all(&chunk).await.map_err(backend)?;
            }
            file.sync_all().await.map_err(backend)?;
            let etag = hex::encode(hasher.finalize());
            let meta = serde_json::to_vec(&Meta { content_type: content_type.to_owned(), etag: etag.clone() })
                .map_err(backend)?;
            write_atomically(&Self::meta_path(&path), &meta).await.map_err(backend)?;
            tokio::fs::rename(&tmp, &path).await.map_err(backend)?;
            sync_dir(&dir).await.map_err(backend)?;
            Ok(ObjectInfo { key: key.to_owned(), size, etag })
        }
        .await;
        if result.is_err() {
            let _ = tokio::fs::remove_file(&tmp).await;
        }
        result
    }

    /// Removes unfinished uploads left by a process that stopped mid-upload (see
    /// [`STALE_PART_AFTER`]); returns how many. Run when the data directory is opened.
    pub fn remove_stale_parts(&self, now: SystemTime) -> std::io::Result<usize> {
        let mut removed = 0;
        let mut dirs = vec![self.root.clone()];
        while let Some(dir) = dirs.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            for entry in entries {
                let entry = entry?;
                let kind = entry.file_type()?;
                if kind.is_dir() {
                    dirs.push(entry.path());
                } else if kind.is_file() && is_part(&entry.file_name().to_string_lossy()) {
                    let touched = entry.metadata()?.modified()?;
                    if now.duration_since(touched).is_ok_and(|age| age >= STALE_PART_AFTER) {
                        std::fs::remove_file(entry.path())?;
                        removed += 1;
                    }
                }
            }
        }
        Ok(removed)
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
        self.put_stream(key, content_type, None, once).await.map_err(|e| match e {
            UploadError::Store(e) => e,
            other => backend(other),
        })
    }

    async fn put_file(&self, key: &str, source: &Path, content_type: &str) -> PortResult<ObjectInfo> {
        let file = tokio::fs::File::open(source).await.map_err(backend)?;
        // Read a megabyte at a time: an export of recordings is too large to hold at once.
        let chunks = futures_util::stream::unfold(file, |mut file| async move {
            let mut buffer = vec![0u8; 1 << 20];
            match tokio::io::AsyncReadExt::read(&mut file, &mut buffer).await {
                Ok(0) => None,
                Ok(n) => {
                    buffer.truncate(n);
                    Some((Ok::<_, std::io::Error>(bytes::Bytes::from(buffer)), file))
                }
                Err(e) => Some((Err(e), file)),
            }
        });
        self.put_stream(key, content_type, None, Box::pin(chunks)).await.map_err(|e| match e {
            UploadError::Store(e) => e,
            other => backend(other),
        })
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

    async fn erase_prefix(&self, prefix: &str) -> PortResult<u64> {
        check_erasable_prefix(prefix)?;
        // Files have no versions here: deleting each object (and its metadata) is erasing it.
        let objects = self.list(prefix).await?;
        for object in &objects {
            self.delete(&object.key).await?;
        }
        // The directories the prefix names, when it names whole ones (t/{tenant}/), go too.
        if let Some(dir) = prefix.strip_suffix('/').filter(|d| !d.is_empty()) {
            let path = self.path(dir)?;
            match tokio::fs::remove_dir_all(&path).await {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(backend(e)),
            }
        }
        Ok(objects.len() as u64)
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
        assert!(matches!(objects.verify("GET", key, &q, Utc::now()), Err(SignatureError::Malformed(_))));
        let later = Utc::now() + chrono::Duration::seconds(120);
        assert_eq!(objects.verify("PUT", key, &q, later), Err(SignatureError::Expired));
        let forged_expiry = q.replace(&format!("expires={}", signed.expires_at.timestamp()), "expires=99999999999");
        assert_eq!(objects.verify("PUT", key, &forged_expiry, later), Err(SignatureError::BadSignature));
    }

    fn chunks(parts: &[&'static [u8]]) -> impl futures_util::Stream<Item = Result<bytes::Bytes, String>> + Unpin {
        futures_util::stream::iter(parts.iter().map(|p| Ok(bytes::Bytes::from_static(p))).collect::<Vec<_>>())
    }

    /// Every file under `root`, relative, sorted.
    fn files_under(root: &Path) -> Vec<String> {
        let mut found = Vec::new();
        let mut dirs = vec![root.to_path_buf()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                if entry.file_type().unwrap().is_dir() {
                    dirs.push(entry.path());
                } else {
                    found.push(entry.path().strip_prefix(root).unwrap().to_string_lossy().into_owned());
                }
            }
        }
        found.sort();
        found
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_refused_while_streaming_and_leaves_nothing() {
        let (dir, objects) = store();
        let key = "t/acme/interviews/x/recordings/r.webm";
        let over = objects.put_stream(key, "video/webm", Some(5), chunks(&[b"abc", b"def", b"never read"])).await;
        assert!(matches!(over, Err(UploadError::TooLarge { limit: 5 })), "{over:?}");
        let cut = futures_util::stream::iter(vec![Ok(bytes::Bytes::from_static(b"ab")), Err("reset".to_owned())]);
        assert!(matches!(objects.put_stream(key, "video/webm", Some(5), cut).await, Err(UploadError::Interrupted(_))));
        assert_eq!(files_under(&dir.path().join("objects")), Vec::<String>::new());

        let stored = objects.put_stream(key, "video/webm", Some(5), chunks(&[b"abc", b"de"])).await.unwrap();
        assert_eq!(stored.size, 5);
        let listed = files_under(&dir.path().join("objects"));
        assert_eq!(listed, [key.to_owned(), format!("{key}.meta")], "no temporary file is left");
        assert_eq!(objects.content_type(key).await.as_deref(), Some("video/webm"));
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn objects_and_their_metadata_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, objects) = store();
        let key = "t/acme/interviews/x/recordings/r.webm";
        objects.put(key, b"hello".to_vec(), "video/webm").await.unwrap();
        let mode = |p: PathBuf| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let root = dir.path().join("objects");
        assert_eq!(mode(root.clone()), 0o700);
        assert_eq!(mode(root.join(key)), 0o600);
        assert_eq!(mode(root.join(format!("{key}.meta"))), 0o600);
    }

    #[tokio::test]
    async fn stale_unfinished_uploads_are_removed_and_live_ones_kept() {
        let (dir, objects) = store();
        let folder = dir.path().join("objects/t/acme/interviews/x/recordings");
        std::fs::create_dir_all(&folder).unwrap();
        let crashed = folder.join("r.webm.part-0b7c");
        let live = folder.join("s.webm.part-9f1e");
        let kept = folder.join("q.webm");
        for path in [&crashed, &live, &kept] {
            std::fs::write(path, b"bytes").unwrap();
        }
        let old = SystemTime::now() - STALE_PART_AFTER - Duration::from_secs(1);
        std::fs::File::options().write(true).open(&crashed).unwrap().set_modified(old).unwrap();
        std::fs::File::options().write(true).open(&kept).unwrap().set_modified(old).unwrap();
        assert_eq!(objects.remove_stale_parts(SystemTime::now()).unwrap(), 1);
        assert!(!crashed.exists() && live.exists() && kept.exists());
    }

    #[tokio::test]
    async fn a_key_with_a_hash_sign_makes_a_usable_link() {
        let (_dir, objects) = store();
        let key = "t/acme/x#1.json";
        let signed = objects.presign_get(key, Duration::from_secs(60)).await.unwrap();
        let url = url::Url::parse(&signed.url).unwrap();
        assert_eq!(url.path(), "/objects/t/acme/x%231.json");
        assert!(objects.verify("GET", key, url.query().unwrap(), Utc::now()).is_ok());
    }

    #[test]
    fn keys_cannot_escape_the_root() {
        for bad in ["../etc/passwd", "/abs", "a//b", "a/./b", "a/b/..", "", "a b"] {
            assert!(check_object_key(bad).is_err(), "{bad:?}");
        }
        assert!(check_object_key("t/acme/interviews/0190/recordings/0191.webm").is_ok());
    }
}
