//! Reading the EventBridge envelopes a pipeline function receives. Recordings arrive either as
//! S3 "Object Created" events (the bucket's EventBridge notifications on AWS) or as Mendan's own
//! `RecordingUploaded` (the embedded backend, or a replay). Mendan's other events arrive only
//! from its own bus ([`mendan_event`]); [`report`] turns a handler's result into a Lambda answer.

use mendan_core::domain::report::parse_meeting_key;
use mendan_core::domain::{ReportId, TenantSlug};
use mendan_core::events::{DomainEvent, HandlerError, RecordingUploaded, SOURCE, parse_detail};
use mendan_core::usecases::recordings::parse_recording_key;
use serde::Deserialize;
use serde::de::DeserializeOwned;

#[derive(Deserialize)]
struct Envelope {
    source: String,
    #[serde(rename = "detail-type")]
    detail_type: String,
    detail: serde_json::Value,
    /// When the event happened (for S3: when the object was created).
    #[serde(default)]
    time: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Deserialize)]
struct S3Detail {
    object: S3Object,
}

#[derive(Deserialize)]
struct S3Object {
    key: String,
    #[serde(default)]
    size: u64,
    #[serde(default)]
    etag: String,
    #[serde(rename = "version-id", default)]
    version_id: Option<String>,
}

/// The upload an envelope announces; `None` for objects that are not recordings (features and
/// timelines are written to the same bucket and are ignored here).
pub fn recording_uploaded(envelope: serde_json::Value) -> Result<Option<RecordingUploaded>, HandlerError> {
    let envelope: Envelope = parse_detail(envelope)?;
    match (envelope.source.as_str(), envelope.detail_type.as_str()) {
        (SOURCE, RecordingUploaded::DETAIL_TYPE) => {
            let mut uploaded: RecordingUploaded = parse_detail(envelope.detail)?;
            uploaded.uploaded_at = uploaded.uploaded_at.or(envelope.time);
            Ok(Some(uploaded))
        }
        ("aws.s3", "Object Created") => {
            let S3Detail { object } = parse_detail(envelope.detail)?;
            let Some((tenant, interview_id, recording_id)) = parse_recording_key(&object.key) else {
                return Ok(None);
            };
            // The version id names the exact bytes when the bucket is versioned; the ETag otherwise.
            let etag = object.version_id.filter(|v| !v.is_empty() && v != "null").unwrap_or(object.etag);
            Ok(Some(RecordingUploaded {
                tenant,
                interview_id,
                recording_id,
                object_key: object.key,
                size: object.size,
                etag,
                uploaded_at: envelope.time,
            }))
        }
        (source, detail_type) => {
            Err(HandlerError::Permanent(format!("unexpected event {detail_type:?} from {source:?}")))
        }
    }
}

/// An object GuardDuty Malware Protection finished scanning (its "Object Scan Result" event on the default bus).
pub struct ScannedObject {
    pub key: String,
    /// The scanned version (the bucket is versioned), naming the exact bytes like an upload's version id.
    pub version: Option<String>,
    pub time: Option<chrono::DateTime<chrono::Utc>>,
}

/// The scanned object of a GuardDuty scan-result envelope; `None` for any other envelope. The verdict itself is
/// read from the object's tag by the handler, never taken from the event.
pub fn scanned_recording(envelope: &serde_json::Value) -> Option<ScannedObject> {
    if envelope["source"] != "aws.guardduty"
        || envelope["detail-type"] != "GuardDuty Malware Protection Object Scan Result"
    {
        return None;
    }
    let object = &envelope["detail"]["s3ObjectDetails"];
    Some(ScannedObject {
        key: object["objectKey"].as_str()?.to_owned(),
        version: object["versionId"].as_str().filter(|v| !v.is_empty() && *v != "null").map(str::to_owned),
        time: envelope["time"].as_str().and_then(|t| t.parse().ok()),
    })
}

/// The report whose meeting recording an S3 "Object Created" envelope announces, with the
/// object's key; `None` for any other envelope or object.
pub fn report_meeting_uploaded(envelope: &serde_json::Value) -> Option<(TenantSlug, ReportId, String)> {
    let envelope: Envelope = serde_json::from_value(envelope.clone()).ok()?;
    if (envelope.source.as_str(), envelope.detail_type.as_str()) != ("aws.s3", "Object Created") {
        return None;
    }
    let S3Detail { object } = serde_json::from_value(envelope.detail).ok()?;
    let (tenant, report) = parse_meeting_key(&object.key)?;
    Some((tenant, report, object.key))
}

/// The envelope's `detail-type`, for functions that take more than one kind of event.
pub fn detail_type(envelope: &serde_json::Value) -> Option<&str> {
    envelope.get("detail-type")?.as_str()
}

/// The typed detail of one of Mendan's own events; any other envelope is refused for good.
pub fn mendan_event<T: DomainEvent + DeserializeOwned>(envelope: serde_json::Value) -> Result<T, HandlerError> {
    let event = mendan_any(envelope)?;
    if event.detail_type != T::DETAIL_TYPE {
        return Err(HandlerError::Permanent(format!(
            "expected {:?} from {SOURCE:?}, got {:?}",
            T::DETAIL_TYPE,
            event.detail_type
        )));
    }
    parse_detail(event.detail)
}

/// One of Mendan's own events of any kind, for functions that take more than one; other sources are refused for good.
pub fn mendan_any(envelope: serde_json::Value) -> Result<mendan_core::ports::Event, HandlerError> {
    let envelope: Envelope = parse_detail(envelope)?;
    if envelope.source != SOURCE {
        return Err(HandlerError::Permanent(format!("expected an event from {SOURCE:?}, got {:?}", envelope.source)));
    }
    Ok(mendan_core::ports::Event { detail_type: envelope.detail_type, detail: envelope.detail })
}

/// A Lambda answer for an asynchronous trigger: only a retryable failure is an `Err`, so Lambda's
/// retries and its on-failure destination see exactly those; a permanent one is reported as
/// `{"status": "failed", "reason": ...}` and not retried (a redelivery could not mend it).
pub fn report(result: Result<serde_json::Value, HandlerError>) -> Result<serde_json::Value, String> {
    match result {
        Ok(report) => Ok(report),
        Err(HandlerError::Permanent(reason)) => Ok(serde_json::json!({ "status": "failed", "reason": reason })),
        Err(HandlerError::Retryable(reason)) => Err(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KEY: &str =
        "t/acme/interviews/0190b3a4-0000-7000-8000-000000000001/recordings/0190b3a4-0000-7000-8000-000000000002.webm";

    fn s3_event(key: &str) -> serde_json::Value {
        json!({
            "version": "0", "source": "aws.s3", "detail-type": "Object Created",
            "detail": {
                "version": "0", "bucket": { "name": "mendan-dev-recordings" },
                "object": { "key": key, "size": 1234, "etag": "abc", "version-id": "v1", "sequencer": "00" },
                "reason": "PutObject"
            }
        })
    }

    #[test]
    fn s3_object_created_becomes_recording_uploaded() {
        let event = recording_uploaded(s3_event(KEY)).unwrap().unwrap();
        assert_eq!(event.tenant.as_str(), "acme");
        assert_eq!((event.size, event.etag.as_str(), event.object_key.as_str()), (1234, "v1", KEY));
    }

    #[test]
    fn other_objects_are_ignored_and_strangers_refused() {
        let features = KEY.replace("/recordings/", "/features/").replace(".webm", ".json");
        assert_eq!(recording_uploaded(s3_event(&features)).unwrap(), None);
        let stranger = json!({ "source": "aws.ec2", "detail-type": "EC2 Instance State-change", "detail": {} });
        assert!(matches!(recording_uploaded(stranger), Err(HandlerError::Permanent(_))));
        assert!(matches!(recording_uploaded(json!({ "nonsense": true })), Err(HandlerError::Permanent(_))));
    }

    #[test]
    fn mendan_events_are_read_by_detail_type_and_others_refused() {
        use mendan_core::events::TrainingRequested;
        let detail =
            json!({ "tenant": "acme", "request_id": "0190b3a4-0000-7000-8000-000000000003", "requested_by": null });
        let envelope = |source: &str, detail_type: &str| json!({ "source": source, "detail-type": detail_type, "detail": detail.clone() });
        let event: TrainingRequested = mendan_event(envelope("mendan", "TrainingRequested")).unwrap();
        assert_eq!(event.tenant.as_str(), "acme");
        for (source, detail_type) in [("mendan", "ModelTrained"), ("aws.s3", "TrainingRequested")] {
            let refused = mendan_event::<TrainingRequested>(envelope(source, detail_type));
            assert!(matches!(refused, Err(HandlerError::Permanent(_))), "{source} {detail_type}");
        }
    }

    #[test]
    fn only_retryable_failures_are_lambda_errors() {
        assert_eq!(report(Ok(json!({ "status": "done" }))), Ok(json!({ "status": "done" })));
        let failed = report(Err(HandlerError::Permanent("bad".into()))).unwrap();
        assert_eq!((failed["status"].as_str(), failed["reason"].as_str()), (Some("failed"), Some("bad")));
        assert_eq!(report(Err(HandlerError::Retryable("later".into()))), Err("later".into()));
    }
}
