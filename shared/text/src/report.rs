//! 帳票作成: a meeting transcript's sentences classified into the tenant's report items, and the
//! Excel workbook that shows them.
//!
//! With the dictionary loaded, sentences are read as words along the meeting's topics ([`crate::topics`]).
//! Without it, each sentence (fillers removed) is compared with each item's name, description and keywords:
//! score = 0.5 × bigram cosine with the item's text + 0.5 × the share of the item's keywords the
//! sentence contains (capped at one keyword counting fully). The best item wins when its score
//! reaches `MIN_CONFIDENCE`. Either way the rest is kept apart as unclassified, never forced into an item.

use serde::{Deserialize, Serialize};

use crate::fillers::strip_fillers;
use crate::morphology::Morphology;
use crate::ngrams::{Bigrams, cosine};
use crate::sentences::split_sentences;
use crate::topics::{self, Said};
use crate::transcript::Utterance;

/// Below this a sentence is unclassified.
pub const MIN_CONFIDENCE: f64 = 0.2;
/// Sentences shorter than this (after fillers) are greetings and back-channels, not content.
const MIN_SENTENCE_CHARS: usize = 8;

/// An item as the classifier reads it; the tenant's items are checked (trimmed, bounded, names
/// distinct) by `mendan_core::domain::report::ReportItems::parse` before they get here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportItem {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub keywords: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sentence {
    pub start_s: f64,
    pub speaker: Option<String>,
    pub text: String,
    /// Index into the report's items; `None` when unclassified.
    pub item: Option<usize>,
    pub confidence: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub items: Vec<ReportItem>,
    /// Every content sentence in order, with its item.
    pub sentences: Vec<Sentence>,
    pub transcript: Vec<Utterance>,
}

/// Classifies every sentence of `transcript` into `items`: on words along the conversation's topics where a
/// dictionary is loaded ([`crate::topics`]), else each sentence alone by bigrams and keywords.
pub fn build_report(transcript: Vec<Utterance>, items: Vec<ReportItem>, words: Option<&Morphology>) -> Report {
    let mut sentences = Vec::new();
    for u in &transcript {
        for raw in split_sentences(&u.text) {
            let text = strip_fillers(&raw);
            if text.chars().filter(|c| c.is_alphanumeric()).count() < MIN_SENTENCE_CHARS {
                continue;
            }
            sentences.push(Sentence {
                start_s: u.start_s,
                speaker: u.speaker.clone(),
                text,
                item: None,
                confidence: 0.0,
            });
        }
    }
    let labels = match words {
        Some(morphology) => {
            let said: Vec<Said> =
                sentences.iter().map(|s| Said { speaker: s.speaker.as_deref(), text: &s.text }).collect();
            topics::classify(morphology, &items, &said)
        }
        None => by_bigrams_and_keywords(&items, &sentences),
    };
    for (sentence, (item, confidence)) in sentences.iter_mut().zip(labels) {
        sentence.item = item;
        sentence.confidence = confidence;
    }
    Report { items, sentences, transcript }
}

/// Each sentence alone: 0.5 × bigram cosine with the item's text + 0.5 × whether it holds one of the item's keywords.
fn by_bigrams_and_keywords(items: &[ReportItem], sentences: &[Sentence]) -> Vec<(Option<usize>, f64)> {
    let profiles: Vec<(Bigrams, Vec<String>)> = items
        .iter()
        .map(|i| {
            let text = format!("{} {} {}", i.name, i.description, i.keywords.join(" "));
            (Bigrams::of(&text), i.keywords.iter().map(|k| k.trim().to_lowercase()).filter(|k| !k.is_empty()).collect())
        })
        .collect();
    sentences
        .iter()
        .map(|s| {
            let bag = Bigrams::of(&s.text);
            let lower = s.text.to_lowercase();
            let best = profiles
                .iter()
                .enumerate()
                .map(|(k, (profile, keywords))| {
                    let hits = keywords.iter().filter(|kw| lower.contains(kw.as_str())).count();
                    let keyword_score = if keywords.is_empty() { 0.0 } else { (hits as f64).min(1.0) };
                    (k, 0.5 * cosine(&bag, profile) + 0.5 * keyword_score)
                })
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            match best {
                Some((k, score)) if score >= MIN_CONFIDENCE => (Some(k), score),
                Some((_, score)) => (None, score),
                None => (None, 0.0),
            }
        })
        .collect()
}

/// `h:mm:ss` for the workbook.
pub fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utterance(start_s: f64, speaker: &str, text: &str) -> Utterance {
        Utterance { speaker: Some(speaker.into()), start_s, end_s: start_s + 5.0, text: text.into(), confidence: None }
    }

    #[test]
    fn sentences_go_to_the_matching_item_and_the_rest_stays_apart() {
        let items: Vec<ReportItem> = serde_json::from_str(
            r#"[{"name": "志望動機", "description": "応募した理由", "keywords": ["志望", "理由", "魅力"]},
                {"name": "経験", "description": "これまでの仕事の経験", "keywords": ["前職", "担当", "経験"]}]"#,
        )
        .unwrap();
        let transcript = vec![
            utterance(0.0, "面接官", "よろしくお願いします。"),
            utterance(
                5.0,
                "候補者",
                "えー、前職では法人営業を三年担当していました。御社を志望した理由は、製品の魅力です。",
            ),
            utterance(15.0, "候補者", "週末は家族と公園に出かけることが多いです。"),
        ];
        let report = build_report(transcript, items, None);
        let of = |needle: &str| report.sentences.iter().find(|s| s.text.contains(needle)).unwrap();
        assert_eq!(of("前職").item, Some(1));
        assert_eq!(of("志望").item, Some(0));
        assert_eq!(of("公園").item, None, "unclassified, not forced");
        assert_eq!(of("よろしく").item, None, "a greeting belongs to no item");
        assert!(of("前職").text.starts_with("前職"), "fillers removed");
    }

    #[test]
    fn times_read_as_a_clock() {
        assert_eq!(clock(3725.4), "1:02:05");
    }
}
