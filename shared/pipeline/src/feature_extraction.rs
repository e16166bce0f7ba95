//! The feature-extraction handler: an uploaded recording in; its features, timeline, status and a
//! FeaturesExtracted event out. Files that cannot be analysed mark the recording failed with a
//! reason the user can act on, and are not retried. One object version is analysed once.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use mendan_analysis::analyze::{Analysis, AnalysisError, AnalyzeOptions, AudioLayout, DEFAULT_FPS, analyze_file};
use mendan_analysis::media::{MediaError, probe};
use mendan_analysis::vision::Models;
use mendan_core::Ports;
use mendan_core::domain::recording::{features_key, timeline_key};
use mendan_core::events::{DomainEvent, FeaturesExtracted, HandlerError, RecordingUploaded};
use mendan_core::ports::ScanVerdict;
use mendan_core::usecases::recording_analysis::{self, AnalysisOutcome};
use mendan_core::usecases::recordings;

use crate::envelope::recording_uploaded;

/// Less speech than this share of the recording counts as silent: nothing to analyse.
const SILENT_SPEECH_RATIO: f64 = 0.005;

pub struct FeatureExtractor {
    models_dir: PathBuf,
    /// Loaded on first use by a video: starting `mendan serve` or a cold Lambda stays quick, and
    /// audio-only or unreadable uploads never pay for it.
    models: Arc<OnceLock<Result<Arc<Models>, String>>>,
    fps: f64,
    /// Where recordings are downloaded for ffmpeg (Lambda: /tmp).
    scratch: PathBuf,
}

impl FeatureExtractor {
    pub fn new(models_dir: impl Into<PathBuf>, fps: f64) -> Self {
        Self { models_dir: models_dir.into(), models: Arc::default(), fps, scratch: std::env::temp_dir() }
    }

    /// Configured like the Lambda layers lay things out: models in `MENDAN_MODELS_DIR` (default
    /// `/opt/models`), frames sampled at `MENDAN_ANALYSIS_FPS` (default 5).
    pub fn from_env() -> Self {
        let models = std::env::var("MENDAN_MODELS_DIR").unwrap_or_else(|_| "/opt/models".into());
        let fps = std::env::var("MENDAN_ANALYSIS_FPS").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_FPS);
        Self::new(models, fps)
    }

    /// One Lambda invocation: an EventBridge envelope in, a short report out. Only a retryable
    /// failure is an `Err`, so Lambda's retries and its on-failure destination see exactly those;
    /// a recording that cannot be analysed is already marked failed and reported as `failed`.
    pub async fn handle_envelope(
        &self,
        ports: &Ports,
        envelope: serde_json::Value,
    ) -> Result<serde_json::Value, String> {
        let envelope = match crate::envelope::scanned_recording(&envelope) {
            Some(scanned) => match self.uploaded_after_scan(ports, scanned).await {
                Ok(Some(uploaded)) => uploaded,
                Ok(None) => return Ok(serde_json::json!({ "status": "ignored" })),
                Err(reason) => return Err(reason),
            },
            None => envelope,
        };
        let event = match recording_uploaded(envelope) {
            Ok(Some(event)) => event,
            Ok(None) => return Ok(serde_json::json!({ "status": "ignored" })),
            Err(HandlerError::Permanent(reason)) => {
                return Ok(serde_json::json!({ "status": "rejected", "reason": reason }));
            }
            Err(HandlerError::Retryable(reason)) => return Err(reason),
        };
        match self.handle(ports, &event).await {
            Ok(()) => Ok(serde_json::json!({ "status": "done", "recording_id": event.recording_id })),
            Err(HandlerError::Permanent(reason)) => {
                Ok(serde_json::json!({ "status": "failed", "recording_id": event.recording_id, "reason": reason }))
            }
            Err(HandlerError::Retryable(reason)) => Err(reason),
        }
    }

    /// A finished scan of a recording as its upload event (the object's size and version read back), so the
    /// analysis starts when the scan is done; `None` for objects that are not recordings or no longer there.
    async fn uploaded_after_scan(
        &self,
        ports: &Ports,
        scanned: crate::envelope::ScannedObject,
    ) -> Result<Option<serde_json::Value>, String> {
        let Some((tenant, interview_id, recording_id)) =
            mendan_core::usecases::recordings::parse_recording_key(&scanned.key)
        else {
            return Ok(None);
        };
        let Some(info) = ports.objects.head(&scanned.key).await.map_err(|e| e.to_string())? else {
            return Ok(None);
        };
        let uploaded = RecordingUploaded {
            tenant,
            interview_id,
            recording_id,
            object_key: scanned.key,
            size: info.size,
            etag: scanned.version.unwrap_or(info.etag),
            uploaded_at: scanned.time,
        };
        Ok(Some(serde_json::json!({
            "source": mendan_core::events::SOURCE,
            "detail-type": RecordingUploaded::DETAIL_TYPE,
            "detail": uploaded,
        })))
    }

    /// Handles one upload: marks it uploaded (if the upload rule still takes it, else the bytes
    /// are deleted), analyses it unless this version was done already, stores the results and
    /// announces them.
    pub async fn handle(&self, ports: &Ports, event: &RecordingUploaded) -> Result<(), HandlerError> {
        if let recordings::UploadNoted::Refused(closed) = recordings::on_uploaded(ports, event).await? {
            tracing::info!(recording_id = %event.recording_id, ?closed, "upload not taken; nothing to analyse");
            return Ok(());
        }
        let Some(recording) = recording_analysis::pending(ports, event).await? else {
            tracing::info!(recording_id = %event.recording_id, "already analysed; nothing to do");
            return Ok(());
        };
        match ports.objects.scan_verdict(&event.object_key).await? {
            ScanVerdict::NotScanned | ScanVerdict::Clean => {}
            // The scan's own event starts the analysis when it is done; a replay before that waits.
            ScanVerdict::Pending => {
                return Err(HandlerError::Retryable(format!("recording {} is not scanned yet", event.recording_id)));
            }
            ScanVerdict::Infected => {
                let message = "このファイルからウイルスなどの不正なプログラムが見つかったため、分析しません。端末を確認してから、もう一度録画してください。";
                return self.fail(ports, event, "malware", message).await;
            }
            ScanVerdict::Unscannable(status) if status == "UNSUPPORTED" => {
                let message =
                    "このファイルは安全確認の検査ができない形式のため、分析しません。もう一度録画してください。";
                return self.fail(ports, event, "unscannable", message).await;
            }
            // Access denied or a failed scan: the deployment's fault, for the operators (retries, then the queue).
            ScanVerdict::Unscannable(status) => {
                return Err(HandlerError::Retryable(format!(
                    "the malware scan of recording {} ended {status}",
                    event.recording_id
                )));
            }
        }
        let ext = recording.object_key.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("bin");
        let file = tempfile::Builder::new()
            .prefix("recording-")
            .suffix(&format!(".{ext}"))
            .tempfile_in(&self.scratch)
            .map_err(|e| HandlerError::Retryable(format!("no scratch space: {e}")))?;
        if ports.objects.download_to(&event.object_key, file.path()).await?.is_none() {
            let message = "録画ファイルが見つかりません。もう一度アップロードしてください。";
            return self.fail(ports, event, "missing", message).await;
        }
        let started = std::time::Instant::now();
        let job = self.job(file.path().to_owned(), analysis_layout(recording.audio));
        let result = tokio::task::spawn_blocking(job)
            .await
            .map_err(|e| HandlerError::Retryable(format!("analysis task failed: {e}")))?;
        drop(file);
        match result {
            Ok(analysis) => {
                tracing::info!(
                    recording_id = %event.recording_id,
                    frames = analysis.frames,
                    seconds = started.elapsed().as_secs_f64(),
                    sufficient = analysis.features.quality.sufficient,
                    "recording analysed"
                );
                self.store(ports, event, analysis).await
            }
            Err(Verdict::Unusable { code, message }) => self.fail(ports, event, code, message).await,
            Err(Verdict::Retry(reason)) => Err(HandlerError::Retryable(reason)),
        }
    }

    /// The blocking part: probe (unreadable files fail before any model loads), load the models
    /// once when there is video, analyse.
    fn job(&self, path: PathBuf, audio: AudioLayout) -> impl FnOnce() -> Result<Analysis, Verdict> + Send + 'static {
        let (cell, dir, fps) = (self.models.clone(), self.models_dir.clone(), self.fps);
        move || {
            let info = probe(&path).map_err(|e| verdict(AnalysisError::Media(e)))?;
            let models = match info.video {
                Some(_) => Some(
                    cell.get_or_init(|| {
                        Models::load(&dir)
                            .map(Arc::new)
                            .map_err(|e| format!("cannot load the face models from {}: {e}", dir.display()))
                    })
                    .clone()
                    // A missing model is the deployment's fault, not the recording's: retry.
                    .map_err(Verdict::Retry)?,
                ),
                None => None,
            };
            let options = AnalyzeOptions { fps, models: models.as_deref(), audio, every_expression: false };
            let analysis = analyze_file(&path, &options, &mut |_, _| {}).map_err(verdict)?;
            // A part of a call in which only the interviewer spoke is still part of the interview.
            let someone_spoke = analysis.features.get("call.interviewee_speech_share").is_some();
            if analysis.features.get("voice.speech_ratio").unwrap_or(0.0) < SILENT_SPEECH_RATIO && !someone_spoke {
                return Err(Verdict::Unusable {
                    code: "no_speech",
                    message: "録画に話し声が見つかりませんでした。マイクが有効になっているか確かめて、もう一度録画してください。",
                });
            }
            Ok(analysis)
        }
    }

    async fn store(&self, ports: &Ports, event: &RecordingUploaded, analysis: Analysis) -> Result<(), HandlerError> {
        let features = features_key(&event.tenant, event.interview_id, event.recording_id);
        let timeline = timeline_key(&event.tenant, event.interview_id, event.recording_id);
        ports.objects.put(&features, json_bytes(&analysis.features.to_json()), "application/json").await?;
        ports.objects.put(&timeline, json_bytes(&analysis.timeline), "application/json").await?;
        let duration_s = analysis.features.get("duration_s").unwrap_or(0.0);
        let quality = analysis.features.quality;
        // Announced before the outcome is committed: a crash in between repeats the analysis and
        // the event (consumers are idempotent), but never loses the event.
        let done = FeaturesExtracted {
            tenant: event.tenant.clone(),
            interview_id: event.interview_id,
            recording_id: event.recording_id,
            features_key: features,
            sufficient: quality.sufficient,
        };
        ports.events.publish(done.to_event()).await?;
        let outcome = AnalysisOutcome::Analysed {
            sufficient: quality.sufficient,
            reasons: quality.reasons,
            reasons_ja: quality.reasons_ja,
            duration_s,
        };
        recording_analysis::finish(ports, event, outcome).await?;
        Ok(())
    }

    async fn fail(
        &self,
        ports: &Ports,
        event: &RecordingUploaded,
        code: &'static str,
        message: impl Into<String>,
    ) -> Result<(), HandlerError> {
        tracing::warn!(recording_id = %event.recording_id, code, "recording cannot be analysed");
        let outcome = AnalysisOutcome::Failed { code, message: message.into() };
        recording_analysis::finish(ports, event, outcome).await?;
        Err(HandlerError::Permanent(format!("recording {} cannot be analysed: {code}", event.recording_id)))
    }
}

/// The analysis's own words for where the interviewee's voice is.
fn analysis_layout(audio: mendan_core::domain::recording::AudioLayout) -> AudioLayout {
    use mendan_core::domain::recording::AudioLayout as Stored;
    match audio {
        Stored::Mixed => AudioLayout::Mixed,
        Stored::IntervieweeLeftInterviewerRight => AudioLayout::IntervieweeLeftInterviewerRight,
    }
}

/// Plain data always serialises; an empty body would only show a bug, never lose a recording.
fn json_bytes(value: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

enum Verdict {
    /// The file itself is the problem: tell the user, do not retry.
    Unusable { code: &'static str, message: &'static str },
    /// The machine is the problem (ffmpeg missing, a model failing): retry.
    Retry(String),
}

/// Sorts an analysis error into a file the user must replace, or a passing fault of the machine.
fn verdict(error: AnalysisError) -> Verdict {
    let unusable = |code, message| Verdict::Unusable { code, message };
    match error {
        AnalysisError::Media(MediaError::ToolMissing(e)) => Verdict::Retry(format!("ffmpeg unavailable: {e}")),
        AnalysisError::Media(MediaError::Io(e)) => Verdict::Retry(format!("reading ffmpeg failed: {e}")),
        AnalysisError::Media(MediaError::Worker) => Verdict::Retry("the frame reader stopped".to_owned()),
        AnalysisError::Vision(e) => Verdict::Retry(format!("face analysis failed: {e}")),
        AnalysisError::Media(MediaError::MissingTrack(_)) | AnalysisError::Empty => unusable(
            "empty",
            "録画に映像も音声も入っていませんでした。カメラとマイクを確かめて、もう一度録画してください。",
        ),
        AnalysisError::Media(MediaError::Unreadable(_)) => unusable(
            "unreadable",
            "録画ファイルを読み込めませんでした（壊れているか、対応していない形式です）。もう一度録画してください。",
        ),
    }
}
