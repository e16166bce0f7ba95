//! What the tenant's contract lets a caller do now: the tenant is not suspended, the feature is served at this
//! hour on the tenant's plan (表5-1), and its option is contracted.

use crate::domain::Role;
use crate::domain::service_hours::Feature;
use crate::domain::tenant::{ContractOption, Tenant};
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

/// What a request needs of the contract: the feature of 表5-1 it belongs to, and the option, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    pub feature: Feature,
    pub option: Option<ContractOption>,
    /// Open to staff who must still set up their authenticator app (their own account and its set-up).
    pub before_mfa_setup: bool,
}

impl Access {
    pub const fn of(feature: Feature) -> Self {
        Access { feature, option: None, before_mfa_setup: false }
    }

    pub const fn with_option(feature: Feature, option: ContractOption) -> Self {
        Access { feature, option: Some(option), before_mfa_setup: false }
    }
}

/// The tenant, once it may serve `role` with `access` now.
pub async fn check(ports: &Ports, store: &TenantStore<'_>, role: Role, access: Access) -> CoreResult<Tenant> {
    let tenant = store.get::<Tenant>(keys::TENANT).await?.value;
    check_tenant(&tenant, role, access, ports.clock.now())?;
    Ok(tenant)
}

/// The same on a tenant already read.
pub fn check_tenant(tenant: &Tenant, role: Role, access: Access, now: chrono::DateTime<chrono::Utc>) -> CoreResult<()> {
    if tenant.suspended {
        return Err(CoreError::TenantSuspended);
    }
    let open = match access.feature {
        Feature::Account => tenant.serves_role(role, now),
        feature => tenant.serves(feature, now),
    };
    if !open {
        return Err(CoreError::OutsideServiceHours);
    }
    match access.option {
        Some(option) if !tenant.has(option) => Err(CoreError::OptionNotContracted(option)),
        _ => Ok(()),
    }
}

/// Refuses `option` when the tenant's contract does not include it (for use cases that change behaviour with an
/// option, such as training on conversation features).
pub async fn require_option(store: &TenantStore<'_>, option: ContractOption) -> CoreResult<()> {
    if contracted(store, option).await? { Ok(()) } else { Err(CoreError::OptionNotContracted(option)) }
}

/// Whether the tenant's contract includes `option`.
pub async fn contracted(store: &TenantStore<'_>, option: ContractOption) -> CoreResult<bool> {
    Ok(store.get::<Tenant>(keys::TENANT).await?.value.has(option))
}
