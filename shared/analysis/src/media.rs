//! Decoding with ffmpeg as a subprocess: what browsers record (WebM VP8/VP9 + Opus, MP4 H.264 +
//! AAC) and the spec's MPEG-4 files. Audio and video are streamed from ffmpeg's stdout in fixed
//! chunks, so memory stays flat whatever the recording's length.

use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::OnceLock;

/// The sample rate every voice feature is computed at.
pub const SAMPLE_RATE: u32 = 16_000;

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("ffmpeg is not installed or cannot start ({0}); run layers/ffmpeg/ensure-local.sh or install ffmpeg")]
    ToolMissing(std::io::Error),
    #[error("the file cannot be read as audio or video: {0}")]
    Unreadable(String),
    #[error("the file has no {0} track")]
    MissingTrack(&'static str),
    #[error("reading ffmpeg's output failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("the thread reading decoded frames stopped unexpectedly")]
    Worker,
}

/// Inputs are read from local files only, by the demuxers of what uploads may be (WebM/Matroska,
/// MP4/MOV/M4A, MP3, WAV, Ogg). A crafted upload that is really a playlist (HLS), a concat list or
/// anything else that names other files or URLs is refused before it is followed.
const INPUT_LIMITS: [&str; 4] =
    ["-protocol_whitelist", "file", "-format_whitelist", "matroska,webm,mov,mp4,m4a,3gp,mp3,wav,ogg"];

static FFMPEG: OnceLock<PathBuf> = OnceLock::new();

/// Runs this ffmpeg executable instead of the `ffmpeg` on PATH (`mendan serve` finds one at
/// start-up; the Lambda layer's is on PATH). Only the first call counts.
pub fn use_ffmpeg(path: PathBuf) {
    let _ = FFMPEG.set(path);
}

fn ffmpeg() -> Command {
    Command::new(FFMPEG.get().map_or(Path::new("ffmpeg"), PathBuf::as_path))
}

/// The first line of `ffmpeg -version` of the ffmpeg in use, or why it cannot start.
pub fn ffmpeg_version() -> Result<String, MediaError> {
    let output =
        ffmpeg().args(["-hide_banner", "-version"]).stdin(Stdio::null()).output().map_err(MediaError::ToolMissing)?;
    let text = String::from_utf8_lossy(&output.stdout);
    match text.lines().next() {
        Some(line) if output.status.success() => Ok(line.trim().to_owned()),
        _ => Err(MediaError::ToolMissing(std::io::Error::other("`ffmpeg -version` failed"))),
    }
}

/// What ffmpeg says about a file's streams.
#[derive(Clone, Debug, PartialEq)]
pub struct MediaInfo {
    /// Seconds; browser WebM files often lack it in the header, then it is `None`.
    pub duration_s: Option<f64>,
    pub video: Option<(u32, u32)>,
    pub has_audio: bool,
    /// Channels of the first audio stream (0 when there is none or ffmpeg did not say).
    pub audio_channels: u32,
}

/// Reads the stream summary ffmpeg prints for an input. Only the `ffmpeg` binary is needed (no
/// ffprobe), so the Lambda layer ships one static executable.
pub fn probe(path: &Path) -> Result<MediaInfo, MediaError> {
    let output = ffmpeg()
        .args(["-nostdin", "-hide_banner"])
        .args(INPUT_LIMITS)
        .arg("-i")
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .map_err(MediaError::ToolMissing)?;
    // Without an output file ffmpeg always exits with an error; the summary is on stderr.
    parse_input_summary(&String::from_utf8_lossy(&output.stderr))
}

/// Parses ffmpeg's `Input #0 ... Duration: ... Stream #0:0: Video: ..., 640x480 ...` summary.
fn parse_input_summary(stderr: &str) -> Result<MediaInfo, MediaError> {
    if !stderr.lines().any(|l| l.starts_with("Input #0")) {
        let reason = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("ffmpeg failed");
        return Err(MediaError::Unreadable(reason.trim().to_owned()));
    }
    let mut info = MediaInfo { duration_s: None, video: None, has_audio: false, audio_channels: 0 };
    for line in stderr.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("Duration: ") {
            info.duration_s = rest.split(',').next().and_then(parse_clock).filter(|d| d.is_finite() && *d > 0.0);
        } else if line.starts_with("Stream #0:") {
            if let Some((_, spec)) = line.split_once(": Video: ") {
                info.video = info.video.or_else(|| frame_size(spec));
            } else if let Some((_, spec)) = line.split_once(": Audio: ") {
                if !info.has_audio {
                    info.audio_channels = channel_count(spec);
                }
                info.has_audio = true;
            }
        }
    }
    if info.video.is_none() && !info.has_audio {
        return Err(MediaError::Unreadable("no audio or video stream found".into()));
    }
    Ok(info)
}

/// The channel field of an audio stream spec (`opus, 48000 Hz, stereo, fltp`): mono, stereo, `N channels` or a
/// named layout such as `5.1`; 0 when none is recognised.
fn channel_count(spec: &str) -> u32 {
    spec.split(", ")
        .find_map(|field| match field.trim() {
            "mono" => Some(1),
            "stereo" => Some(2),
            "5.1" | "5.1(side)" => Some(6),
            other => other.strip_suffix(" channels").and_then(|n| n.parse().ok()),
        })
        .unwrap_or(0)
}

/// `01:02:03.45` → seconds; `N/A` → None.
fn parse_clock(text: &str) -> Option<f64> {
    let mut parts = text.trim().split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    Some(h.parse::<f64>().ok()? * 3600.0 + m.parse::<f64>().ok()? * 60.0 + s.parse::<f64>().ok()?)
}

/// The first comma-separated field of a video stream spec that reads `WIDTHxHEIGHT`.
fn frame_size(spec: &str) -> Option<(u32, u32)> {
    spec.split(", ").find_map(|field| {
        let (w, h) = field.split_whitespace().next()?.split_once('x')?;
        if w.starts_with('0') {
            return None; // a codec tag such as 0x31637661, not a size
        }
        Some((w.parse().ok()?, h.parse().ok()?)).filter(|(w, h): &(u32, u32)| *w > 0 && *h > 0)
    })
}

fn first_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or("ffmpeg failed").trim().to_owned()
}

/// A running ffmpeg whose stdout is read in fixed-size records.
struct Pipe {
    child: Child,
    stdout: ChildStdout,
    path: PathBuf,
}

impl Pipe {
    fn spawn(path: &Path, input_args: &[&str], output_args: &[&str]) -> Result<Self, MediaError> {
        let mut child = ffmpeg()
            // One decoding thread: the analysis keeps the other core busy, and ffmpeg's frame
            // threads cost a tenth more CPU for the same frames when there is no core to spare.
            .args(["-nostdin", "-hide_banner", "-loglevel", "error", "-threads", "1"])
            .args(INPUT_LIMITS)
            .args(input_args)
            .arg("-i")
            .arg(path)
            .args(output_args)
            .arg("-")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(MediaError::ToolMissing)?;
        let stdout = child.stdout.take().ok_or_else(|| MediaError::Unreadable("no ffmpeg output".into()))?;
        Ok(Self { child, stdout, path: path.to_owned() })
    }

    /// Fills `buf` completely; `Ok(false)` at the end of the stream (a partial record is dropped).
    fn read_record(&mut self, buf: &mut [u8]) -> Result<bool, MediaError> {
        let mut filled = 0;
        while filled < buf.len() {
            match self.stdout.read(&mut buf[filled..]) {
                Ok(0) => return self.finish().map(|_| false),
                Ok(n) => filled += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(true)
    }

    fn finish(&mut self) -> Result<(), MediaError> {
        let status = self.child.wait()?;
        if status.success() {
            return Ok(());
        }
        let mut stderr = Vec::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_end(&mut stderr);
        }
        tracing::debug!(file = %self.path.display(), "ffmpeg failed");
        Err(MediaError::Unreadable(first_line(&stderr)))
    }
}

impl Drop for Pipe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// 16 kHz audio, read in blocks of `block` samples per channel: mono (every channel mixed down), or the first
/// two channels interleaved (left, right) when each carries its own voice.
pub struct AudioReader {
    pipe: Pipe,
    bytes: Vec<u8>,
}

impl AudioReader {
    pub fn open(path: &Path, block: usize) -> Result<Self, MediaError> {
        Self::open_channels(path, block, 1)
    }

    /// Interleaved left/right samples; a mono source gives the same samples on both.
    pub fn open_stereo(path: &Path, block: usize) -> Result<Self, MediaError> {
        Self::open_channels(path, block, 2)
    }

    fn open_channels(path: &Path, block: usize, channels: usize) -> Result<Self, MediaError> {
        let (rate, count) = (SAMPLE_RATE.to_string(), channels.to_string());
        let pipe = Pipe::spawn(path, &[], &["-vn", "-ac", &count, "-ar", &rate, "-f", "f32le"])?;
        Ok(Self { pipe, bytes: vec![0; block * channels * 4] })
    }

    /// The next block of samples, or `None` at the end.
    pub fn next_block(&mut self, out: &mut Vec<f32>) -> Result<bool, MediaError> {
        let more = self.pipe.read_record(&mut self.bytes)?;
        out.clear();
        if more {
            out.extend(self.bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])));
        }
        Ok(more)
    }
}

/// Sampling rates up to this skip non-reference frames: reference frames alone (an I or P frame
/// at least every 4 frames in common H.264 streams, every frame in VP8) still cover 5 fps.
const SKIP_NON_REFERENCE_UP_TO_FPS: f64 = 5.0;

/// Video frames as rgb24 at a fixed size and sampling rate.
pub struct FrameReader {
    pipe: Pipe,
    pub width: u32,
    pub height: u32,
    pub fps: f64,
}

impl FrameReader {
    /// `fps` frames per second (the file's own rate when `None`), scaled to `width`x`height`.
    pub fn open(path: &Path, fps: Option<f64>, width: u32, height: u32) -> Result<Self, MediaError> {
        let mut filters = Vec::new();
        if let Some(fps) = fps {
            filters.push(format!("fps={fps}"));
        }
        filters.push(format!("scale={width}:{height}:flags=bilinear"));
        let vf = filters.join(",");
        // Sampling a few frames a second never needs the frames nothing else refers to (most
        // B-frames): skipping their decoding saves a third of the decoder's work, with no drift.
        let input: &[&str] = match fps {
            Some(fps) if fps <= SKIP_NON_REFERENCE_UP_TO_FPS => &["-skip_frame", "noref"],
            _ => &[],
        };
        let pipe = Pipe::spawn(path, input, &["-an", "-vf", &vf, "-pix_fmt", "rgb24", "-f", "rawvideo"])?;
        Ok(Self { pipe, width, height, fps: fps.unwrap_or(0.0) })
    }

    /// Reads the next frame into `rgb` (resized to width*height*3); `false` at the end.
    pub fn next_frame(&mut self, rgb: &mut Vec<u8>) -> Result<bool, MediaError> {
        rgb.resize(self.width as usize * self.height as usize * 3, 0);
        self.pipe.read_record(rgb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MP4: &str = "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':
  Metadata:
    encoder         : Lavf61.7.100
  Duration: 00:01:02.50, start: 0.000000, bitrate: 180 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 640x480 [SAR 1:1 DAR 4:3], 120 kb/s, 25 fps
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, mono, fltp, 69 kb/s
At least one output file must be specified
";

    #[test]
    fn reads_duration_size_and_audio() {
        let info = parse_input_summary(MP4).unwrap();
        assert_eq!(
            info,
            MediaInfo { duration_s: Some(62.5), video: Some((640, 480)), has_audio: true, audio_channels: 1 }
        );
    }

    #[test]
    fn browser_webm_without_duration() {
        let webm = "Input #0, matroska,webm, from 'b.webm':
  Duration: N/A, start: 0.000000, bitrate: N/A
  Stream #0:0(eng): Audio: opus, 48000 Hz, stereo, fltp (default)
  Stream #0:1(eng): Video: vp8, yuv420p(progressive), 1280x720, SAR 1:1 DAR 16:9, 1k tbr, 1k tbn (default)
";
        let info = parse_input_summary(webm).unwrap();
        assert_eq!(info, MediaInfo { duration_s: None, video: Some((1280, 720)), has_audio: true, audio_channels: 2 });
        assert_eq!(channel_count("pcm_s16le, 16000 Hz, 4 channels, s16"), 4);
        assert_eq!(channel_count("aac, 48000 Hz, fltp"), 0);
    }

    /// Files ffmpeg would follow to other inputs: an HLS playlist and a concat list naming a local
    /// MPEG-TS segment (readable on its own, and read through before issue 13), and a playlist
    /// naming a URL on a listener that counts connections.
    #[test]
    fn playlists_and_concat_lists_are_refused_without_following_them() {
        if !Command::new("ffmpeg").arg("-version").stdout(Stdio::null()).status().is_ok_and(|s| s.success()) {
            eprintln!("ffmpeg is not installed; skipped");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let segment = dir.path().join("segment.ts");
        let made = Command::new("ffmpeg")
            .args(["-y", "-loglevel", "error", "-f", "lavfi", "-i", "sine=duration=2", "-f", "mpegts"])
            .arg(&segment)
            .status()
            .unwrap();
        assert!(made.success());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/segment.ts", listener.local_addr().unwrap());
        let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = connections.clone();
        std::thread::spawn(move || {
            for _ in listener.incoming() {
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        });
        let playlist =
            |target: &str| format!("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n{target}\n#EXT-X-ENDLIST\n");
        let crafted = [
            ("playlist.webm", playlist("segment.ts")),
            ("remote.webm", playlist(&url)),
            ("concat.mp4", "ffconcat version 1.0\nfile 'segment.ts'\n".to_owned()),
        ];
        for (name, text) in crafted {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            assert!(probe(&path).is_err(), "{name} was read through");
            let mut samples = Vec::new();
            let audio = AudioReader::open(&path, 1024).and_then(|mut r| r.next_block(&mut samples));
            assert!(audio.is_err(), "{name} decoded: {audio:?}");
        }
        assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 0, "ffmpeg connected to the URL");
    }

    #[test]
    fn unreadable_input_names_the_reason() {
        let err = parse_input_summary("x.mp4: Invalid data found when processing input\n").unwrap_err();
        assert!(err.to_string().contains("Invalid data"), "{err}");
        let no_streams = "Input #0, wav, from 'c.wav':\n  Duration: 00:00:01.00\n";
        assert!(parse_input_summary(no_streams).is_err());
    }
}
