//! Follows the interview's main face from frame to frame.
//!
//! A full MTCNN detection spends most of its time in PNet over the pyramid and in RNet over
//! ~100 proposals. Between frames of a video the face barely moves, so the tracker re-checks only
//! the window where it was:
//! 1. ONet on the last box made square (one 48×48 crop): if it still sees a face that overlaps
//!    the last box, that is the new box, with fresh landmarks;
//! 2. otherwise a local search: seven windows around the last box (itself, shifted by
//!    `search_shift` of its side left/right/up/down, shrunk and grown by 1.25x) through RNet,
//!    then ONet, as stages 2 and 3 of the cascade;
//! 3. otherwise, and every `redetect_every` frames anyway (to catch a better face and stop
//!    drift), a full detection with the minimum face size raised to `min_face_fraction` of the
//!    frame's short side, since an interview's main face is large.

use serde::{Deserialize, Serialize};

use super::mtcnn::{self, Candidate};
use super::{DetectorSettings, FaceBox, Frame, Models, VisionError};

/// Parameters of [`FaceTracker`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrackerSettings {
    /// Full-detection settings; their thresholds also gate the tracking steps. `min_face` is a
    /// floor under the size derived from `min_face_fraction`.
    pub detector: DetectorSettings,
    /// Smallest face a full detection looks for, as a fraction of the frame's short side
    /// (0.125: 60 px on 640x480, 90 px on 1280x720).
    pub min_face_fraction: f32,
    /// A full detection at least every this many frames fed to [`FaceTracker::next`]
    /// (1 = every frame). Counted in calls, not seconds: 30 is ~1 s at 30 fps, scale it down
    /// when frames are sampled more sparsely.
    pub redetect_every: u32,
    /// Shift of the local-search windows, as a fraction of the face box side.
    pub search_shift: f32,
    /// Least overlap (IoU) between the last box and a tracked one for it to be the same face.
    pub min_iou: f32,
    /// After two full detections in a row found no face, detect only every this many frames
    /// (1 = every frame) until one appears: an empty chair or a covered camera then costs little,
    /// and a returning face is still found within this many frames.
    pub absent_retry_every: u32,
}

impl Default for TrackerSettings {
    fn default() -> Self {
        TrackerSettings {
            detector: DetectorSettings::default(),
            min_face_fraction: 0.125,
            redetect_every: 30,
            search_shift: 0.25,
            min_iou: 0.2,
            absent_retry_every: 3,
        }
    }
}

/// What the tracker did so far (for benchmarks and monitoring; no image content).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackerStats {
    pub frames: u64,
    /// Frames that ran the full cascade.
    pub full_detections: u64,
    /// Frames followed by one ONet run.
    pub tracked: u64,
    /// Frames followed by the local search after ONet alone lost the face.
    pub searched: u64,
    /// Frames with no face reported.
    pub no_face: u64,
}

/// Per-frame face tracking for interview video; see the module documentation. Use one tracker
/// per recording, fed frames in order; call [`reset`](FaceTracker::reset) after a seek or cut.
#[derive(Debug, Clone)]
pub struct FaceTracker {
    settings: TrackerSettings,
    track: Option<FaceBox>,
    /// Frames since the last full detection.
    since_detection: u32,
    /// Full detections in a row that found no face.
    misses: u32,
    stats: TrackerStats,
}

impl FaceTracker {
    pub fn new(settings: TrackerSettings) -> Self {
        FaceTracker { settings, track: None, since_detection: 0, misses: 0, stats: TrackerStats::default() }
    }

    /// The main face in `frame` (the tracked one, or after a full detection the one overlapping
    /// the track, else the largest), or `None` when there is no face.
    pub fn next(&mut self, models: &Models, frame: &Frame) -> Result<Option<FaceBox>, VisionError> {
        frame.check()?;
        self.stats.frames += 1;
        let due = self.since_detection + 1 >= self.settings.redetect_every.max(1);
        if let (Some(last), false) = (self.track, due)
            && let Some(face) = self.follow(models, frame, &last)?
        {
            self.track = Some(face);
            self.since_detection += 1;
            return Ok(Some(face));
        }

        if self.track.is_none() && self.misses >= 2 && self.since_detection + 1 < self.settings.absent_retry_every {
            self.since_detection += 1;
            self.stats.no_face += 1;
            return Ok(None);
        }
        let faces = models.detect(frame, &self.detector_settings(frame))?;
        self.stats.full_detections += 1;
        self.since_detection = 0;
        self.track = choose(faces, self.track.as_ref());
        if self.track.is_none() {
            self.misses += 1;
            self.stats.no_face += 1;
        } else {
            self.misses = 0;
        }
        Ok(self.track)
    }

    /// Forgets the track (e.g. at a scene cut); the next frame runs a full detection.
    pub fn reset(&mut self) {
        self.track = None;
        self.since_detection = 0;
        self.misses = 0;
    }

    pub fn stats(&self) -> TrackerStats {
        self.stats
    }

    /// The detector settings for a full detection on a frame of this size.
    pub fn detector_settings(&self, frame: &Frame) -> DetectorSettings {
        let short_side = frame.width.min(frame.height) as f32;
        let derived = (short_side * self.settings.min_face_fraction).floor() as u32;
        DetectorSettings { min_face: self.settings.detector.min_face.max(derived), ..self.settings.detector }
    }

    /// Steps 1 and 2: the face near `last`, if it is still there.
    fn follow(&mut self, models: &Models, frame: &Frame, last: &FaceBox) -> Result<Option<FaceBox>, VisionError> {
        let [_, t_rnet, t_onet] = self.settings.detector.thresholds;
        let mut window = Candidate::from_face(last);
        window.square();

        let found = mtcnn::output(models, frame, vec![window.clone()], t_onet)?;
        if let Some(face) = self.same_face(&found, last) {
            self.stats.tracked += 1;
            return Ok(Some(face));
        }

        let windows = search_windows(&window, self.settings.search_shift);
        let refined = mtcnn::refine(models, frame, windows, t_rnet)?;
        let found = mtcnn::output(models, frame, refined, t_onet)?;
        let face = self.same_face(&found, last);
        if face.is_some() {
            self.stats.searched += 1;
        }
        Ok(face)
    }

    /// The found face overlapping `last` most, if it overlaps enough to be the same person.
    fn same_face(&self, found: &[Candidate], last: &FaceBox) -> Option<FaceBox> {
        found
            .iter()
            .map(Candidate::to_face)
            .map(|f| (f.iou(last), f))
            .filter(|(iou, _)| *iou >= self.settings.min_iou)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, f)| f)
    }
}

/// The main face among `faces`: the one overlapping the previous track, else the largest.
fn choose(faces: Vec<FaceBox>, track: Option<&FaceBox>) -> Option<FaceBox> {
    if let Some(track) = track {
        let best = faces.iter().map(|f| (f.iou(track), f)).max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((iou, face)) = best
            && iou > 0.3
        {
            return Some(*face);
        }
    }
    faces.into_iter().max_by(|a, b| a.area().total_cmp(&b.area()))
}

/// The square `window`, shifted four ways by `shift` of its side and scaled by 1/1.25 and 1.25,
/// as integer boxes (stage 2 crops integer boxes).
fn search_windows(window: &Candidate, shift: f32) -> Vec<Candidate> {
    let side = window.x2 - window.x1;
    let d = side * f64::from(shift);
    let (cx, cy) = ((window.x1 + window.x2) / 2.0, (window.y1 + window.y2) / 2.0);
    let at = |dx: f64, dy: f64, scale: f64| {
        let half = side * scale / 2.0;
        let mut c = Candidate {
            x1: cx + dx - half,
            y1: cy + dy - half,
            x2: cx + dx + half,
            y2: cy + dy + half,
            ..Candidate::default()
        };
        c.fix();
        c
    };
    vec![
        at(0.0, 0.0, 1.0),
        at(-d, 0.0, 1.0),
        at(d, 0.0, 1.0),
        at(0.0, -d, 1.0),
        at(0.0, d, 1.0),
        at(0.0, 0.0, 0.8),
        at(0.0, 0.0, 1.25),
    ]
}
