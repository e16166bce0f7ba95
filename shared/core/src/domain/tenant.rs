use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::TenantSlug;

/// When the interactive functions are open (spec: weekdays 9-21 excluding Japanese holidays, or 24/365).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    BusinessHours,
    Always,
}

/// One customer company (甲). Everything it owns lives under its slug.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Tenant {
    pub slug: TenantSlug,
    pub name: String,
    pub plan: Plan,
    /// Invitations outside this domain are still allowed; the UI warns about them.
    pub mail_domain: Option<String>,
    /// Data is deleted one month after this date.
    pub contract_end: Option<NaiveDate>,
}
