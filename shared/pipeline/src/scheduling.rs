//! The scheduling function's handler: an `InterviewChanged` sets, moves or removes the
//! interview's reminder timers (see `mendan_core::usecases::reminders`).

use mendan_core::Ports;
use mendan_core::events::{DomainEvent, InterviewChanged, parse_detail};
use mendan_core::ports::Event;
use mendan_core::usecases::reminders;
use std::sync::Arc;

use crate::envelope::{mendan_event, report};
use crate::handlers::{Handler, Subscription};

/// The Lambda function's entry: an EventBridge envelope in, a status report out.
pub async fn handle_envelope(ports: &Ports, envelope: serde_json::Value) -> Result<serde_json::Value, String> {
    report(
        async {
            let event: InterviewChanged = mendan_event(envelope)?;
            let set = reminders::on_interview_changed(ports, &event).await?;
            Ok(serde_json::json!({ "status": "done", "reminders_set": set }))
        }
        .await,
    )
}

/// The same handler on the embedded backend's in-process bus.
pub fn subscription(ports: Ports, concurrency: usize) -> Subscription {
    let handler: Handler = Arc::new(move |event: Event| {
        let ports = ports.clone();
        Box::pin(async move {
            let changed: InterviewChanged = parse_detail(event.detail)?;
            reminders::on_interview_changed(&ports, &changed).await.map(|_| ())
        })
    });
    Subscription { detail_type: InterviewChanged::DETAIL_TYPE, handler, concurrency }
}
