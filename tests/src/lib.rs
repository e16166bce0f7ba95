//! Shared helpers of the integration tests in `tests/tests/`.

pub mod app;
pub mod audit;
pub mod call_storage;
pub mod calls;
pub mod clock;
pub mod conformance;
pub mod consent_texts;
pub mod editing;
pub mod fairness;
pub mod feedback;
pub mod kvs_double;
pub mod mail;
pub mod media;
pub mod metering;
pub mod moto;
pub mod moto_batch;
pub mod nothing_yet;
pub mod ratings;
pub mod reminders;
pub mod reports;
pub mod retakes;
pub mod samples;
pub mod scenarios;
pub mod sessions;
pub mod sign_in;
pub mod tenancy;
