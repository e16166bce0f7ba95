//! Evaluation items (評価項目): what interviews are rated on.

use serde::Deserialize;
use utoipa::ToSchema;

use super::{bounded_text, store};
use crate::auth::Principal;
use crate::domain::item::{EvaluationItem, ItemKind, Scale, parse_item_name};
use crate::domain::{ItemId, Role};
use crate::repo::keys;
use crate::{CoreResult, Ports};

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
}

/// The item `input` describes, checked (also what the hostile-input suite feeds).
pub fn build(id: ItemId, input: ItemInput) -> CoreResult<EvaluationItem> {
    Ok(EvaluationItem {
        id,
        name: parse_item_name(&input.name)?,
        description: bounded_text("description", &input.description, 2000)?,
        scale: Scale::new(input.scale_min, input.scale_max)?,
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
    store.update(&item, current.version).await?;
    Ok(item)
}
