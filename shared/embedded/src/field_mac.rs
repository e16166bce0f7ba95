//! HMAC-SHA256 over a domain tag and then length-prefixed fields: what the embedded backend's signed object links
//! and call join tokens sign. Length prefixes keep one field's bytes from being moved into another; the domain tag
//! keeps one kind of link from ever verifying as another.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub type HmacSha256 = Hmac<Sha256>;

/// A key for one purpose, derived from the data directory's secret, so the keys of tokens, links and the relay differ.
pub fn purpose_key(secret: &[u8], purpose: &[u8]) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(purpose);
    mac.finalize().into_bytes().to_vec()
}

/// The MAC of `fields` under `key` and `tag`: an absent field and a present one differ by a tag byte, and a present
/// one carries its length.
pub fn fields_mac<'a>(key: &[u8], tag: &[u8], fields: impl IntoIterator<Item = Option<&'a str>>) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(tag);
    for field in fields {
        match field {
            None => mac.update(&[0]),
            Some(value) => {
                mac.update(&[1]);
                mac.update(&(value.len() as u64).to_be_bytes());
                mac.update(value.as_bytes());
            }
        }
    }
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_bytes_between_fields_or_dropping_one_changes_the_mac() {
        let key = purpose_key(b"secret", b"test");
        let mac = |fields: &[Option<&str>]| fields_mac(&key, b"tag", fields.iter().copied()).finalize().into_bytes();
        let base = mac(&[Some("ab"), Some("c")]);
        assert_ne!(base, mac(&[Some("a"), Some("bc")]));
        assert_ne!(base, mac(&[Some("ab"), None, Some("c")]));
        assert_ne!(mac(&[None]), mac(&[Some("")]));
        assert_ne!(base, fields_mac(&key, b"other tag", [Some("ab"), Some("c")]).finalize().into_bytes());
        assert_ne!(purpose_key(b"secret", b"a"), purpose_key(b"secret", b"b"));
    }
}
