//! The model card (`model.json`): everything a reader, an auditor or the predictor needs to know about one
//! trained model. The ONNX graph is built from the card's numbers alone, so the two cannot disagree.

use crate::icc::Agreement;
use crate::metrics::CvMetrics;
use crate::prep::DroppedFeature;
use serde::{Deserialize, Serialize};

/// Bumped when the card's layout changes incompatibly.
pub const CARD_FORMAT: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelCard {
    pub format: u32,
    /// Given by the caller (RFC 3339); the library has no clock.
    pub created_at: String,
    pub seed: u64,
    /// Analysis schema version of the features the model expects.
    pub schema_version: u64,
    /// The ONNX input's columns, in order, with the training mean and std used to impute and standardise.
    pub features: Vec<FeatureStats>,
    pub dropped_features: Vec<DroppedFeature>,
    /// Interviews (recordings) used for training.
    pub training_interviews: usize,
    /// Distinct experts whose ratings were used.
    pub experts: usize,
    /// SHA-256 over the sorted training inputs.
    pub training_data_hash: String,
    /// Coverage the intervals aim for (0.8).
    pub interval_level: f64,
    /// The ONNX output's columns, in order.
    pub items: Vec<ItemCard>,
    /// Mean over items of each feature's importance, largest first.
    pub importances: Vec<Importance>,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureStats {
    pub name: String,
    pub mean: f64,
    pub std: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemCard {
    pub id: String,
    pub name: String,
    /// The rating scale; predictions are clipped to it.
    pub min: f64,
    pub max: f64,
    /// Rated interviews used for this item.
    pub n: usize,
    pub model: ItemModel,
    /// Nested-CV figures of the shipped model kind.
    pub cv: CvMetrics,
    /// Nested-CV figures of the linear procedure (ridge or elastic net, chosen inside each fold).
    pub cv_linear: CvMetrics,
    /// Nested-CV figures of boosted stumps, for comparison.
    pub cv_boosted: CvMetrics,
    pub agreement: Option<Agreement>,
    /// Half-width of the interval: `score ± this`, then clipped to the scale.
    pub conformal_quantile: f64,
    /// Largest first, at most ten.
    pub importances: Vec<Importance>,
}

/// The fitted model of one item, on standardised features (z = (x − mean) / std, missing → 0).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemModel {
    /// `score = intercept + Σ weights[j] · z[j]`, weights in the card's feature order.
    Ridge { lambda: f64, intercept: f64, weights: Vec<f64> },
    /// Same form; `alpha` mixes L1 and L2.
    ElasticNet { lambda: f64, alpha: f64, intercept: f64, weights: Vec<f64> },
    /// `score = base + Σ (z[feature] > threshold ? right : left)`.
    BoostedStumps { learning_rate: f64, base: f64, stumps: Vec<StumpCard> },
}

impl ItemModel {
    pub fn kind(&self) -> &'static str {
        match self {
            ItemModel::Ridge { .. } => "ridge",
            ItemModel::ElasticNet { .. } => "elastic_net",
            ItemModel::BoostedStumps { .. } => "boosted_stumps",
        }
    }

    /// Each feature's pull on the score away from the average recording (all z = 0): `weight × z` for a
    /// linear model, the stumps' leaf values minus their values at z = 0 for stumps. `z` in card order.
    pub fn contributions(&self, features: &[FeatureStats], z: &[f64]) -> Vec<f64> {
        match self {
            ItemModel::Ridge { weights, .. } | ItemModel::ElasticNet { weights, .. } => {
                weights.iter().zip(z).map(|(w, v)| w * v).collect()
            }
            ItemModel::BoostedStumps { stumps, .. } => {
                let mut out = vec![0.0; z.len()];
                for s in stumps {
                    if let Some(j) = features.iter().position(|f| f.name == s.feature) {
                        let at = |v: f64| if v > s.threshold { s.right } else { s.left };
                        out[j] += at(z[j]) - at(0.0);
                    }
                }
                out
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StumpCard {
    pub feature: String,
    pub threshold: f64,
    pub left: f64,
    pub right: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Importance {
    pub feature: String,
    /// Linear: |weight| in score units per standard deviation. Stumps: mean |contribution| over training.
    pub importance: f64,
}

/// A caveat shown with the model and with every prediction, in both languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub code: String,
    pub ja: String,
    pub en: String,
}

/// Fewer training interviews than this → the spec's reliability warning.
pub const FEW_INTERVIEWS: usize = 50;

impl Warning {
    pub fn few_interviews() -> Self {
        Warning {
            code: "few_training_interviews".into(),
            ja: "学習データが50件未満のため、予測の信頼性が低い可能性があります".into(),
            en: "fewer than 50 training interviews: predictions may be unreliable".into(),
        }
    }

    pub fn scale_inferred(item: &str) -> Self {
        Warning {
            code: "scale_inferred".into(),
            ja: format!("評価項目「{item}」の尺度は指定がないため、評価値の最小値と最大値を使いました"),
            en: format!("item {item}: no scale given, so the lowest and highest rating seen are used"),
        }
    }
}
