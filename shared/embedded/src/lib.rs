//! Mendan's ports on one machine: SQLite for items and accounts, the file system for objects
//! (with HMAC-signed, expiring URLs that `mendan serve` answers), an in-process event dispatcher
//! with bounded retries and a durable outbox in the same database, in-process jobs, and local sign-in with argon2 hashes and locally signed JWTs.

pub mod events;
pub mod http;
pub mod identity;
pub mod items;
pub mod jobs;
pub mod objects;
pub mod outbox;
mod secret;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use mendan_core::Ports;
use mendan_core::ports::{RandomIds, SystemClock};

pub use events::InProcessEvents;
pub use identity::LocalIdentity;
pub use items::SqliteItems;
pub use jobs::LocalJobs;
pub use objects::FsObjects;

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error("cannot use the data directory {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error("cannot open the database {path}: {source}")]
    Database { path: PathBuf, source: rusqlite::Error },
}

/// The embedded backend of one data directory, with the concrete adapters `mendan serve` needs.
#[derive(Clone)]
pub struct Embedded {
    pub ports: Ports,
    pub objects: Arc<FsObjects>,
    pub events: Arc<InProcessEvents>,
    /// Runs nothing until a training runner is wired ([`LocalJobs::on_training`]).
    pub jobs: Arc<LocalJobs>,
}

impl Embedded {
    /// Opens (creating when needed) `data_dir`. `public_url` is where `mendan serve` is reached,
    /// for the signed object URLs it hands to browsers.
    pub fn open(data_dir: &Path, public_url: &str) -> Result<Self, EmbeddedError> {
        std::fs::create_dir_all(data_dir).map_err(|source| EmbeddedError::DataDir { path: data_dir.into(), source })?;
        let secret = secret::load_or_create(&data_dir.join("secret.key"))
            .map_err(|source| EmbeddedError::DataDir { path: data_dir.into(), source })?;
        let db = data_dir.join("mendan.sqlite3");
        let items = Arc::new(SqliteItems::open(&db)?);
        let identity = Arc::new(LocalIdentity::open(&db, &secret)?);
        let objects = Arc::new(FsObjects::new(data_dir.join("objects"), public_url, &secret));
        let events = Arc::new(InProcessEvents::durable(events::DEFAULT_MAX_ATTEMPTS, outbox::Outbox::open(&db)?));
        let jobs = Arc::new(LocalJobs::default());
        let ports = Ports {
            items,
            objects: objects.clone(),
            events: events.clone(),
            identity,
            jobs: jobs.clone(),
            clock: Arc::new(SystemClock),
            // Wording by a language model is an AWS option (Amazon Bedrock); see the README.
            language_model: None,
            // No speech recogniser runs offline here: transcripts are uploaded (VTT, SRT, text).
            transcriber: None,
            ids: Arc::new(RandomIds),
        };
        Ok(Self { ports, objects, events, jobs })
    }
}
