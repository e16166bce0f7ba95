//! `mendan transcript FILE [--speaker NAME]`: what Mendan reads from a transcript (WebVTT or
//! Transcribe JSON), as JSON: who the interviewee is, a summary of what they said (面談要約),
//! their conversation features, and follow-up questions for their last answer.

use anyhow::Context;
use mendan_text::conversation::{features, interviewee};
use mendan_text::star::follow_ups;
use mendan_text::{SummaryOptions, summarise};
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
    let own: Vec<&str> =
        utterances.iter().filter(|u| u.speaker.as_deref() == Some(speaker.as_str())).map(|u| u.text.as_str()).collect();
    anyhow::ensure!(!own.is_empty(), "{speaker} says nothing in {}", args.file.display());
    let summary = summarise(&own.join("\n"), &SummaryOptions::default());
    // The last answer: the interviewee's utterances since someone else last spoke.
    let last_answer: Vec<&str> = utterances
        .iter()
        .rev()
        .skip_while(|u| u.speaker.as_deref() != Some(speaker.as_str()))
        .take_while(|u| u.speaker.as_deref() == Some(speaker.as_str()))
        .map(|u| u.text.as_str())
        .collect();
    let last_answer: String = last_answer.into_iter().rev().collect();
    let out = json!({
        "interviewee": speaker,
        "summary": summary,
        "features": features(&utterances, &speaker),
        "follow_ups_for_last_answer": follow_ups(&last_answer, 2),
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
