//! Mendan's domain: types that parse, state machines, the ports every backend implements, and the
//! use cases written once over those ports. No I/O happens here except through a port.

pub mod auth;
pub mod domain;
pub mod error;
pub mod events;
pub mod ports;
pub mod repo;
pub mod usecases;

pub use error::{CoreError, CoreResult, SignInRefusal, Words};
pub use ports::Ports;
