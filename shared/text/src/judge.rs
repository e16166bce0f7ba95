//! Content criteria judged on words (issue 17): does an interviewee's answer give evidence for a criterion
//! (主体性, 論理的思考力 …)? The criterion is read from its name, description and the tenant's example sentences;
//! each answer sentence from its words (base forms through `morphology`), so 提案しました matches 提案 and 作りました
//! matches 作る. A sentence is evidence when it uses the criterion's words for something done (not negated, not an
//! opinion about the criterion: 「主体性は大事だと思います」 shows nothing). "Met" comes only with evidence.
//!
//! The competencies most Japanese hiring criteria are named after widen a criterion's words with the words that
//! plainly show them ([`LEXICON`]); the tenant's own description and examples come first.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::criteria::same_company;
use crate::morphology::{Morphology, PartOfSpeech, Token};

/// A content criterion as admins set it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A few sentences that show the criterion (the tenant's own).
    #[serde(default)]
    pub examples: Vec<String>,
}

/// The judgement of one criterion over an interviewee's sentences.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub name: String,
    pub met: bool,
    /// 0..1, rising with the evidence of the best sentence (0.5 is the line for "met").
    pub score: f64,
    /// The sentences that show it, best first (empty when not met).
    pub evidence: Vec<String>,
}

/// Words too general to show any criterion.
const GENERIC: &[&str] = &[
    "経験",
    "こと",
    "もの",
    "自分",
    "具体",
    "内容",
    "回答",
    "場合",
    "理由",
    "説明",
    "御社",
    "力",
    "性",
    "的",
    "大切",
    "大事",
    "重要",
    "姿勢",
    "さ",
    "ため",
    "よう",
    "仕事",
    "業務",
    "する",
    "できる",
    "ある",
    "いる",
    "なる",
    "もと",
    "上",
    "中",
    "方",
    "時",
    "後",
    "前",
    "出す",
    "見る",
    "行う",
];

/// Words that plainly show a common competency, as base forms, for criteria whose name contains a key.
/// A word starting with `!` counts when negated (諦めず: did not give up).
pub const LEXICON: &[(&[&str], &[&str])] = &[
    (
        &["主体", "自主", "積極", "行動力"],
        &[
            "自ら",
            "率先",
            "提案",
            "挑戦",
            "立ち上げる",
            "企画",
            "申し出る",
            "主導",
            "働きかける",
            "発案",
            "呼びかける",
            "自発",
            "見直す",
            "導入",
            "始める",
            "変える",
            "作る",
        ],
    ),
    (
        &["論理", "思考", "分析"],
        &[
            "分析",
            "原因",
            "仮説",
            "検証",
            "根拠",
            "データ",
            "比較",
            "整理",
            "要因",
            "結論",
            "数値",
            "分解",
            "優先",
            "順序",
            "集計",
            "調査",
            "アンケート",
            "集める",
            "理由",
        ],
    ),
    (
        &["協調", "協力", "チームワーク", "連携", "協働"],
        &[
            "協力",
            "相談",
            "分担",
            "連携",
            "一緒",
            "支える",
            "助ける",
            "話し合う",
            "手伝う",
            "協調",
            "調整",
            "共有",
            "仲間",
            "助け合う",
        ],
    ),
    (
        &["課題解決", "問題解決", "改善", "解決"],
        &["課題", "問題", "原因", "解決", "改善", "見直す", "対策", "工夫", "減らす", "短縮", "防ぐ", "解消"],
    ),
    (
        &["リーダー", "統率", "主導", "牽引"],
        &[
            "リーダー",
            "率いる",
            "企画",
            "まとめる",
            "主導",
            "先頭",
            "引っ張る",
            "責任者",
            "代表",
            "統率",
            "部長",
            "主将",
            "キャプテン",
            "任せる",
            "指導",
            "取りまとめる",
        ],
    ),
    (
        &["志望", "動機"],
        &["志望", "魅力", "惹く", "入社", "御社", "理念", "事業", "携わる", "貢献", "共感", "志す", "働く", "選ぶ"],
    ),
    (
        &["コミュニケーション", "伝える", "傾聴", "対話"],
        &[
            "説明",
            "伝える",
            "相談",
            "話し合う",
            "聞く",
            "聴く",
            "意見",
            "対話",
            "共有",
            "報告",
            "理解",
            "相手",
            "確認",
            "声",
        ],
    ),
    (
        &["成果", "実績", "達成", "結果"],
        &[
            "成果",
            "達成",
            "増やす",
            "減らす",
            "向上",
            "割",
            "目標",
            "売上",
            "倍",
            "増える",
            "伸ばす",
            "上回る",
            "獲得",
            "受賞",
            "位",
        ],
    ),
    (
        &["粘り強", "忍耐", "継続", "やり抜"],
        &[
            "!諦める",
            "続ける",
            "粘る",
            "継続",
            "何度",
            "繰り返す",
            "乗り越える",
            "最後",
            "克服",
            "!投げ出す",
            "再",
            "挫折",
            "毎日",
        ],
    ),
    (
        &["学習", "学ぶ", "成長", "向上心", "知的好奇心"],
        &[
            "学ぶ",
            "勉強",
            "資格",
            "習得",
            "独学",
            "取得",
            "身につける",
            "講座",
            "研修",
            "調べる",
            "知識",
            "読む",
            "通う",
            "教わる",
        ],
    ),
    (
        &["誠実", "正直", "責任感", "倫理"],
        &[
            "正直",
            "謝罪",
            "誠実",
            "約束",
            "報告",
            "!隠す",
            "責任",
            "認める",
            "謝る",
            "守る",
            "ミス",
            "打ち明ける",
            "!ごまかす",
        ],
    ),
    (
        &["計画", "段取り", "管理"],
        &[
            "計画",
            "スケジュール",
            "予定",
            "逆算",
            "段取り",
            "準備",
            "期限",
            "管理",
            "締め切り",
            "前倒し",
            "優先",
            "工程",
            "見積もる",
        ],
    ),
];

/// Words that make a sentence an opinion rather than something done.
/// Claims about oneself (自信があります, 強みです, 好きです, できます) count as opinions too.
const OPINION: &[&str] =
    &["思う", "考える", "大切", "大事", "重要", "必要", "べき", "たい", "自信", "強み", "好き", "心がける", "できる"];

/// A criterion's words: its own (name, description, examples) and the competency words its name calls up.
pub struct Signature {
    name: String,
    own: BTreeSet<String>,
    related: BTreeSet<String>,
    /// Related words that count when negated (諦めず).
    negated_positive: BTreeSet<String>,
}

impl Signature {
    pub fn of(morphology: &Morphology, criterion: &Criterion) -> Self {
        let text =
            same_company(&format!("{} {} {}", criterion.name, criterion.description, criterion.examples.join(" ")));
        // What the criterion says not to do (指示を待たず) is not its word.
        let tokens = morphology.tokens(&text);
        let own: BTreeSet<String> = tokens
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                t.is_content()
                    && t.pos != PartOfSpeech::Number
                    && !GENERIC.contains(&t.base.as_str())
                    && !negated_after(&tokens, *i)
            })
            .map(|(_, t)| t.base.clone())
            .collect();
        let (mut related, mut negated_positive) = (BTreeSet::new(), BTreeSet::new());
        for (keys, words) in LEXICON {
            if keys.iter().any(|k| criterion.name.contains(k)) {
                for w in *words {
                    match w.strip_prefix('!') {
                        Some(w) => negated_positive.insert(w.to_owned()),
                        None => related.insert((*w).to_owned()),
                    };
                }
            }
        }
        Signature { name: criterion.name.clone(), own, related, negated_positive }
    }

    /// How much `sentence` shows the criterion, and by which words: own words 1, competency words 0.75, each
    /// counted once; nothing when the sentence only holds an opinion.
    fn weigh(&self, words: &[Token]) -> (f64, Vec<String>) {
        let mut matched: Vec<String> = Vec::new();
        let mut weight = 0.0;
        let not_theirs = not_the_speakers(words);
        for (i, t) in words.iter().enumerate() {
            if !t.is_content() || matched.contains(&t.base) || not_theirs[i] {
                continue;
            }
            let negated = negated_after(words, i);
            let w = if self.negated_positive.contains(&t.base) {
                if negated { 0.75 } else { 0.0 }
            } else if negated {
                0.0
            } else if self.own.contains(&t.base) {
                1.0
            } else if self.related.contains(&t.base) {
                0.75
            } else {
                0.0
            };
            if w > 0.0 {
                matched.push(t.base.clone());
                weight += w;
            }
        }
        if weight > 0.0 && is_opinion(words) && !has_past_action(words) {
            return (0.0, Vec::new());
        }
        (weight, matched)
    }
}

/// Words that tell what someone else did (同期が企画して進めてくれた, まとめたのは先輩で) or what the speaker is bad
/// at (計画を立てるのは苦手で): from the start of their clause to the word that says so. Clauses end at a conjunctive
/// particle other than て (ので, が, けど), so a chain of て-forms shares its doer.
fn not_the_speakers(words: &[Token]) -> Vec<bool> {
    let mut marked = vec![false; words.len()];
    let mut clause_start = 0;
    for (i, t) in words.iter().enumerate() {
        let base = t.base.as_str();
        // 話してくれるようになりました is what the speaker's action brought about, not someone else's doing.
        let brought_about = words[i + 1..].iter().take(3).any(|n| n.base == "よう");
        let favour = t.pos == PartOfSpeech::AuxiliaryVerb && matches!(base, "くれる" | "くださる") && !brought_about;
        if favour || base == "苦手" || is_cleft_with_someone_else(words, i) {
            marked[clause_start..i].iter_mut().for_each(|m| *m = true);
        }
        let conjunctive = t.pos == PartOfSpeech::Particle && t.detail == "接続助詞" && base != "て";
        if conjunctive || is_conditional(t) || base == "。" {
            clause_start = i + 1;
        }
    }
    marked
}

/// 「…のは 先輩 で」: the doer of what comes before is named after it, and is not the speaker.
fn is_cleft_with_someone_else(words: &[Token], i: usize) -> bool {
    let [no, wa, doer, copula, ..] = &words[i..] else { return false };
    no.base == "の"
        && no.pos == PartOfSpeech::FunctionNoun
        && wa.base == "は"
        && doer.pos == PartOfSpeech::Noun
        && !matches!(doer.base.as_str(), "私" | "自分" | "僕" | "わたし")
        && copula.pos == PartOfSpeech::Auxiliary
        && matches!(copula.base.as_str(), "だ" | "です")
}

/// Whether the word at `i` is negated before the clause ends (作らず, 動くことはなく, しませんでした).
fn negated_after(words: &[Token], i: usize) -> bool {
    for t in words.iter().skip(i + 1).take(9) {
        if t.pos == PartOfSpeech::Symbol
            || (t.pos == PartOfSpeech::Particle && t.detail == "接続助詞" && t.base != "て")
        {
            return false;
        }
        let base = t.base.as_str();
        if matches!(base, "ない" | "ぬ" | "ず" | "ん")
            && matches!(t.pos, PartOfSpeech::Auxiliary | PartOfSpeech::Adjective)
        {
            return true;
        }
    }
    false
}

fn is_opinion(words: &[Token]) -> bool {
    words.iter().any(|t| OPINION.contains(&t.base.as_str()))
}

/// A past action: a verb followed by た (しました, 作った).
fn has_past_action(words: &[Token]) -> bool {
    words.windows(2).any(|w| {
        matches!(w[0].pos, PartOfSpeech::Verb | PartOfSpeech::Auxiliary | PartOfSpeech::AuxiliaryVerb)
            && w[1].base == "た"
            && !is_conditional(&w[1])
    })
}

/// たら / だら: "if" or "when", not the past (社会人になったら).
fn is_conditional(t: &Token) -> bool {
    t.base == "た" && matches!(t.surface.as_str(), "たら" | "だら")
}

/// The weight at which a sentence is evidence: one own word, or two competency words.
pub const EVIDENCE_WEIGHT: f64 = 1.0;
/// The weight at which a sentence comes near (one competency word): "partly" in feedback.
pub const NEAR_WEIGHT: f64 = 0.75;

/// One sentence weighed against a criterion.
#[derive(Clone, Debug, PartialEq)]
pub struct Weighed {
    pub weight: f64,
    pub sentence: String,
    /// The criterion's words (base forms) the sentence uses.
    pub matched: Vec<String>,
}

/// An interviewee's sentences read into words once, to be weighed against every criterion.
pub struct ReadSentences {
    sentences: Vec<(String, Vec<Token>)>,
}

impl ReadSentences {
    pub fn read(morphology: &Morphology, sentences: &[String]) -> Self {
        Self { sentences: sentences.iter().map(|s| (s.clone(), morphology.tokens(&same_company(s)))).collect() }
    }
}

/// The sentences that use the criterion's words, best first (the earlier on a tie).
pub fn weigh(signature: &Signature, read: &ReadSentences) -> Vec<Weighed> {
    let mut weighed: Vec<Weighed> = read
        .sentences
        .iter()
        .filter_map(|(sentence, words)| {
            let (weight, matched) = signature.weigh(words);
            (weight > 0.0).then(|| Weighed { weight, sentence: sentence.clone(), matched })
        })
        .collect();
    weighed.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    weighed
}

/// A logistic of a sentence's weight, 0.5 at the evidence line.
pub fn score_of(weight: f64) -> f64 {
    1.0 / (1.0 + (-(weight - EVIDENCE_WEIGHT) * 3.0).exp())
}

/// Judges an interviewee's sentences against the criterion.
pub fn judge(signature: &Signature, read: &ReadSentences) -> Verdict {
    let weighed = weigh(signature, read);
    let best = weighed.first().map_or(0.0, |w| w.weight);
    let met = best >= EVIDENCE_WEIGHT;
    Verdict {
        name: signature.name.clone(),
        met,
        score: score_of(best),
        evidence: weighed
            .iter()
            .take_while(|w| w.weight >= EVIDENCE_WEIGHT)
            .take(3)
            .map(|w| w.sentence.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split_sentences;
    use std::path::Path;

    fn ipadic() -> Morphology {
        Morphology::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../layers/models")).unwrap()
    }

    fn verdict(name: &str, description: &str, answer: &str) -> Verdict {
        let m = ipadic();
        let criterion = Criterion { name: name.into(), description: description.into(), examples: vec![] };
        judge(&Signature::of(&m, &criterion), &ReadSentences::read(&m, &split_sentences(answer)))
    }

    /// The two answers of issue 17 that the bigram method judged "not found" (7% and 8%).
    #[test]
    fn the_issues_answers_meet_their_criteria_with_evidence() {
        let logic = verdict(
            "論理的思考力",
            "筋道を立てて考え、根拠をもとに結論を出す",
            "アンケートを300件集めて分析しました。その結果をもとにイベントを提案し、来街者数が前年より二割増えました。",
        );
        assert!(logic.met && logic.score > 0.5, "{logic:?}");
        assert_eq!(logic.evidence[0], "アンケートを300件集めて分析しました。");
        let initiative = verdict(
            "主体性",
            "指示を待たず、自分から課題を見つけて行動する",
            "私は店長と相談して、作業の順番を見直し、仕込みの分担表を作りました。",
        );
        assert!(initiative.met, "{initiative:?}");
    }

    #[test]
    fn opinions_negations_and_other_topics_are_not_evidence() {
        for answer in [
            "主体性は大事だと思います。",
            "自分から動くことはあまりなく、指示を待っていました。",
            "趣味は登山です。週末は山に登ります。",
        ] {
            let v = verdict("主体性", "指示を待たず、自分から課題を見つけて行動する", answer);
            assert!(!v.met && v.evidence.is_empty() && v.score < 0.5, "{answer}: {v:?}");
        }
        // "did not give up" is perseverance
        let v = verdict(
            "粘り強さ",
            "困難があっても最後までやり抜く",
            "三回落ちましたが、諦めずに練習を続けて合格しました。",
        );
        assert!(v.met, "{v:?}");
    }

    #[test]
    fn what_others_did_what_one_is_bad_at_and_wishes_are_not_evidence() {
        for (name, answer) in [
            ("主体性", "同期の友人が自分から企画して進めてくれたもので、私は当日の受付を手伝いました。"),
            ("リーダーシップ", "チームをまとめたのは先輩で、私はその指示に従っていました。"),
            ("計画性", "計画を立てるのは苦手で、いつも前日に仕上げていました。"),
            ("主体性", "社会人になったら自分から提案できる人になりたいです。"),
            ("論理的思考力", "論理的思考力には自信があります。"),
        ] {
            let v = verdict(name, "", answer);
            assert!(!v.met && v.evidence.is_empty(), "{name} {answer}: {v:?}");
        }
        // What the speaker's own action brought about is theirs.
        let v =
            verdict("主体性", "", "私が勉強会を企画して提案を続けたら、みんなも意見を出してくれるようになりました。");
        assert!(v.met, "{v:?}");
    }
}
