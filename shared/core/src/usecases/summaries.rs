//! Summaries (面談要約) from a transcript: the interview's interviewer or an admin uploads the
//! meeting's WebVTT (Teams, Zoom), SubRip, plain text or Amazon Transcribe JSON, or the
//! transcription hook stores what Transcribe heard. Mendan finds the interviewee among the
//! speakers (or is told, or corrected later), summarises what they said per question, keeps the
//! transcript beside the recordings and measures the conversation features. A broken file
//! changes nothing.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::interviews::load_visible;
use super::{store, text_work};
use crate::auth::Principal;
use crate::domain::summary::{InterviewSummary, SummarisedAnswer, conversation_features_key, transcript_key};
use crate::domain::{InterviewId, Role, TenantSlug, UserId};
use crate::events::{DomainEvent, TranscriptReady};
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};
use mendan_text::{DigestError, TranscriptFormat, Utterance, digest};

/// A transcript far longer than any interview is refused before parsing.
const MAX_TRANSCRIPT_BYTES: usize = 2 << 20;
/// Conversation features are schema 2: schema 1 (the recordings' features) plus `conversation.*`.
pub const CONVERSATION_SCHEMA_VERSION: u64 = 2;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TranscriptInput {
    /// `vtt` (Teams, Zoom), `srt`, `text` (`Name: words` lines) or `transcribe_json`.
    pub format: String,
    pub text: String,
    /// The interviewee as the transcript names them; found automatically when left out.
    pub interviewee_speaker: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpeakerInput {
    pub interviewee_speaker: String,
}

const MAY_UPLOAD: &[Role] = &[Role::Admin, Role::Interviewer];

pub async fn put_transcript(
    ports: &Ports,
    principal: &Principal,
    interview_id: InterviewId,
    input: TranscriptInput,
) -> CoreResult<InterviewSummary> {
    principal.require(MAY_UPLOAD, "upload transcripts")?;
    load_visible(&store(ports, principal), principal, interview_id).await?;
    if input.text.len() > MAX_TRANSCRIPT_BYTES {
        return Err(CoreError::TooLarge { size: input.text.len() as u64, limit: MAX_TRANSCRIPT_BYTES as u64 });
    }
    let format =
        TranscriptFormat::from_name(&input.format).ok_or_else(|| super::unknown_transcript_format(&input.format))?;
    let text = input.text;
    let utterances =
        text_work::run(move || format.parse(&text)).await?.map_err(|e| super::transcript_invalid("text", &e))?;
    let who = Some(principal.id());
    let speaker = input.interviewee_speaker.as_deref();
    let stored = store_transcript(ports, &principal.tenant, interview_id, &utterances, speaker, who, true).await?;
    let ready = TranscriptReady { tenant: principal.tenant.clone(), interview_id, recording_id: None };
    ports.events.publish(ready.to_event()).await?;
    Ok(stored)
}

/// Says who the interviewee is when Mendan guessed wrong: the summary and the conversation
/// features are made again from the stored transcript.
pub async fn set_interviewee(
    ports: &Ports,
    principal: &Principal,
    interview_id: InterviewId,
    input: SpeakerInput,
) -> CoreResult<InterviewSummary> {
    principal.require(MAY_UPLOAD, "correct the interviewee's speaker")?;
    load_visible(&store(ports, principal), principal, interview_id).await?;
    let utterances = load_transcript(ports, &principal.tenant, interview_id).await?;
    let who = Some(principal.id());
    let uploaded = store(ports, principal)
        .find::<InterviewSummary>(&crate::repo::keys::summary(interview_id))
        .await?
        .is_some_and(|s| s.value.uploaded);
    let speaker = Some(input.interviewee_speaker.as_str());
    store_transcript(ports, &principal.tenant, interview_id, &utterances, speaker, who, uploaded).await
}

/// Stores a transcript and everything made from it: the utterances, the conversation features,
/// then the summary (last, so a summary never points at a transcript that is not there). The
/// caller has checked the interview is the tenant's; a new transcript replaces the previous one.
pub async fn store_transcript(
    ports: &Ports,
    tenant: &TenantSlug,
    interview_id: InterviewId,
    utterances: &[Utterance],
    interviewee_speaker: Option<&str>,
    created_by: Option<UserId>,
    uploaded: bool,
) -> CoreResult<InterviewSummary> {
    let (owned, speaker) = (utterances.to_vec(), interviewee_speaker.map(str::to_owned));
    let digested = text_work::run(move || digest(&owned, speaker.as_deref())).await?;
    let digest = digested.map_err(|e| match e {
        DigestError::UnknownSpeaker(_) => CoreError::invalid(
            "interviewee_speaker",
            "指定された話者は文字起こしの中で話していません。被面談者の名前を確認してください。",
            e.to_string(),
        ),
        DigestError::NoSpeakers => CoreError::invalid(
            "text",
            "文字起こしに話者の名前がありません。被面談者の話者名を指定してください。",
            e.to_string(),
        ),
        DigestError::TooLong(e) => super::transcript_invalid("text", &e),
    })?;
    let transcript_key = transcript_key(tenant, interview_id);
    let body = serde_json::to_vec(utterances).map_err(|e| CoreError::Backend(e.to_string()))?;
    ports.objects.put(&transcript_key, body, "application/json").await?;
    let features = serde_json::json!({
        "schema_version": CONVERSATION_SCHEMA_VERSION,
        "conversation": digest.features.iter()
            .map(|(name, v)| (name.trim_start_matches("conversation.").to_owned(), serde_json::json!(v)))
            .collect::<serde_json::Map<String, serde_json::Value>>(),
        "quality": { "sufficient": digest.last_answer.is_some() },
    });
    let key = conversation_features_key(tenant, interview_id);
    ports.objects.put(&key, features.to_string().into_bytes(), "application/json").await?;

    let stored = InterviewSummary {
        interview_id,
        interviewee_speaker: digest.interviewee,
        speakers: digest.speakers,
        answers: digest
            .answers
            .into_iter()
            .map(|a| SummarisedAnswer { question: a.question, sentences: a.sentences })
            .collect(),
        chars: digest.chars,
        source_chars: digest.source_chars,
        transcript_key,
        created_at: ports.clock.now(),
        created_by,
        uploaded,
    };
    TenantStore::new(ports.items.as_ref(), tenant).replace(&stored).await?;
    Ok(stored)
}

/// The interview's stored transcript; not found when none was uploaded or transcribed.
pub async fn load_transcript(
    ports: &Ports,
    tenant: &TenantSlug,
    interview_id: InterviewId,
) -> CoreResult<Vec<Utterance>> {
    let bytes = ports
        .objects
        .get(&transcript_key(tenant, interview_id))
        .await?
        .ok_or(CoreError::NotFound { entity: "transcript" })?;
    serde_json::from_slice(&bytes).map_err(|e| CoreError::Backend(format!("stored transcript unreadable: {e}")))
}

/// An interview's summary, or that there is none yet. Not having one is a state, not an error (404 is kept for an
/// interview that does not exist or is not the caller's to see): `{"state": "none"}` until a transcript is
/// uploaded, then `{"state": "ready", …the summary's fields}`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SummaryState {
    None,
    Ready(InterviewSummary),
}

/// The interview's summary: admins and its interviewer, and experts (what was said helps them
/// rate; it is no model's opinion).
pub async fn get(ports: &Ports, principal: &Principal, interview_id: InterviewId) -> CoreResult<SummaryState> {
    principal.require(&[Role::Admin, Role::Interviewer, Role::Expert], "read summaries")?;
    let store = store(ports, principal);
    load_visible(&store, principal, interview_id).await?;
    let Some(found) = store.find::<InterviewSummary>(&keys::summary(interview_id)).await? else {
        return Ok(SummaryState::None);
    };
    let mut summary = found.value;
    if principal.role() == Role::Expert {
        // Experts rate blind: the transcript's speaker labels are often the people's names.
        summary.interviewee_speaker = String::new();
        summary.speakers.clear();
    }
    Ok(SummaryState::Ready(summary))
}
