//! Training and prediction speed on generated datasets (run by `tests/bench/train.sh`).
//!
//! For n = 50, 500 and 5,000 interviews (10 features, 2 items, 3 experts each): the wall time of
//! `train` (nested cross-validation, model choice, ONNX export), of loading the model into tract,
//! and of one prediction (score, interval, reasons) averaged over 1,000 interviews. One JSON line
//! per figure on stdout.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use mendan_ml::{Predictor, TrainOptions, train};

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().expect("sizes are numbers")).collect();
    let sizes = if sizes.is_empty() { vec![50, 500, 5000] } else { sizes };
    for n in sizes {
        let data = common::generate(&common::Options { n, seed: 5, ..common::Options::default() });
        let started = Instant::now();
        let dataset = mendan_ml::Dataset::new(data.recordings.clone(), data.ratings, common::items()).unwrap();
        let load_s = started.elapsed().as_secs_f64();

        let started = Instant::now();
        let model = train(&dataset, &TrainOptions { seed: 1, created_at: "bench".into() }).unwrap();
        let train_s = started.elapsed().as_secs_f64();

        let started = Instant::now();
        let predictor = Predictor::load(&model.onnx, model.card.clone()).unwrap();
        let model_load_s = started.elapsed().as_secs_f64();

        let rounds = 1000;
        let started = Instant::now();
        for k in 0..rounds {
            let (id, features) = &data.recordings[k % data.recordings.len()];
            std::hint::black_box(predictor.predict(id, features).unwrap());
        }
        let predict_ms = started.elapsed().as_secs_f64() * 1e3 / rounds as f64;
        let models: Vec<&str> = model.card.items.iter().map(|i| i.model.kind()).collect();
        println!(
            "{}",
            serde_json::json!({
                "interviews": n, "dataset_s": load_s, "train_s": train_s, "model_load_s": model_load_s,
                "predict_ms": predict_ms, "models": models,
            })
        );
    }
}
