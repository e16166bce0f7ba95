//! The local stand-in for S3's presigned URLs: `PUT` and `GET /objects/{key}` with a signed query.
//! A completed upload of a recording publishes RecordingUploaded, as S3 + EventBridge do on AWS.

use crate::Embedded;
use crate::objects::SignatureError;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use mendan_core::CoreError;
use mendan_core::events::{DomainEvent, RecordingUploaded};
use mendan_core::ports::Events;
use mendan_core::usecases::recordings::{self, parse_recording_key};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

/// `PUT` and `GET /objects/{key}`, answering the URLs that [`crate::FsObjects`] signs.
pub fn object_routes(backend: &Embedded) -> Router {
    Router::new().route("/objects/{*key}", get(download).put(upload)).with_state(backend.clone())
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
        Err(e) => return refuse(StatusCode::BAD_REQUEST, e.to_string()),
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
    let requested = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    // Browsers seek in a video with Range requests, as S3 answers them.
    let Some((start, end)) = requested.map(|r| byte_range(r, len)).unwrap_or(Some((0, len.saturating_sub(1)))) else {
        let unsatisfiable = [(header::CONTENT_RANGE, format!("bytes */{len}"))];
        return (StatusCode::RANGE_NOT_SATISFIABLE, unsatisfiable).into_response();
    };
    if let Err(e) = file.seek(std::io::SeekFrom::Start(start)).await {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    }
    let count = if len == 0 { 0 } else { end - start + 1 };
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file.take(count)));
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    let h = response.headers_mut();
    h.insert(header::ACCEPT_RANGES, header::HeaderValue::from_static("bytes"));
    h.insert(header::CONTENT_LENGTH, header::HeaderValue::from(count));
    if requested.is_some() {
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        let range = format!("bytes {start}-{end}/{len}");
        response.headers_mut().insert(header::CONTENT_RANGE, header::HeaderValue::from_str(&range).expect("ascii"));
    }
    response
}

/// The one range of `bytes=a-b`, `bytes=a-` or `bytes=-n` within a `len`-byte object, inclusive;
/// `None` when it lies outside. Several ranges are answered with the first.
fn byte_range(header: &str, len: u64) -> Option<(u64, u64)> {
    let spec = header.strip_prefix("bytes=")?.split(',').next()?.trim();
    let (first, last) = spec.split_once('-')?;
    let (start, end) = match (first.trim(), last.trim()) {
        ("", suffix) => (len.saturating_sub(suffix.parse().ok()?), len.checked_sub(1)?),
        (a, "") => (a.parse().ok()?, len.checked_sub(1)?),
        (a, b) => (a.parse().ok()?, b.parse::<u64>().ok()?.min(len.checked_sub(1)?)),
    };
    (start <= end && start < len).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::byte_range;

    #[test]
    fn byte_ranges_follow_rfc_9110() {
        assert_eq!(byte_range("bytes=0-99", 1000), Some((0, 99)));
        assert_eq!(byte_range("bytes=900-", 1000), Some((900, 999)));
        assert_eq!(byte_range("bytes=-100", 1000), Some((900, 999)));
        assert_eq!(byte_range("bytes=990-2000", 1000), Some((990, 999)), "the end is clipped");
        assert_eq!(byte_range("bytes=1000-", 1000), None, "starts after the end");
        assert_eq!(byte_range("bytes=5-1", 1000), None);
        assert_eq!(byte_range("items=0-1", 1000), None);
        assert_eq!(byte_range("bytes=0-", 0), None, "nothing to send of an empty object");
    }
}
