//! Property-based hostile input for the `/objects` route's parsers (issue 13): the Range header
//! and the signed-link verifier never panic, answer with a clear outcome, and a link whose
//! fields or signature were changed never verifies.

use mendan_embedded::http::{RangeRequest, parse_range};
use mendan_embedded::signed_url::{Grant, SignatureError, UrlSigner};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// `cases` cases from a fixed seed, so CI runs the same cases every time (a failure is
/// reproducible from the log); `PROPTEST_RNG_SEED=N` explores other ones. Nothing is written
/// into the source tree.
fn config(cases: u32) -> ProptestConfig {
    let defaults = ProptestConfig::default();
    let rng_seed = match defaults.rng_seed {
        RngSeed::Random => RngSeed::Fixed(20_261_204),
        chosen => chosen,
    };
    ProptestConfig { cases, rng_seed, failure_persistence: None, ..defaults }
}

/// Objects from empty to far larger than any upload.
fn object_len() -> impl Strategy<Value = u64> {
    prop_oneof![Just(0u64), 1u64..2_000, any::<u64>()]
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn any_range_header_gets_a_range_inside_the_object_or_none(
        header in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..40),
            "bytes=[0-9 ,+-]{0,30}".prop_map(String::into_bytes),
            "[a-zA-Z]{0,6}=[0-9]{0,25}-[0-9]{0,25}".prop_map(String::into_bytes),
        ],
        len in object_len(),
    ) {
        if let RangeRequest::Satisfiable(start, end) = parse_range(&header, len) {
            prop_assert!(start <= end && end < len, "{start}-{end} of {len}");
        }
    }

    #[test]
    fn first_last_ranges_follow_the_rfc(first in 0u64..3_000, last in proptest::option::of(0u64..3_000), len in 0u64..2_000) {
        let header = format!("bytes={first}-{}", last.map(|l| l.to_string()).unwrap_or_default());
        let expected = match last {
            Some(last) if last < first => RangeRequest::Ignored,
            _ if first >= len => RangeRequest::Unsatisfiable,
            last => RangeRequest::Satisfiable(first, last.unwrap_or(u64::MAX).min(len - 1)),
        };
        prop_assert_eq!(parse_range(header.as_bytes(), len), expected);
    }

    #[test]
    fn suffix_ranges_follow_the_rfc(suffix in 0u64..3_000, len in 0u64..2_000) {
        let expected = if suffix == 0 || len == 0 {
            RangeRequest::Unsatisfiable
        } else {
            RangeRequest::Satisfiable(len - suffix.min(len), len - 1)
        };
        prop_assert_eq!(parse_range(format!("bytes=-{suffix}").as_bytes(), len), expected);
    }
}

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
const NOW: i64 = 1_800_000_000;

fn key() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,8}(/[a-z0-9._-]{1,12}){0,4}"
        .prop_filter("a valid key", |k| mendan_core::ports::check_object_key(k).is_ok())
}

fn content_type() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("video/webm".to_owned()),
        Just("video/webm;codecs=vp9,opus".to_owned()),
        Just("audio/mp4".to_owned()),
        Just("audio/wav".to_owned()),
        "(audio|video)/[a-z0-9]{1,8}(;[a-z]{1,6}=[a-z0-9]{1,6})?",
    ]
}

/// A signed upload link: key, content type, size limit, expiry, and its query.
fn signed_upload() -> impl Strategy<Value = (String, String, u64, i64, String)> {
    (key(), content_type(), any::<u64>(), NOW..NOW + 86_400).prop_map(|(key, ct, max_len, expires)| {
        let grant = Grant { method: "PUT", key: &key, expires, content_type: Some(&ct), max_len: Some(max_len) };
        let query = UrlSigner::new(SECRET).sign(&grant).expect("a valid grant signs");
        (key, ct, max_len, expires, query)
    })
}

fn pairs(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

fn build(pairs: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

proptest! {
    #![proptest_config(config(1_000))]

    #[test]
    fn arbitrary_queries_never_verify(query in prop_oneof![
        ".{0,200}",
        "(v=2&)?(method=(PUT|GET)&)?(expires=[0-9]{1,12}&)?(content_type=[a-z/;=%0-9A-F]{0,30}&)?(max_len=[0-9a-z%+-]{0,22}&)?(sig=[0-9a-f]{0,70})?",
    ], key in key(), method in prop_oneof![Just("PUT"), Just("GET")]) {
        let outcome = UrlSigner::new(SECRET).verify(method, &key, &query, NOW);
        prop_assert!(outcome.is_err(), "{query} verified");
        prop_assert!(!outcome.unwrap_err().to_string().is_empty());
    }

    #[test]
    fn a_signed_link_verifies_as_signed((key, ct, max_len, expires, query) in signed_upload()) {
        let access = UrlSigner::new(SECRET).verify("PUT", &key, &query, NOW).unwrap();
        prop_assert_eq!((access.content_type, access.max_len), (Some(ct), Some(max_len)));
        prop_assert_eq!(UrlSigner::new(SECRET).verify("PUT", &key, &query, expires + 1), Err(SignatureError::Expired));
    }

    #[test]
    fn a_changed_field_never_verifies(
        (key, _ct, _max_len, _expires, query) in signed_upload(),
        field in prop_oneof![Just("v"), Just("method"), Just("expires"), Just("content_type"), Just("max_len")],
        value in prop_oneof![".{0,30}", "[0-9]{1,20}", Just("video/mp4".to_owned()), Just(String::new())],
        drop_it in any::<bool>(),
    ) {
        let mut fields = pairs(&query);
        let at = fields.iter().position(|(name, _)| name == field).expect("every upload field is present");
        if drop_it {
            fields.remove(at);
        } else {
            prop_assume!(fields[at].1 != value);
            fields[at].1 = value;
        }
        let outcome = UrlSigner::new(SECRET).verify("PUT", &key, &build(&fields), NOW);
        prop_assert!(outcome.is_err(), "{fields:?} verified");
    }

    #[test]
    fn a_changed_signature_or_key_never_verifies(
        (key, _ct, _max_len, _expires, query) in signed_upload(),
        position in any::<prop::sample::Index>(),
        digit in 0u8..16,
        other_key in key(),
    ) {
        let signer = UrlSigner::new(SECRET);
        let mut fields = pairs(&query);
        let sig = &mut fields.iter_mut().find(|(name, _)| name == "sig").unwrap().1;
        let at = position.index(sig.len());
        let replacement = char::from_digit(u32::from(digit), 16).unwrap();
        prop_assume!(sig.as_bytes()[at] != replacement as u8);
        sig.replace_range(at..=at, &replacement.to_string());
        prop_assert_eq!(signer.verify("PUT", &key, &build(&fields), NOW), Err(SignatureError::BadSignature));
        if other_key != key {
            prop_assert!(signer.verify("PUT", &other_key, &query, NOW).is_err());
        }
        prop_assert!(UrlSigner::new(b"another installation's key......").verify("PUT", &key, &query, NOW).is_err());
    }
}
