//! Decoding with ffmpeg as a subprocess: what browsers record (WebM VP8/VP9 + Opus, MP4 H.264 +
//! AAC) and the spec's MPEG-4 files. Audio and video are streamed from ffmpeg's stdout in fixed
//! chunks, so memory stays flat whatever the recording's length.

use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

/// The sample rate every voice feature is computed at.
pub const SAMPLE_RATE: u32 = 16_000;

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("ffmpeg/ffprobe is not installed or cannot start ({0}); install the ffmpeg package")]
    ToolMissing(std::io::Error),
    #[error("the file cannot be read as audio or video: {0}")]
    Unreadable(String),
    #[error("the file has no {0} track")]
    MissingTrack(&'static str),
    #[error("reading ffmpeg's output failed: {0}")]
    Io(#[from] std::io::Error),
}

/// What ffprobe says about a file.
#[derive(Clone, Debug, PartialEq)]
pub struct MediaInfo {
    /// Seconds; browser WebM files often lack it in the header, then it is `None`.
    pub duration_s: Option<f64>,
    pub video: Option<(u32, u32)>,
    pub has_audio: bool,
}

pub fn probe(path: &Path) -> Result<MediaInfo, MediaError> {
    let output = Command::new("ffprobe")
        .args(["-v", "error", "-show_entries", "stream=codec_type,width,height:format=duration", "-of", "json"])
        .arg(path)
        .output()
        .map_err(MediaError::ToolMissing)?;
    if !output.status.success() {
        return Err(MediaError::Unreadable(first_line(&output.stderr)));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| MediaError::Unreadable(format!("ffprobe output: {e}")))?;
    let streams = json["streams"].as_array().cloned().unwrap_or_default();
    let video = streams.iter().find(|s| s["codec_type"] == "video").and_then(|s| {
        let (w, h) = (s["width"].as_u64()?, s["height"].as_u64()?);
        Some((u32::try_from(w).ok()?, u32::try_from(h).ok()?))
    });
    let has_audio = streams.iter().any(|s| s["codec_type"] == "audio");
    let duration_s = json["format"]["duration"].as_str().and_then(|d| d.parse::<f64>().ok()).filter(|d| d.is_finite());
    if video.is_none() && !has_audio {
        return Err(MediaError::Unreadable("no audio or video stream found".into()));
    }
    Ok(MediaInfo { duration_s, video, has_audio })
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
    fn spawn(path: &Path, output_args: &[&str]) -> Result<Self, MediaError> {
        let mut child = Command::new("ffmpeg")
            .args(["-nostdin", "-hide_banner", "-loglevel", "error", "-threads", "2", "-i"])
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

/// 16 kHz mono audio, read in blocks of `block` samples.
pub struct AudioReader {
    pipe: Pipe,
    bytes: Vec<u8>,
}

impl AudioReader {
    pub fn open(path: &Path, block: usize) -> Result<Self, MediaError> {
        let rate = SAMPLE_RATE.to_string();
        let pipe = Pipe::spawn(path, &["-vn", "-ac", "1", "-ar", &rate, "-f", "f32le"])?;
        Ok(Self { pipe, bytes: vec![0; block * 4] })
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
        let pipe = Pipe::spawn(path, &["-an", "-vf", &vf, "-pix_fmt", "rgb24", "-f", "rawvideo"])?;
        Ok(Self { pipe, width, height, fps: fps.unwrap_or(0.0) })
    }

    /// Reads the next frame into `rgb` (resized to width*height*3); `false` at the end.
    pub fn next_frame(&mut self, rgb: &mut Vec<u8>) -> Result<bool, MediaError> {
        rgb.resize(self.width as usize * self.height as usize * 3, 0);
        self.pipe.read_record(rgb)
    }
}
