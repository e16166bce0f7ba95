//! Reports (帳票作成) through the API: an administrator sets the tenant's report items; an
//! interviewer or admin posts a meeting transcript, which is parsed at once (a broken file stores
//! nothing), kept as an object and announced as ReportRequested; the report-export handler writes
//! the workbook. Or, where a transcriber exists (AWS), they announce a meeting recording and
//! upload it to the link they get back; its transcription then requests the report (see
//! `transcription`). Interviewers see their own reports, admins all.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use utoipa::ToSchema;

use super::recordings::UPLOAD_URL_TTL;
use super::{store, text_work};
use crate::auth::Principal;
use crate::domain::recording::check_upload;
use crate::domain::report::{self, Report, ReportItems, ReportSource, ReportState};
use crate::domain::{ReportId, Role, TenantSlug};
use crate::events::{DomainEvent, ReportRequested};
use crate::ports::PresignedRequest;
use crate::repo::{TenantStore, Versioned, keys};
use crate::{CoreError, CoreResult, Ports};
use mendan_text::TranscriptFormat;

/// A transcript far longer than any meeting is refused before parsing.
const MAX_TRANSCRIPT_BYTES: usize = 2 << 20;
/// Long enough to click, short enough that a forwarded link soon stops working.
const DOWNLOAD_TTL: Duration = Duration::from_secs(15 * 60);

const MAY_REQUEST: &[Role] = &[Role::Admin, Role::Interviewer];

/// A transcript (`format` + `text`), or a meeting recording to upload afterwards (`recording`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    pub title: String,
    /// `vtt` (Teams, Zoom), `srt`, `text` or `transcribe_json` (Amazon Transcribe output).
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    /// The Teams/Zoom recording (audio or video) about to be uploaded, instead of a transcript.
    #[serde(default)]
    pub recording: Option<MeetingRecording>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingRecording {
    pub content_type: String,
    pub size_bytes: u64,
}

/// The requested report; for a recording, where to upload it (valid one hour).
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestedReport {
    #[serde(flatten)]
    pub report: Report,
    pub upload: Option<PresignedRequest>,
}

/// A report, with a 15-minute download link to its workbook once it is ready.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    #[serde(flatten)]
    pub report: Report,
    pub download: Option<PresignedRequest>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportList {
    pub reports: Vec<Report>,
}

pub async fn get_items(ports: &Ports, principal: &Principal) -> CoreResult<ReportItems> {
    principal.require(MAY_REQUEST, "read the report items")?;
    Ok(store(ports, principal).find::<ReportItems>(keys::REPORT_ITEMS).await?.map(|v| v.value).unwrap_or_default())
}

pub async fn put_items(ports: &Ports, principal: &Principal, input: ReportItems) -> CoreResult<ReportItems> {
    principal.require(&[Role::Admin], "change the report items")?;
    let items = ReportItems::parse(input)?;
    store(ports, principal).replace(&items).await?;
    Ok(items)
}

pub async fn request(ports: &Ports, principal: &Principal, input: ReportInput) -> CoreResult<RequestedReport> {
    principal.require(MAY_REQUEST, "create reports")?;
    let title = report::parse_title(&input.title)?;
    let store = store(ports, principal);
    match (input.format, input.text, input.recording) {
        (Some(format), Some(text), None) => {
            let utterances = parse_transcript(&format, text).await?;
            require_items(&store).await?;
            let report = from_transcript(ports, principal, &store, title, &utterances).await?;
            Ok(RequestedReport { report, upload: None })
        }
        (None, None, Some(recording)) => {
            require_items(&store).await?;
            from_recording(ports, principal, &store, title, recording).await
        }
        _ => Err(CoreError::invalid(
            "recording",
            "文字起こしファイルか録画のどちらか一方を指定してください。",
            "Send either format and text (a transcript) or recording.",
        )),
    }
}

async fn parse_transcript(format: &str, text: String) -> CoreResult<Vec<mendan_text::Utterance>> {
    let format = TranscriptFormat::from_name(format).ok_or_else(|| super::unknown_transcript_format(format))?;
    if text.len() > MAX_TRANSCRIPT_BYTES {
        return Err(CoreError::TooLarge { size: text.len() as u64, limit: MAX_TRANSCRIPT_BYTES as u64 });
    }
    text_work::run(move || format.parse(&text)).await?.map_err(|e| super::transcript_invalid("text", &e))
}

async fn require_items(store: &TenantStore<'_>) -> CoreResult<()> {
    match store.find::<ReportItems>(keys::REPORT_ITEMS).await? {
        Some(_) => Ok(()),
        None => Err(CoreError::NotSetUp { what: "report items" }),
    }
}

async fn from_transcript(
    ports: &Ports,
    principal: &Principal,
    store: &TenantStore<'_>,
    title: String,
    utterances: &[mendan_text::Utterance],
) -> CoreResult<Report> {
    let id = ReportId(ports.ids.new_id());
    // The transcript first: the handler may run as soon as the event is out. Should the item's
    // creation fail, the object under an id nobody knows is all that is left.
    put_transcript(ports, &principal.tenant, id, utterances).await?;
    let pending = Report::pending(id, title, ReportSource::Transcript, ports.clock.now(), principal.id());
    store.create(&pending).await?;
    let requested = ReportRequested { tenant: principal.tenant.clone(), report_id: id };
    if let Err(e) = ports.events.publish(requested.to_event()).await {
        // Nothing would ever finish it: say so on the report rather than leave it pending.
        let _ = store.update(&pending.clone().failed("the report could not be queued; create it again"), 1).await;
        return Err(e.into());
    }
    tracing::info!(report_id = %id, "report requested");
    Ok(pending)
}

/// A pending report waiting for its recording; the upload starts the transcription.
async fn from_recording(
    ports: &Ports,
    principal: &Principal,
    store: &TenantStore<'_>,
    title: String,
    recording: MeetingRecording,
) -> CoreResult<RequestedReport> {
    if ports.transcriber.is_none() {
        return Err(CoreError::TranscriptionUnavailable);
    }
    let ext = check_upload(&recording.content_type, recording.size_bytes)?;
    let id = ReportId(ports.ids.new_id());
    let pending = Report::pending(id, title, ReportSource::Recording, ports.clock.now(), principal.id());
    store.create(&pending).await?;
    let key = report::meeting_key(&principal.tenant, id, ext);
    let upload = ports.objects.presign_put(&key, &recording.content_type, recording.size_bytes, UPLOAD_URL_TTL).await?;
    tracing::info!(report_id = %id, size = recording.size_bytes, "report from a recording requested");
    Ok(RequestedReport { report: pending, upload: Some(upload) })
}

/// Stores the utterances a report is made from (JSON, as the report-export handler reads them).
pub async fn put_transcript(
    ports: &Ports,
    tenant: &TenantSlug,
    id: ReportId,
    utterances: &[mendan_text::Utterance],
) -> CoreResult<()> {
    let body = serde_json::to_vec(utterances).map_err(|e| CoreError::Backend(e.to_string()))?;
    ports.objects.put(&report::transcript_key(tenant, id), body, "application/json").await?;
    Ok(())
}

/// The caller's reports, newest first (admins: the tenant's).
pub async fn list(ports: &Ports, principal: &Principal) -> CoreResult<ReportList> {
    principal.require(MAY_REQUEST, "read reports")?;
    let mut reports: Vec<Report> = store(ports, principal).list(keys::REPORT_PREFIX).await?;
    reports.retain(|r| visible(principal, r));
    reports.reverse();
    Ok(ReportList { reports })
}

pub async fn get(ports: &Ports, principal: &Principal, id: ReportId) -> CoreResult<ReportView> {
    principal.require(MAY_REQUEST, "read reports")?;
    let report = store(ports, principal).get::<Report>(&keys::report(id)).await?.value;
    if !visible(principal, &report) {
        return Err(CoreError::NotFound { entity: "report" });
    }
    let download = match report.state {
        ReportState::Ready => {
            Some(ports.objects.presign_get(&report::workbook_key(&principal.tenant, id), DOWNLOAD_TTL).await?)
        }
        ReportState::Pending | ReportState::Failed => None,
    };
    Ok(ReportView { report, download })
}

/// Interviewers see the reports they made; another's report does not exist for them.
fn visible(principal: &Principal, report: &Report) -> bool {
    principal.is(Role::Admin) || report.created_by == principal.id()
}

// ---------------------------------------------------------------------------------------------
// For the report-export handler, which acts for the tenant of the event, not for a caller.

/// The report as stored, with its version for the conditional state change.
pub async fn load(ports: &Ports, tenant: &TenantSlug, id: ReportId) -> CoreResult<Versioned<Report>> {
    TenantStore::new(ports.items.as_ref(), tenant).get(&keys::report(id)).await
}

/// The tenant's report items; `None` when none are set.
pub async fn items_of(ports: &Ports, tenant: &TenantSlug) -> CoreResult<Option<ReportItems>> {
    Ok(TenantStore::new(ports.items.as_ref(), tenant).find(keys::REPORT_ITEMS).await?.map(|v| v.value))
}

/// Moves a pending report on (to ready or failed), only if nobody changed it since `read`.
pub async fn finish(ports: &Ports, tenant: &TenantSlug, read: &Versioned<Report>, next: Report) -> CoreResult<()> {
    TenantStore::new(ports.items.as_ref(), tenant).update(&next, read.version).await
}
