//! Reports (帳票作成) through the API: an administrator sets the tenant's report items; an
//! interviewer or admin posts a meeting transcript, which is parsed at once (a broken file stores
//! nothing), kept as an object and announced as ReportRequested; the report-export handler writes
//! the workbook. Interviewers see their own reports, admins all.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use utoipa::ToSchema;

use super::store;
use crate::auth::Principal;
use crate::domain::report::{self, Report, ReportItems, ReportState};
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

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    pub title: String,
    /// `vtt` (Teams, Zoom), `srt`, `text` or `transcribe_json` (Amazon Transcribe output).
    pub format: String,
    pub text: String,
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

pub async fn request(ports: &Ports, principal: &Principal, input: ReportInput) -> CoreResult<Report> {
    principal.require(MAY_REQUEST, "create reports")?;
    let title = report::parse_title(&input.title)?;
    let format = TranscriptFormat::from_name(&input.format)
        .ok_or_else(|| CoreError::invalid("format", format!("{:?}: use {}", input.format, TranscriptFormat::NAMES)))?;
    if input.text.len() > MAX_TRANSCRIPT_BYTES {
        return Err(CoreError::TooLarge { size: input.text.len() as u64, limit: MAX_TRANSCRIPT_BYTES as u64 });
    }
    let store = store(ports, principal);
    if store.find::<ReportItems>(keys::REPORT_ITEMS).await?.is_none() {
        return Err(CoreError::NotSetUp { what: "report items" });
    }
    let utterances = format.parse(&input.text).map_err(|e| CoreError::invalid("text", e.to_string()))?;

    let id = ReportId(ports.ids.new_id());
    let body = serde_json::to_vec(&utterances).map_err(|e| CoreError::Backend(e.to_string()))?;
    // The transcript first: the handler may run as soon as the event is out. Should the item's
    // creation fail, the object under an id nobody knows is all that is left.
    ports.objects.put(&report::transcript_key(&principal.tenant, id), body, "application/json").await?;
    let pending = Report::pending(id, title, ports.clock.now(), principal.id());
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
