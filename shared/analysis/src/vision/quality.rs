//! Image-quality signals: how bright and how sharp a frame (or the face in it) is.

use super::frame::grey_level;
use super::{FaceBox, Frame};

/// Mean BT.601 luma of the frame, 0 (black) ..= 255 (white). 0 for an empty or malformed frame.
pub fn brightness(frame: &Frame) -> f32 {
    if frame.check().is_err() || frame.rgb.is_empty() {
        return 0.0;
    }
    // Every second pixel of every second row: the mean of a whole frame does not need all of
    // them, and this runs on every analysed frame. Summed in whole numbers (BT.601 in thousandths),
    // which the compiler vectorises; the mean differs from summing `luma` in floats by < 1e-4.
    let (mut sum, mut n) = (0u64, 0u64);
    for row in frame.rgb.chunks_exact(frame.width * 3).step_by(2) {
        let row_sum: u32 = row
            .chunks_exact(3)
            .step_by(2)
            .map(|p| 299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]))
            .sum();
        sum += u64::from(row_sum);
        n += row.len().div_ceil(6) as u64;
    }
    (sum as f64 / 1000.0 / n.max(1) as f64) as f32
}

pub fn blur(frame: &Frame) -> f32 {
    if frame.check().is_err() {
        return 0.0;
    }
    laplacian_variance(&frame.grey(), frame.width, frame.height)
}

/// [`blur`] of the face box only (clipped to the frame): the camera's focus on the person,
/// unaffected by a sharp or blurred background. 0 when the box has no 3×3 inside the frame.
pub fn face_blur(frame: &Frame, face: &FaceBox) -> f32 {
    if frame.check().is_err() {
        return 0.0;
    }
    let clip = |v: f32, max: usize| (v.max(0.0) as usize).min(max);
    let (x0, x1) = (clip(face.x1.floor(), frame.width), clip(face.x2.ceil(), frame.width));
    let (y0, y1) = (clip(face.y1.floor(), frame.height), clip(face.y2.ceil(), frame.height));
    if x1 <= x0 || y1 <= y0 {
        return 0.0;
    }
    let mut grey = Vec::with_capacity((x1 - x0) * (y1 - y0));
    for y in y0..y1 {
        for x in x0..x1 {
            let [r, g, b] = frame.pixel(x, y);
            grey.push(grey_level(r, g, b));
        }
    }
    laplacian_variance(&grey, x1 - x0, y1 - y0)
}

/// Variance of `4·p − (up + down + left + right)` over the interior pixels.
fn laplacian_variance(grey: &[f32], w: usize, h: usize) -> f32 {
    if w < 3 || h < 3 {
        return 0.0;
    }
    let (mut sum, mut sum_sq, mut n) = (0f64, 0f64, 0f64);
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let i = y * w + x;
            let lap = f64::from(grey[i - w] + grey[i + w] + grey[i - 1] + grey[i + 1] - 4.0 * grey[i]);
            sum += lap;
            sum_sq += lap * lap;
            n += 1.0;
        }
    }
    let mean = sum / n;
    ((sum_sq / n - mean * mean).max(0.0)) as f32
}
