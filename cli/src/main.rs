//! `mendan`: the whole stack on one machine (`serve`), operations such as creating tenants, and
//! the AWS Batch training job (`job train`).

mod analyze;
mod ethics;
mod job;
mod judge;
mod listen;
mod locate;
mod maintenance;
mod predict;
mod report;
mod report_eval;
mod serve;
mod stats;
mod tenant;
mod train;
mod transcript;
mod usage;
mod words;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "mendan", version, about = "面談支援AI Mendan: run the stack locally and operate it")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the API, upload signing, local object URLs, events and the web UI on one machine.
    Serve(serve::ServeArgs),
    /// Analyse one recording: face, expression, voice and timing features as JSON.
    Analyze(analyze::AnalyzeArgs),
    /// Learn the experts' ratings from analysed recordings: writes model.onnx and model.json.
    Train(train::TrainArgs),
    /// Predict every evaluation item for one recording's features, with intervals and reasons.
    Predict(predict::PredictArgs),
    /// Classify a Teams/Zoom transcript (WebVTT) or Transcribe JSON into report items: an Excel workbook.
    Report(report::ReportArgs),
    /// Read a transcript: the interviewee, a summary of what they said, conversation features, follow-ups.
    Transcript(transcript::TranscriptArgs),
    /// Run a batch job with the AWS ports (what the AWS Batch training container runs).
    Job {
        #[command(subcommand)]
        command: job::JobCommand,
    },
    /// Relate every feature to every item's ratings: JSON, an Excel workbook and scatter plots.
    Stats(stats::StatsArgs),
    /// The AI-ethics analysis of a dataset and its model: differences between groups, proxies, flags.
    Ethics(ethics::EthicsArgs),
    /// Which content criteria an interviewee's answers meet, with evidence (or --evaluate a labelled set).
    Judge(judge::JudgeArgs),
    /// What the offline speech recogniser hears in a recording, as WebVTT (or --json).
    Listen(listen::ListenArgs),
    /// The Japanese words of a text as Mendan reads them (or compile the dictionary into the models layer).
    Words(words::WordsArgs),
    /// Manage tenants as contracts, on a local data directory or a deployed stack.
    Tenant {
        #[command(subcommand)]
        command: tenant::TenantCommand,
    },
    /// Every tenant's usage in a month, for billing: CSV (and an Excel workbook with --xlsx).
    Usage(usage::UsageArgs),
    /// Planned maintenance windows: announced to users ahead, enforced while they last.
    Maintenance {
        #[command(subcommand)]
        command: maintenance::MaintenanceCommand,
    },
}

/// Where the embedded backend keeps its data unless `--data` says otherwise.
pub fn default_data_dir() -> PathBuf {
    PathBuf::from(".mendan-data")
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        // A closed stderr (a log reader that went away) must not turn every log line into a
        // panic of the request that wrote it: the subscriber's own error report uses eprintln!.
        .log_internal_errors(false)
        .init();
    match Cli::parse().command {
        Command::Serve(args) => serve::run(args).await?,
        Command::Analyze(args) => tokio::task::spawn_blocking(move || analyze::run(args)).await??,
        Command::Train(args) => tokio::task::spawn_blocking(move || train::run(args)).await??,
        Command::Predict(args) => tokio::task::spawn_blocking(move || predict::run(args)).await??,
        Command::Stats(args) => tokio::task::spawn_blocking(move || stats::run(args)).await??,
        Command::Ethics(args) => tokio::task::spawn_blocking(move || ethics::run(args)).await??,
        Command::Report(args) => tokio::task::spawn_blocking(move || report::run(args)).await??,
        Command::Transcript(args) => tokio::task::spawn_blocking(move || transcript::run(args)).await??,
        Command::Judge(args) => tokio::task::spawn_blocking(move || judge::run(args)).await??,
        Command::Listen(args) => tokio::task::spawn_blocking(move || listen::run(args)).await??,
        Command::Words(args) => tokio::task::spawn_blocking(move || words::run(args)).await??,
        Command::Job { command } => return job::run(command).await,
        Command::Tenant { command } => tenant::run(command).await?,
        Command::Maintenance { command } => maintenance::run(command).await?,
        Command::Usage(args) => usage::run(args).await?,
    }
    Ok(ExitCode::SUCCESS)
}
