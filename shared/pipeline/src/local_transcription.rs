//! Transcription on the machine (`mendan serve`): the `Transcriber` port on the offline Whisper
//! recogniser, and the in-process handler that runs a whole transcription for an uploaded
//! recording. The recogniser writes the same JSON Amazon Transcribe writes, so everything after
//! it (utterances, the interview's transcript, summary, feedback) is the AWS path unchanged.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use async_trait::async_trait;
use mendan_core::Ports;
use mendan_core::domain::transcription::{job_name, report_job_name};
use mendan_core::events::{DomainEvent, HandlerError, MeetingUploaded, RecordingUploaded, parse_detail};
use mendan_core::ports::{Event, PortError, PortResult, Transcriber, TranscriptionRequest};
use mendan_core::usecases::transcription::{self, JobOutcome};
use mendan_speech::{Recogniser, Segment, SpeechError};
use serde_json::json;

use crate::handlers::{Handler, Subscription};

/// Speaker labels as Amazon Transcribe writes them; with the voices apart the interviewee (left)
/// is the first.
const SPEAKERS: [&str; 2] = ["spk_0", "spk_1"];

pub struct LocalTranscriber {
    objects: Arc<dyn mendan_core::ports::Objects>,
    model_dir: PathBuf,
    /// Loaded at the first recording: starting `mendan serve` stays quick.
    recogniser: OnceLock<Result<Arc<Recogniser>, String>>,
    /// Why a job failed, by job name, until the handler has read it.
    failures: Mutex<HashMap<String, String>>,
    scratch: PathBuf,
}

impl LocalTranscriber {
    /// The recogniser whose model is in `model_dir` (see `mendan_speech::MODEL_DIR`); `None` when
    /// the model is not installed.
    pub fn new(objects: Arc<dyn mendan_core::ports::Objects>, model_dir: PathBuf) -> Option<Self> {
        model_dir.join("decoder.onnx").is_file().then(|| Self {
            objects,
            model_dir,
            recogniser: OnceLock::new(),
            failures: Mutex::default(),
            scratch: std::env::temp_dir(),
        })
    }

    fn recogniser(&self) -> Result<Arc<Recogniser>, String> {
        self.recogniser
            .get_or_init(|| {
                let loaded = Recogniser::load(&self.model_dir).map(Arc::new).map_err(|e| e.to_string());
                if let Err(e) = &loaded {
                    tracing::error!(error = %e, "the speech model cannot be loaded");
                }
                loaded
            })
            .clone()
    }

    fn fail(&self, job: &str, reason: impl Into<String>) {
        self.failures.lock().expect("no panics under the lock").insert(job.to_owned(), reason.into());
    }
}

#[async_trait]
impl Transcriber for LocalTranscriber {
    /// Transcribes the whole recording before it returns (the handler runs off the request path).
    /// A job whose output exists already was done: a redelivery does nothing.
    async fn start(&self, request: &TranscriptionRequest) -> PortResult<()> {
        if self.objects.head(&request.output_key).await?.is_some() {
            return Ok(());
        }
        let file = tempfile::Builder::new()
            .prefix("transcribe-")
            .tempfile_in(&self.scratch)
            .map_err(|e| PortError::Backend(format!("no scratch space: {e}")))?;
        if self.objects.download_to(&request.media_key, file.path()).await?.is_none() {
            self.fail(&request.job_name, "the recording is not there any more");
            return Ok(());
        }
        let recogniser = self.recogniser().map_err(PortError::Backend)?;
        let (path, voices_apart) = (file.path().to_owned(), request.voices_apart);
        let started = std::time::Instant::now();
        let heard = tokio::task::spawn_blocking(move || recogniser.transcribe_file(&path, voices_apart))
            .await
            .map_err(|e| PortError::Backend(format!("the transcription task failed: {e}")))?;
        drop(file);
        match heard {
            Ok(heard) if heard.segments.is_empty() => self.fail(&request.job_name, "no speech was recognised"),
            Ok(heard) => {
                let segments = heard.segments;
                tracing::info!(
                    segments = segments.len(),
                    seconds = started.elapsed().as_secs_f64(),
                    "recording transcribed"
                );
                let body = serde_json::to_vec(&transcribe_json(&segments, &request.language))
                    .map_err(|e| PortError::Backend(e.to_string()))?;
                self.objects.put(&request.output_key, body, "application/json").await?;
            }
            Err(SpeechError::Model(e)) => return Err(PortError::Backend(e.to_string())),
            Err(e) => self.fail(&request.job_name, e.to_string()),
        }
        Ok(())
    }

    async fn failure_reason(&self, job_name: &str) -> PortResult<Option<String>> {
        Ok(self.failures.lock().expect("no panics under the lock").get(job_name).cloned())
    }
}

/// The segments as Amazon Transcribe's output JSON: one item per recognised stretch.
fn transcribe_json(segments: &[Segment], language: &str) -> serde_json::Value {
    let items: Vec<serde_json::Value> = segments
        .iter()
        .map(|s| {
            json!({
                "type": "pronunciation",
                "start_time": format!("{:.2}", s.start_s),
                "end_time": format!("{:.2}", s.end_s),
                "speaker_label": SPEAKERS[s.channel.min(1)],
                "alternatives": [{ "content": s.text, "confidence": format!("{:.3}", s.confidence) }],
            })
        })
        .collect();
    json!({ "results": { "language_code": language, "items": items } })
}

/// Makes `ports` transcribe on this machine when the speech model is in `model_dir`: sets the
/// transcriber and returns the handlers to subscribe (after the pipeline's own, so earlier
/// deliveries keep their names); `None` when the model is not installed.
pub fn install(ports: &mut Ports, model_dir: PathBuf) -> Option<Vec<Subscription>> {
    let transcriber = Arc::new(LocalTranscriber::new(ports.objects.clone(), model_dir)?);
    ports.transcriber = Some(transcriber.clone());
    Some(subscriptions(ports.clone(), transcriber))
}

/// Transcribes each uploaded recording and report meeting in process, one at a time each (the
/// recogniser uses the cores the analyses share), then finishes the job as the AWS job's state
/// change would.
fn subscriptions(ports: Ports, transcriber: Arc<LocalTranscriber>) -> Vec<Subscription> {
    let on_recording: Handler = {
        let (ports, transcriber) = (ports.clone(), transcriber.clone());
        Arc::new(move |event: Event| {
            let (ports, transcriber) = (ports.clone(), transcriber.clone());
            Box::pin(async move {
                let uploaded: RecordingUploaded = parse_detail(event.detail)?;
                transcription::start(&ports, transcriber.as_ref(), &uploaded).await?;
                let (tenant, interview, recording) = (&uploaded.tenant, uploaded.interview_id, uploaded.recording_id);
                let output = mendan_core::domain::transcription::output_key(tenant, interview, recording);
                finish(&ports, &transcriber, &job_name(tenant, interview, recording), &output).await
            })
        })
    };
    let on_meeting: Handler = Arc::new(move |event: Event| {
        let (ports, transcriber) = (ports.clone(), transcriber.clone());
        Box::pin(async move {
            let uploaded: MeetingUploaded = parse_detail(event.detail)?;
            let (tenant, report) = (&uploaded.tenant, uploaded.report_id);
            transcription::start_for_report(&ports, transcriber.as_ref(), tenant, report, &uploaded.object_key).await?;
            let output = mendan_core::domain::report::transcribe_output_key(tenant, report);
            finish(&ports, &transcriber, &report_job_name(tenant, report), &output).await
        })
    });
    vec![
        Subscription { detail_type: RecordingUploaded::DETAIL_TYPE, handler: on_recording, concurrency: 1 },
        Subscription { detail_type: MeetingUploaded::DETAIL_TYPE, handler: on_meeting, concurrency: 1 },
    ]
}

/// Ends a job as Transcribe's state-change event would: completed when its output is there, else
/// failed with the reason the recogniser gave.
async fn finish(ports: &Ports, transcriber: &LocalTranscriber, job: &str, output: &str) -> Result<(), HandlerError> {
    let failed = transcriber.failure_reason(job).await?.is_some();
    let outcome = if !failed && ports.objects.head(output).await?.is_some() {
        JobOutcome::Completed
    } else {
        if !failed {
            transcriber.fail(job, "the transcription was cut off; upload the recording again");
        }
        JobOutcome::Failed
    };
    let finished = transcription::finish(ports, transcriber, job, outcome).await;
    transcriber.failures.lock().expect("no panics under the lock").remove(job);
    finished
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_reads_back_as_utterances_with_the_voices_apart() {
        let segments = [
            Segment {
                channel: 1, start_s: 0.5, end_s: 2.0, text: "自己紹介をお願いします。".into(), confidence: 0.9
            },
            Segment { channel: 0, start_s: 2.5, end_s: 6.0, text: "山田です。".into(), confidence: 0.8 },
        ];
        let text = serde_json::to_string(&transcribe_json(&segments, "ja-JP")).unwrap();
        let utterances = mendan_text::parse_transcribe_json(&text).unwrap();
        assert_eq!(utterances.len(), 2);
        assert_eq!(utterances[0].speaker.as_deref(), Some("spk_1"));
        assert_eq!(utterances[1].text, "山田です。");
        assert!((utterances[1].confidence.unwrap() - 0.8).abs() < 1e-9);
    }
}
