//! A box moving through the cascade, in the cascade's own 1-based coordinates.

use crate::vision::FaceBox;

/// A candidate face. Coordinates follow the MATLAB convention the networks were trained with:
/// the box `(x1, y1, x2, y2)` covers 0-based pixel columns `x1 − 1 … x2 − 1` (rows likewise).
/// Landmarks are 0-based.
#[derive(Debug, Clone, Default)]
pub(crate) struct Candidate {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub score: f64,
    /// The last network's box regression `(dx1, dy1, dx2, dy2)`, as fractions of the box size.
    pub reg: [f64; 4],
    pub landmarks: [(f64, f64); 5],
}

impl Candidate {
    /// Moves the corners by the regression. Stage 1 measures the box as `x2 − x1`; the later
    /// stages as `x2 − x1 + 1` (`plus_one`), as the reference does.
    pub(crate) fn regress(&mut self, plus_one: bool) {
        let extra = if plus_one { 1.0 } else { 0.0 };
        let w = self.x2 - self.x1 + extra;
        let h = self.y2 - self.y1 + extra;
        self.x1 += self.reg[0] * w;
        self.y1 += self.reg[1] * h;
        self.x2 += self.reg[2] * w;
        self.y2 += self.reg[3] * h;
    }

    /// Makes the box square around its centre, on its longer side (RNet/ONet take square crops).
    pub(crate) fn square(&mut self) {
        let w = self.x2 - self.x1;
        let h = self.y2 - self.y1;
        let side = w.max(h);
        self.x1 += w / 2.0 - side / 2.0;
        self.y1 += h / 2.0 - side / 2.0;
        self.x2 = self.x1 + side;
        self.y2 = self.y1 + side;
    }

    /// Truncates the corners toward zero (the reference's `np.fix`).
    pub(crate) fn fix(&mut self) {
        self.x1 = self.x1.trunc();
        self.y1 = self.y1.trunc();
        self.x2 = self.x2.trunc();
        self.y2 = self.y2.trunc();
    }

    /// The public, 0-based form (see [`FaceBox`]).
    pub(crate) fn to_face(&self) -> FaceBox {
        FaceBox {
            x1: (self.x1 - 1.0) as f32,
            y1: (self.y1 - 1.0) as f32,
            x2: self.x2 as f32,
            y2: self.y2 as f32,
            score: self.score as f32,
            landmarks: self.landmarks.map(|(x, y)| (x as f32, y as f32)),
        }
    }

    /// Back from the public form, e.g. to re-check a tracked face.
    pub(crate) fn from_face(face: &FaceBox) -> Self {
        Candidate {
            x1: f64::from(face.x1) + 1.0,
            y1: f64::from(face.y1) + 1.0,
            x2: f64::from(face.x2),
            y2: f64::from(face.y2),
            score: f64::from(face.score),
            reg: [0.0; 4],
            landmarks: face.landmarks.map(|(x, y)| (f64::from(x), f64::from(y))),
        }
    }
}
