//! `mendan ethics` on generated datasets with a known injected bias and without it (issue 19): the report finds
//! the injected rating difference within its interval, flags the impact ratio below 0.8, names the planted proxy
//! first and the one expert who rates a group lower; on the same data without bias it flags nothing.
//! With `MENDAN_ETHICS_EXPORT_DIR` set, the biased run's output is copied there for the Fairlearn check.

use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// Rating bias injected against one group on the item "communication", in score points.
const INJECTED: f64 = -0.6;
/// The extra bias of one expert (e3) against the same group on the item "logic".
const EXPERT_BIAS: f64 = -1.2;

struct Normal(u64);

impl Normal {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn sample(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// 600 interviews (290 female, 310 male; age bands 20-29 and 30-39 at random, a few undisclosed or in a band too
/// small to compare), six features of which only pitch follows gender, two items, three experts (two per
/// interview). With `biased`, every expert rates women lower on "communication" and e3 also on "logic".
fn write_dataset(dir: &Path, biased: bool) {
    std::fs::create_dir_all(dir.join("features")).unwrap();
    let mut rng = Normal(19);
    let mut ratings = String::from("recording,item,score,rater\n");
    let mut attributes = String::from("recording,attribute,group\n");
    for i in 0..600 {
        let female = i % 60 < 29;
        let age = match (i % 50, i % 300) {
            (0..=3, _) => "undisclosed",
            (_, 4 | 5) => "40-49",
            _ if rng.uniform() < 0.5 => "20-29",
            _ => "30-39",
        };
        let id = format!("rec{i:03}");
        writeln!(attributes, "{id},gender,{}", if female { "female" } else { "male" }).unwrap();
        writeln!(attributes, "{id},age_band,{age}").unwrap();
        let (speech, smile, latency, gaze, loud) =
            (rng.sample(), rng.sample(), rng.sample(), rng.sample(), rng.sample());
        let pitch = if female { 210.0 } else { 125.0 } + 22.0 * rng.sample();
        let features = json!({
            "schema_version": 2, "duration_s": 1800.0,
            "voice": {"pitch_mean_hz": pitch, "speech_ratio": 0.55 + 0.08 * speech, "loudness_db": -20.0 + 3.0 * loud},
            "expression": {"happy_mean": 0.3 + 0.1 * smile},
            "timing": {"response_latency_mean_s": 1.2 + 0.3 * latency},
            "gaze": {"stability": 0.7 + 0.1 * gaze},
            "quality": {"sufficient": true, "reasons": []}
        });
        std::fs::write(dir.join(format!("features/{id}.json")), features.to_string()).unwrap();
        let communication = 3.0 + 0.6 * speech + 0.4 * smile;
        let logic = 3.0 + 0.5 * smile - 0.4 * latency;
        let raters: [&str; 2] = match i % 3 {
            0 => ["e1", "e2"],
            1 => ["e2", "e3"],
            _ => ["e1", "e3"],
        };
        for rater in raters {
            let mut c = communication + 0.3 * rng.sample();
            let mut l = logic + 0.3 * rng.sample();
            if biased && female {
                c += INJECTED;
                if rater == "e3" {
                    l += EXPERT_BIAS;
                }
            }
            writeln!(ratings, "{id},communication,{:.2},{rater}", c.clamp(1.0, 5.0)).unwrap();
            writeln!(ratings, "{id},logic,{:.2},{rater}", l.clamp(1.0, 5.0)).unwrap();
        }
    }
    std::fs::write(dir.join("ratings.csv"), ratings).unwrap();
    std::fs::write(dir.join("attributes.csv"), attributes).unwrap();
    let items = r#"[{"id": "communication", "name": "コミュニケーション", "min": 1, "max": 5},
                    {"id": "logic", "name": "論理的思考", "min": 1, "max": 5}]"#;
    std::fs::write(dir.join("items.json"), items).unwrap();
}

fn ethics(dir: &Path) -> Value {
    let out = dir.join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_mendan"))
        .args(["ethics", "--dataset"])
        .arg(dir)
        .arg("--attributes")
        .arg(dir.join("attributes.csv"))
        .arg("--out")
        .arg(&out)
        .args(["--threshold", "communication=3"])
        .output()
        .expect("mendan runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    println!("{}", String::from_utf8_lossy(&run.stdout));
    serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
}

fn attribute<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["attributes"].as_array().unwrap().iter().find(|a| a["attribute"] == name).unwrap()
}

fn item<'a>(attribute: &'a Value, id: &str) -> &'a Value {
    attribute["items"].as_array().unwrap().iter().find(|i| i["item_id"] == id).unwrap()
}

#[test]
fn an_injected_bias_is_found_and_the_proxy_named_first() {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(dir.path(), true);
    let report = ethics(dir.path());
    let gender = attribute(&report, "gender");

    let ratings = &item(gender, "communication")["ratings"]["comparisons"][0];
    assert_eq!((ratings["group"].as_str(), ratings["reference"].as_str()), (Some("female"), Some("male")));
    let interval = [ratings["interval95"][0].as_f64().unwrap(), ratings["interval95"][1].as_f64().unwrap()];
    assert!(interval[0] <= INJECTED && INJECTED <= interval[1], "the injected {INJECTED} lies in {interval:?}");
    assert_eq!(ratings["significant"], true);

    let selection = &item(gender, "communication")["selection"];
    assert_eq!((selection["basis"].as_str(), selection["threshold"].as_f64()), (Some("tenant"), Some(3.0)));
    let female = selection["groups"].as_array().unwrap().iter().find(|g| g["group"] == "female").unwrap();
    assert!(female["impact_ratio"].as_f64().unwrap() < 0.8, "{selection}");
    let flags = report["flags"].as_array().unwrap();
    let flagged = |kind: &str, item: &str| {
        flags
            .iter()
            .any(|f| f["kind"] == kind && f["item_id"] == item && f["attribute"] == "gender" && f["group"] == "female")
    };
    assert!(flagged("impact_ratio", "communication") && flagged("rating_difference", "communication"), "{flags:?}");
    let expert_flags: Vec<&str> = flags
        .iter()
        .filter(|f| f["kind"] == "expert_difference" && f["item_id"] == "logic")
        .filter_map(|f| f["expert"].as_str())
        .collect();
    assert_eq!(expert_flags, ["e3"], "the one expert who rates women lower on logic");

    let proxies = &gender["proxies"];
    assert_eq!(proxies["features"][0]["feature"], "voice.pitch_mean_hz", "{proxies}");
    assert!(proxies["features"][1]["auc"].as_f64().unwrap() < 0.6, "no other feature follows gender: {proxies}");
    assert!(proxies["combined_auc"].as_f64().unwrap() > 0.9);

    let age = attribute(&report, "age_band");
    let small = age["groups"].as_array().unwrap().iter().find(|g| g["group"] == "40-49").unwrap();
    assert_eq!((small["too_small"].as_bool(), small["compared"].as_bool()), (Some(true), Some(false)));
    let age_ratings = item(age, "communication")["ratings"]["groups"].as_array().unwrap().clone();
    let small = age_ratings.iter().find(|g| g["group"] == "40-49").unwrap();
    assert_eq!(small["mean"], Value::Null, "a group under 5 gets no figures");
    assert!(flags.iter().all(|f| f["attribute"] == "gender"), "age bands were not biased: {flags:?}");

    // The workbooks and the auditor's zip beside the figures.
    let out = dir.path().join("out");
    for file in ["report-ja.xlsx", "report-en.xlsx", "audit.zip"] {
        assert!(std::fs::read(out.join(file)).unwrap().starts_with(b"PK"), "{file} is written");
    }

    if let Ok(export) = std::env::var("MENDAN_ETHICS_EXPORT_DIR") {
        std::fs::create_dir_all(&export).unwrap();
        for file in ["report.json", "predictions.csv", "report-ja.xlsx", "report-en.xlsx"] {
            std::fs::copy(dir.path().join("out").join(file), Path::new(&export).join(file)).unwrap();
        }
    }
}

#[test]
fn without_bias_nothing_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(dir.path(), false);
    let report = ethics(dir.path());
    assert_eq!(report["flags"], json!([]), "{}", report["flags"]);
    // Pitch still tells the groups apart (it is a proxy whether or not the ratings are biased).
    assert_eq!(attribute(&report, "gender")["proxies"]["features"][0]["feature"], "voice.pitch_mean_hz");
}
