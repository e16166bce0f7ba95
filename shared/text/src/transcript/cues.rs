//! Cue-based subtitle files: WebVTT (Teams `<v Speaker>text</v>`, Zoom `Speaker: text`) and
//! SubRip (.srt, numbered cues with comma decimals). Both are cues of a time range and a payload.

use super::{MAX_TIME_S, TranscriptError, Utterance, check_bounds};

/// Parses a WebVTT file; consecutive cues of the same speaker stay separate utterances.
pub fn parse_vtt(text: &str) -> Result<Vec<Utterance>, TranscriptError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match text.lines().next() {
        Some(first) if first.trim_end().starts_with("WEBVTT") => parse_cues(text),
        _ => Err(TranscriptError::Line { line: 1, message: "a WebVTT file starts with WEBVTT".into() }),
    }
}

/// Parses a SubRip (.srt) file: the same cues without a header.
pub fn parse_srt(text: &str) -> Result<Vec<Utterance>, TranscriptError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.contains("-->") {
        return Err(TranscriptError::Line { line: 1, message: "no cue (hh:mm:ss,mmm --> hh:mm:ss,mmm) found".into() });
    }
    parse_cues(text)
}

/// Every `start --> end` line and the payload lines under it, up to a blank line.
fn parse_cues(text: &str) -> Result<Vec<Utterance>, TranscriptError> {
    let mut lines = text.lines().enumerate().peekable();
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
    check_bounds(&utterances)?;
    Ok(utterances)
}

fn bad_time(line: usize, text: &str) -> TranscriptError {
    let shown: String = text.trim().chars().take(40).collect();
    TranscriptError::Line { line, message: format!("{shown:?} is not a timestamp (hh:mm:ss.mmm)") }
}

/// `hh:mm:ss.mmm` or `mm:ss.mmm` in seconds, at most 24 hours.
fn timestamp(text: &str) -> Option<f64> {
    let parts: Vec<&str> = text.split(':').collect();
    let (h, m, s) = match parts.as_slice() {
        [h, m, s] => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?, *s),
        [m, s] => (0, m.parse::<u32>().ok()?, *s),
        _ => return None,
    };
    let seconds: f64 = s.replace(',', ".").parse().ok()?;
    let total = f64::from(h) * 3600.0 + f64::from(m) * 60.0 + seconds;
    (m < 60 && (0.0..60.0).contains(&seconds) && total <= MAX_TIME_S).then_some(total)
}

/// The speaker from a `<v Name>` voice tag (Teams) or a `Name: ` prefix (Zoom), and the text
/// without any tags.
pub(super) fn speaker_and_text(payload: &str) -> (Option<String>, String) {
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
