//! Turning SDK errors into `PortError::Backend` with the service's own words.

use mendan_core::ports::PortError;
// Every SDK crate re-exports the same smithy error traits; one import serves all services.
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata};

/// `what` names the operation (`"dynamodb PutItem"`); the service's code and message follow.
/// Errors without service metadata (network, timeouts) keep their whole cause chain.
pub(crate) fn backend<E>(what: &str, err: &E) -> PortError
where
    E: ProvideErrorMetadata + std::error::Error,
{
    let detail = match (err.code(), err.message()) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code.to_owned(),
        _ => DisplayErrorContext(err).to_string(),
    };
    PortError::Backend(format!("{what}: {detail}"))
}

/// A builder refused a value we produced; only a bug can cause it, but it is still an error.
pub(crate) fn build(what: &str, err: impl std::fmt::Display) -> PortError {
    PortError::Backend(format!("{what}: {err}"))
}
