//! Face features on a generated video whose truth is known: a face image (scikit-image's
//! astronaut, public domain) moving gently, with a blank span of known length, plus espeak speech;
//! in MP4/H.264 and WebM/VP8.

use mendan_analysis::analyze::{AnalyzeOptions, AudioLayout, analyze_file};
use mendan_analysis::vision::Models;
use std::path::{Path, PathBuf};
use std::process::Command;

fn models() -> Models {
    Models::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../layers/models")).expect("models load")
}

/// 12 s: the face moves on a slow circle, the picture is black from 6 s to 8 s (truth: face in
/// 10 of 12 s), and a voice speaks over it.
fn make_video(dir: &Path, name: &str, codecs: &[&str]) -> PathBuf {
    let face = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/faces/astronaut_640x480_zoom.png");
    let speech = dir.join("speech.wav");
    let text = "Hello, thank you for inviting me. I am looking forward to telling you about my work and my studies.";
    let status =
        Command::new("espeak-ng").args(["-v", "en-us", "-w"]).arg(&speech).arg(text).status().expect("espeak-ng runs");
    assert!(status.success());
    let out = dir.join(name);
    let video_filter = "crop=600:450:20+12*sin(t):15+12*cos(t),scale=640:480,fps=25,\
                        drawbox=enable='between(t,6,8)':color=black:t=fill,format=yuv420p";
    let result = Command::new("ffmpeg")
        .args(["-y", "-loglevel", "error", "-loop", "1", "-t", "12", "-i"])
        .arg(&face)
        .arg("-i")
        .arg(&speech)
        .args([
            "-filter_complex",
            &format!("[0:v]{video_filter}[v];[1:a]apad=whole_dur=12[a]"),
            "-map",
            "[v]",
            "-map",
            "[a]",
            "-t",
            "12",
        ])
        .args(codecs)
        .arg(&out)
        .output()
        .expect("ffmpeg runs");
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    out
}

#[test]
fn face_presence_and_expression_match_the_truth_in_mp4_and_webm() {
    let dir = tempfile::tempdir().unwrap();
    let models = models();
    let options =
        AnalyzeOptions { fps: 5.0, models: Some(&models), audio: AudioLayout::Mixed, every_expression: false };
    let containers: [(&str, &[&str]); 2] = [
        ("face.mp4", &["-c:v", "libx264", "-c:a", "aac"]),
        ("face.webm", &["-c:v", "libvpx", "-b:v", "1M", "-c:a", "libopus"]),
    ];
    for (name, codecs) in containers {
        let file = make_video(dir.path(), name, codecs);
        let analysis = analyze_file(&file, &options, &mut |_, _| {}).unwrap();
        let f = &analysis.features;
        let present = f.get("face.present_ratio").unwrap();
        assert!((present - 10.0 / 12.0).abs() <= 0.05, "{name}: face present {present:.3}, truth 0.833");
        assert!(f.get("expression.happy_mean").unwrap() > 0.5, "{name}: the astronaut smiles: {:?}", f.values);
        assert!(f.get("face.size_mean").unwrap() > 0.2, "{name}: a large interview face");
        assert!(f.get("head.motion_mean").unwrap() > 0.0, "{name}: the face moves");
        assert!(f.get("gaze.away_ratio").unwrap() < 0.2, "{name}: looking at the camera");
        assert_eq!(analysis.frames, 60, "{name}: 12 s at 5 fps");
        assert_eq!(analysis.timeline.face_present.len(), 12);
        assert!(analysis.timeline.face_present[6] < 0.5 && analysis.timeline.face_present[2] > 0.5);
        assert!(f.quality.sufficient, "{name}: {:?}", f.quality.reasons);
    }
}
