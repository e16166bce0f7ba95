//! Frames per second of face detection and tracking on one core.
//!
//! ```sh
//! cargo run --release -p mendan-analysis --example vision_bench [-- FRAMES]
//! ```
//! Runs the full MTCNN cascade at minimum face sizes 20, 40 and 80 px, then the face tracker
//! (with expression and the per-frame signals) over FRAMES (default 60) copies of the 640x480
//! fixture frame shifted a few pixels each, and prints frames per second for each.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::time::Instant;

use mendan_analysis::vision::{
    DetectorSettings, FaceTracker, Frame, Models, TrackerSettings, face_blur, gaze_away, head_pose,
};

const MODELS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../layers/models");
const FRAME_PNG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/faces/astronaut_640x480_small.png");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let frames: usize = std::env::args().nth(1).map(|a| a.parse()).transpose()?.unwrap_or(60);
    let (width, height, rgb) = load_png(Path::new(FRAME_PNG))?;
    let models = Models::load(Path::new(MODELS_DIR))?;
    println!("frame {width}x{height}, single thread, {frames} frames per run");

    let frame = Frame::new(width, height, &rgb)?;
    for min_face in [20, 40, 80] {
        let settings = DetectorSettings { min_face, ..DetectorSettings::default() };
        models.detect(&frame, &settings)?; // builds the PNet plans for this pyramid
        let runs = frames.div_ceil(4).max(1);
        let start = Instant::now();
        let mut faces = 0;
        for _ in 0..runs {
            faces = models.detect(&frame, &settings)?.len();
        }
        let fps = runs as f64 / start.elapsed().as_secs_f64();
        println!("detect min_face {min_face:>2} px: {fps:7.1} frames/s ({faces} face)");
    }

    // A slow pan: 2 px right and 1 px down per frame, back and forth.
    let shifted: Vec<Vec<u8>> = (0..frames)
        .map(|k| {
            let t = (k % 40) as i64;
            let t = if t < 20 { t } else { 40 - t };
            shift(&rgb, width, height, 2 * t, t)
        })
        .collect();
    let settings = TrackerSettings::default();
    FaceTracker::new(settings).next(&models, &frame)?; // plans for the tracker's pyramid

    let mut tracker = FaceTracker::new(settings);
    let start = Instant::now();
    for pixels in &shifted {
        tracker.next(&models, &Frame::new(width, height, pixels)?)?;
    }
    let fps = frames as f64 / start.elapsed().as_secs_f64();
    println!("tracker (default settings)  : {fps:7.1} frames/s  {:?}", tracker.stats());

    let mut tracker = FaceTracker::new(settings);
    let start = Instant::now();
    for pixels in &shifted {
        let frame = Frame::new(width, height, pixels)?;
        if let Some(face) = tracker.next(&models, &frame)? {
            models.expression(&frame, &face)?;
            head_pose(&face);
            gaze_away(&face, width, height);
            face_blur(&frame, &face);
        }
    }
    let fps = frames as f64 / start.elapsed().as_secs_f64();
    println!("tracker + expression + signals: {fps:5.1} frames/s");
    Ok(())
}

fn load_png(path: &Path) -> Result<(usize, usize, Vec<u8>), Box<dyn std::error::Error>> {
    let mut decoder = png::Decoder::new(BufReader::new(File::open(path)?));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info()?;
    let mut buf = vec![0; reader.output_buffer_size().ok_or("PNG too large")?];
    let info = reader.next_frame(&mut buf)?;
    if info.color_type != png::ColorType::Rgb {
        return Err(format!("expected an RGB PNG, got {:?}", info.color_type).into());
    }
    buf.truncate(info.buffer_size());
    Ok((info.width as usize, info.height as usize, buf))
}

/// The frame moved by `(dx, dy)` pixels, uncovered area grey.
fn shift(rgb: &[u8], width: usize, height: usize, dx: i64, dy: i64) -> Vec<u8> {
    let mut out = vec![128u8; rgb.len()];
    for y in 0..height as i64 {
        let sy = y - dy;
        if !(0..height as i64).contains(&sy) {
            continue;
        }
        for x in 0..width as i64 {
            let sx = x - dx;
            if (0..width as i64).contains(&sx) {
                let src = (sy as usize * width + sx as usize) * 3;
                let dst = (y as usize * width + x as usize) * 3;
                out[dst..dst + 3].copy_from_slice(&rgb[src..src + 3]);
            }
        }
    }
    out
}
