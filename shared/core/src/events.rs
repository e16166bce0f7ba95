//! The events the functions exchange (EventBridge source `mendan`). Each detail carries the tenant.

use serde::{Deserialize, Serialize};

use crate::domain::{InterviewId, RecordingId, TenantSlug};
use crate::ports::Event;

pub const SOURCE: &str = "mendan";

/// A typed event detail; `to_event` wraps it for the [`Events`](crate::ports::Events) port.
pub trait DomainEvent: Serialize {
    const DETAIL_TYPE: &'static str;

    fn to_event(&self) -> Event {
        // Serialising these plain structs cannot fail.
        Event { detail_type: Self::DETAIL_TYPE.into(), detail: serde_json::to_value(self).unwrap_or_default() }
    }
}

/// A recording's bytes arrived (S3 Object Created, or the embedded upload endpoint).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordingUploaded {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    pub recording_id: RecordingId,
    pub object_key: String,
    pub size: u64,
    pub etag: String,
}

impl DomainEvent for RecordingUploaded {
    const DETAIL_TYPE: &'static str = "RecordingUploaded";
}

/// An interview was scheduled; the scheduling function sends invitations and reminders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InterviewScheduled {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
}

impl DomainEvent for InterviewScheduled {
    const DETAIL_TYPE: &'static str = "InterviewScheduled";
}

/// A rating was saved; with expert ratings this may trigger training.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingSubmitted {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    pub by_expert: bool,
}

impl DomainEvent for RatingSubmitted {
    const DETAIL_TYPE: &'static str = "RatingSubmitted";
}
