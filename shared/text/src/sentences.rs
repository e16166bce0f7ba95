//! Sentences of Japanese (and mixed English) text: ends at 。！？!? (and ．), at line breaks, and
//! keeps closing brackets and quotes that follow the end mark with their sentence (「…。」).

/// Characters that end a sentence.
const ENDS: &[char] = &['。', '！', '？', '!', '?', '．'];
/// Particles that continue a sentence after a quoted one (「…。」と言った, 「…。」って).
const PARTICLES: &[char] = &['と', 'っ', 'て', 'の', 'が', 'を', 'は', 'に', 'も'];
/// Closing brackets and quotes that belong to the sentence they follow.
const CLOSERS: &[char] = &['」', '』', '）', ')', '】', '〉', '》', '"', '\u{201D}'];

/// The sentences of `text`, trimmed, empty ones dropped. A sentence inside quotes that contains
/// an end mark (「はい。そうです。」と答えた) is not split at the inner mark.
pub fn split_sentences(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    each_sentence(text, |s| sentences.push(s.to_owned()));
    sentences
}

/// How many sentences [`split_sentences`] finds, without keeping them.
pub fn count_sentences(text: &str) -> usize {
    let mut count = 0;
    each_sentence(text, |_| count += 1);
    count
}

/// Calls `found` with each sentence of `text`, trimmed, in order.
fn each_sentence(text: &str, mut found: impl FnMut(&str)) {
    let mut current = String::new();
    let mut depth = 0i32;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\r' => {
                push(&mut found, &mut current);
                depth = 0;
                continue;
            }
            '「' | '『' | '（' | '(' | '【' => depth += 1,
            '」' | '』' | '）' | ')' | '】' => depth = (depth - 1).max(0),
            _ => {}
        }
        let quote_closed_after_end =
            depth == 0 && CLOSERS.contains(&c) && current.chars().last().is_some_and(|p| ENDS.contains(&p));
        current.push(c);
        // 「挑戦です。」次に… ends at the quote; 「…。」と言われました continues (a particle follows).
        if quote_closed_after_end && !chars.peek().is_some_and(|n| PARTICLES.contains(n)) {
            push(&mut found, &mut current);
            continue;
        }
        if ENDS.contains(&c) && depth == 0 {
            // Repeated marks (！？) and closing quotes stay with the sentence.
            while let Some(&next) = chars.peek() {
                if ENDS.contains(&next) || CLOSERS.contains(&next) {
                    current.push(next);
                    chars.next();
                } else {
                    break;
                }
            }
            push(&mut found, &mut current);
        }
    }
    push(&mut found, &mut current);
}

fn push(found: &mut impl FnMut(&str), current: &mut String) {
    let trimmed = current.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if !trimmed.is_empty() {
        found(trimmed);
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_end_marks_and_line_breaks() {
        let text = "前職では営業をしていました。チームは五人です！本当ですか？\nはい　";
        assert_eq!(
            split_sentences(text),
            ["前職では営業をしていました。", "チームは五人です！", "本当ですか？", "はい"]
        );
    }

    #[test]
    fn quotes_stay_whole_and_closers_stay_with_their_sentence() {
        let text = "上司に「まず聞く。それから話す。」と言われました。「挑戦です。」次に進みます。";
        assert_eq!(
            split_sentences(text),
            ["上司に「まず聞く。それから話す。」と言われました。", "「挑戦です。」", "次に進みます。"]
        );
    }

    #[test]
    fn repeated_marks_and_english_work() {
        assert_eq!(split_sentences("えっ！？本当に?? Yes. OK"), ["えっ！？", "本当に??", "Yes. OK"]);
        assert!(split_sentences(" \n\u{3000}\n").is_empty());
    }
}
