//! The one error type of the vision module.

use std::path::PathBuf;

/// What can go wrong while loading the networks or analysing a frame.
#[derive(Debug, thiserror::Error)]
pub enum VisionError {
    /// A model file is missing or is not an ONNX graph tract can run.
    #[error("cannot load the {net} model from {path}: {message} (is the models directory layers/models complete?)")]
    LoadModel { net: &'static str, path: PathBuf, message: String },

    /// tract could not build a plan for a shape, or failed while running it.
    #[error("the {net} network failed: {message}")]
    Inference { net: &'static str, message: String },

    /// A network returned tensors of a shape this code does not expect (a wrong model file).
    #[error("the {net} network returned an unexpected output: {detail}")]
    ModelOutput { net: &'static str, detail: String },

    /// The frame's buffer does not hold `width × height` RGB pixels.
    #[error("frame buffer holds {actual} bytes but a {width}x{height} RGB frame needs {expected}")]
    FrameSize { width: usize, height: usize, expected: usize, actual: usize },

    /// The face box does not overlap the frame, so there is nothing to classify.
    #[error("the face box lies outside the {width}x{height} frame")]
    FaceOutsideFrame { width: usize, height: usize },

    /// A worker thread of the analysis panicked (a bug, reported instead of crashing the caller).
    #[error("an analysis worker thread stopped unexpectedly")]
    Worker,

    /// Settings that cannot describe a detector (e.g. a scale factor outside (0, 1)).
    #[error("invalid detector settings: {0}")]
    Settings(String),
}

impl VisionError {
    /// Wraps a tract error; `{:#}` keeps its chain of causes on one line.
    pub(crate) fn inference(net: &'static str, err: impl std::fmt::Display) -> Self {
        VisionError::Inference { net, message: format!("{err:#}") }
    }
}
