//! `mendan train --dataset DIR --out MODEL_DIR`: learns the experts' ratings from analysed
//! recordings and writes `model.onnx` + `model.json`; prints each item's cross-validated figures.

use anyhow::Context;
use mendan_ml::{Dataset, TrainOptions, train};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct TrainArgs {
    /// `features/{recording}.json` (as `mendan analyze --json` writes them), `ratings.csv` with
    /// `recording,item,score[,rater]`, and optionally `items.json` with each item's scale.
    #[arg(long)]
    dataset: PathBuf,
    /// Where `model.onnx` and `model.json` go (created when missing).
    #[arg(long)]
    out: PathBuf,
    /// Fixes the cross-validation folds: the same data and seed give the same model.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// The dataset in `dir`, telling on stderr which recordings were left out and why.
pub fn load_dataset(dir: &Path) -> anyhow::Result<Dataset> {
    let dataset = Dataset::from_dir(dir).with_context(|| format!("cannot read the dataset in {}", dir.display()))?;
    for (recording, reason) in &dataset.excluded {
        eprintln!("left out {recording}: {reason}");
    }
    Ok(dataset)
}

pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    let dataset = load_dataset(&args.dataset)?;
    let options = TrainOptions { seed: args.seed, created_at: chrono::Utc::now().to_rfc3339() };
    let model = train(&dataset, &options).context("training failed")?;
    model.write_to(&args.out).with_context(|| format!("cannot write the model to {}", args.out.display()))?;

    let card = &model.card;
    println!("{} interviews, {} experts, {} features", card.training_interviews, card.experts, card.features.len());
    println!(
        "{:<24} {:<15} {:>4} {:>6} {:>6} {:>6} {:>6} {:>7}",
        "item", "model", "n", "MAE", "RMSE", "r", "rho", "±80%"
    );
    let num = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
    for item in &card.items {
        let cv = &item.cv;
        println!(
            "{:<24} {:<15} {:>4} {:>6.2} {:>6.2} {:>6} {:>6} {:>7.2}",
            item.name,
            item.model.kind(),
            cv.n,
            cv.mae,
            cv.rmse,
            num(cv.pearson_r),
            num(cv.spearman_rho),
            item.conformal_quantile
        );
    }
    for warning in &card.warnings {
        eprintln!("warning: {} ({})", warning.en, warning.ja);
    }
    eprintln!("wrote {}/model.onnx and model.json", args.out.display());
    Ok(())
}
