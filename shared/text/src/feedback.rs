//! Personal feedback for the interviewee (個別フィードバック): polite, deterministic sentences from
//! the interview's reference scores (strengths and points to work on, never raw numbers unless
//! the tenant allows) and from content criteria (does the answer address X? — the closest
//! sentence is quoted as evidence). An interviewer approves it before the interviewee sees it.

use serde::{Deserialize, Serialize};

use crate::fillers::strip_fillers;
use crate::ngrams::{Bigrams, cosine};
use crate::sentences::split_sentences;

/// One item's reference score, as the prediction gives it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ScoredItem {
    pub name: String,
    pub score: f64,
    pub min: f64,
    pub max: f64,
}

/// A content criterion (evaluation item of kind `content`): what a good answer addresses.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Criterion {
    pub name: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriterionCheck {
    pub name: String,
    pub met: bool,
    /// The answer's sentence closest to the criterion (quoted in the feedback when met).
    pub evidence: Option<String>,
    pub similarity: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Feedback {
    pub ja: Vec<String>,
    pub en: Vec<String>,
    pub criteria: Vec<CriterionCheck>,
}

/// A criterion counts as addressed when a sentence is at least this similar to it.
pub const CRITERION_MET: f64 = 0.25;
/// Items this far above (below) the middle of their scale are strengths (points to work on).
const MARGIN: f64 = 0.15;

/// The feedback for an interviewee whose answers are `answers`; `show_scores` when the tenant
/// allows numbers in feedback.
pub fn feedback(items: &[ScoredItem], criteria: &[Criterion], answers: &str, show_scores: bool) -> Feedback {
    let mut ja = vec!["本日は面談にご参加いただき、ありがとうございました。".to_owned()];
    let mut en = vec!["Thank you for taking part in the interview.".to_owned()];
    let position = |i: &ScoredItem| if i.max > i.min { (i.score - i.min) / (i.max - i.min) } else { 0.5 };
    let number =
        |i: &ScoredItem| if show_scores { format!("（{:.1} / {:.0}）", i.score, i.max) } else { String::new() };
    let number_en =
        |i: &ScoredItem| if show_scores { format!(" ({:.1} of {:.0})", i.score, i.max) } else { String::new() };

    let strengths: Vec<&ScoredItem> = items.iter().filter(|i| position(i) >= 0.5 + MARGIN).collect();
    let to_work_on: Vec<&ScoredItem> = items.iter().filter(|i| position(i) <= 0.5 - MARGIN).collect();
    for i in &strengths {
        ja.push(format!("「{}」{}は、特に良い印象でした。この点は自信を持ってよいと思います。", i.name, number(i)));
        en.push(format!(
            "\"{}\"{} came across particularly well; this is a strength to build on.",
            i.name,
            number_en(i)
        ));
    }
    for i in &to_work_on {
        ja.push(format!("「{}」{}は、今後さらに伸ばせる点です。次の機会には、具体的な経験を交えてお話しいただくと、より伝わりやすくなります。", i.name, number(i)));
        en.push(format!("\"{}\"{} is where you can grow most; next time, concrete examples from your experience will help it come across.", i.name, number_en(i)));
    }
    if strengths.is_empty() && to_work_on.is_empty() && !items.is_empty() {
        ja.push("全体として、バランスよくお話しいただけていました。".to_owned());
        en.push("Overall, your answers were well balanced.".to_owned());
    }

    let sentences: Vec<String> = split_sentences(answers).iter().map(|s| strip_fillers(s)).collect();
    let bags: Vec<Bigrams> = sentences.iter().map(|s| Bigrams::of(&same_company(s))).collect();
    let mut checks = Vec::new();
    for c in criteria {
        let target = Bigrams::of(&same_company(&format!("{} {}", c.name, c.description)));
        let best = bags
            .iter()
            .enumerate()
            .map(|(k, b)| (k, cosine(b, &target)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let (evidence, similarity) = best.map_or((None, 0.0), |(k, s)| (Some(sentences[k].clone()), s));
        let met = similarity >= CRITERION_MET;
        if met {
            let quote = evidence.clone().unwrap_or_default();
            ja.push(format!("「{}」について、「{}」とお話しいただけていました。", c.name, quote));
            en.push(format!("On \"{}\", you said: \"{}\"", c.name, quote));
        } else {
            ja.push(format!(
                "「{}」については、あまり触れられていませんでした。次の機会にはぜひお話しください。",
                c.name
            ));
            en.push(format!("\"{}\" did not come up much; do mention it next time.", c.name));
        }
        checks.push(CriterionCheck { name: c.name.clone(), met, evidence, similarity });
    }
    // Not 「ご活躍をお祈りしております」: in Japanese hiring that phrase closes a rejection letter.
    ja.push("このフィードバックが、今後のご準備の参考になれば幸いです。".to_owned());
    en.push("We hope this feedback helps you prepare for what comes next.".to_owned());
    Feedback { ja, en, criteria: checks }
}

/// The company interviewing is 当社 in the tenant's own criteria and 御社 or 貴社 in the
/// interviewee's answers: one word for it, so "当社を志望した理由" matches "御社を志望した理由".
fn same_company(text: &str) -> String {
    text.replace("当社", "御社").replace("貴社", "御社")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items() -> Vec<ScoredItem> {
        vec![
            ScoredItem { name: "論理的な説明".into(), score: 4.4, min: 1.0, max: 5.0 },
            ScoredItem { name: "熱意".into(), score: 3.0, min: 1.0, max: 5.0 },
            ScoredItem { name: "具体性".into(), score: 1.8, min: 1.0, max: 5.0 },
        ]
    }

    #[test]
    fn strengths_points_to_work_on_and_criteria_with_evidence() {
        let criteria = vec![
            Criterion { name: "志望動機".into(), description: "当社を志望した理由".into() },
            Criterion {
                name: "チームでの経験".into(), description: "チームで成果を出した経験".into()
            },
        ];
        let answers = "えー、御社を志望した理由は、お客様の課題に向き合う姿勢です。趣味は登山です。";
        let f = feedback(&items(), &criteria, answers, false);
        let text = f.ja.join("\n");
        assert!(text.contains("「論理的な説明」は、特に良い印象でした"), "{text}");
        assert!(text.contains("「具体性」は、今後さらに伸ばせる点です"), "{text}");
        assert!(!text.contains("熱意"), "a middling item is not singled out");
        assert!(!text.contains("4.4"), "no numbers unless the tenant allows them");
        assert!(
            f.criteria[0].met
                && f.criteria[0].evidence.as_deref() == Some("御社を志望した理由は、お客様の課題に向き合う姿勢です。")
        );
        assert!(!f.criteria[1].met);
        let plain = feedback(&items(), &criteria[..1], answers, false).criteria[0].similarity;
        assert!(plain > 0.45, "当社 in the criterion is 御社 in the answer: {plain}");
        assert_eq!(f.ja.len(), f.en.len());
        assert!(feedback(&items(), &[], "", true).ja.join("").contains("（4.4 / 5）"));
    }
}
