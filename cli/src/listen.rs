//! `mendan listen FILE…`: what the offline speech recogniser hears in recordings (the one
//! `mendan serve` transcribes uploads with), as WebVTT or JSON, for checking it by hand and for
//! `tests/bench/asr.sh`.

use anyhow::Context;
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ListenArgs {
    /// The recordings (anything ffmpeg reads).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The left and right channels are two speakers (a call recording with the voices apart).
    #[arg(long)]
    voices_apart: bool,
    /// One JSON object per file (its length, the time taken and the segments) instead of WebVTT.
    #[arg(long)]
    json: bool,
    /// The models directory holding `whisper-base/` [default: the repository's layers/models]
    #[arg(long, env = "MENDAN_MODELS_DIR")]
    models: Option<PathBuf>,
}

pub fn run(args: ListenArgs) -> anyhow::Result<()> {
    let models = crate::locate::resolve(args.models, "layers/models");
    if let Some(ffmpeg) = crate::locate::ffmpeg() {
        mendan_analysis::media::use_ffmpeg(ffmpeg);
    }
    let dir = models.join(mendan_speech::MODEL_DIR);
    let recogniser = mendan_speech::Recogniser::load(&dir)
        .with_context(|| format!("no speech model in {}: run layers/models/whisper/ensure.sh", dir.display()))?;
    for file in &args.files {
        let started = std::time::Instant::now();
        let heard = recogniser.transcribe_file(file, args.voices_apart).with_context(|| file.display().to_string())?;
        if args.json {
            let segments: Vec<_> = heard
                .segments
                .iter()
                .map(|s| {
                    json!({"channel": s.channel, "start_s": s.start_s, "end_s": s.end_s, "text": s.text,
                    "confidence": s.confidence})
                })
                .collect();
            let line = json!({"file": file, "duration_s": heard.duration_s,
                "elapsed_s": started.elapsed().as_secs_f64(), "segments": segments});
            println!("{line}");
            continue;
        }
        println!("WEBVTT\n");
        for s in &heard.segments {
            let speaker = if args.voices_apart { ["応募者", "面接官"][s.channel.min(1)] } else { "話者" };
            println!("{} --> {}\n<v {speaker}>{}\n", timestamp(s.start_s), timestamp(s.end_s), s.text);
        }
    }
    Ok(())
}

fn timestamp(seconds: f64) -> String {
    let ms = (seconds * 1000.0).round() as u64;
    format!("{:02}:{:02}:{:02}.{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
}
