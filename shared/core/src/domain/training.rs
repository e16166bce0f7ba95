//! Training requests and their states, and the rule that decides whether a tenant's ratings are
//! enough to train on. The rule lives here so the models page (readiness) and the trainer (its
//! refusal) are the same code and cannot disagree.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{InterviewId, ItemId, ModelId, UserId};

/// An evaluation item needs expert ratings on this many analysed interviews before a model can
/// learn it (`mendan_ml::train::MIN_INTERVIEWS`; the pipeline checks at compile time that they agree).
pub const MIN_RATED_INTERVIEWS: usize = 10;

/// Where a training request is. `trained` and `refused` are final: nothing moves a request out of
/// them. `failed` is trouble a retry may mend (the pipeline retries by itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrainingState {
    Queued,
    Running,
    Trained,
    Refused,
    Failed,
}

impl TrainingState {
    pub fn is_final(self) -> bool {
        matches!(self, Self::Trained | Self::Refused)
    }

    /// Whether a request in `self` may move to `next`: never out of a final state, and never back
    /// to `queued` from `running` (a late redelivery of the submission).
    pub fn may_become(self, next: TrainingState) -> bool {
        !self.is_final() && self != next && !(next == Self::Queued && self == Self::Running)
    }
}

/// Why training refused, as a stable code the UI words in the user's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefusalCode {
    /// The tenant has no evaluation items to learn.
    NoEvaluationItems,
    /// No item has expert ratings on `need` analysed interviews; the best has `have`.
    TooFewRatedInterviews,
    /// Every item with enough ratings was given one and the same score throughout.
    RatingsAllAlike,
    /// The recordings' features were missing or constant: nothing to learn from.
    NoUsableFeatures,
    /// The stored ratings or features could not be used (the reason is in the server log).
    TrainingDataUnusable,
}

/// A refusal with the numbers behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Refusal {
    pub code: RefusalCode,
    /// Rated, analysed interviews of the best item (for `too_few_rated_interviews`, `ratings_all_alike`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub have: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need: Option<u32>,
}

impl Refusal {
    pub fn new(code: RefusalCode) -> Self {
        Self { code, have: None, need: None }
    }

    /// Words for logs and the pipeline's reports (the UI words the code itself).
    pub fn reason(&self) -> String {
        let counts = match (self.have, self.need) {
            (Some(have), Some(need)) => format!(" ({have} of {need} interviews)"),
            _ => String::new(),
        };
        let code = serde_json::to_value(self.code).ok().and_then(|v| v.as_str().map(str::to_owned));
        format!("training refused: {}{counts}", code.unwrap_or_default())
    }
}

/// One request to train a model: an administrator's, or the automatic one after new ratings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrainingRequest {
    pub id: uuid::Uuid,
    pub state: TrainingState,
    /// `None`: requested automatically after new expert ratings.
    pub requested_by: Option<UserId>,
    pub requested_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set when trained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_id: Option<ModelId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// Set when refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
}

/// One expert rating of one item of one usable interview (analysed, training use granted).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RatedItem {
    pub interview_id: InterviewId,
    pub item_id: ItemId,
    pub score: f64,
}

/// How far one evaluation item is from being learnable.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct ItemReadiness {
    pub item_id: ItemId,
    pub name: String,
    /// Analysed interviews an expert rated on this item (with training-use consent on both sides).
    pub rated_interviews: u32,
    /// Every one of those ratings is the same score: nothing to learn even with enough of them.
    pub all_same_score: bool,
    pub ready: bool,
}

/// Whether training can succeed now, and what is still missing.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct TrainingReadiness {
    pub ready: bool,
    /// Rated, analysed interviews an item needs.
    pub need: u32,
    /// The most any item has.
    pub have: u32,
    /// Analysed interviews whose interviewee allowed training use, rated or not.
    pub analysed_interviews: u32,
    pub items: Vec<ItemReadiness>,
    /// What training would answer now, when it cannot succeed.
    pub refusal: Option<Refusal>,
}

/// The rule: an item is learnable with expert ratings on [`MIN_RATED_INTERVIEWS`] analysed
/// interviews that are not all one score; training needs at least one learnable item.
/// `items` are (id, name) in the tenant's order; `rated` the usable ratings.
pub fn readiness(items: &[(ItemId, String)], analysed_interviews: usize, rated: &[RatedItem]) -> TrainingReadiness {
    let mut by_item: BTreeMap<ItemId, (BTreeSet<InterviewId>, Vec<f64>)> = BTreeMap::new();
    for r in rated {
        let entry = by_item.entry(r.item_id).or_default();
        entry.0.insert(r.interview_id);
        entry.1.push(r.score);
    }
    let need = MIN_RATED_INTERVIEWS as u32;
    let items: Vec<ItemReadiness> = items
        .iter()
        .map(|(id, name)| {
            let (interviews, scores) = by_item.get(id).map(|(i, s)| (i.len(), s.as_slice())).unwrap_or((0, &[]));
            let all_same_score = scores.first().is_some_and(|first| scores.iter().all(|s| (s - first).abs() < 1e-9));
            let rated_interviews = u32::try_from(interviews).unwrap_or(u32::MAX);
            let ready = rated_interviews >= need && !all_same_score;
            ItemReadiness { item_id: *id, name: name.clone(), rated_interviews, all_same_score, ready }
        })
        .collect();
    let have = items.iter().map(|i| i.rated_interviews).max().unwrap_or(0);
    let ready = items.iter().any(|i| i.ready);
    let counted = |code| Refusal { code, have: Some(have), need: Some(need) };
    let refusal = match () {
        _ if ready => None,
        _ if items.is_empty() => Some(Refusal::new(RefusalCode::NoEvaluationItems)),
        _ if have < need => Some(counted(RefusalCode::TooFewRatedInterviews)),
        _ => Some(counted(RefusalCode::RatingsAllAlike)),
    };
    let analysed_interviews = u32::try_from(analysed_interviews).unwrap_or(u32::MAX);
    TrainingReadiness { ready, need, have, analysed_interviews, items, refusal }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> uuid::Uuid {
        uuid::Uuid::from_u128(n)
    }

    fn rated(item: ItemId, interviews: std::ops::Range<u128>, score: impl Fn(u128) -> f64) -> Vec<RatedItem> {
        interviews
            .map(|i| RatedItem { interview_id: InterviewId(id(1000 + i)), item_id: item, score: score(i) })
            .collect()
    }

    #[test]
    fn an_item_needs_ten_rated_interviews_with_different_scores() {
        let (a, b) = (ItemId(id(1)), ItemId(id(2)));
        let items = [(a, "協調性".to_owned()), (b, "論理性".to_owned())];
        let six = readiness(&items, 8, &rated(a, 0..6, |i| (i % 5) as f64));
        assert!(!six.ready);
        assert_eq!((six.have, six.need, six.analysed_interviews), (6, 10, 8));
        assert_eq!(
            six.refusal,
            Some(Refusal { code: RefusalCode::TooFewRatedInterviews, have: Some(6), need: Some(10) })
        );
        assert_eq!(six.items[1].rated_interviews, 0, "every item is listed, rated or not");

        // Two raters on one interview count it once.
        let mut twice = rated(a, 0..9, |i| (i % 5) as f64);
        twice.extend(rated(a, 0..1, |_| 3.0));
        assert_eq!(readiness(&items, 9, &twice).have, 9);

        let alike = readiness(&items, 10, &rated(a, 0..10, |_| 3.0));
        assert!(!alike.ready && alike.items[0].all_same_score);
        assert_eq!(alike.refusal.unwrap().code, RefusalCode::RatingsAllAlike);

        let mut ten = rated(a, 0..10, |i| (i % 5) as f64);
        ten.extend(rated(b, 0..3, |_| 2.0));
        let ready = readiness(&items, 10, &ten);
        assert!(ready.ready && ready.refusal.is_none());
        assert_eq!((ready.items[0].ready, ready.items[1].ready), (true, false), "one learnable item is enough");

        let none = readiness(&[], 0, &[]);
        assert_eq!(none.refusal, Some(Refusal::new(RefusalCode::NoEvaluationItems)));
    }

    #[test]
    fn final_states_stay_final_and_running_never_goes_back_to_queued() {
        use TrainingState::*;
        for finished in [Trained, Refused] {
            for next in [Queued, Running, Trained, Refused, Failed] {
                assert!(!finished.may_become(next), "{finished:?} → {next:?}");
            }
        }
        assert!(Queued.may_become(Running) && Running.may_become(Trained) && Running.may_become(Failed));
        assert!(Failed.may_become(Running) && Failed.may_become(Queued) && Queued.may_become(Refused));
        assert!(!Running.may_become(Queued) && !Running.may_become(Running));
    }

    #[test]
    fn a_refusal_reads_with_its_counts() {
        let refusal = Refusal { code: RefusalCode::TooFewRatedInterviews, have: Some(6), need: Some(10) };
        assert_eq!(refusal.reason(), "training refused: too_few_rated_interviews (6 of 10 interviews)");
    }
}
