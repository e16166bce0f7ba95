//! Personal feedback for the interviewee (個別フィードバック): polite, deterministic sentences from
//! the interview's reference scores (strengths and points to work on, never raw numbers unless
//! the tenant allows) and from content criteria (does the answer address X? found, partly or not
//! found, with the sentence that shows it quoted; nothing is quoted for not found). An interviewer approves it before the interviewee sees it.

use serde::{Deserialize, Serialize};

pub use crate::criteria::Coverage;
use crate::criteria::{CriterionWords, judge};
use crate::fillers::strip_fillers;
use crate::judge::{self, NEAR_WEIGHT, ReadSentences, Signature};
use crate::morphology::Morphology;
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
pub use crate::judge::Criterion;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriterionCheck {
    pub name: String,
    pub coverage: Coverage,
    /// The answer's sentence that shows the criterion; `None` when it was not found (a sentence
    /// that does not show it is no evidence and is never quoted).
    pub evidence: Option<String>,
    /// The criterion's words that sentence uses (what a person can check the verdict by).
    pub matched: Vec<String>,
    /// The sentence's content-bigram cosine with the criterion.
    pub similarity: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Feedback {
    pub ja: Vec<String>,
    pub en: Vec<String>,
    pub criteria: Vec<CriterionCheck>,
    /// The language the interviewee answered in: the one the feedback must be written in.
    pub language: Language,
}

/// The interviewee's language, as their answers show it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Ja,
    En,
}

/// English when the answers are mostly Latin letters (three to one against Japanese
/// characters), Japanese otherwise: the product's default, and the language of nearly every
/// interview it runs.
pub fn answer_language(answers: &str) -> Language {
    let japanese = answers.chars().filter(|c| is_japanese(*c)).count();
    let latin = answers.chars().filter(char::is_ascii_alphabetic).count();
    if latin > 3 * japanese { Language::En } else { Language::Ja }
}

/// Hiragana, katakana and CJK ideographs.
pub fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '々')
}

/// A criterion judged on words: found with evidence, partly when one competency word comes near (its sentence
/// quoted), else not found with nothing quoted. `similarity` carries the verdict's score.
fn check_on_words(morphology: &Morphology, c: &Criterion, read: &ReadSentences) -> CriterionCheck {
    let weighed = judge::weigh(&Signature::of(morphology, c), read);
    let best = weighed.into_iter().next();
    let weight = best.as_ref().map_or(0.0, |b| b.weight);
    let coverage = if weight >= judge::EVIDENCE_WEIGHT {
        Coverage::Found
    } else if weight >= NEAR_WEIGHT {
        Coverage::Partly
    } else {
        Coverage::NotFound
    };
    let best = best.filter(|_| coverage != Coverage::NotFound);
    CriterionCheck {
        name: c.name.clone(),
        coverage,
        evidence: best.as_ref().map(|b| b.sentence.clone()),
        matched: best.map(|b| b.matched).unwrap_or_default(),
        similarity: judge::score_of(weight),
    }
}

/// Items this far above (below) the middle of their scale are strengths (points to work on).
const MARGIN: f64 = 0.15;

/// The feedback for an interviewee whose answers are `answers`; `show_scores` when the tenant
/// allows numbers in feedback. Every sentence is Mendan's own words in its language; the
/// tenant's criterion names and the interviewee's words appear only in quotes.
///
/// With `words` (the Japanese dictionary loaded) the criteria are judged on words (`judge`); without it, on the
/// criterion's words and content bigrams (`criteria`).
pub fn feedback(
    items: &[ScoredItem],
    criteria: &[Criterion],
    answers: &str,
    show_scores: bool,
    words: Option<&Morphology>,
) -> Feedback {
    let mut ja = vec!["本日は面談にご参加いただき、ありがとうございました。".to_owned()];
    let mut en = vec!["Thank you for taking part in the interview.".to_owned()];
    let position = |i: &ScoredItem| if i.max > i.min { (i.score - i.min) / (i.max - i.min) } else { 0.5 };
    let number =
        |i: &ScoredItem| if show_scores { format!("（{:.1} / {:.0}）", i.score, i.max) } else { String::new() };
    let number_en =
        |i: &ScoredItem| if show_scores { format!(" ({:.1} of {:.0})", i.score, i.max) } else { String::new() };

    let sentences: Vec<String> = split_sentences(answers).iter().map(|s| strip_fillers(s)).collect();
    // Each sentence is read into words once, for all the criteria.
    let read = words.map(|m| (m, ReadSentences::read(m, &sentences)));
    let checks: Vec<CriterionCheck> = criteria
        .iter()
        .map(|c| match &read {
            Some((m, read)) => check_on_words(m, c, read),
            None => {
                let j = judge(&CriterionWords::of(&c.name, &c.description), &sentences);
                CriterionCheck {
                    name: c.name.clone(),
                    coverage: j.coverage,
                    evidence: j.evidence,
                    matched: j.matched,
                    similarity: j.similarity,
                }
            }
        })
        .collect();
    let with = |coverage: Coverage| checks.iter().filter(move |c| c.coverage == coverage);

    // Strengths: what the answers showed, then the items the reference prediction rates high.
    let found: Vec<&CriterionCheck> = with(Coverage::Found).collect();
    if !found.is_empty() {
        let names_ja: Vec<String> = found.iter().map(|c| format!("「{}」", c.name)).collect();
        let names_en: Vec<String> = found.iter().map(|c| format!("\"{}\"", c.name)).collect();
        ja.push(format!("良かった点は、{}について、ご自身の経験を交えてお話しいただけたことです。", names_ja.concat()));
        en.push(format!(
            "What went well: you spoke about {} with examples from your own experience.",
            names_en.join(", ")
        ));
    }
    for c in &found {
        let quote = c.evidence.as_deref().unwrap_or_default();
        ja.push(format!("「{}」について、「{}」とお話しいただけていました。", c.name, quoted_ja(quote)));
        en.push(format!("On \"{}\", you said: \"{}\"", c.name, quote));
    }
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
    for c in with(Coverage::Partly) {
        let quote = c.evidence.as_deref().unwrap_or_default();
        ja.push(format!("「{}」には、「{}」と触れていただけていました。次の機会には、もう少し具体的にお話しいただくと、より伝わりやすくなります。", c.name, quoted_ja(quote)));
        en.push(format!(
            "You touched on \"{}\" when you said \"{}\"; next time, a little more detail will help it come across.",
            c.name, quote
        ));
    }
    for i in &to_work_on {
        ja.push(format!("「{}」{}は、今後さらに伸ばせる点です。次の機会には、具体的な経験を交えてお話しいただくと、より伝わりやすくなります。", i.name, number(i)));
        en.push(format!("\"{}\"{} is where you can grow most; next time, concrete examples from your experience will help it come across.", i.name, number_en(i)));
    }
    for c in with(Coverage::NotFound) {
        ja.push(format!(
            "「{}」については、今回の回答では確認できませんでした。次の機会にはぜひお話しください。",
            c.name
        ));
        en.push(format!("We could not find \"{}\" in your answers this time; do mention it next time.", c.name));
    }
    if strengths.is_empty() && to_work_on.is_empty() && !items.is_empty() {
        ja.push("全体として、バランスよくお話しいただけていました。".to_owned());
        en.push("Overall, your answers were well balanced.".to_owned());
    }
    // Not 「ご活躍をお祈りしております」: in Japanese hiring that phrase closes a rejection letter.
    ja.push("このフィードバックが、今後のご準備の参考になれば幸いです。".to_owned());
    en.push("We hope this feedback helps you prepare for what comes next.".to_owned());
    Feedback { ja, en, criteria: checks, language: answer_language(answers) }
}

/// A sentence as quoted in Japanese: 「…しました」と, without the full stop inside the brackets.
fn quoted_ja(sentence: &str) -> &str {
    sentence.trim_end_matches(['。', '.'])
}

/// A paragraph with its quotations (「…」, "…") taken out: what is left is the writer's own words.
pub fn outside_quotes(paragraph: &str) -> String {
    let mut out = String::new();
    let mut depth_ja = 0usize;
    let mut in_en = false;
    for c in paragraph.chars() {
        match c {
            '「' => depth_ja += 1,
            '」' => depth_ja = depth_ja.saturating_sub(1),
            '"' if depth_ja == 0 => in_en = !in_en,
            _ if depth_ja == 0 && !in_en => out.push(c),
            _ => {}
        }
    }
    out
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
            Criterion {
                name: "志望動機".into(), description: "当社を志望した理由".into(), examples: vec![]
            },
            Criterion {
                name: "チームでの経験".into(),
                description: "チームで成果を出した経験".into(),
                examples: vec![],
            },
        ];
        let answers = "えー、御社を志望した理由は、お客様の課題に向き合う姿勢です。趣味は登山です。";
        let f = feedback(&items(), &criteria, answers, false, None);
        let text = f.ja.join("\n");
        assert!(text.contains("「論理的な説明」は、特に良い印象でした"), "{text}");
        assert!(text.contains("「具体性」は、今後さらに伸ばせる点です"), "{text}");
        assert!(!text.contains("熱意"), "a middling item is not singled out");
        assert!(!text.contains("4.4"), "no numbers unless the tenant allows them");
        assert_eq!(f.criteria[0].coverage, Coverage::Found);
        assert_eq!(f.criteria[0].evidence.as_deref(), Some("御社を志望した理由は、お客様の課題に向き合う姿勢です。"));
        assert_eq!((f.criteria[1].coverage, f.criteria[1].evidence.as_deref()), (Coverage::NotFound, None));
        assert!(text.contains("良かった点は、「志望動機」について"), "what was found is a strength: {text}");
        assert!(text.contains("「チームでの経験」については、今回の回答では確認できませんでした"), "{text}");
        assert_eq!(f.ja.len(), f.en.len());
        assert_eq!(f.language, Language::Ja);
        assert!(feedback(&items(), &[], "", true, None).ja.join("").contains("（4.4 / 5）"));
    }

    /// Issue 14: both criteria plainly shown came out 「あまり触れられていませんでした」 with their
    /// own sentences quoted as the evidence, and no strength.
    #[test]
    fn the_walks_answers_are_found_listed_as_strengths_and_quoted() {
        let criteria = vec![
            Criterion {
                name: "リーダーシップ".into(),
                description: "周囲を巻き込み、先頭に立って物事を進めた経験".into(),
                examples: vec![],
            },
            Criterion {
                name: "協調性".into(), description: "周囲と協力して仕事を進めた経験".into(), examples: vec![]
            },
        ];
        let answers = "リーダーとして新メニューのキャンペーンを企画しました。\n人手が足りない日が続いたので、店長と相談して分担表を作りました。";
        // by the character method and on words alike
        let words =
            Morphology::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../layers/models")).unwrap();
        for dictionary in [None, Some(&words)] {
            walk_found(&feedback(&[], &criteria, answers, false, dictionary));
        }
    }

    fn walk_found(f: &Feedback) {
        for (check, quote) in f.criteria.iter().zip([
            "リーダーとして新メニューのキャンペーンを企画しました。",
            "人手が足りない日が続いたので、店長と相談して分担表を作りました。",
        ]) {
            assert!(check.coverage >= Coverage::Partly, "{check:?}");
            assert_eq!(check.evidence.as_deref(), Some(quote));
        }
        let text = f.ja.join("\n");
        assert!(!text.contains("確認できませんでした") && !text.contains("あまり触れられて"), "{text}");
        assert!(text.contains("良かった点は、「リーダーシップ」「協調性」について"), "{text}");
        assert!(text.contains("「人手が足りない日が続いたので、店長と相談して分担表を作りました」とお話し"), "{text}");
    }

    #[test]
    fn the_english_draft_has_no_japanese_of_its_own() {
        let criteria = vec![
            Criterion {
                name: "リーダーシップ".into(),
                description: "先頭に立って物事を進めた経験".into(),
                examples: vec![],
            },
            Criterion {
                name: "語学力".into(), description: "英語を業務で使った経験".into(), examples: vec![]
            },
            Criterion {
                name: "課題解決".into(), description: "原因を突き止めて解決した経験".into(), examples: vec![]
            },
        ];
        let answers = "リーダーとして企画しました。毎日の業務で課題を感じていました。";
        let f = feedback(&items(), &criteria, answers, true, None);
        for p in &f.en {
            let own = outside_quotes(p);
            assert!(!own.chars().any(is_japanese), "Japanese outside quotes in {p:?}: {own:?}");
        }
        assert!(f.en.iter().any(|p| p.contains("\"リーダーとして企画しました。\"")), "the quote stays: {:?}", f.en);
    }

    #[test]
    fn the_candidates_language_is_the_language_of_their_answers() {
        assert_eq!(answer_language("前職では営業を担当しました。Excel で集計しました。"), Language::Ja);
        assert_eq!(answer_language("I led the team and we planned a new menu together."), Language::En);
        assert_eq!(answer_language(""), Language::Ja, "Japanese by default");
        assert_eq!(outside_quotes("On \"協調性\", you said: \"店長と相談\" 「引用」 ok"), "On , you said:   ok");
    }
}
