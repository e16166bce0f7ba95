//! `mendan predict --model MODEL_DIR FEATURES.json`: every item's predicted score with its 80%
//! interval and the three features behind it, as JSON.

use anyhow::Context;
use mendan_ml::{FeatureVector, Predictor};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct PredictArgs {
    /// A directory with `model.onnx` and `model.json` (from `mendan train`).
    #[arg(long)]
    model: PathBuf,
    /// The recording's features, as `mendan analyze --json` prints them.
    features: PathBuf,
}

pub fn run(args: PredictArgs) -> anyhow::Result<()> {
    let predictor = Predictor::from_dir(&args.model)
        .with_context(|| format!("cannot load the model in {}", args.model.display()))?;
    let name = args.features.display().to_string();
    let text = std::fs::read_to_string(&args.features).with_context(|| format!("cannot read {name}"))?;
    let features = FeatureVector::parse(&name, &text)?;
    let prediction = predictor.predict(&name, &features)?;
    println!("{}", serde_json::to_string_pretty(&prediction)?);
    Ok(())
}
