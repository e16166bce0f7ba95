//! The `Events` port on an EventBridge bus: every event has source `mendan`.

use async_trait::async_trait;
use aws_sdk_eventbridge::Client;
use aws_sdk_eventbridge::types::PutEventsRequestEntry;
use mendan_core::events::SOURCE;
use mendan_core::ports::{Event, Events, PortError, PortResult};

use crate::error::backend;

pub struct EventBridgeEvents {
    client: Client,
    bus_name: String,
}

impl EventBridgeEvents {
    pub fn new(client: Client, bus_name: impl Into<String>) -> Self {
        Self { client, bus_name: bus_name.into() }
    }
}

#[async_trait]
impl Events for EventBridgeEvents {
    async fn publish(&self, event: Event) -> PortResult<()> {
        let detail = serde_json::to_string(&event.detail)
            .map_err(|e| PortError::Invalid(format!("event detail of {}: {e}", event.detail_type)))?;
        let entry = PutEventsRequestEntry::builder()
            .source(SOURCE)
            .detail_type(&event.detail_type)
            .detail(detail)
            .event_bus_name(&self.bus_name)
            .build();
        let out =
            self.client.put_events().entries(entry).send().await.map_err(|e| backend("eventbridge PutEvents", &e))?;
        // PutEvents answers 200 even when an entry was refused; the refusal is in the entry.
        if out.failed_entry_count() > 0 {
            let reason = out
                .entries()
                .iter()
                .find(|e| e.error_code().is_some() || e.error_message().is_some())
                .map(|e| {
                    format!("{}: {}", e.error_code().unwrap_or("error"), e.error_message().unwrap_or("no message"))
                })
                .unwrap_or_else(|| "the entry was refused without a reason".into());
            return Err(PortError::Backend(format!("eventbridge PutEvents {}: {reason}", event.detail_type)));
        }
        Ok(())
    }
}
