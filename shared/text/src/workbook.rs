//! The report as an Excel workbook, formatted for printing: sheet 帳票 Report lists each item with
//! its sentences (time, speaker, confidence), then the unclassified ones; sheet 全文 Transcript
//! holds every utterance.
//!
//! An Excel cell holds at most 32,767 characters (UTF-16 units). A longer sentence or utterance
//! is not cut: it goes on over continuation rows, each starting with [`CONTINUED`], so the whole
//! text is there and visibly one piece; a speaker name that long is shortened, ending in `…`.

use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::report::{Report, clock};

/// Excel's limit on the characters of one cell, in UTF-16 units.
const CELL_LIMIT: usize = 32_767;
/// Starts a row that goes on with the text of the row above.
pub const CONTINUED: &str = "（続き cont.）";

/// The workbook's bytes.
pub fn report_workbook(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    items_sheet(workbook.add_worksheet(), report)?;
    transcript_sheet(workbook.add_worksheet(), report)?;
    workbook.save_to_buffer()
}

fn header_format() -> Format {
    Format::new().set_bold().set_background_color(Color::RGB(0xDCE6F1)).set_align(FormatAlign::VerticalCenter)
}

fn items_sheet(sheet: &mut Worksheet, report: &Report) -> Result<(), XlsxError> {
    sheet.set_name("帳票 Report")?;
    let (header, wrap) = (header_format(), Format::new().set_text_wrap().set_align(FormatAlign::Top));
    let group = Format::new().set_bold().set_font_size(12).set_background_color(Color::RGB(0xF2F2F2));
    let confidence = Format::new().set_num_format("0.00").set_align(FormatAlign::Top);
    for (col, (title, width)) in [
        ("項目 Item", 18.0),
        ("時刻 Time", 9.0),
        ("話者 Speaker", 14.0),
        ("発言 Sentence", 80.0),
        ("確信度 Confidence", 10.0),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *title, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let mut row = 1u32;
    let groups = report.items.iter().enumerate().map(|(k, i)| (Some(k), i.name.as_str()));
    for (item, name) in groups.chain([(None, "未分類 Unclassified")]) {
        let members: Vec<_> = report.sentences.iter().filter(|s| s.item == item).collect();
        sheet.write_string_with_format(row, 0, name, &group)?;
        for col in 1..5 {
            sheet.write_blank(row, col, &group)?;
        }
        row += 1;
        for s in members {
            sheet.write_string_with_format(row, 0, name, &wrap)?;
            sheet.write_string_with_format(row, 1, clock(s.start_s), &wrap)?;
            sheet.write_string_with_format(row, 2, shortened(s.speaker.as_deref().unwrap_or("")), &wrap)?;
            sheet.write_number_with_format(row, 4, s.confidence, &confidence)?;
            for (k, part) in cell_parts(&s.text).into_iter().enumerate() {
                if k > 0 {
                    sheet.write_string_with_format(row, 0, name, &wrap)?;
                }
                sheet.write_string_with_format(row, 3, part, &wrap)?;
                row += 1;
            }
        }
    }
    print_setup(sheet)
}

fn transcript_sheet(sheet: &mut Worksheet, report: &Report) -> Result<(), XlsxError> {
    sheet.set_name("全文 Transcript")?;
    let (header, wrap) = (header_format(), Format::new().set_text_wrap().set_align(FormatAlign::Top));
    for (col, (title, width)) in [("時刻 Time", 9.0), ("話者 Speaker", 14.0), ("発言 Text", 100.0)].iter().enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *title, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let mut row = 1u32;
    for u in &report.transcript {
        sheet.write_string_with_format(row, 0, clock(u.start_s), &wrap)?;
        sheet.write_string_with_format(row, 1, shortened(u.speaker.as_deref().unwrap_or("")), &wrap)?;
        for part in cell_parts(&u.text) {
            sheet.write_string_with_format(row, 2, part, &wrap)?;
            row += 1;
        }
    }
    print_setup(sheet)
}

/// `text` in pieces that each fit a cell: the first as it is, the others after [`CONTINUED`].
fn cell_parts(text: &str) -> Vec<String> {
    let room = CELL_LIMIT - CONTINUED.encode_utf16().count();
    let mut parts = vec![String::new()];
    let mut units = 0;
    for c in text.chars() {
        if units + c.len_utf16() > room {
            parts.push(CONTINUED.to_owned());
            units = 0;
        }
        parts.last_mut().expect("never empty").push(c);
        units += c.len_utf16();
    }
    parts
}

/// A short column's text, cut to fit a cell with `…` at the end when it would not.
fn shortened(text: &str) -> String {
    if text.encode_utf16().count() <= CELL_LIMIT {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut units = 0;
    for c in text.chars() {
        if units + c.len_utf16() > CELL_LIMIT - 1 {
            break;
        }
        out.push(c);
        units += c.len_utf16();
    }
    out.push('…');
    out
}

/// A4 landscape, one page wide, header row repeated, frozen.
fn print_setup(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::build_report;
    use crate::transcript::Utterance;

    /// One utterance over Excel's cell limit once failed the whole report.
    #[test]
    fn an_utterance_longer_than_a_cell_goes_on_over_continuation_rows() {
        let long = "前職では営業を担当していました。".repeat(5_000) + "𠮷";
        let speaker = "名".repeat(40_000);
        let transcript =
            vec![Utterance { speaker: Some(speaker), start_s: 0.0, end_s: 1.0, text: long.clone(), confidence: None }];
        let report = build_report(transcript, Vec::new());
        assert!(report_workbook(&report).is_ok());

        let parts = cell_parts(&long);
        assert!(parts.len() >= 3 && parts.iter().all(|p| p.encode_utf16().count() <= CELL_LIMIT));
        assert!(parts[1..].iter().all(|p| p.starts_with(CONTINUED)) && !parts[0].starts_with(CONTINUED));
        let joined: String = parts.iter().map(|p| p.strip_prefix(CONTINUED).unwrap_or(p)).collect();
        assert_eq!(joined, long, "nothing lost");
        assert_eq!(cell_parts("短い"), ["短い"]);
        let short = shortened(&"名".repeat(40_000));
        assert!(short.ends_with('…') && short.encode_utf16().count() <= CELL_LIMIT);
    }
}
