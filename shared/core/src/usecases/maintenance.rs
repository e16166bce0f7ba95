//! Planned maintenance windows: operators add and remove them (`mendan maintenance`), everyone may read the ones
//! announced now (the web UI's banner, the maintenance screen), and the API refuses every call during one.

use chrono::{DateTime, Duration, Utc};

use crate::domain::maintenance::{MAX_WINDOW_HOURS, MaintenanceWindow, WINDOW_PREFIX};
use crate::domain::operations::SERVICE_PK;
use crate::domain::user::parse_display_name;
use crate::ports::{Condition, Item, Key};
use crate::{CoreError, CoreResult, Ports};

/// A window as an operator asks for it.
pub struct NewWindow {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub message_ja: String,
    pub message_en: String,
    pub notice_hours: u32,
}

pub async fn add(ports: &Ports, input: NewWindow) -> CoreResult<MaintenanceWindow> {
    if input.end <= input.start || input.end - input.start > Duration::hours(MAX_WINDOW_HOURS) {
        return Err(CoreError::invalid(
            "end",
            "終了は開始より後、1 週間以内にしてください。",
            "The end comes after the start, within a week.",
        ));
    }
    if input.end <= ports.clock.now() {
        return Err(CoreError::invalid("end", "終了がすでに過ぎています。", "The end has already passed."));
    }
    let message = |field: &str, text: &str| {
        parse_display_name(text).map(|_| text.trim().to_owned()).map_err(|_| {
            CoreError::invalid(field, "お知らせは 1〜100 文字で入力してください。", "A message of 1-100 characters.")
        })
    };
    let window = MaintenanceWindow {
        id: ports.ids.new_id(),
        start: input.start,
        end: input.end,
        message_ja: message("message_ja", &input.message_ja)?,
        message_en: message("message_en", &input.message_en)?,
        notice_hours: input.notice_hours.min(24 * 90),
    };
    let body = serde_json::to_value(&window).map_err(|e| CoreError::Backend(format!("encode: {e}")))?;
    ports.items.put(Item { key: Key::new(SERVICE_PK, window.key()), version: 1, body }, Condition::Absent).await?;
    Ok(window)
}

/// Every window not yet over, soonest first.
pub async fn list(ports: &Ports) -> CoreResult<Vec<MaintenanceWindow>> {
    let now = ports.clock.now();
    let mut windows: Vec<MaintenanceWindow> = ports
        .items
        .query(SERVICE_PK, WINDOW_PREFIX)
        .await?
        .into_iter()
        .filter_map(|i| serde_json::from_value(i.body).ok())
        .filter(|w: &MaintenanceWindow| w.end > now)
        .collect();
    windows.sort_by_key(|w| w.start);
    Ok(windows)
}

/// The windows users are told about now.
pub async fn announced(ports: &Ports) -> CoreResult<Vec<MaintenanceWindow>> {
    let now = ports.clock.now();
    Ok(list(ports).await?.into_iter().filter(|w| w.is_announced(now)).collect())
}

/// Removes a window (cancelled, or ended early); `false` when there was none with that id.
pub async fn remove(ports: &Ports, id: uuid::Uuid) -> CoreResult<bool> {
    for item in ports.items.query(SERVICE_PK, WINDOW_PREFIX).await? {
        if item.key.sk.ends_with(&id.to_string()) {
            ports.items.delete(&item.key, Condition::Any).await?;
            return Ok(true);
        }
    }
    Ok(false)
}
