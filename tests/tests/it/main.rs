//! Every integration test of the workspace's services in one binary: one link instead of a dozen
//! (each would link the AWS SDK, axum, SQLite and tract again), and one process whose tests run in
//! parallel. Each module was its own file before and reads the same way.

mod api_audit;
mod api_bad_input;
mod api_calls;
mod api_consent_texts;
mod api_editing;
mod api_isolation;
mod api_item_examples;
mod api_maintenance;
mod api_retakes;
mod api_roles;
mod api_service_hours;
mod api_sessions;
mod api_sign_in;
mod api_uploads;
mod aws_api;
mod aws_models;
mod aws_pipeline;
mod aws_reports;
mod aws_smoke;
mod aws_transcription;
mod conformance_aws;
mod conformance_embedded;
mod cost_counts;
mod fairness_aws;
mod fairness_embedded;
mod lambda_events;
mod language_model;
mod mail_embedded;
mod malware_aws;
mod models_embedded;
mod pipeline_embedded;
mod ratings_embedded;
mod reports_embedded;
mod speech_embedded;
mod synthetic_aws;
mod tenants_aws;
mod tenants_embedded;
mod text_embedded;
mod usage_embedded;
