//! `mendan usage --month YYYY-MM [--csv FILE] [--xlsx FILE]`: every registered tenant's usage in a month, for the
//! operator who bills (従量課金), on either backend. CSV on standard output unless `--csv` names a file; `--xlsx`
//! writes the same table as a workbook.

use anyhow::Context;
use mendan_core::domain::usage::{Meter, MonthlyUsage};
use mendan_core::usecases::{tenants, usage};
use std::path::PathBuf;

use crate::tenant::{BackendArgs, open};

#[derive(clap::Args)]
pub struct UsageArgs {
    /// The month, `YYYY-MM` (Japan time).
    #[arg(long)]
    month: String,
    /// Write the CSV here instead of standard output.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Also write the table as an Excel workbook.
    #[arg(long)]
    xlsx: Option<PathBuf>,
    #[command(flatten)]
    backend: BackendArgs,
}

const COLUMNS: [&str; 13] = [
    "tenant",
    "plan",
    "options",
    "self_interviews",
    "face_to_face_interviews",
    "minutes_recorded",
    "minutes_analysed",
    "minutes_transcribed",
    "trainings",
    "predictions",
    "reports",
    "mails_sent",
    "storage_gb_months",
];

/// One row: text cells for the names, numbers for the rest.
enum Cell {
    Text(String),
    Number(f64),
}

fn row(tenant: &mendan_core::domain::tenant::Tenant, u: &MonthlyUsage) -> Vec<Cell> {
    let count = |m: Meter| Cell::Number(u.totals.get(&m).copied().unwrap_or(0) as f64);
    let options: Vec<&str> = tenant.options.iter().map(|o| o.as_str()).collect();
    vec![
        Cell::Text(tenant.slug.to_string()),
        Cell::Text(
            serde_json::to_value(tenant.plan).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
        ),
        Cell::Text(options.join(" ")),
        count(Meter::SelfInterviews),
        count(Meter::FaceToFaceInterviews),
        Cell::Number(u.minutes_recorded),
        Cell::Number(u.minutes_analysed),
        Cell::Number(u.minutes_transcribed),
        count(Meter::Trainings),
        count(Meter::Predictions),
        count(Meter::Reports),
        count(Meter::MailsSent),
        Cell::Number(u.storage_gb_months),
    ]
}

pub async fn run(args: UsageArgs) -> anyhow::Result<()> {
    let backend = open(&args.backend).await?;
    let mut rows = Vec::new();
    for tenant in tenants::list_tenants(&backend.ports).await? {
        let month = usage::month_of(&backend.ports, &tenant.slug, &args.month).await?;
        rows.push(row(&tenant, &month));
    }
    let csv = to_csv(&rows);
    match &args.csv {
        Some(path) => std::fs::write(path, &csv).with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{csv}"),
    }
    if let Some(path) = &args.xlsx {
        let bytes = to_xlsx(&args.month, &rows).context("cannot build the workbook")?;
        std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn to_csv(rows: &[Vec<Cell>]) -> String {
    let mut out = COLUMNS.join(",") + "\n";
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                // Slugs and option names hold no comma or quote; quoted anyway, as a spreadsheet reads it.
                Cell::Text(t) => format!("\"{}\"", t.replace('"', "\"\"")),
                Cell::Number(n) => n.to_string(),
            })
            .collect();
        out += &(cells.join(",") + "\n");
    }
    out
}

fn to_xlsx(month: &str, rows: &[Vec<Cell>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(format!("usage {month}"))?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(t) => sheet.write_string(r, c, t)?,
                Cell::Number(n) => sheet.write_number(r, c, *n)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    workbook.save_to_buffer()
}
