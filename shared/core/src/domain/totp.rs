//! Time-based one-time passwords (RFC 6238 over RFC 4226: HMAC-SHA1, 6 digits, 30-second steps), as every
//! authenticator app computes them: a secret shared once through a QR code, then a fresh code every 30 seconds.
//! A code is accepted for the step before and after (clock drift), and never twice (the last used step is kept).

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Seconds a code lives.
pub const STEP_SECS: i64 = 30;
const DIGITS: u32 = 6;
/// Steps accepted either side of now.
const DRIFT_STEPS: i64 = 1;
/// Secret length (160 bits, as RFC 4226 recommends).
const SECRET_BYTES: usize = 20;

/// A new random secret, base32 (what authenticator apps take).
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes)?;
    Ok(data_encoding::BASE32_NOPAD.encode(&bytes))
}

/// The code of `secret` (base32) for the step holding `unix_secs`; `None` for a secret that is not base32.
pub fn code_at(secret: &str, unix_secs: i64) -> Option<String> {
    Some(code_for_step(&decode(secret)?, unix_secs.div_euclid(STEP_SECS)))
}

/// The step a `code` matches around `unix_secs`, newer than `last_used` (a code is good once); `None` otherwise.
pub fn verify(secret: &str, code: &str, unix_secs: i64, last_used: Option<i64>) -> Option<i64> {
    let code = code.trim();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let key = decode(secret)?;
    let now = unix_secs.div_euclid(STEP_SECS);
    (now - DRIFT_STEPS..=now + DRIFT_STEPS)
        .filter(|step| last_used.is_none_or(|used| *step > used))
        .find(|step| constant_time_eq(code_for_step(&key, *step).as_bytes(), code.as_bytes()))
}

/// The `otpauth://` address the QR code carries: the issuer (the service and tenant) and the account's label.
pub fn provisioning_uri(secret: &str, issuer: &str, account: &str) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        encode(issuer),
        encode(account),
        encode(issuer)
    )
}

fn decode(secret: &str) -> Option<Vec<u8>> {
    let cleaned: String = secret.chars().filter(|c| !c.is_whitespace() && *c != '=').collect::<String>().to_uppercase();
    data_encoding::BASE32_NOPAD.decode(cleaned.as_bytes()).ok().filter(|k| !k.is_empty())
}

fn code_for_step(key: &[u8], step: i64) -> String {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[digest.len() - 1] & 0x0f) as usize;
    let binary =
        u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    format!("{:0width$}", binary % 10u32.pow(DIGITS), width = DIGITS as usize)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Percent-encoding of a label for the URI (letters, digits and `-._~` stay).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 vectors (the 8-digit codes' last 6 digits), secret "12345678901234567890".
    #[test]
    fn codes_match_the_rfc_vectors() {
        let secret = data_encoding::BASE32_NOPAD.encode(b"12345678901234567890");
        for (time, code) in [
            (59, "287082"),
            (1111111109, "081804"),
            (1111111111, "050471"),
            (1234567890, "005924"),
            (2000000000, "279037"),
            (20000000000, "353130"),
        ] {
            assert_eq!(code_at(&secret, time).as_deref(), Some(code), "{time}");
        }
    }

    #[test]
    fn a_code_is_good_once_and_only_around_now() {
        let secret = new_secret().unwrap();
        let now = 1_765_000_000;
        let code = code_at(&secret, now).unwrap();
        let step = verify(&secret, &code, now + 20, None).expect("accepted within the drift");
        assert_eq!(verify(&secret, &code, now + 20, Some(step)), None, "not twice");
        assert_eq!(verify(&secret, &code, now + 5 * STEP_SECS, None), None, "not minutes later");
        assert_eq!(verify(&secret, "12345", now, None), None);
        assert_eq!(verify(&secret, "abcdef", now, None), None);
        assert!(
            provisioning_uri(&secret, "Mendan acme", "a@b.example")
                .starts_with("otpauth://totp/Mendan%20acme:a%40b.example?secret=")
        );
    }
}
