//! The analysis pipeline's side of a recording: whether an uploaded object still needs analysing,
//! and storing the outcome. The media work itself lives in `mendan-analysis`; this module only
//! keeps the records consistent and idempotent.

use super::interviews::advance_when_analysed;
use crate::domain::recording::{Recording, RecordingAnalysis, RecordingStatus, features_key, timeline_key};
use crate::domain::usage::Meter;
use crate::events::RecordingUploaded;
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

/// What analysing one recording came to.
#[derive(Clone, Debug, PartialEq)]
pub enum AnalysisOutcome {
    /// Features and timeline are stored under the recording's keys.
    Analysed { sufficient: bool, reasons: Vec<String>, reasons_ja: Vec<String>, duration_s: f64 },
    /// The file cannot be analysed; `code` is stable, `message` is shown to users.
    Failed { code: &'static str, message: String },
}

/// One marker per object version: a redelivered event finds it and does nothing.
fn done_key(event: &RecordingUploaded) -> String {
    keys::processed("features-extracted", &format!("{}#{}", event.recording_id, event.etag))
}

/// The recording behind an upload event, or `None` when this version was analysed already.
pub async fn pending(ports: &Ports, event: &RecordingUploaded) -> CoreResult<Option<Recording>> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    if store.raw_get(&done_key(event)).await?.is_some() {
        return Ok(None);
    }
    let recording = store.get::<Recording>(&keys::recording(event.interview_id, event.recording_id)).await?.value;
    if recording.object_key != event.object_key {
        return Err(CoreError::invalid(
            "object_key",
            "アップロードされたファイルはこの録画のものではありません。",
            "The uploaded object does not belong to this recording.",
        ));
    }
    Ok(Some(recording))
}

/// Stores the outcome and the done-marker in one transaction, then moves the interview on to
/// `analysed` when this was its last recording to analyse.
pub async fn finish(ports: &Ports, event: &RecordingUploaded, outcome: AnalysisOutcome) -> CoreResult<Recording> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let now = ports.clock.now();
    let current = store.get::<Recording>(&keys::recording(event.interview_id, event.recording_id)).await?;
    let mut recording = current.value.clone();
    match outcome {
        AnalysisOutcome::Analysed { sufficient, reasons, reasons_ja, duration_s } => {
            // Counted before the outcome is stored: a crash in between analyses again and counts nothing twice.
            let seconds = duration_s.max(0.0).round() as u64;
            let what = format!("{}:{}", event.recording_id, event.etag);
            super::usage::count(ports, &event.tenant, &format!("recorded:{what}"), Meter::RecordedSeconds, seconds)
                .await?;
            super::usage::count(ports, &event.tenant, &format!("analysed:{what}"), Meter::AnalysedSeconds, seconds)
                .await?;
            recording.status = RecordingStatus::Analysed;
            recording.failure = None;
            recording.failure_code = None;
            recording.analysis = Some(RecordingAnalysis {
                features_key: features_key(&event.tenant, event.interview_id, event.recording_id),
                timeline_key: timeline_key(&event.tenant, event.interview_id, event.recording_id),
                sufficient,
                reasons,
                reasons_ja,
                analysed_at: now,
            });
        }
        AnalysisOutcome::Failed { code, message } => {
            recording.status = RecordingStatus::Failed;
            recording.failure = Some(message);
            recording.failure_code = Some(code.to_owned());
            recording.analysis = None;
        }
    }
    let marker = store.raw_create_write(done_key(event), serde_json::json!({ "at": now }));
    store.commit(vec![store.update_write(&recording, current.version)?, marker]).await?;
    if let Err(e) = advance_when_analysed(&store, event.interview_id, now).await {
        // The recording's outcome is stored; the interview catches up at its next change.
        tracing::warn!(interview_id = %event.interview_id, error = %e, "interview status not advanced");
    }
    Ok(recording)
}
