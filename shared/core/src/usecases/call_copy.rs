//! The server's copy of a video call (issue 16 item 5). On AWS a call may also be stored by Kinesis Video Streams
//! (WebRTC ingestion into a video stream) for when the interviewer's network fails. When the call ends and the
//! interviewer's browser sent no recording of it, the stored copy is exported in pieces into ordinary recordings,
//! which the pipeline analyses like any other; then the stream is deleted. One recording per call: when the browser's
//! recording is in, the server's copy is only deleted, never analysed too.
//!
//! Crash-safe and repeatable: a `CallCopy` item says how far the export got and which recording the piece in hand
//! goes to, so a retried event resumes where it stopped and never makes a piece twice.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::consents::is_granted;
use crate::domain::call::{CallAttendance, OPEN_FOR, OPENS_BEFORE};
use crate::domain::consent::ConsentKind;
use crate::domain::interview::{Interview, InterviewMode, InterviewStatus};
use crate::domain::recording::{AudioLayout, Recording, RecordingStatus, check_upload, recording_key};
use crate::domain::{InterviewId, RecordingId, TenantSlug};
use crate::events::CallEnded;
use crate::repo::{Entity, TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

/// GetClip answers at most 200 fragments or 100 MB: five minutes of a call are about 150 fragments and 40 MB.
pub const PIECE: Duration = Duration::minutes(5);
/// A remainder shorter than this joins the piece before it (too short to analyse on its own).
const SHORT_TAIL: Duration = Duration::seconds(30);

/// How far the export of one call's copy got.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallCopy {
    pub interview_id: InterviewId,
    /// The next piece starts here.
    pub next_from: DateTime<Utc>,
    /// The recording the piece in hand goes to, chosen before it is made, so a retry reuses it.
    pub piece_in_hand: Option<RecordingId>,
    pub recordings: Vec<RecordingId>,
    pub done: bool,
}

impl Entity for CallCopy {
    const NAME: &'static str = "call copy";
    fn sort_key(&self) -> String {
        call_copy_key(self.interview_id)
    }
}

fn call_copy_key(interview: InterviewId) -> String {
    format!("CALLCOPY#{interview}")
}

/// What became of a call's copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopyOutcome {
    /// The interviewer's browser sent the recording; the copy was only deleted.
    BrowserRecorded,
    /// Not a call to keep (this backend keeps no copies, no consent to record, not a face-to-face interview,
    /// cancelled, gone).
    NotKept,
    /// The copy's pieces became these recordings (none when nothing was stored).
    Exported(Vec<RecordingId>),
}

/// Handles `CallEnded`: exports the stored copy when it is the call's only recording, then deletes it.
pub async fn on_call_ended(ports: &Ports, event: &CallEnded) -> CoreResult<CopyOutcome> {
    if !ports.calls.keeps_copies() {
        return Ok(CopyOutcome::NotKept);
    }
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let outcome = match keep_from(&store, event).await? {
        Err(outcome) => outcome,
        Ok(start) => CopyOutcome::Exported(export(ports, &store, event, start).await?),
    };
    ports.calls.remove_archive(&event.tenant, event.interview_id).await?;
    tracing::info!(interview_id = %event.interview_id, ?outcome, "call copy handled");
    Ok(outcome)
}

/// When the copy's export starts (the first join), or why there is nothing to export.
async fn keep_from(store: &TenantStore<'_>, event: &CallEnded) -> CoreResult<Result<DateTime<Utc>, CopyOutcome>> {
    let Some(interview) = store.find::<Interview>(&keys::interview(event.interview_id)).await? else {
        return Ok(Err(CopyOutcome::NotKept));
    };
    let interview: Interview = interview.value;
    if interview.mode != InterviewMode::FaceToFace
        || interview.status == InterviewStatus::Cancelled
        || !is_granted(store, interview.id, ConsentKind::Recording, interview.interviewee_id).await?
    {
        return Ok(Err(CopyOutcome::NotKept));
    }
    let recordings: Vec<Recording> = store.list(&keys::recordings_of(interview.id)).await?;
    let browser_recorded = recordings.iter().any(|r| {
        r.audio == AudioLayout::IntervieweeLeftInterviewerRight
            && !r.server_copy
            && r.status != RecordingStatus::Pending
    });
    if browser_recorded {
        return Ok(Err(CopyOutcome::BrowserRecorded));
    }
    // From the first join; without a record of one (its write failed), from when the call opened.
    let attendance: Vec<CallAttendance> = store.list(&keys::call_attendance_of(interview.id)).await?;
    let opened = interview.scheduled_at - OPENS_BEFORE;
    Ok(Ok(attendance.iter().map(|a| a.first_joined_at).min().unwrap_or(opened)))
}

/// Exports the pieces not exported yet; answers every recording made for the call.
async fn export(
    ports: &Ports,
    store: &TenantStore<'_>,
    event: &CallEnded,
    start: DateTime<Utc>,
) -> CoreResult<Vec<RecordingId>> {
    // A call cannot run longer than its join window.
    let end = event.ended_at.min(start + OPENS_BEFORE + OPEN_FOR);
    let key = call_copy_key(event.interview_id);
    let mut copy = match store.find::<CallCopy>(&key).await? {
        Some(found) => found,
        None => {
            let fresh = CallCopy {
                interview_id: event.interview_id,
                next_from: start,
                piece_in_hand: None,
                recordings: Vec::new(),
                done: false,
            };
            match store.create(&fresh).await {
                Ok(()) | Err(CoreError::Conflict(_)) => {} // a concurrent delivery made it
                Err(e) => return Err(e),
            }
            store.get::<CallCopy>(&key).await?
        }
    };
    while !copy.value.done {
        let from = copy.value.next_from;
        let mut next = copy.value.clone();
        if from >= end {
            next.done = true;
        } else if let Some(recording_id) = copy.value.piece_in_hand {
            let to = if end - from <= PIECE + SHORT_TAIL { end } else { from + PIECE };
            if let Some(clip) = ports.calls.archived_clip(&event.tenant, event.interview_id, from, to).await? {
                store_piece(ports, store, &event.tenant, event.interview_id, recording_id, clip).await?;
                next.recordings.push(recording_id);
                next.piece_in_hand = None;
            }
            next.next_from = to;
        } else {
            // The next piece's recording is named before the piece is made: a crash after this reuses it.
            next.piece_in_hand = Some(RecordingId(ports.ids.new_id()));
        }
        store.update(&next, copy.version).await?;
        copy = store.get::<CallCopy>(&key).await?;
    }
    Ok(copy.value.recordings)
}

/// One piece as a pending recording with its bytes; the object store's notice of the bytes starts the analysis
/// as for any upload. Repeating it for the same recording changes nothing.
async fn store_piece(
    ports: &Ports,
    store: &TenantStore<'_>,
    tenant: &TenantSlug,
    interview_id: InterviewId,
    recording_id: RecordingId,
    clip: crate::ports::Clip,
) -> CoreResult<()> {
    let size = clip.bytes.len() as u64;
    let ext = check_upload(&clip.content_type, size)?;
    let object_key = recording_key(tenant, interview_id, recording_id, ext);
    let recording = Recording {
        id: recording_id,
        interview_id,
        content_type: clip.content_type.clone(),
        size_bytes: size,
        object_key: object_key.clone(),
        status: RecordingStatus::Pending,
        failure: None,
        failure_code: None,
        analysis: None,
        question: None,
        retake_request: None,
        // KVS keeps the call's voices mixed into one track.
        audio: AudioLayout::Mixed,
        server_copy: true,
        created_at: ports.clock.now(),
    };
    match store.create(&recording).await {
        Ok(()) | Err(CoreError::Conflict(_)) => {}
        Err(e) => return Err(e),
    }
    ports.objects.put(&object_key, clip.bytes, &clip.content_type).await?;
    Ok(())
}
