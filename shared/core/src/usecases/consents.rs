//! Consents: each person decides for themselves, per purpose; the whole history is kept.

use serde::Deserialize;
use utoipa::ToSchema;

use super::interviews::load_visible;
use super::store;
use crate::auth::Principal;
use crate::domain::consent::{Consent, ConsentKind};
use crate::domain::{InterviewId, Role, UserId};
use crate::events::{ConsentWithdrawn, DomainEvent};
use crate::repo::keys::{self, ConsentLogEntry};
use crate::repo::{Entity, TenantStore};
use crate::{CoreError, CoreResult, Ports};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    pub kind: ConsentKind,
    /// `false` records a refusal or a withdrawal.
    pub granted: bool,
    /// Version of the consent text that was shown.
    pub text_version: String,
}

/// The version of the consent text shown, trimmed: 1-40 characters.
pub(crate) fn check_text_version(text_version: &str) -> CoreResult<&str> {
    let version = text_version.trim();
    if version.is_empty() || version.len() > 40 {
        return Err(CoreError::invalid(
            "text_version",
            "表示した同意文の版を 1〜40 文字で指定してください。",
            "Name the version of the consent text shown (1-40 characters).",
        ));
    }
    Ok(version)
}

pub async fn give(
    ports: &Ports,
    principal: &Principal,
    interview_id: InterviewId,
    input: ConsentInput,
) -> CoreResult<Consent> {
    if !input.kind.may_be_given_by(principal.role()) {
        return Err(CoreError::Forbidden { role: principal.role().to_string(), action: "give this kind of consent" });
    }
    let version = check_text_version(&input.text_version)?;
    let store = store(ports, principal);
    // An interviewee only sees their own interviews, an expert only rateable ones.
    load_visible(&store, principal, interview_id).await?;
    let consent = Consent {
        interview_id,
        kind: input.kind,
        granted: input.granted,
        text_version: version.to_owned(),
        by: principal.id(),
        at: ports.clock.now(),
    };
    let current = store.find::<Consent>(&consent.sort_key()).await?;
    // A grant turned into a refusal is a withdrawal; a refusal repeated asks again for what it covers to go (the
    // deletion runs in the erasure handler and is idempotent, so asking twice is harmless).
    let withdrawn = !consent.granted && current.is_some();
    let write_current = match current {
        Some(c) => store.update_write(&consent, c.version)?,
        None => store.create_write(&consent)?,
    };
    store.commit(vec![write_current, store.create_write(&ConsentLogEntry(consent.clone()))?]).await?;
    tracing::info!(interview_id = %interview_id, kind = %consent.kind, granted = consent.granted, "consent recorded");
    // The erasure handler deletes what the consent covered, as its text says.
    if withdrawn {
        let event = ConsentWithdrawn {
            tenant: principal.tenant.clone(),
            interview_id,
            kind: consent.kind,
            person: principal.id(),
        };
        ports.events.publish(event.to_event()).await?;
    }
    Ok(consent)
}

/// The current decision per kind and person (the newest of each). Experts and interviewees see
/// only their own decisions: an expert never the interviewee's, an interviewee never who rates
/// them or what those raters decided.
pub async fn list(ports: &Ports, principal: &Principal, interview_id: InterviewId) -> CoreResult<Vec<Consent>> {
    let store = store(ports, principal);
    load_visible(&store, principal, interview_id).await?;
    let mut consents: Vec<Consent> = store.list(&keys::consents_of(interview_id)).await?;
    if principal.is(Role::Expert) || principal.is(Role::Interviewee) {
        consents.retain(|c| c.by == principal.id());
    }
    Ok(consents)
}

/// Whether `person` has currently granted `kind` for this interview.
pub async fn is_granted(
    store: &TenantStore<'_>,
    interview_id: InterviewId,
    kind: ConsentKind,
    person: UserId,
) -> CoreResult<bool> {
    let found = store.find::<Consent>(&keys::consent(interview_id, kind, person)).await?;
    Ok(found.is_some_and(|c| c.value.granted))
}
