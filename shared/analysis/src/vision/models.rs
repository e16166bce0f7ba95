//! The four networks, loaded once and shared by every frame.

use std::path::Path;

use super::nets::{self, Batched, Fer, Pnet};
use super::{DetectorSettings, FaceBox, Frame, VisionError, expression, mtcnn};

/// MTCNN's three networks and the FER expression classifier, ready to run.
///
/// Loading parses the graphs and plans RNet, ONet and FER; PNet plans are made per pyramid-level
/// size on first use (the first frame of a new size is slower). `Models` is `Send + Sync`: share
/// one instance (e.g. in an `Arc`) across threads.
pub struct Models {
    pub(crate) pnet: Pnet,
    pub(crate) rnet: Batched,
    pub(crate) onet: Batched,
    pub(crate) fer: Fer,
}

impl Models {
    /// Loads `mtcnn/{pnet,rnet,onet}.onnx` and `fer/emotion_mini_xception.onnx` from `dir`
    /// (the repository's `layers/models`, or the Lambda layer that ships it).
    pub fn load(dir: &Path) -> Result<Self, VisionError> {
        let pnet = nets::load("pnet", &dir.join("mtcnn/pnet.onnx"))?;
        let rnet = nets::load("rnet", &dir.join("mtcnn/rnet.onnx"))?;
        let onet = nets::load("onet", &dir.join("mtcnn/onet.onnx"))?;
        let fer = nets::load("fer", &dir.join("fer/emotion_mini_xception.onnx"))?;
        Ok(Models {
            pnet: Pnet::new(pnet),
            rnet: Batched::new("rnet", &rnet, 24)?,
            onet: Batched::new("onet", &onet, 48)?,
            fer: Fer::new(&fer)?,
        })
    }

    /// Every face in the frame (full MTCNN cascade), by descending score.
    pub fn detect(&self, frame: &Frame, settings: &DetectorSettings) -> Result<Vec<FaceBox>, VisionError> {
        mtcnn::detect(self, frame, settings)
    }

    /// Expression probabilities of `face`, in the order of [`EXPRESSIONS`](super::EXPRESSIONS)
    /// (angry, disgust, fear, happy, sad, surprise, neutral); they sum to 1.
    pub fn expression(&self, frame: &Frame, face: &FaceBox) -> Result<[f32; 7], VisionError> {
        expression::classify(self, frame, face)
    }

    /// The expression network's input for `face`: a 64×64 grey crop. With
    /// [`expression_of`](Self::expression_of) it equals [`expression`](Self::expression), split so
    /// the network can run on another thread than the one holding the frame.
    pub fn expression_input(&self, frame: &Frame, face: &FaceBox) -> Result<Vec<f32>, VisionError> {
        frame.check()?;
        expression::face_crop(frame, face)
    }

    /// Expression probabilities for an [`expression_input`](Self::expression_input).
    pub fn expression_of(&self, input: &[f32]) -> Result<[f32; 7], VisionError> {
        expression::classify_input(self, input)
    }
}
