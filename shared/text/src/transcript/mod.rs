//! Transcripts as utterances (speaker, start, end, text), from the formats meetings export:
//! WebVTT from Teams (`<v Speaker>text</v>`) and Zoom (`Speaker: text`), SubRip, plain text, and
//! Amazon Transcribe's JSON (tokens with speaker labels). All give the same structure, so
//! everything downstream (summaries, reports, features) is written once.

mod cues;
mod plain;
mod transcribe;

use serde::{Deserialize, Serialize};

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
