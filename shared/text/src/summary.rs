//! Extractive summary (面談要約): the sentences that say most of what the rest says, in their
//! original order, within a length budget. Sentences are ranked by TextRank: PageRank over the
//! graph whose edge weights are the sentences' bigram similarity, so a sentence that many others
//! echo ranks high, and an aside nobody echoes ranks low. Deterministic: ties go to the earlier
//! sentence.

use serde::Serialize;

use crate::fillers::strip_fillers;
use crate::ngrams::{Bigrams, cosine};
use crate::sentences::split_sentences;

#[derive(Clone, Debug, PartialEq)]
pub struct SummaryOptions {
    /// Most characters of the summary, as a share of the text's characters.
    pub max_share: f64,
    /// Sentences with fewer letters than this (after removing fillers) are never picked: はい。 or
    /// ありがとうございました。 say nothing about the interviewee.
    pub min_sentence_chars: usize,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions { max_share: 0.2, min_sentence_chars: 14 }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// The picked sentences (fillers removed), in the order they were said.
    pub sentences: Vec<String>,
    /// Their positions among the text's sentences.
    pub indices: Vec<usize>,
    pub chars: usize,
    pub source_chars: usize,
}

const DAMPING: f64 = 0.85;
const ITERATIONS: usize = 60;

/// Summarises `text` (one speaker's utterances, joined by line breaks).
pub fn summarise(text: &str, options: &SummaryOptions) -> Summary {
    let sentences: Vec<String> = split_sentences(text).iter().map(|s| strip_fillers(s)).collect();
    let source_chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let bags: Vec<Bigrams> = sentences.iter().map(|s| Bigrams::of(s)).collect();
    let scores = text_rank(&bags);

    let eligible =
        |i: &usize| sentences[*i].chars().filter(|c| c.is_alphanumeric()).count() >= options.min_sentence_chars;
    let mut order: Vec<usize> = (0..sentences.len()).filter(eligible).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));

    let budget = (source_chars as f64 * options.max_share).floor() as usize;
    let mut picked = Vec::new();
    let mut chars = 0;
    for i in order {
        let len = sentences[i].chars().count();
        if chars + len <= budget {
            picked.push(i);
            chars += len;
        }
    }
    picked.sort_unstable();
    Summary { sentences: picked.iter().map(|&i| sentences[i].clone()).collect(), indices: picked, chars, source_chars }
}

/// PageRank scores of the sentence similarity graph.
fn text_rank(bags: &[Bigrams]) -> Vec<f64> {
    let n = bags.len();
    if n == 0 {
        return Vec::new();
    }
    let mut weights = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let w = cosine(&bags[i], &bags[j]);
            weights[i][j] = w;
            weights[j][i] = w;
        }
    }
    let out_sums: Vec<f64> = weights.iter().map(|row| row.iter().sum()).collect();
    let mut scores = vec![1.0 / n as f64; n];
    for _ in 0..ITERATIONS {
        let next: Vec<f64> = (0..n)
            .map(|i| {
                let inflow: f64 =
                    (0..n).filter(|&j| out_sums[j] > 0.0).map(|j| weights[j][i] / out_sums[j] * scores[j]).sum();
                (1.0 - DAMPING) / n as f64 + DAMPING * inflow
            })
            .collect();
        scores = next;
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANSWER: &str = "えーと、前職では法人向けの営業チームでリーダーをしていました。\
        チームの目標は新規顧客の獲得で、毎月の目標を立てて営業の進め方を見直しました。\
        はい。\
        特に、営業チームの提案資料を共通化して、新人でも同じ品質で提案できるようにしました。\
        その結果、半年で新規顧客の獲得数が三割増えました。\
        週末は山に登るのが好きです。\
        あのー、営業の進め方を見直すときは、まず顧客の声を聞くことを大切にしました。";

    #[test]
    fn keeps_the_sentences_the_others_echo_in_order_within_the_budget() {
        let summary = summarise(ANSWER, &SummaryOptions { max_share: 0.45, ..SummaryOptions::default() });
        assert!(summary.chars as f64 <= 0.45 * summary.source_chars as f64);
        assert!(summary.sentences.iter().any(|s| s.contains("営業の進め方を見直しました")), "{summary:?}");
        assert!(!summary.sentences.iter().any(|s| s.contains("山に登る") || s == "はい。"), "{summary:?}");
        assert!(summary.indices.windows(2).all(|w| w[0] < w[1]), "original order");
        assert!(summary.sentences.iter().all(|s| !s.starts_with("えーと") && !s.starts_with("あのー")));
    }

    #[test]
    fn is_deterministic_and_handles_empty_text() {
        let options = SummaryOptions::default();
        assert_eq!(summarise(ANSWER, &options), summarise(ANSWER, &options));
        let empty = summarise("", &options);
        assert!(empty.sentences.is_empty() && empty.chars == 0);
    }
}
