//! Face detection and tracking (MTCNN) and expression (mini-Xception FER) with tract-onnx, plus
//! per-frame signals derived from a face: head pose, gaze-away, brightness and sharpness.
//!
//! Load [`Models`] once per process; feed decoded RGB frames ([`Frame`]) to a [`FaceTracker`]
//! per recording; compute [`Models::expression`], [`head_pose`], [`gaze_away`], [`brightness`]
//! and [`face_blur`] for the face it returns. Nothing here logs image content or results.

mod error;
mod expression;
mod face;
mod frame;
mod models;
mod mtcnn;
mod nets;
mod pose;
mod prelu;
mod quality;
mod resize;
mod tracker;

pub use error::VisionError;
pub use expression::EXPRESSIONS;
pub use face::{FaceBox, landmark};
pub use frame::Frame;
pub use models::Models;
pub use mtcnn::DetectorSettings;
pub use pose::{GAZE_AWAY_OFFSET, GAZE_AWAY_YAW, HeadPose, gaze_away, head_pose};
pub use quality::{blur, brightness, face_blur};
pub use tracker::{FaceTracker, TrackerSettings, TrackerStats};
