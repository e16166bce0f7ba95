//! Proxy detection: which features tell a group apart, so that a model trained on them could learn the group
//! without ever seeing the attribute (pitch for gender, say). Each feature's AUC for telling the group from the
//! other compared groups, and the AUC of all features together (an L2-regularised logistic regression,
//! cross-validated, so it is not flattered by fitting). 0.5 is no separation, 1.0 complete.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::stats::{SplitMix, auc, mean, sd};

const FOLDS: usize = 5;
const STEPS: usize = 300;
const L2: f64 = 1.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProxyFeature {
    pub feature: String,
    /// The group the feature tells apart best.
    pub group: String,
    /// How well it does (0.5 … 1, whichever way the feature leans).
    pub auc: f64,
    /// Whether the group's values are `higher` or `lower`.
    pub direction: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Proxies {
    /// Cross-validated AUC of every feature together, for the group they tell apart best.
    pub combined_auc: Option<f64>,
    /// Every feature, the strongest proxy first.
    pub features: Vec<ProxyFeature>,
}

/// `rows`: each compared person's group and feature values (NaN where missing), in the order of `names`.
pub fn proxies(names: &[String], rows: &[(&str, &[f64])]) -> Option<Proxies> {
    let mut groups: Vec<&str> = rows.iter().map(|r| r.0).collect();
    groups.sort_unstable();
    groups.dedup();
    if groups.len() < 2 || names.is_empty() {
        return None;
    }
    // With two groups one side is enough: telling a from b is telling b from a.
    let sides = if groups.len() == 2 { &groups[..1] } else { &groups[..] };
    let mut features: Vec<ProxyFeature> = names
        .iter()
        .enumerate()
        .filter_map(|(j, name)| {
            let present: Vec<(&str, f64)> = rows.iter().map(|r| (r.0, r.1[j])).filter(|(_, v)| v.is_finite()).collect();
            let values: Vec<f64> = present.iter().map(|p| p.1).collect();
            sides
                .iter()
                .filter_map(|&g| {
                    let positive: Vec<bool> = present.iter().map(|p| p.0 == g).collect();
                    auc(&values, &positive).map(|a| (g, a))
                })
                .max_by(|a, b| (a.1 - 0.5).abs().total_cmp(&(b.1 - 0.5).abs()))
                .map(|(group, a)| ProxyFeature {
                    feature: name.clone(),
                    group: group.to_owned(),
                    auc: a.max(1.0 - a),
                    direction: if a >= 0.5 { "higher" } else { "lower" }.to_owned(),
                })
        })
        .collect();
    features.sort_by(|a, b| b.auc.total_cmp(&a.auc).then_with(|| a.feature.cmp(&b.feature)));
    let combined_auc = sides
        .iter()
        .filter_map(|&g| {
            let positive: Vec<bool> = rows.iter().map(|r| r.0 == g).collect();
            let x: Vec<&[f64]> = rows.iter().map(|r| r.1).collect();
            auc(&out_of_fold_scores(&x, &positive), &positive)
        })
        .fold(None, |best: Option<f64>, a| Some(best.map_or(a, |b| b.max(a))));
    Some(Proxies { combined_auc, features })
}

/// Each row's score from a logistic regression fitted on the other folds.
fn out_of_fold_scores(x: &[&[f64]], positive: &[bool]) -> Vec<f64> {
    let n = x.len();
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix(0x7072_6f78_7900_0019);
    for i in (1..n).rev() {
        order.swap(i, (rng.next() % (i as u64 + 1)) as usize);
    }
    let mut fold = vec![0; n];
    for (k, &i) in order.iter().enumerate() {
        fold[i] = k % FOLDS;
    }
    let mut scores = vec![0.0; n];
    for f in 0..FOLDS {
        let train: Vec<usize> = (0..n).filter(|&i| fold[i] != f).collect();
        let scale = Scale::fit(x, &train);
        let weights = fit_logistic(
            &train.iter().map(|&i| scale.apply(x[i])).collect::<Vec<_>>(),
            &train.iter().map(|&i| positive[i]).collect::<Vec<_>>(),
        );
        for i in (0..n).filter(|&i| fold[i] == f) {
            let z = scale.apply(x[i]);
            scores[i] = weights[0] + z.iter().zip(&weights[1..]).map(|(a, b)| a * b).sum::<f64>();
        }
    }
    scores
}

/// Standardisation from the training rows; a missing value becomes the mean (0).
struct Scale {
    mean: Vec<f64>,
    sd: Vec<f64>,
}

impl Scale {
    fn fit(x: &[&[f64]], rows: &[usize]) -> Self {
        let columns = x.first().map_or(0, |r| r.len());
        let column = |j: usize| -> Vec<f64> { rows.iter().map(|&i| x[i][j]).filter(|v| v.is_finite()).collect() };
        let means = (0..columns).map(|j| mean(&column(j))).collect();
        let sds = (0..columns).map(|j| sd(&column(j))).collect();
        Scale { mean: means, sd: sds }
    }

    fn apply(&self, row: &[f64]) -> Vec<f64> {
        row.iter()
            .enumerate()
            .map(|(j, &v)| if v.is_finite() && self.sd[j] > 0.0 { (v - self.mean[j]) / self.sd[j] } else { 0.0 })
            .collect()
    }
}

/// Intercept and weights by gradient descent on the mean log-loss plus L2 / n (standardised inputs, so a fixed
/// step below 1 / the loss's Lipschitz bound converges).
fn fit_logistic(z: &[Vec<f64>], y: &[bool]) -> Vec<f64> {
    let (n, p) = (z.len() as f64, z.first().map_or(0, Vec::len));
    let step = 1.0 / (0.25 * (p as f64 + 1.0) + L2 / n);
    let mut w = vec![0.0; p + 1];
    for _ in 0..STEPS {
        let mut gradient = vec![0.0; p + 1];
        for (row, &label) in z.iter().zip(y) {
            let s = w[0] + row.iter().zip(&w[1..]).map(|(a, b)| a * b).sum::<f64>();
            let error = 1.0 / (1.0 + (-s).exp()) - f64::from(u8::from(label));
            gradient[0] += error;
            for (g, v) in gradient[1..].iter_mut().zip(row) {
                *g += error * v;
            }
        }
        for (j, (wj, g)) in w.iter_mut().zip(&gradient).enumerate() {
            let penalty = if j == 0 { 0.0 } else { L2 * *wj };
            *wj -= step * (g + penalty) / n;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feature_that_follows_the_group_is_named_first() {
        let mut rng = SplitMix(7);
        let mut noise = || (rng.next() % 1000) as f64 / 1000.0;
        let data: Vec<(&str, Vec<f64>)> = (0..60)
            .map(|i| {
                let group = if i % 2 == 0 { "female" } else { "male" };
                let pitch = if group == "female" { 210.0 } else { 120.0 } + 40.0 * noise();
                (group, vec![noise(), pitch, if i % 7 == 0 { f64::NAN } else { noise() }])
            })
            .collect();
        let rows: Vec<(&str, &[f64])> = data.iter().map(|(g, v)| (*g, v.as_slice())).collect();
        let names = ["a".to_owned(), "voice.pitch".to_owned(), "b".to_owned()];
        let found = proxies(&names, &rows).unwrap();
        assert_eq!((found.features[0].feature.as_str(), found.features[0].auc), ("voice.pitch", 1.0));
        assert!(found.features[1].auc < 0.75, "{found:?}");
        assert!(found.combined_auc.unwrap() > 0.95, "{found:?}");
    }
}
