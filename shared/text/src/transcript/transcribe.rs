//! Amazon Transcribe's output JSON (ja-JP with speaker partitioning) as utterances.

use serde::Deserialize;

use super::{MAX_TIME_S, TranscriptError, Utterance, check_bounds};

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
        // A confidence is a probability; anything else (NaN, 1e308) is no confidence at all.
        let confidence =
            alt.confidence.as_deref().and_then(|c| c.parse::<f64>().ok()).filter(|c| (0.0..=1.0).contains(c));
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
    check_bounds(&utterances)?;
    Ok(utterances)
}

/// A token's time in seconds: a number from 0 to 24 hours (1e308 would become a pause feature).
fn parse_seconds(value: Option<&str>, item: usize) -> Result<f64, TranscriptError> {
    value.and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| (0.0..=MAX_TIME_S).contains(v)).ok_or_else(|| {
        TranscriptError::Format(format!(
            "results.items[{item}]: start_time and end_time must be seconds from 0 to {MAX_TIME_S} (24 hours)"
        ))
    })
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
