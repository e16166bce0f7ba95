//! The sentence similarity graph TextRank walks, kept sparse so that its cost grows with the
//! number of sentences, not with its square: each sentence is linked to at most
//! [`MAX_NEIGHBOURS`] of the sentences most like it (edges kept when either end chose the other),
//! found through an inverted index of bigrams rather than by comparing every pair. A bigram most
//! sentences share (します, ました) would make that index quadratic again, so only the
//! [`POSTINGS_WINDOW`] sentences nearest in the transcript are looked up through such a bigram:
//! in an interview, related sentences are said close together.
//!
//! Edge weights are the exact bigram cosine ([`crate::ngrams::cosine`]); with few sentences (no
//! bigram in more than `POSTINGS_WINDOW` of them, no sentence like more than `MAX_NEIGHBOURS`
//! others) the graph is the complete one, so short texts rank exactly as before.

use std::collections::HashMap;

use crate::ngrams::Bigrams;

/// Most sentences one sentence is linked to by its own choice.
pub const MAX_NEIGHBOURS: usize = 32;
/// Most sentences looked up through one bigram for one sentence.
pub const POSTINGS_WINDOW: usize = 64;
/// Up to this many sentences (an interview of an hour or two) the graph is the complete one, so
/// such interviews are summarised exactly as with the full table; the caps apply beyond.
pub const COMPLETE_UP_TO: usize = 1_000;

#[derive(Debug, Default)]
pub struct SimilarityGraph {
    /// Per sentence, its neighbours in ascending order with their (positive) similarity; symmetric.
    pub neighbours: Vec<Vec<(usize, f64)>>,
    /// Work done: index entries visited plus pairs whose similarity was computed exactly.
    pub work: usize,
}

/// A sentence's bigrams as (term id, count), sorted by term id.
type TermCounts = Vec<(u32, u64)>;

/// The graph of `bags` (one per sentence).
pub fn similarity_graph(bags: &[Bigrams]) -> SimilarityGraph {
    let n = bags.len();
    let terms = term_counts(bags);
    let postings = postings(&terms);
    let mut work = 0;

    // Each sentence's best candidates, by the (possibly partial) dot products the index gives.
    let mut dots = vec![0u64; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for i in 0..n {
        for &(term, count) in &terms[i] {
            let list = &postings[term as usize];
            let looked_up = if n <= COMPLETE_UP_TO { &list[..] } else { window(list, i) };
            for &(j, other) in looked_up {
                work += 1;
                let j = j as usize;
                if j != i {
                    if dots[j] == 0 {
                        touched.push(j);
                    }
                    dots[j] += count * other;
                }
            }
        }
        let estimate = |j: usize| dots[j] as f64 / (bags[i].norm() * bags[j].norm());
        let best = |a: &usize, b: &usize| estimate(*b).total_cmp(&estimate(*a)).then(a.cmp(b));
        if n > COMPLETE_UP_TO && touched.len() > MAX_NEIGHBOURS {
            touched.select_nth_unstable_by(MAX_NEIGHBOURS, best);
            touched.truncate(MAX_NEIGHBOURS);
        }
        pairs.extend(touched.iter().map(|&j| (i.min(j), i.max(j))));
        for j in touched.drain(..) {
            dots[j] = 0;
        }
    }

    // Kept when either end chose the other, weighted by the exact similarity.
    pairs.sort_unstable();
    pairs.dedup();
    let mut neighbours: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (i, j) in pairs {
        work += 1;
        let weight = dot(&terms[i], &terms[j]) as f64 / (bags[i].norm() * bags[j].norm());
        if weight > 0.0 {
            neighbours[i].push((j, weight));
            neighbours[j].push((i, weight));
        }
    }
    for list in &mut neighbours {
        list.sort_unstable_by_key(|&(j, _)| j);
    }
    SimilarityGraph { neighbours, work }
}

/// Every bag's bigrams as small term ids (counts are whole numbers, so dot products are exact).
fn term_counts(bags: &[Bigrams]) -> Vec<TermCounts> {
    let mut ids: HashMap<(char, char), u32> = HashMap::new();
    bags.iter()
        .map(|bag| {
            let mut counts: TermCounts = bag
                .counts()
                .map(|(bigram, count)| {
                    let next = ids.len() as u32;
                    (*ids.entry(bigram).or_insert(next), count as u64)
                })
                .collect();
            counts.sort_unstable();
            counts
        })
        .collect()
}

/// Per term, the sentences containing it (ascending) with the count.
fn postings(terms: &[TermCounts]) -> Vec<Vec<(u32, u64)>> {
    let distinct = terms.iter().flatten().map(|&(t, _)| t as usize + 1).max().unwrap_or(0);
    let mut postings = vec![Vec::new(); distinct];
    for (i, counts) in terms.iter().enumerate() {
        for &(term, count) in counts {
            postings[term as usize].push((i as u32, count));
        }
    }
    postings
}

/// The part of a postings list looked up for sentence `i`: all of it, or the `POSTINGS_WINDOW`
/// entries around `i`.
fn window(list: &[(u32, u64)], i: usize) -> &[(u32, u64)] {
    if list.len() <= POSTINGS_WINDOW {
        return list;
    }
    let at = list.partition_point(|&(j, _)| (j as usize) < i);
    let start = at.saturating_sub(POSTINGS_WINDOW / 2).min(list.len() - POSTINGS_WINDOW);
    &list[start..start + POSTINGS_WINDOW]
}

/// Dot product of two sorted term-count lists.
fn dot(a: &TermCounts, b: &TermCounts) -> u64 {
    let (mut x, mut y, mut sum) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].0.cmp(&b[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                sum += a[x].1 * b[y].1;
                x += 1;
                y += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ngrams::cosine;

    fn bags(texts: &[&str]) -> Vec<Bigrams> {
        texts.iter().map(|t| Bigrams::of(t)).collect()
    }

    #[test]
    fn few_sentences_give_the_complete_graph_with_exact_weights() {
        let bags = bags(&["営業の仕組みを作りました。", "営業の仕組みを見直しました。", "趣味は登山です。", "。"]);
        let graph = similarity_graph(&bags);
        for i in 0..bags.len() {
            let expected: Vec<(usize, f64)> = (0..bags.len())
                .filter(|&j| j != i)
                .map(|j| (j, cosine(&bags[i], &bags[j])))
                .filter(|&(_, w)| w > 0.0)
                .collect();
            assert_eq!(graph.neighbours[i], expected, "sentence {i}");
        }
    }

    #[test]
    fn a_bigram_every_sentence_shares_is_looked_up_only_nearby() {
        let list: Vec<(u32, u64)> = (0..1000).map(|j| (j, 1)).collect();
        assert_eq!(window(&list, 0).first().map(|e| e.0), Some(0));
        assert_eq!(window(&list, 500).first().map(|e| e.0), Some(500 - POSTINGS_WINDOW as u32 / 2));
        assert_eq!(window(&list, 999).last().map(|e| e.0), Some(999));
        assert!([0, 500, 999].iter().all(|&i| window(&list, i).len() == POSTINGS_WINDOW));
    }
}
