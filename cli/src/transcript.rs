//! `mendan transcript FILE [--speaker NAME]`: what Mendan reads from a transcript (WebVTT, SubRip,
//! plain text or Transcribe JSON), as JSON: who the interviewee is, a summary of what they said
//! per question (面談要約, at most 20% of it), their conversation features, and follow-up
//! questions for their last answer.

use anyhow::Context;
use mendan_text::digest;
use mendan_text::star::follow_ups;
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct TranscriptArgs {
    /// `.vtt` (Teams, Zoom), `.srt`, `.txt` or `.json` (Amazon Transcribe output).
    file: PathBuf,
    /// The interviewee as the transcript names them (found automatically when left out).
    #[arg(long)]
    speaker: Option<String>,
}

pub fn run(args: TranscriptArgs) -> anyhow::Result<()> {
    let utterances = crate::report::read_transcript(&args.file)?;
    let digest = digest(&utterances, args.speaker.as_deref()).with_context(|| args.file.display().to_string())?;
    anyhow::ensure!(digest.last_answer.is_some(), "{} says nothing in {}", digest.interviewee, args.file.display());
    let last = digest.last_answer.as_deref().unwrap_or_default();
    let out = json!({
        "interviewee": digest.interviewee,
        "speakers": digest.speakers,
        "summary": digest.answers,
        "summary_chars": digest.chars,
        "source_chars": digest.source_chars,
        "features": digest.features,
        "follow_ups_for_last_answer": follow_ups(last, 2),
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
