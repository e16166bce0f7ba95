//! Character bigrams of a text, for similarity between Japanese sentences without a dictionary.

use std::collections::HashMap;

/// Counts of the character bigrams of a text's content characters (punctuation and space left
/// out, Latin letters lower-cased).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bigrams {
    counts: HashMap<(char, char), f64>,
    norm: f64,
}

impl Bigrams {
    pub fn of(text: &str) -> Self {
        let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
        let mut counts: HashMap<(char, char), f64> = HashMap::new();
        for pair in chars.windows(2) {
            *counts.entry((pair[0], pair[1])).or_default() += 1.0;
        }
        // A one-character text still says something.
        if chars.len() == 1 {
            counts.insert((chars[0], ' '), 1.0);
        }
        let norm = counts.values().map(|v| v * v).sum::<f64>().sqrt();
        Bigrams { counts, norm }
    }

    /// The bigrams with at least one character that is not hiragana: the content of a Japanese
    /// sentence without its grammar (ました, して, ている), which otherwise makes any two
    /// sentences look alike.
    pub fn content_of(text: &str) -> Self {
        let hiragana = |c: char| ('\u{3040}'..='\u{309F}').contains(&c);
        let mut bag = Self::of(text);
        bag.counts.retain(|(a, b), _| !(hiragana(*a) && (hiragana(*b) || *b == ' ')));
        bag.norm = bag.counts.values().map(|v| v * v).sum::<f64>().sqrt();
        bag
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// How many distinct bigrams the text has.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// The bigrams and their counts (whole numbers), in no particular order.
    pub(crate) fn counts(&self) -> impl Iterator<Item = ((char, char), f64)> + '_ {
        self.counts.iter().map(|(k, v)| (*k, *v))
    }

    /// The Euclidean norm of the counts, as [`cosine`] divides by it.
    pub(crate) fn norm(&self) -> f64 {
        self.norm
    }
}

/// Cosine similarity of two bigram bags, 0 (nothing shared) ..= 1 (same proportions).
pub fn cosine(a: &Bigrams, b: &Bigrams) -> f64 {
    if a.norm == 0.0 || b.norm == 0.0 {
        return 0.0;
    }
    let (small, large) = if a.counts.len() <= b.counts.len() { (a, b) } else { (b, a) };
    let dot: f64 = small.counts.iter().filter_map(|(k, v)| large.counts.get(k).map(|w| v * w)).sum();
    dot / (a.norm * b.norm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_sentences_score_higher_than_unrelated_ones() {
        let a = Bigrams::of("チームで新しい営業の仕組みを作りました。");
        let b = Bigrams::of("営業の仕組みをチームで見直しました。");
        let c = Bigrams::of("趣味は週末の登山です。");
        assert!(cosine(&a, &b) > 0.4 && cosine(&a, &c) < 0.1, "{} {}", cosine(&a, &b), cosine(&a, &c));
        assert!((cosine(&a, &a) - 1.0).abs() < 1e-12);
        assert_eq!(cosine(&a, &Bigrams::of("。、")), 0.0);
    }
}
