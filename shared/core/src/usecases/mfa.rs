//! Sign-in with a code from an authenticator app (issue 20 item 6): a person sets it up on their account page
//! (the secret as a QR code, confirmed with a first code), then every sign-in asks for the current code; they may
//! turn it off, and an admin may for someone who lost their phone. The identity keeps the secret; the store keeps
//! only whether it is on, for the pages and the audit.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::entry_write;
use super::sessions::newest_renewal;
use super::store;
use crate::auth::Principal;
use crate::domain::audit::AuditAction;
use crate::domain::tenant::Tenant;
use crate::domain::totp::provisioning_uri;
use crate::domain::user::User;
use crate::domain::{Role, UserId};
use crate::ports::PortError;
use crate::repo::keys;
use crate::{CoreError, CoreResult, Ports};

/// Whether the account signs in with a code too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MfaState {
    pub user_id: UserId,
    pub enabled_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MfaView {
    pub enabled: bool,
    pub enabled_at: Option<DateTime<Utc>>,
}

/// What the app needs: the secret (for typing in) and the `otpauth://` address (for the QR code).
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpSetup {
    pub secret: String,
    pub uri: String,
}

pub async fn state(ports: &Ports, principal: &Principal) -> CoreResult<MfaView> {
    let found = store(ports, principal).find::<MfaState>(&keys::mfa(principal.id())).await?;
    Ok(MfaView { enabled: found.is_some(), enabled_at: found.map(|f| f.value.enabled_at) })
}

/// Starts the set-up for the caller.
pub async fn begin(ports: &Ports, principal: &Principal) -> CoreResult<TotpSetup> {
    let renewal = newest_renewal(ports, &principal.tenant, principal.id()).await?;
    let secret = ports.identity.begin_totp(&principal.tenant, principal.id(), renewal.as_deref()).await?;
    let tenant = store(ports, principal).get::<Tenant>(keys::TENANT).await?.value;
    let uri = provisioning_uri(&secret, &format!("Mendan {}", tenant.name), principal.user.email.as_str());
    Ok(TotpSetup { secret, uri })
}

/// Confirms the set-up with the app's current code; sign-in asks for a code from now on.
pub async fn confirm(ports: &Ports, principal: &Principal, code: &str) -> CoreResult<MfaView> {
    let renewal = newest_renewal(ports, &principal.tenant, principal.id()).await?;
    let confirmed = ports.identity.confirm_totp(&principal.tenant, principal.id(), renewal.as_deref(), code).await;
    confirmed.map_err(|e| match e {
        PortError::Invalid(_) | PortError::Unauthenticated(_) => CoreError::invalid(
            "code",
            "確認コードが違います。認証アプリに表示されている最新の 6 桁を入力してください。",
            "The code does not match. Enter the current 6 digits your authenticator app shows.",
        ),
        other => other.into(),
    })?;
    let enabled = MfaState { user_id: principal.id(), enabled_at: ports.clock.now() };
    store(ports, principal).replace(&enabled).await?;
    Ok(MfaView { enabled: true, enabled_at: Some(enabled.enabled_at) })
}

/// The caller turns the code off for their own sign-in.
pub async fn turn_off(ports: &Ports, principal: &Principal) -> CoreResult<MfaView> {
    ports.identity.turn_off_totp(&principal.tenant, principal.id()).await?;
    store(ports, principal).remove(&keys::mfa(principal.id()), None).await?;
    Ok(MfaView { enabled: false, enabled_at: None })
}

/// An admin turns someone's code off (a lost phone); recorded in the activity log.
pub async fn reset(ports: &Ports, principal: &Principal, person: UserId) -> CoreResult<MfaView> {
    principal.require(&[Role::Admin], "turn off someone's sign-in code")?;
    let store = store(ports, principal);
    let user = store.get::<User>(&keys::user(person)).await?.value;
    ports.identity.turn_off_totp(&principal.tenant, person).await?;
    let (entry, _) = entry_write(ports, &store, principal, AuditAction::MfaReset, &user, (None, None))?;
    store.commit(vec![entry]).await?;
    store.remove(&keys::mfa(person), None).await?;
    Ok(MfaView { enabled: false, enabled_at: None })
}
