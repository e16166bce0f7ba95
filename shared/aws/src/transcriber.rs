//! The `Transcriber` port on Amazon Transcribe: batch jobs over the recording in Mendan's bucket,
//! Japanese, speakers told apart, the JSON written back into the bucket under the tenant's prefix.

use async_trait::async_trait;
use aws_sdk_transcribe::Client;
use aws_sdk_transcribe::types::{LanguageCode, Media, Settings};
use mendan_core::ports::{PortResult, Transcriber, TranscriptionRequest};

use crate::error::backend;

/// Interviews have two speakers, panels a few more; Transcribe needs an upper bound (2..=30).
const MAX_SPEAKERS: i32 = 4;

pub struct AmazonTranscribe {
    client: Client,
    bucket: String,
}

impl AmazonTranscribe {
    pub fn new(sdk: &aws_config::SdkConfig, bucket: impl Into<String>) -> Self {
        Self { client: Client::new(sdk), bucket: bucket.into() }
    }
}

#[async_trait]
impl Transcriber for AmazonTranscribe {
    async fn start(&self, request: &TranscriptionRequest) -> PortResult<()> {
        let media = Media::builder().media_file_uri(format!("s3://{}/{}", self.bucket, request.media_key)).build();
        let settings = Settings::builder().show_speaker_labels(true).max_speaker_labels(MAX_SPEAKERS).build();
        let sent = self
            .client
            .start_transcription_job()
            .transcription_job_name(&request.job_name)
            .language_code(LanguageCode::from(request.language.as_str()))
            .media(media)
            .output_bucket_name(&self.bucket)
            .output_key(&request.output_key)
            .settings(settings)
            .send()
            .await;
        match sent {
            Ok(_) => Ok(()),
            // The job exists: this start was redelivered.
            Err(e) if e.as_service_error().is_some_and(|s| s.is_conflict_exception()) => Ok(()),
            Err(e) => Err(backend("transcribe StartTranscriptionJob", &e)),
        }
    }

    async fn failure_reason(&self, job_name: &str) -> PortResult<Option<String>> {
        let out = self
            .client
            .get_transcription_job()
            .transcription_job_name(job_name)
            .send()
            .await
            .map_err(|e| backend("transcribe GetTranscriptionJob", &e))?;
        Ok(out.transcription_job().and_then(|job| job.failure_reason()).map(str::to_owned))
    }
}
