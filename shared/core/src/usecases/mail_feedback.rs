//! Whether mail reaches a person: their own preferences, and what the mail service reports back: a permanent bounce or a complaint marks the person's
//! address undeliverable, nothing more is sent to it (each such notice is logged as suppressed),
//! and admins see it until they clear it or change the address.

use super::store;
use crate::auth::Principal;
use crate::domain::mail::{MailPreferences, Undeliverable, UndeliverableReason};
use crate::domain::{Email, Role, TenantSlug, UserId};
use crate::events::HandlerError;
use crate::repo::{TenantStore, keys};
use crate::{CoreResult, Ports};

/// A bounce or complaint about addresses of one tenant, as the adapter read it.
#[derive(Clone, Debug, PartialEq)]
pub struct MailFeedback {
    pub tenant: TenantSlug,
    pub reason: UndeliverableReason,
    /// Each address with the service's words about it.
    pub recipients: Vec<(Email, String)>,
}

/// Marks the addresses that belong to the tenant's people; answers how many. Redelivery writes
/// the same again.
pub async fn on_mail_feedback(ports: &Ports, feedback: &MailFeedback) -> Result<u32, HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &feedback.tenant);
    let mut marked = 0;
    for (email, detail) in &feedback.recipients {
        let index = store.raw_get(&keys::email(email)).await?;
        let Some(user_id) = index.and_then(|b| b["user_id"].as_str().and_then(|id| UserId::parse(id).ok())) else {
            continue; // not (or no longer) anyone's address here
        };
        let entry = Undeliverable {
            email: email.clone(),
            user_id,
            reason: feedback.reason,
            detail: detail.chars().take(500).collect(),
            at: ports.clock.now(),
        };
        store.replace(&entry).await?;
        tracing::info!(tenant = %feedback.tenant, %user_id, reason = ?feedback.reason, "address marked undeliverable");
        marked += 1;
    }
    Ok(marked)
}

/// The tenant's undeliverable addresses (admins).
pub async fn list(ports: &Ports, principal: &Principal) -> CoreResult<Vec<Undeliverable>> {
    principal.require(&[Role::Admin], "read undeliverable addresses")?;
    store(ports, principal).list(keys::UNDELIVERABLE_PREFIX).await
}

/// Mail goes to the person's address again (admins, once the person fixed their mailbox).
pub async fn clear(ports: &Ports, principal: &Principal, user: UserId) -> CoreResult<()> {
    principal.require(&[Role::Admin], "clear undeliverable addresses")?;
    store(ports, principal).remove(&keys::undeliverable(user), None).await
}

/// The caller's own mail preferences (the defaults until they saved any).
pub async fn preferences(ports: &Ports, principal: &Principal) -> CoreResult<MailPreferences> {
    preferences_of(&store(ports, principal), principal.id()).await
}

/// Saves the caller's own mail preferences.
pub async fn set_preferences(
    ports: &Ports,
    principal: &Principal,
    wanted: MailPreferences,
) -> CoreResult<MailPreferences> {
    let store = store(ports, principal);
    let body = serde_json::to_value(&wanted).map_err(|e| crate::CoreError::Backend(e.to_string()))?;
    let item = crate::ports::Item { key: store.key(keys::mail_preferences(principal.id())), version: 1, body };
    ports.items.put(item, crate::ports::Condition::Any).await?;
    Ok(wanted)
}

/// `user`'s preferences (the defaults until they saved any).
pub(crate) async fn preferences_of(store: &TenantStore<'_>, user: UserId) -> CoreResult<MailPreferences> {
    let stored = store.raw_get(&keys::mail_preferences(user)).await?;
    Ok(stored.and_then(|v| serde_json::from_value::<MailPreferences>(v).ok()).unwrap_or_default())
}

/// Whether `user` wants reminders (the default is yes).
pub(crate) async fn wants_reminders(store: &TenantStore<'_>, user: UserId) -> CoreResult<bool> {
    Ok(preferences_of(store, user).await?.reminders)
}
