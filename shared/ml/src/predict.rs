//! Prediction: the score comes from running `model.onnx` with tract (never re-computed here), the interval
//! from the card's conformal radius, and the explanation from the card's weights.

use crate::card::{ModelCard, Warning};
use crate::error::{MlError, Result};
use crate::features::FeatureVector;
use crate::labels::label;
use crate::onnx::{INPUT, OUTPUT};
use crate::prep::MAX_MISSING_RATIO;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use tract_onnx::prelude::*;

/// How many features explain each score.
pub const TOP_FEATURES: usize = 3;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prediction {
    pub items: Vec<ItemPrediction>,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemPrediction {
    pub item: String,
    pub name: String,
    pub score: f64,
    /// The interval aimed at the card's `interval_level` (80%), clipped to the scale.
    pub low: f64,
    pub high: f64,
    /// The features that moved this score most away from the average training interview, largest first.
    pub top_features: Vec<FeatureContribution>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeatureContribution {
    pub feature: String,
    pub label_ja: String,
    pub label_en: String,
    /// Score units: weight × standardised value for a linear model.
    pub contribution: f64,
    /// The recording's own value; `None` when it was missing (then imputed, contributing nothing).
    pub value: Option<f64>,
}

pub struct Predictor {
    card: ModelCard,
    plan: Arc<TypedRunnableModel>,
}

impl Predictor {
    /// Loads the graph for one interview at a time ([1, F]) and checks it matches the card.
    pub fn load(onnx: &[u8], card: ModelCard) -> Result<Self> {
        let err = |e: TractError| MlError::Onnx(format!("{e:#}"));
        let f = card.features.len();
        let model = tract_onnx::onnx().model_for_read(&mut &onnx[..]).map_err(err)?;
        let names_match = model.input_outlets().map_err(err)?.len() == 1
            && model.node(model.input_outlets().map_err(err)?[0].node).name == INPUT
            && model.node(model.output_outlets().map_err(err)?[0].node).name == OUTPUT;
        if !names_match {
            return Err(MlError::Onnx(format!("expected one input {INPUT:?} and output {OUTPUT:?}")));
        }
        let plan = model
            .with_input_fact(0, f32::fact([1, f]).into())
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable())
            .map_err(err)?;
        let predictor = Predictor { card, plan };
        // A graph with another item count than the card is the wrong pair of files.
        let probe = predictor.scores(&vec![f64::NAN; f])?;
        if probe.len() != predictor.card.items.len() {
            return Err(MlError::Onnx(format!(
                "graph returns {} scores but the card lists {} items",
                probe.len(),
                predictor.card.items.len()
            )));
        }
        Ok(predictor)
    }

    /// Loads `DIR/model.onnx` and `DIR/model.json`.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| MlError::Io { path, source })
        };
        let card: ModelCard = serde_json::from_slice(&read("model.json")?).map_err(|e| MlError::Card(e.to_string()))?;
        Self::load(&read("model.onnx")?, card)
    }

    pub fn card(&self) -> &ModelCard {
        &self.card
    }

    /// Runs the graph on one feature row in the card's order (NaN = missing): one score per item.
    pub fn scores(&self, row: &[f64]) -> Result<Vec<f64>> {
        let err = |e: TractError| MlError::Onnx(format!("{e:#}"));
        let input: Vec<f32> = row.iter().map(|&v| v as f32).collect();
        let tensor = Tensor::from_shape(&[1, row.len()], &input).map_err(err)?;
        let outputs = self.plan.run(tvec!(tensor.into_tvalue())).map_err(err)?;
        let view = outputs[0].try_as_plain_ram().map_err(err)?;
        Ok(view.as_slice::<f32>().map_err(err)?.iter().map(|&v| f64::from(v)).collect())
    }

    /// Predicts every item for one recording's features.
    pub fn predict(&self, file: &str, features: &FeatureVector) -> Result<Prediction> {
        features.check_schema(file, self.card.schema_version)?;
        let card = &self.card;
        let raw: Vec<Option<f64>> = card.features.iter().map(|f| features.values.get(&f.name).copied()).collect();
        let row: Vec<f64> = raw.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
        let z: Vec<f64> =
            raw.iter().zip(&card.features).map(|(v, f)| v.map_or(0.0, |v| (v - f.mean) / f.std)).collect();
        let scores = self.scores(&row)?;
        let items = card
            .items
            .iter()
            .zip(scores)
            .map(|(item, score)| {
                let q = item.conformal_quantile;
                let contributions = item.model.contributions(&card.features, &z);
                let mut order: Vec<usize> = (0..contributions.len()).filter(|&j| contributions[j] != 0.0).collect();
                order.sort_by(|&a, &b| contributions[b].abs().total_cmp(&contributions[a].abs()));
                let top_features = order
                    .into_iter()
                    .take(TOP_FEATURES)
                    .map(|j| {
                        let (ja, en) = label(&card.features[j].name);
                        FeatureContribution {
                            feature: card.features[j].name.clone(),
                            label_ja: ja.to_owned(),
                            label_en: en.to_owned(),
                            contribution: contributions[j],
                            value: raw[j],
                        }
                    })
                    .collect();
                ItemPrediction {
                    item: item.id.clone(),
                    name: item.name.clone(),
                    score,
                    low: (score - q).max(item.min),
                    high: (score + q).min(item.max),
                    top_features,
                }
            })
            .collect();
        let mut warnings = card.warnings.clone();
        if !features.sufficient {
            warnings.push(Warning {
                code: "insufficient_quality".into(),
                ja: if features.reasons_ja.is_empty() {
                    "録画の品質が不十分です。予測は参考程度にしてください".to_owned()
                } else {
                    format!(
                        "録画の品質が不十分です（{}）。予測は参考程度にしてください",
                        features.reasons_ja.join("、")
                    )
                },
                en: format!(
                    "the recording's quality is insufficient ({}): treat the prediction with care",
                    features.reasons.join("; ")
                ),
            });
        }
        let missing = raw.iter().filter(|v| v.is_none()).count();
        if missing as f64 > MAX_MISSING_RATIO * raw.len() as f64 {
            warnings.push(Warning {
                code: "many_features_missing".into(),
                ja: format!("{}個中{missing}個の特徴量が欠けており、平均値で補っています", raw.len()),
                en: format!("{missing} of {} features are missing and were replaced by the training mean", raw.len()),
            });
        }
        Ok(Prediction { items, warnings })
    }
}
