//! Transcripts as utterances (speaker, start, end, text), from the formats meetings export:
//! WebVTT from Teams (`<v Speaker>text</v>`) and Zoom (`Speaker: text`), SubRip, plain text, and
//! Amazon Transcribe's JSON (tokens with speaker labels). All give the same structure, so
//! everything downstream (summaries, reports, features) is written once.

mod cues;
mod plain;
mod transcribe;

use serde::{Deserialize, Serialize};

use crate::sentences::count_sentences;

pub use cues::{parse_srt, parse_vtt};
pub use plain::parse_plain_text;
pub use transcribe::parse_transcribe_json;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Utterance {
    /// As the source names it (a Teams display name, a Zoom name, Transcribe's `spk_0`); `None`
    /// when the source does not say.
    pub speaker: Option<String>,
    pub start_s: f64,
    pub end_s: f64,
    pub text: String,
    /// Mean word confidence where the source gives one (Transcribe).
    pub confidence: Option<f64>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TranscriptError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("{0}")]
    Format(String),
    #[error("the transcript has no utterances")]
    Empty,
    /// Beyond what any interview or meeting says (see [`MAX_UTTERANCES`] and its neighbours).
    #[error("the transcript is too long: {0}")]
    TooLong(String),
}

/// Most utterances, characters of speech and sentences one transcript may have, and the latest
/// time it may give. A three-hour meeting has some 5,000 utterances and 200,000 characters; the
/// bounds leave ten times that, and keep what summarising and classifying a transcript costs (in
/// time and memory) bounded whatever its format.
pub const MAX_UTTERANCES: usize = 50_000;
pub const MAX_CHARS: usize = 2_000_000;
pub const MAX_SENTENCES: usize = 50_000;
pub const MAX_TIME_S: f64 = 24.0 * 3600.0;

/// Refuses a transcript beyond the bounds above; every parser ends with it, and so does anything
/// that joins transcripts.
pub fn check_bounds(utterances: &[Utterance]) -> Result<(), TranscriptError> {
    if utterances.len() > MAX_UTTERANCES {
        return Err(TranscriptError::TooLong(format!("{} utterances, at most {MAX_UTTERANCES}", utterances.len())));
    }
    let chars: usize = utterances.iter().map(|u| u.text.chars().count()).sum();
    if chars > MAX_CHARS {
        return Err(TranscriptError::TooLong(format!("{chars} characters, at most {MAX_CHARS}")));
    }
    let sentences: usize = utterances.iter().map(|u| count_sentences(&u.text)).sum();
    if sentences > MAX_SENTENCES {
        return Err(TranscriptError::TooLong(format!("{sentences} sentences, at most {MAX_SENTENCES}")));
    }
    if let Some(u) = utterances.iter().find(|u| !(0.0..=MAX_TIME_S).contains(&u.end_s)) {
        return Err(TranscriptError::TooLong(format!("an utterance ends at {} s, after 24 hours", u.end_s)));
    }
    Ok(())
}

/// The transcript formats Mendan reads, by their API name (`vtt`, `srt`, `text`,
/// `transcribe_json`) or file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TranscriptFormat {
    Vtt,
    Srt,
    Text,
    TranscribeJson,
}

impl TranscriptFormat {
    pub const NAMES: &'static str = "vtt, srt, text or transcribe_json";

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "vtt" => Some(Self::Vtt),
            "srt" => Some(Self::Srt),
            "text" => Some(Self::Text),
            "transcribe_json" => Some(Self::TranscribeJson),
            _ => None,
        }
    }

    /// `.vtt`, `.srt`, `.txt`, `.json` (Transcribe output), case-insensitive.
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "vtt" => Some(Self::Vtt),
            "srt" => Some(Self::Srt),
            "txt" | "text" => Some(Self::Text),
            "json" => Some(Self::TranscribeJson),
            _ => None,
        }
    }

    pub fn parse(self, text: &str) -> Result<Vec<Utterance>, TranscriptError> {
        match self {
            Self::Vtt => parse_vtt(text),
            Self::Srt => parse_srt(text),
            Self::Text => parse_plain_text(text),
            Self::TranscribeJson => parse_transcribe_json(text),
        }
    }
}

/// The speakers in order of first appearance.
pub fn speakers(utterances: &[Utterance]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in utterances.iter().filter_map(|u| u.speaker.as_ref()) {
        if !out.contains(name) {
            out.push(name.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests;
