//! Signing and checking the query of `/objects/...` links. The HMAC-SHA256 covers a version tag
//! and every field length-prefixed, so no field's bytes can be moved into another (issue 13: a
//! line break in a content type once moved a link's size limit out of reach). Whatever a field
//! holds is checked again on the way in: a strict content type, a size limit of digits only, and
//! for uploads both present.

use hmac::Mac;
use mendan_core::domain::media_type;
use mendan_core::ports::check_object_key;
use std::collections::BTreeMap;

use crate::field_mac::{HmacSha256, fields_mac, purpose_key};

/// The link format; links of another version (or none) are refused rather than guessed at.
pub const VERSION: &str = "2";
const DOMAIN_TAG: &[u8] = b"mendan object url v2";

/// The query fields a link is made of; anything else in the query is not signed and ignored.
const FIELDS: [&str; 6] = ["v", "method", "expires", "content_type", "max_len", "sig"];

/// What a verified signed URL allows.
#[derive(Debug, PartialEq, Eq)]
pub struct SignedAccess {
    pub key: String,
    pub content_type: Option<String>,
    pub max_len: Option<u64>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("the link is malformed ({0}); ask for a new one")]
    Malformed(&'static str),
    #[error("the link has expired; ask for a new one")]
    Expired,
    #[error("the link's signature does not match")]
    BadSignature,
}

/// What one link grants, as signed.
pub struct Grant<'a> {
    pub method: &'a str,
    pub key: &'a str,
    pub expires: i64,
    pub content_type: Option<&'a str>,
    pub max_len: Option<u64>,
}

pub struct UrlSigner {
    key: Vec<u8>,
}

impl UrlSigner {
    /// A key of its own, derived from the data directory's secret, so JWT and URL keys differ.
    pub fn new(secret: &[u8]) -> Self {
        Self { key: purpose_key(secret, b"mendan object urls") }
    }

    fn mac(&self, grant: &Grant<'_>) -> HmacSha256 {
        let max_len = grant.max_len.map(|n| n.to_string());
        let expires = grant.expires.to_string();
        let fields =
            [Some(grant.method), Some(grant.key), Some(expires.as_str()), grant.content_type, max_len.as_deref()];
        fields_mac(&self.key, DOMAIN_TAG, fields)
    }

    /// The query string granting `grant`. Content types are checked as [`UrlSigner::verify`]
    /// will, so nothing is signed that would be refused later.
    pub fn sign(&self, grant: &Grant<'_>) -> Result<String, SignatureError> {
        check_fields(grant)?;
        let sig = hex::encode(self.mac(grant).finalize().into_bytes());
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("v", VERSION).append_pair("method", grant.method);
        query.append_pair("expires", &grant.expires.to_string());
        if let Some(ct) = grant.content_type {
            query.append_pair("content_type", ct);
        }
        if let Some(len) = grant.max_len {
            query.append_pair("max_len", &len.to_string());
        }
        Ok(query.append_pair("sig", &sig).finish())
    }

    /// The signature links had before issue 13 (fields joined by line breaks, no version), for
    /// tests that replay the attack it allowed.
    #[cfg(test)]
    pub(crate) fn joined_signature(&self, fields: [&str; 5]) -> String {
        use hmac::KeyInit;
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(fields.join("\n").as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Checks a link's `query` for `method` on `key` at `now` (Unix seconds).
    pub fn verify(&self, method: &str, key: &str, query: &str, now: i64) -> Result<SignedAccess, SignatureError> {
        use SignatureError::Malformed;
        let mut fields = BTreeMap::new();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            if let Some(known) = FIELDS.iter().find(|f| **f == name)
                && fields.insert(*known, value.into_owned()).is_some()
            {
                return Err(Malformed("a field is repeated"));
            }
        }
        let field = |name: &str| fields.get(name).map(String::as_str);
        if field("v") != Some(VERSION) {
            return Err(Malformed("unknown link version"));
        }
        if field("method") != Some(method) {
            return Err(Malformed("the link is for another method"));
        }
        let expires = field("expires").and_then(parse_digits).and_then(|e| i64::try_from(e).ok());
        let expires = expires.ok_or(Malformed("the expiry is not a time"))?;
        let max_len = match field("max_len") {
            Some(len) => Some(parse_digits(len).ok_or(Malformed("the size limit is not a number"))?),
            None => None,
        };
        let sig = field("sig").and_then(|s| hex::decode(s).ok()).ok_or(Malformed("the signature is not hex"))?;
        let grant = Grant { method, key, expires, content_type: field("content_type"), max_len };
        check_fields(&grant)?;
        self.mac(&grant).verify_slice(&sig).map_err(|_| SignatureError::BadSignature)?;
        if now > expires {
            return Err(SignatureError::Expired);
        }
        Ok(SignedAccess { key: key.to_owned(), content_type: grant.content_type.map(str::to_owned), max_len })
    }
}

/// The rules both signing and checking apply to what a link grants.
fn check_fields(grant: &Grant<'_>) -> Result<(), SignatureError> {
    use SignatureError::Malformed;
    if check_object_key(grant.key).is_err() {
        return Err(Malformed("the object key is not allowed"));
    }
    if grant.content_type.is_some_and(|ct| media_type::essence(ct).is_err()) {
        return Err(Malformed("the content type is not a plain media type"));
    }
    if grant.method == "PUT" && (grant.content_type.is_none() || grant.max_len.is_none()) {
        return Err(Malformed("an upload link must carry its content type and size limit"));
    }
    Ok(())
}

/// A non-negative decimal number as signing writes it: ASCII digits only, no sign, no spaces, no
/// leading zero, within `u64`. One spelling per number, so a changed link is always refused.
fn parse_digits(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "t/acme/interviews/x/recordings/r.webm";

    fn signer() -> UrlSigner {
        UrlSigner::new(b"0123456789abcdef0123456789abcdef")
    }

    fn upload(expires: i64) -> Grant<'static> {
        Grant { method: "PUT", key: KEY, expires, content_type: Some("video/webm"), max_len: Some(5) }
    }

    #[test]
    fn the_content_type_rewrite_that_dropped_the_size_limit_fails() {
        let s = signer();
        // The attack: ask for `video/webm;\n5` with 5 bytes, then move `\n5` into max_len, which
        // no longer parses and once meant "no limit".
        let asked = Grant { content_type: Some("video/webm;\n5"), ..upload(i64::MAX) };
        assert_eq!(s.sign(&asked), Err(SignatureError::Malformed("the content type is not a plain media type")));
        let sig = s.joined_signature(["PUT", KEY, "9999999999", "video/webm;\n5", "5"]);
        for query in [
            format!("method=PUT&expires=9999999999&content_type=video%2Fwebm%3B&max_len=5%0A5&sig={sig}"),
            format!("v=2&method=PUT&expires=9999999999&content_type=video%2Fwebm%3B&max_len=5%0A5&sig={sig}"),
            format!("v=2&method=PUT&expires=9999999999&content_type=video%2Fwebm%3B%0A5&max_len=5&sig={sig}"),
        ] {
            assert!(matches!(s.verify("PUT", KEY, &query, 0), Err(SignatureError::Malformed(_))), "{query}");
        }
    }

    #[test]
    fn links_carry_their_grant_and_refuse_changes() {
        let s = signer();
        let q = s.sign(&upload(1_000)).unwrap();
        let ok = s.verify("PUT", KEY, &q, 999).unwrap();
        assert_eq!((ok.content_type.as_deref(), ok.max_len), (Some("video/webm"), Some(5)));
        assert_eq!(s.verify("PUT", KEY, &q, 1_001), Err(SignatureError::Expired));
        assert_eq!(s.verify("PUT", "t/acme/other.webm", &q, 0), Err(SignatureError::BadSignature));
        assert_eq!(s.verify("GET", KEY, &q, 0), Err(SignatureError::Malformed("the link is for another method")));
        let bad = |from: &str, to: &str| s.verify("PUT", KEY, &q.replace(from, to), 0);
        assert_eq!(bad("max_len=5", "max_len=50"), Err(SignatureError::BadSignature));
        assert_eq!(bad("expires=1000", "expires=2000"), Err(SignatureError::BadSignature));
        assert_eq!(bad("content_type=video%2Fwebm", "content_type=video%2Fmp4"), Err(SignatureError::BadSignature));
        assert!(matches!(bad("max_len=5", "max_len=x"), Err(SignatureError::Malformed(_))));
        assert!(matches!(bad("max_len=5", "max_len=+5"), Err(SignatureError::Malformed(_))));
        assert!(matches!(bad("max_len=5", "max_len=05"), Err(SignatureError::Malformed(_))));
        assert!(matches!(bad("&max_len=5", ""), Err(SignatureError::Malformed(_))), "an upload needs its limit");
        assert!(matches!(bad("&content_type=video%2Fwebm", ""), Err(SignatureError::Malformed(_))));
        assert!(matches!(bad("v=2", "v=1"), Err(SignatureError::Malformed(_))));
        assert!(matches!(bad("max_len=5", "max_len=5&max_len=9"), Err(SignatureError::Malformed(_))));
        assert_eq!(s.verify("PUT", KEY, &format!("{q}&utm=x"), 0).map(|a| a.max_len), Ok(Some(5)), "unsigned extras");
        let other = UrlSigner::new(b"another installation's secret!!!");
        assert_eq!(other.verify("PUT", KEY, &q, 0), Err(SignatureError::BadSignature));
    }

    #[test]
    fn download_links_carry_no_upload_fields() {
        let s = signer();
        let q = s.sign(&Grant { method: "GET", key: KEY, expires: 10, content_type: None, max_len: None }).unwrap();
        assert_eq!(s.verify("GET", KEY, &q, 0).unwrap().max_len, None);
        assert_eq!(s.verify("GET", KEY, &format!("{q}&max_len=1"), 0), Err(SignatureError::BadSignature));
    }
}
