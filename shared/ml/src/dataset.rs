//! The training set: recordings that passed the quality gate, joined with expert ratings per evaluation item.
//! Several raters on one recording and item → their mean is the label; their agreement is kept per item.
//!
//! Consent is the caller's job: only ratings by experts who granted `training_use` may be passed in.

use crate::error::{MlError, Result};
use crate::features::{FeatureVector, SCHEMA_VERSION};
use crate::icc::{Agreement, agreement};
use crate::ratings_csv::parse_ratings;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// item → recording → (rater, score) for every used rating.
type ByItem = BTreeMap<String, BTreeMap<String, Vec<(Option<String>, f64)>>>;

/// One expert's score for one evaluation item of one recording.
#[derive(Clone, Debug, PartialEq)]
pub struct Rating {
    pub recording: String,
    pub item: String,
    pub score: f64,
    /// The expert's id; rows without one count towards the label but not towards agreement.
    pub rater: Option<String>,
}

/// An evaluation item and its rating scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemSpec {
    pub id: String,
    pub name: String,
    pub min: f64,
    pub max: f64,
}

/// One item's labels: `(row index into Dataset::recordings, mean score)`, sorted by row.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemData {
    pub spec: ItemSpec,
    pub labels: Vec<(usize, f64)>,
    pub agreement: Option<Agreement>,
    /// True when the scale was not given and was taken from the lowest and highest score seen.
    pub scale_inferred: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Used recordings (sufficient quality, at least one rating), sorted by id.
    pub recordings: Vec<String>,
    /// Their features, by row.
    pub features: Vec<BTreeMap<String, f64>>,
    pub items: Vec<ItemData>,
    /// Distinct rater ids among the used ratings.
    pub experts: usize,
    /// Recordings left out, with the reason.
    pub excluded: Vec<(String, String)>,
    /// SHA-256 over the sorted used inputs (features, ratings, item scales), hex.
    pub hash: String,
}

impl Dataset {
    /// Builds the dataset. `items` gives names and scales; when empty, every item in the ratings is used with
    /// its id as name and the observed score range as scale.
    pub fn new(recordings: Vec<(String, FeatureVector)>, ratings: Vec<Rating>, items: Vec<ItemSpec>) -> Result<Self> {
        let mut excluded = Vec::new();
        let mut usable: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
        for (id, fv) in recordings {
            fv.check_schema(&format!("features/{id}.json"), SCHEMA_VERSION)?;
            if fv.sufficient {
                usable.insert(id, fv.values);
            } else {
                let why = if fv.reasons.is_empty() { "insufficient quality".to_owned() } else { fv.reasons.join("; ") };
                excluded.push((id, why));
            }
        }
        let known: BTreeMap<&str, &ItemSpec> = items.iter().map(|s| (s.id.as_str(), s)).collect();
        // item → recording → scores (with rater); only rated, usable recordings.
        let mut by_item: ByItem = BTreeMap::new();
        let mut no_features = BTreeSet::new();
        for r in ratings {
            if !known.is_empty() {
                let spec = known.get(r.item.as_str()).ok_or_else(|| MlError::Item {
                    item: r.item.clone(),
                    message: "not among the evaluation items".into(),
                })?;
                if r.score < spec.min || r.score > spec.max {
                    return Err(MlError::Item {
                        item: r.item.clone(),
                        message: format!(
                            "score {} for recording {} is outside the scale {}..{}",
                            r.score, r.recording, spec.min, spec.max
                        ),
                    });
                }
            }
            if !usable.contains_key(&r.recording) {
                if !excluded.iter().any(|(id, _)| *id == r.recording) {
                    no_features.insert(r.recording.clone());
                }
                continue;
            }
            let rows = by_item.entry(r.item.clone()).or_default().entry(r.recording.clone()).or_default();
            if r.rater.is_some() && rows.iter().any(|(rater, _)| *rater == r.rater) {
                return Err(MlError::Item {
                    item: r.item,
                    message: format!("rater {} rated recording {} twice", r.rater.unwrap_or_default(), r.recording),
                });
            }
            rows.push((r.rater, r.score));
        }
        excluded.extend(no_features.into_iter().map(|id| (id, "no features file".to_owned())));

        let rated: BTreeSet<&String> = by_item.values().flat_map(|m| m.keys()).collect();
        let recordings: Vec<String> = rated.into_iter().cloned().collect();
        let row_of: BTreeMap<&str, usize> = recordings.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        let experts: BTreeSet<&String> =
            by_item.values().flat_map(|m| m.values().flatten().filter_map(|r| r.0.as_ref())).collect();
        let experts = experts.len();

        let item_order: Vec<ItemSpec> = if known.is_empty() {
            by_item.iter().map(|(id, recs)| inferred_spec(id, recs)).collect()
        } else {
            items.iter().filter(|s| by_item.contains_key(&s.id)).cloned().collect()
        };
        let items: Vec<ItemData> = item_order
            .into_iter()
            .map(|spec| {
                let recs = &by_item[&spec.id];
                let labels = recs
                    .iter()
                    .map(|(rec, scores)| {
                        (row_of[rec.as_str()], scores.iter().map(|s| s.1).sum::<f64>() / scores.len() as f64)
                    })
                    .collect();
                let with_rater: BTreeMap<String, BTreeMap<String, f64>> = recs
                    .iter()
                    .map(|(rec, scores)| {
                        (rec.clone(), scores.iter().filter_map(|(r, s)| r.clone().map(|r| (r, *s))).collect())
                    })
                    .collect();
                ItemData { agreement: agreement(&with_rater), labels, scale_inferred: known.is_empty(), spec }
            })
            .collect();
        let features: Vec<BTreeMap<String, f64>> = recordings.iter().map(|id| usable[id].clone()).collect();
        let hash = hash_inputs(&recordings, &features, &by_item, &items);
        Ok(Dataset { recordings, features, items, experts, excluded, hash })
    }

    /// Loads `DIR/features/{recording}.json`, `DIR/ratings.csv` and, if present, `DIR/items.json`
    /// (`[{"id","name","min","max"}]`).
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let read =
            |path: &Path| std::fs::read_to_string(path).map_err(|source| MlError::Io { path: path.into(), source });
        let feature_dir = dir.join("features");
        let entries =
            std::fs::read_dir(&feature_dir).map_err(|source| MlError::Io { path: feature_dir.clone(), source })?;
        let mut paths = Vec::new();
        for entry in entries {
            let path = entry.map_err(|source| MlError::Io { path: feature_dir.clone(), source })?.path();
            if path.extension().is_some_and(|e| e == "json") {
                paths.push(path);
            }
        }
        paths.sort();
        let mut recordings = Vec::new();
        for path in paths {
            let id = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            let fv = FeatureVector::parse(&path.display().to_string(), &read(&path)?)?;
            recordings.push((id, fv));
        }
        let ratings_path = dir.join("ratings.csv");
        let ratings = parse_ratings(&ratings_path.display().to_string(), &read(&ratings_path)?)?;
        let items_path = dir.join("items.json");
        let items = if items_path.exists() {
            serde_json::from_str(&read(&items_path)?).map_err(|e| MlError::Features {
                file: items_path.display().to_string(),
                message: format!("expected [{{\"id\",\"name\",\"min\",\"max\"}}]: {e}"),
            })?
        } else {
            Vec::new()
        };
        Self::new(recordings, ratings, items)
    }

    /// Every feature name seen in any used recording, sorted.
    pub fn feature_names(&self) -> Vec<String> {
        let names: BTreeSet<&String> = self.features.iter().flat_map(|f| f.keys()).collect();
        names.into_iter().cloned().collect()
    }
}

fn inferred_spec(id: &str, recs: &BTreeMap<String, Vec<(Option<String>, f64)>>) -> ItemSpec {
    let scores = recs.values().flatten().map(|s| s.1);
    let min = scores.clone().fold(f64::INFINITY, f64::min);
    let max = scores.fold(f64::NEG_INFINITY, f64::max);
    ItemSpec { id: id.to_owned(), name: id.to_owned(), min, max }
}

/// A canonical text of everything training sees, hashed: the same data in any file order gives the same hash.
fn hash_inputs(
    recordings: &[String],
    features: &[BTreeMap<String, f64>],
    by_item: &ByItem,
    items: &[ItemData],
) -> String {
    let mut text = format!("schema {SCHEMA_VERSION}\n");
    for (id, values) in recordings.iter().zip(features) {
        let _ = writeln!(text, "recording {id}");
        for (name, v) in values {
            let _ = writeln!(text, "f {name} {v:?}");
        }
    }
    for item in items {
        let s = &item.spec;
        let _ = writeln!(text, "item {}\t{}\t{:?}\t{:?}", s.id, s.name, s.min, s.max);
        for (rec, scores) in &by_item[&s.id] {
            let mut rows: Vec<String> =
                scores.iter().map(|(r, v)| format!("r {rec}\t{}\t{v:?}", r.as_deref().unwrap_or(""))).collect();
            rows.sort();
            for row in rows {
                let _ = writeln!(text, "{row}");
            }
        }
    }
    hex::encode(Sha256::digest(text.as_bytes()))
}
