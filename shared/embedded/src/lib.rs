//! Mendan's ports on one machine: SQLite for items and accounts, the file system for objects
//! (with HMAC-signed, expiring URLs that `mendan serve` answers), an in-process event dispatcher
//! with bounded retries and a durable outbox in the same database, in-process jobs, and local sign-in with argon2 hashes and locally signed JWTs.

pub mod call_relay;
pub mod call_token;
pub mod events;
mod field_mac;
pub mod http;
pub mod identity;
pub mod items;
pub mod jobs;
pub mod mail_outbox;
pub mod objects;
pub mod outbox;
pub mod private_files;
mod secret;
pub mod signed_url;
mod sqlite;
pub mod timers;
mod totp_store;

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
    /// Not ticking until [`start_timers`](Self::start_timers).
    pub timers: timers::SqliteTimers,
    /// The call signaling relay (its WebSocket route goes beside the API).
    pub calls: call_relay::CallRelay,
}

impl Embedded {
    /// Opens (creating when needed) `data_dir`. `public_url` is where `mendan serve` is reached,
    /// for the signed object URLs it hands to browsers.
    pub fn open(data_dir: &Path, public_url: &str) -> Result<Self, EmbeddedError> {
        let dir_error = |source| EmbeddedError::DataDir { path: data_dir.into(), source };
        // Owner-only, including what an older version left readable (issue 13).
        private_files::create_dir_all(data_dir).map_err(dir_error)?;
        private_files::tighten(data_dir).map_err(dir_error)?;
        let secret = secret::load_or_create(&data_dir.join("secret.key")).map_err(dir_error)?;
        let db = data_dir.join("mendan.sqlite3");
        // SQLite gives its -wal and -shm files the database file's mode: make that 0600 first.
        private_files::file_options().create(true).append(true).open(&db).map_err(dir_error)?;
        let items = Arc::new(SqliteItems::open(&db)?);
        let identity = Arc::new(LocalIdentity::open(&db, &secret)?);
        let objects = Arc::new(FsObjects::new(data_dir.join("objects"), public_url, &secret));
        let stale = objects.remove_stale_parts(std::time::SystemTime::now()).map_err(dir_error)?;
        if stale > 0 {
            tracing::info!(count = stale, "removed unfinished uploads left by an earlier stop");
        }
        let events = Arc::new(InProcessEvents::durable(events::DEFAULT_MAX_ATTEMPTS, outbox::Outbox::open(&db)?));
        let jobs = Arc::new(LocalJobs::default());
        let timers = timers::SqliteTimers::open(&db)?;
        let calls = call_relay::CallRelay::new(&secret, public_url);
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
            mailer: Arc::new(mail_outbox::MailOutbox::new(data_dir.join("mail"))),
            timers: Arc::new(timers.clone()),
            calls: Arc::new(calls.clone()),
            // `mendan serve` loads the dictionary from its models directory (see cli/src/serve).
            words: None,
        };
        Ok(Self { ports, objects, events, jobs, timers, calls })
    }
}

impl Embedded {
    /// Starts firing due timers (reminders) on this backend's bus; stops with the runtime.
    pub fn start_timers(&self) -> tokio::task::JoinHandle<()> {
        self.timers.clone().start(self.events.clone())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    /// Issue 13: the data directory was created world-readable; an old one is tightened too.
    #[tokio::test]
    async fn the_data_directory_is_owner_only() {
        let parent = tempfile::tempdir().unwrap();
        let data = parent.path().join("data");
        let old_object = data.join("objects/t/acme/old.webm");
        std::fs::create_dir_all(old_object.parent().unwrap()).unwrap();
        std::fs::write(&old_object, b"recorded before the fix").unwrap();
        for dir in [data.as_path(), &data.join("objects"), old_object.parent().unwrap()] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::fs::set_permissions(&old_object, std::fs::Permissions::from_mode(0o644)).unwrap();

        let backend = Embedded::open(&data, "http://127.0.0.1:9").unwrap();
        // Opening wrote the schema, so SQLite's -wal and -shm files exist already.
        mendan_core::ports::Objects::put(backend.objects.as_ref(), "t/acme/new/n.webm", b"x".to_vec(), "video/webm")
            .await
            .unwrap();
        let mut seen = Vec::new();
        let mut dirs = vec![data.clone()];
        while let Some(dir) = dirs.pop() {
            assert_eq!(mode(&dir), 0o700, "{}", dir.display());
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    assert_eq!(mode(&path), 0o600, "{}", path.display());
                    seen.push(path.file_name().unwrap().to_string_lossy().into_owned());
                }
            }
        }
        seen.sort();
        for expected in ["mendan.sqlite3", "mendan.sqlite3-wal", "mendan.sqlite3-shm", "secret.key", "old.webm"] {
            assert!(seen.iter().any(|s| s == expected), "{expected} in {seen:?}");
        }
    }
}
