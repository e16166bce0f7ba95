//! `mendan judge --evaluate-report SET.json`: how well a meeting transcript's sentences are sorted into the
//! report items (帳票), against a set where every sentence carries its item or none (issue 17 item 6): accuracy
//! of the report's classifier on words along the meeting's topics (what the workbook uses where the dictionary is
//! loaded) beside each sentence alone by character bigrams and keywords (the fallback, and the method before),
//! measured in the same run.

use anyhow::Context;
use mendan_text::Utterance;
use mendan_text::morphology::Morphology;
use mendan_text::report::{ReportItem, build_report};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct MeetingSet {
    items: Vec<ReportItem>,
    sentences: Vec<Labelled>,
}

#[derive(Deserialize)]
struct Labelled {
    speaker: String,
    text: String,
    item: Option<String>,
}

pub fn evaluate_report(morphology: &Morphology, path: &std::path::Path) -> anyhow::Result<()> {
    let set: MeetingSet = serde_json::from_str(&std::fs::read_to_string(path).context("reading the set")?)
        .context("the set is {items: [{name, description, keywords}], sentences: [{speaker, text, item}]}")?;
    let names: Vec<&str> = set.items.iter().map(|i| i.name.as_str()).collect();
    let bigram: Vec<Option<&str>> = set.sentences.iter().map(|s| by_bigrams(&set.items, s)).collect();
    let words = on_words(morphology, &set);
    let truth: Vec<Option<&str>> = set.sentences.iter().map(|s| s.item.as_deref()).collect();
    let misses: Vec<_> = set
        .sentences
        .iter()
        .zip(words.iter().zip(&bigram))
        .filter(|(s, (w, _))| **w != s.item.as_deref())
        .map(|(s, (w, b))| json!({"text": s.text, "item": s.item, "words": w, "bigrams": b}))
        .collect();
    let out = json!({
        "sentences": set.sentences.len(),
        "accuracy": {"words": accuracy(&words, &truth), "bigrams_and_keywords": accuracy(&bigram, &truth)},
        "recall_by_item": names.iter().copied().map(Some).chain([None]).map(|label| json!({
            "item": label,
            "sentences": truth.iter().filter(|t| **t == label).count(),
            "words": recall(&words, &truth, label),
            "bigrams_and_keywords": recall(&bigram, &truth, label),
        })).collect::<Vec<_>>(),
        "words_misses": misses,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

/// The workbook's classifier on the sentence alone (a sentence it leaves out as too short is unclassified).
fn by_bigrams<'a>(items: &'a [ReportItem], s: &Labelled) -> Option<&'a str> {
    let one = Utterance {
        speaker: Some(s.speaker.clone()),
        start_s: 0.0,
        end_s: 1.0,
        text: s.text.clone(),
        confidence: None,
    };
    let report = build_report(vec![one], items.to_vec(), None);
    report.sentences.first().and_then(|c| c.item).map(|k| items[k].name.as_str())
}

/// The report's classifier on words, over the whole meeting in order (topics carry from sentence to sentence).
fn on_words<'a>(morphology: &Morphology, set: &'a MeetingSet) -> Vec<Option<&'a str>> {
    // One utterance per labelled sentence, its index as its time, to find each sentence's label again.
    let transcript: Vec<Utterance> = set
        .sentences
        .iter()
        .enumerate()
        .map(|(i, s)| Utterance {
            speaker: Some(s.speaker.clone()),
            start_s: i as f64,
            end_s: i as f64 + 0.5,
            text: s.text.clone(),
            confidence: None,
        })
        .collect();
    let report = build_report(transcript, set.items.clone(), Some(morphology));
    (0..set.sentences.len())
        .map(|i| {
            let first = report.sentences.iter().find(|s| s.start_s == i as f64)?;
            first.item.map(|k| set.items[k].name.as_str())
        })
        .collect()
}

fn accuracy(got: &[Option<&str>], truth: &[Option<&str>]) -> f64 {
    let right = got.iter().zip(truth).filter(|(g, t)| g == t).count();
    round3(right as f64 / truth.len().max(1) as f64)
}

fn recall(got: &[Option<&str>], truth: &[Option<&str>], label: Option<&str>) -> f64 {
    let of_label: Vec<_> = got.iter().zip(truth).filter(|(_, t)| **t == label).collect();
    round3(of_label.iter().filter(|(g, _)| **g == label).count() as f64 / of_label.len().max(1) as f64)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
