//! Transcripts as utterances (speaker, start, end, text), from the formats meetings export:
//! WebVTT from Teams (`<v Speaker>text</v>`) and Zoom (`Speaker: text`), and Amazon Transcribe's
//! JSON (tokens with speaker labels). Both give the same structure, so everything downstream
//! (summaries, reports, features) is written once.

use serde::{Deserialize, Serialize};

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

/// Parses a WebVTT file; consecutive cues of the same speaker stay separate utterances.
pub fn parse_vtt(text: &str) -> Result<Vec<Utterance>, TranscriptError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().peekable();
    match lines.next() {
        Some((_, first)) if first.trim_end().starts_with("WEBVTT") => {}
        _ => return Err(TranscriptError::Line { line: 1, message: "a WebVTT file starts with WEBVTT".into() }),
    }
    let mut utterances = Vec::new();
    while let Some((index, line)) = lines.next() {
        let Some((start, end)) = line.split_once("-->") else { continue };
        let line_no = index + 1;
        let start_s = timestamp(start.trim()).ok_or_else(|| bad_time(line_no, start))?;
        // Cue settings may follow the end time ("00:00:05.000 align:start").
        let end_text = end.split_whitespace().next().unwrap_or_default();
        let end_s = timestamp(end_text).ok_or_else(|| bad_time(line_no, end_text))?;
        if end_s < start_s {
            return Err(TranscriptError::Line { line: line_no, message: "the cue ends before it starts".into() });
        }
        let mut payload = Vec::new();
        while let Some((_, l)) = lines.peek() {
            if l.trim().is_empty() {
                break;
            }
            payload.push(lines.next().map(|(_, l)| l.trim()).unwrap_or_default());
        }
        let (speaker, text) = speaker_and_text(&payload.join("\n"));
        if !text.is_empty() {
            utterances.push(Utterance { speaker, start_s, end_s, text, confidence: None });
        }
    }
    if utterances.is_empty() {
        return Err(TranscriptError::Empty);
    }
    Ok(utterances)
}

fn bad_time(line: usize, text: &str) -> TranscriptError {
    TranscriptError::Line { line, message: format!("{:?} is not a timestamp (hh:mm:ss.mmm)", text.trim()) }
}

/// `hh:mm:ss.mmm` or `mm:ss.mmm` in seconds.
fn timestamp(text: &str) -> Option<f64> {
    let parts: Vec<&str> = text.split(':').collect();
    let (h, m, s) = match parts.as_slice() {
        [h, m, s] => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?, *s),
        [m, s] => (0, m.parse::<u32>().ok()?, *s),
        _ => return None,
    };
    let seconds: f64 = s.replace(',', ".").parse().ok()?;
    (m < 60 && (0.0..60.0).contains(&seconds)).then(|| f64::from(h) * 3600.0 + f64::from(m) * 60.0 + seconds)
}

/// The speaker from a `<v Name>` voice tag (Teams) or a `Name: ` prefix (Zoom), and the text
/// without any tags.
fn speaker_and_text(payload: &str) -> (Option<String>, String) {
    let mut speaker = None;
    if let Some(rest) = payload.strip_prefix("<v")
        && let Some(close) = rest.find('>')
    {
        let name = rest[..close].trim().trim_start_matches('.').trim();
        speaker = (!name.is_empty()).then(|| name.to_owned());
    }
    let mut text = strip_tags(payload).split_whitespace().collect::<Vec<_>>().join(" ");
    if speaker.is_none()
        && let Some((name, rest)) = text.split_once(": ").or_else(|| text.split_once("："))
        && !name.is_empty()
        && name.chars().count() <= 40
    {
        speaker = Some(name.trim().to_owned());
        text = rest.trim().to_owned();
    }
    (speaker, text)
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Parses Amazon Transcribe's output JSON (with speaker partitioning): pronunciation tokens are
/// joined into utterances, a new one whenever the speaker changes or the silence between tokens
/// exceeds `GAP_S`. Japanese tokens are joined without spaces, other languages with spaces.
pub fn parse_transcribe_json(json: &str) -> Result<Vec<Utterance>, TranscriptError> {
    const GAP_S: f64 = 1.5;
    let doc: TranscribeDoc =
        serde_json::from_str(json).map_err(|e| TranscriptError::Format(format!("not Transcribe output JSON: {e}")))?;
    let japanese = doc.results.language_code.as_deref().is_some_and(|l| l.starts_with("ja"));
    let mut utterances: Vec<Utterance> = Vec::new();
    let mut confidences: Vec<Vec<f64>> = Vec::new();
    for (k, item) in doc.results.items.iter().enumerate() {
        let Some(alt) = item.alternatives.first() else { continue };
        if item.kind == "punctuation" {
            if let Some(last) = utterances.last_mut() {
                last.text.push_str(&alt.content);
            }
            continue;
        }
        let start = parse_seconds(item.start_time.as_deref(), k)?;
        let end = parse_seconds(item.end_time.as_deref(), k)?;
        let speaker = item.speaker_label.clone();
        let continues = utterances.last().is_some_and(|u| u.speaker == speaker && start - u.end_s <= GAP_S);
        let confidence = alt.confidence.as_deref().and_then(|c| c.parse::<f64>().ok());
        if continues {
            let last = utterances.last_mut().expect("checked above");
            if !japanese {
                last.text.push(' ');
            }
            last.text.push_str(&alt.content);
            last.end_s = end;
            confidences.last_mut().expect("one per utterance").extend(confidence);
        } else {
            utterances.push(Utterance {
                speaker,
                start_s: start,
                end_s: end,
                text: alt.content.clone(),
                confidence: None,
            });
            confidences.push(confidence.into_iter().collect());
        }
    }
    for (u, c) in utterances.iter_mut().zip(&confidences) {
        u.confidence = (!c.is_empty()).then(|| c.iter().sum::<f64>() / c.len() as f64);
    }
    if utterances.is_empty() {
        return Err(TranscriptError::Empty);
    }
    Ok(utterances)
}

fn parse_seconds(value: Option<&str>, item: usize) -> Result<f64, TranscriptError> {
    value
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| TranscriptError::Format(format!("results.items[{item}]: missing or bad start_time/end_time")))
}

#[derive(Deserialize)]
struct TranscribeDoc {
    results: TranscribeResults,
}

#[derive(Deserialize)]
struct TranscribeResults {
    language_code: Option<String>,
    items: Vec<TranscribeItem>,
}

#[derive(Deserialize)]
struct TranscribeItem {
    #[serde(rename = "type")]
    kind: String,
    start_time: Option<String>,
    end_time: Option<String>,
    speaker_label: Option<String>,
    alternatives: Vec<TranscribeAlternative>,
}

#[derive(Deserialize)]
struct TranscribeAlternative {
    content: String,
    confidence: Option<String>,
}

#[cfg(test)]
mod tests;
