//! The ports: the only ways the domain touches the world. Each has an embedded adapter
//! (`mendan-embedded`) and an AWS adapter (`mendan-aws`); one conformance suite checks both.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

use crate::domain::email::Email;
use crate::domain::{Role, TenantSlug, UserId};
pub use mendan_text::wording::WordingRequest;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PortError {
    /// A conditional write found the item in another state.
    #[error("condition failed")]
    ConditionFailed,
    #[error("not found")]
    NotFound,
    #[error("unauthenticated: {0}")]
    Unauthenticated(String),
    #[error("invalid: {0}")]
    Invalid(String),
    /// The password was right but the account is disabled (never said for a wrong password).
    #[error("account disabled")]
    AccountDisabled,
    /// The password was right but temporary and older than its 7 days.
    #[error("temporary password expired")]
    PasswordExpired,
    /// The backend failed; trying again later may work.
    #[error("{0}")]
    Backend(String),
}

pub type PortResult<T> = Result<T, PortError>;

// ---------------------------------------------------------------------------------------------
// Items: DynamoDB-style keyed items in one table.

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// Partition key; `T#{tenant}` for everything a tenant owns.
    pub pk: String,
    /// Sort key: entity type and id, e.g. `USER#{id}`.
    pub sk: String,
}

impl Key {
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        Self { pk: pk.into(), sk: sk.into() }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub key: Key,
    /// Optimistic-locking version, set by the writer; compare with [`Condition::Version`].
    pub version: u64,
    pub body: serde_json::Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    /// Write whatever is there.
    Any,
    /// Write only if no item has this key (creation).
    Absent,
    /// Write only if the stored item has this version (update without lost writes).
    Version(u64),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Write {
    Put { item: Item, condition: Condition },
    Delete { key: Key, condition: Condition },
}

#[async_trait]
pub trait Items: Send + Sync {
    async fn get(&self, key: &Key) -> PortResult<Option<Item>>;
    async fn put(&self, item: Item, condition: Condition) -> PortResult<()>;
    async fn delete(&self, key: &Key, condition: Condition) -> PortResult<()>;
    /// Items of one partition whose sort key starts with `sk_prefix`, in sort-key order.
    async fn query(&self, pk: &str, sk_prefix: &str) -> PortResult<Vec<Item>>;
    /// At most `limit` items of one partition whose sort key starts with `sk_prefix`, newest
    /// (greatest sort key) first, and only those below `before` when given: one page of a log
    /// that only grows (the audit trail), read without loading all of it.
    async fn query_newest(
        &self,
        pk: &str,
        sk_prefix: &str,
        before: Option<&str>,
        limit: usize,
    ) -> PortResult<Vec<Item>>;
    /// All writes or none; any failed condition fails the whole transaction with `ConditionFailed`.
    async fn transact(&self, writes: Vec<Write>) -> PortResult<()>;
}

// ---------------------------------------------------------------------------------------------
// Objects: blobs under tenant-prefixed keys, with presigned URLs for the browser.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectInfo {
    pub key: String,
    pub size: u64,
    /// Identifies this version of the object; handlers key their idempotency on it.
    pub etag: String,
}

/// A request the browser makes itself: the URL plus the headers it must send.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PresignedRequest {
    pub url: String,
    pub method: String,
    pub headers: std::collections::BTreeMap<String, String>,
    pub expires_at: DateTime<Utc>,
}

/// The object key rule every `Objects` adapter enforces, so a key valid on one backend is valid
/// on all: relative paths of non-empty segments of `[A-Za-z0-9-_.#]`, no `.` or `..`, at most
/// 1024 bytes. Nothing can escape a file-system root or a tenant prefix.
pub fn check_object_key(key: &str) -> PortResult<()> {
    let ok = !key.is_empty()
        && key.len() <= 1024
        && key.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#'))
        });
    if ok { Ok(()) } else { Err(PortError::Invalid(format!("object key {key:?} is not allowed"))) }
}

/// An erasure's prefix: a whole folder (`t/{tenant}/`, `t/{tenant}/interviews/{id}/`), never the bucket's root
/// nor a name another folder could start with.
pub fn check_erasable_prefix(prefix: &str) -> PortResult<()> {
    let folder = prefix.strip_suffix('/').ok_or_else(|| PortError::Invalid("an erased prefix ends with '/'".into()))?;
    check_object_key(folder)?;
    if folder.split('/').count() < 2 {
        return Err(PortError::Invalid("an erased prefix names at least a tenant's folder".into()));
    }
    Ok(())
}

#[async_trait]
pub trait Objects: Send + Sync {
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> PortResult<ObjectInfo>;
    async fn get(&self, key: &str) -> PortResult<Option<Vec<u8>>>;
    /// Streams the object into a local file (recordings are too large to hold in memory);
    /// `None` when there is no such object.
    async fn download_to(&self, key: &str, dest: &std::path::Path) -> PortResult<Option<ObjectInfo>>;
    async fn head(&self, key: &str) -> PortResult<Option<ObjectInfo>>;
    async fn delete(&self, key: &str) -> PortResult<()>;
    async fn list(&self, prefix: &str) -> PortResult<Vec<ObjectInfo>>;
    /// Removes every object under `prefix` for good, with every stored version and delete marker of it (the
    /// erasure of a tenant's or a person's data, which a plain delete leaves in a versioned bucket); returns how
    /// many objects and versions went. Nothing there is no error.
    async fn erase_prefix(&self, prefix: &str) -> PortResult<u64>;
    /// Stores a local file as the object (an export too large to hold in memory).
    async fn put_file(&self, key: &str, path: &std::path::Path, content_type: &str) -> PortResult<ObjectInfo>;
    /// A PUT the browser can send directly; the content type and length are part of the signature.
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        ttl: Duration,
    ) -> PortResult<PresignedRequest>;
    async fn presign_get(&self, key: &str, ttl: Duration) -> PortResult<PresignedRequest>;
    /// What the deployment's malware scan found in an uploaded object. Without a scanner (the embedded backend,
    /// or AWS with scanning off) every object is [`ScanVerdict::NotScanned`] and is analysed as it is.
    async fn scan_verdict(&self, _key: &str) -> PortResult<ScanVerdict> {
        Ok(ScanVerdict::NotScanned)
    }
}

/// A malware scan's word on an object (GuardDuty Malware Protection for S3 tags each scanned object).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScanVerdict {
    /// No scanner in this deployment.
    NotScanned,
    /// Scanned, nothing found.
    Clean,
    /// Not scanned yet.
    Pending,
    /// Scanned and found harmful.
    Infected,
    /// The scanner could not read it (its status, e.g. `UNSUPPORTED`, `ACCESS_DENIED`, `FAILED`).
    Unscannable(String),
}

// ---------------------------------------------------------------------------------------------
// Events: the bus between functions (EventBridge source `mendan`).

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// EventBridge detail-type, e.g. `RecordingUploaded`.
    pub detail_type: String,
    /// Always carries `tenant` and the ids the handler needs.
    pub detail: serde_json::Value,
}

#[async_trait]
pub trait Events: Send + Sync {
    async fn publish(&self, event: Event) -> PortResult<()>;
}

// ---------------------------------------------------------------------------------------------
// Jobs: work too long or too heavy for a function (training), run by a batch service.

/// A submitted job as its runner names it (an AWS Batch job id, or a local one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobId(pub String);

impl std::fmt::Display for JobId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[async_trait]
pub trait Jobs: Send + Sync {
    /// Starts the job that trains the model `request` asks for (`mendan job train`). The job itself
    /// is idempotent per request id; its name carries the request id, so a resubmission shows.
    async fn submit_training(&self, request: &crate::events::TrainingRequested) -> PortResult<JobId>;
}

// ---------------------------------------------------------------------------------------------
// Transcriber: speech to text for uploaded recordings (Amazon Transcribe on AWS; Whisper on the
// machine under `mendan serve` when its model is installed, else people upload transcripts).

/// One transcription: the recording's object in, the service's JSON out, both in Mendan's bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptionRequest {
    /// Unique per recording, so a redelivered upload starts nothing new.
    pub job_name: String,
    pub media_key: String,
    pub output_key: String,
    /// BCP 47, e.g. `ja-JP`.
    pub language: String,
    /// The interviewee is on the left channel and the interviewer on the right (a call recording);
    /// otherwise speakers are told apart by voice, where the recogniser can.
    pub voices_apart: bool,
}

#[async_trait]
pub trait Transcriber: Send + Sync {
    /// Starts the job; a job of that name existing already is success (the start was redelivered).
    async fn start(&self, request: &TranscriptionRequest) -> PortResult<()>;
    /// Why a job failed, in the service's words; `None` when it did not fail.
    async fn failure_reason(&self, job_name: &str) -> PortResult<Option<String>>;
}

// ---------------------------------------------------------------------------------------------
// Identity: accounts, sign-in and token verification (Cognito or local).

/// What a verified token says about its bearer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub tenant: TenantSlug,
    pub user_id: UserId,
    pub role: Role,
}

/// A short-lived access token the identity issued, and what it needs to issue the next one.
#[derive(Clone, PartialEq, Eq)]
pub struct IssuedTokens {
    /// Send as `Authorization: Bearer <token>`.
    pub access_token: String,
    /// Seconds the access token is valid.
    pub expires_in_secs: u32,
    /// The identity's own long-lived credential for [`Identity::renew`] (Cognito's refresh token).
    /// It never leaves the server: the session store keeps it, the client gets Mendan's own
    /// rotating refresh token instead.
    pub renewal: Option<String>,
}

// Tokens never reach a log through Debug.
impl std::fmt::Debug for IssuedTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedTokens").field("expires_in_secs", &self.expires_in_secs).finish_non_exhaustive()
    }
}

/// What a correct password leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignedIn {
    Tokens(IssuedTokens),
    /// The password was temporary (an invitation's): the user chooses their own first, quoting
    /// `session` (Cognito's NEW_PASSWORD_REQUIRED).
    NewPasswordRequired {
        session: String,
    },
    /// The account signs in with a code from an authenticator app too: the user answers with one, quoting
    /// `session` (Cognito's SOFTWARE_TOKEN_MFA).
    MfaRequired {
        session: String,
    },
}

#[derive(Clone, Debug)]
pub struct NewAccount {
    pub tenant: TenantSlug,
    pub user_id: UserId,
    pub email: Email,
    pub role: Role,
    /// A password chosen by the inviter; `None` lets the backend make a temporary one.
    pub password: Option<String>,
}

#[async_trait]
pub trait Identity: Send + Sync {
    /// Creates the account. Returns the temporary password the backend made when none was chosen,
    /// for the inviter to hand over (the invitation mail carries a link to set one instead).
    async fn create_account(&self, account: NewAccount) -> PortResult<Option<String>>;
    async fn set_role(&self, tenant: &TenantSlug, user_id: UserId, role: Role) -> PortResult<()>;
    /// Gives the account a new temporary password, valid 7 days, to be replaced at the next
    /// sign-in (as after an invitation); returns it for the admin to hand over. `NotFound` for
    /// another tenant's account.
    async fn reset_password(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<Option<String>>;
    async fn disable(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()>;
    /// Removes the account for good (erasure); no account (already removed) is no error. `NotFound` for
    /// another tenant's account.
    async fn delete_account(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()>;
    /// Sets the account's own password (permanent; a temporary one is gone), for a person who
    /// proved they hold a password link from their mail. `Invalid` for a password the backend's
    /// policy refuses, `NotFound` for another tenant's account.
    async fn set_password(&self, tenant: &TenantSlug, user_id: UserId, password: &str) -> PortResult<()>;
    /// Sign in with a password; returns a bearer token, or the challenge to choose a password when
    /// the one given was temporary. Wrong credentials are `Unauthenticated`; an unknown address
    /// costs the same work as a known one (timing must not tell them apart). Only after a correct
    /// password: `AccountDisabled`, `PasswordExpired` (a temporary password older than 7 days).
    async fn sign_in(&self, tenant: &TenantSlug, email: &Email, password: &str) -> PortResult<SignedIn>;
    /// Answers the new-password challenge of [`SignedIn::NewPasswordRequired`]; returns the
    /// tokens. An unknown or expired session is `Unauthenticated`, a password the backend's policy
    /// refuses `Invalid`.
    async fn choose_password(
        &self,
        tenant: &TenantSlug,
        email: &Email,
        session: &str,
        new_password: &str,
    ) -> PortResult<IssuedTokens>;
    /// A new access token for a session that is still valid, from the `renewal` the sign-in
    /// issued. A disabled or deleted account, or a renewal the backend no longer honours, is
    /// `Unauthenticated`.
    async fn renew(&self, tenant: &TenantSlug, user_id: UserId, renewal: Option<&str>) -> PortResult<IssuedTokens>;
    /// Ends every session the backend itself keeps for the account (Cognito's refresh tokens), so
    /// no earlier renewal works again. `NotFound` for another tenant's account.
    async fn sign_out_everywhere(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()>;
    /// Verifies signature, expiry, issuer and audience; returns the claims.
    async fn verify(&self, token: &str) -> PortResult<Claims>;
    /// Answers the code challenge of [`SignedIn::MfaRequired`]; returns the tokens. A wrong, reused or late
    /// code, or an unknown or expired session, is `Unauthenticated`.
    async fn answer_mfa(
        &self,
        tenant: &TenantSlug,
        email: &Email,
        session: &str,
        code: &str,
    ) -> PortResult<IssuedTokens>;
    /// Starts setting up an authenticator app for the signed-in account (`renewal`: a session's renewal, from
    /// which Cognito's adapter gets the access token it associates the app with); returns the shared secret (base32). Until confirmed, sign-in is as before.
    async fn begin_totp(&self, tenant: &TenantSlug, user_id: UserId, renewal: Option<&str>) -> PortResult<String>;
    /// Confirms the set-up with a first code from the app: from now on sign-in asks for a code. A wrong code is
    /// `Invalid`.
    async fn confirm_totp(
        &self,
        tenant: &TenantSlug,
        user_id: UserId,
        renewal: Option<&str>,
        code: &str,
    ) -> PortResult<()>;
    /// Sign-in asks for no code any more (the user, after proving a code, or an admin for a lost phone).
    async fn turn_off_totp(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()>;
}

// ---------------------------------------------------------------------------------------------
// Mail: letters to people, from the tenant.

/// Who a letter is from: the tenant, by name, from its own domain where the deployment may send
/// as that domain (a verified SES identity), otherwise from the deployment's sender.
#[derive(Clone, Debug, PartialEq)]
pub struct Sender {
    pub tenant: TenantSlug,
    pub name: String,
    pub mail_domain: Option<String>,
}

#[async_trait]
pub trait Mailer: Send + Sync {
    /// Sends one letter to its one recipient and answers the message id. `Invalid` means this
    /// letter can never be sent (a refused address); `Backend` that a later try may work.
    async fn send(&self, from: &Sender, letter: &crate::domain::mail::Letter) -> PortResult<String>;

    /// The message as sent (RFC 5322 bytes), where the adapter keeps a copy (the embedded
    /// outbox); `None` where it keeps none (SES).
    async fn copy(&self, message_id: &str) -> PortResult<Option<Vec<u8>>>;

    /// Asks the mail service to verify `domain` for sending (DKIM and a MAIL FROM subdomain) and
    /// answers what it reports; `None` where mail never leaves the machine (nothing to verify).
    async fn set_up_domain(&self, domain: &str) -> PortResult<Option<crate::domain::mail_domain::DomainIdentity>>;

    /// What the mail service reports about `domain` now; `None` as for [`set_up_domain`].
    async fn domain_identity(&self, domain: &str) -> PortResult<Option<crate::domain::mail_domain::DomainIdentity>>;

    /// Deletes the kept copy of a sent message (an erasure); none is no error. Only the embedded outbox keeps
    /// copies.
    async fn forget(&self, _message_id: &str) -> PortResult<()> {
        Ok(())
    }

    /// Removes the tenant's domain identity (its purge); never the deployment's own sender's. None is no error.
    async fn remove_domain(&self, _domain: &str) -> PortResult<()> {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Timers: events published later (reminders).

/// One-time timers that publish an event on Mendan's bus when they are due: EventBridge
/// Scheduler on AWS, a table in the data directory's database under `mendan serve` (so they
/// survive a restart).
#[async_trait]
pub trait Timers: Send + Sync {
    /// Sets timer `name` to publish `event` at `at`, replacing one of the same name (a moved
    /// interview moves its reminders).
    async fn set(&self, name: &str, at: DateTime<Utc>, event: Event) -> PortResult<()>;
    /// Removes timer `name`; one that is not there (fired, or never set) is no error.
    async fn cancel(&self, name: &str) -> PortResult<()>;
}

// ---------------------------------------------------------------------------------------------
// Calls: introducing the browsers of a face-to-face interview to each other.

/// Signaling for interview video calls: Kinesis Video Streams signaling channels on AWS, a
/// WebSocket relay in `mendan serve`. Both speak KVS's message framing, so the browser has one
/// client for the two.
#[async_trait]
pub trait Calls: Send + Sync {
    /// Opens the interview's channel (creating it the first time) and answers where `peer`
    /// connects: a URL good for that channel, role and client alone, until `peer.expires_at`.
    async fn signaling(&self, peer: &crate::domain::call::CallPeer) -> PortResult<crate::domain::call::Signaling>;
    /// Ends the interview's call: the channel goes, and with it everyone still connected. One
    /// that is not there is no error.
    async fn close(&self, tenant: &TenantSlug, interview: crate::domain::InterviewId) -> PortResult<()>;
    /// Whether this backend keeps its own copy of calls at all (KVS on AWS); without one nothing is exported.
    fn keeps_copies(&self) -> bool {
        false
    }
    /// Prepares the server's copy of the call (a video stream and a storage-enabled channel feeding it) and answers
    /// where `peer`, the copy's one producer, connects as its master. Only backends that keep copies have one.
    async fn copy_signaling(
        &self,
        _peer: &crate::domain::call::CallPeer,
    ) -> PortResult<crate::domain::call::Signaling> {
        Err(PortError::NotFound)
    }
    /// Asks the service to join the copy's channel and store what its producer sends (once the producer is
    /// connected; again after the producer reconnected). `NotFound` when the copy was never prepared.
    async fn start_copy_session(&self, _tenant: &TenantSlug, _interview: crate::domain::InterviewId) -> PortResult<()> {
        Err(PortError::NotFound)
    }
    /// The server's own copy of the call between `from` and `to` (KVS WebRTC ingestion into a video stream) as
    /// one playable file, or `None` where nothing was stored. Only AWS keeps one.
    async fn archived_clip(
        &self,
        _tenant: &TenantSlug,
        _interview: crate::domain::InterviewId,
        _from: DateTime<Utc>,
        _to: DateTime<Utc>,
    ) -> PortResult<Option<Clip>> {
        Ok(None)
    }
    /// Deletes the server's copy of the call (its video stream); one that is not there is no error.
    async fn remove_archive(&self, _tenant: &TenantSlug, _interview: crate::domain::InterviewId) -> PortResult<()> {
        Ok(())
    }
}

/// A piece of a stored call, as a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Clip {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

// ---------------------------------------------------------------------------------------------
// Clock and ids, so tests can pin time and identity.

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

pub trait Ids: Send + Sync {
    fn new_id(&self) -> Uuid;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Time-ordered random ids (UUIDv7).
pub struct RandomIds;

impl Ids for RandomIds {
    fn new_id(&self) -> Uuid {
        Uuid::now_v7()
    }
}

// ---------------------------------------------------------------------------------------------
// An optional language model for wording.

/// A language model that rewords follow-up questions and feedback drafts (Amazon Bedrock on AWS).
/// Optional twice over: a deployment has one only if configured, and a tenant's texts go to it
/// only if its admin turned the option on. Whatever it answers is checked before use.
#[async_trait]
pub trait LanguageModel: Send + Sync {
    /// The model's reply, or an error (also when it has not answered within `deadline`).
    async fn complete(&self, request: &WordingRequest, deadline: Duration) -> PortResult<String>;
}

/// Everything a use case may touch, built once per process by the function or `mendan serve`.
#[derive(Clone)]
pub struct Ports {
    pub items: Arc<dyn Items>,
    pub objects: Arc<dyn Objects>,
    pub events: Arc<dyn Events>,
    pub identity: Arc<dyn Identity>,
    pub jobs: Arc<dyn Jobs>,
    pub clock: Arc<dyn Clock>,
    /// `None` unless the deployment configures a model (see [`LanguageModel`]).
    pub language_model: Option<Arc<dyn LanguageModel>>,
    /// Amazon Transcribe on AWS; `None` where nothing can transcribe (under `mendan serve`).
    pub transcriber: Option<Arc<dyn Transcriber>>,
    pub ids: Arc<dyn Ids>,
    pub mailer: Arc<dyn Mailer>,
    pub timers: Arc<dyn Timers>,
    pub calls: Arc<dyn Calls>,
    /// The Japanese dictionary of the models layer, loaded on first use (`mendan serve`, and functions with the
    /// models layer); without it the text judgements fall back to character methods.
    pub words: Option<Arc<mendan_text::morphology::LazyMorphology>>,
}
