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
