//! The AI-ethics analysis (issue 19): how expert ratings, a model's cross-validated predictions and the month's
//! predictions differ between groups of interviewees by gender and age band; which features stand in for a group
//! (proxies); and which differences cross the tenant's alert limits. Pure: the use cases gather the inputs, the
//! pages and workbooks show the report. Groups below [`MIN_GROUP`] are reported as too small, never with figures.

pub mod documents;
mod groups;
mod monitoring;
mod proxy;
mod report;
mod selection;
mod stats;
mod table;

pub use groups::{Comparison, GroupComparison, GroupFigures, compare_groups, compare_groups_against};
pub use monitoring::{FairnessSettings, MonthlyFairness, TrendPoint, in_month, previous_month};
pub use proxy::{Proxies, ProxyFeature, proxies};
pub use report::{
    AlertLimits, AttributeReport, ExpertFigures, FairnessInput, FairnessReport, Flag, FlagKind, GroupError, GroupSize,
    ItemInput, ItemReport, PredictionFigures, Scored, Subject, analyse,
};
pub use selection::{Decision, GroupRates, Selection, ThresholdBasis, selection};
pub use table::{CvItem, CvRecording, CvTable, ExpertScore, ItemMeta, model_input};

/// The least group size that gets figures (also for privacy: a figure of two people is nearly their own).
pub const MIN_GROUP: usize = 5;
/// Answers that are no group to compare ("回答しない", not recorded): shown with their size only.
pub const NOT_A_GROUP: [&str; 2] = ["undisclosed", "not_recorded"];
/// The attributes compared, as stored.
pub const ATTRIBUTES: [&str; 2] = ["gender", "age_band"];
