//! The pipeline's handlers as in-process subscriptions, for the embedded backend's event bus:
//! the same code the Lambda functions run, keyed by the event's detail-type; and the training job
//! for the embedded backend's in-process jobs.

use futures_util::future::BoxFuture;
use mendan_core::Ports;
use mendan_core::events::{
    ConsentWithdrawn, DomainEvent, ExportRequested, FeaturesExtracted, HandlerError, PersonErasureRequested,
    RatingSubmitted, RecordingUploaded, ReportRequested, TrainingRequested, parse_detail,
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

/// How many runs of each handler may overlap on one machine: an analysis is one ffmpeg plus the
/// ONNX models, a core's worth of work, so by default one per core.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HandlerLimits {
    pub analysis: usize,
    /// Prediction, retraining checks, training requests and reports: light work or quick I/O.
    pub other: usize,
}

/// The variable that sets [`HandlerLimits::analysis`].
pub const ANALYSIS_CONCURRENCY_VAR: &str = "MENDAN_ANALYSIS_CONCURRENCY";
/// At most this many analyses at once, whatever is configured: each holds a video in scratch space.
pub const MAX_ANALYSIS_CONCURRENCY: usize = 64;
const OTHER_CONCURRENCY: usize = 4;

impl HandlerLimits {
    /// Analyses at once from `MENDAN_ANALYSIS_CONCURRENCY` (1..=64), default the number of cores.
    pub fn from_env() -> Result<Self, String> {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let analysis = match std::env::var(ANALYSIS_CONCURRENCY_VAR) {
            Err(_) => cores,
            Ok(value) => parse_limit(&value).ok_or_else(|| {
                format!(
                    "{ANALYSIS_CONCURRENCY_VAR}={value:?}: give a whole number from 1 to {MAX_ANALYSIS_CONCURRENCY}"
                )
            })?,
        };
        Ok(Self { analysis, other: OTHER_CONCURRENCY })
    }
}

fn parse_limit(value: &str) -> Option<usize> {
    value.trim().parse().ok().filter(|n| (1..=MAX_ANALYSIS_CONCURRENCY).contains(n))
}

/// One handler, the detail-type it listens to and how many of its runs may overlap.
pub struct Subscription {
    pub detail_type: &'static str,
    pub handler: Handler,
    pub concurrency: usize,
}

/// Every pipeline handler with the detail-type it listens to.
pub fn subscriptions(ports: Ports, extractor: Arc<FeatureExtractor>, limits: HandlerLimits) -> Vec<Subscription> {
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
    let ports_for_calls = ports.clone();
    let on_export: Handler = {
        let ports = ports.clone();
        Arc::new(move |event: Event| {
            let ports = ports.clone();
            Box::pin(async move {
                let requested: ExportRequested = parse_detail(event.detail)?;
                crate::tenant_export::handle(&ports, &requested).await
            })
        })
    };
    let on_erasure: Handler = {
        let ports = ports.clone();
        Arc::new(move |event: Event| {
            let ports = ports.clone();
            Box::pin(async move { crate::erasure::handle(&ports, event).await.map(|_| ()) })
        })
    };
    let on_report: Handler = Arc::new(move |event: Event| {
        let ports = ports.clone();
        Box::pin(async move {
            let requested: ReportRequested = parse_detail(event.detail)?;
            report_export::handle(&ports, &requested).await.map(|_| ())
        })
    });
    let other = |detail_type, handler| Subscription { detail_type, handler, concurrency: limits.other };
    vec![
        Subscription { detail_type: RecordingUploaded::DETAIL_TYPE, handler: on_upload, concurrency: limits.analysis },
        other(FeaturesExtracted::DETAIL_TYPE, on_features),
        other(TrainingRequested::DETAIL_TYPE, on_training),
        other(RatingSubmitted::DETAIL_TYPE, on_rating),
        other(ReportRequested::DETAIL_TYPE, on_report),
        crate::call_copy::subscription(ports_for_calls, limits.other),
        // Last: the outbox names deliveries by their place in this list.
        other(ExportRequested::DETAIL_TYPE, on_export),
        other(PersonErasureRequested::DETAIL_TYPE, on_erasure.clone()),
        other(ConsentWithdrawn::DETAIL_TYPE, on_erasure),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysis_limits_are_whole_numbers_within_bounds() {
        assert_eq!(parse_limit("2"), Some(2));
        assert_eq!(parse_limit(" 1 "), Some(1));
        for refused in ["0", "-1", "many", "", "65"] {
            assert_eq!(parse_limit(refused), None, "{refused:?}");
        }
    }
}
