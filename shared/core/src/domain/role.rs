use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::error::CoreError;

/// The four roles of the service specification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 被面談者: gives consent, is interviewed, reads feedback.
    Interviewee,
    /// 面談者: schedules and runs interviews, rates them.
    Interviewer,
    /// 管理者: manages the tenant.
    Admin,
    /// 熟練面談者: rates recorded interviews; their ratings train the model.
    Expert,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Interviewee, Role::Interviewer, Role::Admin, Role::Expert];

    /// The role's name in Japanese, as the UI says it.
    pub fn label_ja(self) -> &'static str {
        match self {
            Role::Admin => "管理者",
            Role::Interviewer => "面談者",
            Role::Interviewee => "被面談者",
            Role::Expert => "専門家",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Interviewee => "interviewee",
            Role::Interviewer => "interviewer",
            Role::Admin => "admin",
            Role::Expert => "expert",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            CoreError::invalid(
                "role",
                "役割は 被面談者、面談者、管理者、専門家 のいずれかです。",
                "One of interviewee, interviewer, admin, expert.",
            )
        })
    }
}
