//! Exports of all a tenant's data (issue 18 item 6): an admin asks, the export handler prepares the zip in the
//! background, the admin downloads it for 24 hours.

use std::time::Duration;

use serde::Serialize;
use utoipa::ToSchema;

use super::store;
use crate::auth::Principal;
use crate::domain::export::{ExportState, LINK_HOURS, TenantExport, export_object_key};
use crate::domain::{ExportId, Role, TenantSlug};
use crate::events::{DomainEvent, ExportRequested};
use crate::ports::PresignedRequest;
use crate::repo::{TenantStore, Versioned, keys};
use crate::{CoreError, CoreResult, Ports};

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportView {
    #[serde(flatten)]
    pub export: TenantExport,
    /// The zip, while the export is ready (the link works for 24 hours from this answer).
    pub download: Option<PresignedRequest>,
}

/// Asks for an export; one is prepared at a time (a second request while one is pending answers 409).
pub async fn request(ports: &Ports, principal: &Principal) -> CoreResult<TenantExport> {
    principal.require(&[Role::Admin], "export the tenant's data")?;
    let store = store(ports, principal);
    let pending = store.list::<TenantExport>(keys::EXPORT_PREFIX).await?;
    if pending.iter().any(|e| e.state == ExportState::Pending) {
        return Err(CoreError::Conflict("an export is being prepared; wait for it".into()));
    }
    let export = TenantExport {
        id: ExportId(ports.ids.new_id()),
        requested_by: principal.id(),
        created_at: ports.clock.now(),
        state: ExportState::Pending,
        error: None,
        size_bytes: None,
        ready_at: None,
    };
    store.create(&export).await?;
    let event = ExportRequested { tenant: principal.tenant.clone(), export_id: export.id };
    ports.events.publish(event.to_event()).await?;
    Ok(export)
}

/// Every export of the tenant, newest first (admins).
pub async fn list(ports: &Ports, principal: &Principal) -> CoreResult<Vec<TenantExport>> {
    principal.require(&[Role::Admin], "read the tenant's exports")?;
    let mut exports = store(ports, principal).list::<TenantExport>(keys::EXPORT_PREFIX).await?;
    exports.reverse();
    Ok(exports)
}

/// One export with its download link when ready (admins).
pub async fn get(ports: &Ports, principal: &Principal, id: ExportId) -> CoreResult<ExportView> {
    principal.require(&[Role::Admin], "download the tenant's data")?;
    let export = load(ports, &principal.tenant, id).await?.value;
    let download = match export.state {
        ExportState::Ready => {
            let ttl = Duration::from_secs(LINK_HOURS as u64 * 3600);
            Some(ports.objects.presign_get(&export_object_key(&principal.tenant, id), ttl).await?)
        }
        _ => None,
    };
    Ok(ExportView { export, download })
}

pub async fn load(ports: &Ports, tenant: &TenantSlug, id: ExportId) -> CoreResult<Versioned<TenantExport>> {
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    store
        .find::<TenantExport>(&format!("{}{id}", keys::EXPORT_PREFIX))
        .await?
        .ok_or(CoreError::NotFound { entity: "export" })
}

/// Marks the export ready (with its size) or failed (with the reason), once.
pub async fn finish(ports: &Ports, tenant: &TenantSlug, id: ExportId, outcome: Result<u64, String>) -> CoreResult<()> {
    let current = load(ports, tenant, id).await?;
    if current.value.state != ExportState::Pending {
        return Ok(());
    }
    let mut export = current.value;
    match outcome {
        Ok(size) => {
            export.state = ExportState::Ready;
            export.size_bytes = Some(size);
            export.ready_at = Some(ports.clock.now());
        }
        Err(reason) => {
            export.state = ExportState::Failed;
            export.error = Some(reason);
        }
    }
    TenantStore::new(ports.items.as_ref(), tenant).update(&export, current.version).await
}
