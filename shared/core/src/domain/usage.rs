//! Usage metering (従量課金): per tenant and day, counters a bill can be computed from. Each thing is counted once,
//! under a key that names it (an interview held, a recording analysed, a model trained …), so a redelivered event or
//! a retried handler counts nothing.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What is metered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Meter {
    /// Self-interviews held (finished recording).
    SelfInterviews,
    /// Face-to-face interviews held.
    FaceToFaceInterviews,
    /// Seconds of recordings whose duration was read (analysed, sufficient or not).
    RecordedSeconds,
    /// Seconds of recordings analysed into features.
    AnalysedSeconds,
    /// Seconds of speech transcribed (Amazon Transcribe or the offline recogniser).
    TranscribedSeconds,
    Trainings,
    Predictions,
    Reports,
    MailsSent,
    /// Bytes stored under the tenant's prefix when the day was sampled (a level, not a sum).
    StoredBytes,
}

impl Meter {
    pub const ALL: [Meter; 10] = [
        Meter::SelfInterviews,
        Meter::FaceToFaceInterviews,
        Meter::RecordedSeconds,
        Meter::AnalysedSeconds,
        Meter::TranscribedSeconds,
        Meter::Trainings,
        Meter::Predictions,
        Meter::Reports,
        Meter::MailsSent,
        Meter::StoredBytes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Meter::SelfInterviews => "self_interviews",
            Meter::FaceToFaceInterviews => "face_to_face_interviews",
            Meter::RecordedSeconds => "recorded_seconds",
            Meter::AnalysedSeconds => "analysed_seconds",
            Meter::TranscribedSeconds => "transcribed_seconds",
            Meter::Trainings => "trainings",
            Meter::Predictions => "predictions",
            Meter::Reports => "reports",
            Meter::MailsSent => "mails_sent",
            Meter::StoredBytes => "stored_bytes",
        }
    }
}

/// One day of a tenant's usage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DailyUsage {
    pub date: NaiveDate,
    pub counts: BTreeMap<Meter, u64>,
}

/// A month of a tenant's usage, as admins and operators read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MonthlyUsage {
    /// `YYYY-MM`.
    pub month: String,
    /// Days with any usage, in order.
    pub days: Vec<DailyUsage>,
    /// Sums over the month (stored bytes aside).
    pub totals: BTreeMap<Meter, u64>,
    pub minutes_recorded: f64,
    pub minutes_analysed: f64,
    pub minutes_transcribed: f64,
    /// Storage averaged over the month's days: the sampled bytes of each day / 10^9, summed, / the days in the month.
    pub storage_gb_months: f64,
}

impl MonthlyUsage {
    pub fn of(year: i32, month: u32, days: Vec<DailyUsage>) -> Self {
        let mut totals = BTreeMap::new();
        let mut stored_gb_days = 0.0;
        for day in &days {
            for (meter, n) in &day.counts {
                if *meter == Meter::StoredBytes {
                    stored_gb_days += *n as f64 / 1e9;
                } else {
                    *totals.entry(*meter).or_insert(0) += n;
                }
            }
        }
        let minutes = |m: Meter| round2(totals.get(&m).copied().unwrap_or(0) as f64 / 60.0);
        Self {
            month: format!("{year:04}-{month:02}"),
            minutes_recorded: minutes(Meter::RecordedSeconds),
            minutes_analysed: minutes(Meter::AnalysedSeconds),
            minutes_transcribed: minutes(Meter::TranscribedSeconds),
            storage_gb_months: round6(stored_gb_days / f64::from(days_in_month(year, month))),
            days,
            totals,
        }
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("a valid month");
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    next.expect("a valid month").signed_duration_since(first).num_days() as u32
}

/// `YYYY-MM` as a year and month.
pub fn parse_month(text: &str) -> Option<(i32, u32)> {
    let (y, m) = text.split_once('-')?;
    let (year, month): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    (y.len() == 4 && m.len() == 2 && (1..=12).contains(&month) && (2000..=2999).contains(&year))
        .then_some((year, month))
}

/// [`parse_month`] for a month a person typed: the answer names the field and says how to write it.
pub fn checked_month(text: &str) -> Result<(i32, u32), crate::CoreError> {
    parse_month(text).ok_or_else(|| {
        crate::CoreError::invalid(
            "month",
            "月は 2026-12 のように入力してください。",
            "A month as YYYY-MM, e.g. 2026-12.",
        )
    })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

pub fn date_of(at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    super::japan_time::japan_date(at)
}

pub fn month_prefix(year: i32, month: u32) -> String {
    format!("USAGE#{year:04}-{month:02}-")
}

pub fn day_key(date: NaiveDate) -> String {
    format!("USAGE#{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

pub fn counted_key(what: &str) -> String {
    format!("METERED#{what}")
}
