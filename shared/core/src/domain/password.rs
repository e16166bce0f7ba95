//! The one password rule of both backends (the Cognito pool's policy in `infra/template.yaml` says
//! the same): length only, as NIST SP 800-63B advises, no composition classes. The upper bound
//! keeps anyone from making the server hash a megabyte.

use crate::CoreError;

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Checks a password someone chooses (invitation, new password, a tenant's first admin);
/// `field` names the input in the problem.
pub fn check_new_password(field: &str, password: &str) -> Result<(), CoreError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(CoreError::invalid(
            field,
            format!("パスワードは {MIN_PASSWORD_CHARS} 文字以上にしてください。"),
            format!("Use at least {MIN_PASSWORD_CHARS} characters."),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(CoreError::invalid(
            field,
            format!("パスワードは {MAX_PASSWORD_CHARS} 文字以内にしてください。"),
            format!("Use at most {MAX_PASSWORD_CHARS} characters."),
        ));
    }
    if password.chars().any(char::is_control) {
        return Err(CoreError::invalid(
            field,
            "パスワードにタブや改行は使えません。",
            "Leave out control characters (tabs, line breaks).",
        ));
    }
    Ok(())
}

/// A temporary password for an invitation or a reset: a lower-case letter, a capital, a digit and
/// a hyphen (so a pool with Cognito's default composition rules accepts it too), then 15
/// characters from an alphabet without look-alikes (no 0/O, 1/l/I); about 85 random bits from the
/// OS's randomness (through v4 UUIDs).
pub fn temporary_password() -> String {
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGITS: &[u8] = b"23456789";
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let (a, b) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    let random: Vec<u8> = a.as_bytes().iter().chain(b.as_bytes()).copied().collect();
    let pick = |set: &[u8], byte: u8| set[byte as usize % set.len()] as char;
    let mut password = String::with_capacity(19);
    password.push(pick(LOWER, random[0]));
    password.push(pick(UPPER, random[1]));
    password.push(pick(DIGITS, random[2]));
    password.push('-');
    password.extend(random[3..18].iter().map(|b| pick(ALPHABET, *b)));
    password
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_decides_not_character_classes() {
        assert!(check_new_password("password", "e2e-demo-password-1").is_ok());
        assert!(check_new_password("password", "alllowercaseletters").is_ok());
        assert!(check_new_password("password", "あいうえおかきくけこさし").is_ok(), "12 characters, not bytes");
        assert!(check_new_password("password", "short-pass1").is_err());
        assert!(check_new_password("password", &"x".repeat(MAX_PASSWORD_CHARS)).is_ok());
        assert!(check_new_password("password", &"x".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
        assert!(check_new_password("password", "twelve-chars\n-and-more").is_err());
    }

    #[test]
    fn temporary_passwords_pass_the_rule_and_differ() {
        let (a, b) = (temporary_password(), temporary_password());
        assert_eq!(a.chars().count(), 19);
        assert!(check_new_password("password", &a).is_ok());
        assert_ne!(a, b);
    }
}
