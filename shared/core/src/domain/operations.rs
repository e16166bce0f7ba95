//! What operators keep outside any tenant's partition: the register of tenants (so they can be listed on either
//! backend without scanning the table) and the log of what was done to each, counts only, never personal data.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::TenantSlug;

/// The partition of the service's own items.
pub const SERVICE_PK: &str = "SERVICE";

pub fn registration_key(tenant: &TenantSlug) -> String {
    format!("TENANT#{tenant}")
}

pub const REGISTRATION_PREFIX: &str = "TENANT#";

pub fn log_key(at: DateTime<Utc>, id: Uuid) -> String {
    format!("OPSLOG#{}#{id}", at.format("%Y-%m-%dT%H:%M:%S%.3fZ"))
}

pub const LOG_PREFIX: &str = "OPSLOG#";

/// A tenant in the register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Registration {
    pub slug: TenantSlug,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperatorAction {
    Created,
    ContractChanged,
    Suspended,
    Resumed,
    Purged,
}

/// One thing an operator (or the retention job) did to a tenant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperatorRecord {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub tenant: TenantSlug,
    pub action: OperatorAction,
    /// What changed (field names and contract values) or what was erased (counts); no personal data.
    pub detail: serde_json::Value,
}

/// What a purge removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeCounts {
    /// Table items of the tenant's partition.
    pub items: u64,
    /// Stored objects, every version and delete marker counted.
    pub objects: u64,
    /// Sign-in accounts.
    pub accounts: u64,
    /// Interviews whose timers and call channels were removed.
    pub interviews: u64,
}
