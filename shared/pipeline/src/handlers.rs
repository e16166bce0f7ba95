//! The pipeline's handlers as in-process subscriptions, for the embedded backend's event bus:
//! the same code the Lambda functions run, keyed by the event's detail-type; and the training job
//! for the embedded backend's in-process jobs.

use futures_util::future::BoxFuture;
use mendan_core::Ports;
use mendan_core::events::{
    DomainEvent, FeaturesExtracted, HandlerError, RatingSubmitted, RecordingUploaded, ReportRequested,
    TrainingRequested, parse_detail,
};
use mendan_core::ports::Event;
use std::sync::Arc;

use crate::FeatureExtractor;
use crate::prediction::{self, PredictorCache};
use crate::{report_export, retraining, training, training_request};

/// Runs one training job; the embedded backend's `LocalJobs` takes it as its training runner.
pub type TrainingRunner = Arc<dyn Fn(TrainingRequested) -> BoxFuture<'static, Result<(), HandlerError>> + Send + Sync>;

pub type Handler = Arc<dyn Fn(Event) -> BoxFuture<'static, Result<(), HandlerError>> + Send + Sync>;

/// The training job in process: what `mendan job train` runs in AWS Batch.
pub fn training_runner(ports: Ports) -> TrainingRunner {
    Arc::new(move |request: TrainingRequested| {
        let ports = ports.clone();
        Box::pin(async move { training::handle(&ports, &request).await })
    })
}

/// Every pipeline handler with the detail-type it listens to.
pub fn subscriptions(ports: Ports, extractor: Arc<FeatureExtractor>) -> Vec<(&'static str, Handler)> {
    let on_upload: Handler = {
        let ports = ports.clone();
        Arc::new(move |event: Event| {
            let (ports, extractor) = (ports.clone(), extractor.clone());
            Box::pin(async move {
                let uploaded: RecordingUploaded = parse_detail(event.detail)?;
                extractor.handle(&ports, &uploaded).await
            })
        })
    };
    let on_features: Handler = {
        let (ports, cache) = (ports.clone(), Arc::new(PredictorCache::default()));
        Arc::new(move |event: Event| {
            let (ports, cache) = (ports.clone(), cache.clone());
            Box::pin(async move {
                let extracted: FeaturesExtracted = parse_detail(event.detail)?;
                prediction::handle(&ports, &cache, &extracted).await
            })
        })
    };
    let on_rating: Handler = {
        let ports = ports.clone();
        Arc::new(move |event: Event| {
            let ports = ports.clone();
            Box::pin(async move {
                let rated: RatingSubmitted = parse_detail(event.detail)?;
                retraining::handle(&ports, &rated).await.map(|_| ())
            })
        })
    };
    let on_training: Handler = {
        let ports = ports.clone();
        Arc::new(move |event: Event| {
            let ports = ports.clone();
            Box::pin(async move {
                let requested: TrainingRequested = parse_detail(event.detail)?;
                training_request::handle(&ports, &requested).await.map(|_| ())
            })
        })
    };
    let on_report: Handler = Arc::new(move |event: Event| {
        let ports = ports.clone();
        Box::pin(async move {
            let requested: ReportRequested = parse_detail(event.detail)?;
            report_export::handle(&ports, &requested).await.map(|_| ())
        })
    });
    vec![
        (RecordingUploaded::DETAIL_TYPE, on_upload),
        (FeaturesExtracted::DETAIL_TYPE, on_features),
        (TrainingRequested::DETAIL_TYPE, on_training),
        (RatingSubmitted::DETAIL_TYPE, on_rating),
        (ReportRequested::DETAIL_TYPE, on_report),
    ]
}
