//! Voice and timing features on generated media whose truth is known: espeak-ng speech with
//! inserted silences of known length, muxed by ffmpeg into MP4/H.264+AAC and WebM/VP8+Opus.

use mendan_analysis::analyze::{AnalysisError, AnalyzeOptions, AudioLayout, analyze_file};
use mendan_analysis::media::{AudioReader, SAMPLE_RATE};
use std::path::{Path, PathBuf};
use std::process::Command;

/// These tests are about the voice; the face is tested in `face_media.rs`.
const VOICE_ONLY: AnalyzeOptions<'static> =
    AnalyzeOptions { fps: 5.0, models: None, audio: AudioLayout::Mixed, every_expression: false };

fn run(cmd: &mut Command) {
    let out =
        cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (tests/run.sh installs ffmpeg and espeak-ng)"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// Speech for `text`, 16 kHz mono, trimmed of leading and trailing silence.
fn speak(dir: &Path, text: &str, pitch: u32) -> Vec<f32> {
    let wav = dir.join(format!("say-{pitch}-{}.wav", text.len()));
    run(Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", "150", "-p", &pitch.to_string(), "-w"])
        .arg(&wav)
        .arg(text));
    let mut reader = AudioReader::open(&wav, 1600).unwrap();
    let (mut all, mut block) = (Vec::new(), Vec::new());
    while reader.next_block(&mut block).unwrap() {
        all.extend_from_slice(&block);
    }
    let first = all.iter().position(|s| s.abs() > 0.01).unwrap_or(0);
    let last = all.iter().rposition(|s| s.abs() > 0.01).unwrap_or(0);
    all[first..=last].to_vec()
}

fn silence(seconds: f64) -> Vec<f32> {
    vec![0.0; (seconds * f64::from(SAMPLE_RATE)) as usize]
}

/// Writes the samples as f32 PCM and muxes them with a grey video track into `name`.
fn mux(dir: &Path, samples: &[f32], name: &str, codecs: &[&str]) -> PathBuf {
    mux_channels(dir, samples, 1, name, codecs)
}

/// Like `mux`, with `channels` interleaved channels.
fn mux_channels(dir: &Path, samples: &[f32], channels: u32, name: &str, codecs: &[&str]) -> PathBuf {
    let raw = dir.join("audio.f32");
    std::fs::write(&raw, samples.iter().flat_map(|s| s.to_le_bytes()).collect::<Vec<u8>>()).unwrap();
    let out = dir.join(name);
    run(Command::new("ffmpeg")
        .args(["-y", "-loglevel", "error", "-f", "f32le", "-ar", "16000", "-ac", &channels.to_string(), "-i"])
        .arg(&raw)
        .args(["-f", "lavfi", "-i", "color=c=gray:s=160x120:r=10", "-shortest"])
        .args(codecs)
        .arg(&out));
    out
}

struct Truth {
    speech_s: f64,
    total_s: f64,
}

/// Three utterances separated by a 1.5 s and a 3 s pause.
fn interview_audio(dir: &Path) -> (Vec<f32>, Truth) {
    let phrases = [
        "I studied engineering at university and worked on robots",
        "My strength is patience when a problem takes a long time",
        "I would like to build products that help many people",
    ];
    let mut audio = silence(0.5);
    let mut speech_s = 0.0;
    for (i, phrase) in phrases.iter().enumerate() {
        let said = speak(dir, phrase, 50);
        speech_s += said.len() as f64 / f64::from(SAMPLE_RATE);
        audio.extend(said);
        audio.extend(silence([1.5, 3.0, 0.5][i]));
    }
    let total_s = audio.len() as f64 / f64::from(SAMPLE_RATE);
    (audio, Truth { speech_s, total_s })
}

#[test]
fn speech_ratio_and_pauses_match_the_truth_in_mp4_and_webm() {
    let dir = tempfile::tempdir().unwrap();
    let (audio, truth) = interview_audio(dir.path());
    let containers: [(&str, &[&str]); 2] = [
        ("interview.mp4", &["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"]),
        ("interview.webm", &["-c:v", "libvpx", "-c:a", "libopus"]),
    ];
    for (name, codecs) in containers {
        let file = mux(dir.path(), &audio, name, codecs);
        let analysis = analyze_file(&file, &VOICE_ONLY, &mut |_, _| {}).unwrap();
        let f = &analysis.features;
        let ratio = f.get("voice.speech_ratio").unwrap();
        let want = truth.speech_s / truth.total_s;
        assert!((ratio - want).abs() <= 0.05, "{name}: speech ratio {ratio:.3}, truth {want:.3}");
        assert_eq!(f.get("voice.pause_count"), Some(2.0), "{name}: {:?}", f.values);
        assert_eq!(f.get("voice.long_pause_count"), Some(1.0), "{name}");
        let pause_mean = f.get("voice.pause_mean_s").unwrap();
        assert!((pause_mean - 2.25).abs() < 0.3, "{name}: mean pause {pause_mean}");
        let rate = f.get("voice.rate_syllables_per_s").unwrap();
        // The three phrases have 18 + 13 + 13 syllables.
        let true_rate = 44.0 / truth.speech_s;
        assert!((rate - true_rate).abs() / true_rate < 0.25, "{name}: {rate:.2} syllables/s, truth {true_rate:.2}");
        assert!(f.quality.sufficient, "{name}: {:?}", f.quality.reasons);
        assert_eq!(
            analysis.timeline.speaking.len() as f64,
            f.get("duration_s").unwrap().ceil(),
            "{name}: one value per second"
        );
    }
}

/// A call as the interviewer's browser records it (WebM/Opus, the candidate on the left, the interviewer on the
/// right): two questions, each answered after a known silence. The voice features are the candidate's alone,
/// and the `call.*` features match the script.
#[test]
fn a_call_with_voices_apart_gives_the_candidates_voice_and_the_conversation() {
    let dir = tempfile::tempdir().unwrap();
    let (mut left, mut right) = (silence(0.5), silence(0.5));
    let mut say = |who_left: bool, text: &str, pitch: u32, then: f64| {
        let said = speak(dir.path(), text, pitch);
        let quiet = silence(said.len() as f64 / f64::from(SAMPLE_RATE));
        let (speaker, listener) = if who_left { (&mut left, &mut right) } else { (&mut right, &mut left) };
        speaker.extend(&said);
        listener.extend(&quiet);
        speaker.extend(silence(then));
        listener.extend(silence(then));
        said.len() as f64 / f64::from(SAMPLE_RATE)
    };
    let mut candidate_s = 0.0;
    say(false, "Please tell me about your strengths", 85, 1.0);
    candidate_s += say(true, "My strength is patience when a problem takes a long time", 15, 1.0);
    say(false, "What would you like to do here", 85, 2.0);
    candidate_s += say(true, "I would like to build products that help many people", 15, 0.5);
    let total_s = left.len() as f64 / f64::from(SAMPLE_RATE);
    let stereo: Vec<f32> = left.iter().zip(&right).flat_map(|(l, r)| [*l, *r]).collect();
    let file = mux_channels(dir.path(), &stereo, 2, "call.webm", &["-c:v", "libvpx", "-c:a", "libopus"]);

    let apart = AnalyzeOptions { audio: AudioLayout::IntervieweeLeftInterviewerRight, ..VOICE_ONLY };
    let f = analyze_file(&file, &apart, &mut |_, _| {}).unwrap().features;
    let mixed = analyze_file(&file, &VOICE_ONLY, &mut |_, _| {}).unwrap().features;
    let ratio = f.get("voice.speech_ratio").unwrap();
    assert!(
        (ratio - candidate_s / total_s).abs() <= 0.05,
        "candidate speaks {ratio:.3}, truth {:.3}",
        candidate_s / total_s
    );
    let (own, both) = (f.get("voice.pitch_mean_hz").unwrap(), mixed.get("voice.pitch_mean_hz").unwrap());
    assert!(own + 10.0 < both, "the candidate's low voice {own:.0} Hz, both voices mixed {both:.0} Hz");
    assert_eq!(f.get("call.turns_per_min").map(|t| (t * total_s / 60.0).round()), Some(3.0), "{:?}", f.values);
    let latency = f.get("call.answer_latency_s").unwrap();
    assert!((latency - 1.5).abs() < 0.3, "answers after 1.0 s and 2.0 s; median measured {latency:.2}");
    let share = f.get("call.interviewee_speech_share").unwrap();
    assert!(share > 0.5 && share < 0.8, "{share}");
    assert!((share + f.get("call.interviewer_speech_share").unwrap() - 1.0).abs() < 1e-9);
    assert!(mixed.get("call.turns_per_min").is_none(), "a mixed recording has no call features");
}

#[test]
fn a_higher_voice_has_a_higher_pitch() {
    let dir = tempfile::tempdir().unwrap();
    let pitch_of = |p: u32| {
        let text = "Thank you for the opportunity to talk about my experience today";
        let mut audio = speak(dir.path(), text, p);
        audio.extend(silence(0.5));
        audio.extend(speak(dir.path(), text, p));
        let file =
            mux(dir.path(), &audio, &format!("p{p}.mp4"), &["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"]);
        analyze_file(&file, &VOICE_ONLY, &mut |_, _| {}).unwrap().features.get("voice.pitch_mean_hz").unwrap()
    };
    let (low, high) = (pitch_of(15), pitch_of(85));
    assert!(low + 20.0 < high, "low voice {low:.0} Hz, high voice {high:.0} Hz");
}

#[test]
fn corrupt_empty_and_silent_files_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let corrupt = dir.path().join("corrupt.webm");
    std::fs::write(&corrupt, b"\x1a\x45\xdf\xa3 this is not a real recording").unwrap();
    assert!(matches!(analyze_file(&corrupt, &VOICE_ONLY, &mut |_, _| {}), Err(AnalysisError::Media(_))));
    let empty = dir.path().join("empty.mp4");
    std::fs::write(&empty, b"").unwrap();
    assert!(analyze_file(&empty, &VOICE_ONLY, &mut |_, _| {}).is_err());

    let silent =
        mux(dir.path(), &silence(12.0), "silent.mp4", &["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"]);
    let analysis = analyze_file(&silent, &VOICE_ONLY, &mut |_, _| {}).unwrap();
    assert!(!analysis.features.quality.sufficient);
    assert!(
        analysis.features.quality.reasons.iter().any(|r| r.contains("too little speech")),
        "{:?}",
        analysis.features.quality
    );
}
