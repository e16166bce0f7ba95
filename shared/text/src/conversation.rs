//! Conversation features of an interview from its transcript (`conversation.*`): how fast and how
//! fluently the interviewee speaks, how long they take to start answering, how long and how
//! varied their answers are, and how much of STAR an answer covers. Research on interview
//! ratings finds these carry more signal than the face.

use std::collections::{BTreeMap, BTreeSet};

use crate::fillers::count_fillers;
use crate::star::coverage;
use crate::transcript::Utterance;

/// The interviewee among the speakers: the one who speaks most right after another speaker's
/// question (an utterance ending in a question mark, か。 or ください。); with no questions
/// found, the one who speaks most.
pub fn interviewee(utterances: &[Utterance]) -> Option<String> {
    let mut after_questions: BTreeMap<&str, usize> = BTreeMap::new();
    let mut overall: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, u) in utterances.iter().enumerate() {
        let Some(speaker) = u.speaker.as_deref() else { continue };
        let chars = u.text.chars().count();
        *overall.entry(speaker).or_default() += chars;
        let previous = k.checked_sub(1).map(|p| &utterances[p]);
        if let Some(p) = previous
            && p.speaker.as_deref() != Some(speaker)
            && is_question(&p.text)
        {
            *after_questions.entry(speaker).or_default() += chars;
        }
    }
    let pick = |m: &BTreeMap<&str, usize>| m.iter().max_by_key(|(_, n)| **n).map(|(s, _)| (*s).to_owned());
    pick(&after_questions).or_else(|| pick(&overall))
}

fn is_question(text: &str) -> bool {
    let t = text.trim_end();
    ["？", "?", "か。", "ください。", "ますか", "でしょうか。"].iter().any(|end| t.ends_with(end))
}

/// One answer: the interviewee's consecutive utterances after someone else spoke.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Answer {
    /// What the other speaker said just before (usually the question).
    pub question: Option<String>,
    pub text: String,
    pub start_s: f64,
    /// Silence between the question's end and the answer's start.
    pub pause_s: Option<f64>,
}

/// The answers of `speaker`, in order.
pub fn answers(utterances: &[Utterance], speaker: &str) -> Vec<Answer> {
    let mut out: Vec<Answer> = Vec::new();
    for (k, u) in utterances.iter().enumerate() {
        if u.speaker.as_deref() != Some(speaker) {
            continue;
        }
        match k.checked_sub(1).map(|p| &utterances[p]) {
            Some(p) if p.speaker.as_deref() == Some(speaker) => {
                if let Some(last) = out.last_mut() {
                    last.text.push_str(&u.text);
                }
            }
            previous => out.push(Answer {
                question: previous.map(|p| p.text.clone()),
                text: u.text.clone(),
                start_s: u.start_s,
                pause_s: previous.map(|p| (u.start_s - p.end_s).max(0.0)),
            }),
        }
    }
    out
}

/// The features, by dotted name; empty when `speaker` never speaks.
pub fn features(utterances: &[Utterance], speaker: &str) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let own: Vec<&Utterance> = utterances.iter().filter(|u| u.speaker.as_deref() == Some(speaker)).collect();
    if own.is_empty() {
        return out;
    }
    let text: String = own.iter().map(|u| u.text.as_str()).collect::<Vec<_>>().join("\n");
    let fillers = count_fillers(&text);
    let speaking_s: f64 = own.iter().map(|u| (u.end_s - u.start_s).max(0.0)).sum();
    if speaking_s > 0.0 {
        out.insert("conversation.chars_per_s".into(), fillers.content_chars as f64 / speaking_s);
    }
    out.insert("conversation.filler_per_100_chars".into(), fillers.per_100_chars());
    out.insert("conversation.lexical_diversity".into(), bigram_diversity(&text));

    let answers = answers(utterances, speaker);
    let pauses: Vec<f64> = answers.iter().filter_map(|a| a.pause_s).collect();
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let lengths: Vec<f64> =
        answers.iter().map(|a| a.text.chars().filter(|c| c.is_alphanumeric()).count() as f64).collect();
    if let Some(m) = mean(&lengths) {
        out.insert("conversation.answer_chars_mean".into(), m);
    }
    // Plain-text transcripts carry no times: no pause can be measured.
    let timed = utterances.iter().any(|u| u.end_s > 0.0);
    if let Some(m) = mean(&pauses).filter(|_| timed) {
        out.insert("conversation.pause_before_answer_mean_s".into(), m);
    }
    let star: Vec<f64> = answers.iter().map(|a| coverage(&a.text).len() as f64 / 4.0).collect();
    if let Some(m) = mean(&star) {
        out.insert("conversation.star_coverage_mean".into(), m);
    }
    out
}

/// Distinct character bigrams per bigram, over windows of 200 (a plain ratio falls as any text
/// grows, which would reward short answers).
fn bigram_diversity(text: &str) -> f64 {
    const WINDOW: usize = 200;
    let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let bigrams: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    if bigrams.is_empty() {
        return 0.0;
    }
    let ratios: Vec<f64> = bigrams
        .chunks(WINDOW)
        .filter(|w| w.len() == WINDOW || bigrams.len() < WINDOW)
        .map(|w| w.iter().collect::<BTreeSet<_>>().len() as f64 / w.len() as f64)
        .collect();
    ratios.iter().sum::<f64>() / ratios.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(speaker: &str, start_s: f64, end_s: f64, text: &str) -> Utterance {
        Utterance { speaker: Some(speaker.into()), start_s, end_s, text: text.into(), confidence: None }
    }

    #[test]
    fn finds_the_interviewee_and_measures_their_answers() {
        let talk = vec![
            u("面接官", 0.0, 3.0, "これまでのご経験を教えてください。"),
            u("候補者", 4.0, 10.0, "えー、前職では営業を担当していました。"),
            u("候補者", 10.0, 16.0, "提案の進め方を見直した結果、受注率が上がりました。"),
            u("面接官", 17.0, 19.0, "ありがとうございます。志望動機は何ですか？"),
            u("候補者", 21.0, 26.0, "御社の製品に魅力を感じたからです。"),
        ];
        assert_eq!(interviewee(&talk).as_deref(), Some("候補者"));
        let f = features(&talk, "候補者");
        assert!((f["conversation.pause_before_answer_mean_s"] - 1.5).abs() < 1e-9, "{f:?}");
        assert!(f["conversation.filler_per_100_chars"] > 0.0);
        assert!(f["conversation.chars_per_s"] > 2.0 && f["conversation.chars_per_s"] < 10.0, "{f:?}");
        assert!(f["conversation.star_coverage_mean"] > 0.0 && f["conversation.star_coverage_mean"] <= 1.0);
        assert!(f["conversation.answer_chars_mean"] > 10.0);
        assert!(features(&talk, "誰か").is_empty());
    }
}
