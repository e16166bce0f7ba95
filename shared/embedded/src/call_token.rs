//! The join token of `mendan serve`'s call relay: what a presigned KVS signaling URL is on AWS.
//! It names one interview's channel, one role and one client, and expires minutes after it was
//! made; the HMAC covers every field length-prefixed, so no part can be moved into another, and a
//! token for one interview or role never opens another.

use hmac::Mac;
use mendan_core::domain::call::{CallPeer, CallRole};
use mendan_core::domain::{InterviewId, TenantSlug};

use crate::field_mac::{HmacSha256, fields_mac, purpose_key};

const VERSION: &str = "1";
const DOMAIN_TAG: &[u8] = b"mendan call join v1";
const FIELDS: [&str; 7] = ["v", "tenant", "interview", "role", "client", "expires", "sig"];
/// Client ids as KVS allows them: 1-256 characters of a small alphabet.
const MAX_CLIENT_ID: usize = 256;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JoinTokenError {
    #[error("the join link is malformed ({0}); join again")]
    Malformed(&'static str),
    #[error("the join link has expired; join again")]
    Expired,
    #[error("the join link's signature does not match")]
    BadSignature,
}

/// Whom a verified token lets in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Admitted {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    pub role: CallRole,
    pub client_id: String,
}

pub struct JoinSigner {
    key: Vec<u8>,
}

impl JoinSigner {
    /// A key of its own, derived from the data directory's secret.
    pub fn new(secret: &[u8]) -> Self {
        Self { key: purpose_key(secret, b"mendan call relay") }
    }

    fn mac(&self, fields: [&str; 5]) -> HmacSha256 {
        fields_mac(&self.key, DOMAIN_TAG, fields.map(Some))
    }

    /// The query string that admits `peer` until its expiry.
    pub fn sign(&self, peer: &CallPeer) -> String {
        let interview = peer.interview_id.to_string();
        let expires = peer.expires_at.timestamp().to_string();
        let fields = [peer.tenant.as_str(), &interview, peer.role.as_str(), &peer.client_id, &expires];
        let sig = hex::encode(self.mac(fields).finalize().into_bytes());
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("v", VERSION).append_pair("tenant", peer.tenant.as_str());
        query.append_pair("interview", &interview).append_pair("role", peer.role.as_str());
        query.append_pair("client", &peer.client_id).append_pair("expires", &expires);
        query.append_pair("sig", &sig).finish()
    }

    /// Checks a relay URL's `query` at `now` (Unix seconds).
    pub fn verify(&self, query: &str, now: i64) -> Result<Admitted, JoinTokenError> {
        use JoinTokenError::Malformed;
        let mut fields = std::collections::BTreeMap::new();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            if let Some(known) = FIELDS.iter().find(|f| **f == name)
                && fields.insert(*known, value.into_owned()).is_some()
            {
                return Err(Malformed("a field is repeated"));
            }
        }
        let field = |name: &str| fields.get(name).map(String::as_str).ok_or(Malformed("a field is missing"));
        if field("v")? != VERSION {
            return Err(Malformed("unknown version"));
        }
        let (tenant, interview, role, client, expires) =
            (field("tenant")?, field("interview")?, field("role")?, field("client")?, field("expires")?);
        let sig = hex::decode(field("sig")?).map_err(|_| Malformed("the signature is not hex"))?;
        self.mac([tenant, interview, role, client, expires])
            .verify_slice(&sig)
            .map_err(|_| JoinTokenError::BadSignature)?;
        // Signed by us, so these parse; checked anyway, as a second lock.
        let expires: i64 = expires.parse().map_err(|_| Malformed("the expiry is not a time"))?;
        if now > expires {
            return Err(JoinTokenError::Expired);
        }
        Ok(Admitted {
            tenant: TenantSlug::parse(tenant).map_err(|_| Malformed("the tenant"))?,
            interview_id: InterviewId::parse(interview).map_err(|_| Malformed("the interview"))?,
            role: CallRole::parse(role).ok_or(Malformed("the role"))?,
            client_id: check_client_id(client).ok_or(Malformed("the client id"))?,
        })
    }
}

/// A client id as KVS accepts it (letters, digits and `_.-`, at most 256), or `None`.
pub fn check_client_id(id: &str) -> Option<String> {
    let ok = !id.is_empty()
        && id.len() <= MAX_CLIENT_ID
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    ok.then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    fn peer(role: CallRole, interview: u128) -> CallPeer {
        CallPeer {
            tenant: TenantSlug::parse("acme").unwrap(),
            interview_id: InterviewId(Uuid::from_u128(interview)),
            role,
            client_id: "viewer-1".into(),
            expires_at: Utc.timestamp_opt(2_000, 0).unwrap(),
        }
    }

    fn replace(query: &str, name: &str, value: &str) -> String {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| {
                let v = if k == name { value.to_owned() } else { v.into_owned() };
                (k.into_owned(), v)
            })
            .collect();
        url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
    }

    #[test]
    fn a_token_admits_its_peer_until_it_expires() {
        let signer = JoinSigner::new(b"secret of this data directory..");
        let query = signer.sign(&peer(CallRole::Viewer, 7));
        let admitted = signer.verify(&query, 2_000).unwrap();
        assert_eq!(admitted.role, CallRole::Viewer);
        assert_eq!(admitted.interview_id, InterviewId(Uuid::from_u128(7)));
        assert_eq!(admitted.client_id, "viewer-1");
        assert_eq!(signer.verify(&query, 2_001), Err(JoinTokenError::Expired));
    }

    #[test]
    fn a_token_cannot_be_turned_into_another_interview_role_tenant_or_client() {
        let signer = JoinSigner::new(b"secret of this data directory..");
        let query = signer.sign(&peer(CallRole::Viewer, 7));
        let other_interview = Uuid::from_u128(8).to_string();
        for (name, value) in [
            ("interview", other_interview.as_str()),
            ("role", "master"),
            ("tenant", "other"),
            ("client", "viewer-2"),
            ("expires", "9999"),
        ] {
            let changed = replace(&query, name, value);
            assert_eq!(signer.verify(&changed, 0), Err(JoinTokenError::BadSignature), "{name}");
        }
        let doubled = format!("{query}&role=master");
        assert!(matches!(signer.verify(&doubled, 0), Err(JoinTokenError::Malformed(_))));
        let other_key = JoinSigner::new(b"another data directory's secret");
        assert_eq!(other_key.verify(&query, 0), Err(JoinTokenError::BadSignature));
    }

    #[test]
    fn client_ids_keep_to_the_kvs_alphabet() {
        assert!(check_client_id("0193a-b_c.d").is_some());
        for bad in ["", "a b", "ä", "a/b", &"x".repeat(257)] {
            assert!(check_client_id(bad).is_none(), "{bad:?}");
        }
    }
}
