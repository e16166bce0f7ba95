//! The audit trail: consequential admin actions on people (a role change, a disabled account, a
//! password reset…), kept in the tenant's partition and readable by its admins.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::UserId;
use super::user::User;

/// What was done. The values of `old`/`new` depend on it (see [`AuditEntry`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// Someone was invited; `new` is their role.
    UserInvited,
    /// `old` and `new` are roles (`admin`, `interviewer`, …).
    RoleChanged,
    /// `old` and `new` are display names.
    DisplayNameChanged,
    /// The account can no longer sign in.
    UserDisabled,
    /// A new temporary password was issued (the password itself is never recorded).
    PasswordReset,
    /// The protected attributes were changed (their values are never recorded).
    AttributesChanged,
    /// The sign-in code from an authenticator app was turned off for someone who lost their phone.
    MfaReset,
    /// The tenant's rule that admins and experts sign in with an authenticator app; `old` and `new` are
    /// `required` or `optional`, the subject is the admin who changed it.
    MfaPolicyChanged,
}

/// A person as the admin saw them at the time: id and display name, never an e-mail address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditPerson {
    pub id: UserId,
    pub display_name: String,
}

impl From<&User> for AuditPerson {
    fn from(user: &User) -> Self {
        Self { id: user.id, display_name: user.display_name.clone() }
    }
}

/// One consequential action: who did what to whom, when, and the value before and after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    /// Time-ordered (UUIDv7): the `before` cursor of the next page.
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: AuditPerson,
    pub action: AuditAction,
    pub subject: AuditPerson,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One page of the trail, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<Uuid>,
}
