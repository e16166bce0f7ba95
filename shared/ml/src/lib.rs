//! Mendan's learning core: learns how a tenant's experts rate interviews from the features of each recording,
//! exports one ONNX graph plus a model card, and predicts with intervals and explanations.
//! See README.md for the maths and the artifact format.

pub mod card;
mod cv;
pub mod dataset;
pub mod error;
pub mod features;
pub mod icc;
pub mod labels;
mod linalg;
mod linear;
pub mod metrics;
pub mod onnx;
pub mod predict;
pub mod prep;
mod ratings_csv;
mod rng;
pub mod stats;
mod stumps;
pub mod train;

pub use card::{ItemCard, ItemModel, ModelCard, Warning};
pub use dataset::{Dataset, ItemData, ItemSpec, Rating};
pub use error::{MlError, Result};
pub use features::{FeatureVector, SCHEMA_VERSION};
pub use icc::Agreement;
pub use predict::{FeatureContribution, ItemPrediction, Prediction, Predictor};
pub use ratings_csv::parse_ratings;
pub use stats::{StatsReport, analyse};
pub use train::{OutOfFold, TrainOptions, TrainedModel, train};
