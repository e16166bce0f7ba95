//! Summaries an interviewer can use (issue 17 item 3): the clauses of an answer that carry facts — the role, the
//! actions, numbers with their units, results — within a share of the answer's length, in the order they were said,
//! deterministic. Read on words (`morphology`): a sentence is cut into clauses where a verb's te-form or a
//! conjunctive particle ends one (「チェックリストを作って、段階ごとに…変えました」), never inside a phrase
//! (「週に1回、10分だけ」); thanks, fillers, opinions and generic lessons (「…の大切さを学びました」) score nothing.

use crate::fillers::strip_fillers;
use crate::morphology::{Morphology, PartOfSpeech, Token};
use crate::sentences::split_sentences;

/// Nouns that name a role (the interviewer wants to know what the interviewee was).
const ROLES: &[&str] = &[
    "リーダー",
    "担当",
    "責任者",
    "代表",
    "部長",
    "店長",
    "主将",
    "キャプテン",
    "幹事",
    "副",
    "長",
    "マネージャー",
    "委員",
    "係",
    "講師",
    "メンバー",
    "チーフ",
];
/// Verbs and nouns that state a result.
const RESULTS: &[&str] = &[
    "増える",
    "減る",
    "伸びる",
    "達成",
    "向上",
    "改善",
    "短縮",
    "受賞",
    "合格",
    "獲得",
    "増加",
    "減少",
    "成功",
    "上がる",
    "下がる",
    "なくなる",
    "採用",
    "優勝",
    "完成",
    "削減",
];
/// Words that make a clause an opinion or a generic lesson.
const LESSON: &[&str] = &["学ぶ", "大切", "大事", "重要", "思う", "感じる", "考える", "以上", "ありがとう"];

/// One clause of the answer with what it carries.
#[derive(Clone, Debug, PartialEq)]
struct Clause {
    text: String,
    score: f64,
    chars: usize,
}

/// The fact-bearing clauses of `answer`, at most `max_share` of its characters (whitespace not counted), in order.
/// A short answer whose share is smaller than any of its fact-bearing clauses keeps the densest one:
/// an answer with facts is never summarised as nothing.
pub fn summarise_facts(morphology: &Morphology, answer: &str, max_share: f64) -> Vec<String> {
    let source_chars = answer.chars().filter(|c| !c.is_whitespace()).count();
    let budget = (source_chars as f64 * max_share).floor() as usize;
    let clauses: Vec<Clause> =
        split_sentences(answer).iter().flat_map(|s| clauses_of(morphology, &strip_fillers(s))).collect();
    let mut order: Vec<usize> = (0..clauses.len()).filter(|&i| clauses[i].score > 0.0).collect();
    // Most facts per character first (a long clause must carry more to be worth its room); the earlier on a tie.
    let density = |c: &Clause| c.score / (c.chars as f64).sqrt();
    order.sort_by(|&a, &b| density(&clauses[b]).total_cmp(&density(&clauses[a])).then(a.cmp(&b)));
    let mut picked = Vec::new();
    let mut used = 0;
    for &i in &order {
        if used + clauses[i].chars <= budget {
            used += clauses[i].chars;
            picked.push(i);
        }
    }
    if picked.is_empty() {
        picked.extend(order.first());
    }
    picked.sort_unstable();
    picked.into_iter().map(|i| clauses[i].text.clone()).collect()
}

/// The sentence's clauses, each scored; leading conjunctions (そこで、なので) and the final punctuation dropped.
fn clauses_of(morphology: &Morphology, sentence: &str) -> Vec<Clause> {
    let words = morphology.tokens(sentence);
    let mut clauses = Vec::new();
    let mut start = 0;
    for i in 0..words.len() {
        let is_comma = words[i].surface == "、" || words[i].surface == "，";
        let ends = i + 1 == words.len();
        if (is_comma && i > 0 && ends_clause(&words[i - 1])) || ends {
            let end = if is_comma { i } else { i + 1 };
            if let Some(c) = clause(&words[start..end]) {
                clauses.push(c);
            }
            start = i + 1;
        }
    }
    clauses
}

/// A clause ends after a verb's te-form or continuative, or a conjunctive particle (ので, が, けど, たら).
fn ends_clause(t: &Token) -> bool {
    matches!(t.pos, PartOfSpeech::Verb | PartOfSpeech::AuxiliaryVerb | PartOfSpeech::Auxiliary)
        || (t.pos == PartOfSpeech::Particle && t.detail == "接続助詞")
}

fn clause(words: &[Token]) -> Option<Clause> {
    // Leading conjunctions, fillers and commas say nothing.
    let skip = words
        .iter()
        .take_while(|t| matches!(t.pos, PartOfSpeech::Conjunction | PartOfSpeech::Filler | PartOfSpeech::Symbol))
        .count();
    let words = &words[skip..];
    let text: String = words.iter().map(|t| t.surface.as_str()).collect::<String>();
    let text = text.trim_end_matches(['。', '．', '!', '！', '?', '？', '、']).trim().to_owned();
    if text.is_empty() {
        return None;
    }
    Some(Clause { chars: text.chars().filter(|c| !c.is_whitespace()).count(), score: score(words), text })
}

/// What a clause carries: numbers (more with a unit), a role, actions, results; an opinion or lesson nothing.
fn score(words: &[Token]) -> f64 {
    if words.iter().any(|t| LESSON.contains(&t.base.as_str())) {
        return 0.0;
    }
    let mut score = 0.0;
    for (i, t) in words.iter().enumerate() {
        let base = t.base.as_str();
        if t.pos == PartOfSpeech::Number {
            let unit = words.get(i + 1).is_some_and(|n| n.detail == "接尾");
            score += if unit { 1.5 } else { 1.0 };
        } else if ROLES.contains(&base) || RESULTS.contains(&base) {
            score += 1.5;
        } else if t.is_content() && t.pos == PartOfSpeech::Verb {
            score += 0.75;
        } else if t.is_content() && t.pos == PartOfSpeech::Noun {
            score += 0.25;
        }
    }
    score
}

/// Openers an interviewer puts before the question itself.
const OPENERS: &[&str] =
    &["それでは", "それでは次に", "では", "次に", "続いて", "続きまして", "まず", "最後に", "また", "では次に"];

/// The question alone from an interviewer's turn: its last sentence that asks (ください, か, ？), without the greeting
/// before it or the openers (それでは次に、) at its start; the whole turn when nothing asks.
pub fn question_of(turn: &str) -> String {
    let sentences = split_sentences(turn);
    let asks =
        |s: &&String| ["ください", "か。", "か？", "？", "?", "ますか", "でしょうか"].iter().any(|c| s.contains(c));
    let Some(question) = sentences.iter().rev().find(asks) else { return turn.trim().to_owned() };
    let mut q = question.trim();
    loop {
        let before = q;
        for opener in OPENERS {
            q = q.strip_prefix(opener).unwrap_or(q).trim_start_matches(['、', ' ', '　']);
        }
        if q == before {
            break;
        }
    }
    q.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn ipadic() -> Morphology {
        Morphology::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../layers/models")).unwrap()
    }

    const ANSWER: &str = "はい、ありがとうございます。えーと、学生時代に力を入れたことは、カフェのアルバイトでの新人教育です。\
        当時は新人の方が3か月以内に辞めてしまうことが多くて、店長もかなり困っていました。\
        なので、業務を難易度別に3段階に分けたチェックリストを作って、段階ごとに少しずつ覚えてもらう形に変えました。\
        その結果、3か月以内の離職者は、前の年の5人から1人に減りました。\
        えーと、この経験から、相手の立場に立って考えることの大切さを学びました。以上です。";

    #[test]
    fn the_facts_are_kept_the_lessons_and_thanks_are_not() {
        let m = ipadic();
        let kept = summarise_facts(&m, ANSWER, 0.2);
        let text = kept.join("\n");
        assert!(text.contains("前の年の5人から1人に減りました"), "{kept:?}");
        assert!(
            !text.contains("大切さを学びました") && !text.contains("ありがとう") && !text.contains("えーと"),
            "{kept:?}"
        );
        let chars: usize = kept.iter().map(|c| c.chars().count()).sum();
        assert!(chars * 5 <= ANSWER.chars().count(), "within 20%: {chars}");
        assert_eq!(summarise_facts(&m, ANSWER, 0.2), kept, "deterministic");
    }

    #[test]
    fn a_clause_ends_at_a_verb_not_inside_a_phrase() {
        let m = ipadic();
        let texts: Vec<String> =
            clauses_of(&m, "なので、チェックリストを作って、週に1回、10分だけ新人と面談しました。")
                .into_iter()
                .map(|c| c.text)
                .collect();
        assert_eq!(texts, ["チェックリストを作って", "週に1回、10分だけ新人と面談しました"]);
    }

    #[test]
    fn the_question_is_asked_without_the_greeting() {
        assert_eq!(
            question_of("ありがとうございます。それでは次に、学生時代に力を入れたことを教えてください。"),
            "学生時代に力を入れたことを教えてください。"
        );
        assert_eq!(question_of("自己紹介をお願いします"), "自己紹介をお願いします");
    }
}
