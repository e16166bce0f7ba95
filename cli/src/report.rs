//! `mendan report --transcript FILE --items ITEMS.json --out REPORT.xlsx` (帳票作成): a Teams or
//! Zoom transcript (WebVTT, SubRip, plain text) or an Amazon Transcribe JSON, classified into the report items and
//! written as an Excel workbook. The file appears whole or not at all.

use anyhow::Context;
use mendan_core::domain::report::{ReportItem, ReportItems};
use mendan_text::morphology::Morphology;
use mendan_text::report::build_report;
use mendan_text::workbook::{Heading, report_workbook};
use mendan_text::{TranscriptFormat, Utterance};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct ReportArgs {
    /// `.vtt` (Teams, Zoom), `.srt`, `.txt` or `.json` (Amazon Transcribe output).
    #[arg(long)]
    transcript: PathBuf,
    /// `[{"name", "description", "keywords": [...]}]`: the report's items.
    #[arg(long)]
    items: PathBuf,
    #[arg(long)]
    out: PathBuf,
    /// The report's title at the top of each sheet and on every printed page [default: the
    /// transcript's file name]
    #[arg(long)]
    title: Option<String>,
    /// The models directory holding the Japanese dictionary (sentences are then read as words along the
    /// meeting's topics; without it, by character bigrams and keywords) [default: the repository's layers/models]
    #[arg(long, env = "MENDAN_MODELS_DIR")]
    models: Option<PathBuf>,
}

pub fn run(args: ReportArgs) -> anyhow::Result<()> {
    let utterances = read_transcript(&args.transcript)?;
    let items_text = read_utf8(&args.items)?;
    let items = parse_items(&items_text).with_context(|| format!("{}", args.items.display()))?;
    let models = crate::locate::resolve(args.models.clone(), "layers/models");
    let morphology = match Morphology::load(&models) {
        Ok(m) => Some(m),
        Err(e) => {
            eprintln!("{e}: sentences are classified by character bigrams and keywords");
            None
        }
    };
    let report = build_report(utterances, items.to_text_items(), morphology.as_ref());
    let heading = Heading {
        title: args.title.clone().unwrap_or_else(|| file_name(&args.transcript)),
        created: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
        source: format!("文字起こしファイル Transcript file {}", file_name(&args.transcript)),
    };
    let bytes = report_workbook(&report, &heading).context("cannot build the workbook")?;
    // Written beside the target and renamed: a reader never sees half a workbook.
    let partial = args.out.with_extension("xlsx.partial");
    std::fs::write(&partial, bytes).with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::rename(&partial, &args.out).with_context(|| format!("cannot write {}", args.out.display()))?;

    for (k, item) in report.items.iter().enumerate() {
        let n = report.sentences.iter().filter(|s| s.item == Some(k)).count();
        println!("{:<24} {n:>4} sentences", item.name);
    }
    let unclassified = report.sentences.iter().filter(|s| s.item.is_none()).count();
    println!("{:<24} {unclassified:>4} sentences", "(unclassified)");
    eprintln!("wrote {}", args.out.display());
    Ok(())
}

/// `[{"name", "description", "keywords": [...]}]`, checked as the API checks report items.
fn parse_items(json: &str) -> anyhow::Result<ReportItems> {
    let items: Vec<ReportItem> = serde_json::from_str(json).context("not a JSON list of items")?;
    Ok(ReportItems::parse(ReportItems { items })?)
}

fn read_utf8(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("{} is not UTF-8 text (byte {})", path.display(), e.utf8_error().valid_up_to()))
}

pub fn read_transcript(path: &Path) -> anyhow::Result<Vec<Utterance>> {
    let text = read_utf8(path)?;
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    let format = TranscriptFormat::from_extension(extension)
        .with_context(|| format!("{}: name the file .vtt, .srt, .txt or .json (Amazon Transcribe)", path.display()))?;
    format.parse(&text).with_context(|| format!("{}", path.display()))
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
