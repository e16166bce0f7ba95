//! STAR (situation, task, action, result): which parts an answer about an experience covers, and
//! follow-up questions for the missing ones (自己面談の深掘り質問). Cue words, not a model: the
//! same answer always gets the same questions, instantly, and an interviewer can see why.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Star {
    Situation,
    Task,
    Action,
    Result,
}

impl Star {
    /// The part's name as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Star::Situation => "situation",
            Star::Task => "task",
            Star::Action => "action",
            Star::Result => "result",
        }
    }
}

/// Cue words per part. A part is covered when any cue appears.
const CUES: [(Star, &[&str]); 4] = [
    (
        Star::Situation,
        &["当時", "前職", "のとき", "の時", "頃", "状況", "背景", "環境", "において", "在籍", "所属", "担当して"],
    ),
    (Star::Task, &["課題", "目標", "役割", "任され", "求められ", "責任", "問題", "目的", "ミッション", "しなければ"]),
    (
        Star::Action,
        &[
            "取り組",
            "工夫",
            "提案し",
            "実施",
            "作り",
            "作成",
            "設け",
            "導入",
            "改善",
            "見直",
            "行動",
            "働きかけ",
            "調整",
            "相談し",
        ],
    ),
    (
        Star::Result,
        &[
            "結果",
            "成果",
            "達成",
            "増え",
            "減り",
            "減ら",
            "向上",
            "上が",
            "改善され",
            "評価され",
            "学ん",
            "学び",
            "割",
            "%",
            "％",
        ],
    ),
];

/// Questions for a missing part, in polite Japanese and in English.
const FOLLOW_UPS: [(Star, &str, &str); 4] = [
    (
        Star::Result,
        "その取り組みの結果、どのような成果や変化がありましたか。数字で表せるものがあれば教えてください。",
        "What came of it? If you can, describe the outcome in numbers.",
    ),
    (
        Star::Action,
        "その中で、ご自身が具体的にどのような行動をとられたのか、順を追って教えてください。",
        "What exactly did you do yourself? Please take us through it step by step.",
    ),
    (
        Star::Task,
        "そのとき、ご自身に求められていた役割や目標は何でしたか。",
        "What was your role, and what were you expected to achieve?",
    ),
    (
        Star::Situation,
        "それはいつ頃、どのような状況でのお話でしょうか。背景を少し詳しく教えてください。",
        "When was this, and what was the situation? Please tell us a little about the background.",
    ),
];

/// Asked when the answer already covers all four parts: reflection instead of more facts.
const REFLECTION: (&str, &str) = (
    "その経験から学んだことを、入社後にどのように活かしたいとお考えですか。",
    "What did you learn from it, and how would you use that here?",
);

/// The parts `answer` covers, in STAR order.
pub fn coverage(answer: &str) -> Vec<Star> {
    CUES.iter().filter(|(_, cues)| cues.iter().any(|c| answer.contains(c))).map(|(part, _)| *part).collect()
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FollowUp {
    /// The part it probes; `None` for the reflection question.
    pub probes: Option<Star>,
    pub ja: String,
    pub en: String,
}

/// At most `max` follow-ups for `answer`: the missing parts, results and actions first (what
/// interviewers most often need to ask for), else one reflection question.
pub fn follow_ups(answer: &str, max: usize) -> Vec<FollowUp> {
    let covered = coverage(answer);
    let missing: Vec<FollowUp> = FOLLOW_UPS
        .iter()
        .filter(|(part, _, _)| !covered.contains(part))
        .take(max)
        .map(|(part, ja, en)| FollowUp { probes: Some(*part), ja: (*ja).to_owned(), en: (*en).to_owned() })
        .collect();
    if missing.is_empty() && max > 0 {
        return vec![FollowUp { probes: None, ja: REFLECTION.0.to_owned(), en: REFLECTION.1.to_owned() }];
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_without_result_and_task_is_asked_for_them() {
        let answer = "前職では営業チームにいました。提案資料のひな形を作り、週に一度振り返りの場を設けました。";
        assert_eq!(coverage(answer), [Star::Situation, Star::Action]);
        let asked = follow_ups(answer, 2);
        assert_eq!(asked.iter().map(|f| f.probes).collect::<Vec<_>>(), [Some(Star::Result), Some(Star::Task)]);
        assert!(asked[0].ja.ends_with("教えてください。"));
    }

    #[test]
    fn a_complete_answer_gets_one_reflection_question() {
        let answer = "当時、受注率の低さが課題でした。提案の進め方を見直した結果、受注率が二割上がりました。";
        assert_eq!(coverage(answer).len(), 4);
        let asked = follow_ups(answer, 2);
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].probes, None);
        assert!(follow_ups(answer, 0).is_empty());
    }
}
