//! The events the functions exchange (EventBridge source `mendan`). Each detail carries the tenant.

use serde::{Deserialize, Serialize};

use crate::domain::{InterviewId, ModelId, RecordingId, ReportId, TenantSlug, UserId};
use crate::ports::Event;

pub const SOURCE: &str = "mendan";

/// How an event handler failed: only `Retryable` is delivered again. A `Permanent` failure has
/// been recorded where users see it (e.g. a recording marked failed) and retrying cannot help.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum HandlerError {
    #[error("retryable: {0}")]
    Retryable(String),
    #[error("permanent: {0}")]
    Permanent(String),
}

impl From<crate::CoreError> for HandlerError {
    fn from(err: crate::CoreError) -> Self {
        // A lost conditional write means someone else changed the item meanwhile: try again.
        if err.is_retryable() || matches!(err, crate::CoreError::Conflict(_)) {
            Self::Retryable(err.to_string())
        } else {
            Self::Permanent(err.to_string())
        }
    }
}

impl From<crate::ports::PortError> for HandlerError {
    fn from(err: crate::ports::PortError) -> Self {
        crate::CoreError::from(err).into()
    }
}

/// Reads an event's detail, refusing malformed ones for good (a redelivery would not mend them).
pub fn parse_detail<T: serde::de::DeserializeOwned>(detail: serde_json::Value) -> Result<T, HandlerError> {
    serde_json::from_value(detail).map_err(|e| HandlerError::Permanent(format!("malformed event: {e}")))
}

/// A typed event detail; `to_event` wraps it for the [`Events`](crate::ports::Events) port.
pub trait DomainEvent: Serialize {
    const DETAIL_TYPE: &'static str;

    fn to_event(&self) -> Event {
        // Serialising these plain structs cannot fail.
        Event { detail_type: Self::DETAIL_TYPE.into(), detail: serde_json::to_value(self).unwrap_or_default() }
    }
}

/// A recording's bytes arrived (S3 Object Created, or the embedded upload endpoint).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordingUploaded {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    pub recording_id: RecordingId,
    pub object_key: String,
    pub size: u64,
    pub etag: String,
    /// When the bytes arrived (the upload's end, or S3's event time); absent in older events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploaded_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl DomainEvent for RecordingUploaded {
    const DETAIL_TYPE: &'static str = "RecordingUploaded";
}

/// A face-to-face interview's video call is over (the interview was recorded, cancelled or deleted): the
/// `kinesis-ingest` function exports the server's copy of the call when the browser's recording is missing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallEnded {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    pub ended_at: chrono::DateTime<chrono::Utc>,
}

impl DomainEvent for CallEnded {
    const DETAIL_TYPE: &'static str = "CallEnded";
}

/// A recording's features and timeline are stored; the prediction function listens for it (and
/// predicts only when `sufficient`). A failed analysis publishes nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeaturesExtracted {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    pub recording_id: RecordingId,
    pub features_key: String,
    pub sufficient: bool,
}

impl DomainEvent for FeaturesExtracted {
    const DETAIL_TYPE: &'static str = "FeaturesExtracted";
}

/// An administrator asked for a new model (or new expert ratings arrived and retraining is on).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingRequested {
    pub tenant: TenantSlug,
    pub request_id: uuid::Uuid,
    pub requested_by: Option<UserId>,
}

impl DomainEvent for TrainingRequested {
    const DETAIL_TYPE: &'static str = "TrainingRequested";
}

/// A model version was trained and stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelTrained {
    pub tenant: TenantSlug,
    pub model_id: ModelId,
    pub version: u32,
    pub activated: bool,
}

impl DomainEvent for ModelTrained {
    const DETAIL_TYPE: &'static str = "ModelTrained";
}

/// The monthly fairness run found figures beyond the tenant's alert limits in a month's predictions: its admins
/// are told (issue 19).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FairnessAlertRaised {
    pub tenant: TenantSlug,
    /// `YYYY-MM`.
    pub month: String,
    pub flags: usize,
}

impl DomainEvent for FairnessAlertRaised {
    const DETAIL_TYPE: &'static str = "FairnessAlertRaised";
}

/// An interview's prediction is stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PredictionReady {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    pub model_id: ModelId,
}

impl DomainEvent for PredictionReady {
    const DETAIL_TYPE: &'static str = "PredictionReady";
}

/// What happened to an interview that its people are told about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterviewChange {
    Scheduled,
    /// A new time, interviewer or question set.
    Rescheduled,
    Cancelled,
}

/// An interview was scheduled, changed or cancelled; the email function tells the interviewer
/// and the interviewee. The event carries what the notice says, so a late delivery still tells
/// what happened then, and a deleted interview can still be called off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InterviewChanged {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    pub change: InterviewChange,
    /// Names this notice: each recipient gets it once, however often the event arrives.
    pub notice_id: uuid::Uuid,
    pub mode: crate::domain::interview::InterviewMode,
    pub interviewee_id: UserId,
    pub interviewer_id: Option<UserId>,
    pub question_set_id: Option<crate::domain::QuestionSetId>,
    /// The interview's revision after the change: the calendar entry's SEQUENCE.
    pub revision: u32,
    pub scheduled_at: chrono::DateTime<chrono::Utc>,
    /// The time before a reschedule.
    #[serde(default)]
    pub previous_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the change was made (the invitation's DTSTAMP).
    pub at: chrono::DateTime<chrono::Utc>,
    /// A self-interview's deadline.
    #[serde(default)]
    pub deadline: Option<chrono::DateTime<chrono::Utc>>,
}

impl InterviewChanged {
    /// The notice `notice_id` of `change` to `interview` (as it is after the change), made `at`.
    pub fn of(
        tenant: &TenantSlug,
        interview: &crate::domain::interview::Interview,
        change: InterviewChange,
        notice_id: uuid::Uuid,
        previous_at: Option<chrono::DateTime<chrono::Utc>>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Self {
        Self {
            tenant: tenant.clone(),
            interview_id: interview.id,
            change,
            notice_id,
            mode: interview.mode,
            interviewee_id: interview.interviewee_id,
            interviewer_id: interview.interviewer_id,
            question_set_id: interview.question_set_id,
            revision: interview.revision,
            scheduled_at: interview.scheduled_at,
            previous_at,
            at,
            deadline: interview.deadline,
        }
    }
}

impl DomainEvent for InterviewChanged {
    const DETAIL_TYPE: &'static str = "InterviewChanged";
}

/// A reminder of an interview is due (set by the scheduling function for 24 hours and 1 hour
/// before it); the email function mails it if the interview is still as it was.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InterviewReminderDue {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    /// The revision the reminder was set for: a later change makes it stale.
    pub revision: u32,
    pub hours_before: u32,
    /// The `InterviewChanged` notice that set it: with the hours, names this reminder.
    pub notice_id: uuid::Uuid,
    /// Counted back from a self-interview's deadline (the candidate alone is reminded, unless done).
    #[serde(default)]
    pub before_deadline: bool,
}

impl DomainEvent for InterviewReminderDue {
    const DETAIL_TYPE: &'static str = "InterviewReminderDue";
}

/// A candidate's feedback was approved: the email function tells them where to read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackPublished {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
}

impl DomainEvent for FeedbackPublished {
    const DETAIL_TYPE: &'static str = "FeedbackPublished";
}

/// Someone was invited; the email function sends the invitation (with a link to set the password
/// unless the admin chose one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserInvited {
    pub tenant: TenantSlug,
    pub user_id: UserId,
    pub notice_id: uuid::Uuid,
    /// The admin set the first password: the mail says so instead of carrying a link.
    pub password_chosen: bool,
}

impl DomainEvent for UserInvited {
    const DETAIL_TYPE: &'static str = "UserInvited";
}

/// Someone asked on the sign-in page for a link to set a new password. It names the address as
/// typed: whether it belongs to anyone is found out by the email function, off the request path,
/// so the answer and its timing say nothing about who has an account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PasswordResetRequested {
    pub tenant: TenantSlug,
    pub email: crate::domain::Email,
    pub notice_id: uuid::Uuid,
}

impl DomainEvent for PasswordResetRequested {
    const DETAIL_TYPE: &'static str = "PasswordResetRequested";
}

/// A rating was saved; with expert ratings this may trigger training.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingSubmitted {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    pub by_expert: bool,
}

impl DomainEvent for RatingSubmitted {
    const DETAIL_TYPE: &'static str = "RatingSubmitted";
}

/// A transcript was stored for an interview (from Amazon Transcribe or an uploaded file): its
/// summary and conversation features are ready.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TranscriptReady {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    /// The recording transcribed; `None` for an uploaded meeting transcript.
    pub recording_id: Option<RecordingId>,
}

impl DomainEvent for TranscriptReady {
    const DETAIL_TYPE: &'static str = "TranscriptReady";
}

/// A report's meeting recording was uploaded under `mendan serve` (on AWS the bucket's own
/// "Object Created" event starts its transcription instead).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingUploaded {
    pub tenant: TenantSlug,
    pub report_id: ReportId,
    pub object_key: String,
}

impl DomainEvent for MeetingUploaded {
    const DETAIL_TYPE: &'static str = "MeetingUploaded";
}

/// A user asked for a report; its transcript is stored and the report is pending.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportRequested {
    pub tenant: TenantSlug,
    pub report_id: ReportId,
}

impl DomainEvent for ReportRequested {
    const DETAIL_TYPE: &'static str = "ReportRequested";
}

/// A report's workbook is stored and the report is ready to download.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportReady {
    pub tenant: TenantSlug,
    pub report_id: ReportId,
}

impl DomainEvent for ReportReady {
    const DETAIL_TYPE: &'static str = "ReportReady";
}

/// An admin asked for an export of all the tenant's data; the export handler prepares the zip.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportRequested {
    pub tenant: TenantSlug,
    pub export_id: crate::domain::ExportId,
}

impl DomainEvent for ExportRequested {
    const DETAIL_TYPE: &'static str = "ExportRequested";
}

/// An admin asked for a person's erasure; the erasure handler (outside the API, which may not delete stored
/// files) carries it out. `request_id` names the request, so a redelivery after it finished changes nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonErasureRequested {
    pub tenant: TenantSlug,
    pub person: UserId,
    pub request_id: uuid::Uuid,
    /// A role (`admin`), never a name: it stays in the record of the erasure.
    pub requested_by: String,
}

impl DomainEvent for PersonErasureRequested {
    const DETAIL_TYPE: &'static str = "PersonErasureRequested";
}

/// A consent was withdrawn; the erasure handler deletes what it covered, as the consent text says. `person` is
/// who withdrew it: the handler does nothing if that consent has been given again meanwhile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsentWithdrawn {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    pub kind: crate::domain::consent::ConsentKind,
    pub person: UserId,
}

impl DomainEvent for ConsentWithdrawn {
    const DETAIL_TYPE: &'static str = "ConsentWithdrawn";
}
