//! The ethics analysis as documents (issue 19 item 4): a print-ready workbook (A4, Japanese or English, each figure
//! with a plain-language reading and what to do) and the auditor's zip (figures, method, model card and data
//! dictionary, with no personal data). Pure: report in, bytes out.

mod audit;
mod words;
mod workbook;

pub use audit::{AuditInputs, audit_zip, pseudonymised};
pub use words::{Lang, flag_reading, group_label};
pub use workbook::{DocumentTitle, workbook_bytes};

/// How a feature is named to people (Japanese, English); the caller knows the features' labels.
pub type FeatureLabel<'a> = &'a (dyn Fn(&str) -> (String, String) + Sync);
