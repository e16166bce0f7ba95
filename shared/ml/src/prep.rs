//! Feature preparation: which features are usable at all, and standardisation fitted on training rows only.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A feature missing in more than this share of recordings is dropped.
pub const MAX_MISSING_RATIO: f64 = 0.3;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DroppedFeature {
    pub name: String,
    pub reason: String,
}

/// Splits `names` into kept features and dropped ones (too often missing, or no variance). This looks at
/// features only, never labels, so deciding it on the whole dataset leaks nothing into the CV figures.
pub fn select_features(names: &[String], rows: &[BTreeMap<String, f64>]) -> (Vec<String>, Vec<DroppedFeature>) {
    let (mut kept, mut dropped) = (Vec::new(), Vec::new());
    for name in names {
        let values: Vec<f64> = rows.iter().filter_map(|r| r.get(name).copied()).collect();
        let missing = 1.0 - values.len() as f64 / rows.len().max(1) as f64;
        let (min, max) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        if missing > MAX_MISSING_RATIO {
            let reason = format!(
                "missing in {:.0}% of recordings (more than {:.0}%)",
                missing * 100.0,
                MAX_MISSING_RATIO * 100.0
            );
            dropped.push(DroppedFeature { name: name.clone(), reason });
        } else if values.is_empty() || max - min <= 1e-12 * max.abs().max(1.0) {
            dropped
                .push(DroppedFeature { name: name.clone(), reason: "no variance (the same value everywhere)".into() });
        } else {
            kept.push(name.clone());
        }
    }
    (kept, dropped)
}

/// Rows as a dense matrix in `names` order, NaN where a value is missing.
pub fn to_matrix(names: &[String], rows: &[BTreeMap<String, f64>]) -> Vec<Vec<f64>> {
    rows.iter().map(|r| names.iter().map(|n| r.get(n).copied().unwrap_or(f64::NAN)).collect()).collect()
}

/// Per-feature mean and standard deviation of the training rows; missing values become the mean (0 after
/// standardising), which is exactly what the ONNX graph does.
#[derive(Clone, Debug, PartialEq)]
pub struct Standardiser {
    pub mean: Vec<f64>,
    pub std: Vec<f64>,
}

impl Standardiser {
    pub fn fit(x: &[Vec<f64>], rows: &[usize]) -> Self {
        let f = x.first().map_or(0, Vec::len);
        let (mut mean, mut std) = (vec![0.0; f], vec![1.0; f]);
        for j in 0..f {
            let values: Vec<f64> = rows.iter().map(|&i| x[i][j]).filter(|v| !v.is_nan()).collect();
            if values.is_empty() {
                continue;
            }
            let m = values.iter().sum::<f64>() / values.len() as f64;
            let var = values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / values.len() as f64;
            mean[j] = m;
            // A feature constant within these rows gets std 1: its standardised value is then 0 for them.
            std[j] = if var.sqrt() > 1e-12 { var.sqrt() } else { 1.0 };
        }
        Self { mean, std }
    }

    pub fn transform(&self, row: &[f64]) -> Vec<f64> {
        row.iter()
            .zip(self.mean.iter().zip(&self.std))
            .map(|(&v, (m, s))| if v.is_nan() { 0.0 } else { (v - m) / s })
            .collect()
    }

    pub fn transform_rows(&self, x: &[Vec<f64>], rows: &[usize]) -> Vec<Vec<f64>> {
        rows.iter().map(|&i| self.transform(&x[i])).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_constant_and_mostly_missing_features() {
        let rows: Vec<BTreeMap<String, f64>> = (0..10)
            .map(|i| {
                let mut r = BTreeMap::from([("a".to_owned(), i as f64), ("c".to_owned(), 2.0)]);
                if i < 6 {
                    r.insert("b".to_owned(), i as f64);
                }
                r
            })
            .collect();
        let names = ["a", "b", "c"].map(String::from);
        let (kept, dropped) = select_features(&names, &rows);
        assert_eq!(kept, ["a"]);
        assert_eq!(dropped.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["b", "c"]);
        assert!(dropped[0].reason.contains("40%"));
    }

    #[test]
    fn standardises_and_imputes_with_training_rows_only() {
        let x = vec![vec![1.0], vec![3.0], vec![f64::NAN], vec![100.0]];
        let s = Standardiser::fit(&x, &[0, 1, 2]);
        assert_eq!((s.mean[0], s.std[0]), (2.0, 1.0));
        assert_eq!(s.transform(&x[2]), [0.0]);
        assert_eq!(s.transform(&x[3]), [98.0]);
    }
}
