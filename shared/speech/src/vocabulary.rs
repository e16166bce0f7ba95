//! Whisper's text tokens: byte-level BPE pieces, one per line of `vocabulary.txt` (line n is
//! token n), each byte shown as a printable character. Turning tokens back into text only needs
//! that character-to-byte table; recognition never encodes text.

use std::collections::HashMap;

/// Token ids of the multilingual Whisper vocabulary.
pub mod special {
    pub const END_OF_TEXT: u32 = 50_257;
    pub const START_OF_TRANSCRIPT: u32 = 50_258;
    pub const JAPANESE: u32 = 50_266;
    pub const TRANSCRIBE: u32 = 50_359;
    pub const NO_TIMESTAMPS: u32 = 50_363;
    /// Everything from here up is a control token (task, language, timestamps).
    pub const FIRST_CONTROL: u32 = 50_258;
}

pub struct Vocabulary {
    pieces: Vec<Vec<u8>>,
}

#[derive(Debug, thiserror::Error)]
#[error("the vocabulary's line {line} has a character that stands for no byte")]
pub struct VocabularyError {
    line: usize,
}

impl Vocabulary {
    pub fn parse(text: &str) -> Result<Self, VocabularyError> {
        let table = char_to_byte();
        let pieces = text
            .split('\n')
            .enumerate()
            .map(|(line, piece)| {
                piece.chars().map(|c| table.get(&c).copied().ok_or(VocabularyError { line: line + 1 })).collect()
            })
            .collect::<Result<Vec<Vec<u8>>, _>>()?;
        Ok(Self { pieces })
    }

    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The text of text tokens; control tokens and ids outside the vocabulary say nothing.
    pub fn decode(&self, tokens: &[u32]) -> String {
        let bytes: Vec<u8> = tokens
            .iter()
            .filter(|&&t| t < special::END_OF_TEXT)
            .filter_map(|&t| self.pieces.get(t as usize))
            .flatten()
            .copied()
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// The byte-level BPE alphabet: printable Latin-1 bytes stand for themselves, the other 68 bytes
/// are shifted to the code points from U+0100 up, in byte order.
fn char_to_byte() -> HashMap<char, u8> {
    let printable = |b: u8| (b'!'..=b'~').contains(&b) || (0xA1..=0xAC).contains(&b) || (0xAE..=0xFF).contains(&b);
    let mut shifted = 0u32;
    (0..=255u8)
        .map(|b| {
            if printable(b) {
                (char::from(b), b)
            } else {
                shifted += 1;
                (char::from_u32(255 + shifted).expect("below U+0200"), b)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_become_utf8_text_across_token_boundaries() {
        // 「面」 is E9 9D A2 in UTF-8; split over two tokens as the BPE often does.
        let table: HashMap<u8, char> = char_to_byte().into_iter().map(|(c, b)| (b, c)).collect();
        let show = |bytes: &[u8]| bytes.iter().map(|b| table[b]).collect::<String>();
        let text = format!("{}\n{}\n{}", show(&[0xE9, 0x9D]), show(&[0xA2]), show(b" ok"));
        let vocabulary = Vocabulary::parse(&text).unwrap();
        assert_eq!(vocabulary.decode(&[0, 1, 2]), "面 ok");
        assert_eq!(vocabulary.decode(&[0, 1, special::END_OF_TEXT, 99_999]), "面");
    }

    #[test]
    fn every_byte_has_one_character() {
        let table = char_to_byte();
        assert_eq!(table.len(), 256);
        assert_eq!(table[&'Ġ'], b' ');
    }
}
