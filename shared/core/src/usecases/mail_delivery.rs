//! The one way a letter leaves: once per (notice, recipient), through the `Mailer` port, with a
//! line in the tenant's sent-mail log.

use crate::domain::mail::{Letter, MailState, SentMail, Undeliverable};
use crate::domain::tenant::Tenant;
use crate::domain::usage::Meter;
use crate::domain::user::User;
use crate::events::HandlerError;
use crate::ports::{PortError, Sender};
use crate::repo::{TenantStore, keys};
use crate::{CoreError, Ports};

/// Sends `letter` unless notice `notice` (an id naming what is told) already reached `recipient`; the marker and the log line
/// are written together after the send. (A crash between the send and that write sends it again on
/// the retry: mail services take no idempotency key, and a second copy beats a lost notice.)
/// Answers whether it went out now.
pub(crate) async fn send_once(
    ports: &Ports,
    store: &TenantStore<'_>,
    tenant: &Tenant,
    notice: &str,
    recipient: &User,
    letter: &Letter,
) -> Result<bool, HandlerError> {
    let marker = keys::processed("mail", &format!("{notice}#{}", recipient.id));
    if store.raw_get(&marker).await?.is_some() {
        return Ok(false);
    }
    let from =
        Sender { tenant: tenant.slug.clone(), name: tenant.name.clone(), mail_domain: tenant.mail_domain.clone() };
    let (state, message_id) = if is_blocked(store, recipient).await? {
        (MailState::Suppressed, None)
    } else {
        let language = super::mail_feedback::preferences_of(store, recipient.id).await?.language;
        match ports.mailer.send(&from, &letter.clone().in_language(language)).await {
            Ok(id) => (MailState::Sent, Some(id)),
            Err(PortError::Invalid(reason)) => {
                tracing::warn!(tenant = %tenant.slug, kind = letter.kind.as_str(), %reason, "mail refused");
                (MailState::Refused, None)
            }
            Err(other) => return Err(other.into()),
        }
    };
    let line = SentMail {
        id: ports.ids.new_id(),
        at: ports.clock.now(),
        kind: letter.kind,
        recipient_id: recipient.id,
        to: recipient.email.clone(),
        state,
        message_id,
    };
    if state == MailState::Sent {
        let what = format!("mail:{notice}#{}", recipient.id);
        super::usage::count(ports, &tenant.slug, &what, Meter::MailsSent, 1).await?;
    }
    let writes = vec![store.raw_create_write(marker, serde_json::json!({})), store.create_write(&line)?];
    match store.commit(writes).await {
        // Another delivery of the same notice got there first: it was sent, and logged, once more.
        Err(CoreError::Conflict(_)) => Ok(false),
        other => other.map(|()| state == MailState::Sent).map_err(Into::into),
    }
}

/// Whether the recipient's address bounced for good or complained: then nothing is sent to it
/// (once the admin changes the address, the block no longer matches and mail goes out again).
async fn is_blocked(store: &TenantStore<'_>, recipient: &User) -> Result<bool, HandlerError> {
    let blocked = store.find::<Undeliverable>(&keys::undeliverable(recipient.id)).await?;
    Ok(blocked.is_some_and(|b| b.value.email == recipient.email))
}

/// The tenant an event names; a missing one is a permanent failure (nothing to retry).
pub(crate) async fn tenant_of(
    store: &TenantStore<'_>,
    slug: &crate::domain::TenantSlug,
) -> Result<Tenant, HandlerError> {
    match store.find::<Tenant>(keys::TENANT).await? {
        Some(found) => Ok(found.value),
        None => Err(HandlerError::Permanent(format!("no tenant {slug}"))),
    }
}
