//! Question sets for self-interviews (and scripts for face-to-face ones).

use serde::Deserialize;
use utoipa::ToSchema;

use super::store;
use crate::auth::Principal;
use crate::domain::interview::{Interview, InterviewStatus};
use crate::domain::question_set::{Question, QuestionSet};
use crate::domain::{QuestionSetId, Role};
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

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
    if changes_questions(&current.value, &set)
        && interviews_using(&store, id).await?.iter().any(|i| may_have_answers(i.status))
    {
        return Err(CoreError::in_use(
            "回答済みの面談があるため質問の文面・数・順番は変更できません。複製して新しい質問セットを作ってください。",
            "Interviews have answered these questions, so their wording, number and order cannot change. Duplicate the set to make a new one.",
        ));
    }
    store.update(&set, current.version).await?;
    Ok(set)
}

/// Deletes a set no live interview uses; cancelled interviews keep the id of a set that is gone.
pub async fn delete(ports: &Ports, principal: &Principal, id: QuestionSetId) -> CoreResult<()> {
    principal.require(MANAGE, "delete question sets")?;
    let store = store(ports, principal);
    let current = store.get::<QuestionSet>(&keys::question_set(id)).await?;
    let live = interviews_using(&store, id).await?.iter().filter(|i| i.status != InterviewStatus::Cancelled).count();
    if live > 0 {
        return Err(CoreError::in_use(
            format!(
                "この質問セットは {live} 件の面談で使われているため削除できません。それらの面談を中止するか、質問セットを残してください。"
            ),
            format!(
                "{live} interview(s) use this question set, so it cannot be deleted. Cancel those interviews or keep the set."
            ),
        ));
    }
    store.remove(&keys::question_set(id), Some(current.version)).await
}

/// Whether the change touches what answers were given to: the questions' wording, number or
/// order (answers are stored by question index). Answer times, the practice question, the retake
/// limit and follow-ups only shape interviews still to come.
pub fn changes_questions(old: &QuestionSet, new: &QuestionSet) -> bool {
    !old.questions.iter().map(|q| &q.text).eq(new.questions.iter().map(|q| &q.text))
}

/// An interview past `scheduled` may hold answers. A cancelled one is left out even if it started:
/// nobody rates or analyses it any more, and counting it would fix a set for good over one mistake.
fn may_have_answers(status: InterviewStatus) -> bool {
    !matches!(status, InterviewStatus::Scheduled | InterviewStatus::Cancelled)
}

/// The tenant's interviews that use the set.
async fn interviews_using(store: &TenantStore<'_>, id: QuestionSetId) -> CoreResult<Vec<Interview>> {
    let mut interviews = store.list::<Interview>(keys::INTERVIEW_PREFIX).await?;
    interviews.retain(|i| i.question_set_id == Some(id));
    Ok(interviews)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(text: &str, answer_seconds: u32) -> Question {
        Question { text: text.into(), answer_seconds }
    }

    fn set(questions: Vec<Question>) -> QuestionSet {
        QuestionSet {
            id: QuestionSetId(uuid::Uuid::nil()),
            name: "一次面接".into(),
            questions,
            practice_question: None,
            retake_limit: 0,
            follow_ups: false,
        }
    }

    #[test]
    fn wording_number_and_order_touch_the_questions() {
        let old = set(vec![question("自己紹介をしてください。", 60), question("志望動機は？", 90)]);
        let reworded = set(vec![question("自己紹介を 1 分でどうぞ。", 60), question("志望動機は？", 90)]);
        let fewer = set(vec![question("自己紹介をしてください。", 60)]);
        let swapped = set(vec![question("志望動機は？", 90), question("自己紹介をしてください。", 60)]);
        for changed in [reworded, fewer, swapped] {
            assert!(changes_questions(&old, &changed), "{:?}", changed.questions);
        }
    }

    #[test]
    fn settings_around_the_questions_do_not() {
        let old = set(vec![question("自己紹介をしてください。", 60)]);
        let mut new = set(vec![question("自己紹介をしてください。", 120)]);
        new.name = "二次面接".into();
        new.practice_question = Some(question("今日の天気は？", 30));
        new.retake_limit = 3;
        new.follow_ups = true;
        assert!(!changes_questions(&old, &new));
    }

    #[test]
    fn only_interviews_that_started_may_hold_answers() {
        use InterviewStatus::*;
        assert!(!may_have_answers(Scheduled) && !may_have_answers(Cancelled));
        assert!([InProgress, Recorded, Analysed, Rated].into_iter().all(may_have_answers));
    }
}
