//! The kinesis-ingest function's handler: a `CallEnded` exports the server's copy of the call when the browser's
//! recording is missing, and deletes the copy (see `mendan_core::usecases::call_copy`).

use mendan_core::Ports;
use mendan_core::events::{CallEnded, DomainEvent, parse_detail};
use mendan_core::ports::Event;
use mendan_core::usecases::call_copy::{self, CopyOutcome};
use std::sync::Arc;

use crate::envelope::{mendan_event, report};
use crate::handlers::{Handler, Subscription};

/// The Lambda function's entry: an EventBridge envelope in, a status report out.
pub async fn handle_envelope(ports: &Ports, envelope: serde_json::Value) -> Result<serde_json::Value, String> {
    report(
        async {
            let event: CallEnded = mendan_event(envelope)?;
            let outcome = call_copy::on_call_ended(ports, &event).await?;
            Ok(match outcome {
                CopyOutcome::Exported(recordings) => {
                    serde_json::json!({ "status": "exported", "recordings": recordings })
                }
                CopyOutcome::BrowserRecorded => serde_json::json!({ "status": "browser_recorded" }),
                CopyOutcome::NotKept => serde_json::json!({ "status": "not_kept" }),
            })
        }
        .await,
    )
}

/// The same handler on the embedded backend's in-process bus (which keeps no copy: it finds nothing to export).
pub fn subscription(ports: Ports, concurrency: usize) -> Subscription {
    let handler: Handler = Arc::new(move |event: Event| {
        let ports = ports.clone();
        Box::pin(async move {
            let ended: CallEnded = parse_detail(event.detail)?;
            call_copy::on_call_ended(&ports, &ended).await?;
            Ok(())
        })
    });
    Subscription { detail_type: CallEnded::DETAIL_TYPE, handler, concurrency }
}
