//! The print-ready workbook of one fairness report in one language: a summary with every flag read out and what
//! to do, then the figures (scores by group, pass decisions, the model's errors, proxies) and the method, each
//! sheet set up for A4.

use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::super::groups::GroupComparison;
use super::super::report::FairnessReport;
use super::FeatureLabel;
use super::words::{Lang, attribute_label, flag_reading, group_label};

/// What the report is about, in both languages (e.g. "モデル 第 3 版" / "Model version 3"), and when it was made.
pub struct DocumentTitle {
    pub ja: String,
    pub en: String,
    pub made_at: String,
}

struct Formats {
    header: Format,
    number: Format,
    flagged: Format,
    wrap: Format,
    title: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDCE6F1)),
            number: Format::new().set_num_format("0.000"),
            flagged: Format::new().set_num_format("0.000").set_bold().set_background_color(Color::RGB(0xFCE4D6)),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            title: Format::new().set_bold().set_font_size(14),
        }
    }
}

/// The workbook's bytes.
pub fn workbook_bytes(
    report: &FairnessReport,
    subject: &DocumentTitle,
    lang: Lang,
    feature_label: FeatureLabel,
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    summary_sheet(workbook.add_worksheet(), report, subject, lang, &f)?;
    scores_sheet(workbook.add_worksheet(), report, lang, &f)?;
    selection_sheet(workbook.add_worksheet(), report, lang, &f)?;
    errors_sheet(workbook.add_worksheet(), report, lang, &f)?;
    proxies_sheet(workbook.add_worksheet(), report, lang, feature_label, &f)?;
    method_sheet(workbook.add_worksheet(), lang, &f)?;
    workbook.save_to_buffer()
}

/// A4, landscape where the table is wide, fitted to the page width, the header repeated on every page.
fn a4(sheet: &mut Worksheet, landscape: bool) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    if landscape {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

fn headers(sheet: &mut Worksheet, f: &Formats, lang: Lang, columns: &[(&str, &str, f64)]) -> Result<(), XlsxError> {
    for (col, (ja, en, width)) in columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, lang.pick(ja, en), &f.header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn optional(sheet: &mut Worksheet, row: u32, col: u16, value: Option<f64>, format: &Format) -> Result<(), XlsxError> {
    match value {
        Some(v) if v.is_finite() => sheet.write_number_with_format(row, col, v, format).map(|_| ()),
        _ => sheet.write_string(row, col, "-").map(|_| ()),
    }
}

fn summary_sheet(
    sheet: &mut Worksheet,
    report: &FairnessReport,
    subject: &DocumentTitle,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(lang.pick("概要", "Summary"))?;
    a4(sheet, false)?;
    sheet.set_column_width(0, 110)?;
    let lines: Vec<(String, Option<&Format>)> = vec![
        (
            lang.pick("AI 倫理分析（属性による差）", "AI ethics analysis (differences between groups)").to_owned(),
            Some(&f.title),
        ),
        (format!("{}: {}", lang.pick("対象", "Subject"), lang.pick(&subject.ja, &subject.en)), None),
        (format!("{}: {}", lang.pick("作成", "Made"), subject.made_at), None),
        (format!("{}: {}", lang.pick("面談の数", "Interviews"), report.subjects), None),
        (
            match lang {
                Lang::Ja => format!(
                    "基準: 影響比 {:.2} 未満、または標準化差が ±{:.2} を超え 95% 区間が 0 を含まないとき。{} 人未満のグループは数字を示しません。",
                    report.limits.min_impact_ratio, report.limits.max_standardised_difference, report.min_group
                ),
                Lang::En => format!(
                    "Limits: an impact ratio below {:.2}, or a standardised difference beyond ±{:.2} whose 95% interval excludes 0. Groups under {} show no figures.",
                    report.limits.min_impact_ratio, report.limits.max_standardised_difference, report.min_group
                ),
            },
            None,
        ),
        (String::new(), None),
        (lang.pick("確認が必要な結果", "Findings to review").to_owned(), Some(&f.header)),
    ];
    let mut row = 0u32;
    for (text, format) in lines {
        match format {
            Some(format) => sheet.write_string_with_format(row, 0, text, format)?,
            None => sheet.write_string_with_format(row, 0, text, &f.wrap)?,
        };
        row += 1;
    }
    if report.flags.is_empty() {
        sheet.write_string_with_format(
            row,
            0,
            lang.pick("基準を超える差はありませんでした。", "No figure crosses the limits."),
            &f.wrap,
        )?;
    }
    for flag in &report.flags {
        sheet.write_string_with_format(row, 0, flag_reading(lang, report, flag), &f.wrap)?;
        row += 1;
    }
    Ok(())
}

fn scores_sheet(sheet: &mut Worksheet, report: &FairnessReport, lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(lang.pick("グループ別の点数", "Scores by group"))?;
    a4(sheet, true)?;
    headers(
        sheet,
        f,
        lang,
        &[
            ("属性", "Attribute", 9.0),
            ("評価項目", "Item", 16.0),
            ("点数", "Scores", 16.0),
            ("グループ", "Group", 12.0),
            ("人数", "n", 6.0),
            ("平均", "Mean", 8.0),
            ("標準偏差", "SD", 8.0),
            ("基準グループ", "Reference", 12.0),
            ("差", "Difference", 9.0),
            ("標準化差", "Standardised", 10.0),
            ("95% 下限", "95% low", 9.0),
            ("95% 上限", "95% high", 9.0),
        ],
    )?;
    let mut row = 1u32;
    for attribute in &report.attributes {
        for item in &attribute.items {
            let mut series: Vec<(String, &GroupComparison)> = Vec::new();
            if let Some(r) = &item.ratings {
                series.push((lang.pick("評価者（平均）", "Experts (mean)").to_owned(), r));
            }
            for e in &item.experts {
                series.push((format!("{} {}", lang.pick("評価者", "Expert"), e.expert), &e.figures));
            }
            if let Some(p) = &item.predictions {
                series.push((lang.pick("AI の予測", "AI prediction").to_owned(), &p.means));
            }
            for (what, figures) in series {
                for g in &figures.groups {
                    sheet.write_string(row, 0, attribute_label(lang, &attribute.attribute))?;
                    sheet.write_string(row, 1, &item.item_name)?;
                    sheet.write_string(row, 2, &what)?;
                    sheet.write_string(row, 3, group_label(lang, &g.group))?;
                    sheet.write_number(row, 4, g.n as f64)?;
                    if g.too_small {
                        sheet.write_string(row, 5, lang.pick("人数が少ないため非表示", "too few to show"))?;
                        row += 1;
                        continue;
                    }
                    optional(sheet, row, 5, g.mean, &f.number)?;
                    optional(sheet, row, 6, g.sd, &f.number)?;
                    if let Some(c) = figures.comparisons.iter().find(|c| c.group == g.group) {
                        let beyond = c.significant
                            && c.standardised_difference
                                .is_some_and(|d| d.abs() > report.limits.max_standardised_difference);
                        let format = if beyond { &f.flagged } else { &f.number };
                        sheet.write_string(row, 7, group_label(lang, &c.reference))?;
                        sheet.write_number_with_format(row, 8, c.mean_difference, format)?;
                        optional(sheet, row, 9, c.standardised_difference, format)?;
                        sheet.write_number_with_format(row, 10, c.interval95[0], &f.number)?;
                        sheet.write_number_with_format(row, 11, c.interval95[1], &f.number)?;
                    }
                    row += 1;
                }
            }
        }
    }
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), 11)?;
    Ok(())
}

fn selection_sheet(sheet: &mut Worksheet, report: &FairnessReport, lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(lang.pick("合格判定", "Pass decisions"))?;
    a4(sheet, true)?;
    headers(
        sheet,
        f,
        lang,
        &[
            ("属性", "Attribute", 9.0),
            ("評価項目", "Item", 16.0),
            ("合格点", "Pass score", 10.0),
            ("グループ", "Group", 12.0),
            ("人数", "n", 6.0),
            ("合格率", "Selection rate", 10.0),
            ("影響比", "Impact ratio", 9.0),
            ("p 値", "p-value", 8.0),
            ("真陽性率", "True positive rate", 10.0),
            ("偽陽性率", "False positive rate", 10.0),
            ("評価者の合格率", "Experts' pass rate", 10.0),
        ],
    )?;
    let mut row = 1u32;
    for attribute in &report.attributes {
        for item in &attribute.items {
            let Some(s) = &item.selection else { continue };
            let threshold = match s.basis {
                super::super::ThresholdBasis::Tenant => format!("{} {:.2}", lang.pick("以上", "at least"), s.threshold),
                super::super::ThresholdBasis::Median => {
                    format!("{} {:.2}", lang.pick("中央値超", "above median"), s.threshold)
                }
            };
            for g in &s.groups {
                sheet.write_string(row, 0, attribute_label(lang, &attribute.attribute))?;
                sheet.write_string(row, 1, &item.item_name)?;
                sheet.write_string(row, 2, &threshold)?;
                sheet.write_string(row, 3, group_label(lang, &g.group))?;
                sheet.write_number(row, 4, g.n as f64)?;
                sheet.write_number_with_format(row, 5, g.selection_rate, &f.number)?;
                let low = g.impact_ratio.is_some_and(|r| r < report.limits.min_impact_ratio);
                optional(sheet, row, 6, g.impact_ratio, if low { &f.flagged } else { &f.number })?;
                optional(sheet, row, 7, g.p_value, &f.number)?;
                optional(sheet, row, 8, g.true_positive_rate, &f.number)?;
                optional(sheet, row, 9, g.false_positive_rate, &f.number)?;
                optional(sheet, row, 10, g.expert_pass_rate, &f.number)?;
                row += 1;
            }
            for (ja, en, value) in [
                ("合格率の差（最大−最小）", "Demographic parity difference", s.demographic_parity_difference),
                ("合格率の比（最小÷最大）", "Demographic parity ratio", s.demographic_parity_ratio),
                (
                    "機会均等の差（真陽性率・偽陽性率の差の大きい方）",
                    "Equalized odds difference",
                    s.equalized_odds_difference,
                ),
            ] {
                sheet.write_string(row, 1, &item.item_name)?;
                sheet.write_string(row, 3, lang.pick(ja, en))?;
                optional(sheet, row, 5, value, &f.number)?;
                row += 1;
            }
        }
    }
    Ok(())
}

fn errors_sheet(sheet: &mut Worksheet, report: &FairnessReport, lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(lang.pick("予測の誤差", "Prediction errors"))?;
    a4(sheet, false)?;
    headers(
        sheet,
        f,
        lang,
        &[
            ("属性", "Attribute", 9.0),
            ("評価項目", "Item", 16.0),
            ("グループ", "Group", 12.0),
            ("人数", "n", 6.0),
            ("平均絶対誤差", "MAE", 10.0),
            ("平均誤差（予測−評価者）", "Mean error (AI − experts)", 14.0),
            ("相関", "Correlation", 10.0),
        ],
    )?;
    let mut row = 1u32;
    for attribute in &report.attributes {
        for item in &attribute.items {
            for e in item.predictions.iter().flat_map(|p| &p.errors) {
                sheet.write_string(row, 0, attribute_label(lang, &attribute.attribute))?;
                sheet.write_string(row, 1, &item.item_name)?;
                sheet.write_string(row, 2, group_label(lang, &e.group))?;
                sheet.write_number(row, 3, e.n as f64)?;
                sheet.write_number_with_format(row, 4, e.mae, &f.number)?;
                sheet.write_number_with_format(row, 5, e.mean_error, &f.number)?;
                optional(sheet, row, 6, e.pearson, &f.number)?;
                row += 1;
            }
        }
    }
    Ok(())
}

fn proxies_sheet(
    sheet: &mut Worksheet,
    report: &FairnessReport,
    lang: Lang,
    feature_label: FeatureLabel,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(lang.pick("代理変数", "Proxies"))?;
    a4(sheet, false)?;
    headers(
        sheet,
        f,
        lang,
        &[
            ("属性", "Attribute", 9.0),
            ("特徴量", "Feature", 30.0),
            ("コード", "Code", 26.0),
            ("見分けるグループ", "Group told apart", 14.0),
            ("AUC", "AUC", 8.0),
            ("向き", "Direction", 10.0),
        ],
    )?;
    let mut row = 1u32;
    for attribute in &report.attributes {
        let Some(p) = &attribute.proxies else { continue };
        sheet.write_string(row, 0, attribute_label(lang, &attribute.attribute))?;
        sheet.write_string(
            row,
            1,
            lang.pick("すべての特徴量をまとめて（交差検証）", "All features together (cross-validated)"),
        )?;
        optional(sheet, row, 4, p.combined_auc, &f.number)?;
        row += 1;
        for feature in p.features.iter().take(20) {
            let (ja, en) = feature_label(&feature.feature);
            sheet.write_string(row, 0, attribute_label(lang, &attribute.attribute))?;
            sheet.write_string(row, 1, lang.pick(&ja, &en))?;
            sheet.write_string(row, 2, &feature.feature)?;
            sheet.write_string(row, 3, group_label(lang, &feature.group))?;
            let format = if feature.auc >= 0.7 { &f.flagged } else { &f.number };
            sheet.write_number_with_format(row, 4, feature.auc, format)?;
            let higher = feature.direction == "higher";
            sheet.write_string(
                row,
                5,
                if higher { lang.pick("高い", "higher") } else { lang.pick("低い", "lower") },
            )?;
            row += 1;
        }
    }
    Ok(())
}

pub(super) const METHOD_JA: [&str; 9] = [
    "点数の差: グループごとの平均を、最も人数の多いグループ（基準グループ）と比べます。標準化差は差をプールした標準偏差で割った値（Cohen の d）、95% 区間は 2,000 回のブートストラップ（固定の乱数）です。",
    "合格判定: 合格点（設定がなければ全体の中央値を超えるか）で AI の予測点を合否に分け、グループごとの合格率と、最も高いグループに対する比（影響比、4/5 ルール・NYC Local Law 144）を示します。p 値は二つの割合の差の z 検定です。",
    "真陽性率・偽陽性率: 評価者が合格とした面談を AI も合格とした割合、評価者が合格としなかった面談を AI が合格とした割合。差の大きい方が機会均等の差（Fairlearn の equalized odds difference）です。",
    "予測の誤差: 学習時の交差検証（各面談を、その面談を見ていないモデルで予測）による予測点と評価者の平均点の差です。",
    "代理変数: 特徴量ひとつずつで属性を見分けられる度合い（AUC、0.5 は見分けられない、1 は完全）と、すべてをまとめたロジスティック回帰の交差検証 AUC です。",
    "属性（性別・年代）は本人の申告（分析への同意つき）または管理者の登録によるもので、学習にも予測にも使われません。",
    "5 人未満のグループは、数字に意味がなく個人が特定されうるため、人数だけを示します。「回答しない」「未登録」は比べません。",
    "基準の値はテナントごとに設定できます（標準: 影響比 0.8、標準化差 0.5）。",
    "数字は差があることを示しますが、原因は示しません。評価の運用、データ、特徴量を確認してください。",
];
pub(super) const METHOD_EN: [&str; 9] = [
    "Score differences: each group's mean against the largest group (the reference). The standardised difference is the difference over the pooled standard deviation (Cohen's d); the 95% interval comes from 2,000 bootstrap resamples (fixed seed).",
    "Pass decisions: the AI's scores split at the pass score (or, without one, above the overall median); each group's selection rate and its ratio to the highest group's (impact ratio: the 4/5ths rule, NYC Local Law 144). The p-value is a two-proportion z-test.",
    "True and false positive rates: the share of interviews the experts passed that the AI passes, and of those they did not pass. The larger spread is the equalized odds difference (as Fairlearn defines it).",
    "Prediction errors: cross-validated scores from training (each interview predicted by a model that never saw it) against the experts' mean.",
    "Proxies: how well each feature alone tells a group apart (AUC: 0.5 not at all, 1 completely), and the cross-validated AUC of a logistic regression on all features.",
    "Attributes (gender, age band) are declared by the person (with a consent to this use) or entered by an admin; they are never inputs to training or prediction.",
    "Groups under 5 show their size only: their figures mean little and could identify people. \"Undisclosed\" and \"not recorded\" are not compared.",
    "Each tenant sets its limits (defaults: impact ratio 0.8, standardised difference 0.5).",
    "The figures show that a difference exists, not why. Review how ratings are made, the data and the features.",
];

fn method_sheet(sheet: &mut Worksheet, lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(lang.pick("方法", "Method"))?;
    a4(sheet, false)?;
    sheet.set_column_width(0, 110)?;
    sheet.write_string_with_format(0, 0, lang.pick("分析の方法", "How the figures are made"), &f.title)?;
    let lines = match lang {
        Lang::Ja => METHOD_JA,
        Lang::En => METHOD_EN,
    };
    for (i, line) in lines.iter().enumerate() {
        sheet.write_string_with_format(i as u32 + 1, 0, *line, &f.wrap)?;
    }
    Ok(())
}
