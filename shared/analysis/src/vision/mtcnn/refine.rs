//! Stages 2 (RNet) and 3 (ONet): re-score, re-fit and add landmarks to candidate crops.

use super::candidate::Candidate;
use super::nms::{Overlap, nms};
use super::patch::write_crop;
use crate::vision::nets::{Batched, Output, take};
use crate::vision::{Frame, Models, VisionError};

/// Crops every box for `net` and runs it; returns the boxes that had a non-empty crop with the
/// outputs, in the same order.
fn run_crops(
    net: &Batched,
    frame: &Frame,
    boxes: Vec<Candidate>,
) -> Result<(Vec<Candidate>, Vec<Output>), VisionError> {
    let len = net.sample_len();
    let mut input = vec![0f32; boxes.len() * len];
    let mut kept = Vec::with_capacity(boxes.len());
    for b in boxes {
        let at = kept.len() * len;
        if write_crop(frame, &b, net.side, &mut input[at..at + len]) {
            kept.push(b);
        }
    }
    if kept.is_empty() {
        return Ok((kept, Vec::new()));
    }
    input.truncate(kept.len() * len);
    let outputs = net.run(&input, kept.len())?;
    Ok((kept, outputs))
}

/// Checks that an output holds `width` values for each of `n` boxes.
fn per_box(net: &'static str, output: Output, n: usize, width: usize) -> Result<Vec<f32>, VisionError> {
    if output.values.len() == n * width {
        Ok(output.values)
    } else {
        Err(VisionError::ModelOutput { net, detail: format!("{} values for {n} boxes", output.values.len()) })
    }
}

/// Runs `net` on the boxes' crops and keeps those it scores above `threshold`, with their score
/// and regression set; with `landmarks` (ONet) also the five landmarks. Shared by stages 2 and 3.
fn scored(
    net: &Batched,
    frame: &Frame,
    boxes: Vec<Candidate>,
    threshold: f32,
    landmarks: bool,
) -> Result<Vec<Candidate>, VisionError> {
    let (boxes, mut outputs) = run_crops(net, frame, boxes)?;
    if boxes.is_empty() {
        return Ok(boxes);
    }
    let n = boxes.len();
    let prob = per_box(net.name, take(net.name, &mut outputs, 2)?, n, 2)?;
    let reg = per_box(net.name, take(net.name, &mut outputs, 4)?, n, 4)?;
    let marks = if landmarks { Some(per_box(net.name, take(net.name, &mut outputs, 10)?, n, 10)?) } else { None };
    Ok(boxes
        .into_iter()
        .enumerate()
        .filter(|(k, _)| prob[k * 2 + 1] > threshold)
        .map(|(k, mut b)| {
            b.score = f64::from(prob[k * 2 + 1]);
            b.reg = std::array::from_fn(|c| f64::from(reg[k * 4 + c]));
            if let Some(marks) = &marks {
                // Landmarks are fractions of the integer box; all five x first, then all five y.
                let (w, h) = (b.x2 - b.x1 + 1.0, b.y2 - b.y1 + 1.0);
                let m = &marks[k * 10..k * 10 + 10];
                b.landmarks =
                    std::array::from_fn(|p| (f64::from(m[p]) * w + b.x1 - 1.0, f64::from(m[p + 5]) * h + b.y1 - 1.0));
            }
            b
        })
        .collect())
}

/// Stage 2: keeps boxes RNet scores above `threshold`, suppresses overlaps, regresses and
/// squares them (float boxes).
pub(crate) fn refine(
    models: &Models,
    frame: &Frame,
    boxes: Vec<Candidate>,
    threshold: f32,
) -> Result<Vec<Candidate>, VisionError> {
    let passed = scored(&models.rnet, frame, boxes, threshold, false)?;
    Ok(nms(&passed, 0.7, Overlap::Union)
        .into_iter()
        .map(|i| {
            let mut b = passed[i].clone();
            b.regress(true);
            b.square();
            b
        })
        .collect())
}

/// Stage 3: integer boxes, ONet scores above `threshold`, landmarks, regression, then "Min"
/// suppression (drops boxes nested in a better one). Output boxes are not squared.
pub(crate) fn output(
    models: &Models,
    frame: &Frame,
    boxes: Vec<Candidate>,
    threshold: f32,
) -> Result<Vec<Candidate>, VisionError> {
    let boxes = boxes
        .into_iter()
        .map(|mut b| {
            b.fix();
            b
        })
        .collect();
    let passed: Vec<Candidate> = scored(&models.onet, frame, boxes, threshold, true)?
        .into_iter()
        .map(|mut b| {
            b.regress(true);
            b
        })
        .collect();
    Ok(nms(&passed, 0.7, Overlap::Min).into_iter().map(|i| passed[i].clone()).collect())
}
