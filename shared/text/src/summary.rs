//! Extractive summary (面談要約): the sentences that say most of what the rest says, in their
//! original order, within a length budget. Sentences are ranked by TextRank: PageRank over the
//! graph whose edge weights are the sentences' bigram similarity, so a sentence that many others
//! echo ranks high, and an aside nobody echoes ranks low. Deterministic: ties go to the earlier
//! sentence.

use serde::Serialize;

use crate::fillers::strip_fillers;
use crate::ngrams::Bigrams;
use crate::sentences::split_sentences;
use crate::similarity::similarity_graph;
use crate::star::{Star, coverage};

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

/// Set phrases that carry nothing about the interviewee (greetings, thanks) when they make up
/// most of a sentence.
const FORMULAS: &[&str] = &["よろしくお願い", "ありがとうございま", "失礼いたしま", "失礼しま", "お疲れ様"];

/// Sentences a summary may pick: enough letters besides any greeting in them.
fn eligible(sentence: &str, options: &SummaryOptions) -> bool {
    let letters = sentence.chars().filter(|c| c.is_alphanumeric()).count();
    let formula = FORMULAS.iter().find(|f| sentence.contains(**f)).map_or(0, |f| f.chars().count());
    letters.saturating_sub(formula) >= options.min_sentence_chars
}

const DAMPING: f64 = 0.85;
/// Weight added to the first sentence of an answer, and to a sentence stating a result.
const LEAD_BONUS: f64 = 0.5;
const RESULT_BONUS: f64 = 0.5;
/// Units of a measured result (一・五倍, 三割, 20%, 百件), which make a result checkable.
const QUANTITIES: &[&str] = &["倍", "割", "%", "％", "件"];
const ITERATIONS: usize = 60;

/// Summarises `text` (one speaker's utterances, joined by line breaks).
pub fn summarise(text: &str, options: &SummaryOptions) -> Summary {
    let sentences: Vec<String> = split_sentences(text).iter().map(|s| strip_fillers(s)).collect();
    let source_chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let bags: Vec<Bigrams> = sentences.iter().map(|s| Bigrams::of(s)).collect();
    let scores = text_rank(&bags);

    let mut order: Vec<usize> = (0..sentences.len()).filter(|&i| eligible(&sentences[i], options)).collect();
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

/// The summary of one answer within [`summarise_answers`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnswerSummary {
    /// Position of the answer in the input.
    pub answer: usize,
    pub sentences: Vec<String>,
}

/// Summarises an interview answer by answer (where the question boundaries are known): sentences
/// are ranked over the whole interview (TextRank, with a head start for an answer's first
/// sentence and for sentences stating a result), the budget is shared among the answers in
/// proportion to their length so that every substantial answer is represented, and what an
/// answer leaves unused goes to the best remaining sentences anywhere. Answers with nothing
/// picked are left out; sentences keep their order within each answer.
pub fn summarise_answers(answers: &[String], options: &SummaryOptions) -> Vec<AnswerSummary> {
    // (answer, sentence) for every sentence, fillers removed.
    let mut owners = Vec::new();
    let mut sentences = Vec::new();
    for (a, answer) in answers.iter().enumerate() {
        for s in split_sentences(answer) {
            owners.push(a);
            sentences.push(strip_fillers(&s));
        }
    }
    let source_chars: usize = answers.iter().map(|a| a.chars().filter(|c| !c.is_whitespace()).count()).sum();
    let budget = (source_chars as f64 * options.max_share).floor() as usize;
    let centrality = text_rank(&sentences.iter().map(|s| Bigrams::of(s)).collect::<Vec<_>>());
    // Answers lead with their point (結論から) and prove it with results: those sentences get a
    // head start over equally central ones.
    let scores: Vec<f64> = (0..sentences.len())
        .map(|i| {
            let lead = if i == 0 || owners[i - 1] != owners[i] { LEAD_BONUS } else { 0.0 };
            let result = if coverage(&sentences[i]).contains(&Star::Result) { RESULT_BONUS } else { 0.0 };
            let measured = if QUANTITIES.iter().any(|q| sentences[i].contains(q)) { RESULT_BONUS } else { 0.0 };
            centrality[i] * (1.0 + lead + result + measured)
        })
        .collect();
    let mut order: Vec<usize> = (0..sentences.len()).filter(|&i| eligible(&sentences[i], options)).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));

    let answer_chars: Vec<usize> = answers.iter().map(|a| a.chars().filter(|c| !c.is_whitespace()).count()).collect();
    let mut spent = vec![0usize; answers.len()];
    let mut picked = vec![false; sentences.len()];
    let mut total = 0;
    let mut take = |i: usize, picked: &mut Vec<bool>, spent: &mut Vec<usize>| {
        let (a, len) = (owners[i], sentences[i].chars().count());
        if !picked[i] && total + len <= budget {
            picked[i] = true;
            spent[a] += len;
            total += len;
        }
    };
    // Each answer's best sentence first, then each answer up to its share, then the best left.
    let mut best_of = vec![None; answers.len()];
    for &i in order.iter().rev() {
        best_of[owners[i]] = Some(i);
    }
    for best in best_of.into_iter().flatten() {
        take(best, &mut picked, &mut spent);
    }
    for &i in &order {
        let share = budget * answer_chars[owners[i]] / source_chars.max(1);
        if spent[owners[i]] + sentences[i].chars().count() <= share {
            take(i, &mut picked, &mut spent);
        }
    }
    for &i in &order {
        take(i, &mut picked, &mut spent);
    }
    let mut per_answer: Vec<Vec<String>> = vec![Vec::new(); answers.len()];
    for (i, sentence) in sentences.into_iter().enumerate() {
        if picked[i] {
            per_answer[owners[i]].push(sentence);
        }
    }
    per_answer
        .into_iter()
        .enumerate()
        .filter(|(_, sentences)| !sentences.is_empty())
        .map(|(answer, sentences)| AnswerSummary { answer, sentences })
        .collect()
}

/// PageRank scores of the sentence similarity graph (sparse: see [`crate::similarity`]).
fn text_rank(bags: &[Bigrams]) -> Vec<f64> {
    let n = bags.len();
    if n == 0 {
        return Vec::new();
    }
    let graph = similarity_graph(bags).neighbours;
    // Summed in ascending order of neighbour, as over a full row: the same scores as a dense table.
    let out_sums: Vec<f64> = graph.iter().map(|row| row.iter().map(|&(_, w)| w).sum()).collect();
    let mut scores = vec![1.0 / n as f64; n];
    for _ in 0..ITERATIONS {
        let next: Vec<f64> = (0..n)
            .map(|i| {
                let inflow: f64 = graph[i].iter().map(|&(j, w)| w / out_sums[j] * scores[j]).sum();
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
    fn every_substantial_answer_is_represented() {
        let answers = vec![
            ANSWER.to_owned(),
            "御社を志望した理由は、お客様の課題に深く向き合う姿勢に強く共感したからです。前職での営業経験を活かして貢献したいと考えています。".to_owned(),
            "はい。".to_owned(),
        ];
        let options = SummaryOptions { max_share: 0.35, ..SummaryOptions::default() };
        let summary = summarise_answers(&answers, &options);
        assert_eq!(summary.iter().map(|s| s.answer).collect::<Vec<_>>(), [0, 1], "{summary:?}");
        let chars: usize = summary.iter().flat_map(|s| &s.sentences).map(|s| s.chars().count()).sum();
        let source: usize = answers.iter().map(|a| a.chars().count()).sum();
        assert!(chars as f64 <= 0.35 * source as f64);
        assert!(summarise_answers(&[], &options).is_empty());
    }

    #[test]
    fn is_deterministic_and_handles_empty_text() {
        let options = SummaryOptions::default();
        assert_eq!(summarise(ANSWER, &options), summarise(ANSWER, &options));
        let empty = summarise("", &options);
        assert!(empty.sentences.is_empty() && empty.chars == 0);
    }

    /// TextRank over the full n×n table, as it was before the graph was made sparse.
    fn dense_text_rank(bags: &[Bigrams]) -> Vec<f64> {
        let n = bags.len();
        let mut weights = vec![vec![0.0; n]; n];
        for i in 0..n {
            for j in i + 1..n {
                let w = crate::ngrams::cosine(&bags[i], &bags[j]);
                weights[i][j] = w;
                weights[j][i] = w;
            }
        }
        let out_sums: Vec<f64> = weights.iter().map(|row| row.iter().sum()).collect();
        let mut scores = vec![1.0 / n as f64; n];
        for _ in 0..ITERATIONS {
            scores = (0..n)
                .map(|i| {
                    let inflow: f64 =
                        (0..n).filter(|&j| out_sums[j] > 0.0).map(|j| weights[j][i] / out_sums[j] * scores[j]).sum();
                    (1.0 - DAMPING) / n as f64 + DAMPING * inflow
                })
                .collect();
        }
        scores
    }

    #[test]
    fn short_texts_rank_exactly_as_with_the_full_table() {
        let bags: Vec<Bigrams> = split_sentences(ANSWER).iter().map(|s| Bigrams::of(&strip_fillers(s))).collect();
        assert_eq!(text_rank(&bags), dense_text_rank(&bags));
        let generated = synthetic_sentences(30, 7);
        let bags: Vec<Bigrams> = generated.iter().map(|s| Bigrams::of(s)).collect();
        assert_eq!(text_rank(&bags), dense_text_rank(&bags));
    }

    /// `n` interview-like sentences from a fixed vocabulary (deterministic for a seed).
    fn synthetic_sentences(n: usize, seed: u64) -> Vec<String> {
        const WORDS: &[&str] = &[
            "前職では",
            "営業",
            "チームの",
            "目標を",
            "立てて",
            "顧客の",
            "声を",
            "聞き",
            "提案資料を",
            "共通化し",
            "新人でも",
            "品質を",
            "保ち",
            "半年で",
            "三割",
            "増えました",
            "課題は",
            "改善の",
            "進め方を",
            "見直し",
            "リーダーとして",
            "会議を",
            "減らし",
            "売上が",
            "伸びました",
            "週末は",
            "山に",
            "登ります",
        ];
        let mut state = seed;
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        (0..n)
            .map(|_| {
                let words = 4 + next() % 5;
                let mut s: String = (0..words).map(|_| WORDS[next() % WORDS.len()]).collect();
                s.push('。');
                s
            })
            .collect()
    }

    /// Work per sentence stays flat as the text grows (the full table grew with n²): 20,000
    /// sentences once aborted the process out of memory.
    #[test]
    fn twenty_thousand_sentences_cost_work_linear_in_their_number() {
        let graph_of = |n: usize| {
            let bags: Vec<Bigrams> = synthetic_sentences(n, 1).iter().map(|s| Bigrams::of(s)).collect();
            crate::similarity::similarity_graph(&bags)
        };
        let (small, large) = (graph_of(2_000), graph_of(20_000));
        let per_sentence = |g: &crate::similarity::SimilarityGraph| g.work as f64 / g.neighbours.len() as f64;
        assert!(
            per_sentence(&large) <= 1.2 * per_sentence(&small),
            "{} vs {}",
            per_sentence(&large),
            per_sentence(&small)
        );
        assert!(large.work < 20_000 * 2_000, "{} index entries and pairs, n² / 2 would be 2e8", large.work);
        let edges: usize = large.neighbours.iter().map(Vec::len).sum();
        assert!(edges <= 2 * crate::similarity::MAX_NEIGHBOURS * 20_000, "{edges} edges");

        let answers: Vec<String> = synthetic_sentences(20_000, 2).chunks(10).map(|c| c.concat()).collect();
        let summary = summarise_answers(&answers, &SummaryOptions::default());
        let chars: usize = summary.iter().flat_map(|s| &s.sentences).map(|s| s.chars().count()).sum();
        let source: usize = answers.iter().map(|a| a.chars().count()).sum();
        assert!(chars > 0 && chars as f64 <= 0.2 * source as f64, "{chars} of {source}");
    }
}
