//! `mendan report` as a user runs it: a Teams transcript and report items in, a workbook out;
//! bad input refused with the file and line named, and no workbook written.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/transcripts").join(name)
}

fn report(transcript: &Path, items: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mendan"))
        .args(["report", "--transcript"])
        .arg(transcript)
        .arg("--items")
        .arg(items)
        .arg("--out")
        .arg(out)
        .output()
        .expect("mendan runs")
}

#[test]
fn a_teams_transcript_becomes_a_workbook_with_every_item() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.xlsx");
    let run = report(&fixture("interview-teams.vtt"), &fixture("report-items.json"), &out);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let table = String::from_utf8_lossy(&run.stdout);
    for item in ["経歴・経験", "志望動機", "強み・弱み", "勤務条件"] {
        let line = table.lines().find(|l| l.starts_with(item)).unwrap_or_else(|| panic!("{item} missing: {table}"));
        assert!(!line.trim_end().ends_with(" 0 sentences"), "{line}");
    }
    assert_eq!(&std::fs::read(&out).unwrap()[..2], b"PK");
    assert!(!tmp.path().join("report.xlsx.partial").exists());
}

#[test]
fn bad_input_is_named_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.xlsx");
    let broken = tmp.path().join("broken.vtt");
    std::fs::write(&broken, "WEBVTT\n\n1\n00:00:01.000 --> 00:00:0x.000\n<v A>こんにちは</v>\n").unwrap();
    let run = report(&broken, &fixture("report-items.json"), &out);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("line 4"), "{}", String::from_utf8_lossy(&run.stderr));

    let twice = tmp.path().join("items.json");
    std::fs::write(&twice, r#"[{"name": "経験"}, {"name": "経験"}]"#).unwrap();
    let run = report(&fixture("interview-teams.vtt"), &twice, &out);
    assert!(String::from_utf8_lossy(&run.stderr).contains("items[1].name"), "{}", String::from_utf8_lossy(&run.stderr));

    let latin1 = tmp.path().join("latin1.vtt");
    std::fs::write(&latin1, b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ncaf\xe9\n").unwrap();
    let run = report(&latin1, &fixture("report-items.json"), &out);
    assert!(String::from_utf8_lossy(&run.stderr).contains("not UTF-8"), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(!out.exists(), "no workbook after a refusal");
}

#[test]
fn transcript_names_the_interviewee_and_summarises_them() {
    let run = Command::new(env!("CARGO_BIN_EXE_mendan"))
        .arg("transcript")
        .arg(fixture("interview-teams.vtt"))
        .output()
        .expect("mendan runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let out: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(out["interviewee"], "山田 太郎", "the one answering the questions");
    assert!(out["summary_chars"].as_u64().unwrap() * 5 <= out["source_chars"].as_u64().unwrap(), "{out}");
    let summary = out["summary"].as_array().unwrap();
    assert!(summary.len() >= 3, "several questions represented: {out}");
    assert!(summary.iter().all(|s| s["question"].is_string()), "each with its question");
    assert!(out["features"]["conversation.chars_per_s"].as_f64().unwrap() > 0.0);
    assert_eq!(out["follow_ups_for_last_answer"].as_array().unwrap().len(), 2);
}

/// The 30-minute fixture interview (tests/fixtures/transcripts/make_interview_30min.py): the
/// summary keeps to a fifth of what the interviewee said and keeps what a reader would pick.
#[test]
fn a_thirty_minute_interview_is_summarised_to_what_matters() {
    let run = Command::new(env!("CARGO_BIN_EXE_mendan"))
        .arg("transcript")
        .arg(fixture("interview-30min.vtt"))
        .output()
        .expect("mendan runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let out: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert!(out["summary_chars"].as_u64().unwrap() * 5 <= out["source_chars"].as_u64().unwrap(), "{out}");
    let picked: Vec<String> = out["summary"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["sentences"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_owned()))
        .collect();
    for must in [
        "御社を志望した理由は、製品を売るだけでなく、お客様の生産現場の課題を一緒に解決する姿勢に強く共感したからです。",
        "その結果、一年で受注件数が一・五倍になり、地区の売上も四年ぶりに前年を上回りました。",
        "営業はどうしても個人で動くことが多いのですが、私は週に一度、チームで失注と受注の理由を共有する時間を設けています。",
        "リーダーとしては、メンバーの得意分野を見て担当を割り振ることを意識しています。",
    ] {
        assert!(picked.iter().any(|p| p == must), "missing {must}\n{picked:#?}");
    }
    assert!(!picked.iter().any(|p| p.contains("山に登る") || p.contains("ありがとう")), "{picked:#?}");
}
