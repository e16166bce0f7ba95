//! Reports (帳票作成): a meeting transcript classified into the tenant's report items, written as an
//! Excel workbook. The store keeps the items and each report's state; the transcript and the
//! workbook live in objects under `t/{tenant}/reports/{report}/`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ReportId, TenantSlug, UserId};
use crate::{CoreError, CoreResult};

pub const MAX_ITEMS: usize = 50;
const MAX_NAME_CHARS: usize = 100;
const MAX_DESCRIPTION_CHARS: usize = 1000;
const MAX_KEYWORDS: usize = 50;
const MAX_KEYWORD_CHARS: usize = 50;
const MAX_TITLE_CHARS: usize = 200;

/// One heading of the report that sentences are sorted under.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportItem {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Words that put a sentence under this item when it contains them.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// The tenant's report items, in the order the workbook lists them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportItems {
    pub items: Vec<ReportItem>,
}

impl ReportItems {
    /// Trims every text and checks counts, lengths and that names are distinct; the field in an
    /// error is the one to fix, e.g. `items[2].name`.
    pub fn parse(input: ReportItems) -> CoreResult<Self> {
        if !(1..=MAX_ITEMS).contains(&input.items.len()) {
            return Err(CoreError::invalid(
                "items",
                format!("報告項目は 1〜{MAX_ITEMS} 個にしてください。"),
                format!("Give between 1 and {MAX_ITEMS} items."),
            ));
        }
        let mut items: Vec<ReportItem> = Vec::with_capacity(input.items.len());
        for (k, item) in input.items.into_iter().enumerate() {
            let item = parse_item(k, item)?;
            if let Some(first) = items.iter().position(|i| i.name == item.name) {
                return Err(CoreError::invalid(
                    format!("items[{k}].name"),
                    format!("項目名「{}」は {} 番目の項目と同じです。別の名前にしてください。", item.name, first + 1),
                    format!("{:?} is already the name of items[{first}]", item.name),
                ));
            }
            items.push(item);
        }
        Ok(Self { items })
    }

    /// The items as the report builder takes them.
    pub fn to_text_items(&self) -> Vec<mendan_text::report::ReportItem> {
        let convert = |i: &ReportItem| mendan_text::report::ReportItem {
            name: i.name.clone(),
            description: i.description.clone(),
            keywords: i.keywords.clone(),
        };
        self.items.iter().map(convert).collect()
    }
}

fn parse_item(k: usize, item: ReportItem) -> CoreResult<ReportItem> {
    let name = text(&format!("items[{k}].name"), &item.name, 1, MAX_NAME_CHARS)?;
    let description = text(&format!("items[{k}].description"), &item.description, 0, MAX_DESCRIPTION_CHARS)?;
    if item.keywords.len() > MAX_KEYWORDS {
        return Err(CoreError::invalid(
            format!("items[{k}].keywords"),
            format!("キーワードは 1 項目につき {MAX_KEYWORDS} 個までです。"),
            format!("At most {MAX_KEYWORDS} keywords."),
        ));
    }
    let keywords = item
        .keywords
        .iter()
        .enumerate()
        .map(|(j, word)| text(&format!("items[{k}].keywords[{j}]"), word, 1, MAX_KEYWORD_CHARS))
        .collect::<CoreResult<_>>()?;
    Ok(ReportItem { name, description, keywords })
}

/// Trimmed text of `min..=max` characters (Japanese counts per character).
fn text(field: &str, input: &str, min: usize, max: usize) -> CoreResult<String> {
    let trimmed = input.trim();
    let chars = trimmed.chars().count();
    if chars < min {
        return Err(CoreError::invalid(field, "空欄にはできません。", "Must not be empty."));
    }
    if chars > max {
        return Err(CoreError::invalid(
            field,
            format!("{max} 文字以内にしてください。"),
            format!("At most {max} characters."),
        ));
    }
    Ok(trimmed.to_owned())
}

/// A report's title as the user gave it: 1-200 characters.
pub fn parse_title(input: &str) -> CoreResult<String> {
    text("title", input, 1, MAX_TITLE_CHARS)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Requested; the report-export handler has not finished it yet.
    Pending,
    /// The workbook is stored and can be downloaded.
    Ready,
    /// It cannot be made; `error` says why.
    Failed,
}

/// What the report is made from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportSource {
    /// A transcript file posted with the request.
    #[default]
    Transcript,
    /// A meeting recording uploaded after the request and transcribed by Amazon Transcribe.
    Recording,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Report {
    pub id: ReportId,
    pub title: String,
    #[serde(default)]
    pub source: ReportSource,
    pub state: ReportState,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    /// Why a `failed` report could not be made, for the user; `null` otherwise.
    pub error: Option<String>,
}

impl Report {
    pub fn pending(
        id: ReportId,
        title: String,
        source: ReportSource,
        created_at: DateTime<Utc>,
        created_by: UserId,
    ) -> Self {
        Self { id, title, source, state: ReportState::Pending, created_at, created_by, error: None }
    }

    pub fn ready(self) -> Self {
        Self { state: ReportState::Ready, error: None, ..self }
    }

    pub fn failed(self, reason: impl Into<String>) -> Self {
        Self { state: ReportState::Failed, error: Some(reason.into()), ..self }
    }
}

/// The meeting recording of a report made from one: `t/{tenant}/reports/{id}/meeting.{ext}`.
pub fn meeting_key(tenant: &TenantSlug, id: ReportId, ext: &str) -> String {
    format!("t/{tenant}/reports/{id}/meeting.{ext}")
}

/// Reads a [`meeting_key`] back into its tenant and report.
pub fn parse_meeting_key(key: &str) -> Option<(TenantSlug, ReportId)> {
    let parts: Vec<&str> = key.split('/').collect();
    let [t, tenant, reports, id, file] = parts.as_slice() else { return None };
    let ext = file.strip_prefix("meeting.")?;
    if *t != "t" || *reports != "reports" || ext.is_empty() || ext.contains('.') {
        return None;
    }
    Some((TenantSlug::parse(tenant).ok()?, ReportId::parse(id).ok()?))
}

/// Where Amazon Transcribe writes the meeting's transcript.
pub fn transcribe_output_key(tenant: &TenantSlug, id: ReportId) -> String {
    format!("t/{tenant}/reports/{id}/transcribe.json")
}

/// The parsed transcript the report is made from (JSON utterances).
pub fn transcript_key(tenant: &TenantSlug, id: ReportId) -> String {
    format!("t/{tenant}/reports/{id}/transcript.json")
}

/// The finished workbook.
pub fn workbook_key(tenant: &TenantSlug, id: ReportId) -> String {
    format!("t/{tenant}/reports/{id}/report.xlsx")
}

pub const XLSX_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, keywords: &[&str]) -> ReportItem {
        ReportItem {
            name: name.into(),
            description: String::new(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
        }
    }

    fn field_of(result: CoreResult<ReportItems>) -> String {
        match result {
            Err(CoreError::Invalid { field, .. }) => field,
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn items_are_trimmed_and_checked_naming_the_field() {
        let parsed =
            ReportItems::parse(ReportItems { items: vec![item(" 経験 ", &[" 前職 "]), item("志望動機", &[])] });
        assert_eq!(parsed.unwrap().items[0], item("経験", &["前職"]));
        let twice = ReportItems { items: vec![item("経験", &[]), item("経験 ", &[])] };
        assert_eq!(field_of(ReportItems::parse(twice)), "items[1].name");
        assert_eq!(field_of(ReportItems::parse(ReportItems::default())), "items");
        let many = ReportItems { items: (0..=MAX_ITEMS).map(|k| item(&format!("項目{k}"), &[])).collect() };
        assert_eq!(field_of(ReportItems::parse(many)), "items");
        let blank = ReportItems { items: vec![item("経験", &["前職", "  "])] };
        assert_eq!(field_of(ReportItems::parse(blank)), "items[0].keywords[1]");
        let long = ReportItems { items: vec![item(&"長".repeat(MAX_NAME_CHARS + 1), &[])] };
        assert_eq!(field_of(ReportItems::parse(long)), "items[0].name");
    }

    #[test]
    fn a_report_moves_from_pending_to_ready_or_failed() {
        let (id, by) = (ReportId(uuid::Uuid::nil()), UserId(uuid::Uuid::nil()));
        let report = Report::pending(id, "一次面接".into(), ReportSource::Transcript, Utc::now(), by);
        assert_eq!(report.clone().ready().state, ReportState::Ready);
        let failed = report.failed("the transcript is missing");
        assert_eq!((failed.state, failed.error.as_deref()), (ReportState::Failed, Some("the transcript is missing")));
    }
}
