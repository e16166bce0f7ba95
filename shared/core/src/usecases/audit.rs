//! The audit trail of consequential admin actions: written by the use cases that change people
//! (in the same transaction as the change), read page by page by admins.

use uuid::Uuid;

use super::store;
use crate::auth::Principal;
use crate::domain::Role;
use crate::domain::audit::{AuditAction, AuditEntry, AuditPage, AuditPerson};
use crate::domain::user::User;
use crate::ports::Write;
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

/// A page holds this many entries unless the caller asks for fewer.
pub const DEFAULT_PAGE: u32 = 50;
/// And never more than this many.
pub const MAX_PAGE: u32 = 100;

/// The entry saying that `principal` did `action` to `subject`, as a write for the transaction
/// of the change itself: the change and its entry land together or not at all.
pub(crate) fn entry_write(
    ports: &Ports,
    store: &TenantStore<'_>,
    principal: &Principal,
    action: AuditAction,
    subject: &User,
    change: (Option<String>, Option<String>),
) -> CoreResult<(Write, String)> {
    let entry = AuditEntry {
        id: ports.ids.new_id(),
        at: ports.clock.now(),
        actor: AuditPerson::from(&principal.user),
        action,
        subject: AuditPerson::from(subject),
        old: change.0,
        new: change.1,
    };
    let sort_key = keys::audit(entry.id);
    Ok((store.create_write(&entry)?, sort_key))
}

/// The newest entries (admin), older than the entry `before` when given.
pub async fn list(
    ports: &Ports,
    principal: &Principal,
    before: Option<Uuid>,
    limit: Option<u32>,
) -> CoreResult<AuditPage> {
    principal.require(&[Role::Admin], "read the activity log")?;
    let limit = limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(CoreError::invalid(
            "limit",
            format!("1 ページは 1〜{MAX_PAGE} 件です。"),
            format!("A page holds 1-{MAX_PAGE} entries."),
        ));
    }
    let cursor = before.map(keys::audit);
    // One more than asked tells whether an older page exists.
    let mut entries: Vec<AuditEntry> =
        store(ports, principal).list_newest(keys::AUDIT_PREFIX, cursor.as_deref(), limit as usize + 1).await?;
    let more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    let next_before = if more { entries.last().map(|e| e.id) } else { None };
    Ok(AuditPage { entries, next_before })
}
