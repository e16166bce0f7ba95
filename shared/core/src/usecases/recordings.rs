//! Recordings: signing browser uploads (only with the interviewee's consent) and taking note of
//! uploads once their bytes have arrived.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use utoipa::ToSchema;

use super::consents::is_granted;
use super::follow_ups::MAX_FOLLOW_UPS;
use super::interviews::{load_visible, transition};
use super::{bounded_text, store};
use crate::auth::Principal;
use crate::domain::consent::ConsentKind;
use crate::domain::interview::{Interview, InterviewMode, InterviewStatus};
use crate::domain::question_set::QuestionSet;
use crate::domain::recording::{AskedQuestion, AudioLayout, Recording, RecordingStatus, check_upload, recording_key};
use crate::domain::{InterviewId, RecordingId, Role, TenantSlug};
use crate::events::RecordingUploaded;
use crate::ports::{Condition, Write};
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

/// How long an upload URL may be started; the upload itself may take longer.
pub const UPLOAD_URL_TTL: Duration = Duration::from_secs(60 * 60);
/// A recording still pending this long after its URL was issued was abandoned (the tab closed, the
/// device went away): it is dropped, so it neither shows as "waiting" nor blocks anything. Long
/// enough for a large upload started just before the URL expired on a slow line.
pub const ABANDONED_AFTER: chrono::TimeDelta = chrono::TimeDelta::hours(24);
/// How long playback links are valid: long enough to watch a 30-minute answer with pauses.
pub const PLAYBACK_TTL: Duration = Duration::from_secs(3 * 60 * 60);
/// Who may play recordings back: the staff who rate and decide, never the interviewee's peers.
const VIEWERS: &[Role] = &[Role::Admin, Role::Interviewer, Role::Expert];

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    pub content_type: String,
    pub size_bytes: u64,
    /// The fixed question answered (0-based), for self-interviews.
    #[serde(default)]
    pub question_index: Option<u32>,
    /// Which follow-up after that question (0-based), when the answer is to one.
    #[serde(default)]
    pub follow_up_index: Option<u32>,
    /// The words asked (a follow-up's text is generated, so it is kept with its answer).
    #[serde(default)]
    pub question_text: Option<String>,
    /// Where the interviewee's voice is in the audio: a video call's recording keeps each side on its own
    /// channel (face-to-face interviews only).
    #[serde(default)]
    pub audio: AudioLayout,
}

const MAX_QUESTION_CHARS: usize = 500;

/// Checks what the recorder says was asked against the interview's question set.
async fn asked_question(
    store: &TenantStore<'_>,
    interview: &crate::domain::interview::Interview,
    input: &UploadRequest,
) -> CoreResult<Option<AskedQuestion>> {
    let Some(index) = input.question_index else {
        return match input.follow_up_index {
            Some(_) => Err(CoreError::invalid(
                "follow_up_index",
                "追加質問の元になる質問を指定してください。",
                "Give the question_index it follows.",
            )),
            None => Ok(None),
        };
    };
    if let Some(set_id) = interview.question_set_id {
        let set = store.get::<QuestionSet>(&keys::question_set(set_id)).await?.value;
        if index as usize >= set.questions.len() {
            let count = set.questions.len();
            return Err(CoreError::invalid(
                "question_index",
                format!("この質問セットの質問は {count} 問です。"),
                format!("The question set has {count} questions."),
            ));
        }
    }
    if input.follow_up_index.is_some_and(|k| k as usize >= MAX_FOLLOW_UPS) {
        return Err(CoreError::invalid(
            "follow_up_index",
            format!("追加質問は 1 問につき {MAX_FOLLOW_UPS} 問までです。"),
            format!("At most {MAX_FOLLOW_UPS} follow-ups per question."),
        ));
    }
    let text = match &input.question_text {
        Some(t) => Some(bounded_text("question_text", t, MAX_QUESTION_CHARS)?).filter(|t| !t.is_empty()),
        None => None,
    };
    Ok(Some(AskedQuestion { index, follow_up: input.follow_up_index, text }))
}

/// Where and how the browser uploads the recording.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadTicket {
    pub recording_id: RecordingId,
    pub upload_url: String,
    pub method: String,
    pub headers: std::collections::BTreeMap<String, String>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

pub async fn sign_upload(
    ports: &Ports,
    principal: &Principal,
    interview_id: InterviewId,
    input: UploadRequest,
) -> CoreResult<UploadTicket> {
    principal.require(&[Role::Interviewee, Role::Interviewer, Role::Admin], "upload recordings")?;
    let ext = check_upload(&input.content_type, input.size_bytes)?;
    let store = store(ports, principal);
    let interview = load_visible(&store, principal, interview_id).await?;
    if !matches!(interview.value.status, InterviewStatus::Scheduled | InterviewStatus::InProgress) {
        return Err(CoreError::invalid(
            "status",
            "この面談は終了しているため、録画を追加できません。",
            "This interview is finished; recordings can no longer be added.",
        ));
    }
    if !is_granted(&store, interview_id, ConsentKind::Recording, interview.value.interviewee_id).await? {
        return Err(CoreError::ConsentMissing { kind: ConsentKind::Recording });
    }
    let question = asked_question(&store, &interview.value, &input).await?;
    if input.audio == AudioLayout::IntervieweeLeftInterviewerRight && interview.value.mode != InterviewMode::FaceToFace
    {
        return Err(CoreError::invalid(
            "audio",
            "声を左右に分けた録画は対面面談（ビデオ面談）のものだけです。",
            "Voices on separate channels come only from a face-to-face interview's video call.",
        ));
    }
    let now = ports.clock.now();
    let recording_id = RecordingId(ports.ids.new_id());
    let object_key = recording_key(&principal.tenant, interview_id, recording_id, ext);
    let recording = Recording {
        id: recording_id,
        interview_id,
        content_type: input.content_type.clone(),
        size_bytes: input.size_bytes,
        object_key: object_key.clone(),
        status: RecordingStatus::Pending,
        failure: None,
        failure_code: None,
        analysis: None,
        question,
        retake_request: None,
        audio: input.audio,
        server_copy: false,
        created_at: now,
    };
    store.create(&recording).await?;
    if interview.value.status == InterviewStatus::Scheduled {
        transition(&store, interview, InterviewStatus::InProgress, now).await?;
    }
    let signed = ports.objects.presign_put(&object_key, &input.content_type, input.size_bytes, UPLOAD_URL_TTL).await?;
    tracing::info!(%interview_id, %recording_id, size = input.size_bytes, "upload signed");
    Ok(UploadTicket {
        recording_id,
        upload_url: signed.url,
        method: signed.method,
        headers: signed.headers,
        expires_at: signed.expires_at,
    })
}

/// A recording as listed: staff also get short-lived links to play it and to its analysis timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordingView {
    #[serde(flatten)]
    pub recording: Recording,
    /// A presigned GET of the recording (staff, once its bytes have arrived).
    pub download_url: Option<String>,
    /// A presigned GET of the per-second timeline JSON (`speaking`, `face_present`, `smiling`),
    /// once analysed.
    pub timeline_url: Option<String>,
}

pub async fn list(ports: &Ports, principal: &Principal, interview_id: InterviewId) -> CoreResult<Vec<RecordingView>> {
    let store = store(ports, principal);
    load_visible(&store, principal, interview_id).await?;
    let recordings = store.list::<Recording>(&keys::recordings_of(interview_id)).await?;
    let live = drop_abandoned(ports, &store, recordings).await?;
    let may_play = VIEWERS.iter().any(|r| principal.is(*r));
    let mut views = Vec::with_capacity(live.len());
    for recording in live {
        let (mut download_url, mut timeline_url) = (None, None);
        if may_play && recording.status != RecordingStatus::Pending {
            download_url = Some(ports.objects.presign_get(&recording.object_key, PLAYBACK_TTL).await?.url);
            if let Some(analysis) = &recording.analysis {
                timeline_url = Some(ports.objects.presign_get(&analysis.timeline_key, PLAYBACK_TTL).await?.url);
            }
        }
        views.push(RecordingView { recording, download_url, timeline_url });
    }
    Ok(views)
}

/// Deletes pending recordings older than [`ABANDONED_AFTER`] and returns the rest. Bytes that
/// reach an abandoned recording are refused and deleted by the upload handler (a recording without
/// a record is [`UploadClosed::Unknown`]), not here: the API's role may not delete stored files. A pending recording is always at version 1 (its upload bumps it), so the
/// delete is conditional on that: an upload noted at the last moment wins and the recording stays.
async fn drop_abandoned(
    ports: &Ports,
    store: &TenantStore<'_>,
    recordings: Vec<Recording>,
) -> CoreResult<Vec<Recording>> {
    let now = ports.clock.now();
    let mut live = Vec::with_capacity(recordings.len());
    for recording in recordings {
        let abandoned = recording.status == RecordingStatus::Pending && now - recording.created_at > ABANDONED_AFTER;
        if !abandoned {
            live.push(recording);
            continue;
        }
        let delete = Write::Delete {
            key: store.key(keys::recording(recording.interview_id, recording.id)),
            condition: Condition::Version(1),
        };
        match store.commit(vec![delete]).await {
            Ok(()) => tracing::info!(recording_id = %recording.id, "abandoned pending recording dropped"),
            Err(CoreError::Conflict(_)) => live.push(recording),
            Err(e) => return Err(e),
        }
    }
    Ok(live)
}

/// Deletes recording objects whose recording no longer exists (its record was dropped while its
/// bytes stayed, or they arrived after it was dropped); returns how many. Every recording record is
/// written before its upload is signed, so bytes without one are never wanted. The embedded backend
/// runs it at start-up; on AWS the upload handler refuses such objects as they arrive.
pub async fn remove_orphaned_uploads(ports: &Ports) -> CoreResult<usize> {
    let mut removed = 0;
    for object in ports.objects.list("t/").await? {
        let Some((tenant, interview_id, recording_id)) = parse_recording_key(&object.key) else { continue };
        let store = TenantStore::new(ports.items.as_ref(), &tenant);
        if store.raw_get(&keys::recording(interview_id, recording_id)).await?.is_none() {
            ports.objects.delete(&object.key).await?;
            tracing::info!(%interview_id, %recording_id, "orphaned recording bytes removed");
            removed += 1;
        }
    }
    Ok(removed)
}

/// Reads `t/{tenant}/interviews/{interview}/recordings/{recording}.{ext}` back into its parts.
pub fn parse_recording_key(key: &str) -> Option<(TenantSlug, InterviewId, RecordingId)> {
    let parts: Vec<&str> = key.split('/').collect();
    let [t, tenant, interviews, interview, recordings, file] = parts.as_slice() else { return None };
    if *t != "t" || *interviews != "interviews" || *recordings != "recordings" {
        return None;
    }
    let (recording, _ext) = file.split_once('.')?;
    Some((TenantSlug::parse(tenant).ok()?, InterviewId::parse(interview).ok()?, RecordingId::parse(recording).ok()?))
}

/// Why a recording takes no (more) bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadClosed {
    /// No such recording: never signed, or dropped as abandoned.
    Unknown,
    /// Its bytes arrived already: another upload would replace what is analysed and rated.
    NotPending,
    /// The interview was finished or cancelled before these bytes came.
    InterviewFinished,
    /// The interviewee withdrew the recording consent.
    ConsentWithdrawn,
}

impl From<UploadClosed> for CoreError {
    fn from(closed: UploadClosed) -> Self {
        match closed {
            UploadClosed::ConsentWithdrawn => CoreError::ConsentMissing { kind: ConsentKind::Recording },
            UploadClosed::Unknown => CoreError::Conflict("this upload link's recording no longer exists".into()),
            UploadClosed::NotPending => CoreError::Conflict("this recording was uploaded already".into()),
            UploadClosed::InterviewFinished => {
                CoreError::Conflict("this interview is finished; recordings can no longer be added".into())
            }
        }
    }
}

/// The one rule for upload links, on both backends: bytes are taken for a recording only while it
/// is `pending`, its interview still takes recordings and the interviewee's recording consent
/// stands. `arrived_at` is when the bytes came (now, for an upload about to start): an interview
/// marked `recorded` after that still takes them, as the finish button follows the upload and the
/// upload's notification may reach the handler after it.
pub async fn upload_closed(
    store: &TenantStore<'_>,
    interview_id: InterviewId,
    recording_id: RecordingId,
    arrived_at: chrono::DateTime<chrono::Utc>,
) -> CoreResult<Option<UploadClosed>> {
    let Some(recording) = store.find::<Recording>(&keys::recording(interview_id, recording_id)).await? else {
        return Ok(Some(UploadClosed::Unknown));
    };
    if recording.value.status != RecordingStatus::Pending {
        return Ok(Some(UploadClosed::NotPending));
    }
    let Some(interview) = store.find::<Interview>(&keys::interview(interview_id)).await? else {
        return Ok(Some(UploadClosed::Unknown));
    };
    let takes_recordings = match interview.value.status {
        InterviewStatus::Scheduled | InterviewStatus::InProgress => true,
        // The server's copy of a call is exported after the call ended, often after the interview was recorded.
        InterviewStatus::Recorded => recording.value.server_copy || interview.value.updated_at > arrived_at,
        _ => false,
    };
    if !takes_recordings {
        return Ok(Some(UploadClosed::InterviewFinished));
    }
    if !is_granted(store, interview_id, ConsentKind::Recording, interview.value.interviewee_id).await? {
        return Ok(Some(UploadClosed::ConsentWithdrawn));
    }
    Ok(None)
}

/// Checks an upload to `object_key` before any byte is stored (the embedded upload endpoint):
/// [`upload_closed`] as an error (409 `conflict`, or 403 `consent_missing`). Keys that are not
/// recordings are not this rule's business.
pub async fn admit_upload(ports: &Ports, object_key: &str) -> CoreResult<()> {
    let Some((tenant, interview_id, recording_id)) = parse_recording_key(object_key) else { return Ok(()) };
    let store = TenantStore::new(ports.items.as_ref(), &tenant);
    match upload_closed(&store, interview_id, recording_id, ports.clock.now()).await? {
        None => Ok(()),
        Some(closed) => Err(closed.into()),
    }
}

/// What [`on_uploaded`] made of an upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadNoted {
    /// The recording is `uploaded` (now, or by an earlier delivery of the same event).
    Taken,
    /// The bytes were not taken (see [`UploadClosed`]); nothing is to be analysed.
    Refused(UploadClosed),
}

/// Handles RecordingUploaded: marks the recording uploaded, if [`upload_closed`] allows it at the
/// time the bytes arrived. Refused bytes are deleted, except when the recording has its bytes
/// already: they live under the same key and stay. The interview becomes `recorded` when the
/// person recording says it is finished (a self-interview uploads one answer at a time).
/// Running it twice for the same object version changes nothing the second time.
pub async fn on_uploaded(ports: &Ports, event: &RecordingUploaded) -> CoreResult<UploadNoted> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let done_key = keys::processed("recording-uploaded", &format!("{}#{}", event.recording_id, event.etag));
    if store.raw_get(&done_key).await?.is_some() {
        return Ok(UploadNoted::Taken);
    }
    let arrived_at = event.uploaded_at.unwrap_or_else(|| ports.clock.now());
    if let Some(closed) = upload_closed(&store, event.interview_id, event.recording_id, arrived_at).await? {
        if closed != UploadClosed::NotPending {
            ports.objects.delete(&event.object_key).await?;
        }
        tracing::warn!(recording_id = %event.recording_id, ?closed, "uploaded bytes refused");
        return Ok(UploadNoted::Refused(closed));
    }
    let current = store.get::<Recording>(&keys::recording(event.interview_id, event.recording_id)).await?;
    if current.value.object_key != event.object_key {
        return Err(CoreError::invalid(
            "object_key",
            "アップロードされたファイルはこの録画のものではありません。",
            "The uploaded object does not belong to this recording.",
        ));
    }
    let mut recording = current.value.clone();
    recording.status = RecordingStatus::Uploaded;
    recording.size_bytes = event.size;
    let marker = store.raw_create_write(done_key, serde_json::json!({ "at": ports.clock.now() }));
    store.commit(vec![store.update_write(&recording, current.version)?, marker]).await?;
    Ok(UploadNoted::Taken)
}
