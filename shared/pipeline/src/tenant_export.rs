//! Preparing an export of all a tenant's data (issue 18 item 6): every item of its partition as JSON by kind
//! (sessions, password links and processing markers left out), the people, interviews and ratings as CSV, and
//! every stored file under the tenant's prefix (recordings, features, transcripts, reports, models), in one zip
//! written to `t/{tenant}/exports/{id}.zip`. Files are downloaded to scratch space and streamed into the zip, so
//! memory stays small whatever the recordings weigh. Redelivered, a finished export is left as it is.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use mendan_core::Ports;
use mendan_core::domain::export::{ExportState, export_object_key};
use mendan_core::events::{ExportRequested, HandlerError};
use mendan_core::ports::Item;
use mendan_core::repo::tenant_pk;
use mendan_core::usecases::exports;
use serde_json::Value;

/// Items that are not the customer's data: sign-in sessions, password links, markers of work done.
const LEFT_OUT: [&str; 4] = ["SESSION#", "PWLINK#", "DONE#", "METERED#"];

/// The `export` Lambda function's entry: an EventBridge envelope in, a status report out.
pub async fn handle_envelope(ports: &Ports, envelope: serde_json::Value) -> Result<serde_json::Value, String> {
    crate::envelope::report(
        async {
            let event: ExportRequested = crate::envelope::mendan_event(envelope)?;
            handle(ports, &event).await?;
            Ok(serde_json::json!({ "status": "done" }))
        }
        .await,
    )
}

pub async fn handle(ports: &Ports, event: &ExportRequested) -> Result<(), HandlerError> {
    let export = exports::load(ports, &event.tenant, event.export_id).await?.value;
    if export.state != ExportState::Pending {
        return Ok(());
    }
    let scratch = tempfile::tempdir().map_err(|e| HandlerError::Retryable(format!("no scratch space: {e}")))?;
    let prefix = format!("t/{}/", event.tenant);
    let exports_prefix = format!("{prefix}exports/");
    let mut files = Vec::new();
    for (n, object) in ports.objects.list(&prefix).await?.into_iter().enumerate() {
        if object.key.starts_with(&exports_prefix) {
            continue;
        }
        let local = scratch.path().join(format!("object-{n}"));
        if ports.objects.download_to(&object.key, &local).await?.is_some() {
            files.push((object.key, local));
        }
    }
    let items: Vec<Item> = ports
        .items
        .query(&tenant_pk(&event.tenant), "")
        .await?
        .into_iter()
        .filter(|i| !LEFT_OUT.iter().any(|p| i.key.sk.starts_with(p)))
        .collect();
    let zip_path = scratch.path().join("export.zip");
    let (path, tenant) = (zip_path.clone(), event.tenant.to_string());
    let written = tokio::task::spawn_blocking(move || write_zip(&path, &tenant, &items, &files))
        .await
        .map_err(|e| HandlerError::Retryable(format!("the export stopped: {e}")))?;
    let outcome = match written {
        Ok(()) => {
            let key = export_object_key(&event.tenant, event.export_id);
            Ok(ports.objects.put_file(&key, &zip_path, "application/zip").await?.size)
        }
        Err(e) => Err(format!("the zip could not be written: {e}")),
    };
    exports::finish(ports, &event.tenant, event.export_id, outcome).await?;
    Ok(())
}

fn write_zip(path: &Path, tenant: &str, items: &[Item], files: &[(String, PathBuf)]) -> zip::result::ZipResult<()> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path)?);
    let deflated = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    // Recordings and workbooks are compressed already.
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).large_file(true);
    zip.start_file("README.txt", deflated)?;
    zip.write_all(readme(tenant).as_bytes())?;
    let mut by_kind: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for item in items {
        let kind = item.key.sk.split('#').next().unwrap_or("OTHER");
        by_kind.entry(kind).or_default().push(&item.body);
    }
    for (kind, bodies) in &by_kind {
        zip.start_file(format!("data/{}.json", kind.to_lowercase()), deflated)?;
        serde_json::to_writer_pretty(&mut zip, bodies).map_err(std::io::Error::other)?;
    }
    for (name, columns, rows) in tables(&by_kind) {
        zip.start_file(format!("tables/{name}.csv"), deflated)?;
        zip.write_all(csv(columns, &rows).as_bytes())?;
    }
    for (key, local) in files {
        let compressed_already =
            [".webm", ".mp4", ".m4a", ".mp3", ".xlsx", ".zip", ".onnx"].iter().any(|e| key.ends_with(e));
        zip.start_file(format!("files/{key}"), if compressed_already { stored } else { deflated })?;
        std::io::copy(&mut std::fs::File::open(local)?, &mut zip)?;
    }
    zip.finish()?;
    Ok(())
}

type Table = (&'static str, &'static [&'static str], Vec<Vec<String>>);

/// The people, interviews and ratings as tables a spreadsheet opens.
fn tables(by_kind: &BTreeMap<&str, Vec<&Value>>) -> Vec<Table> {
    let rows = |kind: &str, fields: &[&str]| -> Vec<Vec<String>> {
        by_kind.get(kind).into_iter().flatten().map(|b| fields.iter().map(|f| text(&b[*f])).collect()).collect()
    };
    const USERS: &[&str] = &["id", "email", "display_name", "role", "disabled", "created_at"];
    const INTERVIEWS: &[&str] = &["id", "mode", "status", "interviewee_id", "interviewer_id", "scheduled_at"];
    const RATINGS: &[&str] = &["interview_id", "rater_id", "item_id", "score"];
    let ratings = by_kind
        .get("RATING")
        .into_iter()
        .flatten()
        .flat_map(|r| {
            let scores = r["scores"].as_array().cloned().unwrap_or_default();
            scores
                .into_iter()
                .map(|s| vec![text(&r["interview_id"]), text(&r["rater_id"]), text(&s["item_id"]), text(&s["score"])])
        })
        .collect();
    vec![
        ("users", USERS, rows("USER", USERS)),
        ("interviews", INTERVIEWS, rows("INTERVIEW", INTERVIEWS)),
        ("ratings", RATINGS, ratings),
    ]
}

fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every field quoted; a quote doubled.
fn csv(columns: &[&str], rows: &[Vec<String>]) -> String {
    let line = |cells: Vec<String>| {
        cells.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect::<Vec<_>>().join(",") + "\r\n"
    };
    let mut out = line(columns.iter().map(|c| (*c).to_owned()).collect());
    for row in rows {
        out += &line(row.clone());
    }
    out
}

fn readme(tenant: &str) -> String {
    format!(
        "Mendan: all data of the tenant {tenant}\r\n\
         data/<kind>.json   every record of the tenant, by kind (users, interviews, recordings, ratings, consents, \
         summaries, feedback, predictions, models, reports, usage, audit ...), as Mendan stores it\r\n\
         tables/*.csv       users, interviews and ratings as tables (UTF-8)\r\n\
         files/t/{tenant}/  every stored file: recordings, features, timelines, transcripts, workbooks, models\r\n\
         Left out: sign-in sessions, password links and markers of processing.\r\n"
    )
}
