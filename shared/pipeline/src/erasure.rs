//! The erasure handler (issue 20 item 5): a person's erasure and a withdrawn consent's deletions, which the API
//! accepts but may not carry out (its role cannot delete a stored file). On AWS the `erasure` function runs it on
//! PersonErasureRequested and ConsentWithdrawn; `mendan serve` subscribes it to its in-process bus.

use mendan_core::Ports;
use mendan_core::events::{ConsentWithdrawn, DomainEvent, HandlerError, PersonErasureRequested, parse_detail};
use mendan_core::ports::Event;
use mendan_core::usecases::erasure::{self, ErasureCounts};

/// The `erasure` Lambda function's entry: an EventBridge envelope in, a status report out.
pub async fn handle_envelope(ports: &Ports, envelope: serde_json::Value) -> Result<serde_json::Value, String> {
    crate::envelope::report(
        async {
            let counts = handle(ports, crate::envelope::mendan_any(envelope)?).await?;
            Ok(match counts {
                Some(counts) => serde_json::json!({ "status": "done", "counts": counts }),
                None => serde_json::json!({ "status": "nothing to do" }),
            })
        }
        .await,
    )
}

/// Carries out one request; `None` when there was nothing left to do (done before, or the consent given again).
pub async fn handle(ports: &Ports, event: Event) -> Result<Option<ErasureCounts>, HandlerError> {
    match event.detail_type.as_str() {
        PersonErasureRequested::DETAIL_TYPE => {
            let request: PersonErasureRequested = parse_detail(event.detail)?;
            Ok(erasure::on_erasure_requested(ports, &request).await?)
        }
        ConsentWithdrawn::DETAIL_TYPE => {
            let withdrawn: ConsentWithdrawn = parse_detail(event.detail)?;
            Ok(erasure::on_consent_withdrawn(ports, &withdrawn).await?)
        }
        other => Err(HandlerError::Permanent(format!("the erasure handler does not take {other:?}"))),
    }
}
