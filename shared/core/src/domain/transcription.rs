//! A recording's transcription by Amazon Transcribe: started when the recording is uploaded,
//! finished (or failed, with the service's reason) when the job's state changes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{InterviewId, RecordingId, ReportId, TenantSlug};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TranscriptionState {
    Started,
    Completed,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Transcription {
    pub interview_id: InterviewId,
    pub recording_id: RecordingId,
    pub job_name: String,
    pub state: TranscriptionState,
    /// Why the job failed, as the service said.
    pub failure: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// The job's name carries what it transcribes (`mendan.{tenant}.{interview}.{recording}`), so
/// the state-change event, which carries only the name, finds its way back.
pub fn job_name(tenant: &TenantSlug, interview: InterviewId, recording: RecordingId) -> String {
    format!("mendan.{tenant}.{interview}.{recording}")
}

pub fn parse_job_name(name: &str) -> Option<(TenantSlug, InterviewId, RecordingId)> {
    let mut parts = name.split('.');
    let (prefix, tenant, interview, recording) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if prefix != "mendan" || parts.next().is_some() {
        return None;
    }
    Some((TenantSlug::parse(tenant).ok()?, InterviewId::parse(interview).ok()?, RecordingId::parse(recording).ok()?))
}

/// A report's meeting recording is transcribed as `mendan.{tenant}.report.{report}`: four parts
/// like a recording's job, told apart by `report` where an interview id would be.
pub fn report_job_name(tenant: &TenantSlug, report: ReportId) -> String {
    format!("mendan.{tenant}.report.{report}")
}

pub fn parse_report_job_name(name: &str) -> Option<(TenantSlug, ReportId)> {
    let rest = name.strip_prefix("mendan.")?;
    let (tenant, id) = rest.split_once(".report.")?;
    Some((TenantSlug::parse(tenant).ok()?, ReportId::parse(id).ok()?))
}

/// Where Transcribe writes its JSON, beside the recording's features.
pub fn output_key(tenant: &TenantSlug, interview: InterviewId, recording: RecordingId) -> String {
    format!("t/{tenant}/interviews/{interview}/transcripts/{recording}.transcribe.json")
}

/// The recording's utterances, as Mendan reads them from the service's JSON.
pub fn utterances_key(tenant: &TenantSlug, interview: InterviewId, recording: RecordingId) -> String {
    format!("t/{tenant}/interviews/{interview}/transcripts/{recording}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_name_leads_back_to_its_recording() {
        let tenant = TenantSlug::parse("acme-jp").unwrap();
        let (interview, recording) = (InterviewId(uuid::Uuid::from_u128(7)), RecordingId(uuid::Uuid::from_u128(9)));
        let name = job_name(&tenant, interview, recording);
        assert!(name.len() <= 200 && name.chars().all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c)));
        assert_eq!(parse_job_name(&name), Some((tenant.clone(), interview, recording)));
        assert_eq!(parse_job_name("other-job"), None);
        assert_eq!(parse_job_name(&format!("{name}.x")), None);

        let report = ReportId(uuid::Uuid::from_u128(11));
        let for_report = report_job_name(&tenant, report);
        assert_eq!(parse_report_job_name(&for_report), Some((tenant, report)));
        assert_eq!(parse_job_name(&for_report), None, "never taken for a recording's job");
        assert_eq!(parse_report_job_name(&name), None);
    }
}
