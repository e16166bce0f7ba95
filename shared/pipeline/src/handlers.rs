//! The pipeline's handlers as in-process subscriptions, for the embedded backend's event bus:
//! the same code the Lambda functions run, keyed by the event's detail-type.

use futures_util::future::BoxFuture;
use mendan_core::Ports;
use mendan_core::events::{DomainEvent, HandlerError, RecordingUploaded, parse_detail};
use mendan_core::ports::Event;
use std::sync::Arc;

use crate::FeatureExtractor;

pub type Handler = Arc<dyn Fn(Event) -> BoxFuture<'static, Result<(), HandlerError>> + Send + Sync>;

/// Every pipeline handler with the detail-type it listens to.
pub fn subscriptions(ports: Ports, extractor: Arc<FeatureExtractor>) -> Vec<(&'static str, Handler)> {
    let on_upload: Handler = Arc::new(move |event: Event| {
        let (ports, extractor) = (ports.clone(), extractor.clone());
        Box::pin(async move {
            let uploaded: RecordingUploaded = parse_detail(event.detail)?;
            extractor.handle(&ports, &uploaded).await
        })
    });
    vec![(RecordingUploaded::DETAIL_TYPE, on_upload)]
}
