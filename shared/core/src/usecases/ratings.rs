//! Ratings: one per rater and interview, every score inside its item's scale.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;

use super::interviews::{load_visible, transition};
use super::{bounded_text, store};
use crate::auth::Principal;
use crate::domain::interview::{Interview, InterviewStatus};
use crate::domain::item::EvaluationItem;
use crate::domain::rating::{ItemScore, Rating};
use crate::domain::{InterviewId, Role};
use crate::events::{DomainEvent, RatingSubmitted};
use crate::repo::{TenantStore, Versioned, keys};
use crate::{CoreError, CoreResult, Ports};

const RATE: &[Role] = &[Role::Interviewer, Role::Expert];

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingInput {
    pub scores: Vec<ItemScore>,
    pub comment: Option<String>,
}

pub async fn put(
    ports: &Ports,
    principal: &Principal,
    interview_id: InterviewId,
    input: RatingInput,
) -> CoreResult<Rating> {
    principal.require(RATE, "rate interviews")?;
    let store = store(ports, principal);
    let interview = load_visible(&store, principal, interview_id).await?;
    if !interview.value.status.is_rateable() {
        return Err(CoreError::invalid(
            "status",
            "この面談にはまだ評価できる録画がありません。",
            "The interview has no recording to rate yet.",
        ));
    }
    if input.scores.is_empty() {
        return Err(CoreError::invalid(
            "scores",
            "評価項目を 1 つ以上評価してください。",
            "Rate at least one evaluation item.",
        ));
    }
    let items: HashMap<_, _> =
        store.list::<EvaluationItem>(keys::ITEM_PREFIX).await?.into_iter().map(|i| (i.id, i)).collect();
    let mut seen = HashSet::new();
    for (n, s) in input.scores.iter().enumerate() {
        let item = items.get(&s.item_id).ok_or_else(|| {
            CoreError::invalid(
                format!("scores[{n}].item_id"),
                "指定された評価項目が見つかりません。",
                "No such evaluation item in this tenant.",
            )
        })?;
        item.scale.check(s.score).map_err(|_| {
            CoreError::invalid(
                format!("scores[{n}].score"),
                format!("「{}」は {} から {} の間で評価してください。", item.name, item.scale.min, item.scale.max),
                format!("{} is rated {}..{}", item.name, item.scale.min, item.scale.max),
            )
        })?;
        if !seen.insert(s.item_id) {
            return Err(CoreError::invalid(
                format!("scores[{n}].item_id"),
                "同じ評価項目は 1 回だけ評価できます。",
                "Each item may be rated once.",
            ));
        }
    }
    let rating = Rating {
        interview_id,
        rater_id: principal.id(),
        rater_role: principal.role(),
        scores: input.scores,
        comment: input.comment.as_deref().map(|c| bounded_text("comment", c, 4000)).transpose()?,
        updated_at: ports.clock.now(),
    };
    store.replace(&rating).await?;
    mark_rated(&store, interview, rating.updated_at).await?;
    let event =
        RatingSubmitted { tenant: principal.tenant.clone(), interview_id, by_expert: rating.is_training_label() };
    ports.events.publish(event.to_event()).await?;
    Ok(rating)
}

/// Status changes tried before giving up: each conflict means another rater just moved it.
const STATUS_ATTEMPTS: usize = 5;

/// Moves the interview to `rated` unless it is there already. Raters submit independently, so
/// another submission may change the interview between our read and our write: the conflict is
/// another rater's, not the caller's, so re-read and try again.
async fn mark_rated(store: &TenantStore<'_>, mut current: Versioned<Interview>, now: DateTime<Utc>) -> CoreResult<()> {
    for _ in 0..STATUS_ATTEMPTS {
        if current.value.status == InterviewStatus::Rated {
            return Ok(());
        }
        let id = current.value.id;
        match transition(store, current, InterviewStatus::Rated, now).await {
            Ok(_) => return Ok(()),
            Err(CoreError::Conflict(_)) => current = store.get::<Interview>(&keys::interview(id)).await?,
            Err(e) => return Err(e),
        }
    }
    Err(CoreError::Conflict("the interview keeps changing; try again".into()))
}

/// Admins and the interview's interviewer read every rating; an expert reads only their own, so
/// experts rate independently of each other.
pub async fn list(ports: &Ports, principal: &Principal, interview_id: InterviewId) -> CoreResult<Vec<Rating>> {
    principal.require(&[Role::Admin, Role::Interviewer, Role::Expert], "read ratings")?;
    let store = store(ports, principal);
    load_visible(&store, principal, interview_id).await?;
    let all = store.list::<Rating>(&keys::ratings_of(interview_id)).await?;
    Ok(all.into_iter().filter(|r| !principal.is(Role::Expert) || r.rater_id == principal.id()).collect())
}
