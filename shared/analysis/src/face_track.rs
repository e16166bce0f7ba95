//! The video half of the analysis: sampled frames through the face tracker, expression and pose,
//! summarised per recording and per second. Two stages, so they can run on two threads:
//! [`VideoTrack::observe`] follows the face and measures position, pose and light, and hands the
//! face crop to [`ExpressionTrack::push`], which runs the expression network.

use crate::features::Features;
use crate::vision::{
    EXPRESSIONS, FaceTracker, Frame, Models, TrackerSettings, VisionError, brightness, gaze_away, head_pose,
};

/// Seconds between full detections while a face is tracked: O-Net re-fits the box every frame,
/// so the full cascade only has to catch a better face or drift now and then.
const REDETECT_EVERY_S: f64 = 10.0;
/// Smallest face a full detection looks for, as a fraction of the frame's short side: an
/// interviewee facing a webcam fills far more (80 px of 480 is a person two metres away).
const MIN_FACE_FRACTION: f32 = 1.0 / 6.0;

/// A smile counts as a peak when p(happy) rises above this.
const HAPPY_PEAK: f32 = 0.5;
/// The expression network's input (a 64×64 grey crop in [-1, 1]) is compared with the last one
/// the network read in 8×8 blocks: when no block's mean moved by more than this (about 13 grey
/// levels: a webcam's noise averages out over a block's 64 pixels and the box's jitter of a pixel
/// stays below it, a mouth that opens or closes does not), the face looks the same, and every
/// other frame reuses the expression read before instead of running the network (a third of the
/// analysis's CPU). Chosen on a clip whose mouth is stretched and flipped every few seconds
/// (`tests/bench/expression_reuse.sh`): its expression means moved by < 0.005 and its smile
/// peaks not at all, where reusing on a still face box alone lost a fifth of the peaks.
const SAME_FACE: f32 = 0.1;
/// Side of the blocks compared, in crop pixels.
const BLOCK: usize = 8;

/// Running sums over the sampled frames; a few numbers per frame, so memory stays flat.
pub struct VideoTrack {
    tracker: FaceTracker,
    fps: f64,
    frames: u64,
    present: u64,
    size_sum: f64,
    centre_offset_sum: f64,
    yaw: Vec<f32>,
    motion_sum: f64,
    motion_n: u64,
    away: u64,
    brightness_sum: f64,
    last_centre: Option<(f32, f32, f32)>,
    /// The 8×8 block means of the last crop the network read, while the face stays.
    last_read: Option<Vec<f32>>,
    /// The previous frame reused the expression before it (never two in a row).
    reused_last: bool,
    /// Whether a face that looks the same may reuse the previous reading at all.
    may_reuse: bool,
    /// Per second: (frames, frames with a face).
    seconds: Vec<(u32, u32)>,
}

/// What the face stage hands to the expression stage for one frame, in frame order.
pub struct FaceObservation {
    pub second: usize,
    /// The expression network's input when a face was found and is to be read.
    pub crop: Option<Vec<f32>>,
    /// A face is there, holding still: its expression is the previous frame's.
    pub same_as_before: bool,
}

/// Running sums of the expression probabilities over frames with a face.
#[derive(Default)]
pub struct ExpressionTrack {
    sum: [f64; 7],
    happy_peaks: u64,
    was_happy: bool,
    /// The last probabilities the network gave, for frames that reuse them.
    last: Option<[f32; 7]>,
    /// Per second: sum of p(happy).
    happy_per_second: Vec<f32>,
}

impl ExpressionTrack {
    pub fn push(&mut self, models: &Models, observation: FaceObservation) -> Result<(), VisionError> {
        if self.happy_per_second.len() <= observation.second {
            self.happy_per_second.resize(observation.second + 1, 0.0);
        }
        let probs = match (observation.crop, observation.same_as_before, self.last) {
            (Some(crop), _, _) => models.expression_of(&crop)?,
            (None, true, Some(last)) => last,
            _ => {
                self.was_happy = false;
                self.last = None;
                return Ok(());
            }
        };
        self.last = Some(probs);
        for (sum, p) in self.sum.iter_mut().zip(probs) {
            *sum += f64::from(p);
        }
        let happy = probs[3];
        self.happy_per_second[observation.second] += happy;
        if happy > HAPPY_PEAK && !self.was_happy {
            self.happy_peaks += 1;
        }
        self.was_happy = happy > HAPPY_PEAK;
        Ok(())
    }
}

/// Per-second series of the video, for charts.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct VideoTimeline {
    pub face_present: Vec<f32>,
    pub smiling: Vec<f32>,
}

impl VideoTrack {
    /// `may_reuse`: every other frame of a face that looks the same reuses the expression read
    /// before (see [`SAME_FACE`]).
    pub fn new(fps: f64, may_reuse: bool) -> Self {
        Self {
            tracker: FaceTracker::new(TrackerSettings {
                redetect_every: ((fps * REDETECT_EVERY_S).round() as u32).max(1),
                min_face_fraction: MIN_FACE_FRACTION,
                ..TrackerSettings::default()
            }),
            fps,
            frames: 0,
            present: 0,
            size_sum: 0.0,
            centre_offset_sum: 0.0,
            yaw: Vec::new(),
            motion_sum: 0.0,
            motion_n: 0,
            away: 0,
            brightness_sum: 0.0,
            last_centre: None,
            last_read: None,
            reused_last: false,
            may_reuse,
            seconds: Vec::new(),
        }
    }

    /// Follows the face in the next frame and measures it; returns what the expression stage needs.
    pub fn observe(&mut self, models: &Models, frame: &Frame) -> Result<FaceObservation, VisionError> {
        let second = (self.frames as f64 / self.fps) as usize;
        self.frames += 1;
        self.brightness_sum += f64::from(brightness(frame));
        if self.seconds.len() <= second {
            self.seconds.resize(second + 1, (0, 0));
        }
        self.seconds[second].0 += 1;
        let Some(face) = self.tracker.next(models, frame)? else {
            self.last_centre = None;
            (self.last_read, self.reused_last) = (None, false);
            return Ok(FaceObservation { second, crop: None, same_as_before: false });
        };
        let (w, h) = (frame.width as f32, frame.height as f32);
        self.present += 1;
        self.seconds[second].1 += 1;
        self.size_sum += f64::from(face.height() / h);
        let (cx, cy) = face.centre();
        self.centre_offset_sum += f64::from(((cx / w - 0.5).powi(2) + (cy / h - 0.5).powi(2)).sqrt());
        let pose = head_pose(&face);
        self.yaw.push(pose.yaw_proxy);
        if let Some((px, py, pw)) = self.last_centre {
            // Movement in face widths, so it does not depend on how close the person sits.
            self.motion_sum += f64::from((cx - px).hypot(cy - py) / pw.max(1.0));
            self.motion_n += 1;
        }
        self.last_centre = Some((cx, cy, face.width()));
        if gaze_away(&face, frame.width, frame.height) {
            self.away += 1;
        }
        let crop = models.expression_input(frame, &face)?;
        let blocks = block_means(&crop);
        let same = self.last_read.as_ref().is_some_and(|last| {
            last.len() == blocks.len() && last.iter().zip(&blocks).all(|(a, b)| (a - b).abs() < SAME_FACE)
        });
        let reuse = same && self.may_reuse && !self.reused_last;
        self.reused_last = reuse;
        if reuse {
            return Ok(FaceObservation { second, crop: None, same_as_before: true });
        }
        self.last_read = Some(blocks);
        Ok(FaceObservation { second, crop: Some(crop), same_as_before: false })
    }

    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Writes the `face.*`, `head.*`, `expression.*`, `gaze.*` and `video.*` features.
    pub fn finish(self, expressions: ExpressionTrack, features: &mut Features) -> VideoTimeline {
        let frames = self.frames.max(1) as f64;
        let present = self.present as f64;
        features.set("face.present_ratio", present / frames);
        features.set("video.brightness_mean", self.brightness_sum / frames);
        if self.present > 0 {
            features.set("face.size_mean", self.size_sum / present);
            features.set("face.centre_offset_mean", self.centre_offset_sum / present);
            let (mean, var) = mean_var(&self.yaw);
            features.set("head.yaw_mean", mean);
            features.set("head.yaw_std", var.sqrt());
            features.set("gaze.away_ratio", self.away as f64 / present);
            for (name, sum) in EXPRESSIONS.iter().zip(expressions.sum) {
                features.set(&format!("expression.{name}_mean"), sum / present);
            }
            let minutes = frames / self.fps / 60.0;
            features.set("expression.happy_peak_rate", expressions.happy_peaks as f64 / minutes.max(1e-9));
        }
        if self.motion_n > 0 {
            // Face widths per second.
            features.set("head.motion_mean", self.motion_sum / self.motion_n as f64 * self.fps);
        }
        let face_present = self.seconds.iter().map(|(n, p)| *p as f32 / (*n).max(1) as f32).collect();
        let happy = |second: usize| expressions.happy_per_second.get(second).copied().unwrap_or(0.0);
        let smiling = self
            .seconds
            .iter()
            .enumerate()
            .map(|(i, (_, p))| if *p > 0 { happy(i) / *p as f32 } else { 0.0 })
            .collect();
        VideoTimeline { face_present, smiling }
    }
}

/// The means of the square crop's [`BLOCK`]×[`BLOCK`] blocks, row by row.
fn block_means(crop: &[f32]) -> Vec<f32> {
    let side = (crop.len() as f64).sqrt() as usize;
    let blocks = side / BLOCK;
    let mut means = vec![0f32; blocks * blocks];
    for (y, row) in crop.chunks_exact(side.max(1)).enumerate().take(blocks * BLOCK) {
        for (x, value) in row.iter().enumerate().take(blocks * BLOCK) {
            means[(y / BLOCK) * blocks + x / BLOCK] += value;
        }
    }
    let n = (BLOCK * BLOCK) as f32;
    means.iter_mut().for_each(|m| *m /= n);
    means
}

fn mean_var(values: &[f32]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = values.iter().map(|v| f64::from(*v)).sum::<f64>() / n;
    (mean, values.iter().map(|v| (f64::from(*v) - mean).powi(2)).sum::<f64>() / n)
}
