//! One recording in, its features and timeline out. ffmpeg streams the audio through the voice
//! analysis on one thread while the sampled video frames go through face tracking, expression and
//! pose on another, so decoding, audio and vision overlap on two cores.

use std::path::Path;

use crate::call_conversation;
use crate::face_track::{ExpressionTrack, FaceObservation, VideoTimeline, VideoTrack};
use crate::features::{Features, Quality};
use crate::media::{AudioReader, FrameReader, MediaError, MediaInfo, SAMPLE_RATE, probe};
use crate::vision::{Frame, Models, VisionError};
use crate::voice::{VoiceFeatures, VoiceSettings, VoiceTrack};

/// Video frames analysed per second unless told otherwise: the face and expression change more
/// slowly than this, and every fifth frame of 25 fps video keeps decoding the bottleneck.
pub const DEFAULT_FPS: f64 = 5.0;
/// Recordings shorter than this carry too little to judge.
const MIN_DURATION_S: f64 = 10.0;
/// Less speech than this (seconds) is not enough to describe a voice.
const MIN_SPEECH_S: f64 = 5.0;
/// A face in fewer frames than this share is not enough to describe a face.
const MIN_FACE_RATIO: f64 = 0.5;
/// Mean luma below this (0..255) is too dark to see a face reliably.
const MIN_BRIGHTNESS: f64 = 40.0;
/// Frames wider than this are scaled down before analysis (the face stays large in interviews).
const MAX_WIDTH: u32 = 640;

#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error("face analysis failed: {0}")]
    Vision(#[from] VisionError),
    #[error("the recording is empty: no audio samples or frames could be decoded")]
    Empty,
}

pub struct AnalyzeOptions<'a> {
    /// Video frames analysed per second.
    pub fps: f64,
    /// The vision models; without them only voice and timing are analysed.
    pub models: Option<&'a Models>,
    /// Where the interviewee's voice is in the audio.
    pub audio: AudioLayout,
    /// Run the expression network on every sampled face, never reusing the previous frame's
    /// reading for a face that looks the same (for comparing the two in benchmarks).
    pub every_expression: bool,
}

/// Where the interviewee's voice is in a recording's audio.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AudioLayout {
    /// One voice, or every voice mixed (a self-interview answer, a meeting tool's file).
    #[default]
    Mixed,
    /// A video call recorded by the interviewer's browser: the interviewee on the left channel, the interviewer
    /// on the right. The voice features describe the left channel alone; both give the `call.*` features.
    IntervieweeLeftInterviewerRight,
}

/// The voice features of the interviewee and, when the call put them on their own channel, the interviewer's.
struct Voices {
    interviewee: VoiceFeatures,
    interviewer: Option<VoiceFeatures>,
}

/// Per-second series for charts under the player.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Timeline {
    /// Fraction of each second with speech.
    pub speaking: Vec<f32>,
    /// Fraction of each second's frames with a face.
    pub face_present: Vec<f32>,
    /// Mean p(happy) of each second's faces.
    pub smiling: Vec<f32>,
    /// Video calls with the voices apart: fraction of each second in which the interviewer spoke (`speaking` is
    /// then the interviewee's alone).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interviewer_speaking: Vec<f32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub features: Features,
    pub timeline: Timeline,
    /// Video frames analysed (for throughput figures).
    pub frames: u64,
}

/// Progress callback: seconds of media processed so far, and the total when known.
pub type Progress<'a> = &'a mut (dyn FnMut(f64, Option<f64>) + Send);

pub fn analyze_file(path: &Path, options: &AnalyzeOptions, progress: Progress<'_>) -> Result<Analysis, AnalysisError> {
    let info = probe(path)?;
    let video = match (info.video, options.models) {
        (Some(size), Some(models)) => Some((size, models)),
        _ => None,
    };
    let (voice, video) = std::thread::scope(|scope| {
        let audio = info.has_audio.then(|| scope.spawn(|| analyze_audio(path, &info, options.audio, progress)));
        let video = video
            .map(|(size, models)| analyze_video(path, size, options.fps, models, options.every_expression))
            .transpose();
        let voice = audio.map(|h| h.join().unwrap_or(Err(AnalysisError::Empty))).transpose();
        (voice, video)
    });
    let (voice, video) = (voice?, video?);
    let mut features = Features::default();
    let mut timeline = Timeline::default();
    let mut quality = Quality { sufficient: true, ..Quality::default() };
    let mut frames = 0;

    if let Some(Voices { interviewee, interviewer: Some(interviewer) }) = &voice {
        let duration = info.duration_s.unwrap_or(interviewee.duration_s);
        for (name, value) in call_conversation::measure(&interviewee.segments, &interviewer.segments, duration) {
            features.set(name, value);
        }
        timeline.interviewer_speaking = interviewer.speaking_per_second.clone();
    }
    match voice.as_ref().map(|v| &v.interviewee) {
        Some(v) => {
            write_voice(&mut features, v);
            timeline.speaking = v.speaking_per_second.clone();
            if v.speech_s < MIN_SPEECH_S {
                quality.refuse(
                    format!("話している時間が短すぎます（{:.1} 秒。{MIN_SPEECH_S} 秒以上必要です）", v.speech_s),
                    format!("too little speech ({:.1} s; at least {MIN_SPEECH_S} s needed)", v.speech_s),
                );
            }
        }
        None => quality.refuse("録画に音声がありません".to_owned(), "the recording has no sound".to_owned()),
    }
    if let Some((track, expressions)) = video {
        frames = track.frames();
        if track.frames() == 0 && voice.is_none() {
            return Err(AnalysisError::Empty);
        }
        let VideoTimeline { face_present, smiling } = track.finish(expressions, &mut features);
        timeline.face_present = face_present;
        timeline.smiling = smiling;
        if features.get("face.present_ratio").unwrap_or(0.0) < MIN_FACE_RATIO {
            quality.refuse(
                "ほとんどの場面で顔が映っていません。カメラに被面談者の顔が映るようにしてください".to_owned(),
                "no face in most frames: the camera should show the interviewee's face".to_owned(),
            );
        }
        if features.get("video.brightness_mean").unwrap_or(0.0) < MIN_BRIGHTNESS {
            quality.refuse(
                "映像が暗すぎます。被面談者の正面から明かりを当ててください".to_owned(),
                "the video is too dark: add light in front of the interviewee".to_owned(),
            );
        }
    }
    if features.get("duration_s").is_none()
        && let Some(d) = info.duration_s
    {
        features.set("duration_s", d);
    }
    let duration = features.get("duration_s").unwrap_or(0.0);
    if duration < MIN_DURATION_S {
        quality.refuse(
            format!("録画が短すぎます（{duration:.1} 秒。{MIN_DURATION_S} 秒以上必要です）"),
            format!("too short ({duration:.1} s; at least {MIN_DURATION_S} s needed)"),
        );
    }
    features.quality = quality;
    Ok(Analysis { features, timeline, frames })
}

fn analyze_audio(
    path: &Path,
    info: &MediaInfo,
    layout: AudioLayout,
    progress: Progress<'_>,
) -> Result<Voices, AnalysisError> {
    // A call recording whose audio came out mono (an old browser) has no voices apart: read it as mixed.
    let apart = layout == AudioLayout::IntervieweeLeftInterviewerRight && info.audio_channels >= 2;
    let block_len = SAMPLE_RATE as usize / 2;
    let mut reader =
        if apart { AudioReader::open_stereo(path, block_len)? } else { AudioReader::open(path, block_len)? };
    let (mut interviewee, mut interviewer) = (VoiceTrack::new(), apart.then(VoiceTrack::new));
    let (mut block, mut left, mut right, mut samples) = (Vec::new(), Vec::new(), Vec::new(), 0usize);
    while reader.next_block(&mut block)? {
        match interviewer.as_mut() {
            Some(other) => {
                left.clear();
                right.clear();
                for pair in block.chunks_exact(2) {
                    left.push(pair[0]);
                    right.push(pair[1]);
                }
                interviewee.push(&left);
                other.push(&right);
                samples += left.len();
            }
            None => {
                interviewee.push(&block);
                samples += block.len();
            }
        }
        progress(samples as f64 / f64::from(SAMPLE_RATE), info.duration_s);
    }
    if samples == 0 {
        return Err(AnalysisError::Empty);
    }
    let settings = VoiceSettings::default();
    Ok(Voices { interviewee: interviewee.finish(&settings), interviewer: interviewer.map(|t| t.finish(&settings)) })
}

/// Frames in flight between the face stage and the expression stage: enough to smooth out the
/// occasional full detection, few enough that memory stays flat (a crop is 16 KiB).
const EXPRESSION_QUEUE: usize = 16;
/// Decoded frames waiting for the face stage (0.9 MiB each at 640x480). A pipe holds less than
/// one frame, so without this queue ffmpeg would wait for every frame to be analysed before
/// decoding the next, and decoding and analysis would take turns instead of overlapping.
const DECODED_QUEUE: usize = 6;

/// Three stages on their own threads: ffmpeg's frames read ahead into a queue, the face stage
/// on this thread, the expression network on another; on two cores they overlap with each
/// other and with ffmpeg's decoding.
fn analyze_video(
    path: &Path,
    (w, h): (u32, u32),
    fps: f64,
    models: &Models,
    every_expression: bool,
) -> Result<(VideoTrack, ExpressionTrack), AnalysisError> {
    // Keep the aspect ratio; even sizes suit every pixel format.
    let (width, height) = if w > MAX_WIDTH { (MAX_WIDTH, (h * MAX_WIDTH / w) & !1) } else { (w & !1, h & !1) };
    let sampling = (fps > 0.0).then_some(fps);
    let mut reader = FrameReader::open(path, sampling, width, height)?;
    let mut track = VideoTrack::new(if fps > 0.0 { fps } else { 25.0 }, !every_expression);
    let (observations, to_expressions) = std::sync::mpsc::sync_channel::<FaceObservation>(EXPRESSION_QUEUE);
    let (decoded, frames) = std::sync::mpsc::sync_channel::<Vec<u8>>(DECODED_QUEUE);
    // Analysed frames' buffers go back to the reader, so a long video does not allocate per frame.
    let (recycle, spare) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let decoding = scope.spawn(move || {
            loop {
                let mut rgb = spare.try_recv().unwrap_or_default();
                if !reader.next_frame(&mut rgb)? || decoded.send(rgb).is_err() {
                    return Ok::<_, MediaError>(());
                }
            }
        });
        let expressions = scope.spawn(move || {
            let mut expressions = ExpressionTrack::default();
            for observation in to_expressions {
                expressions.push(models, observation)?;
            }
            Ok::<_, VisionError>(expressions)
        });
        let faces = (|| {
            for rgb in frames.iter() {
                let frame = Frame::new(width as usize, height as usize, &rgb)?;
                if observations.send(track.observe(models, &frame)?).is_err() {
                    break; // the expression stage failed; its error is reported below
                }
                let _ = recycle.send(rgb);
            }
            Ok::<_, AnalysisError>(())
        })();
        // Stops the reader (its next send fails) if the face stage ended early.
        drop(frames);
        drop(observations);
        let decoding = decoding.join().unwrap_or(Err(MediaError::Worker));
        let expressions = expressions.join().unwrap_or(Err(VisionError::Worker));
        faces?;
        decoding?;
        Ok((track, expressions?))
    })
}

fn write_voice(features: &mut Features, voice: &VoiceFeatures) {
    features.set("duration_s", voice.duration_s);
    features.set("voice.speech_ratio", voice.speech_ratio);
    features.set("voice.pause_count", voice.pause_count as f64);
    features.set("voice.pause_mean_s", voice.pause_mean_s);
    features.set("voice.long_pause_count", voice.long_pause_count as f64);
    if voice.speech_s > 0.0 {
        features.set("voice.pitch_mean_hz", voice.pitch_mean_hz);
        features.set("voice.pitch_std_hz", voice.pitch_std_hz);
        features.set("voice.loudness_std_db", voice.loudness_std_db);
        features.set("voice.rate_syllables_per_s", voice.rate_syllables_per_s);
    }
}
