//! Rater agreement per item: ICC(2,k), the two-way random-effects, average-measures intraclass
//! correlation (Shrout & Fleiss). It answers "how reliable is the mean of these k experts' ratings", which is
//! exactly the label the model learns, so it bounds how well any model can do.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Fewest recordings rated by the same raters for the ICC to mean anything.
pub const MIN_ICC_RECORDINGS: usize = 5;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// ICC(2,k) over the block below.
    pub icc2k: f64,
    /// Raters in the complete block used.
    pub raters: usize,
    /// Recordings rated by every one of those raters.
    pub recordings: usize,
}

/// ICC(2,k) of a complete subjects × raters matrix (every row the same length k ≥ 2, n ≥ 2 rows).
/// `None` when it is undefined (too small, or no variance at all).
pub fn icc2k(rows: &[Vec<f64>]) -> Option<f64> {
    let n = rows.len();
    let k = rows.first()?.len();
    if n < 2 || k < 2 || rows.iter().any(|r| r.len() != k) {
        return None;
    }
    let (nf, kf) = (n as f64, k as f64);
    let grand = rows.iter().flatten().sum::<f64>() / (nf * kf);
    let ss_rows = kf * rows.iter().map(|r| (r.iter().sum::<f64>() / kf - grand).powi(2)).sum::<f64>();
    let ss_cols = nf * (0..k).map(|j| (rows.iter().map(|r| r[j]).sum::<f64>() / nf - grand).powi(2)).sum::<f64>();
    let ss_total = rows.iter().flatten().map(|x| (x - grand).powi(2)).sum::<f64>();
    let ss_err = (ss_total - ss_rows - ss_cols).max(0.0);
    let ms_rows = ss_rows / (nf - 1.0);
    let ms_cols = ss_cols / (kf - 1.0);
    let ms_err = ss_err / ((nf - 1.0) * (kf - 1.0));
    let denom = ms_rows + (ms_cols - ms_err) / nf;
    (denom > 0.0).then(|| (ms_rows - ms_err) / denom)
}

/// Agreement from `recording → rater → score` for one item. Raters rarely all rate everything, so this takes
/// the largest set of the most active raters that shares at least [`MIN_ICC_RECORDINGS`] recordings and
/// computes the ICC on that complete block. `None` when no two raters share enough recordings.
pub fn agreement(scores: &BTreeMap<String, BTreeMap<String, f64>>) -> Option<Agreement> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for by_rater in scores.values() {
        for rater in by_rater.keys() {
            *counts.entry(rater).or_default() += 1;
        }
    }
    let mut raters: Vec<(&str, usize)> = counts.into_iter().collect();
    // Most active first; ties by id so the choice is deterministic.
    raters.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for k in (2..=raters.len()).rev() {
        let chosen: BTreeSet<&str> = raters[..k].iter().map(|r| r.0).collect();
        let block: Vec<Vec<f64>> = scores
            .values()
            .filter(|by_rater| chosen.iter().all(|r| by_rater.contains_key(*r)))
            .map(|by_rater| chosen.iter().map(|r| by_rater[*r]).collect())
            .collect();
        if block.len() >= MIN_ICC_RECORDINGS {
            return icc2k(&block).map(|icc2k| Agreement { icc2k, raters: k, recordings: block.len() });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_hand_computed_example() {
        // Subjects × raters: [2,3], [4,4], [6,8]. Grand mean 4.5; row means 2.5, 4, 7; column means 4, 5.
        // SS_rows = 2·(4 + 0.25 + 6.25) = 21 → MS_rows = 10.5
        // SS_cols = 3·(0.25 + 0.25) = 1.5 → MS_cols = 1.5
        // SS_total = 6.25+2.25+0.25+0.25+2.25+12.25 = 23.5 → SS_err = 1 → MS_err = 1/(2·1) = 0.5
        // ICC(2,k) = (10.5 − 0.5) / (10.5 + (1.5 − 0.5)/3) = 10 / (32.5/3) = 12/13 ≈ 0.923
        let icc = icc2k(&[vec![2.0, 3.0], vec![4.0, 4.0], vec![6.0, 8.0]]).unwrap();
        assert!((icc - 12.0 / 13.0).abs() < 1e-12, "{icc}");
        assert!((icc2k(&[vec![1.0, 1.0], vec![3.0, 3.0]]).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(icc2k(&[vec![1.0, 2.0]]), None);
    }

    #[test]
    fn uses_the_largest_complete_block() {
        let mut scores = BTreeMap::new();
        for i in 0..6 {
            let mut by_rater = BTreeMap::new();
            by_rater.insert("a".to_owned(), i as f64);
            by_rater.insert("b".to_owned(), i as f64 + 0.5);
            if i < 2 {
                by_rater.insert("c".to_owned(), 0.0);
            }
            scores.insert(format!("r{i}"), by_rater);
        }
        let a = agreement(&scores).unwrap();
        assert_eq!((a.raters, a.recordings), (2, 6));
        assert!(a.icc2k > 0.9);
        scores.retain(|k, _| k.as_str() < "r3");
        assert_eq!(agreement(&scores), None);
    }
}
