//! A strict reading of a media type (RFC 9110 §8.3.1) as clients announce an upload:
//! `type/subtype` then `; name=value` parameters, printable ASCII only. Signed upload links carry
//! the content type verbatim, so anything a header or a signature could misread (control
//! characters, line breaks, stray separators) is refused here, before anything is signed.

/// Longest content type accepted; browsers' `video/webm;codecs=vp9,opus` is far shorter.
pub const MAX_MEDIA_TYPE_LEN: usize = 200;

/// Why a content type is refused, in words for the `content_type` field's problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MediaTypeError {
    #[error("the content type is empty")]
    Empty,
    #[error("the content type is longer than {MAX_MEDIA_TYPE_LEN} characters")]
    TooLong,
    #[error("the content type may hold printable ASCII only (no line breaks or control characters)")]
    NotPrintable,
    #[error("the content type must look like type/subtype;name=value")]
    Malformed,
}

/// The `type/subtype` of a well-formed media type, lower-cased; its parameters are checked and
/// then ignored (browsers add `;codecs=...`).
pub fn essence(content_type: &str) -> Result<String, MediaTypeError> {
    if content_type.is_empty() {
        return Err(MediaTypeError::Empty);
    }
    if content_type.len() > MAX_MEDIA_TYPE_LEN {
        return Err(MediaTypeError::TooLong);
    }
    if !content_type.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return Err(MediaTypeError::NotPrintable);
    }
    let mut parts = content_type.split(';');
    let head = parts.next().unwrap_or_default().trim_end_matches(' ');
    let (kind, sub) = head.split_once('/').ok_or(MediaTypeError::Malformed)?;
    if !is_token(kind) || !is_token(sub) {
        return Err(MediaTypeError::Malformed);
    }
    for parameter in parts {
        let (name, value) = parameter.trim_matches(' ').split_once('=').ok_or(MediaTypeError::Malformed)?;
        if !is_token(name) || !is_value(value) {
            return Err(MediaTypeError::Malformed);
        }
    }
    Ok(head.to_ascii_lowercase())
}

/// RFC 9110 `token`: one or more `tchar`.
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A parameter value: a token, a token list joined by commas as browsers write `codecs=vp9,opus`,
/// or a quoted string without escapes.
fn is_value(s: &str) -> bool {
    if let Some(inner) = s.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')) {
        return inner.bytes().all(|b| b != b'"' && b != b'\\');
    }
    !s.is_empty() && s.split(',').all(is_token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_types_are_read() {
        assert_eq!(essence("video/webm;codecs=vp9,opus").unwrap(), "video/webm");
        assert_eq!(essence("Video/MP4; codecs=\"avc1.42E01E, mp4a.40.2\"").unwrap(), "video/mp4");
        assert_eq!(essence("audio/wav").unwrap(), "audio/wav");
    }

    #[test]
    fn anything_a_signature_or_header_could_misread_is_refused() {
        assert_eq!(essence("video/webm;\n5"), Err(MediaTypeError::NotPrintable));
        assert_eq!(essence("video/webm\r\nX-Evil: 1"), Err(MediaTypeError::NotPrintable));
        assert_eq!(essence("video/webm;\u{0}"), Err(MediaTypeError::NotPrintable));
        assert_eq!(essence("video/webm;\tcodecs=vp8"), Err(MediaTypeError::NotPrintable));
        assert_eq!(essence("vidéo/webm"), Err(MediaTypeError::NotPrintable));
        assert_eq!(essence(""), Err(MediaTypeError::Empty));
        assert_eq!(essence(&format!("video/webm;a={}", "b".repeat(300))), Err(MediaTypeError::TooLong));
        for bad in [
            "video",
            "video/",
            "/webm",
            "video/webm;",
            "video/webm;codecs",
            "video/webm;=x",
            "video/we bm",
            "video/webm;a=b=c",
            "video/webm;a=\"b",
            "video/webm;a=\"b\\\"\"",
            "video/webm;a=,",
            "video/webm,video/mp4",
        ] {
            assert_eq!(essence(bad), Err(MediaTypeError::Malformed), "{bad:?}");
        }
    }
}
