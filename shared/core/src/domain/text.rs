//! Free text people type as names: it is shown to others, so it must not hide or reorder what
//! surrounds it on screen (control characters, bidi overrides and isolates).

use crate::CoreError;

/// Characters that change how neighbouring text is displayed: the bidi embeddings and overrides
/// (U+202A–U+202E) and isolates (U+2066–U+2069).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Refuses NUL and other control characters and bidi controls in a single-line name.
pub fn check_plain_text(field: &str, value: &str) -> Result<(), CoreError> {
    if value.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err(CoreError::invalid(
            field,
            "制御文字や文字の向きを変える記号は使えません。",
            "Leave out control characters and text-direction marks (U+202A-U+202E, U+2066-U+2069).",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_hidden_characters_are_refused() {
        assert!(check_plain_text("display_name", "山田 太郎").is_ok());
        assert!(check_plain_text("display_name", "O'Brien-Smith (HR)").is_ok());
        for bad in ["a\0b", "tab\there", "line\nbreak", "evil\u{202E}txt.exe", "x\u{2066}y", "\u{202A}", "\u{7f}"] {
            assert!(check_plain_text("display_name", bad).is_err(), "{bad:?}");
        }
    }
}
