//! The event handlers of the functions, run in process: the same use cases the Lambda functions call.

use crate::Embedded;
use crate::events::HandlerError;
use mendan_core::events::{DomainEvent, RecordingUploaded};
use mendan_core::usecases::recordings;
use std::sync::Arc;

/// Subscribes the functions' event handlers to the in-process bus.
pub fn subscribe_handlers(backend: &Embedded) {
    let ports = backend.ports.clone();
    backend.events.subscribe(
        RecordingUploaded::DETAIL_TYPE,
        Arc::new(move |event| {
            let ports = ports.clone();
            Box::pin(async move {
                let detail: RecordingUploaded = serde_json::from_value(event.detail)
                    .map_err(|e| HandlerError::Permanent(format!("malformed event: {e}")))?;
                recordings::on_uploaded(&ports, &detail).await.map_err(|e| {
                    if e.is_retryable() {
                        HandlerError::Retryable(e.to_string())
                    } else {
                        HandlerError::Permanent(e.to_string())
                    }
                })
            })
        }),
    );
}
