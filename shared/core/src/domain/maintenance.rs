//! Planned maintenance windows (計画停止): set by operators for the whole service, announced to users a number of
//! hours ahead, and enforced while they last (every API call answers 503 `maintenance`).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub const WINDOW_PREFIX: &str = "MAINT#";

/// Hours before its start a window is announced, unless the operator says otherwise.
pub const DEFAULT_NOTICE_HOURS: u32 = 72;
/// The longest window: a week.
pub const MAX_WINDOW_HOURS: i64 = 24 * 7;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MaintenanceWindow {
    pub id: Uuid,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// What users read, in Japanese and English.
    pub message_ja: String,
    pub message_en: String,
    pub notice_hours: u32,
}

impl MaintenanceWindow {
    pub fn key(&self) -> String {
        format!("{WINDOW_PREFIX}{}#{}", self.start.format("%Y-%m-%dT%H:%M:%SZ"), self.id)
    }

    /// Whether the service is stopped at `at`.
    pub fn is_active(&self, at: DateTime<Utc>) -> bool {
        self.start <= at && at < self.end
    }

    /// Whether users are told about it at `at`: from `notice_hours` before its start to its end.
    pub fn is_announced(&self, at: DateTime<Utc>) -> bool {
        self.start - Duration::hours(i64::from(self.notice_hours)) <= at && at < self.end
    }
}
