//! Training and prediction end to end on synthetic interviews with a known truth.

mod common;

use common::{Options, dataset, generate, items};
use mendan_ml::{Dataset, FeatureVector, ItemModel, MlError, ModelCard, Predictor, TrainOptions, train};

fn opts(seed: u64) -> TrainOptions {
    TrainOptions { seed, created_at: "2025-01-01T00:00:00Z".into() }
}

fn item<'a>(card: &'a ModelCard, id: &str) -> &'a mendan_ml::ItemCard {
    card.items.iter().find(|i| i.id == id).unwrap()
}

#[test]
fn learns_a_linear_truth_and_ranks_the_true_features_first() {
    let ds = dataset(&Options::default());
    let model = train(&ds, &opts(7)).unwrap();
    let card = &model.card;
    assert_eq!(card.training_interviews, 60);
    assert_eq!(card.experts, 3);
    assert!(card.warnings.is_empty(), "{:?}", card.warnings);
    for (id, truth) in [
        ("logic", ["voice.speech_ratio", "voice.pause_mean_s"]),
        ("warmth", ["expression.happy_mean", "voice.pitch_std_hz"]),
    ] {
        let it = item(card, id);
        let r = it.cv.pearson_r.unwrap();
        assert!(r >= 0.8, "{id}: nested-CV r = {r}");
        assert!(it.cv.spearman_rho.unwrap() >= 0.75);
        assert_eq!(it.cv.n, 60);
        assert!(
            matches!(it.model, ItemModel::Ridge { .. } | ItemModel::ElasticNet { .. }),
            "{id}: {}",
            it.model.kind()
        );
        let mut top: Vec<&str> = it.importances[..2].iter().map(|i| i.feature.as_str()).collect();
        top.sort();
        let mut want = truth.to_vec();
        want.sort();
        assert_eq!(top, want, "{id}: {:?}", it.importances);
        let agreement = it.agreement.as_ref().unwrap();
        assert_eq!((agreement.raters, agreement.recordings), (3, 60));
        assert!(agreement.icc2k > 0.8, "{agreement:?}");
        assert!(it.conformal_quantile > 0.0 && it.conformal_quantile < 1.0, "{}", it.conformal_quantile);
    }
    // The constant feature and the one missing in half the recordings are dropped and said so.
    let dropped: Vec<&str> = card.dropped_features.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(dropped, ["head.yaw_std", "video.brightness_mean"], "{:?}", card.dropped_features);
    assert!(card.features.iter().any(|f| f.name == "voice.pause_mean_s"), "10% missing is kept");
    assert_eq!(card.training_data_hash.len(), 64);
    // The card survives a JSON round trip (floats to within their last digit).
    let back: ModelCard = serde_json::from_str(&serde_json::to_string(card).unwrap()).unwrap();
    assert_eq!(back.items.len(), 2);
    assert_eq!(back.dropped_features, card.dropped_features);
    let (ItemModel::Ridge { weights, .. } | ItemModel::ElasticNet { weights, .. }) = &back.items[0].model else {
        panic!()
    };
    let (ItemModel::Ridge { weights: w0, .. } | ItemModel::ElasticNet { weights: w0, .. }) = &card.items[0].model
    else {
        panic!()
    };
    assert!(weights.iter().zip(w0).all(|(a, b)| (a - b).abs() < 1e-12));
}

/// The Rust-side formula the ONNX graph must reproduce for a linear item.
fn linear_formula(card: &ModelCard, row: &[f64]) -> Vec<f64> {
    card.items
        .iter()
        .map(|it| {
            let (ItemModel::Ridge { intercept, weights, .. } | ItemModel::ElasticNet { intercept, weights, .. }) =
                &it.model
            else {
                panic!("linear expected")
            };
            let raw: f64 = intercept
                + weights
                    .iter()
                    .zip(row.iter().zip(&card.features))
                    .map(|(w, (x, f))| if x.is_nan() { 0.0 } else { w * (x - f.mean) / f.std })
                    .sum::<f64>();
            raw.clamp(it.min, it.max)
        })
        .collect()
}

#[test]
fn onnx_scores_equal_the_linear_formula_and_missing_values_are_imputed() {
    let ds = dataset(&Options::default());
    let model = train(&ds, &opts(7)).unwrap();
    let predictor = Predictor::load(&model.onnx, model.card.clone()).unwrap();
    let card = predictor.card();
    let s = generate(&Options { seed: 99, n: 20, ..Options::default() });
    for (k, (_, fv)) in s.recordings.iter().enumerate() {
        let mut row: Vec<f64> =
            card.features.iter().map(|f| fv.values.get(&f.name).copied().unwrap_or(f64::NAN)).collect();
        if k % 3 == 0 {
            let j = k % row.len();
            row[j] = f64::NAN;
        }
        let got = predictor.scores(&row).unwrap();
        for (g, w) in got.iter().zip(linear_formula(card, &row)) {
            assert!((g - w).abs() < 1e-4, "row {k}: onnx {g} vs formula {w}");
        }
    }
    // All missing → every feature at its training mean → the intercept.
    let all_missing = predictor.scores(&vec![f64::NAN; card.features.len()]).unwrap();
    for (g, w) in all_missing.iter().zip(linear_formula(card, &vec![f64::NAN; card.features.len()])) {
        assert!((g - w).abs() < 1e-4);
    }
}

#[test]
fn prediction_has_interval_explanation_and_clips_to_scale() {
    let ds = dataset(&Options::default());
    let model = train(&ds, &opts(7)).unwrap();
    let predictor = Predictor::load(&model.onnx, model.card.clone()).unwrap();
    let s = generate(&Options { seed: 5, n: 1, ..Options::default() });
    let p = predictor.predict("new.json", &s.recordings[0].1).unwrap();
    assert_eq!(p.items.len(), 2);
    assert!(p.warnings.is_empty());
    for it in &p.items {
        let q = model.card.items.iter().find(|c| c.id == it.item).unwrap().conformal_quantile;
        assert!(it.low <= it.score && it.score <= it.high && it.low >= 1.0 && it.high <= 5.0);
        assert!((it.high - it.low) <= 2.0 * q + 1e-9);
        assert_eq!(it.top_features.len(), 3);
        let c: Vec<f64> = it.top_features.iter().map(|f| f.contribution.abs()).collect();
        assert!(c[0] >= c[1] && c[1] >= c[2]);
        assert!(it.top_features.iter().all(|f| f.label_en != f.feature), "labelled: {:?}", it.top_features);
    }
    // Extreme features push past the scale: the score is clipped, and the interval stays inside it.
    let mut extreme = s.recordings[0].1.clone();
    extreme.values.insert("voice.speech_ratio".into(), 100.0);
    extreme.values.insert("expression.happy_mean".into(), 100.0);
    let p = predictor.predict("extreme.json", &extreme).unwrap();
    for it in &p.items {
        assert_eq!(it.score, 5.0, "{}", it.item);
        assert_eq!(it.high, 5.0);
        assert!(it.low < 5.0 && it.low >= 1.0);
    }
    let json = serde_json::to_value(&p).unwrap();
    assert!(json["items"][0]["top_features"][0]["label_ja"].is_string());
}

#[test]
fn same_seed_same_model_other_seed_still_sane() {
    let ds = dataset(&Options::default());
    let a = train(&ds, &opts(7)).unwrap();
    let b = train(&ds, &opts(7)).unwrap();
    assert_eq!(a.card, b.card);
    assert_eq!(a.onnx, b.onnx);
    let c = train(&ds, &opts(8)).unwrap();
    assert_eq!(c.card.seed, 8);
    assert_ne!(a.card.items[0].cv, c.card.items[0].cv, "other folds give other CV figures");
    for it in &c.card.items {
        assert!(it.cv.pearson_r.unwrap() >= 0.8, "{}: {:?}", it.id, it.cv);
    }
}

#[test]
fn insufficient_recordings_are_excluded() {
    let mut s = generate(&Options::default());
    for (id, fv) in s.recordings.iter_mut().take(3) {
        fv.sufficient = false;
        fv.reasons = vec![format!("{id} too short")];
    }
    let ds = Dataset::new(s.recordings, s.ratings, items()).unwrap();
    assert_eq!(ds.recordings.len(), 57);
    assert_eq!(ds.excluded.len(), 3);
    assert!(ds.excluded[0].1.contains("too short"));
    let model = train(&ds, &opts(1)).unwrap();
    assert_eq!(model.card.training_interviews, 57);
    assert!(model.card.items.iter().all(|i| i.n == 57));
}

#[test]
fn fewer_than_50_interviews_carry_the_warning() {
    let ds = dataset(&Options { n: 30, ..Options::default() });
    let model = train(&ds, &opts(1)).unwrap();
    let w = &model.card.warnings;
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].ja, "学習データが50件未満のため、予測の信頼性が低い可能性があります");
    assert_eq!(w[0].en, "fewer than 50 training interviews: predictions may be unreliable");
    let predictor = Predictor::load(&model.onnx, model.card.clone()).unwrap();
    let fv = &generate(&Options { seed: 3, n: 1, ..Options::default() }).recordings[0].1;
    assert_eq!(predictor.predict("x.json", fv).unwrap().warnings, *w);
}

#[test]
fn pure_noise_gives_no_correlation() {
    let ds = dataset(&Options { noise_only: true, seed: 11, ..Options::default() });
    let model = train(&ds, &opts(3)).unwrap();
    for it in &model.card.items {
        let r = it.cv.pearson_r.unwrap_or(0.0);
        assert!(r < 0.35, "{}: r = {r} on pure noise would mean leakage", it.id);
    }
}

#[test]
fn intervals_cover_about_80_percent_of_new_labels() {
    let model = train(&dataset(&Options { n: 200, seed: 21, ..Options::default() }), &opts(2)).unwrap();
    let predictor = Predictor::load(&model.onnx, model.card.clone()).unwrap();
    let test = generate(&Options { n: 600, seed: 22, ..Options::default() });
    let (mut covered, mut total) = (0, 0);
    for (k, (_, fv)) in test.recordings.iter().enumerate() {
        let p = predictor.predict("t.json", fv).unwrap();
        for it in &p.items {
            // The label is the experts' mean, as in training.
            let label: f64 =
                test.ratings[k * 6..k * 6 + 6].iter().filter(|r| r.item == it.item).map(|r| r.score).sum::<f64>() / 3.0;
            covered += usize::from(it.low <= label && label <= it.high);
            total += 1;
        }
    }
    let coverage = covered as f64 / total as f64;
    assert!((0.73..=0.87).contains(&coverage), "coverage {coverage}");
}

#[test]
fn boosted_stumps_win_on_a_step_and_the_graph_matches_them() {
    let ds = dataset(&Options { step: true, n: 80, ..Options::default() });
    let model = train(&ds, &opts(4)).unwrap();
    let logic = item(&model.card, "logic");
    assert_eq!(logic.model.kind(), "boosted_stumps", "cv linear {:?} boosted {:?}", logic.cv_linear, logic.cv_boosted);
    assert_eq!(logic.cv, logic.cv_boosted);
    assert_eq!(logic.importances[0].feature, "voice.speech_ratio");
    let ItemModel::BoostedStumps { base, stumps, .. } = &logic.model else { unreachable!() };
    let predictor = Predictor::load(&model.onnx, model.card.clone()).unwrap();
    let card = predictor.card();
    let test = generate(&Options { step: true, n: 30, seed: 8, ..Options::default() });
    for (_, fv) in &test.recordings {
        let row: Vec<f64> = card.features.iter().map(|f| fv.values.get(&f.name).copied().unwrap_or(f64::NAN)).collect();
        let z = |name: &str| {
            let j = card.features.iter().position(|f| f.name == name).unwrap();
            if row[j].is_nan() { 0.0 } else { (row[j] - card.features[j].mean) / card.features[j].std }
        };
        let want: f64 =
            base + stumps.iter().map(|s| if z(&s.feature) > s.threshold { s.right } else { s.left }).sum::<f64>();
        let got = predictor.scores(&row).unwrap()[0];
        assert!((got - want.clamp(1.0, 5.0)).abs() < 1e-4, "onnx {got} vs stumps {want}");
    }
    let p = predictor.predict("t.json", &test.recordings[0].1).unwrap();
    assert_eq!(p.items[0].top_features[0].feature, "voice.speech_ratio");
    export_for_other_runtimes(&model, &predictor, &test.recordings);
}

/// With MENDAN_ML_EXPORT_DIR set, writes the model and `check.json` ({rows, scores} as tract computed them), so
/// another ONNX runtime (onnxruntime in the test command) can be checked against the same graph.
fn export_for_other_runtimes(model: &mendan_ml::TrainedModel, predictor: &Predictor, recs: &[(String, FeatureVector)]) {
    let Some(dir) = std::env::var_os("MENDAN_ML_EXPORT_DIR") else { return };
    let dir = std::path::PathBuf::from(dir);
    model.write_to(&dir).unwrap();
    let card = predictor.card();
    let rows: Vec<Vec<f64>> = recs
        .iter()
        .map(|(_, fv)| card.features.iter().map(|f| fv.values.get(&f.name).copied().unwrap_or(f64::NAN)).collect())
        .collect();
    let scores: Vec<Vec<f64>> = rows.iter().map(|r| predictor.scores(r).unwrap()).collect();
    // JSON has no NaN: missing values are written as null.
    let rows: Vec<Vec<Option<f64>>> =
        rows.iter().map(|r| r.iter().map(|v| (!v.is_nan()).then_some(*v)).collect()).collect();
    let check = serde_json::json!({"rows": rows, "scores": scores});
    std::fs::write(dir.join("check.json"), check.to_string()).unwrap();
}

#[test]
fn refuses_too_few_interviews_constant_labels_and_other_schemas() {
    let ds = dataset(&Options { n: 9, ..Options::default() });
    let err = train(&ds, &opts(1)).unwrap_err();
    assert!(matches!(err, MlError::TooLittleData(_)) && err.to_string().contains("9 rated"), "{err}");

    let mut s = generate(&Options::default());
    for r in &mut s.ratings {
        if r.item == "logic" {
            r.score = 3.0;
        }
    }
    let err = train(&Dataset::new(s.recordings, s.ratings, items()).unwrap(), &opts(1)).unwrap_err();
    assert!(err.to_string().contains("logic") && err.to_string().contains("every label"), "{err}");

    let mut s = generate(&Options::default());
    s.recordings[0].1 = FeatureVector { schema_version: 3, ..s.recordings[0].1.clone() };
    let err = Dataset::new(s.recordings, s.ratings, items()).unwrap_err().to_string();
    assert!(err.contains("schema version 3") && err.contains("schema version 2"), "{err}");

    let s = generate(&Options::default());
    let mut ratings = s.ratings.clone();
    ratings[0].score = 9.0;
    let err = Dataset::new(s.recordings, ratings, items()).unwrap_err().to_string();
    assert!(err.contains("outside the scale"), "{err}");
}
