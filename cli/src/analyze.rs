//! `mendan analyze FILE`: the features of one recording as JSON on stdout, progress on stderr.

use anyhow::Context;
use mendan_analysis::analyze::{AnalyzeOptions, AudioLayout, DEFAULT_FPS, analyze_file};
use mendan_analysis::vision::Models;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct AnalyzeArgs {
    /// The recording (WebM, MP4, MP3, WAV, ...).
    file: PathBuf,
    /// Video frames analysed per second (the file's own rate with 0).
    #[arg(long, default_value_t = DEFAULT_FPS)]
    fps: f64,
    /// Print the features as one JSON line instead of pretty-printed.
    #[arg(long)]
    json: bool,
    /// The file is a video call recorded with the interviewee's voice on the left channel and the
    /// interviewer's on the right: describe the left voice alone and add the conversation (`call.*`).
    #[arg(long)]
    voices_apart: bool,
    /// Run the expression network on every sampled face (by default every other frame of a face that
    /// looks the same reuses the reading before it): for comparing the two.
    #[arg(long)]
    every_expression: bool,
    /// Also write the per-second timeline (for charts) to this file.
    #[arg(long)]
    timeline: Option<PathBuf>,
    /// The ONNX models (MTCNN, FER) [default: the repository's layers/models, found from the
    /// current directory or the executable's]
    #[arg(long, env = "MENDAN_MODELS_DIR")]
    models: Option<PathBuf>,
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.fps >= 0.0 && args.fps.is_finite(), "--fps must be 0 (every frame) or more");
    let models_dir = crate::locate::resolve(args.models, "layers/models");
    let models = Models::load(&models_dir).with_context(|| {
        format!(
            "cannot load the face models from {}: pass --models DIR (the repository's layers/models)",
            models_dir.display()
        )
    })?;
    if let Some(ffmpeg) = crate::locate::ffmpeg() {
        mendan_analysis::media::use_ffmpeg(ffmpeg);
    }
    let audio = if args.voices_apart { AudioLayout::IntervieweeLeftInterviewerRight } else { AudioLayout::Mixed };
    let options =
        AnalyzeOptions { fps: args.fps, models: Some(&models), audio, every_expression: args.every_expression };
    let mut status = StatusLine::new();
    let analysis = analyze_file(&args.file, &options, &mut |done, total| status.show(done, total))
        .with_context(|| format!("cannot analyse {}", args.file.display()))?;
    status.clear();
    let json = analysis.features.to_json();
    let text = if args.json { serde_json::to_string(&json)? } else { serde_json::to_string_pretty(&json)? };
    println!("{text}");
    if let Some(path) = args.timeline {
        std::fs::write(&path, serde_json::to_vec(&analysis.timeline)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// A one-line progress display on stderr, redrawn at most ten times a second, only on a terminal.
struct StatusLine {
    enabled: bool,
    last: Option<Instant>,
    started: Instant,
}

impl StatusLine {
    fn new() -> Self {
        Self { enabled: std::io::stderr().is_terminal(), last: None, started: Instant::now() }
    }

    fn show(&mut self, done_s: f64, total_s: Option<f64>) {
        if !self.enabled || self.last.is_some_and(|t| t.elapsed() < Duration::from_millis(100)) {
            return;
        }
        self.last = Some(Instant::now());
        let speed = done_s / self.started.elapsed().as_secs_f64().max(1e-3);
        let line = match total_s {
            Some(total) if total > 0.0 => {
                let pct = (done_s / total * 100.0).min(100.0);
                let bar = "#".repeat((pct / 5.0) as usize);
                format!("analysing [{bar:<20}] {pct:5.1}%  {done_s:.0}/{total:.0} s  {speed:.0}x real time")
            }
            _ => format!("analysing {done_s:.0} s  {speed:.0}x real time"),
        };
        let _ = write!(std::io::stderr(), "\r{line}");
    }

    fn clear(&mut self) {
        if self.enabled {
            let _ = write!(std::io::stderr(), "\r{:80}\r", "");
        }
    }
}
