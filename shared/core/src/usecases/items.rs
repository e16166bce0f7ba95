//! Evaluation items (評価項目): what interviews are rated on.

use serde::Deserialize;
use utoipa::ToSchema;

use super::{bounded_text, store};
use crate::auth::Principal;
use crate::domain::item::{EvaluationItem, ItemKind, Scale, parse_examples, parse_item_name};
use crate::domain::rating::Rating;
use crate::domain::{InterviewId, ItemId, Role};
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

const MANAGE: &[Role] = &[Role::Admin];
/// Everyone who rates or reads ratings needs the items; interviewees do not.
const READ: &[Role] = &[Role::Admin, Role::Interviewer, Role::Expert];

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub scale_min: i32,
    pub scale_max: i32,
    pub kind: ItemKind,
    /// Content items only: up to 5 sentences that show the criterion (one per entry, at most 200 characters).
    #[serde(default)]
    pub examples: Vec<String>,
}

/// The item `input` describes, checked (also what the hostile-input suite feeds).
pub fn build(id: ItemId, input: ItemInput) -> CoreResult<EvaluationItem> {
    Ok(EvaluationItem {
        id,
        name: parse_item_name(&input.name)?,
        description: bounded_text("description", &input.description, 2000)?,
        scale: Scale::new(input.scale_min, input.scale_max)?,
        examples: parse_examples(input.kind, &input.examples)?,
        kind: input.kind,
    })
}

pub async fn create(ports: &Ports, principal: &Principal, input: ItemInput) -> CoreResult<EvaluationItem> {
    principal.require(MANAGE, "create evaluation items")?;
    let item = build(ItemId(ports.ids.new_id()), input)?;
    store(ports, principal).create(&item).await?;
    Ok(item)
}

pub async fn list(ports: &Ports, principal: &Principal) -> CoreResult<Vec<EvaluationItem>> {
    principal.require(READ, "read evaluation items")?;
    store(ports, principal).list(keys::ITEM_PREFIX).await
}

pub async fn get(ports: &Ports, principal: &Principal, id: ItemId) -> CoreResult<EvaluationItem> {
    principal.require(READ, "read evaluation items")?;
    Ok(store(ports, principal).get(&keys::item(id)).await?.value)
}

pub async fn replace(ports: &Ports, principal: &Principal, id: ItemId, input: ItemInput) -> CoreResult<EvaluationItem> {
    principal.require(MANAGE, "change evaluation items")?;
    let store = store(ports, principal);
    let current = store.get::<EvaluationItem>(&keys::item(id)).await?;
    let item = build(id, input)?;
    if changes_meaning_of_scores(&current.value, &item) && interviews_rated_on(&store, id).await? > 0 {
        return Err(CoreError::in_use(
            "すでに評価に使われているため、尺度と種類は変更できません。名前と説明は変更できます。",
            "This item is already used in ratings, so its scale and kind cannot change; its name and description can.",
        ));
    }
    store.update(&item, current.version).await?;
    Ok(item)
}

/// Deletes an item no rating scores yet; one in use is refused, since ratings and models name it.
pub async fn delete(ports: &Ports, principal: &Principal, id: ItemId) -> CoreResult<()> {
    principal.require(MANAGE, "delete evaluation items")?;
    let store = store(ports, principal);
    let current = store.get::<EvaluationItem>(&keys::item(id)).await?;
    let used_by = interviews_rated_on(&store, id).await?;
    if used_by > 0 {
        return Err(CoreError::in_use(
            format!(
                "この評価項目は {used_by} 件の面談の評価で使われているため削除できません。名前と説明は変更できます。"
            ),
            format!(
                "This item is used in the ratings of {used_by} interview(s), so it cannot be deleted; its name and description can change."
            ),
        ));
    }
    store.remove(&keys::item(id), Some(current.version)).await
}

/// Whether stored scores would read differently after the change: the scale bounds them and the
/// kind says what they judge. Name and description are only labels.
pub fn changes_meaning_of_scores(old: &EvaluationItem, new: &EvaluationItem) -> bool {
    old.scale != new.scale || old.kind != new.kind
}

/// How many interviews have a rating that scores `item`.
async fn interviews_rated_on(store: &TenantStore<'_>, item: ItemId) -> CoreResult<usize> {
    let ratings = store.list::<Rating>(keys::RATING_PREFIX).await?;
    let interviews: std::collections::HashSet<InterviewId> =
        ratings.into_iter().filter(|r| r.scores.iter().any(|s| s.item_id == item)).map(|r| r.interview_id).collect();
    Ok(interviews.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, min: i32, max: i32, kind: ItemKind) -> EvaluationItem {
        let id = ItemId(uuid::Uuid::nil());
        EvaluationItem {
            id,
            name: name.into(),
            description: String::new(),
            scale: Scale { min, max },
            kind,
            examples: Vec::new(),
        }
    }

    #[test]
    fn only_scale_and_kind_change_what_scores_mean() {
        let old = item("論理的思考", 1, 5, ItemKind::Behaviour);
        let renamed =
            EvaluationItem { description: "新しい説明".into(), ..item("論理性", 1, 5, ItemKind::Behaviour) };
        assert!(!changes_meaning_of_scores(&old, &renamed));
        assert!(changes_meaning_of_scores(&old, &item("論理的思考", 1, 10, ItemKind::Behaviour)));
        assert!(changes_meaning_of_scores(&old, &item("論理的思考", 0, 5, ItemKind::Behaviour)));
        assert!(changes_meaning_of_scores(&old, &item("論理的思考", 1, 5, ItemKind::Content)));
    }
}
