//! Network inputs: pixel scaling, the width-first layout, and the crops of stages 2 and 3.

use super::candidate::Candidate;
use crate::vision::Frame;
use crate::vision::frame::round_level;
use crate::vision::resize::{Filter, resize};

/// MTCNN's pixel scaling, `(p − 127.5) / 128`.
#[inline]
pub(crate) fn scale_pixel(p: f32) -> f32 {
    (p - 127.5) * 0.0078125
}

/// Writes an interleaved `[h][w][3]` image into `out` as `[w][h][3]` (the nets take width
/// first), scaled. `round` rounds to whole levels first, as a uint8 image would be.
pub(crate) fn write_width_first(image: &[f32], (w, h): (usize, usize), round: bool, out: &mut [f32]) {
    for y in 0..h {
        for x in 0..w {
            let src = (y * w + x) * 3;
            let dst = (x * h + y) * 3;
            for c in 0..3 {
                let p = image[src + c];
                out[dst + c] = scale_pixel(if round { round_level(p).clamp(0.0, 255.0) } else { p });
            }
        }
    }
}

/// Crops the integer box `b` (pixels outside the frame are black), resizes it to `side × side`
/// and writes the net input into `out`. Returns false for an empty box.
pub(crate) fn write_crop(frame: &Frame, b: &Candidate, side: usize, out: &mut [f32]) -> bool {
    let w = b.x2 - b.x1 + 1.0;
    let h = b.y2 - b.y1 + 1.0;
    let usable = w >= 1.0 && h >= 1.0;
    if !usable {
        return false;
    }
    let (w, h) = (w as usize, h as usize);
    // 0-based frame position of the patch's top-left pixel.
    let left = b.x1 as i64 - 1;
    let top = b.y1 as i64 - 1;

    let mut patch = vec![0u8; w * h * 3];
    for v in 0..h {
        let y = top + v as i64;
        if y < 0 || y >= frame.height as i64 {
            continue;
        }
        // The columns of this row that lie inside the frame, copied in one go.
        let u0 = (-left).clamp(0, w as i64) as usize;
        let u1 = (frame.width as i64 - left).clamp(0, w as i64) as usize;
        if u0 >= u1 {
            continue;
        }
        let x0 = (left + u0 as i64) as usize;
        let src = (y as usize * frame.width + x0) * 3;
        let dst = (v * w + u0) * 3;
        let n = (u1 - u0) * 3;
        patch[dst..dst + n].copy_from_slice(&frame.rgb[src..src + n]);
    }

    let resized = resize(&patch, (w, h), 3, (side, side), Filter::Area);
    write_width_first(&resized, (side, side), false, out);
    true
}
