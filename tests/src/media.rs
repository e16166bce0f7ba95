//! Recordings whose truth is known, generated with ffmpeg and espeak-ng: a face (scikit-image's
//! astronaut, public domain) moving gently with a black span, and a voice speaking over it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The codecs Chrome's MediaRecorder produces.
pub const WEBM: &[&str] = &["-c:v", "libvpx", "-b:v", "800k", "-c:a", "libopus"];

/// 12 s of interview: the face on a slow circle, black from 6 s to 8 s (face in 10 of 12 s), speech.
pub fn interview_video(dir: &Path, name: &str, codecs: &[&str]) -> PathBuf {
    let speech = dir.join("speech.wav");
    let text = "Hello, thank you for inviting me. I am looking forward to telling you about my work and my studies.";
    run(Command::new("espeak-ng").args(["-v", "en-us", "-w"]).arg(&speech).arg(text));
    face_video(dir, name, codecs, &["-i".as_ref(), speech.as_os_str()], "[1:a]apad=whole_dur=12[a]")
}

/// A video call as the interviewer's browser records it: the candidate's picture, the candidate's voice on the
/// left channel (3 s to about 9 s) and the interviewer's question on the right (0.2 s to about 2 s).
pub fn call_video(dir: &Path, name: &str, codecs: &[&str]) -> PathBuf {
    let (candidate, interviewer) = (dir.join("candidate.wav"), dir.join("interviewer.wav"));
    let answer = "Hello, thank you for inviting me. I am looking forward to telling you about my work and my studies.";
    run(Command::new("espeak-ng").args(["-v", "en-us", "-p", "20", "-w"]).arg(&candidate).arg(answer));
    run(Command::new("espeak-ng")
        .args(["-v", "en-us", "-p", "80", "-w"])
        .arg(&interviewer)
        .arg("Please tell me about yourself."));
    let inputs = ["-i".as_ref(), candidate.as_os_str(), "-i".as_ref(), interviewer.as_os_str()];
    let audio = "[1:a]adelay=3000,apad=whole_dur=12[l];[2:a]adelay=200,apad=whole_dur=12[r];\
                 [l][r]join=inputs=2:channel_layout=stereo[a]";
    face_video(dir, name, codecs, &inputs, audio)
}

/// The same picture with no sound at all (a muted microphone).
pub fn silent_video(dir: &Path, name: &str, codecs: &[&str]) -> PathBuf {
    let silence = ["-f".as_ref(), "lavfi".as_ref(), "-i".as_ref(), "anullsrc=r=48000:cl=mono".as_ref()];
    face_video(dir, name, codecs, &silence, "[1:a]atrim=0:12[a]")
}

fn face_video(dir: &Path, name: &str, codecs: &[&str], audio_input: &[&std::ffi::OsStr], audio: &str) -> PathBuf {
    let face = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/faces/astronaut_640x480_zoom.png");
    let out = dir.join(name);
    let video = "crop=600:450:20+12*sin(t):15+12*cos(t),scale=640:480,fps=25,\
                 drawbox=enable='between(t,6,8)':color=black:t=fill,format=yuv420p";
    run(Command::new("ffmpeg")
        .args(["-y", "-loglevel", "error", "-loop", "1", "-t", "12", "-i"])
        .arg(&face)
        .args(audio_input)
        .args(["-filter_complex", &format!("[0:v]{video}[v];{audio}"), "-map", "[v]", "-map", "[a]", "-t", "12"])
        .args(codecs)
        .arg(&out));
    out
}

fn run(command: &mut Command) {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?} cannot start: {e}"));
    assert!(output.status.success(), "{command:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// `seconds` of silence as 16 kHz mono WAV (a muted microphone).
pub fn silent_audio(dir: &Path, name: &str, seconds: u32) -> PathBuf {
    let out = dir.join(name);
    let source = format!("anullsrc=r=16000:cl=mono:d={seconds}");
    run(Command::new("ffmpeg").args(["-v", "error", "-y", "-f", "lavfi", "-i", &source]).arg(&out));
    out
}
