//! Retraining on its own: the administrator's setting, and the count of new expert ratings that
//! turns into a TrainingRequested when it reaches the setting's threshold.

use super::store;
use crate::auth::Principal;
use crate::domain::model::{ModelSettings, RetrainCounter};
use crate::domain::tenant::ContractOption;
use crate::domain::{Role, TenantSlug};
use crate::events::TrainingRequested;
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

const MAX_RETRAIN_AFTER: u32 = 1000;

pub async fn get(ports: &Ports, principal: &Principal) -> CoreResult<ModelSettings> {
    principal.require(&[Role::Admin], "read the model settings")?;
    current(&store(ports, principal)).await
}

pub async fn put(ports: &Ports, principal: &Principal, input: ModelSettings) -> CoreResult<ModelSettings> {
    principal.require(&[Role::Admin], "change the model settings")?;
    if !(1..=MAX_RETRAIN_AFTER).contains(&input.retrain_after_ratings) {
        return Err(CoreError::invalid(
            "retrain_after_ratings",
            format!("1〜{MAX_RETRAIN_AFTER} の数を入力してください。"),
            format!("Between 1 and {MAX_RETRAIN_AFTER}."),
        ));
    }
    let store = store(ports, principal);
    if input.conversation_features {
        // Training on what interviewees said is the conversation analysis option (会話分析オプション).
        super::contract::require_option(&store, ContractOption::ConversationAnalysis).await?;
    }
    store.replace(&input).await?;
    Ok(input)
}

/// The tenant's settings, or the defaults when an admin never saved any.
pub(crate) async fn current(store: &TenantStore<'_>) -> CoreResult<ModelSettings> {
    Ok(store.find::<ModelSettings>(keys::MODEL_SETTINGS).await?.map(|s| s.value).unwrap_or_default())
}

/// Counts one new expert rating of `tenant`. With retraining on, the rating that reaches the
/// threshold publishes a TrainingRequested and starts the count again; returns that request.
///
/// The request is published before the count is reset: if the reset fails, the retry publishes
/// a second request (a second model version) rather than losing this one. Concurrent counts
/// conflict on the counter's version and are retried by the caller.
pub async fn count_expert_rating(ports: &Ports, tenant: &TenantSlug) -> CoreResult<Option<TrainingRequested>> {
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    let settings = current(&store).await?;
    if !settings.auto_retrain {
        return Ok(None);
    }
    let counter = store.find::<RetrainCounter>(keys::RETRAIN_COUNTER).await?;
    let count = counter.as_ref().map_or(0, |c| c.value.since_last_request) + 1;
    let request = (count >= settings.retrain_after_ratings).then(|| TrainingRequested {
        tenant: tenant.clone(),
        request_id: ports.ids.new_id(),
        requested_by: None,
    });
    if let Some(request) = &request {
        super::training::record_queued(ports, request).await?;
        tracing::info!(request_id = %request.request_id, "retraining requested after new expert ratings");
    }
    let next = RetrainCounter { since_last_request: if request.is_some() { 0 } else { count } };
    match counter {
        Some(read) => store.update(&next, read.version).await?,
        None => store.create(&next).await?,
    }
    Ok(request)
}
