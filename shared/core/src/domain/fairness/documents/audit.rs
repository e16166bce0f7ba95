//! The auditor's export: one zip with the figures (`report.json`), the workbooks in Japanese and English, the
//! method, the model card and a data dictionary. No personal data: experts are numbered, no interview or person
//! is named, and groups under the minimum size carry their size only (as in every report).

use std::collections::BTreeMap;
use std::io::Write as _;

use zip::write::SimpleFileOptions;

use super::super::report::FairnessReport;
use super::FeatureLabel;
use super::words::{Lang, group_label};
use super::workbook::{DocumentTitle, METHOD_EN, METHOD_JA, workbook_bytes};

pub struct AuditInputs<'a> {
    pub report: &'a FairnessReport,
    pub title: &'a DocumentTitle,
    /// The model card (`model.json`), when the report is of a model.
    pub card: Option<&'a serde_json::Value>,
    pub feature_label: FeatureLabel<'a>,
}

/// The report with its experts numbered in the order they first appear ("1", "2", …).
pub fn pseudonymised(report: &FairnessReport) -> FairnessReport {
    let mut numbers: BTreeMap<String, String> = BTreeMap::new();
    let mut number = |name: &str| {
        let next = numbers.len() + 1;
        numbers.entry(name.to_owned()).or_insert_with(|| next.to_string()).clone()
    };
    let mut out = report.clone();
    for attribute in &mut out.attributes {
        for item in &mut attribute.items {
            for expert in &mut item.experts {
                expert.expert = number(&expert.expert);
            }
        }
    }
    for flag in &mut out.flags {
        if let Some(expert) = &flag.expert {
            flag.expert = Some(number(expert));
        }
    }
    out
}

/// The zip's bytes.
pub fn audit_zip(inputs: &AuditInputs) -> Result<Vec<u8>, String> {
    let report = pseudonymised(inputs.report);
    let fail = |e: &dyn std::fmt::Display| e.to_string();
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        ("report.json", serde_json::to_vec_pretty(&report).map_err(|e| fail(&e))?),
        (
            "workbook-ja.xlsx",
            workbook_bytes(&report, inputs.title, Lang::Ja, inputs.feature_label).map_err(|e| fail(&e))?,
        ),
        (
            "workbook-en.xlsx",
            workbook_bytes(&report, inputs.title, Lang::En, inputs.feature_label).map_err(|e| fail(&e))?,
        ),
        ("method.md", method_text(inputs.title).into_bytes()),
        ("data-dictionary.md", dictionary(&report, inputs.feature_label).into_bytes()),
    ];
    if let Some(card) = inputs.card {
        files.push(("model-card.json", serde_json::to_vec_pretty(card).map_err(|e| fail(&e))?));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(&bytes).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

fn method_text(subject: &DocumentTitle) -> String {
    let mut text = format!(
        "# AI 倫理分析の方法 / Method\n\n対象 / Subject: {} / {} ({})\n\n",
        subject.ja, subject.en, subject.made_at
    );
    for line in METHOD_JA {
        text.push_str(&format!("- {line}\n"));
    }
    text.push('\n');
    for line in METHOD_EN {
        text.push_str(&format!("- {line}\n"));
    }
    text
}

const FIELDS: [(&str, &str); 18] = [
    ("subjects", "面談の数 / interviews analysed"),
    ("min_group", "数字を示す最小の人数 / the least group size with figures"),
    ("limits", "警告の基準 / alert limits: min_impact_ratio, max_standardised_difference"),
    ("attributes[].attribute", "属性 / attribute: gender, age_band"),
    ("attributes[].groups[]", "グループの人数、比べたか、少なすぎるか / group sizes, compared, too_small"),
    ("items[].ratings", "評価者の点数（面談ごとの平均）のグループ別 / experts' scores (mean per interview) by group"),
    ("items[].experts[]", "評価者ごとの点数（番号で匿名化）/ each expert's scores (numbered)"),
    ("items[].predictions.means", "AI の予測点のグループ別 / the AI's scores by group"),
    (
        "items[].predictions.errors[]",
        "グループ別の平均絶対誤差、平均誤差、相関 / MAE, mean error, correlation by group",
    ),
    ("comparisons[].mean_difference", "基準グループとの差 / difference from the reference group"),
    ("comparisons[].standardised_difference", "標準化差（Cohen の d）/ standardised difference (Cohen's d)"),
    ("comparisons[].interval95", "差のブートストラップ 95% 区間 / bootstrap 95% interval of the difference"),
    (
        "items[].selection",
        "合格判定: threshold, basis (tenant|median), groups[] と集計 / pass decisions and aggregates",
    ),
    ("selection.groups[].impact_ratio", "影響比（最も高いグループの合格率に対する比）/ impact ratio"),
    ("selection.equalized_odds_difference", "機会均等の差 / equalized odds difference (Fairlearn)"),
    ("proxies.features[]", "特徴量ごとの AUC / each feature's AUC for telling a group apart"),
    ("proxies.combined_auc", "全特徴量の交差検証 AUC / cross-validated AUC of all features together"),
    ("flags[]", "基準を超えた結果 / findings beyond the limits: kind, attribute, item_id, group, reference, value"),
];

fn dictionary(report: &FairnessReport, feature_label: FeatureLabel) -> String {
    let mut text = String::from("# データ辞書 / Data dictionary (report.json)\n\n| field | meaning |\n|---|---|\n");
    for (field, meaning) in FIELDS {
        text.push_str(&format!("| `{field}` | {meaning} |\n"));
    }
    text.push_str("\n## グループ / Groups\n\n| code | ja | en |\n|---|---|---|\n");
    let mut groups: Vec<&str> =
        report.attributes.iter().flat_map(|a| a.groups.iter().map(|g| g.group.as_str())).collect();
    groups.sort_unstable();
    groups.dedup();
    for g in groups {
        text.push_str(&format!("| `{g}` | {} | {} |\n", group_label(Lang::Ja, g), group_label(Lang::En, g)));
    }
    text.push_str("\n## 特徴量 / Features\n\n| code | ja | en |\n|---|---|---|\n");
    let mut features: Vec<&str> = report
        .attributes
        .iter()
        .flat_map(|a| a.proxies.iter().flat_map(|p| p.features.iter().map(|f| f.feature.as_str())))
        .collect();
    features.sort_unstable();
    features.dedup();
    for feature in features {
        let (ja, en) = feature_label(feature);
        text.push_str(&format!("| `{feature}` | {ja} | {en} |\n"));
    }
    text
}
