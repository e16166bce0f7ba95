//! Stage 1: PNet over the scale pyramid proposes candidate boxes.

use super::candidate::Candidate;
use super::nms::{Overlap, nms};
use super::patch::write_width_first;
use super::pyramid::{level_size, scales};
use crate::vision::nets::{Output, take};
use crate::vision::resize::{Filter, resize};
use crate::vision::{Frame, Models, VisionError};

/// PNet's stride and window in the scaled image.
const STRIDE: f64 = 2.0;
const CELL: f64 = 12.0;

/// Squared, integer proposals for stage 2.
pub(crate) fn propose(
    models: &Models,
    frame: &Frame,
    min_face: f64,
    factor: f64,
    threshold: f32,
) -> Result<Vec<Candidate>, VisionError> {
    let mut all = Vec::new();
    let mut input = Vec::new();
    for scale in scales(frame.width, frame.height, min_face, factor) {
        let (w, h) = level_size(frame.width, frame.height, scale);
        let level = resize(frame.rgb, (frame.width, frame.height), 3, (w, h), Filter::Area);
        input.resize(w * h * 3, 0.0);
        write_width_first(&level, (w, h), true, &mut input);

        let mut outputs = models.pnet.run((w, h), &input)?;
        let prob = take("pnet", &mut outputs, 2)?;
        let reg = take("pnet", &mut outputs, 4)?;
        let found = cells(&prob, &reg, scale, threshold)?;
        let keep = nms(&found, 0.5, Overlap::Union);
        all.extend(keep.into_iter().map(|i| found[i].clone()));
    }

    let keep = nms(&all, 0.7, Overlap::Union);
    Ok(keep
        .into_iter()
        .map(|i| {
            let mut c = all[i].clone();
            c.regress(false);
            c.square();
            c.fix();
            c
        })
        .collect())
}

/// The windows of one pyramid level whose face probability reaches `threshold`, in frame
/// coordinates. PNet's output maps are `[1, W', H', k]`, width first.
fn cells(prob: &Output, reg: &Output, scale: f64, threshold: f32) -> Result<Vec<Candidate>, VisionError> {
    let (cols, rows) = match (prob.shape.as_slice(), reg.shape.as_slice()) {
        ([1, w, h, 2], [1, rw, rh, 4]) if (w, h) == (rw, rh) => (*w, *h),
        _ => {
            return Err(VisionError::ModelOutput {
                net: "pnet",
                detail: format!("maps of shape {:?} and {:?}", prob.shape, reg.shape),
            });
        }
    };
    let face = |k: usize| prob.values[k * 2 + 1];
    let hits: Vec<usize> = (0..cols * rows).filter(|&k| face(k) >= threshold).collect();
    Ok(hits
        .iter()
        .map(|&k| {
            let (i, j) = (k / rows, k % rows);
            // Kept from the reference implementation: a lone hit at a level reads its regression
            // from the cell mirrored along x.
            let r = if hits.len() == 1 { (cols - 1 - i) * rows + j } else { k };
            let (x, y) = (i as f64, j as f64);
            Candidate {
                x1: ((STRIDE * x + 1.0) / scale).trunc(),
                y1: ((STRIDE * y + 1.0) / scale).trunc(),
                x2: ((STRIDE * x + CELL) / scale).trunc(),
                y2: ((STRIDE * y + CELL) / scale).trunc(),
                score: f64::from(face(k)),
                reg: std::array::from_fn(|c| f64::from(reg.values[r * 4 + c])),
                landmarks: [(0.0, 0.0); 5],
            }
        })
        .collect())
}
