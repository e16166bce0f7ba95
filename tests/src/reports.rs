//! Report fixtures (the transcripts and report items of `tests/fixtures/transcripts`) and a look
//! inside the workbooks the report-export handler writes.

use std::io::Read;

use reqwest::Method;
use serde_json::{Value, json};

use crate::app::{Fixture, Reply, TestApp};

/// A file of `tests/fixtures/transcripts`.
pub fn transcript_fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/transcripts").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The body of `PUT reports/items` with the fixture's four items.
pub fn report_items() -> Value {
    let items: Value = serde_json::from_str(&transcript_fixture("report-items.json")).expect("report-items.json");
    json!({ "items": items })
}

/// The item names of [`report_items`].
pub fn report_item_names() -> Vec<String> {
    let items = report_items();
    items["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_owned()).collect()
}

/// `POST reports` of a WebVTT fixture file as `token`.
pub async fn post_report(app: &TestApp, fx: &Fixture, token: &str, title: &str, vtt_file: &str) -> Reply {
    let body = json!({ "title": title, "format": "vtt", "text": transcript_fixture(vtt_file) });
    app.call(Method::POST, &fx.path("/t/{tenant}/v1/reports"), Some(token), Some(body)).await
}

/// The text of a workbook: its sheet names and every string cell (`xl/workbook.xml` and
/// `xl/sharedStrings.xml`), read with a zip reader; panics when it is no xlsx.
pub fn workbook_text(bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip file");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the workbook opens as zip");
    let mut text = String::new();
    for part in ["xl/workbook.xml", "xl/sharedStrings.xml"] {
        let mut file = archive.by_name(part).unwrap_or_else(|e| panic!("{part} in the workbook: {e}"));
        file.read_to_string(&mut text).unwrap_or_else(|e| panic!("{part} is not UTF-8: {e}"));
    }
    text
}
