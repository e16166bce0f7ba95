//! Model selection by inner k-fold CV, and nested CV around it so the reported figures are honest: every
//! choice (standardisation, model family, strength, rounds) is redone inside each outer training fold.

use crate::linear::{ENET_ALPHA, Linear, enet_lambda_max, fit_enet_path, fit_ridge};
use crate::prep::Standardiser;
use crate::rng::{derive_seed, folds};
use crate::stumps::{Boosted, ROUNDS, fit_boosted};

/// Ridge strengths tried, strongest first (features are standardised, so one grid suits every dataset).
const RIDGE_LAMBDAS: [f64; 13] = [1e3, 3e2, 1e2, 3e1, 1e1, 3.0, 1.0, 0.3, 0.1, 0.03, 0.01, 3e-3, 1e-3];
/// Elastic-net path: this many strengths from λ_max down to λ_max / 1000.
const ENET_STEPS: usize = 20;
const INNER_FOLDS: usize = 5;
/// Below this many rows the outer CV leaves one out instead of using five folds.
pub const LOO_BELOW: usize = 15;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LinearKind {
    Ridge,
    ElasticNet,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearChoice {
    pub kind: LinearKind,
    pub lambda: f64,
}

/// A fitted procedure: its own standardiser (from its training rows) and model.
pub enum Fitted {
    Linear(Standardiser, LinearChoice, Linear),
    Boosted(Standardiser, Boosted),
}

impl Fitted {
    pub fn predict(&self, x: &[f64]) -> f64 {
        match self {
            Fitted::Linear(s, _, m) => m.predict(&s.transform(x)),
            Fitted::Boosted(s, m) => m.predict(&s.transform(x)),
        }
    }
}

fn split(fold: &[usize], k: usize) -> (Vec<usize>, Vec<usize>) {
    let train = (0..fold.len()).filter(|&i| fold[i] != k).collect();
    let test = (0..fold.len()).filter(|&i| fold[i] == k).collect();
    (train, test)
}

fn pick<T: Copy>(v: &[T], idx: &[usize]) -> Vec<T> {
    idx.iter().map(|&i| v[i]).collect()
}

fn enet_lambdas(max: f64) -> Vec<f64> {
    (0..ENET_STEPS).map(|t| max * 10f64.powf(-3.0 * t as f64 / (ENET_STEPS - 1) as f64)).collect()
}

/// Chooses ridge or elastic net and its strength by inner CV mean squared error over `rows` of `x`.
pub fn choose_linear(x: &[Vec<f64>], rows: &[usize], y: &[f64], seed: u64) -> LinearChoice {
    let all_z = Standardiser::fit(x, rows).transform_rows(x, rows);
    let enet = enet_lambdas(enet_lambda_max(&all_z, y).max(1e-9));
    let fold = folds(rows.len(), INNER_FOLDS, seed);
    let mut sse = vec![0.0; RIDGE_LAMBDAS.len() + enet.len()];
    for k in 0..INNER_FOLDS.min(rows.len()) {
        let (tr, te) = split(&fold, k);
        let s = Standardiser::fit(x, &pick(rows, &tr));
        let (z_tr, z_te) = (s.transform_rows(x, &pick(rows, &tr)), s.transform_rows(x, &pick(rows, &te)));
        let y_tr = pick(y, &tr);
        let models = fit_ridge(&z_tr, &y_tr, &RIDGE_LAMBDAS).into_iter().chain(fit_enet_path(&z_tr, &y_tr, &enet));
        for (c, m) in models.enumerate() {
            sse[c] += z_te.iter().zip(pick(y, &te)).map(|(z, t)| (t - m.predict(z)).powi(2)).sum::<f64>();
        }
    }
    // Smallest error; ties keep the earlier (ridge, stronger) candidate.
    let best = (0..sse.len()).fold(0, |b, c| if sse[c] < sse[b] - 1e-12 { c } else { b });
    if best < RIDGE_LAMBDAS.len() {
        LinearChoice { kind: LinearKind::Ridge, lambda: RIDGE_LAMBDAS[best] }
    } else {
        LinearChoice { kind: LinearKind::ElasticNet, lambda: enet[best - RIDGE_LAMBDAS.len()] }
    }
}

/// Fits one linear choice on standardised rows.
pub fn fit_linear(z: &[Vec<f64>], y: &[f64], choice: LinearChoice) -> Linear {
    let fits = match choice.kind {
        LinearKind::Ridge => fit_ridge(z, y, &[choice.lambda]),
        // The path from λ_max gives the same warm start as during selection.
        LinearKind::ElasticNet => {
            let max = enet_lambda_max(z, y).max(choice.lambda);
            let mut path: Vec<f64> = enet_lambdas(max).into_iter().filter(|l| *l > choice.lambda).collect();
            path.push(choice.lambda);
            fit_enet_path(z, y, &path)
        }
    };
    fits.into_iter().last().unwrap_or(Linear { intercept: 0.0, weights: vec![] })
}

/// Chooses the number of boosting rounds by inner CV.
pub fn choose_rounds(x: &[Vec<f64>], rows: &[usize], y: &[f64], seed: u64) -> usize {
    let fold = folds(rows.len(), INNER_FOLDS, seed);
    let mut sse = [0.0; ROUNDS.len()];
    let max_rounds = ROUNDS[ROUNDS.len() - 1];
    for k in 0..INNER_FOLDS.min(rows.len()) {
        let (tr, te) = split(&fold, k);
        let s = Standardiser::fit(x, &pick(rows, &tr));
        let model = fit_boosted(&s.transform_rows(x, &pick(rows, &tr)), &pick(y, &tr), max_rounds);
        for (z, t) in s.transform_rows(x, &pick(rows, &te)).iter().zip(pick(y, &te)) {
            for (e, p) in sse.iter_mut().zip(model.predict_prefixes(z, &ROUNDS)) {
                *e += (t - p).powi(2);
            }
        }
    }
    let best = (0..sse.len()).fold(0, |b, c| if sse[c] < sse[b] - 1e-12 { c } else { b });
    ROUNDS[best]
}

/// Runs the whole linear procedure (choose, then fit) on `rows`.
pub fn fit_linear_procedure(x: &[Vec<f64>], rows: &[usize], y: &[f64], seed: u64) -> Fitted {
    let choice = choose_linear(x, rows, y, seed);
    let s = Standardiser::fit(x, rows);
    let model = fit_linear(&s.transform_rows(x, rows), y, choice);
    Fitted::Linear(s, choice, model)
}

/// Runs the whole boosted procedure (choose rounds, then fit) on `rows`.
pub fn fit_boosted_procedure(x: &[Vec<f64>], rows: &[usize], y: &[f64], seed: u64) -> Fitted {
    let rounds = choose_rounds(x, rows, y, seed);
    let s = Standardiser::fit(x, rows);
    let model = fit_boosted(&s.transform_rows(x, rows), y, rounds);
    Fitted::Boosted(s, model)
}

/// Out-of-fold predictions of both procedures for every row (outer 5-fold, or leave-one-out when small).
pub struct OuterPredictions {
    pub linear: Vec<f64>,
    pub boosted: Vec<f64>,
}

pub fn nested_cv(x: &[Vec<f64>], rows: &[usize], y: &[f64], seed: u64) -> OuterPredictions {
    let n = rows.len();
    let k = if n < LOO_BELOW { n } else { 5 };
    let fold = folds(n, k, seed);
    let mut out = OuterPredictions { linear: vec![0.0; n], boosted: vec![0.0; n] };
    for f in 0..k {
        let (tr, te) = split(&fold, f);
        let (train_rows, y_tr) = (pick(rows, &tr), pick(y, &tr));
        let inner_seed = derive_seed(seed, f as u64 + 1);
        let linear = fit_linear_procedure(x, &train_rows, &y_tr, inner_seed);
        let boosted = fit_boosted_procedure(x, &train_rows, &y_tr, inner_seed);
        for &i in &te {
            out.linear[i] = linear.predict(&x[rows[i]]);
            out.boosted[i] = boosted.predict(&x[rows[i]]);
        }
    }
    out
}

/// The elastic-net mix, re-exported for the card.
pub const ALPHA: f64 = ENET_ALPHA;
