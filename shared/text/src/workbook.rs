//! The report as an Excel workbook, formatted for printing: sheet 帳票 Report lists each item with
//! its sentences (time, speaker, confidence), then the unclassified ones; sheet 全文 Transcript
//! holds every utterance.

use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::report::{Report, clock};

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
            sheet.write_string_with_format(row, 2, s.speaker.as_deref().unwrap_or(""), &wrap)?;
            sheet.write_string_with_format(row, 3, &s.text, &wrap)?;
            sheet.write_number_with_format(row, 4, s.confidence, &confidence)?;
            row += 1;
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
    for (k, u) in report.transcript.iter().enumerate() {
        let row = k as u32 + 1;
        sheet.write_string_with_format(row, 0, clock(u.start_s), &wrap)?;
        sheet.write_string_with_format(row, 1, u.speaker.as_deref().unwrap_or(""), &wrap)?;
        sheet.write_string_with_format(row, 2, &u.text, &wrap)?;
    }
    print_setup(sheet)
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
