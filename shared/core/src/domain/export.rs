//! An export of all a tenant's data (issue 18 item 6), for a customer who leaves or wants a copy: a zip of JSON,
//! CSV and the stored files, prepared in the background, downloadable for 24 hours.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ExportId, TenantSlug, UserId};

/// How long a download link of a ready export works.
pub const LINK_HOURS: i64 = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportState {
    Pending,
    Ready,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TenantExport {
    pub id: ExportId,
    pub requested_by: UserId,
    pub created_at: DateTime<Utc>,
    pub state: ExportState,
    /// Why it failed, for the admin.
    pub error: Option<String>,
    pub size_bytes: Option<u64>,
    pub ready_at: Option<DateTime<Utc>>,
}

pub fn export_object_key(tenant: &TenantSlug, id: ExportId) -> String {
    format!("t/{tenant}/exports/{id}.zip")
}
