//! The tenant's mail domain (admins): saving it asks the mail service to verify it; reading it
//! answers the DNS records to register and how far verification got.

use serde::Deserialize;
use utoipa::ToSchema;

use super::store;
use crate::auth::Principal;
use crate::domain::Role;
use crate::domain::mail_domain::{MailDomainSetup, parse_mail_domain, setup};
use crate::domain::tenant::Tenant;
use crate::repo::keys;
use crate::{CoreResult, Ports};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MailDomainInput {
    /// e.g. `example.co.jp`.
    pub domain: String,
}

pub async fn get(ports: &Ports, principal: &Principal) -> CoreResult<MailDomainSetup> {
    principal.require(&[Role::Admin], "read the mail domain")?;
    let tenant = store(ports, principal).get::<Tenant>(keys::TENANT).await?.value;
    match tenant.mail_domain {
        None => Ok(MailDomainSetup { domain: None, state: "not_set".into(), sending_from: None, records: Vec::new() }),
        Some(domain) => Ok(setup(&domain, ports.mailer.domain_identity(&domain).await?)),
    }
}

/// Saves the domain and asks the mail service to verify it (saving it again retries a step that
/// failed); mail keeps coming from the deployment's sender until the domain is verified.
pub async fn set(ports: &Ports, principal: &Principal, input: MailDomainInput) -> CoreResult<MailDomainSetup> {
    principal.require(&[Role::Admin], "change the mail domain")?;
    let domain = parse_mail_domain(&input.domain)?;
    let identity = ports.mailer.set_up_domain(&domain).await?;
    let store = store(ports, principal);
    let current = store.get::<Tenant>(keys::TENANT).await?;
    if current.value.mail_domain.as_deref() != Some(domain.as_str()) {
        let tenant = Tenant { mail_domain: Some(domain.clone()), ..current.value };
        store.update(&tenant, current.version).await?;
    }
    tracing::info!(tenant = %principal.tenant, "mail domain saved");
    Ok(setup(&domain, identity))
}
