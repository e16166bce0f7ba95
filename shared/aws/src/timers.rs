//! Timers on AWS: one EventBridge Scheduler one-time schedule per timer, in the stage's schedule
//! group, whose target puts the event on Mendan's bus (source `mendan`) and which deletes itself
//! after it ran.

use async_trait::async_trait;
use aws_sdk_scheduler::Client;
use aws_sdk_scheduler::types::{
    ActionAfterCompletion, EventBridgeParameters, FlexibleTimeWindow, FlexibleTimeWindowMode, Target,
};
use chrono::{DateTime, Utc};
use mendan_core::events::SOURCE;
use mendan_core::ports::{Event, PortError, PortResult, Timers};

use crate::error::{backend, build};

/// Where the schedules live and what they may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimerSettings {
    pub group: String,
    /// The role EventBridge Scheduler assumes to put events on the bus.
    pub role_arn: String,
    pub event_bus_arn: String,
}

pub struct SchedulerTimers {
    client: Client,
    settings: TimerSettings,
}

impl SchedulerTimers {
    pub fn new(client: Client, settings: TimerSettings) -> Self {
        Self { client, settings }
    }

    fn target(&self, event: &Event) -> PortResult<Target> {
        let parameters = EventBridgeParameters::builder()
            .detail_type(&event.detail_type)
            .source(SOURCE)
            .build()
            .map_err(|e| build("scheduler EventBridgeParameters", e))?;
        Target::builder()
            .arn(&self.settings.event_bus_arn)
            .role_arn(&self.settings.role_arn)
            .event_bridge_parameters(parameters)
            .input(event.detail.to_string())
            .build()
            .map_err(|e| build("scheduler Target", e))
    }
}

/// `at(2026-12-07T05:00:00)` in UTC: Scheduler's one-time expression.
fn at_expression(at: DateTime<Utc>) -> String {
    format!("at({})", at.format("%Y-%m-%dT%H:%M:%S"))
}

#[async_trait]
impl Timers for SchedulerTimers {
    async fn set(&self, name: &str, at: DateTime<Utc>, event: Event) -> PortResult<()> {
        let window = FlexibleTimeWindow::builder()
            .mode(FlexibleTimeWindowMode::Off)
            .build()
            .map_err(|e| build("scheduler FlexibleTimeWindow", e))?;
        let target = self.target(&event)?;
        let created = self
            .client
            .create_schedule()
            .group_name(&self.settings.group)
            .name(name)
            .schedule_expression(at_expression(at))
            .schedule_expression_timezone("UTC")
            .flexible_time_window(window.clone())
            .target(target.clone())
            .action_after_completion(ActionAfterCompletion::Delete)
            .send()
            .await;
        match created {
            Ok(_) => Ok(()),
            // It exists: move it (an update replaces every setting).
            Err(e) if e.as_service_error().is_some_and(|s| s.is_conflict_exception()) => self
                .client
                .update_schedule()
                .group_name(&self.settings.group)
                .name(name)
                .schedule_expression(at_expression(at))
                .schedule_expression_timezone("UTC")
                .flexible_time_window(window)
                .target(target)
                .action_after_completion(ActionAfterCompletion::Delete)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| backend("scheduler UpdateSchedule", &e)),
            Err(e) => Err(backend("scheduler CreateSchedule", &e)),
        }
    }

    async fn cancel(&self, name: &str) -> PortResult<()> {
        match self.client.delete_schedule().group_name(&self.settings.group).name(name).send().await {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => Ok(()),
            Err(e) => Err(backend("scheduler DeleteSchedule", &e)),
        }
    }
}

/// A function without a schedule group (every one but the scheduling function) sets no timers.
pub struct NoTimers;

#[async_trait]
impl Timers for NoTimers {
    async fn set(&self, _name: &str, _at: DateTime<Utc>, _event: Event) -> PortResult<()> {
        Err(PortError::Backend("this function sets no timers (MENDAN_SCHEDULE_GROUP is not set)".into()))
    }

    async fn cancel(&self, _name: &str) -> PortResult<()> {
        Err(PortError::Backend("this function sets no timers (MENDAN_SCHEDULE_GROUP is not set)".into()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_time_expressions_are_utc_without_offset() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-07T14:00:00+09:00").unwrap().to_utc();
        assert_eq!(super::at_expression(at), "at(2026-12-07T05:00:00)");
    }
}
