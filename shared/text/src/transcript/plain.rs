//! Plain-text transcripts (a typed record of the conversation, a meeting tool's .txt export):
//! one utterance per `Name: text` line; lines without a name continue the previous utterance.
//! Plain text has no times, so every utterance starts and ends at 0 and time-based features are
//! left out for it.

use super::cues::speaker_and_text;
use super::{TranscriptError, Utterance, check_bounds};

pub fn parse_plain_text(text: &str) -> Result<Vec<Utterance>, TranscriptError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut utterances: Vec<Utterance> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (speaker, said) = speaker_and_text(line);
        match (speaker, utterances.last_mut()) {
            (None, Some(last)) => last.text.push_str(&said),
            (speaker, _) => {
                utterances.push(Utterance { speaker, start_s: 0.0, end_s: 0.0, text: said, confidence: None })
            }
        }
    }
    if utterances.is_empty() {
        return Err(TranscriptError::Empty);
    }
    check_bounds(&utterances)?;
    Ok(utterances)
}
