//! The tenant's own mail domain: mail comes from `no-reply@{domain}` once the mail service has
//! verified it, which takes DNS records the tenant registers (DKIM, a MAIL FROM subdomain with its
//! MX and SPF, and a suggested DMARC policy). This module says which records, from what the mail
//! service reports about the domain.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::CoreError;

/// A DNS domain in ASCII (an internationalised one in its `xn--` form), lower case.
pub fn parse_mail_domain(input: &str) -> Result<String, CoreError> {
    let domain = input.trim().trim_end_matches('.').to_ascii_lowercase();
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let labels: Vec<&str> = domain.split('.').collect();
    let top_ok = labels.last().is_some_and(|t| t.bytes().any(|b| b.is_ascii_alphabetic()));
    if domain.len() > 253 || labels.len() < 2 || !labels.iter().all(|l| label_ok(l)) || !top_ok {
        return Err(CoreError::invalid(
            "domain",
            "ドメインは example.co.jp のように入力してください（日本語ドメインは xn-- で始まる形に変換してください）。",
            "Enter a domain such as example.co.jp (an internationalised domain in its xn-- form).",
        ));
    }
    Ok(domain)
}

/// Where the mail service stands on one check of the domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    /// The records are not found yet (DNS can take up to 72 hours).
    Pending,
    Verified,
    /// The mail service gave up or found wrong records; register them again and save the domain again.
    Failed,
    /// Not asked for yet (or the service could not be asked; saving the domain again retries).
    NotStarted,
    /// Mail never leaves this installation (`mendan serve`): nothing to register.
    NotNeeded,
}

/// What the mail service reports about a domain identity.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainIdentity {
    /// Easy DKIM's three tokens (each a CNAME to `{token}.dkim.amazonses.com`).
    pub dkim_tokens: Vec<String>,
    pub dkim: CheckState,
    /// Whether mail may go out from the domain now.
    pub sending: bool,
    /// The MAIL FROM subdomain and its state.
    pub mail_from: CheckState,
    /// The mail service's region (its MX host names carry it).
    pub region: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordPurpose {
    Dkim,
    MailFrom,
    Spf,
    Dmarc,
}

/// One DNS record the tenant registers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DnsRecord {
    /// `CNAME`, `MX` or `TXT`.
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub value: String,
    pub purpose: RecordPurpose,
    pub state: CheckState,
}

/// The tenant's mail domain as its admin sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MailDomainSetup {
    pub domain: Option<String>,
    /// `not_set`, `pending`, `verified`, `failed`, or `not_needed` where mail never leaves the machine.
    pub state: String,
    /// The address mail comes from now.
    pub sending_from: Option<String>,
    pub records: Vec<DnsRecord>,
}

/// The MAIL FROM subdomain Mendan asks for.
pub fn mail_from_domain(domain: &str) -> String {
    format!("mail.{domain}")
}

/// The records to register for `domain`, from what the mail service reports.
pub fn records(domain: &str, identity: &DomainIdentity) -> Vec<DnsRecord> {
    let record = |kind: &str, name: String, value: String, purpose, state| DnsRecord {
        kind: kind.to_owned(),
        name,
        value,
        purpose,
        state,
    };
    let mut records: Vec<DnsRecord> = identity
        .dkim_tokens
        .iter()
        .map(|token| {
            let (name, value) = (format!("{token}._domainkey.{domain}"), format!("{token}.dkim.amazonses.com"));
            record("CNAME", name, value, RecordPurpose::Dkim, identity.dkim)
        })
        .collect();
    let mail_from = mail_from_domain(domain);
    let mx = format!("10 feedback-smtp.{}.amazonses.com", identity.region);
    records.push(record("MX", mail_from.clone(), mx, RecordPurpose::MailFrom, identity.mail_from));
    let spf = "\"v=spf1 include:amazonses.com ~all\"".to_owned();
    records.push(record("TXT", mail_from, spf, RecordPurpose::Spf, identity.mail_from));
    // A report-only policy to start with: the tenant tightens it once reports show all is well.
    let dmarc = "\"v=DMARC1; p=none;\"".to_owned();
    records.push(record("TXT", format!("_dmarc.{domain}"), dmarc, RecordPurpose::Dmarc, CheckState::NotStarted));
    records
}

/// The overall state the admin reads first.
pub fn overall(identity: &DomainIdentity) -> &'static str {
    match (identity.sending, identity.dkim) {
        (true, _) => "verified",
        (false, CheckState::Failed) => "failed",
        (false, CheckState::NotStarted) => "not_started",
        (false, CheckState::NotNeeded) => "not_needed",
        _ => "pending",
    }
}

/// What the admin sees for `domain`: `identity` is the mail service's report, `None` where mail
/// never leaves the installation (then the records are shown, marked as not needed here).
pub fn setup(domain: &str, identity: Option<DomainIdentity>) -> MailDomainSetup {
    let local = identity.is_none();
    let identity = identity.unwrap_or(DomainIdentity {
        dkim_tokens: Vec::new(),
        dkim: CheckState::NotNeeded,
        sending: false,
        mail_from: CheckState::NotNeeded,
        region: "ap-northeast-1".into(),
    });
    let mut records = records(domain, &identity);
    if local {
        records.iter_mut().for_each(|r| r.state = CheckState::NotNeeded);
    }
    MailDomainSetup {
        domain: Some(domain.to_owned()),
        state: overall(&identity).to_owned(),
        sending_from: identity.sending.then(|| format!("no-reply@{domain}")),
        records,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_ascii_dns_names() {
        assert_eq!(parse_mail_domain(" Example.CO.jp. ").unwrap(), "example.co.jp");
        assert_eq!(parse_mail_domain("xn--eckwd4c7c.xn--zckzah").unwrap(), "xn--eckwd4c7c.xn--zckzah");
        for bad in [
            "",
            "localhost",
            "例え.jp",
            "-a.jp",
            "a-.jp",
            "a..jp",
            "a.123",
            "a b.jp",
            &format!("{}.jp", "a".repeat(64)),
        ] {
            assert!(parse_mail_domain(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn records_name_dkim_mail_from_spf_and_dmarc() {
        let identity = DomainIdentity {
            dkim_tokens: vec!["t1".into(), "t2".into(), "t3".into()],
            dkim: CheckState::Pending,
            sending: false,
            mail_from: CheckState::Pending,
            region: "ap-northeast-1".into(),
        };
        let records = records("example.co.jp", &identity);
        assert_eq!(records.len(), 6);
        assert_eq!(records[0].name, "t1._domainkey.example.co.jp");
        assert_eq!(records[0].value, "t1.dkim.amazonses.com");
        assert_eq!((records[3].kind.as_str(), records[3].name.as_str()), ("MX", "mail.example.co.jp"));
        assert_eq!(records[3].value, "10 feedback-smtp.ap-northeast-1.amazonses.com");
        assert!(records[4].value.contains("include:amazonses.com"));
        assert_eq!(records[5].name, "_dmarc.example.co.jp");
        assert_eq!(overall(&identity), "pending");
        assert_eq!(overall(&DomainIdentity { sending: true, ..identity }), "verified");
    }
}
