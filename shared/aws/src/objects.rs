//! The `Objects` port on one S3 bucket, with presigned URLs the browser uses directly.

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::presigning::{PresignedRequest as SdkPresigned, PresigningConfig};
use aws_sdk_s3::primitives::ByteStream;
use chrono::{DateTime, Utc};
use mendan_core::ports::{
    ObjectInfo, Objects, PortError, PortResult, PresignedRequest, ScanVerdict, check_erasable_prefix, check_object_key,
};
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use crate::error::backend;
use aws_sdk_s3::types::{Delete, ObjectIdentifier};

pub struct S3Objects {
    client: Client,
    bucket: String,
    malware_scanning: bool,
}

/// The tag GuardDuty Malware Protection for S3 puts on every object it scanned.
const SCAN_TAG: &str = "GuardDutyMalwareScanStatus";

impl S3Objects {
    pub fn new(client: Client, bucket: impl Into<String>) -> Self {
        Self { client, bucket: bucket.into(), malware_scanning: false }
    }

    /// Reads each object's scan tag for [`Objects::scan_verdict`] (the bucket is protected by a malware
    /// protection plan).
    pub fn with_malware_scanning(mut self, on: bool) -> Self {
        self.malware_scanning = on;
        self
    }
}

/// S3 returns the ETag in quotes; the port's etag is the bare value.
fn bare_etag(etag: Option<&str>) -> String {
    etag.unwrap_or_default().trim_matches('"').to_owned()
}

/// Sizes are never negative in S3; a missing one counts as empty.
fn size(len: Option<i64>) -> u64 {
    len.and_then(|n| u64::try_from(n).ok()).unwrap_or(0)
}

/// A presigning window starting now, and the instant it ends.
fn window(ttl: Duration) -> PortResult<(PresigningConfig, DateTime<Utc>)> {
    let start = SystemTime::now();
    let config = PresigningConfig::builder()
        .start_time(start)
        .expires_in(ttl)
        .build()
        .map_err(|e| PortError::Invalid(format!("presigned URL lifetime: {e}")))?;
    Ok((config, DateTime::<Utc>::from(start + ttl)))
}

/// The headers the caller must send. `content-length` is signed too, but browsers set it from the
/// body themselves and refuse to let scripts set it, so it is not handed out.
fn to_port(presigned: &SdkPresigned, expires_at: DateTime<Utc>) -> PresignedRequest {
    let headers: BTreeMap<String, String> = presigned
        .headers()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned()))
        .filter(|(name, _)| name != "content-length" && name != "host")
        .collect();
    PresignedRequest { url: presigned.uri().to_owned(), method: presigned.method().to_owned(), headers, expires_at }
}

impl S3Objects {
    /// One PutObject of `body` (`len` bytes).
    async fn put_body(&self, key: &str, body: ByteStream, len: u64, content_type: &str) -> PortResult<ObjectInfo> {
        let out = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(body)
            .send()
            .await
            .map_err(|e| backend("s3 PutObject", &e))?;
        Ok(ObjectInfo { key: key.to_owned(), size: len, etag: bare_etag(out.e_tag()) })
    }
}

#[async_trait]
impl Objects for S3Objects {
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> PortResult<ObjectInfo> {
        check_object_key(key)?;
        let len = bytes.len() as u64;
        self.put_body(key, ByteStream::from(bytes), len, content_type).await
    }

    async fn put_file(&self, key: &str, source: &std::path::Path, content_type: &str) -> PortResult<ObjectInfo> {
        check_object_key(key)?;
        let len =
            tokio::fs::metadata(source).await.map_err(|e| PortError::Backend(format!("reading {key}: {e}")))?.len();
        let body =
            ByteStream::from_path(source).await.map_err(|e| PortError::Backend(format!("reading {key}: {e}")))?;
        self.put_body(key, body, len, content_type).await
    }

    async fn get(&self, key: &str) -> PortResult<Option<Vec<u8>>> {
        check_object_key(key)?;
        let out = match self.client.get_object().bucket(&self.bucket).key(key).send().await {
            Ok(out) => out,
            Err(e) if e.as_service_error().is_some_and(|se| se.is_no_such_key()) => {
                return Ok(None);
            }
            Err(e) => return Err(backend("s3 GetObject", &e)),
        };
        let body = out.body.collect().await.map_err(|e| PortError::Backend(format!("s3 GetObject body: {e}")))?;
        Ok(Some(body.into_bytes().to_vec()))
    }

    async fn download_to(&self, key: &str, dest: &std::path::Path) -> PortResult<Option<ObjectInfo>> {
        check_object_key(key)?;
        let out = match self.client.get_object().bucket(&self.bucket).key(key).send().await {
            Ok(out) => out,
            Err(e) if e.as_service_error().is_some_and(|se| se.is_no_such_key()) => return Ok(None),
            Err(e) => return Err(backend("s3 GetObject", &e)),
        };
        let info = ObjectInfo { key: key.to_owned(), size: size(out.content_length()), etag: bare_etag(out.e_tag()) };
        let io_error = |e: std::io::Error| PortError::Backend(format!("s3 GetObject to {}: {e}", dest.display()));
        let mut file = tokio::fs::File::create(dest).await.map_err(io_error)?;
        let mut body = out.body.into_async_read();
        tokio::io::copy(&mut body, &mut file).await.map_err(io_error)?;
        tokio::io::AsyncWriteExt::flush(&mut file).await.map_err(io_error)?;
        Ok(Some(info))
    }

    async fn head(&self, key: &str) -> PortResult<Option<ObjectInfo>> {
        check_object_key(key)?;
        match self.client.head_object().bucket(&self.bucket).key(key).send().await {
            Ok(out) => Ok(Some(ObjectInfo {
                key: key.to_owned(),
                size: size(out.content_length()),
                etag: bare_etag(out.e_tag()),
            })),
            // HEAD has no body, so a missing object shows only as NotFound (404).
            Err(e) if e.as_service_error().is_some_and(|se| se.is_not_found()) => Ok(None),
            Err(e) => Err(backend("s3 HeadObject", &e)),
        }
    }

    async fn delete(&self, key: &str) -> PortResult<()> {
        check_object_key(key)?;
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| backend("s3 DeleteObject", &e))?;
        Ok(())
    }

    async fn erase_prefix(&self, prefix: &str) -> PortResult<u64> {
        check_erasable_prefix(prefix)?;
        let mut erased = 0;
        // Each round lists from the start: what the last round deleted is gone, so nothing is listed twice and a
        // round cut off by a crash is simply done again.
        loop {
            let page = self
                .client
                .list_object_versions()
                .bucket(&self.bucket)
                .prefix(prefix)
                .max_keys(1000)
                .send()
                .await
                .map_err(|e| backend("s3 ListObjectVersions", &e))?;
            let versions = page.versions().iter().map(|v| (v.key(), v.version_id()));
            let markers = page.delete_markers().iter().map(|m| (m.key(), m.version_id()));
            let targets: Vec<ObjectIdentifier> = versions
                .chain(markers)
                .filter_map(|(key, version)| {
                    ObjectIdentifier::builder().key(key?).set_version_id(version.map(str::to_owned)).build().ok()
                })
                .collect();
            if targets.is_empty() {
                return Ok(erased);
            }
            let count = targets.len() as u64;
            let delete = Delete::builder()
                .set_objects(Some(targets))
                .quiet(true)
                .build()
                .map_err(|e| PortError::Backend(format!("s3 Delete: {e}")))?;
            let answer = self
                .client
                .delete_objects()
                .bucket(&self.bucket)
                .delete(delete)
                .send()
                .await
                .map_err(|e| backend("s3 DeleteObjects", &e))?;
            if let Some(failed) = answer.errors().first() {
                return Err(PortError::Backend(format!(
                    "s3 DeleteObjects refused {} of them: {}",
                    answer.errors().len(),
                    failed.code().unwrap_or("unknown")
                )));
            }
            erased += count;
        }
    }

    async fn list(&self, prefix: &str) -> PortResult<Vec<ObjectInfo>> {
        let mut objects = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .client
                .list_objects_v2()
                .bucket(&self.bucket)
                .prefix(prefix)
                .set_continuation_token(token.take())
                .send()
                .await
                .map_err(|e| backend("s3 ListObjectsV2", &e))?;
            objects.extend(page.contents().iter().filter_map(|o| {
                Some(ObjectInfo { key: o.key()?.to_owned(), size: size(o.size()), etag: bare_etag(o.e_tag()) })
            }));
            match page.next_continuation_token() {
                Some(next) if page.is_truncated() == Some(true) => token = Some(next.to_owned()),
                _ => return Ok(objects),
            }
        }
    }

    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        ttl: Duration,
    ) -> PortResult<PresignedRequest> {
        check_object_key(key)?;
        let length = i64::try_from(size).map_err(|_| PortError::Invalid(format!("object size {size} is too large")))?;
        let (config, expires_at) = window(ttl)?;
        // Content type and length are set on the request, so SigV4 signs them as headers: the
        // upload must match both or S3 refuses it. `If-None-Match: *` is signed too: a link can
        // create its object once, never replace bytes already analysed and rated (S3 answers 412).
        let presigned = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .content_length(length)
            .if_none_match("*")
            .presigned(config)
            .await
            .map_err(|e| backend("s3 presign PutObject", &e))?;
        Ok(to_port(&presigned, expires_at))
    }

    async fn presign_get(&self, key: &str, ttl: Duration) -> PortResult<PresignedRequest> {
        check_object_key(key)?;
        let (config, expires_at) = window(ttl)?;
        let presigned = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .presigned(config)
            .await
            .map_err(|e| backend("s3 presign GetObject", &e))?;
        Ok(to_port(&presigned, expires_at))
    }

    async fn scan_verdict(&self, key: &str) -> PortResult<ScanVerdict> {
        if !self.malware_scanning {
            return Ok(ScanVerdict::NotScanned);
        }
        check_object_key(key)?;
        let tags = self
            .client
            .get_object_tagging()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| backend("s3 GetObjectTagging", &e))?;
        let status = tags.tag_set().iter().find(|t| t.key() == SCAN_TAG).map(|t| t.value().to_owned());
        Ok(match status.as_deref() {
            None => ScanVerdict::Pending,
            Some("NO_THREATS_FOUND") => ScanVerdict::Clean,
            Some("THREATS_FOUND") => ScanVerdict::Infected,
            Some(other) => ScanVerdict::Unscannable(other.to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_embedded_rule() {
        assert!(check_object_key("t/acme/interviews/1/recordings/2.webm").is_ok());
        for bad in ["", "/abs", "a//b", "a/../b", "a/./b", "a b", "a/ü", "trailing/"] {
            assert!(check_object_key(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn etags_lose_their_quotes() {
        assert_eq!(bare_etag(Some("\"abc\"")), "abc");
        assert_eq!(bare_etag(None), "");
    }

    #[test]
    fn a_window_longer_than_a_week_is_invalid() {
        assert!(window(Duration::from_secs(300)).is_ok());
        assert!(matches!(window(Duration::from_secs(8 * 24 * 3600)), Err(PortError::Invalid(_))));
    }
}
