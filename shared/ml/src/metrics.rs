//! Held-out accuracy figures and the conformal quantile.

use serde::{Deserialize, Serialize};

/// How well predictions matched held-out labels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CvMetrics {
    pub n: usize,
    pub mae: f64,
    pub rmse: f64,
    /// `None` when either side has no variance (a constant prediction has no correlation).
    pub pearson_r: Option<f64>,
    pub spearman_rho: Option<f64>,
}

impl CvMetrics {
    pub fn new(truth: &[f64], pred: &[f64]) -> Self {
        let n = truth.len();
        let errs: Vec<f64> = truth.iter().zip(pred).map(|(t, p)| t - p).collect();
        let mae = errs.iter().map(|e| e.abs()).sum::<f64>() / n as f64;
        let rmse = (errs.iter().map(|e| e * e).sum::<f64>() / n as f64).sqrt();
        Self { n, mae, rmse, pearson_r: pearson(truth, pred), spearman_rho: pearson(&ranks(truth), &ranks(pred)) }
    }
}

pub fn pearson(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma).powi(2);
        sbb += (y - mb).powi(2);
    }
    let denom = (saa * sbb).sqrt();
    (denom > 1e-12 * n).then(|| sab / denom)
}

/// Ranks from 1, ties sharing their average rank (as Spearman's rho needs).
pub fn ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut out = vec![0.0; v.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && v[order[j + 1]] == v[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}

/// Split-conformal radius: the ⌈(n+1)·level⌉-th smallest absolute residual (the finite-sample correction), or
/// the largest one when n is too small for that rank to exist.
pub fn conformal_quantile(abs_residuals: &[f64], level: f64) -> f64 {
    let mut r = abs_residuals.to_vec();
    r.sort_by(f64::total_cmp);
    let n = r.len();
    if n == 0 {
        return f64::INFINITY;
    }
    let rank = ((n as f64 + 1.0) * level).ceil() as usize;
    r[rank.clamp(1, n) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_on_a_small_example() {
        let m = CvMetrics::new(&[1.0, 2.0, 3.0, 4.0], &[1.0, 2.0, 3.0, 6.0]);
        assert_eq!((m.n, m.mae, m.rmse), (4, 0.5, 1.0));
        assert_eq!(m.spearman_rho, Some(1.0));
        assert!(m.pearson_r.unwrap() > 0.9);
        assert_eq!(CvMetrics::new(&[1.0, 2.0], &[3.0, 3.0]).pearson_r, None);
        assert_eq!(ranks(&[3.0, 1.0, 3.0]), [2.5, 1.0, 2.5]);
    }

    #[test]
    fn conformal_rank_is_finite_sample_corrected() {
        let r: Vec<f64> = (1..=10).map(f64::from).collect();
        // ⌈11 · 0.8⌉ = 9 → the 9th smallest.
        assert_eq!(conformal_quantile(&r, 0.8), 9.0);
        assert_eq!(conformal_quantile(&r[..2], 0.8), 2.0);
    }
}
