//! The tenant's video call settings: whether the server keeps its own copy of calls, and the interviewer's share of
//! the speaking time above which the live hints suggest listening more.

use super::store;
use crate::auth::Principal;
use crate::domain::Role;
use crate::domain::call::{CallPolicy, TALK_SHARE_LIMITS};
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

pub async fn get(ports: &Ports, principal: &Principal) -> CoreResult<CallPolicy> {
    principal.require(&[Role::Admin], "read the call settings")?;
    current(&store(ports, principal)).await
}

pub async fn put(ports: &Ports, principal: &Principal, input: CallPolicy) -> CoreResult<CallPolicy> {
    principal.require(&[Role::Admin], "change the call settings")?;
    if !TALK_SHARE_LIMITS.contains(&input.talk_share_limit) {
        let (low, high) = (TALK_SHARE_LIMITS.start(), TALK_SHARE_LIMITS.end());
        return Err(CoreError::invalid(
            "talk_share_limit",
            format!("{low}〜{high} の数（%）を入力してください。"),
            format!("Between {low} and {high} (percent)."),
        ));
    }
    store(ports, principal).replace(&input).await?;
    Ok(input)
}

/// The tenant's settings, or the defaults when an admin never saved any.
pub(crate) async fn current(store: &TenantStore<'_>) -> CoreResult<CallPolicy> {
    Ok(store.find::<CallPolicy>(keys::CALL_POLICY).await?.map(|s| s.value).unwrap_or_default())
}
