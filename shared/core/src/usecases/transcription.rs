//! Transcribing recordings on AWS: an upload starts an Amazon Transcribe job (ja-JP, speakers
//! told apart); the job's state change stores the recording's utterances, rebuilds the
//! interview's transcript from all its transcribed recordings and stores it like an uploaded one
//! (summary, conversation features), then publishes TranscriptReady. A report's meeting recording
//! goes the same way, and its transcript then requests the report. Both steps may run twice.

use super::reports;
use super::summaries::store_transcript;
use crate::domain::recording::{AudioLayout, Recording};
use crate::domain::report::{self, ReportSource, ReportState};
use crate::domain::summary::InterviewSummary;
use crate::domain::transcription::{
    Transcription, TranscriptionState, job_name, output_key, parse_job_name, parse_report_job_name, report_job_name,
    utterances_key,
};
use crate::domain::usage::Meter;
use crate::domain::{InterviewId, RecordingId, ReportId, TenantSlug};
use crate::events::{DomainEvent, HandlerError, RecordingUploaded, ReportRequested, TranscriptReady};
use crate::ports::{Transcriber, TranscriptionRequest};
use crate::repo::{TenantStore, keys};
use crate::{CoreError, Ports};
use mendan_text::{Utterance, parse_transcribe_json};

pub const LANGUAGE: &str = "ja-JP";
/// Silence put between two recordings' transcripts when they are joined into the interview's.
const GAP_BETWEEN_RECORDINGS_S: f64 = 1.0;
/// Who asks a self-interview's questions in its transcript (the recordings hold only the answers).
pub const AVATAR_SPEAKER: &str = "アバター";

/// The job's outcome as the state-change event says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobOutcome {
    Completed,
    Failed,
}

/// Starts transcribing an uploaded recording, once per recording.
pub async fn start(
    ports: &Ports,
    transcriber: &dyn Transcriber,
    event: &RecordingUploaded,
) -> Result<(), HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let (interview, recording) = (event.interview_id, event.recording_id);
    if store.find::<Transcription>(&keys::transcription(interview, recording)).await?.is_some() {
        return Ok(());
    }
    let found = store.get::<Recording>(&keys::recording(interview, recording)).await?.value;
    if found.object_key != event.object_key {
        return Err(HandlerError::Permanent("the uploaded object does not belong to this recording".into()));
    }
    let name = job_name(&event.tenant, interview, recording);
    let request = TranscriptionRequest {
        job_name: name.clone(),
        media_key: event.object_key.clone(),
        output_key: output_key(&event.tenant, interview, recording),
        language: LANGUAGE.into(),
        voices_apart: found.audio == AudioLayout::IntervieweeLeftInterviewerRight,
    };
    // Started before it is recorded: a crash in between starts it again, which the port takes
    // as success, rather than recording a job that never ran.
    transcriber.start(&request).await?;
    let record = Transcription {
        interview_id: interview,
        recording_id: recording,
        job_name: name,
        state: TranscriptionState::Started,
        failure: None,
        updated_at: ports.clock.now(),
    };
    match store.create(&record).await {
        Ok(()) | Err(CoreError::Conflict(_)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Starts transcribing a report's uploaded meeting recording, while the report waits for it.
/// The job's name is the report's, and the port takes an existing job as started: a redelivery
/// starts nothing new.
pub async fn start_for_report(
    ports: &Ports,
    transcriber: &dyn Transcriber,
    tenant: &TenantSlug,
    report_id: ReportId,
    meeting_key: &str,
) -> Result<(), HandlerError> {
    let found = reports::load(ports, tenant, report_id).await?.value;
    if found.state != ReportState::Pending || found.source != ReportSource::Recording {
        return Ok(());
    }
    let request = TranscriptionRequest {
        job_name: report_job_name(tenant, report_id),
        media_key: meeting_key.to_owned(),
        output_key: report::transcribe_output_key(tenant, report_id),
        language: LANGUAGE.into(),
        voices_apart: false,
    };
    transcriber.start(&request).await?;
    Ok(())
}

/// A report's transcription ended: its utterances are stored and the report requested, or the
/// report fails with the reason. A report that is no longer pending is left alone.
async fn finish_for_report(
    ports: &Ports,
    transcriber: &dyn Transcriber,
    job: &str,
    (tenant, report_id): (TenantSlug, ReportId),
    outcome: JobOutcome,
) -> Result<(), HandlerError> {
    let current = reports::load(ports, &tenant, report_id).await?;
    if current.value.state != ReportState::Pending {
        return Ok(());
    }
    let failure = match outcome {
        JobOutcome::Failed => {
            Some(transcriber.failure_reason(job).await?.unwrap_or_else(|| "the service gave no reason".into()))
        }
        JobOutcome::Completed => {
            let key = report::transcribe_output_key(&tenant, report_id);
            match read_transcribe_json(ports, &key).await? {
                Ok(utterances) => {
                    count_transcribed(ports, &tenant, job, &utterances).await?;
                    reports::put_transcript(ports, &tenant, report_id, &utterances).await?;
                    None
                }
                Err(reason) => Some(reason),
            }
        }
    };
    match failure {
        Some(reason) => {
            let failed = current.value.clone().failed(format!("the recording could not be transcribed: {reason}"));
            reports::finish(ports, &tenant, &current, failed).await?;
        }
        // The export handler takes it from here; it ignores a second request for the same report.
        None => ports.events.publish(ReportRequested { tenant, report_id }.to_event()).await?,
    }
    Ok(())
}

/// Handles a job's state change; a job Mendan did not start, or one finished already, is ignored.
pub async fn finish(
    ports: &Ports,
    transcriber: &dyn Transcriber,
    job: &str,
    outcome: JobOutcome,
) -> Result<(), HandlerError> {
    if let Some(report) = parse_report_job_name(job) {
        return finish_for_report(ports, transcriber, job, report, outcome).await;
    }
    let Some((tenant, interview, recording)) = parse_job_name(job) else {
        tracing::info!(job, "not a Mendan transcription job; ignored");
        return Ok(());
    };
    let store = TenantStore::new(ports.items.as_ref(), &tenant);
    let current = store.get::<Transcription>(&keys::transcription(interview, recording)).await?;
    if current.value.state != TranscriptionState::Started {
        return Ok(());
    }
    let (state, failure) = match outcome {
        JobOutcome::Failed => {
            let reason = transcriber.failure_reason(job).await?.unwrap_or_else(|| "the service gave no reason".into());
            (TranscriptionState::Failed, Some(reason))
        }
        JobOutcome::Completed => match read_output(ports, &tenant, interview, recording).await? {
            Ok(utterances) => {
                count_transcribed(ports, &tenant, job, &utterances).await?;
                let body = serde_json::to_vec(&utterances).map_err(|e| HandlerError::Permanent(e.to_string()))?;
                let key = utterances_key(&tenant, interview, recording);
                ports.objects.put(&key, body, "application/json").await?;
                (TranscriptionState::Completed, None)
            }
            Err(reason) => (TranscriptionState::Failed, Some(reason)),
        },
    };
    let done = Transcription { state, failure, updated_at: ports.clock.now(), ..current.value };
    if state == TranscriptionState::Completed {
        update_interview_transcript(ports, &tenant, interview).await?;
    }
    // Marked last: a crash before this point does the (idempotent) work again on the retry.
    store.update(&done, current.version).await?;
    if state == TranscriptionState::Completed {
        let ready = TranscriptReady { tenant, interview_id: interview, recording_id: Some(recording) };
        ports.events.publish(ready.to_event()).await?;
    }
    Ok(())
}

/// Counts the seconds a finished job transcribed (up to its last word), once per job.
async fn count_transcribed(
    ports: &Ports,
    tenant: &TenantSlug,
    job: &str,
    utterances: &[Utterance],
) -> crate::CoreResult<()> {
    let seconds = utterances.iter().map(|u| u.end_s).fold(0.0, f64::max).round() as u64;
    super::usage::count(ports, tenant, &format!("transcribed:{job}"), Meter::TranscribedSeconds, seconds).await?;
    Ok(())
}

/// The service's JSON as utterances; `Err(reason)` when it is there but unusable (or says nothing).
async fn read_output(
    ports: &Ports,
    tenant: &TenantSlug,
    interview: InterviewId,
    recording: RecordingId,
) -> Result<Result<Vec<Utterance>, String>, HandlerError> {
    read_transcribe_json(ports, &output_key(tenant, interview, recording)).await
}

/// Transcribe's JSON at `key` as utterances; `Err(reason)` when it is there but unusable.
async fn read_transcribe_json(ports: &Ports, key: &str) -> Result<Result<Vec<Utterance>, String>, HandlerError> {
    // The job says it is complete, so a missing file is S3 catching up: try again.
    let bytes = ports.objects.get(key).await?.ok_or_else(|| HandlerError::Retryable(format!("{key} not there yet")))?;
    let Ok(text) = String::from_utf8(bytes) else { return Ok(Err("the transcript is not UTF-8".into())) };
    Ok(super::text_work::run(move || parse_transcribe_json(&text)).await?.map_err(|e| e.to_string()))
}

/// The interview's transcript: its recordings' transcripts in recording order, one after the
/// other in time, each self-interview answer after the question the avatar asked (the recording
/// holds only the answer), so summaries and feedback see questions and answers. Recordings staff
/// asked to retake are left out (their retake follows). A speaker corrected by a person before
/// stays the interviewee; a transcript a person uploaded is never replaced.
async fn update_interview_transcript(
    ports: &Ports,
    tenant: &TenantSlug,
    interview: InterviewId,
) -> Result<(), HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    let mut recordings = store.list::<Recording>(&keys::recordings_of(interview)).await?;
    recordings.retain(|r| r.retake_request.is_none());
    recordings.sort_by_key(|r| r.created_at);
    let mut joined: Vec<Utterance> = Vec::new();
    for recording in recordings {
        let Some(bytes) = ports.objects.get(&utterances_key(tenant, interview, recording.id)).await? else { continue };
        let part: Vec<Utterance> =
            serde_json::from_slice(&bytes).map_err(|e| HandlerError::Permanent(e.to_string()))?;
        let offset = joined.last().map_or(0.0, |u| u.end_s + GAP_BETWEEN_RECORDINGS_S);
        if let Some(asked) = recording.question.as_ref().and_then(|q| q.text.clone()) {
            joined.push(Utterance {
                speaker: Some(AVATAR_SPEAKER.into()),
                start_s: offset,
                end_s: offset,
                text: asked,
                confidence: None,
            });
        }
        joined.extend(part.into_iter().map(|u| Utterance {
            start_s: u.start_s + offset,
            end_s: u.end_s + offset,
            ..u
        }));
    }
    if joined.is_empty() {
        return Ok(());
    }
    let previous = store.find::<InterviewSummary>(&keys::summary(interview)).await?.map(|s| s.value);
    if previous.as_ref().is_some_and(|s| s.uploaded) {
        // A person's transcript of the interview wins over what the machine heard.
        tracing::info!(%interview, "the uploaded transcript is kept; the recording's transcript is stored beside it");
        return Ok(());
    }
    let kept = previous
        .filter(|s| s.created_by.is_some())
        .map(|s| s.interviewee_speaker)
        .filter(|name| joined.iter().any(|u| u.speaker.as_deref() == Some(name.as_str())));
    match store_transcript(ports, tenant, interview, &joined, kept.as_deref(), None, false).await {
        Ok(_) => Ok(()),
        // Speech without any speaker labels: kept, but nothing to summarise.
        Err(CoreError::Invalid { .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
