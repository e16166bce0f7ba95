//! Sort keys of every entity, in one place so prefixes cannot collide.

use crate::domain::audit::AuditEntry;
use crate::domain::consent::{Consent, ConsentKind};
use crate::domain::feedback::InterviewFeedback;
use crate::domain::interview::Interview;
use crate::domain::item::EvaluationItem;
use crate::domain::model::{ActiveModel, ModelSettings, ModelVersion, Prediction, RetrainCounter};
use crate::domain::question_set::QuestionSet;
use crate::domain::rating::Rating;
use crate::domain::recording::Recording;
use crate::domain::report::{Report, ReportItems};
use crate::domain::summary::InterviewSummary;
use crate::domain::tenant::Tenant;
use crate::domain::transcription::Transcription;
use crate::domain::user::{ProtectedAttributes, User};
use crate::domain::{Email, InterviewId, ItemId, ModelId, QuestionSetId, RecordingId, ReportId, UserId};

use super::Entity;

pub const TENANT: &str = "TENANT";
pub const USER_PREFIX: &str = "USER#";
pub const ITEM_PREFIX: &str = "ITEM#";
pub const QSET_PREFIX: &str = "QSET#";
pub const INTERVIEW_PREFIX: &str = "INTERVIEW#";

pub fn user(id: UserId) -> String {
    format!("{USER_PREFIX}{id}")
}
pub fn email(email: &Email) -> String {
    format!("EMAIL#{email}")
}
pub fn user_attributes(id: UserId) -> String {
    format!("USERATTR#{id}")
}
pub fn item(id: ItemId) -> String {
    format!("{ITEM_PREFIX}{id}")
}
pub fn question_set(id: QuestionSetId) -> String {
    format!("{QSET_PREFIX}{id}")
}
pub fn interview(id: InterviewId) -> String {
    format!("{INTERVIEW_PREFIX}{id}")
}
pub fn consents_of(interview: InterviewId) -> String {
    format!("CONSENT#{interview}#")
}
pub fn consent(interview: InterviewId, kind: ConsentKind, by: UserId) -> String {
    format!("CONSENT#{interview}#{kind}#{by}")
}
pub fn call_attendance_of(interview: InterviewId) -> String {
    format!("CALL#{interview}#")
}
pub fn call_attendance(interview: InterviewId, user: UserId) -> String {
    format!("CALL#{interview}#{user}")
}
pub fn consent_history_of(interview: InterviewId) -> String {
    format!("CONSENTLOG#{interview}#")
}
pub fn recordings_of(interview: InterviewId) -> String {
    format!("REC#{interview}#")
}
pub fn recording(interview: InterviewId, id: RecordingId) -> String {
    format!("REC#{interview}#{id}")
}
pub const RATING_PREFIX: &str = "RATING#";
pub fn ratings_of(interview: InterviewId) -> String {
    format!("{RATING_PREFIX}{interview}#")
}
pub fn rating(interview: InterviewId, rater: UserId) -> String {
    format!("RATING#{interview}#{rater}")
}
pub const MODEL_PREFIX: &str = "MODEL#";
pub const ACTIVE_MODEL: &str = "ACTIVEMODEL";
pub const MODEL_SETTINGS: &str = "MODELSETTINGS";
pub const RETRAIN_COUNTER: &str = "RETRAINCOUNTER";
pub const CALL_POLICY: &str = "CALLPOLICY";
pub fn model(id: ModelId) -> String {
    format!("{MODEL_PREFIX}{id}")
}
pub fn prediction(interview: InterviewId) -> String {
    format!("PREDICTION#{interview}")
}
pub fn summary(interview: InterviewId) -> String {
    format!("SUMMARY#{interview}")
}
pub fn transcription(interview: InterviewId, recording: RecordingId) -> String {
    format!("TRANSCRIPTION#{interview}#{recording}")
}
pub fn feedback(interview: InterviewId) -> String {
    format!("FEEDBACK#{interview}")
}
/// Reports sort by id, and ids are time-ordered (UUIDv7): the partition lists them oldest first.
pub const REPORT_PREFIX: &str = "REPORT#";
pub const REPORT_ITEMS: &str = "REPORTITEMS";
pub fn report(id: ReportId) -> String {
    format!("{REPORT_PREFIX}{id}")
}
/// Training requests sort by id, and ids are time-ordered (UUIDv7): the partition lists them oldest first.
pub const TRAINING_REQUEST_PREFIX: &str = "TRAINREQ#";
pub fn training_request(id: uuid::Uuid) -> String {
    format!("{TRAINING_REQUEST_PREFIX}{id}")
}
/// Audit entries sort by id, and ids are time-ordered (UUIDv7): newest last in the partition.
pub const AUDIT_PREFIX: &str = "AUDIT#";
pub fn audit(id: uuid::Uuid) -> String {
    format!("{AUDIT_PREFIX}{id}")
}
/// Sent-mail log lines sort by id, and ids are time-ordered (UUIDv7).
pub const SENT_MAIL_PREFIX: &str = "MAIL#";
impl Entity for crate::domain::mail::SentMail {
    const NAME: &'static str = "sent mail";
    fn sort_key(&self) -> String {
        format!("{SENT_MAIL_PREFIX}{}", self.id)
    }
}
impl Entity for crate::domain::password_link::PasswordLink {
    const NAME: &'static str = "password link";
    fn sort_key(&self) -> String {
        password_link(&self.secret_hash)
    }
}
pub fn password_link(secret_hash: &str) -> String {
    format!("PWLINK#{secret_hash}")
}
pub const UNDELIVERABLE_PREFIX: &str = "UNDELIVERABLE#";
impl Entity for crate::domain::mail::Undeliverable {
    const NAME: &'static str = "undeliverable address";
    fn sort_key(&self) -> String {
        undeliverable(self.user_id)
    }
}
pub fn undeliverable(user: UserId) -> String {
    format!("{UNDELIVERABLE_PREFIX}{user}")
}
pub fn mail_preferences(user: UserId) -> String {
    format!("MAILPREFS#{user}")
}
/// Marks an event as handled, so a redelivery changes nothing.
pub fn processed(handler: &str, id: &str) -> String {
    format!("DONE#{handler}#{id}")
}

impl Entity for Tenant {
    const NAME: &'static str = "tenant";
    fn sort_key(&self) -> String {
        TENANT.into()
    }
}
impl Entity for AuditEntry {
    const NAME: &'static str = "audit entry";
    fn sort_key(&self) -> String {
        audit(self.id)
    }
}
impl Entity for User {
    const NAME: &'static str = "user";
    fn sort_key(&self) -> String {
        user(self.id)
    }
}
impl Entity for EvaluationItem {
    const NAME: &'static str = "evaluation item";
    fn sort_key(&self) -> String {
        item(self.id)
    }
}
impl Entity for QuestionSet {
    const NAME: &'static str = "question set";
    fn sort_key(&self) -> String {
        question_set(self.id)
    }
}
impl Entity for Interview {
    const NAME: &'static str = "interview";
    fn sort_key(&self) -> String {
        interview(self.id)
    }
}
impl Entity for Recording {
    const NAME: &'static str = "recording";
    fn sort_key(&self) -> String {
        recording(self.interview_id, self.id)
    }
}
impl Entity for Rating {
    const NAME: &'static str = "rating";
    fn sort_key(&self) -> String {
        rating(self.interview_id, self.rater_id)
    }
}
impl Entity for crate::domain::call::CallAttendance {
    const NAME: &'static str = "call attendance";
    fn sort_key(&self) -> String {
        call_attendance(self.interview_id, self.user_id)
    }
}
impl Entity for Consent {
    const NAME: &'static str = "consent";
    fn sort_key(&self) -> String {
        consent(self.interview_id, self.kind, self.by)
    }
}

/// Protected attributes are stored with their owner's id, apart from the profile.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct StoredAttributes {
    pub user_id: UserId,
    pub attributes: ProtectedAttributes,
    /// Who gave them and on what basis (absent on values entered before it was kept: an admin's).
    #[serde(default)]
    pub basis: Option<crate::domain::user::AttributeBasis>,
}
impl Entity for StoredAttributes {
    const NAME: &'static str = "protected attributes";
    fn sort_key(&self) -> String {
        user_attributes(self.user_id)
    }
}

/// One entry of the append-only consent history.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ConsentLogEntry(pub Consent);
impl Entity for ConsentLogEntry {
    const NAME: &'static str = "consent history";
    fn sort_key(&self) -> String {
        format!("{}{}#{}#{}", consent_history_of(self.0.interview_id), self.0.at.to_rfc3339(), self.0.kind, self.0.by)
    }
}
impl Entity for ModelVersion {
    const NAME: &'static str = "model";
    fn sort_key(&self) -> String {
        model(self.id)
    }
}
impl Entity for ActiveModel {
    const NAME: &'static str = "active model";
    fn sort_key(&self) -> String {
        ACTIVE_MODEL.into()
    }
}
pub fn mfa(user: UserId) -> String {
    format!("MFA#{user}")
}
impl Entity for crate::usecases::mfa::MfaState {
    const NAME: &'static str = "sign-in code";
    fn sort_key(&self) -> String {
        mfa(self.user_id)
    }
}
pub const FAIRNESS_SETTINGS: &str = "FAIRSETTINGS";
pub const FAIRNESS_MONTH_PREFIX: &str = "FAIRMONTH#";
pub fn fairness_month(month: &str) -> String {
    format!("{FAIRNESS_MONTH_PREFIX}{month}")
}
impl Entity for crate::domain::fairness::FairnessSettings {
    const NAME: &'static str = "fairness settings";
    fn sort_key(&self) -> String {
        FAIRNESS_SETTINGS.into()
    }
}
impl Entity for crate::domain::fairness::MonthlyFairness {
    const NAME: &'static str = "monthly fairness";
    fn sort_key(&self) -> String {
        fairness_month(&self.month)
    }
}
impl Entity for ModelSettings {
    const NAME: &'static str = "model settings";
    fn sort_key(&self) -> String {
        MODEL_SETTINGS.into()
    }
}
impl Entity for crate::domain::call::CallPolicy {
    const NAME: &'static str = "call settings";
    fn sort_key(&self) -> String {
        CALL_POLICY.into()
    }
}
impl Entity for RetrainCounter {
    const NAME: &'static str = "retraining counter";
    fn sort_key(&self) -> String {
        RETRAIN_COUNTER.into()
    }
}
impl Entity for InterviewSummary {
    const NAME: &'static str = "summary";
    fn sort_key(&self) -> String {
        summary(self.interview_id)
    }
}
impl Entity for Transcription {
    const NAME: &'static str = "transcription";
    fn sort_key(&self) -> String {
        transcription(self.interview_id, self.recording_id)
    }
}
impl Entity for InterviewFeedback {
    const NAME: &'static str = "feedback";
    fn sort_key(&self) -> String {
        feedback(self.interview_id)
    }
}
impl Entity for Prediction {
    const NAME: &'static str = "prediction";
    fn sort_key(&self) -> String {
        prediction(self.interview_id)
    }
}
impl Entity for ReportItems {
    const NAME: &'static str = "report items";
    fn sort_key(&self) -> String {
        REPORT_ITEMS.into()
    }
}
impl Entity for Report {
    const NAME: &'static str = "report";
    fn sort_key(&self) -> String {
        report(self.id)
    }
}

/// A signed-in session of a user (its refresh token's state); all of a user's share a prefix so
/// they can be ended together.
pub fn session(user: UserId, session_id: uuid::Uuid) -> String {
    format!("{}{session_id}", sessions_of(user))
}
pub fn sessions_of(user: UserId) -> String {
    format!("SESSION#{user}#")
}

/// A tenant's consent texts, one item per saved version (zero-padded so the newest sorts last).
pub const CONSENT_TEXT_PREFIX: &str = "CONSENTTEXT#";
pub fn consent_text(version: u32) -> String {
    format!("{CONSENT_TEXT_PREFIX}{version:08}")
}
impl Entity for crate::domain::consent_text::ConsentTexts {
    const NAME: &'static str = "consent texts";
    fn sort_key(&self) -> String {
        consent_text(self.version.parse().unwrap_or(0))
    }
}

impl Entity for crate::domain::usage::DailyUsage {
    const NAME: &'static str = "usage";
    fn sort_key(&self) -> String {
        crate::domain::usage::day_key(self.date)
    }
}

pub const EXPORT_PREFIX: &str = "EXPORT#";
impl Entity for crate::domain::export::TenantExport {
    const NAME: &'static str = "export";
    fn sort_key(&self) -> String {
        format!("{EXPORT_PREFIX}{}", self.id)
    }
}
