//! Gradient-boosted stumps (one-split trees) on standardised features, squared loss. A stump per round
//! captures a threshold effect a linear model cannot; it is only shipped when outer CV says it is clearly better.
//! Stumps map onto a handful of basic ONNX ops (Gather, Greater, Cast, MatMul), so one graph still serves all.

/// Shrinkage per round: small steps generalise better than few large ones.
pub const LEARNING_RATE: f64 = 0.1;
/// Candidate round counts; the inner CV picks one.
pub const ROUNDS: [usize; 5] = [10, 25, 50, 100, 200];

/// `z[feature] > threshold → right, else left` (leaf values already shrunk by the learning rate).
#[derive(Clone, Debug, PartialEq)]
pub struct Stump {
    pub feature: usize,
    pub threshold: f64,
    pub left: f64,
    pub right: f64,
}

impl Stump {
    pub fn value(&self, z: &[f64]) -> f64 {
        if z[self.feature] > self.threshold { self.right } else { self.left }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Boosted {
    pub base: f64,
    pub stumps: Vec<Stump>,
}

impl Boosted {
    pub fn predict(&self, z: &[f64]) -> f64 {
        self.base + self.stumps.iter().map(|s| s.value(z)).sum::<f64>()
    }

    /// Predictions using only the first `rounds` stumps, for each entry of `rounds`: one fit scores every
    /// candidate round count, since boosting only adds.
    pub fn predict_prefixes(&self, z: &[f64], rounds: &[usize]) -> Vec<f64> {
        rounds.iter().map(|&r| self.base + self.stumps.iter().take(r).map(|s| s.value(z)).sum::<f64>()).collect()
    }
}

/// Fits `rounds` stumps; each leaf keeps at least `min_leaf` rows so a stump cannot chase one outlier.
pub fn fit_boosted(z: &[Vec<f64>], y: &[f64], rounds: usize) -> Boosted {
    let n = y.len();
    let f = z.first().map_or(0, Vec::len);
    let min_leaf = (n / 20).max(3);
    let base = y.iter().sum::<f64>() / n as f64;
    let mut pred = vec![base; n];
    // Row order per feature, sorted once.
    let orders: Vec<Vec<usize>> = (0..f)
        .map(|j| {
            let mut o: Vec<usize> = (0..n).collect();
            o.sort_by(|&a, &b| z[a][j].total_cmp(&z[b][j]));
            o
        })
        .collect();
    let mut stumps = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let resid: Vec<f64> = y.iter().zip(&pred).map(|(t, p)| t - p).collect();
        let total: f64 = resid.iter().sum();
        let Some(stump) = best_split(z, &resid, total, &orders, min_leaf) else { break };
        for (p, row) in pred.iter_mut().zip(z) {
            *p += stump.value(row);
        }
        stumps.push(stump);
    }
    Boosted { base, stumps }
}

/// The split with the largest reduction in squared error, leaves set to the shrunk mean residual.
fn best_split(z: &[Vec<f64>], resid: &[f64], total: f64, orders: &[Vec<usize>], min_leaf: usize) -> Option<Stump> {
    let n = resid.len();
    let mut best: Option<(f64, Stump)> = None;
    for (j, order) in orders.iter().enumerate() {
        let mut left_sum = 0.0;
        for pos in 0..n - 1 {
            left_sum += resid[order[pos]];
            let nl = pos + 1;
            let (lo, hi) = (z[order[pos]][j], z[order[pos + 1]][j]);
            if nl < min_leaf || n - nl < min_leaf || hi <= lo {
                continue;
            }
            let right_sum = total - left_sum;
            let gain = left_sum * left_sum / nl as f64 + right_sum * right_sum / (n - nl) as f64;
            if best.as_ref().is_none_or(|(g, _)| gain > *g + 1e-12) {
                let stump = Stump {
                    feature: j,
                    threshold: (lo + hi) / 2.0,
                    left: LEARNING_RATE * left_sum / nl as f64,
                    right: LEARNING_RATE * right_sum / (n - nl) as f64,
                };
                best = Some((gain, stump));
            }
        }
    }
    best.map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_step() {
        let z: Vec<Vec<f64>> = (0..40).map(|i| vec![i as f64 / 10.0 - 2.0, (i % 7) as f64]).collect();
        let y: Vec<f64> = z.iter().map(|r| if r[0] > 0.0 { 5.0 } else { 1.0 }).collect();
        let m = fit_boosted(&z, &y, 100);
        assert!(m.stumps.iter().all(|s| s.feature == 0));
        assert!((m.predict(&[1.0, 0.0]) - 5.0).abs() < 0.1 && (m.predict(&[-1.0, 0.0]) - 1.0).abs() < 0.1);
        let p = m.predict_prefixes(&[1.0, 0.0], &[0, 100]);
        assert_eq!(p[0], m.base);
        assert_eq!(p[1], m.predict(&[1.0, 0.0]));
    }
}
