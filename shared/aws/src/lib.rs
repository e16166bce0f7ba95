//! Mendan's ports on AWS: DynamoDB items, S3 objects, EventBridge events, Cognito identity and
//! AWS Batch jobs, Amazon Transcribe for the transcription hook, and optionally Amazon Bedrock
//! for wording.
//! A function's `main` reads [`AwsSettings::from_env`] and calls [`ports`] once at start-up.

pub mod call_archive;
pub mod call_storage;
pub mod calls;
pub mod config;
mod error;
pub mod events;
pub mod identity;
pub mod items;
pub mod jobs;
pub mod lambda;
pub mod language_model;
pub mod mailer;
pub mod objects;
pub mod synthetic;
pub mod timers;
pub mod transcriber;

pub use config::{AwsSettings, ConfigError, TrainingJobSettings};
pub use events::EventBridgeEvents;
pub use identity::{CognitoIdentity, cognito_urls, moto_cognito_urls};
pub use items::DynamoItems;
pub use jobs::{BatchJobs, NoJobs};
pub use language_model::BedrockLanguageModel;
pub use mailer::{MailSettings, SesMailer};
pub use objects::S3Objects;
pub use timers::{NoTimers, SchedulerTimers, TimerSettings};
pub use transcriber::AmazonTranscribe;

use aws_config::{BehaviorVersion, SdkConfig};
use mendan_core::Ports;
use mendan_core::ports::{Jobs, RandomIds, SystemClock};
use std::sync::Arc;

/// The shared SDK configuration (credentials, region, retries), loaded once per process.
/// Functions that need more AWS clients (Transcribe, Batch) build them from the same config.
pub async fn sdk_config(settings: &AwsSettings) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

/// Loads the SDK configuration and builds every port.
pub async fn ports(settings: &AwsSettings) -> Ports {
    ports_from(&sdk_config(settings).await, settings)
}

/// Builds every port from an SDK configuration already loaded.
pub fn ports_from(sdk: &SdkConfig, settings: &AwsSettings) -> Ports {
    let s3_config = aws_sdk_s3::config::Builder::from(sdk)
        // A local endpoint has no per-bucket host names, so buckets go in the path.
        .force_path_style(settings.endpoint_url.is_some())
        .build();
    let (jwks_url, issuer) = identity_urls(sdk, settings);
    let jobs: Arc<dyn Jobs> = match &settings.training_jobs {
        Some(training) => Arc::new(BatchJobs::new(aws_sdk_batch::Client::new(sdk), training.clone())),
        None => Arc::new(NoJobs),
    };
    Ports {
        items: Arc::new(DynamoItems::new(aws_sdk_dynamodb::Client::new(sdk), &settings.table)),
        objects: Arc::new(
            S3Objects::new(aws_sdk_s3::Client::from_conf(s3_config), &settings.bucket)
                .with_malware_scanning(settings.malware_scanning),
        ),
        events: Arc::new(EventBridgeEvents::new(aws_sdk_eventbridge::Client::new(sdk), &settings.event_bus)),
        identity: Arc::new(CognitoIdentity::new(
            aws_sdk_cognitoidentityprovider::Client::new(sdk),
            settings.user_pool_id.clone(),
            settings.user_pool_client_id.clone(),
            jwks_url,
            issuer,
        )),
        jobs,
        clock: Arc::new(SystemClock),
        language_model: settings.language_model_id.as_ref().map(|model_id| {
            Arc::new(BedrockLanguageModel::new(sdk, model_id)) as Arc<dyn mendan_core::ports::LanguageModel>
        }),
        transcriber: Some(Arc::new(AmazonTranscribe::new(sdk, &settings.bucket))),
        ids: Arc::new(RandomIds),
        mailer: Arc::new(SesMailer::new(aws_sdk_sesv2::Client::new(sdk), settings.mail.clone())),
        timers: match &settings.timers {
            Some(timers) => Arc::new(SchedulerTimers::new(aws_sdk_scheduler::Client::new(sdk), timers.clone())),
            None => Arc::new(NoTimers),
        },
        calls: match &settings.calls {
            Some(calls) => Arc::new(calls::KvsCalls::new(sdk, calls.clone())),
            None => Arc::new(calls::NoCalls),
        },
        words: words_from_layer(),
    }
}

/// The Japanese dictionary of the models layer (`MENDAN_MODELS_DIR`), on functions that have the layer (loaded
/// when first needed); the others judge texts by character methods.
fn words_from_layer() -> Option<Arc<mendan_text::morphology::LazyMorphology>> {
    let dir = std::env::var_os("MENDAN_MODELS_DIR")?;
    Some(Arc::new(mendan_text::morphology::LazyMorphology::new(dir)))
}

/// Where the user pool's keys are and which issuer its tokens name. With a local endpoint (moto)
/// the keys are served by that endpoint, not by cognito-idp.amazonaws.com, while the issuer stays
/// the AWS one; see [`moto_cognito_urls`].
fn identity_urls(sdk: &SdkConfig, settings: &AwsSettings) -> (String, String) {
    // The pool id starts with its region; the SDK's region is the fallback for odd ids.
    let region = settings
        .user_pool_region()
        .map(str::to_owned)
        .or_else(|| sdk.region().map(|r| r.to_string()))
        .unwrap_or_default();
    match &settings.endpoint_url {
        Some(endpoint) => moto_cognito_urls(endpoint, &region, &settings.user_pool_id),
        None => cognito_urls(&region, &settings.user_pool_id),
    }
}
