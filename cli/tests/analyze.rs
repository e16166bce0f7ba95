//! `mendan analyze` as a user runs it: features as nested JSON on stdout, the timeline in a file,
//! and a plain error (no JSON, non-zero exit) for a file that is no recording.

use std::path::Path;
use std::process::Command;

fn mendan(args: &[&str], file: &Path) -> std::process::Output {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../layers/models");
    Command::new(env!("CARGO_BIN_EXE_mendan"))
        .arg("analyze")
        .args(args)
        .arg("--models")
        .arg(models)
        .arg(file)
        .output()
        .expect("mendan runs")
}

#[test]
fn prints_nested_features_and_writes_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tone.mp4");
    // 12 s of a test pattern with a tone that stops at 9 s: no face, some "speech".
    let status = Command::new("ffmpeg")
        .args(["-y", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=12"])
        .args(["-f", "lavfi", "-i", "sine=frequency=220:duration=9", "-af", "apad=whole_dur=12"])
        .args(["-c:v", "libx264", "-c:a", "aac", "-t", "12"])
        .arg(&file)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success());
    let timeline = dir.path().join("timeline.json");
    let out = mendan(&["--json", "--fps", "2", "--timeline", timeline.to_str().unwrap()], &file);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document on stdout");
    assert_eq!(json["schema_version"], 1);
    assert!((json["duration_s"].as_f64().unwrap() - 12.0).abs() < 0.2);
    assert_eq!(json["face"]["present_ratio"], 0.0, "a test pattern has no face");
    assert_eq!(json["quality"]["sufficient"], false);
    let reasons = json["quality"]["reasons"].to_string();
    assert!(reasons.contains("no face"), "{reasons}");
    let timeline: serde_json::Value = serde_json::from_slice(&std::fs::read(&timeline).unwrap()).unwrap();
    assert_eq!(timeline["face_present"].as_array().unwrap().len(), 12);
    assert!(timeline["speaking"][2].as_f64().unwrap() > 0.5 && timeline["speaking"][11].as_f64().unwrap() < 0.5);
}

#[test]
fn a_file_that_is_no_recording_is_a_plain_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.mp4");
    std::fs::write(&file, "this is text, not video").unwrap();
    let out = mendan(&[], &file);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "nothing on stdout for a failure");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot analyse") && stderr.contains("notes.mp4"), "{stderr}");
}
