//! The transcription hook (`functions/transcribe-hooks`): one function for both ends of an Amazon
//! Transcribe job. A recording's (or a report's meeting recording's) S3 "Object Created" starts
//! the job; the job's "Transcribe Job State Change" (source `aws.transcribe`) stores the
//! transcript and publishes TranscriptReady (or, for a report, ReportRequested).

use mendan_core::Ports;
use mendan_core::events::{HandlerError, parse_detail};
use mendan_core::usecases::transcription::{self, JobOutcome};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::envelope::{self, recording_uploaded};

const TRANSCRIBE_SOURCE: &str = "aws.transcribe";
const JOB_STATE_CHANGE: &str = "Transcribe Job State Change";

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct JobStateChange {
    transcription_job_name: String,
    transcription_job_status: String,
}

/// Handles one EventBridge envelope; the answer is what Lambda reports (see [`envelope::report`]).
pub async fn handle_envelope(ports: &Ports, event: Value) -> Result<Value, String> {
    envelope::report(dispatch(ports, event).await)
}

async fn dispatch(ports: &Ports, event: Value) -> Result<Value, HandlerError> {
    let transcriber = ports
        .transcriber
        .as_deref()
        .ok_or_else(|| HandlerError::Permanent("this backend has no transcriber".into()))?;
    let from_transcribe = event.get("source").and_then(Value::as_str) == Some(TRANSCRIBE_SOURCE);
    if let Some((tenant, report, key)) = envelope::report_meeting_uploaded(&event) {
        transcription::start_for_report(ports, transcriber, &tenant, report, &key).await?;
        return Ok(json!({ "status": "started" }));
    }
    if !from_transcribe {
        let Some(uploaded) = recording_uploaded(event)? else { return Ok(json!({ "status": "ignored" })) };
        transcription::start(ports, transcriber, &uploaded).await?;
        return Ok(json!({ "status": "started" }));
    }
    if envelope::detail_type(&event) != Some(JOB_STATE_CHANGE) {
        return Err(HandlerError::Permanent(format!("unexpected event from {TRANSCRIBE_SOURCE}")));
    }
    let change: JobStateChange = parse_detail(event["detail"].clone())?;
    let outcome = match change.transcription_job_status.as_str() {
        "COMPLETED" => JobOutcome::Completed,
        "FAILED" => JobOutcome::Failed,
        // Only the end states are routed here; anything else is not for this function.
        _ => return Ok(json!({ "status": "ignored" })),
    };
    transcription::finish(ports, transcriber, &change.transcription_job_name, outcome).await?;
    Ok(json!({ "status": "done" }))
}
