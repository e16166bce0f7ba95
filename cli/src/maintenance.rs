//! `mendan maintenance add | list | remove`: planned maintenance windows (計画停止) for the whole service, on
//! either backend. Users see a banner from `--notice-hours` before the start; during the window every API call
//! answers 503 `maintenance` with the message.

use chrono::{DateTime, Utc};
use clap::Subcommand;
use mendan_core::domain::maintenance::DEFAULT_NOTICE_HOURS;
use mendan_core::usecases::maintenance::{self, NewWindow};

use crate::tenant::{BackendArgs, open};

#[derive(Subcommand)]
pub enum MaintenanceCommand {
    /// Plan a window; prints it as JSON.
    Add {
        /// RFC 3339, e.g. 2026-12-19T22:00:00+09:00.
        #[arg(long)]
        start: DateTime<Utc>,
        #[arg(long)]
        end: DateTime<Utc>,
        /// What users read (Japanese).
        #[arg(long)]
        message_ja: String,
        /// What users read (English).
        #[arg(long, default_value = "Mendan is stopped for planned maintenance.")]
        message_en: String,
        /// Hours before the start the banner is shown.
        #[arg(long, default_value_t = DEFAULT_NOTICE_HOURS)]
        notice_hours: u32,
        #[command(flatten)]
        backend: BackendArgs,
    },
    /// Print the windows not yet over, one JSON object per line.
    List {
        #[command(flatten)]
        backend: BackendArgs,
    },
    /// Remove a window (cancelled, or over early).
    Remove {
        id: uuid::Uuid,
        #[command(flatten)]
        backend: BackendArgs,
    },
}

pub async fn run(command: MaintenanceCommand) -> anyhow::Result<()> {
    match command {
        MaintenanceCommand::Add { start, end, message_ja, message_en, notice_hours, backend } => {
            let backend = open(&backend).await?;
            let input = NewWindow { start, end, message_ja, message_en, notice_hours };
            println!("{}", serde_json::to_string(&maintenance::add(&backend.ports, input).await?)?);
        }
        MaintenanceCommand::List { backend } => {
            let backend = open(&backend).await?;
            for window in maintenance::list(&backend.ports).await? {
                println!("{}", serde_json::to_string(&window)?);
            }
        }
        MaintenanceCommand::Remove { id, backend } => {
            let backend = open(&backend).await?;
            anyhow::ensure!(maintenance::remove(&backend.ports, id).await?, "no window {id}");
            println!("{}", serde_json::json!({ "removed": id }));
        }
    }
    Ok(())
}
