//! `mendan ethics --dataset DIR --attributes ATTRS.csv --out DIR [--threshold item=score]`: the AI-ethics analysis
//! of a training dataset and the model it trains, on exported files — the same report the admin page shows.
//! Writes `report.json`, `predictions.csv` (each item's out-of-fold scores with the groups, for checking the
//! figures with another tool), the workbooks `report-ja.xlsx` and `report-en.xlsx` and the auditor's `audit.zip`;
//! prints the flags and the strongest proxies.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, bail};
use mendan_core::domain::fairness::documents::{AuditInputs, DocumentTitle, Lang, audit_zip, workbook_bytes};
use mendan_core::domain::fairness::{
    ATTRIBUTES, AlertLimits, ExpertScore, FairnessReport, ItemMeta, analyse, model_input,
};
use mendan_core::domain::user::{AGE_BANDS, GENDERS};
use mendan_ml::{TrainOptions, parse_ratings, train};
use mendan_pipeline::cv_table::cv_table;

use crate::train::load_dataset;

#[derive(clap::Args)]
pub struct EthicsArgs {
    /// A training dataset as `mendan train` reads it (`features/`, `ratings.csv` with raters, `items.json`).
    #[arg(long)]
    dataset: PathBuf,
    /// `recording,attribute,group`: attribute `gender` or `age_band`, group one of the fixed choices.
    #[arg(long)]
    attributes: PathBuf,
    #[arg(long)]
    out: PathBuf,
    /// A pass score for an item (`item=score`, repeatable); items without one split at the median.
    #[arg(long = "threshold", value_parser = parse_threshold)]
    thresholds: Vec<(String, f64)>,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn parse_threshold(text: &str) -> Result<(String, f64), String> {
    let (item, score) = text.split_once('=').ok_or("expected item=score")?;
    let score: f64 = score.trim().parse().map_err(|_| format!("{score:?} is not a number"))?;
    Ok((item.trim().to_owned(), score))
}

pub fn run(args: EthicsArgs) -> anyhow::Result<()> {
    let dataset = load_dataset(&args.dataset)?;
    let groups = read_attributes(&args.attributes)?;
    let ratings_path = args.dataset.join("ratings.csv");
    let ratings = parse_ratings(&ratings_path.display().to_string(), &std::fs::read_to_string(&ratings_path)?)?;
    let options = TrainOptions { seed: args.seed, created_at: chrono::Utc::now().to_rfc3339() };
    let trained = train(&dataset, &options).context("training failed")?;
    let table = cv_table(&dataset, &trained);
    let experts: Vec<ExpertScore> = ratings
        .iter()
        .filter_map(|r| {
            Some(ExpertScore {
                recording: r.recording.clone(),
                item: r.item.clone(),
                expert: r.rater.clone()?,
                score: r.score,
            })
        })
        .collect();
    for (item, _) in &args.thresholds {
        if !dataset.items.iter().any(|i| i.spec.id == *item) {
            bail!("--threshold names {item:?}, which is not an item of the dataset");
        }
    }
    let items: Vec<ItemMeta> = dataset
        .items
        .iter()
        .map(|i| ItemMeta {
            id: i.spec.id.clone(),
            name: i.spec.name.clone(),
            pass_score: args.thresholds.iter().find(|(id, _)| *id == i.spec.id).map(|t| t.1),
        })
        .collect();
    let report = analyse(&model_input(&table, &experts, &groups, &items), AlertLimits::default());

    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    std::fs::write(args.out.join("report.json"), serde_json::to_vec_pretty(&report)?)?;
    std::fs::write(args.out.join("predictions.csv"), predictions_csv(&table, &groups))?;
    let title = DocumentTitle {
        ja: format!("{} のデータと学習したモデル", args.dataset.display()),
        en: format!("The data in {} and the model trained on it", args.dataset.display()),
        made_at: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
    };
    let label = |feature: &str| {
        let (ja, en) = mendan_ml::labels::label(feature);
        (ja.to_owned(), en.to_owned())
    };
    for (lang, name) in [(Lang::Ja, "report-ja.xlsx"), (Lang::En, "report-en.xlsx")] {
        std::fs::write(args.out.join(name), workbook_bytes(&report, &title, lang, &label)?)?;
    }
    let card = serde_json::to_value(&trained.card)?;
    let inputs = AuditInputs { report: &report, title: &title, card: Some(&card), feature_label: &label };
    std::fs::write(args.out.join("audit.zip"), audit_zip(&inputs).map_err(anyhow::Error::msg)?)?;
    print_summary(&report);
    eprintln!(
        "wrote report.json, predictions.csv, report-ja.xlsx, report-en.xlsx and audit.zip in {}",
        args.out.display()
    );
    Ok(())
}

/// recording → attribute → group, each value one of the fixed choices.
fn read_attributes(path: &std::path::Path) -> anyhow::Result<BTreeMap<String, BTreeMap<String, String>>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, header)) if header.trim() == "recording,attribute,group" => {}
        _ => bail!("{}: the header must be recording,attribute,group", path.display()),
    }
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (i, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [recording, attribute, group] = fields[..] else {
            bail!("{} line {}: expected recording,attribute,group", path.display(), i + 1);
        };
        let choices: &[&str] = match attribute {
            "gender" => &GENDERS,
            "age_band" => &AGE_BANDS,
            _ => bail!("{} line {}: attribute must be one of {}", path.display(), i + 1, ATTRIBUTES.join(", ")),
        };
        if !choices.contains(&group) {
            bail!("{} line {}: {attribute} must be one of {}", path.display(), i + 1, choices.join(", "));
        }
        out.entry(recording.to_owned()).or_default().insert(attribute.to_owned(), group.to_owned());
    }
    Ok(out)
}

fn predictions_csv(
    table: &mendan_core::domain::fairness::CvTable,
    groups: &BTreeMap<String, BTreeMap<String, String>>,
) -> String {
    let mut csv = String::from("item,recording,label,predicted,gender,age_band\n");
    for item in &table.items {
        for (recording, label, predicted) in &item.rows {
            let group = |a: &str| groups.get(recording).and_then(|g| g.get(a)).map_or("not_recorded", String::as_str);
            // Full precision: another tool recomputes the figures from these.
            let _ = writeln!(
                csv,
                "{},{recording},{label:?},{predicted:?},{},{}",
                item.item,
                group("gender"),
                group("age_band")
            );
        }
    }
    csv
}

fn print_summary(report: &FairnessReport) {
    println!("{} interviews; groups under {} are not compared", report.subjects, report.min_group);
    for attribute in &report.attributes {
        let sizes: Vec<String> = attribute.groups.iter().map(|g| format!("{} {}", g.group, g.n)).collect();
        println!("{}: {}", attribute.attribute, sizes.join(", "));
        if let Some(proxies) = &attribute.proxies {
            let top: Vec<String> =
                proxies.features.iter().take(3).map(|p| format!("{} (AUC {:.2})", p.feature, p.auc)).collect();
            let combined = proxies.combined_auc.map_or_else(|| "-".to_owned(), |a| format!("{a:.2}"));
            println!("  proxies: {}; all features together AUC {combined}", top.join(", "));
        }
    }
    if report.flags.is_empty() {
        println!("no figure beyond the alert limits");
    }
    for flag in &report.flags {
        println!(
            "FLAG {:?} {} item {}: {} against {} = {:.3}{}",
            flag.kind,
            flag.attribute,
            flag.item_id,
            flag.group,
            flag.reference,
            flag.value,
            flag.expert.as_deref().map(|e| format!(" (expert {e})")).unwrap_or_default()
        );
    }
}
