//! The local stand-in for S3's presigned URLs: `PUT` and `GET /objects/{key}` with a signed query.
//! A completed upload of a recording publishes RecordingUploaded (a report's meeting recording
//! MeetingUploaded), as S3 + EventBridge do on AWS.
//! Downloads are attachments in a CSP sandbox: an uploaded file never runs as a page of this
//! origin, while `<video>` and `fetch` still use it.

use crate::Embedded;
use crate::objects::{SignatureError, UploadError};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use mendan_core::CoreError;
use mendan_core::domain::report::parse_meeting_key;
use mendan_core::events::{DomainEvent, MeetingUploaded, RecordingUploaded};
use mendan_core::ports::Events;
use mendan_core::usecases::recordings::{self, parse_recording_key};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

/// `PUT` and `GET /objects/{key}`, answering the URLs that [`crate::FsObjects`] signs.
pub fn object_routes(backend: &Embedded) -> Router {
    Router::new()
        .route("/objects/{*key}", get(download).put(upload))
        .layer(axum::middleware::map_response(confine))
        .with_state(backend.clone())
}

/// The policy of every `/objects` response: no script, no plugin, no framing, no sniffing.
pub const OBJECTS_CSP: &str = "sandbox; default-src 'none'; frame-ancestors 'none'";

async fn confine(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(OBJECTS_CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// `attachment` with the key's last segment as file name, reduced to characters that need no
/// quoting rules (keys are already restricted; this keeps the header safe regardless).
fn attachment(key: &str) -> HeaderValue {
    let name: String = key
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .collect();
    let name = if name.trim_matches('.').is_empty() { "download".to_owned() } else { name };
    HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).expect("ASCII")
}

fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    let body = serde_json::json!({ "type": "object_access", "title": status.canonical_reason(), "status": status.as_u16(), "detail": message.into() });
    (status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response()
}

/// The upload rule's refusal (nothing was stored), with its stable code.
fn upload_closed(e: CoreError) -> Response {
    let (status, code) = match &e {
        CoreError::ConsentMissing { .. } => (StatusCode::FORBIDDEN, "consent_missing"),
        CoreError::Conflict(_) => (StatusCode::CONFLICT, "upload_closed"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
    };
    let body = serde_json::json!({ "type": "object_access", "code": code, "title": status.canonical_reason(), "status": status.as_u16(), "detail": e.to_string() });
    (status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response()
}

fn signature_refusal(e: SignatureError) -> Response {
    refuse(StatusCode::FORBIDDEN, e.to_string())
}

async fn upload(
    State(backend): State<Embedded>,
    Path(key): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let access = match backend.objects.verify("PUT", &key, query.as_deref().unwrap_or(""), chrono::Utc::now()) {
        Ok(a) => a,
        Err(e) => return signature_refusal(e),
    };
    let sent_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let signed_type = access.content_type.unwrap_or_default();
    if sent_type != signed_type {
        return refuse(StatusCode::FORBIDDEN, format!("send Content-Type: {signed_type}, as signed"));
    }
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if let (Some(len), Some(max)) = (declared, access.max_len)
        && len > max
    {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, format!("{len} bytes is more than the {max} bytes signed"));
    }
    if let Err(e) = recordings::admit_upload(&backend.ports, &key).await {
        return upload_closed(e);
    }
    let info = match backend.objects.put_stream(&key, &signed_type, access.max_len, body.into_data_stream()).await {
        Ok(info) => info,
        Err(e @ UploadError::TooLarge { .. }) => return refuse(StatusCode::PAYLOAD_TOO_LARGE, e.to_string()),
        Err(e @ UploadError::Interrupted(_)) => return refuse(StatusCode::BAD_REQUEST, e.to_string()),
        Err(UploadError::Store(e)) => {
            tracing::error!(error = %e, "could not store an upload");
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, "the upload could not be stored; try again");
        }
    };
    if let Some((tenant, interview_id, recording_id)) = parse_recording_key(&key) {
        let event = RecordingUploaded {
            tenant,
            interview_id,
            recording_id,
            object_key: key,
            size: info.size,
            etag: info.etag.clone(),
            uploaded_at: Some(chrono::Utc::now()),
        };
        if let Err(e) = backend.events.publish(event.to_event()).await {
            // Not stored in the outbox: no 200, so the browser sends the bytes again.
            tracing::error!(error = %e, "could not publish RecordingUploaded");
            return refuse(StatusCode::SERVICE_UNAVAILABLE, "the upload could not be recorded; send it again");
        }
    } else if let Some((tenant, report_id)) = parse_meeting_key(&key) {
        let event = MeetingUploaded { tenant, report_id, object_key: key };
        if let Err(e) = backend.events.publish(event.to_event()).await {
            tracing::error!(error = %e, "could not publish MeetingUploaded");
            return refuse(StatusCode::SERVICE_UNAVAILABLE, "the upload could not be recorded; send it again");
        }
    }
    (StatusCode::OK, [(header::ETAG, format!("\"{}\"", info.etag))]).into_response()
}

async fn download(
    State(backend): State<Embedded>,
    Path(key): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(e) = backend.objects.verify("GET", &key, query.as_deref().unwrap_or(""), chrono::Utc::now()) {
        return signature_refusal(e);
    }
    let Ok(path) = backend.objects.file_path(&key) else { return refuse(StatusCode::NOT_FOUND, "no such object") };
    let Ok(mut file) = tokio::fs::File::open(&path).await else {
        return refuse(StatusCode::NOT_FOUND, "no such object");
    };
    let Ok(len) = file.metadata().await.map(|m| m.len()) else {
        return refuse(StatusCode::NOT_FOUND, "no such object");
    };
    let content_type = backend.objects.content_type(&key).await.unwrap_or_else(|| "application/octet-stream".into());
    // Browsers seek in a video with Range requests, as S3 answers them.
    let range = match headers.get(header::RANGE).map(|v| parse_range(v.as_bytes(), len)) {
        None | Some(RangeRequest::Ignored) => None,
        Some(RangeRequest::Satisfiable(start, end)) => Some((start, end)),
        Some(RangeRequest::Unsatisfiable) => {
            let unsatisfiable = [(header::CONTENT_RANGE, format!("bytes */{len}"))];
            return (StatusCode::RANGE_NOT_SATISFIABLE, unsatisfiable).into_response();
        }
    };
    let (start, count) = match range {
        Some((start, end)) => (start, end - start + 1),
        None => (0, len),
    };
    if let Err(e) = file.seek(std::io::SeekFrom::Start(start)).await {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    }
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file.take(count)));
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    let h = response.headers_mut();
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    h.insert(header::CONTENT_DISPOSITION, attachment(&key));
    if let Some((start, end)) = range {
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        let range = format!("bytes {start}-{end}/{len}");
        response.headers_mut().insert(header::CONTENT_RANGE, HeaderValue::from_str(&range).expect("ascii"));
    }
    response
}

/// What a `Range` header asks of a `len`-byte object (RFC 9110 §14.2).
#[derive(Debug, PartialEq, Eq)]
pub enum RangeRequest {
    /// Not a single valid byte range (another unit, bad syntax, several ranges): the whole
    /// object is sent with 200, as the RFC allows a server to ignore such a header.
    Ignored,
    /// The inclusive byte range to send with 206.
    Satisfiable(u64, u64),
    /// A valid range entirely outside the object: 416.
    Unsatisfiable,
}

/// Reads `bytes=a-b`, `bytes=a-` or `bytes=-n`. Numbers too large for `u64` are still valid
/// syntax: a huge start is unsatisfiable, a huge end or suffix means "to the end".
pub fn parse_range(header: &[u8], len: u64) -> RangeRequest {
    let Some(spec) = std::str::from_utf8(header).ok().and_then(|h| h.strip_prefix("bytes=")) else {
        return RangeRequest::Ignored;
    };
    let spec = spec.trim_matches([' ', '\t']);
    let Some((first, last)) = spec.split_once('-') else { return RangeRequest::Ignored };
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u64>().unwrap_or(u64::MAX))
    };
    match (first, last) {
        ("", suffix) => match number(suffix) {
            None => RangeRequest::Ignored,
            Some(0) => RangeRequest::Unsatisfiable,
            Some(_) if len == 0 => RangeRequest::Unsatisfiable,
            Some(n) => RangeRequest::Satisfiable(len.saturating_sub(n), len - 1),
        },
        (first, last) => {
            let Some(start) = number(first) else { return RangeRequest::Ignored };
            let end = if last.is_empty() { None } else { number(last) };
            match end {
                None if !last.is_empty() => RangeRequest::Ignored,
                Some(end) if end < start => RangeRequest::Ignored,
                _ if start >= len => RangeRequest::Unsatisfiable,
                end => RangeRequest::Satisfiable(start, end.unwrap_or(u64::MAX).min(len - 1)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RangeRequest::{Ignored, Satisfiable, Unsatisfiable};
    use super::{attachment, parse_range};

    #[test]
    fn byte_ranges_follow_rfc_9110() {
        let range = |h: &str, len| parse_range(h.as_bytes(), len);
        assert_eq!(range("bytes=0-99", 1000), Satisfiable(0, 99));
        assert_eq!(range("bytes=900-", 1000), Satisfiable(900, 999));
        assert_eq!(range("bytes=-100", 1000), Satisfiable(900, 999));
        assert_eq!(range("bytes=-5000", 1000), Satisfiable(0, 999), "a suffix longer than the object");
        assert_eq!(range("bytes=990-2000", 1000), Satisfiable(990, 999), "the end is clipped");
        assert_eq!(range("bytes=0-99999999999999999999999", 10), Satisfiable(0, 9));
        // Valid but outside the object: 416.
        assert_eq!(range("bytes=1000-", 1000), Unsatisfiable, "starts after the end");
        assert_eq!(range("bytes=99999999999999999999999-", 1000), Unsatisfiable);
        assert_eq!(range("bytes=-0", 1000), Unsatisfiable);
        assert_eq!(range("bytes=0-", 0), Unsatisfiable, "nothing to send of an empty object");
        // Issue 13: not a valid range at all: ignored, the whole object is sent.
        for invalid in [
            "bytes=5-1",
            "items=0-1",
            "bytes=abc",
            "bytes=--1",
            "bytes=+1-2",
            "bytes=1-2-3",
            "bytes=",
            "bytes=-",
            "bytes=0-1,5-6",
            "Bytes=0-1",
            "bytes=0 -1",
            "bytes=\u{1F600}-1",
        ] {
            assert_eq!(range(invalid, 1000), Ignored, "{invalid:?}");
        }
        assert_eq!(parse_range(b"bytes=\xff-1", 1000), Ignored);
    }

    /// Issue 13, replayed: a link signed (the old way) for content type `video/webm;\n5` and 5
    /// bytes, its `\n5` moved into `max_len`, took 3 MiB. Now refused, and nothing is stored.
    #[tokio::test]
    async fn the_rewritten_upload_link_is_refused_and_stores_nothing() {
        use axum::body::Body;
        use axum::http::{Request, StatusCode};
        use tower::ServiceExt;
        let data = tempfile::tempdir().unwrap();
        let backend = crate::Embedded::open(data.path(), "http://127.0.0.1:9").unwrap();
        let key = "t/acme/interviews/i/recordings/r.webm";
        let sig = backend.objects.signer().joined_signature(["PUT", key, "9999999999", "video/webm;\n5", "5"]);
        let attacks = [
            format!("method=PUT&expires=9999999999&content_type=video%2Fwebm%3B&max_len=5%0A5&sig={sig}"),
            format!("v=2&method=PUT&expires=9999999999&content_type=video%2Fwebm%3B&max_len=5%0A5&sig={sig}"),
        ];
        for query in attacks {
            let request = Request::put(format!("/objects/{key}?{query}"))
                .header("content-type", "video/webm;")
                .body(Body::from(vec![0u8; 3 << 20]))
                .unwrap();
            let response = super::object_routes(&backend).oneshot(request).await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{query}");
        }
        // The genuine link, with a body of unannounced length larger than signed: cut off.
        let grant = crate::signed_url::Grant {
            method: "PUT",
            key,
            expires: 9_999_999_999,
            content_type: Some("video/webm"),
            max_len: Some(5),
        };
        let query = backend.objects.signer().sign(&grant).unwrap();
        let chunks = futures_util::stream::iter((0..48).map(|_| Ok::<_, std::io::Error>(vec![0u8; 64 << 10])));
        let request = Request::put(format!("/objects/{key}?{query}"))
            .header("content-type", "video/webm")
            .body(Body::from_stream(chunks))
            .unwrap();
        let response = super::object_routes(&backend).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let stored: Vec<_> = walk(&data.path().join("objects"));
        assert!(stored.is_empty(), "{stored:?}");
        assert!(backend.events.published().is_empty());
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() { found.extend(walk(&path)) } else { found.push(path) }
        }
        found
    }

    #[test]
    fn downloads_are_attachments_with_a_plain_file_name() {
        assert_eq!(attachment("t/acme/interviews/i/recordings/r.webm"), "attachment; filename=\"r.webm\"");
        assert_eq!(attachment("t/acme/x#1.json"), "attachment; filename=\"x_1.json\"");
        assert_eq!(attachment(".."), "attachment; filename=\"download\"");
    }
}
