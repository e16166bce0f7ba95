//! Mail through Amazon SES v2: each letter goes as one raw MIME message (the same bytes the
//! embedded outbox writes), from `no-reply@{the tenant's domain}` once SES has verified that
//! domain for sending, otherwise from the deployment's own sender; with the deployment's
//! configuration set, so bounces and complaints come back as events.

use async_trait::async_trait;
use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::error::ProvideErrorMetadata;
use aws_sdk_sesv2::primitives::Blob;
use aws_sdk_sesv2::types::{
    BehaviorOnMxFailure, Destination, DkimStatus, EmailContent, MailFromDomainStatus, MessageTag, RawMessage,
};
use mendan_core::domain::mail::Letter;
use mendan_core::domain::mail_domain::{CheckState, DomainIdentity, mail_from_domain};
use mendan_core::ports::{Mailer, PortError, PortResult, Sender};

use crate::error::{backend, build};

/// Who sends when the tenant's own domain cannot yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailSettings {
    /// A verified SES identity's address, e.g. `no-reply@mendan.example.co.jp`.
    pub default_from: String,
    pub configuration_set: Option<String>,
}

pub struct SesMailer {
    client: Client,
    settings: Option<MailSettings>,
}

impl SesMailer {
    /// `settings: None` is a deployment that sends no mail: every letter is refused and logged.
    pub fn new(client: Client, settings: Option<MailSettings>) -> Self {
        Self { client, settings }
    }

    /// `no-reply@{domain}` when SES may send as the tenant's domain now.
    async fn tenant_address(&self, domain: &str) -> PortResult<Option<String>> {
        match self.client.get_email_identity().email_identity(domain).send().await {
            Ok(identity) if identity.verified_for_sending_status() => Ok(Some(format!("no-reply@{domain}"))),
            Ok(_) => Ok(None),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found_exception()) => Ok(None),
            Err(e) => Err(backend("sesv2 GetEmailIdentity", &e)),
        }
    }
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, from: &Sender, letter: &Letter) -> PortResult<String> {
        let Some(settings) = &self.settings else {
            return Err(PortError::Invalid("this deployment sends no mail (MENDAN_MAIL_FROM is not set)".into()));
        };
        let address = match &from.mail_domain {
            Some(domain) => self.tenant_address(domain).await?,
            None => None,
        }
        .unwrap_or_else(|| settings.default_from.clone());
        let now = chrono::Utc::now();
        let envelope = mendan_mail::Envelope {
            from_name: &from.name,
            from_address: &address,
            message_id: format!("<{}@mendan>", uuid::Uuid::now_v7()),
            date: now.into(),
        };
        let bytes = mendan_mail::encode(&envelope, letter).map_err(|e| PortError::Invalid(e.to_string()))?;
        let raw = RawMessage::builder().data(Blob::new(bytes)).build().map_err(|e| build("sesv2 RawMessage", e))?;
        let sent = self
            .client
            .send_email()
            .from_email_address(&address)
            .destination(Destination::builder().to_addresses(letter.to.as_str()).build())
            .content(EmailContent::builder().raw(raw).build())
            // SES's bounce and complaint events carry the tags: the tenant they belong to.
            .email_tags(
                MessageTag::builder()
                    .name("tenant")
                    .value(from.tenant.as_str())
                    .build()
                    .map_err(|e| build("sesv2 MessageTag", e))?,
            )
            .set_configuration_set_name(settings.configuration_set.clone())
            .send()
            .await
            .map_err(|e| {
                // SES refuses this message for good (a rejected address or content); anything
                // else (throttling, a paused account, the network) may work on a later try.
                match e.code() {
                    Some("MessageRejected" | "BadRequestException") => {
                        PortError::Invalid(format!("sesv2 SendEmail: {}", e.message().unwrap_or("rejected")))
                    }
                    _ => backend("sesv2 SendEmail", &e),
                }
            })?;
        Ok(sent.message_id().unwrap_or_default().to_owned())
    }

    async fn remove_domain(&self, domain: &str) -> PortResult<()> {
        let own = self.settings.as_ref().and_then(|s| s.default_from.rsplit_once('@')).map(|(_, d)| d);
        if own.is_some_and(|own| own.eq_ignore_ascii_case(domain)) {
            return Ok(());
        }
        match self.client.delete_email_identity().email_identity(domain).send().await {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found_exception()) => Ok(()),
            Err(e) => Err(backend("sesv2 DeleteEmailIdentity", &e)),
        }
    }

    async fn set_up_domain(&self, domain: &str) -> PortResult<Option<DomainIdentity>> {
        match self.client.create_email_identity().email_identity(domain).send().await {
            Ok(_) => {}
            Err(e) if e.as_service_error().is_some_and(|s| s.is_already_exists_exception()) => {}
            Err(e) => return Err(backend("sesv2 CreateEmailIdentity", &e)),
        }
        // The MAIL FROM subdomain makes SPF align with the tenant's domain. Without it mail still
        // goes out (from amazonses.com's MAIL FROM), so a failure here is reported, not fatal:
        // the records show it as not started, and saving the domain again retries.
        let mail_from = self
            .client
            .put_email_identity_mail_from_attributes()
            .email_identity(domain)
            .mail_from_domain(mail_from_domain(domain))
            .behavior_on_mx_failure(BehaviorOnMxFailure::UseDefaultValue)
            .send()
            .await;
        if let Err(e) = mail_from {
            tracing::warn!(error = %backend("sesv2 PutEmailIdentityMailFromAttributes", &e), "MAIL FROM not set up");
        }
        self.domain_identity(domain).await
    }

    async fn domain_identity(&self, domain: &str) -> PortResult<Option<DomainIdentity>> {
        let region = self.client.config().region().map(|r| r.to_string()).unwrap_or_default();
        let found = match self.client.get_email_identity().email_identity(domain).send().await {
            Ok(found) => found,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found_exception()) => {
                let none = DomainIdentity {
                    dkim_tokens: Vec::new(),
                    dkim: CheckState::NotStarted,
                    sending: false,
                    mail_from: CheckState::NotStarted,
                    region,
                };
                return Ok(Some(none));
            }
            Err(e) => return Err(backend("sesv2 GetEmailIdentity", &e)),
        };
        let dkim = found.dkim_attributes();
        let dkim_state = match dkim.and_then(|d| d.status()) {
            Some(DkimStatus::Success) => CheckState::Verified,
            Some(DkimStatus::Pending) => CheckState::Pending,
            Some(DkimStatus::Failed | DkimStatus::TemporaryFailure) => CheckState::Failed,
            _ => CheckState::NotStarted,
        };
        let mail_from = match found.mail_from_attributes().map(|m| m.mail_from_domain_status()) {
            Some(MailFromDomainStatus::Success) => CheckState::Verified,
            Some(MailFromDomainStatus::Pending) => CheckState::Pending,
            Some(MailFromDomainStatus::Failed | MailFromDomainStatus::TemporaryFailure) => CheckState::Failed,
            _ => CheckState::NotStarted,
        };
        Ok(Some(DomainIdentity {
            dkim_tokens: dkim.map(|d| d.tokens().to_vec()).unwrap_or_default(),
            dkim: dkim_state,
            sending: found.verified_for_sending_status(),
            mail_from,
            region,
        }))
    }

    async fn copy(&self, _message_id: &str) -> PortResult<Option<Vec<u8>>> {
        // SES keeps no copy of what it sent, and neither does Mendan (the log has no bodies).
        Ok(None)
    }
}
