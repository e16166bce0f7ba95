//! Regularised linear regression on standardised features: ridge (closed form) and elastic net (coordinate
//! descent). The intercept is never penalised: features and label are centred first.

use crate::linalg::solve_spd;

/// The elastic-net mix between L1 (sparsity) and L2 (stability with correlated features).
pub const ENET_ALPHA: f64 = 0.5;

/// `score = intercept + Σ weights[j] · z[j]` with `z` the standardised features.
#[derive(Clone, Debug, PartialEq)]
pub struct Linear {
    pub intercept: f64,
    pub weights: Vec<f64>,
}

impl Linear {
    pub fn predict(&self, z: &[f64]) -> f64 {
        self.intercept + self.weights.iter().zip(z).map(|(w, v)| w * v).sum::<f64>()
    }
}

/// Column means of `z`, mean of `y`, and the centred copies.
struct Centred {
    z_mean: Vec<f64>,
    y_mean: f64,
    z: Vec<Vec<f64>>,
    y: Vec<f64>,
}

fn centre(z: &[Vec<f64>], y: &[f64]) -> Centred {
    let n = y.len() as f64;
    let f = z.first().map_or(0, Vec::len);
    let z_mean: Vec<f64> = (0..f).map(|j| z.iter().map(|r| r[j]).sum::<f64>() / n).collect();
    let y_mean = y.iter().sum::<f64>() / n;
    let zc = z.iter().map(|r| r.iter().zip(&z_mean).map(|(v, m)| v - m).collect()).collect();
    Centred { y: y.iter().map(|v| v - y_mean).collect(), z: zc, z_mean, y_mean }
}

fn finish(c: &Centred, weights: Vec<f64>) -> Linear {
    let intercept = c.y_mean - weights.iter().zip(&c.z_mean).map(|(w, m)| w * m).sum::<f64>();
    Linear { intercept, weights }
}

/// Ridge for each λ: minimises (1/2n)‖y − Zw‖² + (λ/2)‖w‖², i.e. (ZᵀZ/n + λI) w = Zᵀy/n.
pub fn fit_ridge(z: &[Vec<f64>], y: &[f64], lambdas: &[f64]) -> Vec<Linear> {
    let c = centre(z, y);
    let n = y.len() as f64;
    let f = c.z_mean.len();
    let mut gram = vec![vec![0.0; f]; f];
    let mut zty = vec![0.0; f];
    for (row, &yi) in c.z.iter().zip(&c.y) {
        for (i, (g, t)) in gram.iter_mut().zip(zty.iter_mut()).enumerate() {
            *t += row[i] * yi / n;
            for (gij, zj) in g.iter_mut().zip(row) {
                *gij += row[i] * zj / n;
            }
        }
    }
    lambdas
        .iter()
        .map(|&lambda| {
            let mut a = gram.clone();
            for (i, row) in a.iter_mut().enumerate() {
                row[i] += lambda;
            }
            finish(&c, solve_spd(&a, &zty).unwrap_or_else(|| vec![0.0; f]))
        })
        .collect()
}

/// The smallest λ at which the elastic net keeps every weight at zero.
pub fn enet_lambda_max(z: &[Vec<f64>], y: &[f64]) -> f64 {
    let c = centre(z, y);
    let n = y.len() as f64;
    (0..c.z_mean.len())
        .map(|j| c.z.iter().zip(&c.y).map(|(r, yi)| r[j] * yi).sum::<f64>().abs() / n)
        .fold(0.0, f64::max)
        / ENET_ALPHA
}

/// Elastic net along a decreasing λ path with warm starts: minimises
/// (1/2n)‖y − Zw‖² + λ(α‖w‖₁ + (1−α)/2 ‖w‖²) by cyclic coordinate descent.
pub fn fit_enet_path(z: &[Vec<f64>], y: &[f64], lambdas: &[f64]) -> Vec<Linear> {
    let c = centre(z, y);
    let n = y.len() as f64;
    let f = c.z_mean.len();
    let sq: Vec<f64> = (0..f).map(|j| c.z.iter().map(|r| r[j] * r[j]).sum::<f64>() / n).collect();
    let mut w = vec![0.0; f];
    let mut resid = c.y.clone();
    let mut out = Vec::with_capacity(lambdas.len());
    for &lambda in lambdas {
        let (l1, l2) = (lambda * ENET_ALPHA, lambda * (1.0 - ENET_ALPHA));
        for _sweep in 0..1000 {
            let mut max_change: f64 = 0.0;
            for j in 0..f {
                if sq[j] == 0.0 {
                    continue;
                }
                let rho = c.z.iter().zip(&resid).map(|(r, e)| r[j] * e).sum::<f64>() / n + sq[j] * w[j];
                let new = soft_threshold(rho, l1) / (sq[j] + l2);
                let delta = new - w[j];
                if delta != 0.0 {
                    for (e, r) in resid.iter_mut().zip(&c.z) {
                        *e -= delta * r[j];
                    }
                    w[j] = new;
                    max_change = max_change.max(delta.abs());
                }
            }
            if max_change < 1e-8 {
                break;
            }
        }
        out.push(finish(&c, w.clone()));
    }
    out
}

fn soft_threshold(x: f64, t: f64) -> f64 {
    if x > t {
        x - t
    } else if x < -t {
        x + t
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> (Vec<Vec<f64>>, Vec<f64>) {
        let z: Vec<Vec<f64>> =
            (0..20).map(|i| vec![(i as f64 - 9.5) / 6.0, ((i * 7 % 20) as f64 - 9.5) / 6.0]).collect();
        let y = z.iter().map(|r| 3.0 + 2.0 * r[0]).collect();
        (z, y)
    }

    #[test]
    fn ridge_recovers_weights_when_lambda_is_tiny_and_shrinks_when_large() {
        let (z, y) = data();
        let fits = fit_ridge(&z, &y, &[1e-9, 1e3]);
        assert!((fits[0].weights[0] - 2.0).abs() < 1e-6 && fits[0].weights[1].abs() < 1e-6);
        assert!((fits[0].intercept - 3.0).abs() < 1e-6);
        assert!(fits[1].weights[0].abs() < 0.01);
    }

    #[test]
    fn enet_is_zero_at_lambda_max_and_near_least_squares_when_small() {
        let (z, y) = data();
        let max = enet_lambda_max(&z, &y);
        let path = fit_enet_path(&z, &y, &[max * 1.0001, max * 1e-6]);
        assert!(path[0].weights.iter().all(|w| *w == 0.0));
        assert!((path[1].weights[0] - 2.0).abs() < 1e-3, "{:?}", path[1]);
    }
}
