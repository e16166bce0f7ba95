//! Non-maximum suppression as the MTCNN cascade does it (integer-pixel areas, "+1").

use super::candidate::Candidate;

/// How two boxes' overlap is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overlap {
    /// Intersection over union.
    Union,
    /// Intersection over the smaller box: removes boxes nested inside a better one.
    Min,
}

/// Indices of the boxes that survive, by descending score: repeatedly keep the best remaining
/// box and drop every other whose overlap with it exceeds `threshold`.
pub(crate) fn nms(boxes: &[Candidate], threshold: f64, kind: Overlap) -> Vec<usize> {
    let area = |b: &Candidate| (b.x2 - b.x1 + 1.0) * (b.y2 - b.y1 + 1.0);
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&a, &b| boxes[b].score.total_cmp(&boxes[a].score));

    let mut keep = Vec::new();
    let mut alive = vec![true; boxes.len()];
    for (rank, &i) in order.iter().enumerate() {
        if !alive[rank] {
            continue;
        }
        keep.push(i);
        let a = &boxes[i];
        for (later, &j) in order.iter().enumerate().skip(rank + 1) {
            if !alive[later] {
                continue;
            }
            let b = &boxes[j];
            let w = (a.x2.min(b.x2) - a.x1.max(b.x1) + 1.0).max(0.0);
            let h = (a.y2.min(b.y2) - a.y1.max(b.y1) + 1.0).max(0.0);
            let inter = w * h;
            let overlap = match kind {
                Overlap::Union => inter / (area(a) + area(b) - inter),
                Overlap::Min => inter / area(a).min(area(b)),
            };
            if overlap > threshold {
                alive[later] = false;
            }
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(x1: f64, y1: f64, x2: f64, y2: f64, score: f64) -> Candidate {
        Candidate { x1, y1, x2, y2, score, ..Candidate::default() }
    }

    #[test]
    fn keeps_the_best_of_overlapping_boxes() {
        let boxes =
            [boxed(0.0, 0.0, 9.0, 9.0, 0.8), boxed(1.0, 1.0, 10.0, 10.0, 0.9), boxed(50.0, 50.0, 59.0, 59.0, 0.7)];
        assert_eq!(nms(&boxes, 0.5, Overlap::Union), vec![1, 2]);
    }

    #[test]
    fn min_removes_nested_boxes_that_union_keeps() {
        let boxes = [boxed(0.0, 0.0, 99.0, 99.0, 0.9), boxed(10.0, 10.0, 29.0, 29.0, 0.8)];
        assert_eq!(nms(&boxes, 0.7, Overlap::Union), vec![0, 1]);
        assert_eq!(nms(&boxes, 0.7, Overlap::Min), vec![0]);
    }
}
