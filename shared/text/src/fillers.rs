//! Fillers (えー、あのー、えっと、まあ、なんか…): hesitation sounds that carry no content.
//!
//! Without a tokeniser a word like あの is ambiguous (あの人 "that person" is not a filler), so
//! the ambiguous ones count only where a filler stands: followed by a comma, a space, a long-vowel
//! mark or the end of the sentence. Lengthened forms (えーー, あのー) are always fillers.

use serde::Serialize;

/// Fillers that are fillers wherever they stand, longest first so えーっと wins over えー.
const ALWAYS: &[&str] =
    &["えーっと", "えーと", "えっと", "えー", "あのー", "そのー", "うーん", "うーむ", "んー", "あー", "まー"];
/// Fillers only where followed by a pause (、, space, ー, end).
const PAUSED: &[&str] = &["あの", "その", "まあ", "なんか", "ええ", "ま"];
/// What may follow a paused filler.
const PAUSES: &[char] = &['、', ',', ' ', '\u{3000}', 'ー', '…', '。'];

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FillerCount {
    /// Fillers found.
    pub fillers: usize,
    /// Characters of the text that are not fillers, punctuation or space.
    pub content_chars: usize,
}

impl FillerCount {
    /// Fillers per 100 content characters.
    pub fn per_100_chars(&self) -> f64 {
        if self.content_chars == 0 { 0.0 } else { self.fillers as f64 * 100.0 / self.content_chars as f64 }
    }
}

/// Byte spans of the fillers in `text`, in order, not overlapping.
fn filler_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    let mut at_boundary = true;
    while i < text.len() {
        let rest = &text[i..];
        let found = at_boundary.then(|| match_filler(rest)).flatten();
        if let Some(len) = found {
            // Swallow further long-vowel marks and the pause after the filler.
            let mut end = i + len;
            while let Some(c) = text[end..].chars().next().filter(|c| *c == 'ー' || *c == '〜') {
                end += c.len_utf8();
            }
            // えーーっと: the lengthened mark split えーっと.
            if text[i..end].starts_with('え') && text[end..].starts_with("っと") {
                end += "っと".len();
            }
            spans.push((i, end));
            i = end;
            at_boundary = true;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        at_boundary = is_boundary(c);
        i += c.len_utf8();
    }
    spans
}

fn match_filler(rest: &str) -> Option<usize> {
    if let Some(f) = ALWAYS.iter().find(|f| rest.starts_with(**f)) {
        return Some(f.len());
    }
    PAUSED.iter().find_map(|f| {
        let after = rest.strip_prefix(*f)?;
        match after.chars().next() {
            None => Some(f.len()),
            Some(c) if PAUSES.contains(&c) => Some(f.len()),
            _ => None,
        }
    })
}

/// Where a filler may start: after punctuation, space or the start.
fn is_boundary(c: char) -> bool {
    c.is_whitespace() || matches!(c, '、' | '。' | ',' | '.' | '！' | '？' | '!' | '?' | '…' | '「' | '」')
}

fn is_content(c: char) -> bool {
    !(c.is_whitespace() || c.is_ascii_punctuation() || "、。！？…「」『』（）・ー〜".contains(c))
}

/// Counts fillers and content characters of `text`.
pub fn count_fillers(text: &str) -> FillerCount {
    let spans = filler_spans(text);
    let filler_chars: usize = spans.iter().map(|&(a, b)| text[a..b].chars().filter(|c| is_content(*c)).count()).sum();
    let content = text.chars().filter(|c| is_content(*c)).count();
    FillerCount { fillers: spans.len(), content_chars: content - filler_chars }
}

/// `text` without its fillers and the comma that followed each (for summaries and quotes).
pub fn strip_fillers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end) in filler_spans(text) {
        out.push_str(&text[last..start]);
        last = end;
        if let Some(c) = text[last..].chars().next().filter(|c| matches!(c, '、' | ',' | ' ' | '\u{3000}')) {
            last += c.len_utf8();
        }
    }
    out.push_str(&text[last..]);
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_fillers_and_leaves_words_that_only_look_like_them() {
        let text =
            "えーと、あのー、前職では、まあ、営業をしていました。あの人は上司です。なんか、そのー難しかったです。";
        let count = count_fillers(text);
        assert_eq!(count.fillers, 5, "えーと, あのー, まあ, なんか, そのー; not あの人");
        assert_eq!(strip_fillers(text), "前職では、営業をしていました。あの人は上司です。難しかったです。");
    }

    #[test]
    fn lengthened_fillers_and_rates() {
        let count = count_fillers("えーーっと、はい。うーん、そうですね。");
        assert_eq!(count.fillers, 2, "{count:?}");
        assert_eq!(strip_fillers("えーーっと、はい。"), "はい。");
        assert!(count.per_100_chars() > 10.0);
        assert_eq!(count_fillers("").per_100_chars(), 0.0);
    }
}
