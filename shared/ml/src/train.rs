//! Training: per item, nested CV of the linear and boosted procedures, the final fit on every rated interview,
//! conformal radius, importances, then the card and the ONNX graph.

use crate::card::{
    CARD_FORMAT, FEW_INTERVIEWS, FeatureStats, Importance, ItemCard, ItemModel, ModelCard, StumpCard, Warning,
};
use crate::cv::{ALPHA, Fitted, LinearKind, choose_linear, choose_rounds, fit_linear, nested_cv};
use crate::dataset::{Dataset, ItemData};
use crate::error::{MlError, Result};
use crate::features::SCHEMA_VERSION;
use crate::metrics::{CvMetrics, conformal_quantile};
use crate::onnx::export;
use crate::prep::{Standardiser, select_features, to_matrix};
use crate::rng::derive_seed;
use crate::stumps::{LEARNING_RATE, fit_boosted};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Fewer rated interviews than this for an item → training refuses.
pub const MIN_INTERVIEWS: usize = 10;
/// Coverage the intervals aim for.
pub const INTERVAL_LEVEL: f64 = 0.8;
/// Boosted stumps ship only when their outer-CV RMSE is at least this much lower than the linear one's: a
/// small gain is within CV noise and not worth a harder-to-explain model.
const BOOSTED_MARGIN: f64 = 0.9;
const TOP_IMPORTANCES: usize = 10;

#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub seed: u64,
    /// Goes into the card as is (RFC 3339 recommended).
    pub created_at: String,
}

/// The artifact: `model.onnx` bytes and the card that describes them, with the cross-validated predictions the
/// card's figures came from (for the fairness analysis; not shipped with the model).
#[derive(Clone, Debug)]
pub struct TrainedModel {
    pub card: ModelCard,
    pub onnx: Vec<u8>,
    pub out_of_fold: Vec<OutOfFold>,
}

/// One item's out-of-fold predictions by the chosen procedure: each rated recording's label (the experts' mean)
/// and the score a model that never saw it gave it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutOfFold {
    pub item: String,
    /// `(recording, label, predicted)`.
    pub rows: Vec<(String, f64, f64)>,
}

impl TrainedModel {
    /// Writes `model.onnx` and `model.json` into `dir` (created if needed).
    pub fn write_to(&self, dir: &Path) -> Result<()> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| MlError::Io { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let json = serde_json::to_vec_pretty(&self.card).map_err(|e| MlError::Card(e.to_string()))?;
        std::fs::write(dir.join("model.onnx"), &self.onnx).map_err(io(&dir.join("model.onnx")))?;
        std::fs::write(dir.join("model.json"), json).map_err(io(&dir.join("model.json")))
    }
}

/// Trains one model for every item of the dataset. Refuses (nothing produced) when an item has fewer than
/// [`MIN_INTERVIEWS`] rated interviews or one constant label, or when no feature is usable.
pub fn train(ds: &Dataset, opts: &TrainOptions) -> Result<TrainedModel> {
    if ds.items.is_empty() {
        return Err(MlError::TooLittleData("no ratings for any recording with sufficient quality".into()));
    }
    for item in &ds.items {
        check_item(item)?;
    }
    let (names, dropped) = select_features(&ds.feature_names(), &ds.features);
    if names.is_empty() {
        return Err(MlError::TooLittleData("no usable feature (all missing too often or constant)".into()));
    }
    let x = to_matrix(&names, &ds.features);
    let all_rows: Vec<usize> = (0..ds.recordings.len()).collect();
    // One standardisation for the shipped graph, from every used recording (features only, no labels).
    let global = Standardiser::fit(&x, &all_rows);
    let features: Vec<FeatureStats> = names
        .iter()
        .enumerate()
        .map(|(j, name)| FeatureStats { name: name.clone(), mean: global.mean[j], std: global.std[j] })
        .collect();

    let (items, out_of_fold): (Vec<ItemCard>, Vec<OutOfFold>) = ds
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (card, predicted) = train_item(item, &x, &global, &features, derive_seed(opts.seed, i as u64));
            let rows = item.labels.iter().zip(predicted).map(|(&(row, y), p)| (ds.recordings[row].clone(), y, p));
            (card, OutOfFold { item: item.spec.id.clone(), rows: rows.collect() })
        })
        .unzip();

    let mut warnings = Vec::new();
    if ds.recordings.len() < FEW_INTERVIEWS {
        warnings.push(Warning::few_interviews());
    }
    warnings.extend(ds.items.iter().filter(|i| i.scale_inferred).map(|i| Warning::scale_inferred(&i.spec.id)));

    let card = ModelCard {
        format: CARD_FORMAT,
        created_at: opts.created_at.clone(),
        seed: opts.seed,
        schema_version: SCHEMA_VERSION,
        importances: overall_importances(&names, &items),
        features,
        dropped_features: dropped,
        training_interviews: ds.recordings.len(),
        experts: ds.experts,
        training_data_hash: ds.hash.clone(),
        interval_level: INTERVAL_LEVEL,
        items,
        warnings,
    };
    let onnx = export(&card)?;
    Ok(TrainedModel { card, onnx, out_of_fold })
}

fn check_item(item: &ItemData) -> Result<()> {
    let id = &item.spec.id;
    if item.labels.len() < MIN_INTERVIEWS {
        return Err(MlError::TooLittleData(format!(
            "item {id}: {} rated interviews, at least {MIN_INTERVIEWS} needed",
            item.labels.len()
        )));
    }
    let first = item.labels[0].1;
    if item.labels.iter().all(|(_, y)| (y - first).abs() < 1e-12) {
        return Err(MlError::Item { item: id.clone(), message: format!("every label is {first}: nothing to learn") });
    }
    Ok(())
}

fn train_item(
    item: &ItemData,
    x: &[Vec<f64>],
    global: &Standardiser,
    features: &[FeatureStats],
    seed: u64,
) -> (ItemCard, Vec<f64>) {
    let rows: Vec<usize> = item.labels.iter().map(|l| l.0).collect();
    let y: Vec<f64> = item.labels.iter().map(|l| l.1).collect();
    let clip = |v: f64| v.clamp(item.spec.min, item.spec.max);

    let outer = nested_cv(x, &rows, &y, seed);
    let linear_pred: Vec<f64> = outer.linear.iter().map(|&v| clip(v)).collect();
    let boosted_pred: Vec<f64> = outer.boosted.iter().map(|&v| clip(v)).collect();
    let (cv_linear, cv_boosted) = (CvMetrics::new(&y, &linear_pred), CvMetrics::new(&y, &boosted_pred));
    let use_boosted = cv_boosted.rmse < BOOSTED_MARGIN * cv_linear.rmse;
    let chosen = if use_boosted { boosted_pred.clone() } else { linear_pred.clone() };
    let residuals: Vec<f64> = y.iter().zip(&chosen).map(|(t, p)| (t - p).abs()).collect();

    // The final model: chosen again by inner CV on every rated interview, fitted with the shipped standardiser.
    let z = global.transform_rows(x, &rows);
    let final_seed = derive_seed(seed, 0);
    let fitted = if use_boosted {
        let rounds = choose_rounds(x, &rows, &y, final_seed);
        Fitted::Boosted(global.clone(), fit_boosted(&z, &y, rounds))
    } else {
        let choice = choose_linear(x, &rows, &y, final_seed);
        Fitted::Linear(global.clone(), choice, fit_linear(&z, &y, choice))
    };
    let model = match fitted {
        Fitted::Linear(_, choice, m) => match choice.kind {
            LinearKind::Ridge => ItemModel::Ridge { lambda: choice.lambda, intercept: m.intercept, weights: m.weights },
            LinearKind::ElasticNet => ItemModel::ElasticNet {
                lambda: choice.lambda,
                alpha: ALPHA,
                intercept: m.intercept,
                weights: m.weights,
            },
        },
        Fitted::Boosted(_, m) => ItemModel::BoostedStumps {
            learning_rate: LEARNING_RATE,
            base: m.base,
            stumps: m
                .stumps
                .iter()
                .map(|s| StumpCard {
                    feature: features[s.feature].name.clone(),
                    threshold: s.threshold,
                    left: s.left,
                    right: s.right,
                })
                .collect(),
        },
    };
    let importances = item_importances(&model, features, &z);
    let card = ItemCard {
        id: item.spec.id.clone(),
        name: item.spec.name.clone(),
        min: item.spec.min,
        max: item.spec.max,
        n: rows.len(),
        cv: if use_boosted { cv_boosted.clone() } else { cv_linear.clone() },
        cv_linear,
        cv_boosted,
        agreement: item.agreement.clone(),
        conformal_quantile: conformal_quantile(&residuals, INTERVAL_LEVEL),
        importances,
        model,
    };
    (card, chosen)
}

/// Linear: |weight| (score units per standard deviation). Stumps: mean |contribution| over the training rows.
fn item_importances(model: &ItemModel, features: &[FeatureStats], z: &[Vec<f64>]) -> Vec<Importance> {
    let values: Vec<f64> = match model {
        ItemModel::Ridge { weights, .. } | ItemModel::ElasticNet { weights, .. } => {
            weights.iter().map(|w| w.abs()).collect()
        }
        ItemModel::BoostedStumps { .. } => {
            let mut sum = vec![0.0; features.len()];
            for row in z {
                for (s, c) in sum.iter_mut().zip(model.contributions(features, row)) {
                    *s += c.abs() / z.len() as f64;
                }
            }
            sum
        }
    };
    let mut out: Vec<Importance> = features
        .iter()
        .zip(values)
        .filter(|(_, v)| *v > 0.0)
        .map(|(f, importance)| Importance { feature: f.name.clone(), importance })
        .collect();
    out.sort_by(|a, b| b.importance.total_cmp(&a.importance).then(a.feature.cmp(&b.feature)));
    out.truncate(TOP_IMPORTANCES);
    out
}

/// Mean over items of each feature's importance (a feature outside an item's top list counts as 0 there).
fn overall_importances(names: &[String], items: &[ItemCard]) -> Vec<Importance> {
    let mut out: Vec<Importance> = names
        .iter()
        .map(|name| {
            let total: f64 = items
                .iter()
                .flat_map(|i| &i.importances)
                .filter(|imp| imp.feature == *name)
                .map(|i| i.importance)
                .sum();
            Importance { feature: name.clone(), importance: total / items.len() as f64 }
        })
        .filter(|i| i.importance > 0.0)
        .collect();
    out.sort_by(|a, b| b.importance.total_cmp(&a.importance).then(a.feature.cmp(&b.feature)));
    out.truncate(TOP_IMPORTANCES);
    out
}
