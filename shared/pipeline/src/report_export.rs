//! The report-export handler: ReportRequested → the stored transcript and the tenant's report
//! items → the classified report as an Excel workbook, written whole in one put → the report
//! marked ready (a conditional write) → ReportReady. A report that cannot be made (its transcript
//! gone or unreadable, no items, a workbook error) is marked failed with the reason and not
//! retried. A redelivery finds the report finished and announced, and does nothing.

use mendan_core::Ports;
use mendan_core::domain::report::{Report, ReportSource, ReportState, XLSX_CONTENT_TYPE, transcript_key, workbook_key};
use mendan_core::domain::usage::Meter;
use mendan_core::events::{DomainEvent, HandlerError, ReportReady, ReportRequested};
use mendan_core::repo::{TenantStore, Versioned, keys};
use mendan_core::usecases::usage;
use mendan_core::usecases::{reports, text_work};
use mendan_text::Utterance;
use mendan_text::morphology::LazyMorphology;
use mendan_text::report::build_report;
use mendan_text::workbook::{Heading, report_workbook};

use crate::envelope::{mendan_event, report};

/// What a delivery did.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The report is ready and ReportReady was published now.
    Exported,
    /// The report was already ready and announced (a redelivery), or had failed.
    Unchanged,
}

/// One Lambda invocation: a ReportRequested envelope from Mendan's bus in, a short report out
/// (see [`report`] for what Lambda retries).
pub async fn handle_envelope(ports: &Ports, envelope: serde_json::Value) -> Result<serde_json::Value, String> {
    report(
        async {
            let event: ReportRequested = mendan_event(envelope)?;
            let status = match handle(ports, &event).await? {
                Outcome::Exported => "ready",
                Outcome::Unchanged => "unchanged",
            };
            Ok(serde_json::json!({ "status": status, "report_id": event.report_id }))
        }
        .await,
    )
}

pub async fn handle(ports: &Ports, event: &ReportRequested) -> Result<Outcome, HandlerError> {
    let read = reports::load(ports, &event.tenant, event.report_id).await?;
    match read.value.state {
        ReportState::Failed => return Ok(Outcome::Unchanged),
        ReportState::Ready => {}
        ReportState::Pending => export(ports, event, &read).await?,
    }
    // Announced once, after the report is ready: the marker is written only once published, so a
    // failed publish is retried, and a redelivery after it publishes nothing.
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let announced = keys::processed("report-ready", &event.report_id.to_string());
    if store.raw_get(&announced).await?.is_some() {
        return Ok(Outcome::Unchanged);
    }
    let what = format!("report:{}", event.report_id);
    usage::count(ports, &event.tenant, &what, Meter::Reports, 1).await?;
    let ready = ReportReady { tenant: event.tenant.clone(), report_id: event.report_id };
    ports.events.publish(ready.to_event()).await?;
    store.commit(vec![store.raw_create_write(announced, serde_json::json!({}))]).await?;
    tracing::info!(tenant = %event.tenant, report_id = %event.report_id, "report ready");
    Ok(Outcome::Exported)
}

/// Writes the workbook and marks the report ready; a failure retrying cannot mend marks it
/// failed instead and comes back `Permanent`.
async fn export(ports: &Ports, event: &ReportRequested, read: &Versioned<Report>) -> Result<(), HandlerError> {
    let bytes = match workbook(ports, event, heading(&read.value)).await {
        Ok(bytes) => bytes,
        Err(HandlerError::Permanent(reason)) => {
            tracing::warn!(tenant = %event.tenant, report_id = %event.report_id, reason = %reason, "report failed");
            reports::finish(ports, &event.tenant, read, read.value.clone().failed(reason.clone())).await?;
            return Err(HandlerError::Permanent(reason));
        }
        Err(retryable) => return Err(retryable),
    };
    let key = workbook_key(&event.tenant, event.report_id);
    ports.objects.put(&key, bytes, XLSX_CONTENT_TYPE).await?;
    // Conditional on the version read: a concurrent delivery that finished first makes this a
    // conflict, retried; the retry finds the report ready.
    reports::finish(ports, &event.tenant, read, read.value.clone().ready()).await?;
    Ok(())
}

/// The title, date (Japan time) and source the workbook opens with.
fn heading(report: &Report) -> Heading {
    let japan = chrono::FixedOffset::east_opt(9 * 3600).expect("UTC+9 is a valid offset");
    let source = match report.source {
        ReportSource::Transcript => "文字起こしファイル Transcript file",
        ReportSource::Recording => "会議の録画 Meeting recording",
    };
    Heading {
        title: report.title.clone(),
        created: report.created_at.with_timezone(&japan).format("%Y-%m-%d %H:%M JST").to_string(),
        source: source.to_owned(),
    }
}

/// The workbook's bytes from the stored transcript and the tenant's current items.
async fn workbook(ports: &Ports, event: &ReportRequested, heading: Heading) -> Result<Vec<u8>, HandlerError> {
    let key = transcript_key(&event.tenant, event.report_id);
    let stored = ports.objects.get(&key).await?.ok_or_else(|| permanent("the transcript is missing"))?;
    let transcript: Vec<Utterance> =
        serde_json::from_slice(&stored).map_err(|e| permanent(format!("the stored transcript is unreadable: {e}")))?;
    let items = reports::items_of(ports, &event.tenant).await?.ok_or_else(|| {
        permanent("no report items are set; an administrator sets them, then create the report again")
    })?;
    let words = ports.words.clone();
    // Classification and the workbook are CPU work: off the async threads, within the text limit.
    text_work::run(move || {
        let morphology = words.as_deref().and_then(LazyMorphology::get);
        report_workbook(&build_report(transcript, items.to_text_items(), morphology), &heading)
    })
    .await
    .map_err(|e| HandlerError::Retryable(format!("building the workbook stopped: {e}")))?
    .map_err(|e| permanent(format!("the workbook could not be written: {e}")))
}

fn permanent(reason: impl Into<String>) -> HandlerError {
    HandlerError::Permanent(reason.into())
}
