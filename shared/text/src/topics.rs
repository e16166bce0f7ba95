//! Which report item each sentence of a meeting speaks of (帳票 on words, issue 17 item 6).
//!
//! A meeting moves from topic to topic and the interviewer's question opens each one: 「その中で一番大変だったことは
//! 何ですか」 belongs to the experience it follows although none of its words say so, and 「粘り強いとよく言われます」
//! belongs to the strengths it answers. So each sentence's own words are weighed against every item (the item's
//! own words 1, words its topic commonly brings 0.75, each word once), and the topic the conversation is on
//! carries to what follows: a question moves it when its words point elsewhere, any other sentence only takes an
//! item its words favour clearly over the topic. Greetings, thanks and the closing's procedure belong to no item;
//! the interviewer's invitation to ask questions (逆質問) ends the topic until a question opens a new one.
//! Deterministic; the same sentences give the same labels.

use std::collections::BTreeSet;

use crate::morphology::{Morphology, PartOfSpeech, Token};
use crate::report::ReportItem;

/// A word of the item itself (name, description, keywords).
const OWN_WEIGHT: f64 = 1.0;
/// A word the item's topic commonly brings.
const RELATED_WEIGHT: f64 = 0.75;
/// What the current topic adds to a statement's score for it: a statement stays on the topic unless its
/// words favour another item by more than one of its own words.
const STATEMENT_CARRY: f64 = 1.0;
/// What the current topic adds for a question: a question with one related word of another item moves there.
const QUESTION_CARRY: f64 = 0.5;
/// The least score a sentence needs to be put under an item.
const MIN_SCORE: f64 = 0.75;
/// A question in the closing (逆質問) opens a new topic only with this much of its own evidence.
const REOPEN_WEIGHT: f64 = 1.0;

/// Words of common interview topics, as base forms, for items whose name, description or keywords contain a key.
const TOPIC_LEXICON: &[(&[&str], &[&str])] = &[
    (
        &["経歴", "経験", "職歴", "実績", "キャリア", "前職", "仕事"],
        &[
            "仕事",
            "業務",
            "担当",
            "受け持つ",
            "前職",
            "職場",
            "営業",
            "開発",
            "売上",
            "実績",
            "成果",
            "取引",
            "顧客",
            "プロジェクト",
            "案件",
            "部署",
            "年目",
            "立場",
            "後輩",
            "部下",
            "上司",
            "大変",
            "苦労",
            "工夫",
            "商社",
            "メーカー",
            "開拓",
            "受注",
            "契約",
            "納期",
            "経験",
        ],
    ),
    (
        &["志望", "動機", "応募", "選んだ", "入社後"],
        &[
            "応募",
            "志望",
            "惹く",
            "惹かれる",
            "魅力",
            "決め手",
            "御社",
            "貴社",
            "当社",
            "弊社",
            "転職",
            "きっかけ",
            "興味",
            "関心",
            "共感",
            "理念",
            "将来",
            "目指す",
            "携わる",
            "挑戦",
            "選ぶ",
            "業界",
            "説明会",
            "インターンシップ",
            "インターン",
        ],
    ),
    (
        &["強み", "弱み", "長所", "短所", "人柄", "性格", "自己PR", "人物"],
        &[
            "強み",
            "弱み",
            "長所",
            "短所",
            "得意",
            "苦手",
            "良い",
            "直す",
            "性格",
            "人柄",
            "周り",
            "友人",
            "評価",
            "自信",
            "粘り強い",
            "真面目",
            "慎重",
            "ストレス",
            "気分",
            "気持ち",
        ],
    ),
    (
        &["勤務", "条件", "待遇", "働き方", "勤務地", "給与", "入社時期"],
        &[
            "勤務地",
            "配属",
            "転勤",
            "出張",
            "残業",
            "在宅",
            "勤務",
            "給与",
            "年収",
            "給料",
            "休日",
            "定時",
            "通勤",
            "免許",
            "引っ越し",
            "泊まり",
            "夜勤",
            "交代",
            "条件",
            "地域",
            "拠点",
            "内定",
            "引き継ぎ",
            "入社",
            "時期",
            "希望",
            "働き方",
            "リモート",
        ],
    ),
    (
        &["学生", "学業", "サークル", "ガクチカ", "大学", "アルバイト"],
        &[
            "学生",
            "大学",
            "サークル",
            "部活",
            "ゼミ",
            "研究",
            "アルバイト",
            "バイト",
            "学園祭",
            "留学",
            "授業",
            "学業",
            "卒業論文",
            "部長",
            "副部長",
            "会計",
            "部員",
        ],
    ),
    (
        &["資格", "スキル", "語学", "技術"],
        &["資格", "スキル", "免許", "取得", "英語", "TOEIC", "プログラミング", "検定", "語学", "技術"],
    ),
];

/// Words too common to point at any item.
const TOO_COMMON: &[&str] =
    &["こと", "もの", "よう", "方", "中", "時", "人", "今", "自分", "事", "点", "面", "理由", "内容"];

/// Phrases of courtesy and procedure: a sentence with one of them and no word of an item's own belongs to none.
const COURTESY: &[&str] = &[
    "ありがとう",
    "よろしくお願い",
    "と申します",
    "面接を担当",
    "採用担当の",
    "お越しいただ",
    "お疲れ",
    "失礼いたします",
    "失礼します",
    "お待たせ",
    "こちらこそ",
    "ご連絡します",
    "ご連絡いたします",
    "お知らせします",
    "お知らせいたします",
];

/// What the interviewer says to hand the floor to the candidate's own questions (逆質問).
const CANDIDATE_QUESTIONS: &[&str] = &["質問", "聞いておきたい", "聞きたいこと", "伺いたいこと", "確認したいこと"];

/// An item's words as the classifier reads them.
pub struct ItemWords {
    own: BTreeSet<String>,
    related: BTreeSet<String>,
}

impl ItemWords {
    pub fn of(morphology: &Morphology, item: &ReportItem) -> Self {
        let text = format!("{} {} {}", item.name, item.description, item.keywords.join(" "));
        let own: BTreeSet<String> = morphology.tokens(&text).into_iter().filter(counts).map(|t| t.base).collect();
        let related = TOPIC_LEXICON
            .iter()
            .filter(|(keys, _)| keys.iter().any(|k| text.contains(k)))
            .flat_map(|(_, words)| words.iter().map(|w| (*w).to_owned()))
            .filter(|w| !own.contains(w))
            .collect();
        Self { own, related }
    }

    /// How much the words point at this item: own words 1, related 0.75, each once.
    fn weigh(&self, words: &BTreeSet<String>) -> f64 {
        words
            .iter()
            .map(|w| {
                if self.own.contains(w) {
                    OWN_WEIGHT
                } else if self.related.contains(w) {
                    RELATED_WEIGHT
                } else {
                    0.0
                }
            })
            .sum()
    }
}

fn counts(t: &Token) -> bool {
    t.is_content() && t.pos != PartOfSpeech::Number && !TOO_COMMON.contains(&t.base.as_str())
}

/// One sentence of the meeting, in order.
pub struct Said<'a> {
    pub speaker: Option<&'a str>,
    pub text: &'a str,
}

/// Each sentence's item (an index into `items`) or none, with a confidence in 0..1.
pub fn classify(morphology: &Morphology, items: &[ReportItem], sentences: &[Said]) -> Vec<(Option<usize>, f64)> {
    let profiles: Vec<ItemWords> = items.iter().map(|i| ItemWords::of(morphology, i)).collect();
    let interviewer = asks_most(sentences);
    let mut topic: Option<usize> = None;
    let mut closing = false;
    let mut labels = Vec::with_capacity(sentences.len());
    for said in sentences {
        let words: BTreeSet<String> = morphology.tokens(said.text).into_iter().filter(counts).map(|t| t.base).collect();
        let evidence: Vec<f64> = profiles.iter().map(|p| p.weigh(&words)).collect();
        let own_best = evidence.iter().copied().fold(0.0, f64::max);
        let question = is_question(said.text);
        let by_interviewer = interviewer.is_none() || said.speaker == interviewer;

        if question && by_interviewer && CANDIDATE_QUESTIONS.iter().any(|p| said.text.contains(p)) {
            closing = true;
            topic = None;
            labels.push((None, 0.0));
            continue;
        }
        if COURTESY.iter().any(|p| said.text.contains(p)) && own_best < OWN_WEIGHT {
            if by_interviewer {
                topic = None;
            }
            labels.push((None, 0.0));
            continue;
        }
        if closing {
            if !(question && by_interviewer && own_best >= REOPEN_WEIGHT) {
                labels.push((None, 0.0));
                continue;
            }
            closing = false;
        }
        let on_topic = |k: usize, e: f64| match (Some(k) == topic, question) {
            (false, _) => e,
            (true, false) => e + STATEMENT_CARRY,
            // A follow-up question with no words of its own stays on the topic; any word of another item moves it.
            (true, true) => (e + QUESTION_CARRY).max(MIN_SCORE),
        };
        // On a tie a statement stays on the topic and a question leaves it; then the earlier item.
        let prefer = |k: usize| (Some(k) == topic) != question;
        let best = evidence
            .iter()
            .enumerate()
            .map(|(k, e)| (k, on_topic(k, *e)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(prefer(a.0).cmp(&prefer(b.0))).then(b.0.cmp(&a.0)));
        match best {
            Some((k, score)) if score >= MIN_SCORE => {
                // The interviewer's questions set the topic; a statement does only when nobody is seen asking.
                if question && by_interviewer || interviewer.is_none() && topic.is_none() && evidence[k] >= OWN_WEIGHT {
                    topic = Some(k);
                }
                labels.push((Some(k), confidence(score)));
            }
            _ => labels.push((None, 0.0)),
        }
    }
    labels
}

/// 0.5 at the least score that classifies, towards 1 with more evidence.
fn confidence(score: f64) -> f64 {
    let c = 1.0 / (1.0 + (-(score - MIN_SCORE) * 2.0).exp());
    (c * 100.0).round() / 100.0
}

/// The speaker who asks the most questions: the interviewer, when speakers are named.
fn asks_most<'a>(sentences: &[Said<'a>]) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in sentences.iter().filter(|s| is_question(s.text)) {
        let Some(speaker) = s.speaker else { continue };
        match counts.iter_mut().find(|(name, _)| *name == speaker) {
            Some((_, n)) => *n += 1,
            None => counts.push((speaker, 1)),
        }
    }
    // The first to reach the highest count wins a tie.
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(name, _)| name)
}

/// A question or a request to speak: ends in か, ください or a question mark.
fn is_question(text: &str) -> bool {
    let t = text.trim_end_matches(['。', '．', '.', '!', '！', ' ', '　']);
    t.ends_with(['?', '？']) || t.ends_with('か') || t.ends_with("ください") || t.ends_with("ませんか")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn ipadic() -> Morphology {
        Morphology::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../layers/models")).unwrap()
    }

    fn item(name: &str, description: &str) -> ReportItem {
        ReportItem { name: name.into(), description: description.into(), keywords: vec![] }
    }

    #[test]
    fn the_question_opens_a_topic_and_its_answers_and_follow_ups_stay_on_it() {
        let items = [
            item("経歴", "これまでの仕事と実績"),
            item("志望動機", "応募した理由"),
            item("勤務条件", "勤務地や働き方"),
        ];
        let meeting = [
            ("面接官", "本日はお越しいただきありがとうございます。", None),
            ("面接官", "これまでのお仕事について教えてください。", Some(0)),
            ("候補者", "六年間、電子部品の商社で法人営業をしてきました。", Some(0)),
            // No word of the item, but the topic carries.
            ("面接官", "その中で一番大変だったことは何ですか。", Some(0)),
            ("候補者", "工場と毎週打ち合わせをして、出荷の予定を一覧にしました。", Some(0)),
            ("面接官", "では、当社に応募されたのはなぜでしょうか。", Some(1)),
            ("候補者", "設計の段階からお客様と一緒に考えたいと思ったからです。", Some(1)),
            ("面接官", "転勤は大丈夫ですか。", Some(2)),
            ("候補者", "どこでも構いません。", Some(2)),
            ("面接官", "何かご質問はありますか。", None),
            // The candidate's own question in the closing belongs to no item, although 配属 is a word of the conditions.
            ("候補者", "配属後の研修について教えていただけますか。", None),
            ("面接官", "結果は一週間以内にメールでお知らせします。", None),
        ];
        let said: Vec<Said> = meeting.iter().map(|(who, text, _)| Said { speaker: Some(who), text }).collect();
        let labels = classify(&ipadic(), &items, &said);
        for ((_, text, want), (got, confidence)) in meeting.iter().zip(&labels) {
            assert_eq!(got, want, "{text}");
            assert!((0.0..=1.0).contains(confidence));
        }
    }

    #[test]
    fn nothing_is_forced_into_an_item_without_a_topic_or_words() {
        let said = [Said { speaker: None, text: "週末は家族と公園に出かけることが多いです。" }];
        assert_eq!(classify(&ipadic(), &[item("志望動機", "応募した理由")], &said), vec![(None, 0.0)]);
    }

    #[test]
    fn questions_and_requests_are_told_from_statements() {
        assert!(is_question("その中で一番大変だったことは何ですか。"));
        assert!(is_question("まず、これまでのお仕事について教えてください。"));
        assert!(is_question("転勤は大丈夫？"));
        assert!(!is_question("三年間、営業をしてきました。"));
    }

    #[test]
    fn the_interviewer_is_who_asks_most() {
        let said = |speaker, text| Said { speaker: Some(speaker), text };
        let sentences = [
            said("A", "経歴を教えてください。"),
            said("B", "営業をしていました。"),
            said("A", "なぜですか。"),
            said("B", "入社はいつですか。"),
        ];
        assert_eq!(asks_most(&sentences), Some("A"));
    }
}
