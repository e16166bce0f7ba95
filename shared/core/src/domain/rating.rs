use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{InterviewId, ItemId, Role, UserId};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemScore {
    pub item_id: ItemId,
    pub score: f64,
}

/// One rater's rating of one interview. Rating again replaces it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Rating {
    pub interview_id: InterviewId,
    pub rater_id: UserId,
    pub rater_role: Role,
    pub scores: Vec<ItemScore>,
    pub comment: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl Rating {
    /// An expert's rating is a training label (whether it may be used also needs their consent).
    pub fn is_training_label(&self) -> bool {
        self.rater_role == Role::Expert
    }
}
