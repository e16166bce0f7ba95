//! Follow-up questions in a self-interview (深掘り質問): after a fixed question is answered, one or
//! two questions about what the answer left out (situation, task, action, result). The answer is
//! the transcript of its recording where this installation transcribes recordings (Amazon
//! Transcribe, or the offline recogniser under `mendan serve`): the browser asks with the
//! recording's id and is told to ask again while it is being transcribed. Or the browser supplies
//! the answer's text (typed key points, or the browser's own speech recognition). Templates, so
//! the same answer always gets the same questions, at once; a tenant may let the deployment's
//! language model reword them (see `wording`).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::interviews::load_visible;
use super::{bounded_text, store, wording};
use crate::auth::Principal;
use crate::domain::feedback::WrittenBy;
use crate::domain::question_set::QuestionSet;
use crate::domain::recording::Recording;
use crate::domain::transcription::{Transcription, TranscriptionState, utterances_key};
use crate::domain::{InterviewId, RecordingId, Role};
use crate::repo::keys;
use crate::{CoreError, CoreResult, Ports};
use mendan_text::Utterance;
use mendan_text::star::follow_ups;

/// At most this many follow-ups per answer: more would turn a self-interview into an interrogation.
pub const MAX_FOLLOW_UPS: usize = 2;
const MAX_ANSWER_CHARS: usize = 5000;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRequest {
    /// The fixed question answered (0-based, the practice question excluded).
    pub question_index: u32,
    /// The answer's text (typed or dictated key points); or else
    #[serde(default)]
    pub answer_text: Option<String>,
    /// the answer's recording, whose transcript is read (one of the two).
    #[serde(default)]
    pub recording_id: Option<RecordingId>,
}

#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct FollowUpQuestion {
    /// `situation`, `task`, `action` or `result`: what the question asks for; `null` for the
    /// reflection question asked when nothing is missing.
    pub probes: Option<String>,
    pub ja: String,
    pub en: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct FollowUps {
    pub follow_ups: Vec<FollowUpQuestion>,
    pub written_by: WrittenBy,
    /// The recording is still being transcribed: ask again in a moment (no questions yet).
    pub transcribing: bool,
}

impl FollowUps {
    fn none() -> Self {
        FollowUps { follow_ups: Vec::new(), written_by: WrittenBy::Templates, transcribing: false }
    }
}

/// The answer as the request gives it.
enum Given {
    Text(String),
    Recording(RecordingId),
}

/// What the answer said, as far as is known now.
enum Answer {
    Said(String),
    /// Its recording is not transcribed yet.
    Transcribing,
}

pub async fn ask(
    ports: &Ports,
    principal: &Principal,
    interview_id: InterviewId,
    input: FollowUpRequest,
) -> CoreResult<FollowUps> {
    principal.require(&[Role::Interviewee, Role::Admin, Role::Interviewer], "ask follow-up questions")?;
    let store = store(ports, principal);
    let interview = load_visible(&store, principal, interview_id).await?.value;
    let given = match (input.answer_text, input.recording_id) {
        (Some(text), None) => {
            let text = bounded_text("answer_text", &text, MAX_ANSWER_CHARS)?;
            if text.is_empty() {
                return Err(CoreError::invalid(
                    "answer_text",
                    "回答の内容を入力してください。",
                    "Give the answer's text.",
                ));
            }
            Given::Text(text)
        }
        (None, Some(recording)) => Given::Recording(recording),
        _ => {
            return Err(CoreError::invalid(
                "answer_text",
                "回答の内容か、回答の録画のどちらかを指定してください。",
                "Give either the answer's text or the answer's recording.",
            ));
        }
    };
    let Some(set_id) = interview.question_set_id else { return Ok(FollowUps::none()) };
    let set = store.get::<QuestionSet>(&keys::question_set(set_id)).await?.value;
    if input.question_index as usize >= set.questions.len() {
        return Err(CoreError::invalid(
            "question_index",
            format!("この質問セットの質問は {} 問です。", set.questions.len()),
            format!("The question set has {} questions.", set.questions.len()),
        ));
    }
    if !set.follow_ups {
        return Ok(FollowUps::none());
    }
    let answer = match given {
        Given::Text(text) => text,
        Given::Recording(recording) => match spoken_answer(ports, principal, interview_id, recording).await? {
            Answer::Said(text) => text,
            Answer::Transcribing => return Ok(FollowUps { transcribing: true, ..FollowUps::none() }),
        },
    };
    let settings = super::model_settings::current(&store).await?;
    let question = set.questions[input.question_index as usize].text.as_str();
    let templates = follow_ups(&answer, MAX_FOLLOW_UPS);
    let (asked, written_by) = wording::follow_ups(ports, &settings, Some(question), &answer, templates).await;
    let follow_ups = asked
        .into_iter()
        .map(|f| FollowUpQuestion { probes: f.probes.map(|p| p.as_str().to_owned()), ja: f.ja, en: f.en })
        .collect();
    Ok(FollowUps { follow_ups, written_by, transcribing: false })
}

/// The transcript of an answer's recording (the interview's own; another's does not exist here).
async fn spoken_answer(
    ports: &Ports,
    principal: &Principal,
    interview: InterviewId,
    recording: RecordingId,
) -> CoreResult<Answer> {
    let store = store(ports, principal);
    store.get::<Recording>(&keys::recording(interview, recording)).await?;
    if ports.transcriber.is_none() {
        return Err(CoreError::TranscriptionUnavailable);
    }
    let not_heard = || {
        CoreError::invalid(
            "recording_id",
            "回答を聞き取れませんでした。回答の要点を入力してください。",
            "The answer could not be made out; type its key points instead.",
        )
    };
    let state = store.find::<Transcription>(&keys::transcription(interview, recording)).await?.map(|t| t.value.state);
    match state {
        None | Some(TranscriptionState::Started) => return Ok(Answer::Transcribing),
        Some(TranscriptionState::Failed) => return Err(not_heard()),
        Some(TranscriptionState::Completed) => {}
    }
    let key = utterances_key(&principal.tenant, interview, recording);
    let bytes = ports.objects.get(&key).await?.ok_or_else(not_heard)?;
    let utterances: Vec<Utterance> = serde_json::from_slice(&bytes).map_err(|e| CoreError::Backend(e.to_string()))?;
    let said: String = utterances.iter().map(|u| u.text.as_str()).collect::<Vec<_>>().join(" ");
    let said = said.trim().chars().take(MAX_ANSWER_CHARS).collect::<String>();
    if said.is_empty() {
        return Err(not_heard());
    }
    Ok(Answer::Said(said))
}
