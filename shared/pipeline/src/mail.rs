//! The email function's handler: an `InterviewChanged` becomes one notice per person in the
//! interview (see `mendan_core::usecases::interview_mail`).

use mendan_core::Ports;
use mendan_core::events::{DomainEvent, InterviewChanged, parse_detail};
use mendan_core::ports::Event;
use mendan_core::usecases::interview_mail::{SiteUrl, on_interview_changed};
use std::sync::Arc;

use crate::envelope::{mendan_event, report};
use crate::handlers::{Handler, Subscription};

/// The Lambda function's entry: an EventBridge envelope in, a status report out.
pub async fn handle_envelope(
    ports: &Ports,
    site: &SiteUrl,
    envelope: serde_json::Value,
) -> Result<serde_json::Value, String> {
    report(
        async {
            let event: InterviewChanged = mendan_event(envelope)?;
            let sent = on_interview_changed(ports, site, &event).await?;
            Ok(serde_json::json!({ "status": "done", "notice_id": event.notice_id, "sent": sent }))
        }
        .await,
    )
}

/// The same handler on the embedded backend's in-process bus.
pub fn subscription(ports: Ports, site: SiteUrl, concurrency: usize) -> Subscription {
    let handler: Handler = Arc::new(move |event: Event| {
        let (ports, site) = (ports.clone(), site.clone());
        Box::pin(async move {
            let changed: InterviewChanged = parse_detail(event.detail)?;
            on_interview_changed(&ports, &site, &changed).await.map(|_| ())
        })
    });
    Subscription { detail_type: InterviewChanged::DETAIL_TYPE, handler, concurrency }
}
