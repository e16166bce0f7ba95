//! The report as an Excel workbook, formatted for printing: each sheet opens with the report's
//! title, when it was made and what meeting it is of (length, speakers), and every printed page
//! carries the title, the date and its page number; sheet 帳票 Report lists each item with its
//! sentences (time, speaker, confidence), then the unclassified ones; sheet 全文 Transcript holds
//! every utterance.
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

/// What the workbook says about itself at the top of each sheet and on every printed page.
#[derive(Clone, Debug, Default)]
pub struct Heading {
    pub title: String,
    /// When the report was made, as the reader reads dates (e.g. `2026-12-05 09:30 JST`).
    pub created: String,
    /// Where the transcript came from, in words (e.g. `文字起こしファイル Transcript file`).
    pub source: String,
}

/// Rows above each sheet's table: title, date, meeting, a blank line.
const HEADING_ROWS: u32 = 4;

/// The workbook's bytes.
pub fn report_workbook(report: &Report, heading: &Heading) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    items_sheet(workbook.add_worksheet(), report, heading)?;
    transcript_sheet(workbook.add_worksheet(), report, heading)?;
    workbook.save_to_buffer()
}

/// The title, the date and the meeting (source, length, speakers) in the sheet's first rows.
fn heading_rows(sheet: &mut Worksheet, report: &Report, heading: &Heading) -> Result<(), XlsxError> {
    let (title, label) = (Format::new().set_bold().set_font_size(14), Format::new().set_bold());
    sheet.write_string_with_format(0, 0, shortened(&heading.title), &title)?;
    sheet.write_string_with_format(1, 0, "作成日 Created", &label)?;
    sheet.write_string(1, 1, &heading.created)?;
    sheet.write_string_with_format(2, 0, "会議 Meeting", &label)?;
    sheet.write_string(2, 1, shortened(&meeting_line(report, &heading.source)))?;
    Ok(())
}

/// `文字起こしファイル · 32:10 · 話者 2 人: 面接官, 候補者`.
fn meeting_line(report: &Report, source: &str) -> String {
    let length = report.transcript.iter().map(|u| u.end_s).fold(0.0, f64::max);
    let mut speakers: Vec<&str> = Vec::new();
    for name in report.transcript.iter().filter_map(|u| u.speaker.as_deref()) {
        if !speakers.contains(&name) {
            speakers.push(name);
        }
    }
    let mut parts = vec![clock(length)];
    if !source.is_empty() {
        parts.insert(0, source.to_owned());
    }
    if !speakers.is_empty() {
        parts.push(format!("話者 {} 人 speakers: {}", speakers.len(), speakers.join(", ")));
    }
    parts.join(" · ")
}

fn header_format() -> Format {
    Format::new().set_bold().set_background_color(Color::RGB(0xDCE6F1)).set_align(FormatAlign::VerticalCenter)
}

fn items_sheet(sheet: &mut Worksheet, report: &Report, heading: &Heading) -> Result<(), XlsxError> {
    sheet.set_name("帳票 Report")?;
    heading_rows(sheet, report, heading)?;
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
        sheet.write_string_with_format(HEADING_ROWS, col as u16, *title, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let mut row = HEADING_ROWS + 1;
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
    print_setup(sheet, heading)
}

fn transcript_sheet(sheet: &mut Worksheet, report: &Report, heading: &Heading) -> Result<(), XlsxError> {
    sheet.set_name("全文 Transcript")?;
    heading_rows(sheet, report, heading)?;
    let (header, wrap) = (header_format(), Format::new().set_text_wrap().set_align(FormatAlign::Top));
    for (col, (title, width)) in [("時刻 Time", 9.0), ("話者 Speaker", 14.0), ("発言 Text", 100.0)].iter().enumerate()
    {
        sheet.write_string_with_format(HEADING_ROWS, col as u16, *title, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let mut row = HEADING_ROWS + 1;
    for u in &report.transcript {
        sheet.write_string_with_format(row, 0, clock(u.start_s), &wrap)?;
        sheet.write_string_with_format(row, 1, shortened(u.speaker.as_deref().unwrap_or("")), &wrap)?;
        for part in cell_parts(&u.text) {
            sheet.write_string_with_format(row, 2, part, &wrap)?;
            row += 1;
        }
    }
    print_setup(sheet, heading)
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

/// A4 landscape, one page wide, the table's header row repeated and frozen; every page's header
/// says the title and the date, its footer the page number.
fn print_setup(sheet: &mut Worksheet, heading: &Heading) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADING_ROWS, HEADING_ROWS)?;
    sheet.set_freeze_panes(HEADING_ROWS + 1, 0)?;
    sheet.set_header(page_header(heading));
    sheet.set_footer("&C&P / &N");
    Ok(())
}

/// `&L{title}&R{created}`, with `&` doubled (Excel's escape) and the title cut so the whole
/// header stays within Excel's 255 characters.
fn page_header(heading: &Heading) -> String {
    let escape = |s: &str| s.replace('&', "&&");
    // Doubled `&`s at worst: 2 x (80 + 30) + 4 stays under 255.
    let title: String = heading.title.chars().take(80).collect();
    let created: String = heading.created.chars().take(30).collect();
    format!("&L{}&R{}", escape(&title), escape(&created))
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
        let report = build_report(transcript, Vec::new(), None);
        assert!(report_workbook(&report, &Heading::default()).is_ok());

        let parts = cell_parts(&long);
        assert!(parts.len() >= 3 && parts.iter().all(|p| p.encode_utf16().count() <= CELL_LIMIT));
        assert!(parts[1..].iter().all(|p| p.starts_with(CONTINUED)) && !parts[0].starts_with(CONTINUED));
        let joined: String = parts.iter().map(|p| p.strip_prefix(CONTINUED).unwrap_or(p)).collect();
        assert_eq!(joined, long, "nothing lost");
        assert_eq!(cell_parts("短い"), ["短い"]);
        let short = shortened(&"名".repeat(40_000));
        assert!(short.ends_with('…') && short.encode_utf16().count() <= CELL_LIMIT);
    }

    #[test]
    fn the_heading_names_the_meeting_and_every_page_its_title() {
        let said = |speaker: &str, end_s: f64| Utterance {
            speaker: Some(speaker.into()),
            start_s: 0.0,
            end_s,
            text: "はい。".into(),
            confidence: None,
        };
        let report =
            build_report(vec![said("面接官", 5.0), said("候補者", 1930.0), said("面接官", 12.0)], Vec::new(), None);
        let line = meeting_line(&report, "文字起こしファイル");
        assert!(
            line.starts_with("文字起こしファイル · ") && line.ends_with("話者 2 人 speakers: 面接官, 候補者"),
            "{line}"
        );
        let heading =
            Heading { title: "A&B 面談".repeat(30), created: "2026-12-05 09:30 JST".into(), source: String::new() };
        let header = page_header(&heading);
        assert!(header.starts_with("&LA&&B 面談") && header.ends_with("&R2026-12-05 09:30 JST"), "{header}");
        assert!(header.chars().count() <= 255);
    }
}
