//! The event handlers of Mendan's pipeline functions, written once over the ports: the Lambda
//! functions call them with the AWS adapters, `mendan serve` subscribes them to its in-process bus.

pub mod call_copy;
pub mod cv_table;
pub mod envelope;
pub mod erasure;
pub mod ethics_monitoring;
pub mod fairness_demo;
pub mod feature_extraction;
pub mod handlers;
pub mod interview_features;
pub mod local_transcription;
pub mod mail;
pub mod prediction;
pub mod report_export;
pub mod retention;
pub mod retraining;
pub mod scheduling;
pub mod ses_feedback;
pub mod tenant_export;
pub mod training;
pub mod training_request;
pub mod transcription;

pub use feature_extraction::FeatureExtractor;
