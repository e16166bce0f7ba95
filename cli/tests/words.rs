//! `mendan words`: the Japanese words of a text from the models layer's dictionary, found from any directory.

use std::process::Command;

#[test]
fn prints_each_word_with_its_base_form_and_class() {
    let run = Command::new(env!("CARGO_BIN_EXE_mendan"))
        .args(["words", "仕込みの分担表を作りました"])
        .env_remove("MENDAN_MODELS_DIR")
        .current_dir(std::env::temp_dir())
        .output()
        .expect("mendan runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let words: Vec<serde_json::Value> =
        String::from_utf8_lossy(&run.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let made = words.iter().find(|w| w["surface"] == "作り").expect("作り");
    assert_eq!(
        (made["base"].as_str(), made["pos"].as_str(), made["content"].as_bool()),
        (Some("作る"), Some("Verb"), Some(true))
    );
    assert_eq!(words.iter().map(|w| w["surface"].as_str().unwrap()).collect::<String>(), "仕込みの分担表を作りました");
}

#[test]
fn a_models_directory_without_the_dictionary_is_named() {
    let empty = std::env::temp_dir().join(format!("mendan-no-models-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_mendan"))
        .args(["words", "店長"])
        .arg("--models")
        .arg(&empty)
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("ipadic/system.dic.gz"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::remove_dir_all(&empty).ok();
}

/// `mendan judge`: one verdict per content item (other kinds left out); "met" always with evidence, "not met" never.
#[test]
fn judge_names_the_criteria_an_interview_meets_with_evidence() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let items = std::env::temp_dir().join(format!("mendan-judge-items-{}.json", std::process::id()));
    let list = serde_json::json!([
        {"name": "リーダーシップ", "description": "周囲を巻き込み、先頭に立って物事を進めた経験"},
        {"name": "語学力", "description": "英語や中国語を業務で使った経験"},
        {"name": "協調性", "description": "周囲と協力する", "kind": "behaviour"}
    ]);
    std::fs::write(&items, list.to_string()).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_mendan"))
        .args(["judge", "--items"])
        .arg(&items)
        .arg(repo.join("tests/fixtures/transcripts/interview-teams.vtt"))
        .output()
        .expect("mendan runs");
    std::fs::remove_file(&items).ok();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let verdicts: Vec<serde_json::Value> = serde_json::from_slice(&run.stdout).unwrap();
    let names: Vec<&str> = verdicts.iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["リーダーシップ", "語学力"], "the behaviour item is not a content criterion");
    for v in &verdicts {
        let (met, evidence) = (v["met"].as_bool().unwrap(), v["evidence"].as_array().unwrap());
        assert_eq!(met, !evidence.is_empty(), "met only with evidence: {v}");
        assert!((0.0..=1.0).contains(&v["score"].as_f64().unwrap()));
    }
    assert_eq!(verdicts[1]["met"], false, "nobody spoke of languages: {}", verdicts[1]);
}
