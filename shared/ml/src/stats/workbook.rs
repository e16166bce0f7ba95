//! The statistics as an Excel workbook: one sheet of every feature × item relation (filterable,
//! strongest first, q < 0.05 highlighted), one explaining the columns, both set up for A4 printing.

use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::{Relation, StatsReport};

const HEADERS: [(&str, f64); 16] = [
    ("評価項目 Item", 18.0),
    ("特徴量 Feature", 28.0),
    ("Feature", 30.0),
    ("名前 Name", 26.0),
    ("n", 6.0),
    ("Spearman rho", 12.0),
    ("p", 9.0),
    ("q (BH)", 9.0),
    ("Pearson r", 10.0),
    ("p", 9.0),
    ("q (BH)", 9.0),
    ("上位1/3 平均 Top third mean", 16.0),
    ("下位1/3 平均 Bottom third mean", 16.0),
    ("Welch t", 9.0),
    ("df", 7.0),
    ("p", 9.0),
];

const ABOUT: [&str; 8] = [
    "面談動画分析: 各特徴量と専門家評価（面談ごとの平均）の関係。相関は因果を示しません。",
    "Interview video analysis: how each recording feature relates to the experts' mean rating per interview. Correlation is not causation.",
    "Spearman rho / Pearson r: rank and linear correlation, with two-sided p-values (t distribution, n - 2 degrees of freedom).",
    "q (BH): Benjamini-Hochberg false discovery rate over all feature x item pairs of the same measure; q < 0.05 is highlighted.",
    "Top / bottom third: the feature's mean in the interviews rated highest and lowest (a third each), compared with Welch's t-test.",
    "Rows with n below 5 have no figures. Only interviews whose recordings passed the quality check and that experts rated are counted.",
    "",
    "",
];

/// The workbook's bytes.
pub fn workbook_bytes(report: &StatsReport) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    relations_sheet(workbook.add_worksheet(), report)?;
    about_sheet(workbook.add_worksheet(), report)?;
    workbook.save_to_buffer()
}

fn relations_sheet(sheet: &mut Worksheet, report: &StatsReport) -> Result<(), XlsxError> {
    sheet.set_name("関係 Relations")?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDCE6F1));
    let number = Format::new().set_num_format("0.000");
    let significant = Format::new().set_num_format("0.000").set_bold().set_background_color(Color::RGB(0xFFF2CC));
    for (col, (title, width)) in HEADERS.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *title, &header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_row_height(0, 32)?;

    let item_name = |id: &str| report.items.iter().find(|i| i.id == id).map_or(id, |i| i.name.as_str()).to_owned();
    let mut rows: Vec<&Relation> = report.relations.iter().collect();
    rows.sort_by(|a, b| b.strength().total_cmp(&a.strength()).then_with(|| a.feature.cmp(&b.feature)));
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, item_name(&r.item))?;
        sheet.write_string(row, 1, &r.feature_ja)?;
        sheet.write_string(row, 2, &r.feature_en)?;
        sheet.write_string(row, 3, &r.feature)?;
        sheet.write_number(row, 4, r.n as f64)?;
        for (col, test) in [(5u16, &r.spearman), (8, &r.pearson)] {
            if let Some(t) = test {
                let q_format = if t.q < 0.05 { &significant } else { &number };
                sheet.write_number_with_format(row, col, t.coefficient, q_format)?;
                sheet.write_number_with_format(row, col + 1, t.p, &number)?;
                sheet.write_number_with_format(row, col + 2, t.q, q_format)?;
            }
        }
        if let Some(e) = &r.extremes {
            for (col, value) in [(11u16, e.top_mean), (12, e.bottom_mean), (13, e.t), (14, e.df), (15, e.p)] {
                sheet.write_number_with_format(row, col, value, &number)?;
            }
        }
    }
    let last_row = rows.len() as u32;
    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, last_row.max(1), HEADERS.len() as u16 - 1)?;
    print_setup(sheet)?;
    Ok(())
}

fn about_sheet(sheet: &mut Worksheet, report: &StatsReport) -> Result<(), XlsxError> {
    sheet.set_name("説明 About")?;
    sheet.set_column_width(0, 120)?;
    let wrap = Format::new().set_text_wrap();
    for (row, line) in ABOUT.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
        sheet.write_string_with_format(row as u32, 0, *line, &wrap)?;
    }
    let facts = [
        format!("面談数 Interviews: {}", report.interviews),
        format!(
            "評価項目 Items: {}",
            report
                .items
                .iter()
                .map(|i| format!("{} (n = {})", i.name, i.rated_interviews))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        format!("データのハッシュ Dataset hash: {}", report.dataset_hash),
    ];
    for (k, line) in facts.iter().enumerate() {
        sheet.write_string_with_format(ABOUT.len() as u32 + k as u32, 0, line, &wrap)?;
    }
    print_setup(sheet)?;
    Ok(())
}

/// A4 landscape, one page wide, the header row repeated on every page.
fn print_setup(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workbook_is_a_zip_with_both_sheets() {
        let report = StatsReport { interviews: 0, items: Vec::new(), relations: Vec::new(), dataset_hash: "h".into() };
        let bytes = workbook_bytes(&report).unwrap();
        // An .xlsx is a zip archive ("PK") naming its worksheets in the workbook part.
        assert_eq!(&bytes[..2], b"PK");
        assert!(bytes.len() > 1000);
    }
}
