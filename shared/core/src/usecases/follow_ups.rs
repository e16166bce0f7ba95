//! Follow-up questions in a self-interview (深掘り質問): after a fixed question is answered, one or
//! two questions about what the answer left out (situation, task, action, result). On the
//! embedded backend the browser supplies the answer's text (typed, or the browser's own speech
//! recognition). Templates, so the same answer always gets the same questions, at once; a tenant
//! may let the deployment's language model reword them (see `wording`).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::interviews::load_visible;
use super::{bounded_text, store, wording};
use crate::auth::Principal;
use crate::domain::feedback::WrittenBy;
use crate::domain::question_set::QuestionSet;
use crate::domain::{InterviewId, Role};
use crate::repo::keys;
use crate::{CoreError, CoreResult, Ports};
use mendan_text::star::follow_ups;

/// At most this many follow-ups per answer: more would turn a self-interview into an interrogation.
pub const MAX_FOLLOW_UPS: usize = 2;
const MAX_ANSWER_CHARS: usize = 5000;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRequest {
    /// The fixed question answered (0-based, the practice question excluded).
    pub question_index: u32,
    pub answer_text: String,
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
}

impl FollowUps {
    fn none() -> Self {
        FollowUps { follow_ups: Vec::new(), written_by: WrittenBy::Templates }
    }
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
    let answer = bounded_text("answer_text", &input.answer_text, MAX_ANSWER_CHARS)?;
    if answer.is_empty() {
        return Err(CoreError::invalid("answer_text", "回答の内容を入力してください。", "Give the answer's text."));
    }
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
    let settings = super::model_settings::current(&store).await?;
    let question = set.questions[input.question_index as usize].text.as_str();
    let templates = follow_ups(&answer, MAX_FOLLOW_UPS);
    let (asked, written_by) = wording::follow_ups(ports, &settings, Some(question), &answer, templates).await;
    let follow_ups = asked
        .into_iter()
        .map(|f| FollowUpQuestion { probes: f.probes.map(|p| p.as_str().to_owned()), ja: f.ja, en: f.en })
        .collect();
    Ok(FollowUps { follow_ups, written_by })
}
