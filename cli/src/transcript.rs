//! `mendan transcript FILE [--speaker NAME]`: what Mendan reads from a transcript (WebVTT, SubRip,
//! plain text or Transcribe JSON), as JSON: who the interviewee is, a summary of what they said
//! per question (面談要約, at most 20% of it), their conversation features, and follow-up
//! questions for their last answer.

use anyhow::Context;
use mendan_text::digest::digest_on_words;
use mendan_text::morphology::LazyMorphology;
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
    /// The models directory holding the Japanese dictionary, for summaries on words [default: the
    /// repository's layers/models; without it, summaries by sentence]
    #[arg(long, env = "MENDAN_MODELS_DIR")]
    models: Option<PathBuf>,
}

pub fn run(args: TranscriptArgs) -> anyhow::Result<()> {
    let utterances = crate::report::read_transcript(&args.file)?;
    let words = crate::locate::words(&crate::locate::resolve(args.models, "layers/models"));
    let words = words.as_deref().and_then(LazyMorphology::get);
    let digest = digest_on_words(&utterances, args.speaker.as_deref(), words)
        .with_context(|| args.file.display().to_string())?;
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
