//! The CLI's training directory: `features/{recording}.json`, `ratings.csv`, optional `items.json`.

mod common;

use common::{Rng, recording};
use mendan_ml::{Dataset, Predictor, TrainOptions, train};
use std::fmt::Write as _;
use std::path::Path;

/// Writes `n` recordings rated by two experts on one item (no items.json: the scale is inferred).
fn write_dir(dir: &Path, n: usize, extra_csv: &str) {
    std::fs::create_dir_all(dir.join("features")).unwrap();
    let mut rng = Rng::new(5);
    let mut csv = String::from("recording,item,score,rater\n");
    for i in 0..n {
        let (json, z) = recording(&mut rng, i);
        std::fs::write(dir.join(format!("features/r{i}.json")), json.to_string()).unwrap();
        let score = (3.0 + z[0]).round().clamp(1.0, 5.0);
        writeln!(csv, "r{i},logic,{score},e1").unwrap();
        writeln!(csv, "r{i},logic,{},e2", (score + if i % 4 == 0 { 1.0 } else { 0.0 }).min(5.0)).unwrap();
    }
    csv.push_str(extra_csv);
    std::fs::write(dir.join("ratings.csv"), csv).unwrap();
}

#[test]
fn loads_trains_writes_and_predicts_from_files() {
    let tmp = tempfile::tempdir().unwrap();
    write_dir(tmp.path(), 24, "ghost,logic,3,e1\n");
    let ds = Dataset::from_dir(tmp.path()).unwrap();
    assert_eq!(ds.recordings.len(), 24);
    assert_eq!(ds.excluded, [("ghost".to_owned(), "no features file".to_owned())]);
    assert_eq!(ds.experts, 2);
    let item = &ds.items[0];
    assert_eq!((item.spec.id.as_str(), item.scale_inferred), ("logic", true));
    assert!(item.agreement.as_ref().unwrap().icc2k > 0.5);

    let model = train(&ds, &TrainOptions { seed: 1, created_at: "2025-01-01T00:00:00Z".into() }).unwrap();
    assert!(model.card.warnings.iter().any(|w| w.code == "few_training_interviews"));
    assert!(model.card.warnings.iter().any(|w| w.code == "scale_inferred"));
    let out = tmp.path().join("model");
    model.write_to(&out).unwrap();
    let predictor = Predictor::from_dir(&out).unwrap();
    let text = std::fs::read_to_string(tmp.path().join("features/r0.json")).unwrap();
    let fv = mendan_ml::FeatureVector::parse("r0.json", &text).unwrap();
    let p = predictor.predict("r0.json", &fv).unwrap();
    assert_eq!(p.items[0].item, "logic");
}

#[test]
fn the_hash_ignores_order_but_not_content() {
    let tmp = tempfile::tempdir().unwrap();
    write_dir(tmp.path(), 12, "");
    let a = Dataset::from_dir(tmp.path()).unwrap().hash;
    let csv = std::fs::read_to_string(tmp.path().join("ratings.csv")).unwrap();
    let mut lines: Vec<&str> = csv.lines().collect();
    lines[1..].reverse();
    std::fs::write(tmp.path().join("ratings.csv"), lines.join("\n")).unwrap();
    assert_eq!(Dataset::from_dir(tmp.path()).unwrap().hash, a);
    std::fs::write(tmp.path().join("ratings.csv"), lines.join("\n").replacen(",e1", ",e3", 1)).unwrap();
    assert_ne!(Dataset::from_dir(tmp.path()).unwrap().hash, a);
}

#[test]
fn malformed_csv_names_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    write_dir(tmp.path(), 3, "r1,logic,good,e3\n");
    let err = Dataset::from_dir(tmp.path()).unwrap_err().to_string();
    assert!(err.contains("ratings.csv: line 8:") && err.contains("\"good\""), "{err}");
}

#[test]
fn items_json_gives_names_and_scales() {
    let tmp = tempfile::tempdir().unwrap();
    write_dir(tmp.path(), 3, "");
    std::fs::write(tmp.path().join("items.json"), r#"[{"id":"logic","name":"論理性","min":1,"max":5}]"#).unwrap();
    let ds = Dataset::from_dir(tmp.path()).unwrap();
    assert_eq!(ds.items[0].spec.name, "論理性");
    assert!(!ds.items[0].scale_inferred);
    std::fs::write(tmp.path().join("items.json"), "{").unwrap();
    assert!(Dataset::from_dir(tmp.path()).unwrap_err().to_string().contains("items.json"));
}
