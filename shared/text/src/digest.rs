//! Everything Mendan reads from one interview's transcript, in one call: who the interviewee is,
//! a summary of what they said per question (headed by the question alone), and their conversation features. The API, the
//! transcription hook and the CLI all go through here, so they cannot drift apart.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::conversation::{answers, features, interviewee};
use crate::summary::{SummaryOptions, summarise_answers};
use crate::transcript::{TranscriptError, Utterance, check_bounds, speakers};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummarisedAnswer {
    /// What the other speaker said just before (usually the question).
    pub question: Option<String>,
    pub sentences: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InterviewDigest {
    pub interviewee: String,
    /// Every speaker, in order of first appearance (to correct the interviewee).
    pub speakers: Vec<String>,
    pub answers: Vec<SummarisedAnswer>,
    /// Characters kept in the summary, of the interviewee's characters in the transcript.
    pub chars: usize,
    pub source_chars: usize,
    /// `conversation.*` features of the interviewee.
    pub features: BTreeMap<String, f64>,
    /// The interviewee's whole last answer (follow-up questions are asked about it).
    pub last_answer: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DigestError {
    #[error("{0:?} does not speak in the transcript")]
    UnknownSpeaker(String),
    #[error("the transcript names no speakers; say who the interviewee is")]
    NoSpeakers,
    /// Beyond the transcript bounds (joined recordings may be, though each was within them).
    #[error("{0}")]
    TooLong(TranscriptError),
}

/// Digests `utterances`; `interviewee_speaker` names the interviewee, else Mendan finds them
/// (the speaker who talks most right after questions).
pub fn digest(utterances: &[Utterance], interviewee_speaker: Option<&str>) -> Result<InterviewDigest, DigestError> {
    check_bounds(utterances).map_err(DigestError::TooLong)?;
    let speakers = speakers(utterances);
    let speaker = match interviewee_speaker {
        Some(name) if speakers.iter().any(|s| s == name) => name.to_owned(),
        Some(name) => return Err(DigestError::UnknownSpeaker(name.to_owned())),
        None => interviewee(utterances).ok_or(DigestError::NoSpeakers)?,
    };
    let answers = answers(utterances, &speaker);
    let texts: Vec<String> = answers.iter().map(|a| a.text.clone()).collect();
    let summary: Vec<SummarisedAnswer> = summarise_answers(&texts, &SummaryOptions::default())
        .into_iter()
        .map(|s| SummarisedAnswer {
            // The question alone: not the greeting or the thanks before it (issue 17 item 3).
            question: answers[s.answer].question.as_deref().map(crate::facts::question_of),
            sentences: s.sentences,
        })
        .collect();
    Ok(InterviewDigest {
        chars: summary.iter().flat_map(|s| &s.sentences).map(|s| s.chars().count()).sum(),
        source_chars: texts.iter().map(|t| t.chars().filter(|c| !c.is_whitespace()).count()).sum(),
        features: features(utterances, &speaker),
        last_answer: texts.last().cloned(),
        interviewee: speaker,
        speakers,
        answers: summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::TranscriptFormat;

    const TALK: &str = "面接官: これまでのご経験を教えてください。\n候補者: 前職では営業を担当していました。\
提案の進め方を見直した結果、受注率が上がりました。\n面接官: 志望動機は何ですか？\n候補者: 御社の製品に魅力を感じたからです。\n";

    #[test]
    fn finds_the_interviewee_or_takes_the_one_named() {
        let talk = TranscriptFormat::Text.parse(TALK).unwrap();
        let found = digest(&talk, None).unwrap();
        assert_eq!(found.interviewee, "候補者");
        assert_eq!(found.speakers, ["面接官", "候補者"]);
        assert_eq!(found.last_answer.as_deref(), Some("御社の製品に魅力を感じたからです。"));
        assert!(found.chars <= found.source_chars / 5, "at most a fifth");
        assert!(!found.features.contains_key("conversation.pause_before_answer_mean_s"), "plain text has no times");
        assert_eq!(digest(&talk, Some("面接官")).unwrap().interviewee, "面接官");
        assert_eq!(digest(&talk, Some("誰か")), Err(DigestError::UnknownSpeaker("誰か".into())));
    }

    #[test]
    fn each_summarised_answer_is_headed_by_the_question_alone() {
        let talk = "面接官: ありがとうございます。それでは次に、学生時代に力を入れたことを教えてください。\n\
候補者: カフェのアルバイトで新人教育の担当を任されました。新人が三か月以内に辞めてしまうことが多く、店長も困っていました。\
そこで業務を三段階に分けたチェックリストを作り、少しずつ覚えてもらう形に変えました。週に一回、新人と十分だけ面談する時間も設けました。\
その結果、三か月以内の離職者は前の年の五人から一人に減りました。\n";
        let found = digest(&TranscriptFormat::Text.parse(talk).unwrap(), None).unwrap();
        assert_eq!(found.answers[0].question.as_deref(), Some("学生時代に力を入れたことを教えてください。"));
    }
}
