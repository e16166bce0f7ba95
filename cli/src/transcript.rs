//! `mendan transcript FILE [--speaker NAME]`: what Mendan reads from a transcript (WebVTT or
//! Transcribe JSON), as JSON: who the interviewee is, a summary of what they said per question
//! (面談要約, at most 20% of it), their conversation features, and follow-up questions for
//! their last answer.

use anyhow::Context;
use mendan_text::conversation::{answers, features, interviewee};
use mendan_text::star::follow_ups;
use mendan_text::{SummaryOptions, summarise_answers};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct TranscriptArgs {
    /// `.vtt` (Teams, Zoom) or `.json` (Amazon Transcribe output).
    file: PathBuf,
    /// The interviewee as the transcript names them (found automatically when left out).
    #[arg(long)]
    speaker: Option<String>,
}

pub fn run(args: TranscriptArgs) -> anyhow::Result<()> {
    let utterances = crate::report::read_transcript(&args.file)?;
    let speaker = args.speaker.or_else(|| interviewee(&utterances)).context("no speaker is named in the transcript")?;
    let answers = answers(&utterances, &speaker);
    anyhow::ensure!(!answers.is_empty(), "{speaker} says nothing in {}", args.file.display());
    let texts: Vec<String> = answers.iter().map(|a| a.text.clone()).collect();
    let summary: Vec<_> = summarise_answers(&texts, &SummaryOptions::default())
        .into_iter()
        .map(|s| json!({ "question": answers[s.answer].question, "sentences": s.sentences }))
        .collect();
    let last = answers.last().map(|a| a.text.as_str()).unwrap_or_default();
    let out = json!({
        "interviewee": speaker,
        "summary": summary,
        "summary_chars": summary_chars(&summary),
        "source_chars": texts.iter().map(|t| t.chars().count()).sum::<usize>(),
        "features": features(&utterances, &speaker),
        "follow_ups_for_last_answer": follow_ups(last, 2),
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

fn summary_chars(summary: &[serde_json::Value]) -> usize {
    summary
        .iter()
        .flat_map(|s| s["sentences"].as_array().cloned().unwrap_or_default())
        .map(|s| s.as_str().map_or(0, |t| t.chars().count()))
        .sum()
}
