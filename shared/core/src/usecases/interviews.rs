//! Interviews: scheduling, listing, rescheduling and status changes.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::store;
use crate::auth::Principal;
use crate::domain::interview::{Interview, InterviewMode, InterviewStatus, check_deadline};
use crate::domain::question_set::QuestionSet;
use crate::domain::recording::{Recording, RecordingStatus};
use crate::domain::usage::Meter;
use crate::domain::user::User;
use crate::domain::{InterviewId, QuestionSetId, Role, UserId};
use crate::events::{DomainEvent, InterviewChange, InterviewChanged};
use crate::repo::{TenantStore, Versioned, keys};
use crate::{CoreError, CoreResult, Ports};

const SCHEDULE: &[Role] = &[Role::Admin, Role::Interviewer];

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInterview {
    pub mode: InterviewMode,
    pub interviewee_id: UserId,
    /// Defaults to the caller when an interviewer schedules.
    pub interviewer_id: Option<UserId>,
    /// Required for self-interviews.
    pub question_set_id: Option<QuestionSetId>,
    pub scheduled_at: DateTime<Utc>,
    /// Self-interviews: answer by this time (reminders go 3 days and 1 day before it).
    #[serde(default)]
    pub deadline: Option<DateTime<Utc>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterviewPatch {
    pub scheduled_at: Option<DateTime<Utc>>,
    /// Self-interviews: a new deadline.
    pub deadline: Option<DateTime<Utc>>,
    pub interviewer_id: Option<UserId>,
    pub question_set_id: Option<QuestionSetId>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct InterviewFilter {
    pub status: Option<InterviewStatus>,
    pub interviewer_id: Option<UserId>,
    pub interviewee_id: Option<UserId>,
    /// Scheduled at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Scheduled before this time.
    pub to: Option<DateTime<Utc>>,
    /// Only those the caller has rated (`true`) or not yet (`false`): an expert's queue.
    pub rated_by_me: Option<bool>,
}

impl InterviewFilter {
    fn matches(&self, i: &Interview) -> bool {
        self.status.is_none_or(|s| i.status == s)
            && self.interviewer_id.is_none_or(|id| i.interviewer_id == Some(id))
            && self.interviewee_id.is_none_or(|id| i.interviewee_id == id)
            && self.from.is_none_or(|t| i.scheduled_at >= t)
            && self.to.is_none_or(|t| i.scheduled_at < t)
    }
}

/// Who sees an interview: admins all; interviewers and interviewees their own; experts those
/// with a recording to rate. Anything else answers NotFound, so existence does not leak.
pub fn visible(principal: &Principal, interview: &Interview) -> bool {
    match principal.role() {
        Role::Admin => true,
        Role::Interviewer => interview.interviewer_id == Some(principal.id()),
        Role::Interviewee => interview.interviewee_id == principal.id(),
        Role::Expert => interview.status.is_rateable(),
    }
}

pub(crate) async fn load_visible(
    store: &TenantStore<'_>,
    principal: &Principal,
    id: InterviewId,
) -> CoreResult<Versioned<Interview>> {
    let found = store.get::<Interview>(&keys::interview(id)).await?;
    if visible(principal, &found.value) { Ok(found) } else { Err(CoreError::NotFound { entity: "interview" }) }
}

async fn check_person(store: &TenantStore<'_>, id: UserId, field: &str, roles: &[Role]) -> CoreResult<()> {
    let user = store
        .find::<User>(&keys::user(id))
        .await?
        .ok_or_else(|| {
            CoreError::invalid(field, "指定されたユーザーが見つかりません。", "No such user in this tenant.")
        })?
        .value;
    if user.disabled || !roles.contains(&user.role) {
        return Err(CoreError::invalid(
            field,
            format!("有効な{}のユーザーを選んでください。", join_ja(roles)),
            format!("Must be an active user with role {}.", join(roles)),
        ));
    }
    Ok(())
}

fn join(roles: &[Role]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" or ")
}

fn join_ja(roles: &[Role]) -> String {
    roles.iter().map(|r| r.label_ja()).collect::<Vec<_>>().join("または")
}

async fn check_question_set(store: &TenantStore<'_>, id: QuestionSetId) -> CoreResult<()> {
    match store.find::<QuestionSet>(&keys::question_set(id)).await? {
        Some(_) => Ok(()),
        None => Err(CoreError::invalid(
            "question_set_id",
            "指定された質問セットが見つかりません。",
            "No such question set in this tenant.",
        )),
    }
}

pub async fn create(ports: &Ports, principal: &Principal, input: NewInterview) -> CoreResult<Interview> {
    principal.require(SCHEDULE, "schedule interviews")?;
    let store = store(ports, principal);
    let interviewer_id = match (input.interviewer_id, principal.role()) {
        (Some(id), _) => Some(id),
        (None, Role::Interviewer) => Some(principal.id()),
        (None, _) => None,
    };
    check_person(&store, input.interviewee_id, "interviewee_id", &[Role::Interviewee]).await?;
    if let Some(id) = interviewer_id {
        check_person(&store, id, "interviewer_id", &[Role::Interviewer, Role::Admin]).await?;
    } else if input.mode == InterviewMode::FaceToFace {
        return Err(CoreError::invalid(
            "interviewer_id",
            "対面面談には面談者を指定してください。",
            "A face-to-face interview needs an interviewer.",
        ));
    }
    match input.question_set_id {
        Some(id) => check_question_set(&store, id).await?,
        None if input.mode == InterviewMode::SelfInterview => {
            return Err(CoreError::invalid(
                "question_set_id",
                "セルフ面談には質問セットを指定してください。",
                "A self-interview needs a question set.",
            ));
        }
        None => {}
    }
    check_deadline(input.mode, input.scheduled_at, input.deadline)?;
    let now = ports.clock.now();
    let interview = Interview {
        id: InterviewId(ports.ids.new_id()),
        mode: input.mode,
        interviewee_id: input.interviewee_id,
        interviewer_id,
        question_set_id: input.question_set_id,
        scheduled_at: input.scheduled_at,
        status: InterviewStatus::Scheduled,
        created_at: now,
        updated_at: now,
        revision: 0,
        deadline: input.deadline,
    };
    store.create(&interview).await?;
    tell_people(ports, principal, &interview, InterviewChange::Scheduled, None).await?;
    Ok(interview)
}

pub async fn list(ports: &Ports, principal: &Principal, filter: &InterviewFilter) -> CoreResult<Vec<Interview>> {
    let store = store(ports, principal);
    let all = store.list::<Interview>(keys::INTERVIEW_PREFIX).await?;
    let mut shown: Vec<Interview> = all.into_iter().filter(|i| visible(principal, i) && filter.matches(i)).collect();
    if let Some(rated) = filter.rated_by_me {
        let mine = rated_by(&store, principal.id()).await?;
        shown.retain(|i| mine.contains(&i.id) == rated);
    }
    shown.sort_by_key(|i| i.scheduled_at);
    Ok(shown)
}

/// The interviews `rater` has rated (one read of the tenant's ratings).
async fn rated_by(store: &TenantStore<'_>, rater: UserId) -> CoreResult<std::collections::HashSet<InterviewId>> {
    let ratings = store.list::<crate::domain::rating::Rating>(keys::RATING_PREFIX).await?;
    Ok(ratings.into_iter().filter(|r| r.rater_id == rater).map(|r| r.interview_id).collect())
}

pub async fn get(ports: &Ports, principal: &Principal, id: InterviewId) -> CoreResult<Interview> {
    Ok(load_visible(&store(ports, principal), principal, id).await?.value)
}

pub async fn update(
    ports: &Ports,
    principal: &Principal,
    id: InterviewId,
    patch: InterviewPatch,
) -> CoreResult<Interview> {
    principal.require(SCHEDULE, "change interviews")?;
    let store = store(ports, principal);
    let current = load_visible(&store, principal, id).await?;
    let mut interview = current.value;
    if interview.status != InterviewStatus::Scheduled {
        return Err(CoreError::invalid(
            "status",
            "変更できるのは予定中の面談だけです。",
            "Only a scheduled interview can be changed.",
        ));
    }
    let before = interview.clone();
    if let Some(at) = patch.scheduled_at {
        interview.scheduled_at = at;
    }
    if let Some(deadline) = patch.deadline {
        interview.deadline = Some(deadline);
    }
    check_deadline(interview.mode, interview.scheduled_at, interview.deadline)?;
    if let Some(person) = patch.interviewer_id {
        check_person(&store, person, "interviewer_id", &[Role::Interviewer, Role::Admin]).await?;
        interview.interviewer_id = Some(person);
    }
    if let Some(set) = patch.question_set_id {
        check_question_set(&store, set).await?;
        interview.question_set_id = Some(set);
    }
    let changed = interview.scheduled_at != before.scheduled_at
        || interview.deadline != before.deadline
        || interview.interviewer_id != before.interviewer_id
        || interview.question_set_id != before.question_set_id;
    if !changed {
        return Ok(before);
    }
    interview.revision += 1;
    interview.updated_at = ports.clock.now();
    store.update(&interview, current.version).await?;
    tell_people(ports, principal, &interview, InterviewChange::Rescheduled, Some(before.scheduled_at)).await?;
    Ok(interview)
}

/// Publishes what the interview's people are mailed about (see `usecases::interview_mail`).
async fn tell_people(
    ports: &Ports,
    principal: &Principal,
    interview: &Interview,
    change: InterviewChange,
    previous_at: Option<DateTime<Utc>>,
) -> CoreResult<()> {
    let notice = ports.ids.new_id();
    let event = InterviewChanged::of(&principal.tenant, interview, change, notice, previous_at, ports.clock.now());
    Ok(ports.events.publish(event.to_event()).await?)
}

/// Deletes an interview scheduled by mistake (admin, its interviewer). Only while nothing has been
/// recorded about it: consent decisions, recordings and transcripts are records the candidate and
/// the audit trail rely on, so such an interview is cancelled instead.
pub async fn delete(ports: &Ports, principal: &Principal, id: InterviewId) -> CoreResult<()> {
    principal.require(SCHEDULE, "delete interviews")?;
    let store = store(ports, principal);
    let current = load_visible(&store, principal, id).await?;
    if !matches!(current.value.status, InterviewStatus::Scheduled | InterviewStatus::Cancelled) {
        return Err(CoreError::in_use(
            "開始済みの面談は削除できません。",
            "An interview that has started cannot be deleted.",
        ));
    }
    for prefix in [keys::consents_of(id), keys::consent_history_of(id), keys::recordings_of(id)] {
        if store.holds_any(&prefix).await? {
            return Err(CoreError::in_use(
                "同意や録画の記録がある面談は削除できません。中止にしてください。",
                "This interview has consent decisions or recordings, so it cannot be deleted. Cancel it instead.",
            ));
        }
    }
    if store.raw_get(&keys::summary(id)).await?.is_some() {
        return Err(CoreError::in_use(
            "文字起こしが登録されている面談は削除できません。中止にしてください。",
            "This interview has a transcript, so it cannot be deleted. Cancel it instead.",
        ));
    }
    // Conditional on the version read: an interview started meanwhile is not deleted (409 conflict).
    store.remove(&keys::interview(id), Some(current.version)).await?;
    // The interviewer may have opened the call already (a channel on AWS).
    super::calls::close(ports, &current.value, &principal.tenant).await;
    // People told about a scheduled interview hear that it will not take place.
    if current.value.status == InterviewStatus::Scheduled {
        let mut gone = current.value;
        gone.revision += 1;
        tell_people(ports, principal, &gone, InterviewChange::Cancelled, None).await?;
    }
    Ok(())
}

/// Status changes by people. Interviewees may only start and finish their own self-interview;
/// `analysed` is set by the analysis pipeline and `rated` by ratings, never by hand.
pub async fn change_status(
    ports: &Ports,
    principal: &Principal,
    id: InterviewId,
    to: InterviewStatus,
) -> CoreResult<Interview> {
    let by_hand = match principal.role() {
        Role::Admin | Role::Interviewer => {
            matches!(to, InterviewStatus::InProgress | InterviewStatus::Recorded | InterviewStatus::Cancelled)
        }
        Role::Interviewee => matches!(to, InterviewStatus::InProgress | InterviewStatus::Recorded),
        Role::Expert => false,
    };
    if !by_hand {
        return Err(CoreError::Forbidden { role: principal.role().to_string(), action: "set this status" });
    }
    let store = store(ports, principal);
    let current = load_visible(&store, principal, id).await?;
    if principal.is(Role::Interviewee) && current.value.mode != InterviewMode::SelfInterview {
        return Err(CoreError::Forbidden {
            role: principal.role().to_string(),
            action: "change a face-to-face interview",
        });
    }
    let now = ports.clock.now();
    if to == InterviewStatus::Cancelled {
        let mut current = current;
        current.value.revision += 1;
        let interview = transition(&store, current, to, now).await?;
        super::calls::close(ports, &interview, &principal.tenant).await;
        tell_people(ports, principal, &interview, InterviewChange::Cancelled, None).await?;
        return Ok(interview);
    }
    let interview = transition(&store, current, to, now).await?;
    if to == InterviewStatus::Recorded {
        super::calls::close(ports, &interview, &principal.tenant).await;
        let meter = match interview.mode {
            InterviewMode::SelfInterview => Meter::SelfInterviews,
            InterviewMode::FaceToFace => Meter::FaceToFaceInterviews,
        };
        super::usage::count_or_log(ports, &principal.tenant, &format!("held:{id}"), meter, 1).await;
        // Recordings analysed before the person pressed "finish" move it on at once.
        return Ok(advance_when_analysed(&store, id, now).await?.unwrap_or(interview));
    }
    Ok(interview)
}

/// A `recorded` interview becomes `analysed` once every recording's analysis has ended and at
/// least one succeeded. Returns the interview when it moved.
pub(crate) async fn advance_when_analysed(
    store: &TenantStore<'_>,
    id: InterviewId,
    now: DateTime<Utc>,
) -> CoreResult<Option<Interview>> {
    let current = store.get::<Interview>(&keys::interview(id)).await?;
    if current.value.status != InterviewStatus::Recorded {
        return Ok(None);
    }
    let mut recordings = store.list::<Recording>(&keys::recordings_of(id)).await?;
    // Answers replaced after a retake request neither hold the interview back nor count as its analysis.
    recordings.retain(|r| r.retake_request.is_none());
    let ended = recordings.iter().all(|r| matches!(r.status, RecordingStatus::Analysed | RecordingStatus::Failed));
    let any_analysed = recordings.iter().any(|r| r.status == RecordingStatus::Analysed);
    if !(ended && any_analysed) {
        return Ok(None);
    }
    transition(store, current, InterviewStatus::Analysed, now).await.map(Some)
}

/// Moves an interview to `to` with a conditional write; used by people and by pipelines.
pub(crate) async fn transition(
    store: &TenantStore<'_>,
    current: Versioned<Interview>,
    to: InterviewStatus,
    now: DateTime<Utc>,
) -> CoreResult<Interview> {
    let mut interview = current.value;
    interview.status = interview.status.transition(to)?;
    interview.updated_at = now;
    store.update(&interview, current.version).await?;
    Ok(interview)
}
