//! Summaries (面談要約) from an uploaded transcript: the interview's interviewer or an admin
//! uploads the meeting's WebVTT (Teams, Zoom) or Amazon Transcribe JSON; Mendan finds the
//! interviewee among the speakers (or is told), summarises what they said per question and keeps
//! the transcript beside the recordings. A broken file changes nothing.

use serde::Deserialize;
use utoipa::ToSchema;

use super::interviews::load_visible;
use super::store;
use crate::auth::Principal;
use crate::domain::summary::{InterviewSummary, SummarisedAnswer};
use crate::domain::{InterviewId, Role};
use crate::repo::keys;
use crate::{CoreError, CoreResult, Ports};
use mendan_text::conversation::{answers, interviewee};
use mendan_text::{SummaryOptions, Utterance, parse_transcribe_json, parse_vtt, summarise_answers};

/// A transcript far longer than any interview is refused before parsing.
const MAX_TRANSCRIPT_BYTES: usize = 2 << 20;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TranscriptInput {
    /// `vtt` (Teams, Zoom) or `transcribe_json` (Amazon Transcribe output).
    pub format: String,
    pub text: String,
    /// The interviewee as the transcript names them; found automatically when left out.
    pub interviewee_speaker: Option<String>,
}

const MAY_UPLOAD: &[Role] = &[Role::Admin, Role::Interviewer];

pub async fn put_transcript(
    ports: &Ports,
    principal: &Principal,
    interview_id: InterviewId,
    input: TranscriptInput,
) -> CoreResult<InterviewSummary> {
    principal.require(MAY_UPLOAD, "upload transcripts")?;
    let store = store(ports, principal);
    load_visible(&store, principal, interview_id).await?;
    if input.text.len() > MAX_TRANSCRIPT_BYTES {
        return Err(CoreError::TooLarge { size: input.text.len() as u64, limit: MAX_TRANSCRIPT_BYTES as u64 });
    }
    let utterances = parse(&input)?;
    let speaker = match input.interviewee_speaker {
        Some(name) if utterances.iter().any(|u| u.speaker.as_deref() == Some(name.as_str())) => name,
        Some(name) => return Err(CoreError::invalid("interviewee_speaker", format!("{name:?} does not speak"))),
        None => interviewee(&utterances)
            .ok_or_else(|| CoreError::invalid("text", "the transcript names no speakers; give interviewee_speaker"))?,
    };
    let answers = answers(&utterances, &speaker);
    let texts: Vec<String> = answers.iter().map(|a| a.text.clone()).collect();
    let summary = summarise_answers(&texts, &SummaryOptions::default());
    let chars = summary.iter().flat_map(|s| &s.sentences).map(|s| s.chars().count()).sum();
    let source_chars = texts.iter().map(|t| t.chars().filter(|c| !c.is_whitespace()).count()).sum();

    let transcript_key = format!("t/{}/interviews/{interview_id}/transcript.json", principal.tenant);
    let body = serde_json::to_vec(&utterances).map_err(|e| CoreError::Backend(e.to_string()))?;
    ports.objects.put(&transcript_key, body, "application/json").await?;
    let stored = InterviewSummary {
        interview_id,
        interviewee_speaker: speaker,
        answers: summary
            .into_iter()
            .map(|s| SummarisedAnswer { question: answers[s.answer].question.clone(), sentences: s.sentences })
            .collect(),
        chars,
        source_chars,
        transcript_key,
        created_at: ports.clock.now(),
        created_by: principal.id(),
    };
    // A new transcript replaces the summary of the previous one.
    store.replace(&stored).await?;
    Ok(stored)
}

fn parse(input: &TranscriptInput) -> CoreResult<Vec<Utterance>> {
    let parsed = match input.format.as_str() {
        "vtt" => parse_vtt(&input.text),
        "transcribe_json" => parse_transcribe_json(&input.text),
        other => return Err(CoreError::invalid("format", format!("{other:?}: use vtt or transcribe_json"))),
    };
    parsed.map_err(|e| CoreError::invalid("text", e.to_string()))
}

/// The interview's summary: admins and its interviewer, and experts (what was said helps them
/// rate; it is no model's opinion).
pub async fn get(ports: &Ports, principal: &Principal, interview_id: InterviewId) -> CoreResult<InterviewSummary> {
    principal.require(&[Role::Admin, Role::Interviewer, Role::Expert], "read summaries")?;
    let store = store(ports, principal);
    load_visible(&store, principal, interview_id).await?;
    Ok(store.get::<InterviewSummary>(&keys::summary(interview_id)).await?.value)
}
