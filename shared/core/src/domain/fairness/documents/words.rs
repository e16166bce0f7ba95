//! The words of the ethics documents: group names and the plain-language reading of each flag, in Japanese and
//! English.

use super::super::report::{FairnessReport, Flag, FlagKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

pub fn attribute_label(lang: Lang, attribute: &str) -> &'static str {
    match (attribute, lang) {
        ("gender", Lang::Ja) => "性別",
        ("gender", Lang::En) => "Gender",
        (_, Lang::Ja) => "年代",
        (_, Lang::En) => "Age band",
    }
}

pub fn group_label(lang: Lang, group: &str) -> String {
    let (ja, en) = match group {
        "female" => ("女性", "Female"),
        "male" => ("男性", "Male"),
        "non_binary" => ("ノンバイナリー", "Non-binary"),
        "other" => ("その他", "Other"),
        "undisclosed" => ("回答しない", "Undisclosed"),
        "not_recorded" => ("未登録", "Not recorded"),
        "under_20" => ("20 歳未満", "Under 20"),
        "20-29" => ("20 代", "20-29"),
        "30-39" => ("30 代", "30-39"),
        "40-49" => ("40 代", "40-49"),
        "50-59" => ("50 代", "50-59"),
        "60_and_over" => ("60 歳以上", "60 and over"),
        other => (other, other),
    };
    lang.pick(ja, en).to_owned()
}

pub fn item_name<'a>(report: &'a FairnessReport, item_id: &'a str) -> &'a str {
    report
        .attributes
        .iter()
        .flat_map(|a| &a.items)
        .find(|i| i.item_id == item_id)
        .map_or(item_id, |i| i.item_name.as_str())
}

/// What a flag says and what to do about it.
pub fn flag_reading(lang: Lang, report: &FairnessReport, flag: &Flag) -> String {
    let item = item_name(report, &flag.item_id);
    let (group, reference) = (group_label(lang, &flag.group), group_label(lang, &flag.reference));
    let attribute = attribute_label(lang, &flag.attribute);
    let lower = flag.value < 0.0;
    let v = flag.value;
    match (flag.kind, lang) {
        (FlagKind::RatingDifference, Lang::Ja) => format!(
            "{attribute}: 評価者の「{item}」の点数は、{group}が{reference}より{}（標準化差 {v:.2}）。評価の基準と運用を見直し、必要なら評価者の研修をしてから再学習してください。AI はこの差を学習します。",
            if lower { "低めです" } else { "高めです" }
        ),
        (FlagKind::RatingDifference, Lang::En) => format!(
            "{attribute}: the experts rate \"{item}\" {} for {group} than for {reference} (standardised difference {v:.2}). Review how the criterion is applied, train the raters if needed, then retrain: the AI learns this difference.",
            if lower { "lower" } else { "higher" }
        ),
        (FlagKind::ExpertDifference, Lang::Ja) => format!(
            "{attribute}: 評価者「{}」は「{item}」で{group}を{reference}より{}評価しています（標準化差 {v:.2}）。この評価者の評価を他の評価者と照らし合わせてください。",
            flag.expert.as_deref().unwrap_or("?"),
            if lower { "低く" } else { "高く" }
        ),
        (FlagKind::ExpertDifference, Lang::En) => format!(
            "{attribute}: expert \"{}\" rates \"{item}\" {} for {group} than for {reference} (standardised difference {v:.2}). Compare this expert's ratings with the others'.",
            flag.expert.as_deref().unwrap_or("?"),
            if lower { "lower" } else { "higher" }
        ),
        (FlagKind::PredictionDifference, Lang::Ja) => format!(
            "{attribute}: AI の「{item}」の予測点は、{group}が{reference}より{}（標準化差 {v:.2}）。代理変数の表で属性を言い当てる特徴量を確認し、除いて再学習することを検討してください。",
            if lower { "低めです" } else { "高めです" }
        ),
        (FlagKind::PredictionDifference, Lang::En) => format!(
            "{attribute}: the AI predicts \"{item}\" {} for {group} than for {reference} (standardised difference {v:.2}). Check the proxies table for features that give the attribute away, and consider excluding them and retraining.",
            if lower { "lower" } else { "higher" }
        ),
        (FlagKind::ImpactRatio, Lang::Ja) => format!(
            "{attribute}: 「{item}」で AI が合格点以上とする割合は、{group}が{reference}の {v:.2} 倍です（基準 {:.2}）。予測を合否の参考にする前に、差の原因（評価データ、代理変数）を確認してください。",
            report.limits.min_impact_ratio
        ),
        (FlagKind::ImpactRatio, Lang::En) => format!(
            "{attribute}: the AI passes {group} on \"{item}\" at {v:.2} times the rate of {reference} (limit {:.2}). Before using the predictions for pass decisions, find the cause (the ratings, proxies).",
            report.limits.min_impact_ratio
        ),
    }
}
