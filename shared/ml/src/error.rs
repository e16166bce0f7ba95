//! Every way training or prediction can refuse, in words that name the file, line or item at fault.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum MlError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{file}: line {line}: {message}")]
    Csv { file: String, line: usize, message: String },
    #[error("{file}: {message}")]
    Features { file: String, message: String },
    #[error("{file}: features of schema version {found}, but this model uses schema version {expected}")]
    SchemaVersion { file: String, found: u64, expected: u64 },
    #[error("item {item}: {message}")]
    Item { item: String, message: String },
    #[error("not enough data: {0}")]
    TooLittleData(String),
    #[error("model card: {0}")]
    Card(String),
    #[error("ONNX: {0}")]
    Onnx(String),
}

pub type Result<T> = std::result::Result<T, MlError>;
