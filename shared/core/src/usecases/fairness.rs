//! The ethics analysis of the training data (issue 19, first slice): how the experts' ratings — the model's
//! training labels — differ between groups of interviewees by the protected attributes (gender, age band), per
//! evaluation item. Attributes are read here only, never by training or prediction.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::store;
use crate::auth::Principal;
use crate::domain::fairness::{GroupComparison, compare_groups};
use crate::domain::interview::Interview;
use crate::domain::item::EvaluationItem;
use crate::domain::rating::Rating;
use crate::domain::{Role, UserId};
use crate::repo::keys::{self, StoredAttributes};
use crate::{CoreResult, Ports};

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemFairness {
    pub item_id: String,
    pub item_name: String,
    /// `gender` or `age_band`.
    pub attribute: &'static str,
    #[serde(flatten)]
    pub figures: GroupComparison,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RatingFairness {
    /// Expert ratings read (their scores are what a model learns from).
    pub ratings: usize,
    pub items: Vec<ItemFairness>,
    pub min_group: usize,
}

/// Expert scores by the interviewee's gender and age band, per item (admins, with the ethics option).
pub async fn ratings_by_group(ports: &Ports, principal: &Principal) -> CoreResult<RatingFairness> {
    principal.require(&[Role::Admin], "read the ethics analysis")?;
    let store = store(ports, principal);
    let interviewee_of: BTreeMap<_, UserId> =
        store.list::<Interview>(keys::INTERVIEW_PREFIX).await?.into_iter().map(|i| (i.id, i.interviewee_id)).collect();
    let attributes: BTreeMap<UserId, StoredAttributes> =
        store.list::<StoredAttributes>("USERATTR#").await?.into_iter().map(|a| (a.user_id, a)).collect();
    let ratings: Vec<Rating> =
        store.list::<Rating>(keys::RATING_PREFIX).await?.into_iter().filter(Rating::is_training_label).collect();
    let mut items = Vec::new();
    for item in store.list::<EvaluationItem>(keys::ITEM_PREFIX).await? {
        for attribute in ["gender", "age_band"] {
            let mut by_group: BTreeMap<String, Vec<f64>> = BTreeMap::new();
            for rating in &ratings {
                let Some(score) = rating.scores.iter().find(|s| s.item_id == item.id) else { continue };
                let person = interviewee_of.get(&rating.interview_id);
                let stored = person.and_then(|p| attributes.get(p)).map(|a| &a.attributes);
                let group = match attribute {
                    "gender" => stored.and_then(|a| a.gender.clone()),
                    _ => stored.and_then(|a| a.age_band.clone()),
                };
                by_group.entry(group.unwrap_or_else(|| "not_recorded".into())).or_default().push(score.score);
            }
            items.push(ItemFairness {
                item_id: item.id.to_string(),
                item_name: item.name.clone(),
                attribute,
                figures: compare_groups(&by_group),
            });
        }
    }
    Ok(RatingFairness { ratings: ratings.len(), items, min_group: crate::domain::fairness::MIN_GROUP })
}
