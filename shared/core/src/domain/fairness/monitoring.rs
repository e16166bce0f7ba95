//! The tenant's fairness settings (pass scores, alert limits) and the monthly record of the predictions' fairness
//! (issue 19 item 3): one per month, computed once, with the points the trend chart draws.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::report::{AlertLimits, FairnessReport, Flag};

/// A tenant's choices for the analysis (admin).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FairnessSettings {
    /// The pass score of an item (by id): the model passes an interview at or above it. Items without one split
    /// at the median of the scores.
    #[serde(default)]
    pub pass_scores: BTreeMap<String, f64>,
    #[serde(default)]
    pub limits: AlertLimits,
}

impl FairnessSettings {
    /// Limits a tenant may set: an impact ratio in (0, 1], a standardised difference in (0, 3].
    pub fn validate(&self) -> Result<(), crate::CoreError> {
        let l = self.limits;
        if !(l.min_impact_ratio > 0.0 && l.min_impact_ratio <= 1.0) {
            return Err(crate::CoreError::invalid(
                "limits.min_impact_ratio",
                "影響比の基準は 0 より大きく 1 以下の値にしてください（標準は 0.8）。",
                "The impact ratio limit must be above 0 and at most 1 (0.8 by default).",
            ));
        }
        if !(l.max_standardised_difference > 0.0 && l.max_standardised_difference <= 3.0) {
            return Err(crate::CoreError::invalid(
                "limits.max_standardised_difference",
                "標準化差の基準は 0 より大きく 3 以下の値にしてください（標準は 0.5）。",
                "The standardised difference limit must be above 0 and at most 3 (0.5 by default).",
            ));
        }
        if self.pass_scores.len() > 200 || self.pass_scores.values().any(|s| !s.is_finite()) {
            return Err(crate::CoreError::invalid(
                "pass_scores",
                "合格点は評価項目ごとに数値で入力してください。",
                "Give each item's pass score as a number.",
            ));
        }
        Ok(())
    }
}

/// One item's figures of one attribute in a month, for the trend chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrendPoint {
    pub attribute: String,
    pub item_id: String,
    /// The lowest impact ratio of the month's predictions.
    pub lowest_impact_ratio: Option<f64>,
    /// The largest standardised difference (either way) of the month's predicted scores.
    pub largest_difference: Option<f64>,
}

/// The predictions' fairness in one month (Japan time), computed once by the monthly run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MonthlyFairness {
    /// `YYYY-MM`.
    pub month: String,
    pub computed_at: DateTime<Utc>,
    /// Interviews predicted in the month.
    pub predictions: usize,
    pub flags: Vec<Flag>,
    pub trend: Vec<TrendPoint>,
    /// The whole report.
    #[schema(value_type = Object)]
    pub report: serde_json::Value,
    /// The alert went out (to the bus: the admins' mail); a run that stopped before is finished by the next.
    #[serde(default)]
    pub announced: bool,
}

impl MonthlyFairness {
    pub fn new(month: String, computed_at: DateTime<Utc>, report: &FairnessReport) -> Self {
        let trend = report
            .attributes
            .iter()
            .flat_map(|a| {
                a.items.iter().map(|item| TrendPoint {
                    attribute: a.attribute.clone(),
                    item_id: item.item_id.clone(),
                    lowest_impact_ratio: item.selection.as_ref().and_then(|s| s.demographic_parity_ratio),
                    largest_difference: item.predictions.as_ref().and_then(|p| {
                        p.means
                            .comparisons
                            .iter()
                            .filter_map(|c| c.standardised_difference)
                            .max_by(|a, b| a.abs().total_cmp(&b.abs()))
                    }),
                })
            })
            .collect();
        MonthlyFairness {
            month,
            computed_at,
            predictions: report.subjects,
            flags: report.flags.clone(),
            trend,
            report: serde_json::to_value(report).unwrap_or_default(),
            announced: false,
        }
    }
}

/// `YYYY-MM` of the month before the one `at` falls in (Japan time): the month a run at `at` closes.
pub fn previous_month(at: DateTime<Utc>) -> String {
    let date = super::super::japan_time::japan_date(at);
    let (year, month) = if date.month() == 1 { (date.year() - 1, 12) } else { (date.year(), date.month() - 1) };
    format!("{year:04}-{month:02}")
}

/// Whether `at` falls in `month` (`YYYY-MM`, Japan time).
pub fn in_month(at: DateTime<Utc>, month: &str) -> bool {
    let date = super::super::japan_time::japan_date(at);
    format!("{:04}-{:02}", date.year(), date.month()) == month
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_closes_the_month_before_in_japan_time() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // 1 January 03:00 in Japan is still 31 December in UTC.
        assert_eq!(previous_month(at("2026-12-31T18:00:00Z")), "2026-12");
        assert_eq!(previous_month(at("2026-03-01T00:00:00+09:00")), "2026-02");
        assert!(in_month(at("2026-11-30T16:00:00Z"), "2026-12") && !in_month(at("2026-11-30T14:59:00Z"), "2026-12"));
    }

    #[test]
    fn limits_outside_their_range_are_refused() {
        let mut settings = FairnessSettings::default();
        assert!(settings.validate().is_ok());
        settings.limits.min_impact_ratio = 1.5;
        assert!(settings.validate().is_err());
    }
}
