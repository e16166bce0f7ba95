//! Question sets for self-interviews (and scripts for face-to-face ones).

use serde::Deserialize;
use utoipa::ToSchema;

use super::store;
use crate::auth::Principal;
use crate::domain::question_set::{Question, QuestionSet};
use crate::domain::{QuestionSetId, Role};
use crate::repo::keys;
use crate::{CoreResult, Ports};

const MANAGE: &[Role] = &[Role::Admin];
const LIST: &[Role] = &[Role::Admin, Role::Interviewer];

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionSetInput {
    pub name: String,
    pub questions: Vec<Question>,
    pub practice_question: Option<Question>,
    #[serde(default)]
    pub retake_limit: u32,
    #[serde(default)]
    pub follow_ups: bool,
}

/// The question set `input` describes, checked (also what the hostile-input suite feeds).
pub fn build(id: QuestionSetId, input: QuestionSetInput) -> CoreResult<QuestionSet> {
    let set = QuestionSet {
        id,
        name: input.name.trim().to_owned(),
        questions: input.questions,
        practice_question: input.practice_question,
        retake_limit: input.retake_limit,
        follow_ups: input.follow_ups,
    };
    set.validate()?;
    Ok(set)
}

pub async fn create(ports: &Ports, principal: &Principal, input: QuestionSetInput) -> CoreResult<QuestionSet> {
    principal.require(MANAGE, "create question sets")?;
    let set = build(QuestionSetId(ports.ids.new_id()), input)?;
    store(ports, principal).create(&set).await?;
    Ok(set)
}

pub async fn list(ports: &Ports, principal: &Principal) -> CoreResult<Vec<QuestionSet>> {
    principal.require(LIST, "list question sets")?;
    store(ports, principal).list(keys::QSET_PREFIX).await
}

/// Any signed-in user may read a set by id: interviewees need the questions of their interview.
pub async fn get(ports: &Ports, principal: &Principal, id: QuestionSetId) -> CoreResult<QuestionSet> {
    Ok(store(ports, principal).get(&keys::question_set(id)).await?.value)
}

pub async fn replace(
    ports: &Ports,
    principal: &Principal,
    id: QuestionSetId,
    input: QuestionSetInput,
) -> CoreResult<QuestionSet> {
    principal.require(MANAGE, "change question sets")?;
    let store = store(ports, principal);
    let current = store.get::<QuestionSet>(&keys::question_set(id)).await?;
    let set = build(id, input)?;
    store.update(&set, current.version).await?;
    Ok(set)
}
