//! Wording by a language model, kept on a short leash: the prompts that ask for it and the checks
//! its answers must pass before anyone sees them. The deterministic templates stay the reference:
//! the model only rewords what they found (which STAR part is missing, which strengths and
//! criteria), and an answer that fails a check is thrown away in favour of the templates.

use serde::Deserialize;

use crate::star::{FollowUp, Star};

/// What to send: instructions, the material, and how long the answer may be.
#[derive(Clone, Debug, PartialEq)]
pub struct WordingRequest {
    pub system: String,
    pub user: String,
    pub max_tokens: u32,
}

/// Longest follow-up question accepted, in characters (a spoken question, not a paragraph).
const MAX_QUESTION_CHARS: usize = 120;
/// Longest feedback paragraph accepted, in characters.
const MAX_PARAGRAPH_CHARS: usize = 600;

const FOLLOW_UP_SYSTEM: &str = "You write follow-up questions for a Japanese job interview in which an avatar \
asks the candidate questions. Ask only about what the candidate's answer left out, politely, in natural \
business Japanese (です・ます調), one sentence each, without judging the answer, without asking about \
private matters (family, religion, health, origin, beliefs). Reply with JSON only: \
{\"follow_ups\":[{\"probes\":\"situation|task|action|result|null\",\"ja\":\"...\",\"en\":\"...\"}]}";

const FEEDBACK_SYSTEM: &str = "You edit feedback for a candidate after a Japanese job interview. Rewrite the \
draft so it reads naturally and warmly in polite Japanese (です・ます調) and in English, keeping every \
fact, quotation and order of the draft. Add nothing: no new strengths or weaknesses, no numbers or \
scores that are not in the draft, no statement about passing or failing. Reply with JSON only: \
{\"ja\":[\"paragraph\",...],\"en\":[\"paragraph\",...]}";

/// Asks for at most `templates.len()` follow-ups probing the same STAR parts as the templates.
pub fn follow_up_request(question: Option<&str>, answer: &str, templates: &[FollowUp]) -> WordingRequest {
    let probes: Vec<&str> = templates.iter().map(|f| f.probes.map_or("null", Star::as_str)).collect();
    let user = format!(
        "Question asked: {}\nCandidate's answer: {answer}\nWrite {} follow-up question(s), probing in this order: {}.\n\
         Example of the intended meaning (reword freely): {}",
        question.unwrap_or("(not given)"),
        templates.len(),
        probes.join(", "),
        templates.iter().map(|f| f.ja.as_str()).collect::<Vec<_>>().join(" / "),
    );
    WordingRequest { system: FOLLOW_UP_SYSTEM.into(), user, max_tokens: 400 }
}

#[derive(Deserialize)]
struct FollowUpsAnswer {
    follow_ups: Vec<FollowUpAnswer>,
}

#[derive(Deserialize)]
struct FollowUpAnswer {
    probes: Option<String>,
    ja: String,
    en: String,
}

/// The model's follow-ups, if they are what was asked for: as many as the templates, probing the
/// same parts, each one short question in Japanese and English. Otherwise `None`.
pub fn accept_follow_ups(output: &str, templates: &[FollowUp]) -> Option<Vec<FollowUp>> {
    let answer: FollowUpsAnswer = serde_json::from_str(json_part(output)?).ok()?;
    if answer.follow_ups.len() != templates.len() {
        return None;
    }
    answer
        .follow_ups
        .into_iter()
        .zip(templates)
        .map(|(got, template)| {
            let probes = got.probes.as_deref().filter(|p| *p != "null");
            let (ja, en) = (got.ja.trim().to_owned(), got.en.trim().to_owned());
            let is_question = is_japanese_question(&ja) && en.ends_with('?');
            let short = ja.chars().count() <= MAX_QUESTION_CHARS && en.chars().count() <= MAX_QUESTION_CHARS * 2;
            (probes == template.probes.map(Star::as_str) && is_question && short && !ja.contains('\n'))
                .then_some(FollowUp { probes: template.probes, ja, en })
        })
        .collect()
}

/// A polite Japanese question ends in a question mark or a request: 〜か。/〜ください。
fn is_japanese_question(ja: &str) -> bool {
    ja.ends_with('？') || ja.ends_with('?') || ja.ends_with("か。") || ja.ends_with("ください。")
}

/// Asks for the draft reworded, paragraph for paragraph.
pub fn feedback_request(ja: &[String], en: &[String]) -> WordingRequest {
    let draft = serde_json::json!({ "ja": ja, "en": en });
    let user = format!("Draft (JSON, one string per paragraph):\n{draft}");
    WordingRequest { system: FEEDBACK_SYSTEM.into(), user, max_tokens: 2000 }
}

#[derive(Deserialize)]
struct FeedbackAnswer {
    ja: Vec<String>,
    en: Vec<String>,
}

/// The reworded feedback, if it keeps to the draft: the same number of paragraphs, each of a
/// sensible length, every quotation 「…」 of the draft still there word for word, and no number
/// the draft does not contain (the model must not invent scores). Otherwise `None`.
pub fn accept_feedback(output: &str, ja: &[String], en: &[String]) -> Option<(Vec<String>, Vec<String>)> {
    let answer: FeedbackAnswer = serde_json::from_str(json_part(output)?).ok()?;
    let draft_text = format!("{}\n{}", ja.join("\n"), en.join("\n"));
    let new_text = format!("{}\n{}", answer.ja.join("\n"), answer.en.join("\n"));
    let same_shape = answer.ja.len() == ja.len() && answer.en.len() == en.len();
    let sensible = answer.ja.iter().chain(&answer.en).all(|p| {
        let n = p.trim().chars().count();
        (1..=MAX_PARAGRAPH_CHARS).contains(&n)
    });
    let quotes_kept = quotations(&ja.join("\n")).iter().all(|q| new_text.contains(q.as_str()));
    let numbers = numbers_in(&draft_text);
    let no_new_numbers = numbers_in(&new_text).iter().all(|n| numbers.contains(n));
    (same_shape && sensible && quotes_kept && no_new_numbers).then(|| {
        let trim = |v: Vec<String>| v.into_iter().map(|p| p.trim().to_owned()).collect();
        (trim(answer.ja), trim(answer.en))
    })
}

/// The JSON object in a reply (models sometimes wrap it in a code fence or a sentence).
fn json_part(output: &str) -> Option<&str> {
    let (start, end) = (output.find('{')?, output.rfind('}')?);
    (start < end).then(|| &output[start..=end])
}

/// The texts quoted 「like this」 (the interviewee's own words, which must survive rewording).
fn quotations(text: &str) -> Vec<String> {
    text.split('「').skip(1).filter_map(|rest| rest.split_once('」').map(|(q, _)| q.to_owned())).collect()
}

/// Numbers (ASCII or full-width digits, with a decimal point) as ASCII strings: `4.5` is one
/// number, so a draft's 4 and 5 do not let a made-up 4.5 through.
fn numbers_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    let mut finish = |current: &mut String| {
        let number = current.trim_end_matches('.').to_owned();
        current.clear();
        if !number.is_empty() {
            found.push(number);
        }
    };
    for c in text.chars().chain(std::iter::once(' ')) {
        match c {
            '0'..='9' => current.push(c),
            '０'..='９' => current.extend(char::from_u32(c as u32 - '０' as u32 + '0' as u32)),
            '.' | '．' if !current.is_empty() && !current.contains('.') => current.push('.'),
            _ => finish(&mut current),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::star::follow_ups;

    const ANSWER: &str = "前職では営業を担当し、新しい提案方法を考えました。";

    #[test]
    fn the_follow_up_request_names_the_parts_to_probe_and_carries_the_answer() {
        let templates = follow_ups(ANSWER, 2);
        let request = follow_up_request(Some("志望動機を教えてください。"), ANSWER, &templates);
        assert!(request.user.contains(ANSWER) && request.user.contains("志望動機"));
        let parts: Vec<&str> = templates.iter().map(|f| f.probes.unwrap().as_str()).collect();
        assert!(request.user.contains(&parts.join(", ")), "{}", request.user);
        assert!(request.system.contains("JSON only"));
    }

    #[test]
    fn follow_ups_are_accepted_only_as_short_questions_probing_the_same_parts() {
        let templates = follow_ups(ANSWER, 2);
        let [a, b] = [templates[0].probes.unwrap().as_str(), templates[1].probes.unwrap().as_str()];
        let good = format!(
            r#"Here you are: {{"follow_ups":[{{"probes":"{a}","ja":"その提案では、どのような成果が出ましたか。","en":"What came of the proposal?"}},{{"probes":"{b}","ja":"具体的に何をされたのか教えてください。","en":"What exactly did you do?"}}]}}"#
        );
        let accepted = accept_follow_ups(&good, &templates).expect("well-formed");
        assert_eq!(accepted[0].ja, "その提案では、どのような成果が出ましたか。");
        assert_eq!(accepted[1].probes, templates[1].probes);

        let statement = good.replace("教えてください。", "素晴らしいです。");
        assert!(accept_follow_ups(&statement, &templates).is_none(), "not a question");
        let other_part = good.replacen(&format!("\"probes\":\"{a}\""), "\"probes\":\"null\"", 1);
        assert!(accept_follow_ups(&other_part, &templates).is_none(), "probes another part");
        assert!(accept_follow_ups("I cannot help with that.", &templates).is_none());
        assert!(accept_follow_ups(&good, &templates[..1]).is_none(), "one too many");
    }

    #[test]
    fn reworded_feedback_must_keep_quotes_and_invent_no_numbers() {
        let ja = vec![
            "ありがとうございました。".to_owned(),
            "「お客様と一緒に解決したい」とお話しいただけました。".to_owned(),
        ];
        let en = vec!["Thank you.".to_owned(), "You said you want to solve problems with customers.".to_owned()];
        let reply = |second_ja: &str| {
            serde_json::json!({"ja": ["本日はありがとうございました。", second_ja], "en": ["Thank you very much.", "You spoke about solving problems with customers."]})
                .to_string()
        };
        let kept = reply("「お客様と一緒に解決したい」という言葉が印象的でした。");
        let (new_ja, new_en) = accept_feedback(&kept, &ja, &en).expect("keeps to the draft");
        assert_eq!((new_ja.len(), new_en.len()), (2, 2));
        assert!(accept_feedback(&reply("お客様との協働について話されました。"), &ja, &en).is_none(), "quote lost");
        let scored = reply("「お客様と一緒に解決したい」との回答は４点相当です。");
        assert!(accept_feedback(&scored, &ja, &en).is_none(), "a made-up score");
        let fewer = serde_json::json!({"ja": ["ありがとうございました。"], "en": ["Thank you."]}).to_string();
        assert!(accept_feedback(&fewer, &ja, &en).is_none(), "a paragraph dropped");
    }

    #[test]
    fn numbers_are_read_in_both_widths() {
        assert_eq!(numbers_in("3.5点と４．０点、2026年. 1.2.3"), ["3.5", "4.0", "2026", "1.2", "3"]);
    }
}
