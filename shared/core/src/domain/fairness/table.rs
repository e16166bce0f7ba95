//! What a model's fairness analysis reads besides the store: the training table the model was cross-validated on
//! (each interview's features and each item's out-of-fold scores), kept beside the model as `cv.json` when it is
//! trained; and how it is joined with the experts' scores and the interviewees' groups into a [`FairnessInput`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::report::{FairnessInput, ItemInput, Scored, Subject};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CvTable {
    pub feature_names: Vec<String>,
    pub recordings: Vec<CvRecording>,
    pub items: Vec<CvItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CvRecording {
    /// The interview (on the product) or the recording (in a dataset directory).
    pub id: String,
    /// In the order of [`CvTable::feature_names`]; `null` where missing.
    pub features: Vec<Option<f64>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CvItem {
    pub item: String,
    /// `(recording, label, out-of-fold prediction)`.
    pub rows: Vec<(String, f64, f64)>,
}

/// One expert's score.
pub struct ExpertScore {
    pub recording: String,
    pub item: String,
    pub expert: String,
    pub score: f64,
}

/// An item's name and the tenant's pass score.
pub struct ItemMeta {
    pub id: String,
    pub name: String,
    pub pass_score: Option<f64>,
}

/// The analysis input of a trained model: every recording of the table with its groups (`groups`: recording →
/// attribute → group), each item's out-of-fold scores with the experts' own scores.
pub fn model_input(
    table: &CvTable,
    experts: &[ExpertScore],
    groups: &BTreeMap<String, BTreeMap<String, String>>,
    items: &[ItemMeta],
) -> FairnessInput {
    let index: BTreeMap<&str, usize> = table.recordings.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    let subjects = table
        .recordings
        .iter()
        .map(|r| Subject {
            groups: groups.get(&r.id).cloned().unwrap_or_default(),
            features: r.features.iter().map(|v| v.unwrap_or(f64::NAN)).collect(),
        })
        .collect();
    let mut by_rating: BTreeMap<(&str, &str), Vec<(String, f64)>> = BTreeMap::new();
    for e in experts {
        by_rating.entry((e.item.as_str(), e.recording.as_str())).or_default().push((e.expert.clone(), e.score));
    }
    let items = table
        .items
        .iter()
        .map(|cv| {
            let meta = items.iter().find(|m| m.id == cv.item);
            ItemInput {
                id: cv.item.clone(),
                name: meta.map_or_else(|| cv.item.clone(), |m| m.name.clone()),
                pass_score: meta.and_then(|m| m.pass_score),
                scores: cv
                    .rows
                    .iter()
                    .filter_map(|(recording, label, predicted)| {
                        Some(Scored {
                            subject: *index.get(recording.as_str())?,
                            label: Some(*label),
                            experts: by_rating
                                .get(&(cv.item.as_str(), recording.as_str()))
                                .cloned()
                                .unwrap_or_default(),
                            predicted: Some(*predicted),
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    FairnessInput { feature_names: table.feature_names.clone(), subjects, items }
}
