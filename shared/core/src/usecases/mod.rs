//! Use cases: plain async functions over [`Ports`](crate::Ports), one module per aggregate. Each
//! checks the caller's role first and reads and writes only the caller's tenant.

pub mod audit;
pub mod consents;
pub mod feedback;
pub mod follow_ups;
pub mod interviews;
pub mod items;
pub mod model_bundles;
pub mod model_settings;
pub mod model_statistics;
pub mod models;
pub mod question_sets;
pub mod ratings;
pub mod recording_analysis;
pub mod recordings;
pub mod reports;
pub mod session;
pub mod sessions;
pub mod sign_in_throttle;
pub mod summaries;
pub mod tenants;
pub mod text_work;
pub mod transcription;
pub mod users;
pub mod wording;

use crate::Ports;
use crate::auth::Principal;
use crate::repo::TenantStore;

/// The store of the caller's tenant: the only way use cases reach items.
pub(crate) fn store<'a>(ports: &'a Ports, principal: &Principal) -> TenantStore<'a> {
    TenantStore::new(ports.items.as_ref(), &principal.tenant)
}

/// Trims free text and checks its length in characters (Japanese text counts per character).
pub(crate) fn bounded_text(field: &str, input: &str, max_chars: usize) -> crate::CoreResult<String> {
    let text = input.trim();
    if text.chars().count() > max_chars {
        return Err(crate::CoreError::invalid(field, format!("at most {max_chars} characters")));
    }
    Ok(text.to_owned())
}
