//! `mendan train` and `mendan predict` as a user runs them on a dataset directory.

use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// 60 recordings whose "logic" rating follows speaking rate and smiling, rated by two experts.
fn write_dataset(dir: &Path) {
    std::fs::create_dir_all(dir.join("features")).unwrap();
    let mut state = 7u64;
    let mut uniform = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut csv = String::from("recording,item,score,rater\n");
    for i in 0..60 {
        let (rate, happy, pause) = (2.0 + 3.0 * uniform(), uniform(), 0.3 + uniform());
        let features = json!({
            "schema_version": 1, "duration_s": 600.0,
            "voice": {"rate_syllables_per_s": rate, "pause_mean_s": pause, "speech_ratio": 0.5 + 0.2 * uniform()},
            "expression": {"happy_mean": happy},
            "face": {"present_ratio": 0.9 + 0.1 * uniform()},
            "quality": {"sufficient": true, "reasons": []}
        });
        std::fs::write(dir.join(format!("features/rec{i}.json")), features.to_string()).unwrap();
        let truth = 1.0 + (rate - 2.0) + 2.0 * happy;
        for (rater, noise) in [("e1", uniform() - 0.5), ("e2", uniform() - 0.5)] {
            writeln!(csv, "rec{i},logic,{},{rater}", (truth + noise).round().clamp(1.0, 5.0)).unwrap();
        }
    }
    std::fs::write(dir.join("ratings.csv"), csv).unwrap();
    std::fs::write(dir.join("items.json"), r#"[{"id": "logic", "name": "論理的思考", "min": 1, "max": 5}]"#).unwrap();
}

fn mendan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mendan")).args(args).output().expect("mendan runs")
}

#[test]
fn trains_then_predicts_with_intervals_and_reasons() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, model) = (tmp.path().join("data"), tmp.path().join("model"));
    write_dataset(&data);
    let out = mendan(&["train", "--dataset", data.to_str().unwrap(), "--out", model.to_str().unwrap(), "--seed", "3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("60 interviews, 2 experts") && table.contains("論理的思考"), "{table}");
    assert!(model.join("model.onnx").is_file() && model.join("model.json").is_file());

    let features = data.join("features/rec0.json");
    let out = mendan(&["predict", "--model", model.to_str().unwrap(), features.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let prediction: Value = serde_json::from_slice(&out.stdout).unwrap();
    let item = &prediction["items"][0];
    assert_eq!(item["item"], "logic");
    let (low, score, high) =
        (item["low"].as_f64().unwrap(), item["score"].as_f64().unwrap(), item["high"].as_f64().unwrap());
    assert!((1.0..=5.0).contains(&score) && low <= score && score <= high, "{item}");
    let top = item["top_features"].as_array().unwrap();
    assert_eq!(top.len(), 3);
    assert!(top[0]["label_ja"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(prediction["warnings"].as_array().is_some(), "60 ≥ 50 interviews: no reliability warning needed");
}

#[test]
fn a_missing_dataset_is_a_plain_error() {
    let out = mendan(&["train", "--dataset", "/nonexistent/dataset", "--out", "/tmp/never"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the dataset"));
}

#[test]
fn stats_finds_the_features_behind_the_ratings() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, out_dir) = (tmp.path().join("data"), tmp.path().join("stats"));
    write_dataset(&data);
    let out =
        mendan(&["stats", "--dataset", data.to_str().unwrap(), "--out", out_dir.to_str().unwrap(), "--plots", "2"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&std::fs::read(out_dir.join("stats.json")).unwrap()).unwrap();
    assert_eq!(report["interviews"], 60);
    let relation = |feature: &str| {
        report["relations"].as_array().unwrap().iter().find(|r| r["feature"] == feature).unwrap().clone()
    };
    // The rating follows the speaking rate; the face's presence is unrelated.
    let rate = relation("voice.rate_syllables_per_s");
    assert!(rate["spearman"]["coefficient"].as_f64().unwrap() > 0.5 && rate["spearman"]["q"].as_f64().unwrap() < 0.01);
    assert!(rate["extremes"]["top_mean"].as_f64().unwrap() > rate["extremes"]["bottom_mean"].as_f64().unwrap());
    assert!(relation("face.present_ratio")["spearman"]["q"].as_f64().unwrap() > 0.05);
    let xlsx = std::fs::read(out_dir.join("stats.xlsx")).unwrap();
    assert_eq!(&xlsx[..2], b"PK");
    let plots: Vec<_> = std::fs::read_dir(out_dir.join("plots")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(plots.len(), 2, "{plots:?}");
    let first = std::fs::read_to_string(out_dir.join("plots").join(plots.iter().min().unwrap())).unwrap();
    assert!(first.contains("<svg") && first.matches("<circle").count() == 60);
}
