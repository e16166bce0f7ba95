//! The detected face: box, confidence and five landmarks.

use serde::{Deserialize, Serialize};

/// A face found by the MTCNN cascade.
///
/// Coordinates are 0-based pixel coordinates of the frame, x to the right and y down, with pixel
/// `(i, j)` covering `[i, i+1) × [j, j+1)`: `(x1, y1)` is the top-left corner and `(x2, y2)` the
/// bottom-right corner, so the box is `x2 − x1` pixels wide. (The MATLAB-derived cascade reports
/// 1-based boxes; this type subtracts 1 from `x1`/`y1` so box and landmarks share one system.)
/// The box may extend past the frame's edges when the face does.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FaceBox {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    /// ONet's face probability, 0..1.
    pub score: f32,
    /// `left_eye, right_eye, nose, mouth_left, mouth_right` as `(x, y)`, where "left" is the
    /// image's left (the subject's right).
    pub landmarks: [(f32, f32); 5],
}

/// Landmark indices in [`FaceBox::landmarks`].
pub mod landmark {
    pub const LEFT_EYE: usize = 0;
    pub const RIGHT_EYE: usize = 1;
    pub const NOSE: usize = 2;
    pub const MOUTH_LEFT: usize = 3;
    pub const MOUTH_RIGHT: usize = 4;
}

impl FaceBox {
    pub fn width(&self) -> f32 {
        self.x2 - self.x1
    }

    pub fn height(&self) -> f32 {
        self.y2 - self.y1
    }

    pub fn centre(&self) -> (f32, f32) {
        ((self.x1 + self.x2) / 2.0, (self.y1 + self.y2) / 2.0)
    }

    pub fn area(&self) -> f32 {
        self.width().max(0.0) * self.height().max(0.0)
    }

    /// Intersection over union of the two boxes (0 when either is empty).
    pub fn iou(&self, other: &FaceBox) -> f32 {
        let w = (self.x2.min(other.x2) - self.x1.max(other.x1)).max(0.0);
        let h = (self.y2.min(other.y2) - self.y1.max(other.y1)).max(0.0);
        let inter = w * h;
        let union = self.area() + other.area() - inter;
        if union > 0.0 { inter / union } else { 0.0 }
    }
}
