//! The video-analysis statistics option (面談動画分析): how each recording feature relates to
//! each evaluation item's expert ratings, over a tenant's dataset.
//!
//! For every feature × item: Pearson's r and Spearman's rho with two-sided p-values (t with
//! n − 2 degrees of freedom), Benjamini–Hochberg q-values across all pairs (one family per
//! measure, so a tenant with many features is not misled by chance correlations), and a Welch
//! t-test of the feature between the interviews rated in the top and in the bottom third.
//! Descriptive, not causal: the report says so.

pub mod distribution;
mod output;
pub mod plot;
pub mod workbook;

use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::labels::label;
use crate::metrics::{pearson, ranks};
use distribution::t_two_sided_p;
pub use output::write_to;

/// Fewest interviews with both a rating and the feature for a correlation to be reported.
pub const MIN_PAIRS: usize = 5;
/// Fewest interviews in each third for the Welch test.
const MIN_PER_THIRD: usize = 2;

/// The statistics of one dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatsReport {
    /// Interviews in the dataset (rated, sufficient quality).
    pub interviews: usize,
    pub items: Vec<ItemSummary>,
    /// One entry per item × feature, items in dataset order, features sorted by name.
    pub relations: Vec<Relation>,
    /// The dataset's input hash, so a report can be matched with a model card.
    pub dataset_hash: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemSummary {
    pub id: String,
    pub name: String,
    pub rated_interviews: usize,
}

/// One feature against one item's mean expert rating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub item: String,
    pub feature: String,
    pub feature_ja: String,
    pub feature_en: String,
    /// Interviews with both a rating for the item and a value of the feature.
    pub n: usize,
    pub pearson: Option<Test>,
    pub spearman: Option<Test>,
    pub extremes: Option<Extremes>,
}

/// A correlation with its p-value and Benjamini–Hochberg q-value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Test {
    pub coefficient: f64,
    pub p: f64,
    pub q: f64,
}

/// The feature in the top third of interviews by rating against the bottom third (Welch).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Extremes {
    pub top_n: usize,
    pub bottom_n: usize,
    pub top_mean: f64,
    pub bottom_mean: f64,
    pub t: f64,
    pub df: f64,
    pub p: f64,
}

impl Relation {
    /// |rho| (else |r|), for ranking relations by strength.
    pub fn strength(&self) -> f64 {
        self.spearman.as_ref().or(self.pearson.as_ref()).map_or(0.0, |t| t.coefficient.abs())
    }
}

impl StatsReport {
    /// The `k` strongest relations by |rho|, strongest first.
    pub fn strongest(&self, k: usize) -> Vec<&Relation> {
        let mut all: Vec<&Relation> = self.relations.iter().filter(|r| r.spearman.is_some()).collect();
        all.sort_by(|a, b| b.strength().total_cmp(&a.strength()).then_with(|| a.feature.cmp(&b.feature)));
        all.truncate(k);
        all
    }
}

/// The (feature value, mean rating) pairs of one item and feature, in dataset row order.
pub fn pairs(dataset: &Dataset, item: &str, feature: &str) -> Vec<(f64, f64)> {
    let Some(data) = dataset.items.iter().find(|i| i.spec.id == item) else { return Vec::new() };
    data.labels
        .iter()
        .filter_map(|&(row, label)| {
            let value = *dataset.features[row].get(feature)?;
            value.is_finite().then_some((value, label))
        })
        .collect()
}

/// Computes every relation of `dataset`.
pub fn analyse(dataset: &Dataset) -> StatsReport {
    let features = dataset.feature_names();
    let mut relations = Vec::new();
    for item in &dataset.items {
        for feature in &features {
            let (feature_ja, feature_en) = label(feature);
            let pairs = pairs(dataset, &item.spec.id, feature);
            let (x, y): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
            let enough = pairs.len() >= MIN_PAIRS;
            relations.push(Relation {
                item: item.spec.id.clone(),
                feature: feature.clone(),
                feature_ja: feature_ja.to_owned(),
                feature_en: feature_en.to_owned(),
                n: pairs.len(),
                pearson: enough.then(|| correlation(pearson(&x, &y), x.len())).flatten(),
                spearman: enough.then(|| correlation(pearson(&ranks(&x), &ranks(&y)), x.len())).flatten(),
                extremes: extremes(&pairs),
            });
        }
    }
    adjust(&mut relations, |r| r.pearson.as_mut());
    adjust(&mut relations, |r| r.spearman.as_mut());
    StatsReport {
        interviews: dataset.recordings.len(),
        items: dataset
            .items
            .iter()
            .map(|i| ItemSummary { id: i.spec.id.clone(), name: i.spec.name.clone(), rated_interviews: i.labels.len() })
            .collect(),
        relations,
        dataset_hash: dataset.hash.clone(),
    }
}

/// A coefficient with its p-value (t = r·√((n−2)/(1−r²)), n − 2 degrees of freedom); q is set
/// later, across all pairs.
fn correlation(coefficient: Option<f64>, n: usize) -> Option<Test> {
    let r = coefficient?.clamp(-1.0, 1.0);
    let df = (n - 2) as f64;
    let t = r * (df / (1.0 - r * r).max(1e-300)).sqrt();
    let p = t_two_sided_p(t, df);
    Some(Test { coefficient: r, p, q: p })
}

/// Welch's t-test of the feature between the top and the bottom third of interviews by rating.
fn extremes(pairs: &[(f64, f64)]) -> Option<Extremes> {
    let third = pairs.len() / 3;
    if third < MIN_PER_THIRD {
        return None;
    }
    let mut by_rating: Vec<(f64, f64)> = pairs.to_vec();
    by_rating.sort_by(|a, b| a.1.total_cmp(&b.1));
    let bottom: Vec<f64> = by_rating[..third].iter().map(|p| p.0).collect();
    let top: Vec<f64> = by_rating[by_rating.len() - third..].iter().map(|p| p.0).collect();
    let (mt, vt) = mean_var(&top);
    let (mb, vb) = mean_var(&bottom);
    let (nt, nb) = (top.len() as f64, bottom.len() as f64);
    let se2 = vt / nt + vb / nb;
    if se2 <= 0.0 {
        return None;
    }
    let t = (mt - mb) / se2.sqrt();
    // Welch–Satterthwaite degrees of freedom.
    let df = se2 * se2 / ((vt / nt).powi(2) / (nt - 1.0) + (vb / nb).powi(2) / (nb - 1.0));
    Some(Extremes {
        top_n: top.len(),
        bottom_n: bottom.len(),
        top_mean: mt,
        bottom_mean: mb,
        t,
        df,
        p: t_two_sided_p(t, df),
    })
}

/// Mean and unbiased variance.
fn mean_var(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    (mean, v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0))
}

/// Benjamini–Hochberg: q of the i-th smallest of m p-values is min over j ≥ i of p_j·m/j.
fn adjust(relations: &mut [Relation], test: impl Fn(&mut Relation) -> Option<&mut Test>) {
    let mut tests: Vec<&mut Test> = relations.iter_mut().filter_map(test).collect();
    tests.sort_by(|a, b| a.p.total_cmp(&b.p));
    let m = tests.len() as f64;
    let mut running = 1.0f64;
    for (i, t) in tests.iter_mut().enumerate().rev() {
        running = running.min(t.p * m / (i + 1) as f64);
        t.q = running.min(1.0);
    }
}

#[cfg(test)]
mod tests;
